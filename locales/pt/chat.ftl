### Native speaker review: not yet

## The child's chat page. Words an eight-year-old reads: short sentences.
## Variables: $helpline is the helpline's name, $minutes a wait, $position a place in the queue.

chat-title = Escrever para { $helpline }
chat-intro = Podes escrever a alguém da equipa de { $helpline }. É gratuito e ninguém vai saber que és tu.
chat-optional = Podes responder ou passar à frente.
chat-age-question = Quantos anos tens?
chat-ages-1 = menos de 13 anos
chat-ages-2 = 13 a 17 anos
chat-ages-3 = 18 anos ou mais
chat-topic-question = É sobre o quê?
chat-topic-none = Prefiro não dizer
chat-danger = Estou em perigo agora
chat-first-message = Queres escrever já o que se está a passar?
chat-start = Começar
chat-skip = Saltar as perguntas
chat-position = És o número { $position } na fila.
chat-next-one = A seguir és tu!
chat-wait = Espera: cerca de { $minutes } min.
chat-wait-unknown = Vamos responder-te assim que alguém estiver livre.
chat-waiting-reassure = Já podes escrever: vamos ler tudo.
chat-write-here = Escreve a tua mensagem
chat-send = Enviar
chat-sending = a enviar…
chat-not-sent = não enviada, vamos tentar outra vez
chat-counsellor-typing = A pessoa está a escrever…
chat-you = Tu
chat-helpline-says = { $helpline }
chat-end = Terminar
chat-ended-title = A conversa terminou
chat-ended-keep = Guarda este código e esta palavra secreta para voltares e leres as nossas respostas:
chat-your-code = O teu código
chat-your-word = A tua palavra secreta
## Between a label and its value ("Ton code : …"); French puts a space before it.
chat-colon = :
chat-ended-followup = Voltar mais tarde
chat-quick-exit = Sair
chat-quick-exit-hint = ou carrega na tecla Esc
chat-offline = A ligação caiu. A voltar a ligar…
chat-reconnected = Estamos de volta.
chat-closed = O chat está fechado de momento. Abre { $when }.
chat-closed-form = Deixar uma mensagem
chat-in-danger-call = Em perigo? Liga para o 112.
chat-unknown-chat = Esta conversa já não existe. Podes começar outra.
chat-too-long = A tua mensagem é demasiado longa (2000 caracteres no máximo).
chat-too-fast = Com calma: espera um pouco antes da próxima mensagem.
chat-chat-ended-refused = A conversa terminou: a tua mensagem não foi enviada.
chat-unreadable = Esta mensagem está vazia ou tem caracteres invisíveis: não foi enviada.
chat-not-yours = Esta conversa foi entregue a outra pessoa: a sua mensagem não foi enviada.
chat-read-only = Está a ler esta conversa: não pode escrever nela.
chat-window-closed = A aplicação já não permite escrever a esta criança: a última mensagem dela é demasiado antiga. O seu texto continua na caixa de escrita.
chat-no-template = O convite para voltar a escrever não pode ser enviado aqui (só no WhatsApp, depois de 24 horas, com um modelo aprovado).

## What the helpline says in a conversation. $who is one of the chat-who-* below.

chat-who-listener = alguém da equipa de apoio
chat-who-psychologist = um psicólogo ou uma psicóloga
chat-who-jurist = um jurista ou uma jurista
chat-system-joined = Agora estás a falar com { $who }.
chat-system-transferred = A tua conversa vai passar para { $who }: fica aqui, vamos responder-te em breve.
## Written from a messaging app while the line is closed; $when says when it opens.
chat-system-closed = { $when } A tua mensagem chegou: alguém te vai responder aqui assim que abrirmos.
## WhatsApp's approved template was sent (the app shows Meta's own text).
chat-system-reengage = Convite para nos voltar a escrever enviado (modelo WhatsApp).
chat-system-ended = A conversa terminou.
