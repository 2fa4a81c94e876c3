### Native speaker review: not yet

## What a child, a parent or a witness reads outside the chat: the widget,
## the landing page, the web form, the follow-up, the advice pages, the
## self-check and the survey.
##
## Variables: $helpline is the helpline's name ("3018"), $platform the app's.
## $reader is "child" or "adult": English says "you" to both, but keeps the
## choice where a sentence would differ.

## The widget's sentence, chosen by the referral policy.

policy-offer-helpline =
    { $reader ->
        [adult] Pode denunciar este conteúdo à plataforma ou falar sobre isto com { $helpline }: é gratuito, anónimo e confidencial.
       *[child] Podes denunciar este conteúdo à plataforma ou falar sobre isto com { $helpline }: é gratuito, anónimo e confidencial.
    }
policy-offer-helpline-closed =
    { $reader ->
        [adult] De momento, { $helpline } não está disponível: deixe uma mensagem ou peça que lhe liguem de volta, e denuncie o conteúdo à plataforma.
       *[child] De momento, { $helpline } não está disponível: deixa uma mensagem ou pede que te liguem de volta, e denuncia o conteúdo à plataforma.
    }
policy-adult-platform-only = { $helpline } destina-se a menores e aos seus pais: denuncie este conteúdo à plataforma. Estes serviços também podem ajudar.
policy-emergency = Se alguém estiver em perigo, ligue já para um número de emergência.
policy-emergency-with-helpline =
    { $reader ->
        [adult] Se alguém estiver em perigo, ligue já para um número de emergência. { $helpline } também pode ajudar.
       *[child] Se alguém estiver em perigo, liga já para um número de emergência. { $helpline } também te pode ajudar.
    }
policy-no-helpline-in-country = Ainda não há nenhuma linha de apoio registada para este país ({ $country }): denuncie este conteúdo à plataforma.

## The widget, the two-choice page and the landing page.

ui-landing-title = Falar com { $helpline }
ui-already-have =
    { $reader ->
        [adult] Já temos o que denunciou em { $platform }.
       *[child] Já temos o que denunciaste em { $platform }.
    }
ui-no-repeat =
    { $reader ->
        [adult] Não vai ter de contar tudo outra vez.
       *[child] Não vais ter de contar tudo outra vez.
    }
ui-your-code =
    { $reader ->
        [adult] O seu código
       *[child] O teu código
    }
ui-read-the-code =
    { $reader ->
        [adult] Dê este código à pessoa que atender, ao telefone ou no chat.
       *[child] Dá este código à pessoa que te atender, ao telefone ou no chat.
    }
ui-open-now = Aberto agora
ui-open-until = Aberto até às { $time }
ui-closed-opens-at = Fechado de momento. Abre { $when }.
ui-hours-unknown = Horário não indicado
ui-wait-about = Tempo de espera estimado: cerca de { $minutes } min
ui-call = Ligar para { $helpline }
ui-chat = Conversar por chat
ui-write-to-us = Deixar uma mensagem
ui-call-me-back = Pedir para me ligarem
ui-website = Site
ui-code-unknown-title = Este código não funciona
ui-code-unknown = Pode ter expirado ou já ter sido usado. Mesmo assim, podes contactar { $helpline }: conta-nos o que se está a passar.
ui-expires = Este código é válido até { $when }.
ui-free = Gratuito, anónimo e confidencial.
ui-too-many-tries = Demasiadas tentativas. Espera um minuto antes de tentares outra vez.
ui-tomorrow = amanhã
ui-today = hoje
## When the line opens: a day (today, tomorrow or a date) and a time.
ui-day-at-time = { $day } às { $time }
## A date: $day and $month have two digits, $year four.
ui-date = { $day }/{ $month }
ui-report-to = Denunciar em { $platform }
ui-talk-to = Falar com { $helpline }
ui-in-danger =
    { $reader ->
        [adult] Em perigo? Ligue agora:
       *[child] Em perigo? Liga agora:
    }
ui-other-help =
    { $reader ->
        [adult] Outros serviços também podem ajudar:
       *[child] Outros serviços também te podem ajudar:
    }
ui-widget-title =
    { $reader ->
        [adult] O que quer fazer?
       *[child] O que queres fazer?
    }
