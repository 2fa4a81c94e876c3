### Native speaker review: not yet

## What a child, a parent or a witness reads outside the chat: the widget,
## the landing page, the web form, the follow-up, the advice pages, the
## self-check and the survey.
##
## Variables: $helpline is the helpline's name ("3018"), $platform the app's.
## $reader is "child" or "adult": a child is addressed as "je", an adult
## (a parent, an adult witness) as "u".

## The widget's sentence, chosen by the referral policy.

policy-offer-helpline =
    { $reader ->
        [adult] U kunt dit melden bij het platform of erover praten met { $helpline }: gratis, anoniem en vertrouwelijk.
       *[child] Je kunt dit melden bij het platform of erover praten met { $helpline }: gratis, anoniem en vertrouwelijk.
    }
policy-offer-helpline-closed =
    { $reader ->
        [adult] { $helpline } is nu gesloten. Laat een bericht achter of vraag of u wordt teruggebeld, en meld de inhoud bij het platform.
       *[child] { $helpline } is nu gesloten. Laat een bericht achter of vraag of ze je terugbellen, en meld het bij het platform.
    }
policy-adult-platform-only = { $helpline } is er voor minderjarigen en hun ouders. Meld dit bij het platform. Deze organisaties kunnen u ook helpen.
policy-emergency = Is iemand in gevaar? Bel dan meteen een alarmnummer.
policy-emergency-with-helpline =
    { $reader ->
        [adult] Is iemand in gevaar? Bel dan meteen een alarmnummer. { $helpline } kan u ook helpen.
       *[child] Is iemand in gevaar? Bel dan meteen een alarmnummer. { $helpline } kan je ook helpen.
    }
policy-no-helpline-in-country = Voor dit land ({ $country }) staat nog geen hulplijn vermeld. Meld dit bij het platform.

## The widget, the two-choice page and the landing page.

ui-landing-title = Praat met { $helpline }
ui-already-have =
    { $reader ->
        [adult] We hebben al wat u op { $platform } hebt gemeld.
       *[child] We hebben al wat je op { $platform } hebt gemeld.
    }
ui-no-repeat =
    { $reader ->
        [adult] U hoeft niet alles opnieuw te vertellen.
       *[child] Je hoeft niet alles opnieuw te vertellen.
    }
ui-your-code =
    { $reader ->
        [adult] Uw code
       *[child] Je code
    }
ui-read-the-code =
    { $reader ->
        [adult] Geef deze code aan de persoon met wie u spreekt, aan de telefoon of in de chat.
       *[child] Geef deze code aan de persoon met wie je praat, aan de telefoon of in de chat.
    }
ui-open-now = Nu open
ui-open-until = Open tot { $time }
ui-closed-opens-at = Nu gesloten. Weer open { $when }.
ui-hours-unknown = Openingstijden onbekend
ui-wait-about = Geschatte wachttijd: ongeveer { $minutes } min
ui-call = Bel { $helpline }
ui-chat = Chatten
ui-write-to-us = Bericht achterlaten
ui-call-me-back = Teruggebeld worden
ui-website = Website
ui-code-unknown-title = Deze code werkt niet
ui-code-unknown = Misschien is hij verlopen of al gebruikt. Je kunt nog steeds contact opnemen met { $helpline }: vertel ons wat er aan de hand is.
ui-expires = Deze code is geldig tot { $when }.
ui-free = Gratis, anoniem en vertrouwelijk.
ui-too-many-tries = Te veel pogingen. Wacht een minuut en probeer het dan opnieuw.
ui-tomorrow = morgen
ui-today = vandaag
## When the line opens: a day (today, tomorrow or a date) and a time.
ui-day-at-time = { $day } om { $time }
## A date: $day and $month have two digits, $year four.
ui-date = { $day }-{ $month }
ui-report-to = Melden bij { $platform }
ui-talk-to = Praat met { $helpline }
ui-in-danger =
    { $reader ->
        [adult] Iemand in gevaar? Bel nu:
       *[child] Ben je in gevaar? Bel nu:
    }
ui-other-help =
    { $reader ->
        [adult] Deze organisaties kunnen u ook helpen:
       *[child] Deze organisaties kunnen je ook helpen:
    }
ui-widget-title =
    { $reader ->
        [adult] Wat wilt u doen?
       *[child] Wat wil je doen?
    }
