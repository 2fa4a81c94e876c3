### Native speaker review: not yet

## What a child, a parent or a witness reads outside the chat: the widget,
## the landing page, the web form, the follow-up, the advice pages, the
## self-check and the survey.
##
## Variables: $helpline is the helpline's name ("3018"), $platform the app's.
## $reader is "child" or "adult": a child is addressed as "du", an adult
## (a parent, an adult witness) as "Sie".

## The widget's sentence, chosen by the referral policy.

policy-offer-helpline =
    { $reader ->
        [adult] Sie können diesen Inhalt der Plattform melden oder mit { $helpline } sprechen – kostenlos, anonym und vertraulich.
       *[child] Du kannst diesen Inhalt der Plattform melden oder mit { $helpline } sprechen – kostenlos, anonym und vertraulich.
    }
policy-offer-helpline-closed =
    { $reader ->
        [adult] { $helpline } ist gerade geschlossen: Hinterlassen Sie eine Nachricht oder bitten Sie um einen Rückruf, und melden Sie den Inhalt der Plattform.
       *[child] { $helpline } ist gerade geschlossen: Hinterlass eine Nachricht oder bitte um einen Rückruf, und melde den Inhalt der Plattform.
    }
policy-adult-platform-only = { $helpline } ist nur für Minderjährige und ihre Eltern da. Melden Sie diesen Inhalt der Plattform – und diese Stellen können Ihnen helfen.
policy-emergency = Wenn jemand in Gefahr ist, rufen Sie sofort eine Notrufnummer an.
policy-emergency-with-helpline =
    { $reader ->
        [adult] Wenn jemand in Gefahr ist, rufen Sie sofort eine Notrufnummer an. Auch { $helpline } kann Ihnen helfen.
       *[child] Wenn jemand in Gefahr ist, ruf sofort eine Notrufnummer an. Auch { $helpline } kann dir helfen.
    }
policy-no-helpline-in-country = Für dieses Land ({ $country }) ist noch keine Beratungsstelle eingetragen: Melden Sie diesen Inhalt der Plattform.

## The widget, the two-choice page and the landing page.

ui-landing-title = Mit { $helpline } sprechen
ui-already-have =
    { $reader ->
        [adult] Was Sie auf { $platform } gemeldet haben, haben wir schon.
       *[child] Was du auf { $platform } gemeldet hast, haben wir schon.
    }
ui-no-repeat =
    { $reader ->
        [adult] Sie müssen nicht alles noch einmal erzählen.
       *[child] Du musst nicht alles noch einmal erzählen.
    }
ui-your-code =
    { $reader ->
        [adult] Ihr Code
       *[child] Dein Code
    }
ui-read-the-code =
    { $reader ->
        [adult] Nennen Sie diesen Code der Person, die Ihnen antwortet – am Telefon oder im Chat.
       *[child] Sag diesen Code der Person, die dir antwortet – am Telefon oder im Chat.
    }
ui-open-now = Jetzt geöffnet
ui-open-until = Geöffnet bis { $time }
ui-closed-opens-at = Gerade geschlossen. Öffnet { $when }.
ui-hours-unknown = Öffnungszeiten nicht bekannt
ui-wait-about = Geschätzte Wartezeit: etwa { $minutes } Min.
ui-call = { $helpline } anrufen
ui-chat = Chatten
ui-write-to-us = Nachricht hinterlassen
ui-call-me-back = Rückruf anfordern
ui-website = Website
ui-code-unknown-title = Dieser Code funktioniert nicht
ui-code-unknown = Vielleicht ist er abgelaufen oder wurde schon benutzt. Du kannst dich trotzdem an { $helpline } wenden: Erzähl uns, was los ist.
ui-expires = Dieser Code gilt bis { $when }.
ui-free = Kostenlos, anonym und vertraulich.
ui-too-many-tries = Zu viele Versuche. Warte eine Minute, bevor du es noch einmal probierst.
ui-tomorrow = morgen
ui-today = heute
## When the line opens: a day (today, tomorrow or a date) and a time.
ui-day-at-time = { $day } um { $time }
## A date: $day and $month have two digits, $year four.
ui-date = { $day }.{ $month }.
ui-report-to = Bei { $platform } melden
ui-talk-to = Mit { $helpline } sprechen
ui-in-danger =
    { $reader ->
        [adult] In Gefahr? Rufen Sie jetzt an:
       *[child] In Gefahr? Ruf jetzt an:
    }
ui-other-help =
    { $reader ->
        [adult] Auch diese Stellen können Ihnen helfen:
       *[child] Auch diese Stellen können dir helfen:
    }
ui-widget-title =
    { $reader ->
        [adult] Was möchten Sie tun?
       *[child] Was möchtest du tun?
    }