## The widget's link to the advice pages.
ui-more-help = Mais ajuda e conselhos
## The landing page's link to the advice for the report's category.
ui-advice-now = Conselhos para agora
ui-error-title = Há um problema com esta página
ui-form-expired = O formulário expirou. Recarrega a página e começa de novo: nada foi enviado.
ui-page-unreadable = Não foi possível ler este endereço ou este formulário. Volta atrás e tenta outra vez.
ui-no-such-helpline = Esta linha de apoio não está registada aqui.

## The kinds of harm, as a child picks one.

category-harassment = Bullying e assédio
category-hate-speech = Discurso de ódio
category-ncii = Imagens íntimas partilhadas sem consentimento
category-sextortion = Chantagem com a webcam (sextorsão)
category-sexist-sexual-violence = Violência sexista e sexual
category-threats = Ameaças
category-impersonation = Roubo de identidade
category-doxxing = Divulgação de informações pessoais
category-self-harm = Automutilação ou pensamentos suicidas
category-grooming = Aliciamento (grooming)
category-csam = Imagens de abuso sexual de menores
category-scam = Burla
category-other = Outro

## The web form, its receipt and the follow-up page ($helpline in several).

form-title = Escrever para { $helpline }
form-intro = Gratuito, anónimo e confidencial. Não precisas de dizer o teu nome.
form-what = O que se está a passar?
form-category = Tem mais a ver com…
form-platform = Em que app ou site?
form-links = Links para os conteúdos (opcional)
form-links-hint = Um link por linha, a começar por https://
form-age = A tua idade
form-ages-1 = menos de 13 anos
form-ages-2 = 13 a 17 anos
form-ages-3 = 18 anos ou mais
form-school = Andas no…
form-schools-1 = 1.º ciclo (1.º ao 4.º ano)
form-schools-2 = 2.º ou 3.º ciclo (5.º ao 9.º ano)
form-schools-3 = ensino secundário (10.º ao 12.º ano)
form-schools-4 = outro
form-reach = Como queres que te respondamos?
form-reach-none = Não quero que me contactem
form-reach-callback = Liguem-me para este número
form-reach-come-back = Volto mais tarde com o meu código
form-phone = Número de telefone (só para te ligarmos de volta)
form-danger = Estou em perigo agora
form-send = Enviar
form-done-title = Mensagem enviada
form-your-reference = O teu código
form-your-word = A tua palavra secreta
form-keep-them = Guarda-os: com eles voltas ao teu caso sem teres de contar tudo outra vez.
form-next-callback = Alguém da equipa de { $helpline } vai ligar-te assim que possível, dentro do horário de funcionamento.
form-next-come-back = Podes ligar para { $helpline } ou voltar a esta página com o teu código e a tua palavra secreta.
form-next-none = A tua mensagem foi enviada à equipa de { $helpline }.
form-danger-now = Se estás em perigo agora, liga para o 112.
form-follow = Acompanhar o meu caso
form-case-waiting = A tua mensagem está à espera de ser lida por alguém da equipa de { $helpline }. Vai ser lida assim que possível.
form-case-in-hand = Alguém da equipa de { $helpline } está a tratar do teu caso.
form-case-finished = O teu caso foi encerrado. Podes sempre escrever-nos ou ligar para { $helpline }.
## What the form says when it cannot be sent: nothing was sent.
form-error-invisible = Apareceu um carácter invisível no que escreveste: apaga-o e tenta outra vez.
form-error-empty = Escreve em poucas palavras o que está a acontecer.
form-error-too-long = A tua mensagem é demasiado longa (no máximo 4000 caracteres).
form-error-platform = O nome da aplicação é demasiado longo.
form-error-link = Cada link tem de começar por https:// (um link por linha).
form-error-too-many-links = No máximo 20 links.
form-error-phone = Dá um número de telefone para te ligarmos de volta.

## The follow-up page (/suivi): a child comes back with their code and word.

followup-title = Acompanhar o meu caso
followup-code-label = O teu código
followup-word-label = A tua palavra secreta
followup-submit = Ver em que ponto está o meu caso
followup-write-again = Escrever outra vez
followup-too-many = Demasiadas tentativas. Espera um minuto.
followup-no-match = Este código e esta palavra não correspondem a nenhum caso. Verifica-os ou escreve-nos outra vez.
followup-message-length = Uma mensagem tem de ter entre 1 e 2000 caracteres.
followup-choose-answer = Escolhe sim, um pouco ou não.

