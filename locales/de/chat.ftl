### Native speaker review: not yet

## The child's chat page. Words an eight-year-old reads: short sentences.
## Variables: $helpline is the helpline's name, $minutes a wait, $position a place in the queue.

chat-title = An { $helpline } schreiben
chat-intro = Du kannst jemandem von { $helpline } schreiben. Es ist kostenlos und niemand erfährt, dass du es bist.
chat-optional = Du kannst antworten oder die Frage überspringen.
chat-age-question = Wie alt bist du?
chat-ages-1 = unter 13 Jahre
chat-ages-2 = 13 bis 17 Jahre
chat-ages-3 = 18 Jahre oder älter
chat-topic-question = Worum geht es?
chat-topic-none = Das sage ich lieber nicht
chat-danger = Ich bin gerade in Gefahr
chat-first-message = Möchtest du schon aufschreiben, was los ist?
chat-start = Loslegen
chat-skip = Fragen überspringen
chat-position = Du bist Nummer { $position } in der Warteschlange.
chat-next-one = Du bist als Nächstes dran!
chat-wait = Wartezeit: etwa { $minutes } Min.
chat-wait-unknown = Wir antworten dir, sobald jemand frei ist.
chat-waiting-reassure = Du kannst schon schreiben: Wir lesen alles.
chat-write-here = Schreib deine Nachricht
chat-send = Senden
chat-sending = wird gesendet…
chat-not-sent = nicht gesendet, wir versuchen es noch einmal
chat-counsellor-typing = Die Person schreibt…
chat-you = Du
chat-helpline-says = { $helpline }
chat-end = Beenden
chat-ended-title = Das Gespräch ist beendet
chat-ended-keep = Heb diesen Code und dieses geheime Wort auf. Damit kannst du zurückkommen und unsere Antworten lesen:
chat-your-code = Dein Code
chat-your-word = Dein geheimes Wort
## Between a label and its value ("Ton code : …"); French puts a space before it.
chat-colon = :
chat-ended-followup = Später wiederkommen
chat-quick-exit = Schnell weg
chat-quick-exit-hint = oder die Esc-Taste
chat-offline = Verbindung verloren. Wir verbinden neu…
chat-reconnected = Weiter geht's.
chat-closed = Der Chat ist gerade geschlossen. Er öffnet { $when }.
chat-closed-form = Nachricht hinterlassen
chat-in-danger-call = In Gefahr? Ruf die 112 an.
chat-unknown-chat = Dieses Gespräch gibt es nicht mehr. Du kannst ein neues anfangen.
chat-too-long = Deine Nachricht ist zu lang (höchstens 2000 Zeichen).
chat-too-fast = Langsam: Warte kurz vor der nächsten Nachricht.
chat-chat-ended-refused = Das Gespräch ist beendet: Deine Nachricht wurde nicht gesendet.
chat-unreadable = Diese Nachricht ist leer oder enthält unsichtbare Zeichen: Sie wurde nicht gesendet.
chat-not-yours = Dieses Gespräch wurde jemand anderem übergeben: Ihre Nachricht wurde nicht gesendet.
chat-read-only = Sie lesen dieses Gespräch nur mit: Schreiben können Sie hier nicht.
chat-window-closed = Die App lässt keine Nachrichten an das Kind mehr zu: Seine letzte Nachricht ist zu lange her. Ihr Text steht noch im Eingabefeld.
chat-no-template = Die Einladung, wieder zu schreiben, kann hier nicht gesendet werden (nur bei WhatsApp, nach 24 Stunden, mit einer genehmigten Vorlage).

## What the helpline says in a conversation. $who is one of the chat-who-* below.

chat-who-listener = jemandem aus dem Beratungsteam
chat-who-psychologist = einer psychologischen Fachkraft
chat-who-jurist = einer Fachkraft für Rechtsfragen
chat-system-joined = Du schreibst jetzt mit { $who }.
chat-system-transferred = Dein Gespräch geht jetzt weiter mit { $who }: Bleib hier, du bekommst bald eine Antwort.
## Written from a messaging app while the line is closed; $when says when it opens.
chat-system-closed = { $when } Deine Nachricht ist angekommen: Jemand antwortet dir hier, sobald wir wieder geöffnet haben.
## WhatsApp's approved template was sent (the app shows Meta's own text).
chat-system-reengage = Einladung zum erneuten Schreiben gesendet (WhatsApp-Vorlage).
chat-system-ended = Das Gespräch ist beendet.
