### Native speaker review: not yet

## The child's chat page. Words an eight-year-old reads: short sentences.
## Variables: $helpline is the helpline's name, $minutes a wait, $position a place in the queue.

chat-title = Scrivi a { $helpline }
chat-intro = Puoi scrivere a una persona di { $helpline }. È gratis e nessuno saprà che sei tu.
chat-optional = Puoi rispondere o saltare.
chat-age-question = Quanti anni hai?
chat-ages-1 = meno di 13 anni
chat-ages-2 = da 13 a 17 anni
chat-ages-3 = 18 anni o più
chat-topic-question = Di che cosa si tratta?
chat-topic-none = Preferisco non dirlo
chat-danger = Sono in pericolo adesso
chat-first-message = Vuoi scrivere già adesso che cosa sta succedendo?
chat-start = Inizia
chat-skip = Salta le domande
chat-position = Sei il numero { $position } in fila.
chat-next-one = Il prossimo turno è il tuo!
chat-wait = Attesa: circa { $minutes } min.
chat-wait-unknown = Ti rispondiamo appena qualcuno è libero.
chat-waiting-reassure = Puoi già scrivere: leggeremo tutto.
chat-write-here = Scrivi il tuo messaggio
chat-send = Invia
chat-sending = invio…
chat-not-sent = non inviato, riproviamo
chat-counsellor-typing = La persona sta scrivendo…
chat-you = Tu
chat-helpline-says = { $helpline }
chat-end = Termina
chat-ended-title = La conversazione è finita
chat-ended-keep = Conserva questo codice e questa parola segreta per tornare a leggere le nostre risposte:
chat-your-code = Il tuo codice
chat-your-word = La tua parola segreta
## Between a label and its value ("Ton code : …"); French puts a space before it.
chat-colon = :
chat-ended-followup = Torna più tardi
chat-quick-exit = Esci
chat-quick-exit-hint = o premi il tasto Esc
chat-offline = Connessione persa. Ci stiamo ricollegando…
chat-reconnected = Eccoci di nuovo.
chat-closed = Per ora la chat è chiusa. Apre { $when }.
chat-closed-form = Lascia un messaggio
chat-in-danger-call = In pericolo? Chiama il 112.
chat-unknown-chat = Questa conversazione non esiste più. Puoi iniziarne un'altra.
chat-too-long = Il tuo messaggio è troppo lungo (massimo 2000 caratteri).
chat-too-fast = Piano: aspetta un po' prima del prossimo messaggio.
chat-chat-ended-refused = La conversazione è finita: il tuo messaggio non è stato inviato.
chat-unreadable = Questo messaggio è vuoto o contiene caratteri invisibili: non è stato inviato.
chat-not-yours = Questa conversazione è stata affidata a un'altra persona: il messaggio non è stato inviato.
chat-read-only = Lei sta leggendo questa conversazione: non può scriverci.
chat-window-closed = L'app non permette più di scrivere in questa conversazione: l'ultimo messaggio del ragazzo o della ragazza è troppo vecchio. Il testo che Lei ha scritto è ancora nella casella.
chat-no-template = L'invito a scrivere di nuovo non può essere inviato qui (solo WhatsApp, dopo 24 ore, con un modello approvato).

## What the helpline says in a conversation. $who is one of the chat-who-* below.

chat-who-listener = un operatore o un'operatrice
chat-who-psychologist = uno psicologo o una psicologa
chat-who-jurist = un esperto o un'esperta di legge
chat-system-joined = Ora parli con { $who }.
chat-system-transferred = La tua conversazione passa a { $who }: resta qui, ti risponderemo presto.
## Written from a messaging app while the line is closed; $when says when it opens.
chat-system-closed = { $when } Il tuo messaggio è arrivato: qualcuno ti risponderà qui appena riapriamo.
## WhatsApp's approved template was sent (the app shows Meta's own text).
chat-system-reengage = Invito a scriverci di nuovo inviato (modello WhatsApp).
chat-system-ended = La conversazione è finita.
