### Native speaker review: not yet

## The child's chat page. Words an eight-year-old reads: short sentences.
## Variables: $helpline is the helpline's name, $minutes a wait, $position a place in the queue.

chat-title = Schrijf naar { $helpline }
chat-intro = Je kunt schrijven met iemand van { $helpline }. Het is gratis en niemand weet dat jij het bent.
chat-optional = Je mag antwoorden of overslaan.
chat-age-question = Hoe oud ben je?
chat-ages-1 = jonger dan 13 jaar
chat-ages-2 = 13 tot en met 17 jaar
chat-ages-3 = 18 jaar of ouder
chat-topic-question = Waar gaat het over?
chat-topic-none = Zeg ik liever niet
chat-danger = Ik ben nu in gevaar
chat-first-message = Wil je nu al opschrijven wat er aan de hand is?
chat-start = Beginnen
chat-skip = Vragen overslaan
chat-position = Je bent nummer { $position } in de rij.
chat-next-one = Jij bent de volgende!
chat-wait = Wachttijd: ongeveer { $minutes } min.
chat-wait-unknown = We antwoorden zodra er iemand vrij is.
chat-waiting-reassure = Je kunt nu al schrijven: we lezen alles.
chat-write-here = Schrijf je bericht
chat-send = Versturen
chat-sending = versturen…
chat-not-sent = niet verstuurd, we proberen het opnieuw
chat-counsellor-typing = Iemand is aan het typen…
chat-you = Jij
chat-helpline-says = { $helpline }
chat-end = Stoppen
chat-ended-title = Het gesprek is afgelopen
chat-ended-keep = Bewaar deze code en dit geheime woord. Dan kun je terugkomen en onze antwoorden lezen:
chat-your-code = Je code
chat-your-word = Je geheime woord
## Between a label and its value ("Ton code : …"); French puts a space before it.
chat-colon = :
chat-ended-followup = Later terugkomen
chat-quick-exit = Snel weg
chat-quick-exit-hint = of druk op Esc
chat-offline = Geen verbinding. We proberen opnieuw te verbinden…
chat-reconnected = Weer verbonden.
chat-closed = De chat is nu gesloten. Weer open { $when }.
chat-closed-form = Bericht achterlaten
chat-in-danger-call = Ben je in gevaar? Bel 112.
chat-unknown-chat = Dit gesprek bestaat niet meer. Je kunt een nieuw gesprek beginnen.
chat-too-long = Je bericht is te lang (maximaal 2.000 tekens).
chat-too-fast = Rustig aan: wacht even voor je volgende bericht.
chat-chat-ended-refused = Het gesprek is afgelopen: je bericht is niet verstuurd.
chat-unreadable = Dit bericht is leeg of bevat onzichtbare tekens: het is niet verstuurd.
chat-not-yours = Dit gesprek is aan iemand anders overgedragen: uw bericht is niet verstuurd.
chat-read-only = U leest dit gesprek mee: u kunt er niet in schrijven.
chat-window-closed = De app laat u niet meer naar dit kind schrijven: het laatste bericht van het kind is te lang geleden. Uw tekst staat nog in het invoerveld.
chat-no-template = De uitnodiging om opnieuw te schrijven kan hier niet worden verstuurd (alleen via WhatsApp, na 24 uur, met een goedgekeurd sjabloon).

## What the helpline says in a conversation. $who is one of the chat-who-* below.

chat-who-listener = een medewerker
chat-who-psychologist = een psycholoog
chat-who-jurist = een jurist
chat-system-joined = Je praat nu met { $who }.
chat-system-transferred = Je gesprek gaat nu naar { $who }. Blijf hier, je krijgt zo antwoord.
## Written from a messaging app while the line is closed; $when says when it opens.
chat-system-closed = { $when } Je bericht is goed aangekomen: iemand antwoordt je hier zodra we open zijn.
## WhatsApp's approved template was sent (the app shows Meta's own text).
chat-system-reengage = Uitnodiging om ons opnieuw te schrijven verstuurd (WhatsApp-sjabloon).
chat-system-ended = Het gesprek is afgelopen.