## The widget's link to the advice pages.
ui-more-help = Mehr Hilfe und Tipps
## The landing page's link to the advice for the report's category.
ui-advice-now = Tipps für jetzt
ui-error-title = Mit dieser Seite stimmt etwas nicht
ui-form-expired = Das Formular ist abgelaufen. Lade die Seite neu und fang noch einmal an: Es wurde nichts gesendet.
ui-page-unreadable = Diese Adresse oder dieses Formular konnte nicht gelesen werden. Geh zurück und versuch es noch einmal.
ui-no-such-helpline = Diese Beratungsstelle ist hier nicht bekannt.

## The kinds of harm, as a child picks one.

category-harassment = Mobbing oder Belästigung
category-hate-speech = Hassrede
category-ncii = Intime Bilder ohne Einverständnis verbreitet
category-sextortion = Erpressung mit Nacktbildern oder Webcam (Sextortion)
category-sexist-sexual-violence = Sexistische und sexuelle Gewalt
category-threats = Drohungen
category-impersonation = Jemand gibt sich als mich aus
category-doxxing = Persönliche Daten veröffentlicht
category-self-harm = Selbstverletzung oder Gedanken an Suizid
category-grooming = Sexuelle Anmache durch Erwachsene im Netz (Cybergrooming)
category-csam = Bilder von sexuellem Missbrauch an Kindern
category-scam = Betrug
category-other = Anderes

## The web form, its receipt and the follow-up page ($helpline in several).

form-title = An { $helpline } schreiben
form-intro = Kostenlos, anonym und vertraulich. Du musst deinen Namen nicht sagen.
form-what = Was ist los?
form-category = Es geht eher um…
form-platform = In welcher App oder auf welcher Website?
form-links = Links zu den Inhalten (freiwillig)
form-links-hint = Ein Link pro Zeile, beginnend mit https://
form-age = Dein Alter
form-ages-1 = unter 13 Jahre
form-ages-2 = 13 bis 17 Jahre
form-ages-3 = 18 Jahre oder älter
form-school = Du gehst in die…
form-schools-1 = Grundschule
form-schools-2 = weiterführende Schule (Klasse 5–10)
form-schools-3 = Oberstufe
form-schools-4 = andere
form-reach = Wie sollen wir dir antworten?
form-reach-none = Ich möchte nicht kontaktiert werden
form-reach-callback = Bitte ruft mich unter dieser Nummer zurück
form-reach-come-back = Ich komme mit meinem Code wieder
form-phone = Telefonnummer (nur für den Rückruf)
form-danger = Ich bin gerade in Gefahr
form-send = Senden
form-done-title = Abgeschickt
form-your-reference = Dein Code
form-your-word = Dein geheimes Wort
form-keep-them = Heb beide gut auf: Damit kommst du zurück zu deiner Anfrage, ohne alles noch einmal zu erzählen.
form-next-callback = Jemand von { $helpline } ruft dich so bald wie möglich zurück, während der Öffnungszeiten.
form-next-come-back = Du kannst { $helpline } anrufen oder mit deinem Code und deinem geheimen Wort auf diese Seite zurückkommen.
form-next-none = Deine Nachricht wurde an das Team von { $helpline } weitergegeben.
form-danger-now = Wenn du gerade in Gefahr bist, ruf die 112 an.
form-follow = Meine Anfrage verfolgen
form-case-waiting = Deine Nachricht wartet darauf, dass jemand von { $helpline } sie liest. Das passiert so bald wie möglich.
form-case-in-hand = Jemand von { $helpline } kümmert sich um deine Anfrage.
form-case-finished = Deine Anfrage ist abgeschlossen. Du kannst uns jederzeit wieder schreiben oder { $helpline } anrufen.
## What the form says when it cannot be sent: nothing was sent.
form-error-invisible = In deinem Text ist ein unsichtbares Zeichen: Lösch es und versuch es noch einmal.
form-error-empty = Schreib in ein paar Worten, was los ist.
form-error-too-long = Deine Nachricht ist zu lang (höchstens 4.000 Zeichen).
form-error-platform = Der Name der App ist zu lang.
form-error-link = Jeder Link muss mit https:// anfangen (ein Link pro Zeile).
form-error-too-many-links = Höchstens 20 Links.
form-error-phone = Gib eine Telefonnummer an, damit wir dich zurückrufen können.

## The follow-up page (/suivi): a child comes back with their code and word.

followup-title = Meine Anfrage verfolgen
followup-code-label = Dein Code
followup-word-label = Dein geheimes Wort
followup-submit = Nachsehen, wie es mit meiner Anfrage steht
followup-write-again = Noch einmal schreiben
followup-too-many = Zu viele Versuche. Warte eine Minute.
followup-no-match = Dieser Code und dieses Wort passen zu keiner Anfrage. Prüf sie noch einmal oder schreib uns neu.
followup-message-length = Eine Nachricht hat 1 bis 2000 Zeichen.
followup-choose-answer = Wähl ja, ein bisschen oder nein.