## The widget's link to the advice pages.
ui-more-help = Meer hulp en tips
## The landing page's link to the advice for the report's category.
ui-advice-now = Tips voor nu
ui-error-title = Er is iets mis met deze pagina
ui-form-expired = Het formulier is verlopen. Laad de pagina opnieuw en begin opnieuw: er is niets verstuurd.
ui-page-unreadable = Dit adres of dit formulier kon niet worden gelezen. Ga terug en probeer het opnieuw.
ui-no-such-helpline = Deze hulplijn is hier niet bekend.

## The kinds of harm, as a child picks one.

category-harassment = Pesten of lastigvallen
category-hate-speech = Haatberichten
category-ncii = Intieme beelden gedeeld zonder toestemming
category-sextortion = Chantage met webcambeelden (sextortion)
category-sexist-sexual-violence = Seksisme en seksueel geweld
category-threats = Bedreigingen
category-impersonation = Iemand doet zich voor als jou
category-doxxing = Persoonlijke gegevens online gezet (doxing)
category-self-harm = Zelfbeschadiging of gedachten aan zelfdoding
category-grooming = Grooming
category-csam = Beelden van seksueel misbruik van kinderen
category-scam = Oplichting
category-other = Iets anders

## The web form, its receipt and the follow-up page ($helpline in several).

form-title = Schrijf naar { $helpline }
form-intro = Gratis, anoniem en vertrouwelijk. Je hoeft je naam niet te geven.
form-what = Wat is er aan de hand?
form-category = Het gaat vooral over…
form-platform = Op welke app of website?
form-links = Links naar wat er online staat (niet verplicht)
form-links-hint = Eén link per regel, die begint met https://
form-age = Je leeftijd
form-ages-1 = jonger dan 13 jaar
form-ages-2 = 13 tot en met 17 jaar
form-ages-3 = 18 jaar of ouder
form-school = Je zit op…
form-schools-1 = basisschool
form-schools-2 = middelbare school (onderbouw)
form-schools-3 = middelbare school (bovenbouw)
form-schools-4 = anders
form-reach = Hoe wil je antwoord krijgen?
form-reach-none = Ik wil geen contact
form-reach-callback = Bel me terug op dit nummer
form-reach-come-back = Ik kom terug met mijn code
form-phone = Telefoonnummer (alleen om je terug te bellen)
form-danger = Ik ben nu in gevaar
form-send = Versturen
form-done-title = Het is verstuurd
form-your-reference = Je code
form-your-word = Je geheime woord
form-keep-them = Bewaar ze goed. Daarmee kom je terug bij je melding, zonder alles opnieuw te vertellen.
form-next-callback = Iemand van { $helpline } belt je zo snel mogelijk terug, tijdens de openingstijden.
form-next-come-back = Je kunt { $helpline } bellen, of terugkomen op deze pagina met je code en je geheime woord.
form-next-none = Je bericht is doorgestuurd naar het team van { $helpline }.
form-danger-now = Ben je nu in gevaar? Bel 112.
form-follow = Mijn melding volgen
form-case-waiting = Je bericht wacht tot iemand van { $helpline } het leest. Dat gebeurt zo snel mogelijk.
form-case-in-hand = Iemand van { $helpline } is met je melding bezig.
form-case-finished = Je melding is afgerond. Je kunt ons altijd weer schrijven of { $helpline } bellen.
## What the form says when it cannot be sent: nothing was sent.
form-error-invisible = Er staat een onzichtbaar teken in wat je schreef: haal het weg en probeer het opnieuw.
form-error-empty = Schrijf in een paar woorden wat er aan de hand is.
form-error-too-long = Je bericht is te lang (hoogstens 4.000 tekens).
form-error-platform = De naam van de app is te lang.
form-error-link = Elke link moet beginnen met https:// (één link per regel).
form-error-too-many-links = Hoogstens 20 links.
form-error-phone = Geef een telefoonnummer, dan bellen we je terug.

## The follow-up page (/suivi): a child comes back with their code and word.

followup-title = Mijn melding volgen
followup-code-label = Je code
followup-word-label = Je geheime woord
followup-submit = Bekijk hoe het met mijn melding staat
followup-write-again = Opnieuw schrijven
followup-too-many = Te veel pogingen. Wacht een minuut.
followup-no-match = Deze code en dit woord passen bij geen enkele melding. Kijk ze nog eens na, of schrijf ons opnieuw.
followup-message-length = Een bericht heeft 1 tot 2.000 tekens.
followup-choose-answer = Kies ja, een beetje of nee.

