### Native speaker review: not yet

## The child's chat page. Words an eight-year-old reads: short sentences.
## Variables: $helpline is the helpline's name, $minutes a wait, $position a place in the queue.

chat-title = Napisz do linii { $helpline }
chat-intro = Możesz napisać do kogoś z linii { $helpline }. To nic nie kosztuje i nikt się nie dowie, że to ty.
chat-optional = Możesz odpowiedzieć albo pominąć pytanie.
chat-age-question = Ile masz lat?
chat-ages-1 = mniej niż 13 lat
chat-ages-2 = 13–17 lat
chat-ages-3 = 18 lat lub więcej
chat-topic-question = Czego to dotyczy?
chat-topic-none = Wolę nie mówić
chat-danger = Jestem teraz w niebezpieczeństwie
chat-first-message = Chcesz już teraz napisać, co się dzieje?
chat-start = Zaczynamy
chat-skip = Pomiń pytania
chat-position = Twoje miejsce w kolejce: { $position }.
chat-next-one = Zaraz twoja kolej!
chat-wait = Czas czekania: około { $minutes } min.
chat-wait-unknown = Odpiszemy, gdy tylko ktoś z nas będzie mógł.
chat-waiting-reassure = Możesz już pisać: przeczytamy wszystko.
chat-write-here = Napisz wiadomość
chat-send = Wyślij
chat-sending = wysyłanie…
chat-not-sent = nie wysłano, próbujemy jeszcze raz
chat-counsellor-typing = Ktoś pisze…
chat-you = Ty
chat-helpline-says = { $helpline }
chat-end = Zakończ
chat-ended-title = Rozmowa się skończyła
chat-ended-keep = Zachowaj ten kod i tajne słowo. Dzięki nim wrócisz tu i przeczytasz nasze odpowiedzi:
chat-your-code = Twój kod
chat-your-word = Twoje tajne słowo
## Between a label and its value ("Ton code : …"); French puts a space before it.
chat-colon = :
chat-ended-followup = Wróć później
chat-quick-exit = Wyjdź
chat-quick-exit-hint = albo klawisz Esc
chat-offline = Brak połączenia. Łączymy ponownie…
chat-reconnected = Znowu jest połączenie.
chat-closed = Czat jest teraz nieczynny. Otwarcie: { $when }.
chat-closed-form = Zostaw wiadomość
chat-in-danger-call = Grozi ci niebezpieczeństwo? Zadzwoń pod 112.
chat-unknown-chat = Ta rozmowa już nie istnieje. Możesz zacząć nową.
chat-too-long = Twoja wiadomość jest za długa (najwyżej 2000 znaków).
chat-too-fast = Spokojnie: poczekaj chwilę przed następną wiadomością.
chat-chat-ended-refused = Rozmowa się skończyła: twoja wiadomość nie została wysłana.
chat-unreadable = Ta wiadomość jest pusta albo zawiera niewidoczne znaki: nie została wysłana.
chat-not-yours = Ta rozmowa została przekazana innej osobie: wiadomość nie została wysłana.
chat-read-only = Ta rozmowa jest dla Pana/Pani tylko do odczytu: nie można w niej pisać.
chat-window-closed = Aplikacja nie pozwala już pisać do tego dziecka: jego ostatnia wiadomość jest zbyt stara. Tekst pozostał w polu wiadomości.
chat-no-template = Nie można tu wysłać zaproszenia do ponownego kontaktu (tylko WhatsApp, po 24 godzinach, z zatwierdzonym szablonem).

## What the helpline says in a conversation. $who is one of the chat-who-* below.

chat-who-listener = osoba z zespołu
chat-who-psychologist = psycholog lub psycholożka
chat-who-jurist = prawnik lub prawniczka
chat-system-joined = Teraz rozmawia z tobą { $who }.
chat-system-transferred = Twoją rozmowę przejmuje { $who }. Zostań tutaj, zaraz ktoś ci odpowie.
## Written from a messaging app while the line is closed; $when says when it opens.
chat-system-closed = { $when } Twoja wiadomość do nas dotarła: ktoś odpisze ci tutaj zaraz po otwarciu.
## WhatsApp's approved template was sent (the app shows Meta's own text).
chat-system-reengage = Wysłano zaproszenie do ponownego kontaktu (szablon WhatsApp).
chat-system-ended = Rozmowa się skończyła.