## The survey's page.

survey-title = Como correu?
survey-intro = Três perguntas, se quiseres. É anónimo: a tua resposta não fica guardada com o teu caso.
survey-send = Enviar as minhas respostas
survey-thanks = Obrigado. As tuas respostas ajudam-nos a ajudar melhor.
survey-already = Já respondeste. Obrigado!

## The advice pages' own words, around the sheets.

advice-index-title =
    { $reader ->
        [adult] Conselhos para pais
       *[child] Conselhos para ti
    }
advice-other-reader =
    { $reader ->
        [adult] Versão para jovens
       *[child] Versão para pais
    }
advice-services =
    { $reader ->
        [adult] Outros serviços que podem ajudar
       *[child] Outros serviços que te podem ajudar
    }
advice-abroad = Estás noutro país? As linhas de apoio para jovens no resto da Europa
advice-reach = Falar com { $helpline }
advice-self-check = Sou vítima de bullying?
advice-all-sheets = Todos os conselhos
advice-sources = Fontes e datas de verificação
advice-see = Vê o que te pode ajudar
advice-check-intro = Responde às perguntas que têm a ver contigo. Nada fica guardado.
advice-check-none = Talvez o que estás a viver não seja bullying, mas se te faz mal, tens o direito de falar sobre isso.
advice-check-result = O que descreves tem um nome, e nós podemos ajudar-te.
advice-danger = Se estás em perigo agora, liga para o 112.
## Shown above a sheet that is not written in the reader's language yet.
advice-other-language = Estes conselhos ainda não estão traduzidos para a tua língua.

## "Am I being harassed?": yes-or-no questions, for a child.

check-blackmail = Alguém ameaça publicar imagens íntimas tuas, ou pede-te mais imagens, ou dinheiro?
check-image = Uma foto ou um vídeo íntimo teu anda a circular sem a tua autorização?
check-threat = Alguém ameaça fazer-te mal?
check-messages = Mandam-te mensagens que magoam ou gozam contigo, várias vezes?
check-exclusion = Excluem-te de um grupo ou espalham boatos sobre ti?

## The survey after a contact: three questions, for a child.

survey-heard = Sentiste que te ouvimos?
survey-knows-next = Sabes o que podes fazer agora?
survey-would-return = Voltavas a escrever-nos, ou recomendavas-nos a um amigo ou a uma amiga?
survey-yes = sim
survey-somewhat = um pouco
survey-no = não

## Protecting an intimate photo: the page computes a fingerprint (a PDQ hash) on the child's
## phone; only the fingerprint is sent. $helpline is the helpline's name, $count a number,
## $date a date.

protect-title = Proteger uma foto íntima
protect-intro = Se uma foto íntima tua está a circular, ou se alguém ameaça publicá-la, podes protegê-la. A tua foto fica no teu telemóvel: só é enviada a sua impressão digital, uma sequência de números e letras. As plataformas usam-na para bloquear as cópias.
protect-nobody-sees = Ninguém vê a tua foto, nem mesmo nós.
protect-pick = Escolhe as fotos que queres proteger
protect-send = Enviar as impressões digitais
protect-working = A calcular as impressões digitais no teu telemóvel…
protect-sent = Feito. Impressões digitais adicionadas ao teu caso: { $count }. Alguém da equipa de { $helpline } vai verificá-las antes de as enviar às plataformas.
protect-blurry = Esta foto está demasiado desfocada ou é demasiado uniforme para ser reconhecida: experimenta outra, mais nítida.
protect-not-image = Este ficheiro não é uma foto que se consiga ler.
## An animated image (a GIF): its first frame is what was hashed.
protect-animated = É uma imagem animada: só a primeira imagem foi protegida.
protect-too-many = No máximo, 20 fotos de cada vez.
protect-failed = O envio não funcionou. Verifica a tua ligação e tenta outra vez: a tua foto nunca saiu do teu telemóvel.
protect-link = Proteger uma foto íntima
protect-list-title = As tuas fotos protegidas
protect-photo = Foto protegida em { $date }
protect-state-waiting = à espera de verificação
protect-state-listed = enviada às plataformas
protect-state-withdrawn = retirada
protect-withdraw = Retirar
protect-withdrawn = Retirada: as plataformas deixam de a bloquear.