## The survey's page.

survey-title = Hoe ging het?
survey-intro = Drie vragen, als je wilt. Het is anoniem: je antwoord wordt niet bij je melding bewaard.
survey-send = Mijn antwoorden versturen
survey-thanks = Bedankt. Met je antwoorden kunnen we nog beter helpen.
survey-already = Je hebt al geantwoord. Bedankt!

## The advice pages' own words, around the sheets.

advice-index-title =
    { $reader ->
        [adult] Tips voor ouders
       *[child] Tips voor jou
    }
advice-other-reader =
    { $reader ->
        [adult] Versie voor jongeren
       *[child] Versie voor ouders
    }
advice-services =
    { $reader ->
        [adult] Andere organisaties die u kunnen helpen
       *[child] Andere organisaties die je kunnen helpen
    }
advice-abroad = In een ander land? Hulplijnen voor jongeren elders in Europa
advice-reach = Praat met { $helpline }
advice-self-check = Word ik gepest?
advice-all-sheets = Alle tips
advice-sources = Bronnen en datum van controle
advice-see = Kijk wat jou kan helpen
advice-check-intro = Beantwoord de vragen die over jou gaan. Er wordt niets bewaard.
advice-check-none = Wat je meemaakt is misschien geen pesten. Maar als het je pijn doet, mag je erover praten.
advice-check-result = Wat je beschrijft, heeft een naam. En we kunnen je helpen.
advice-danger = Ben je nu in gevaar? Bel 112.
## Shown above a sheet that is not written in the reader's language yet.
advice-other-language = Deze tips zijn nog niet vertaald in jouw taal.

## "Am I being harassed?": yes-or-no questions, for a child.

check-blackmail = Dreigt iemand intieme beelden van je te delen? Of vraagt iemand je om meer beelden, of om geld?
check-image = Wordt er een intieme foto of video van je gedeeld zonder jouw toestemming?
check-threat = Dreigt iemand je pijn te doen?
check-messages = Krijg je steeds weer kwetsende berichten, of lachen mensen je steeds uit?
check-exclusion = Word je buitengesloten uit een groep, of worden er roddels over je verspreid?

## The survey after a contact: three questions, for a child.

survey-heard = Had je het gevoel dat er naar je werd geluisterd?
survey-knows-next = Weet je wat je nu kunt doen?
survey-would-return = Zou je ons opnieuw schrijven, of het een vriend of vriendin aanraden?
survey-yes = ja
survey-somewhat = een beetje
survey-no = nee

## Protecting an intimate photo: the page computes a fingerprint (a PDQ hash) on the child's
## phone; only the fingerprint is sent. $helpline is the helpline's name, $count a number,
## $date a date.

protect-title = Een intieme foto beschermen
protect-intro = Gaat er een intieme foto van je rond, of dreigt iemand die online te zetten? Dan kun je die foto beschermen. Je foto blijft op je telefoon: alleen de vingerafdruk ervan, een reeks cijfers en letters, wordt verstuurd. Platforms gebruiken die om kopieën te blokkeren.
protect-nobody-sees = Niemand ziet je foto, ook wij niet.
protect-pick = Kies de foto's die je wilt beschermen
protect-send = Vingerafdrukken versturen
protect-working = De vingerafdrukken worden op je telefoon berekend…
protect-sent = Klaar. Vingerafdrukken toegevoegd aan je melding: { $count }. Iemand van { $helpline } controleert ze voordat ze naar de platforms gaan.
protect-blurry = Deze foto is te wazig of te egaal om herkend te worden: probeer een andere, scherpere foto.
protect-not-image = Dit bestand is geen foto die gelezen kan worden.
## An animated image (a GIF): its first frame is what was hashed.
protect-animated = Dit is een bewegende afbeelding: alleen het eerste beeld is beschermd.
protect-too-many = Maximaal 20 foto's tegelijk.
protect-failed = Het versturen is niet gelukt. Controleer je verbinding en probeer het opnieuw: je foto is gewoon op je telefoon gebleven.
protect-link = Een intieme foto beschermen
protect-list-title = Je beschermde foto's
protect-photo = Foto beschermd op { $date }
protect-state-waiting = wacht op controle
protect-state-listed = doorgegeven aan de platforms
protect-state-withdrawn = ingetrokken
protect-withdraw = Intrekken
protect-withdrawn = Ingetrokken: de platforms blokkeren de foto niet meer.
