### Native speaker review: not yet

## The child's chat page. Words an eight-year-old reads: short sentences.
## Variables: $helpline is the helpline's name, $minutes a wait, $position a place in the queue.

chat-title = Escribir a { $helpline }
chat-intro = Puedes escribir a alguien de { $helpline }. Es gratis y nadie sabrá que eres tú.
chat-optional = Puedes responder o saltar la pregunta.
chat-age-question = ¿Cuántos años tienes?
chat-ages-1 = menos de 13 años
chat-ages-2 = de 13 a 17 años
chat-ages-3 = 18 años o más
chat-topic-question = ¿De qué se trata?
chat-topic-none = Prefiero no decirlo
chat-danger = Estoy en peligro ahora
chat-first-message = ¿Quieres escribir ya lo que está pasando?
chat-start = Empezar
chat-skip = Saltar las preguntas
chat-position = Eres el número { $position } en la cola.
chat-next-one = ¡El siguiente turno es el tuyo!
chat-wait = Espera: unos { $minutes } min.
chat-wait-unknown = Te responderemos en cuanto alguien esté libre.
chat-waiting-reassure = Ya puedes escribir: lo leeremos todo.
chat-write-here = Escribe tu mensaje
chat-send = Enviar
chat-sending = enviando…
chat-not-sent = no enviado, lo intentamos otra vez
chat-counsellor-typing = La persona está escribiendo…
chat-you = Tú
chat-helpline-says = { $helpline }
chat-end = Terminar
chat-ended-title = La conversación ha terminado
chat-ended-keep = Guarda este código y esta palabra secreta para volver y leer nuestras respuestas:
chat-your-code = Tu código
chat-your-word = Tu palabra secreta
## Between a label and its value ("Ton code : …"); French puts a space before it.
chat-colon = :
chat-ended-followup = Volver más tarde
chat-quick-exit = Salir rápido
chat-quick-exit-hint = o la tecla Esc
chat-offline = Se ha perdido la conexión. Volviendo a conectar…
chat-reconnected = Ya estamos de vuelta.
chat-closed = El chat está cerrado ahora. Abre { $when }.
chat-closed-form = Dejar un mensaje
chat-in-danger-call = ¿En peligro? Llama al 112.
chat-unknown-chat = Esta conversación ya no existe. Puedes empezar otra.
chat-too-long = Tu mensaje es demasiado largo (2000 caracteres como máximo).
chat-too-fast = Más despacio: espera un poco antes del siguiente mensaje.
chat-chat-ended-refused = La conversación ha terminado: tu mensaje no se ha enviado.
chat-unreadable = Este mensaje está vacío o tiene caracteres invisibles: no se ha enviado.
chat-not-yours = Esta conversación se ha pasado a otra persona: su mensaje no se ha enviado.
chat-read-only = Usted está leyendo esta conversación: no puede escribir en ella.
chat-window-closed = La aplicación ya no permite escribir a este niño o niña: su último mensaje es demasiado antiguo. Lo que usted ha escrito sigue en el cuadro de texto.
chat-no-template = La invitación a volver a escribir no se puede enviar aquí (solo en WhatsApp, después de 24 horas, con una plantilla aprobada).

## What the helpline says in a conversation. $who is one of the chat-who-* below.

chat-who-listener = alguien del equipo de escucha
chat-who-psychologist = una persona experta en psicología
chat-who-jurist = una persona experta en leyes
chat-system-joined = Ahora hablas con { $who }.
chat-system-transferred = Tu conversación pasa a { $who }: quédate aquí, pronto te responderán.
## Written from a messaging app while the line is closed; $when says when it opens.
chat-system-closed = { $when } Tu mensaje ha llegado: alguien te responderá aquí en cuanto abramos.
## WhatsApp's approved template was sent (the app shows Meta's own text).
chat-system-reengage = Invitación a volver a escribirnos enviada (plantilla de WhatsApp).
chat-system-ended = La conversación ha terminado.