## The survey's page.

survey-title = Wie war es?
survey-intro = Drei Fragen, wenn du magst. Es ist anonym: Deine Antwort wird nicht bei deiner Anfrage gespeichert.
survey-send = Meine Antworten senden
survey-thanks = Danke. Deine Antworten helfen uns, noch besser zu helfen.
survey-already = Du hast schon geantwortet. Danke!

## The advice pages' own words, around the sheets.

advice-index-title =
    { $reader ->
        [adult] Tipps für Eltern
       *[child] Tipps für dich
    }
advice-other-reader =
    { $reader ->
        [adult] Version für junge Menschen
       *[child] Version für Eltern
    }
advice-services =
    { $reader ->
        [adult] Weitere Stellen, die Ihnen helfen
       *[child] Weitere Stellen, die dir helfen
    }
advice-abroad = In einem anderen Land? Beratungsstellen für junge Menschen anderswo in Europa
advice-reach = Mit { $helpline } sprechen
advice-self-check = Werde ich gemobbt?
advice-all-sheets = Alle Tipps
advice-sources = Quellen und Datum der Überprüfung
advice-see = Sieh dir an, was dir helfen kann
advice-check-intro = Beantworte die Fragen, die dich betreffen. Nichts wird gespeichert.
advice-check-none = Was du erlebst, ist vielleicht kein Mobbing. Aber wenn es dir wehtut, darfst du darüber reden.
advice-check-result = Was du beschreibst, hat einen Namen – und wir können dir helfen.
advice-danger = Wenn du gerade in Gefahr bist, ruf die 112 an.
## Shown above a sheet that is not written in the reader's language yet.
advice-other-language = Diese Tipps gibt es noch nicht in deiner Sprache.

## "Am I being harassed?": yes-or-no questions, for a child.

check-blackmail = Droht dir jemand, intime Bilder von dir zu veröffentlichen, oder will jemand mehr Bilder oder Geld von dir?
check-image = Wird ein intimes Foto oder Video von dir ohne dein Einverständnis herumgeschickt?
check-threat = Droht dir jemand, dir wehzutun?
check-messages = Bekommst du immer wieder verletzende Nachrichten, oder machen sich andere über dich lustig?
check-exclusion = Wirst du aus einer Gruppe ausgeschlossen, oder werden Gerüchte über dich verbreitet?

## The survey after a contact: three questions, for a child.

survey-heard = Hattest du das Gefühl, dass man dir zuhört?
survey-knows-next = Weißt du, was du jetzt tun kannst?
survey-would-return = Würdest du uns wieder schreiben oder uns weiterempfehlen?
survey-yes = ja
survey-somewhat = ein bisschen
survey-no = nein

## Protecting an intimate photo: the page computes a fingerprint (a PDQ hash) on the child's
## phone; only the fingerprint is sent. $helpline is the helpline's name, $count a number,
## $date a date.

protect-title = Ein intimes Foto schützen
protect-intro = Wenn ein intimes Foto von dir herumgeschickt wird oder jemand droht, es zu veröffentlichen, kannst du es schützen. Dein Foto bleibt auf deinem Handy: Nur sein digitaler Fingerabdruck, eine Reihe aus Zahlen und Buchstaben, wird verschickt. Die Plattformen nutzen ihn, um Kopien zu blockieren.
protect-nobody-sees = Niemand sieht dein Foto, nicht einmal wir.
protect-pick = Wähle die Fotos aus, die du schützen willst
protect-send = Fingerabdrücke senden
protect-working = Die Fingerabdrücke werden auf deinem Handy berechnet…
protect-sent = Geschafft. Zu deiner Anfrage hinzugefügte Fingerabdrücke: { $count }. Jemand von { $helpline } prüft sie, bevor sie an die Plattformen weitergegeben werden.
protect-blurry = Dieses Foto ist zu unscharf oder zu einfarbig, um erkannt zu werden: Versuch es mit einem anderen, schärferen Foto.
protect-not-image = Diese Datei ist kein Foto, das gelesen werden kann.
## An animated image (a GIF): its first frame is what was hashed.
protect-animated = Das ist ein bewegtes Bild: Nur sein erstes Bild wurde geschützt.
protect-too-many = Höchstens 20 Fotos auf einmal.
protect-failed = Das Senden hat nicht geklappt. Prüf deine Verbindung und versuch es noch einmal: Dein Foto hat dein Handy nicht verlassen.
protect-link = Ein intimes Foto schützen
protect-list-title = Deine geschützten Fotos
protect-photo = Foto geschützt am { $date }
protect-state-waiting = wartet auf Prüfung
protect-state-listed = an die Plattformen weitergegeben
protect-state-withdrawn = zurückgezogen
protect-withdraw = Zurückziehen
protect-withdrawn = Zurückgezogen: Die Plattformen blockieren das Foto nicht mehr.
