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
        [adult] Può segnalare questo contenuto alla piattaforma o parlarne con { $helpline }: è gratuito, anonimo e riservato.
       *[child] Puoi segnalare questo contenuto alla piattaforma o parlarne con { $helpline }: è gratuito, anonimo e riservato.
    }
policy-offer-helpline-closed =
    { $reader ->
        [adult] Per ora { $helpline } non è disponibile: lasci un messaggio o chieda una richiamata, e segnali il contenuto alla piattaforma.
       *[child] Per ora { $helpline } non è disponibile: lascia un messaggio o chiedi una richiamata, e segnala il contenuto alla piattaforma.
    }
policy-adult-platform-only = { $helpline } è solo per i minorenni e i loro genitori: segnali questo contenuto alla piattaforma. Anche questi servizi possono aiutarla.
policy-emergency = Se qualcuno è in pericolo, chiami subito un numero di emergenza.
policy-emergency-with-helpline =
    { $reader ->
        [adult] Se qualcuno è in pericolo, chiami subito un numero di emergenza. Anche { $helpline } può aiutarla.
       *[child] Se qualcuno è in pericolo, chiama subito un numero di emergenza. Anche { $helpline } può aiutarti.
    }
policy-no-helpline-in-country = Per questo Paese ({ $country }) non c'è ancora nessuna linea di ascolto: segnali questo contenuto alla piattaforma.

## The widget, the two-choice page and the landing page.

ui-landing-title = Parla con { $helpline }
ui-already-have =
    { $reader ->
        [adult] Abbiamo già quello che ha segnalato su { $platform }.
       *[child] Abbiamo già quello che hai segnalato su { $platform }.
    }
ui-no-repeat =
    { $reader ->
        [adult] Non dovrà raccontare tutto di nuovo.
       *[child] Non dovrai raccontare tutto di nuovo.
    }
ui-your-code =
    { $reader ->
        [adult] Il suo codice
       *[child] Il tuo codice
    }
ui-read-the-code =
    { $reader ->
        [adult] Dia questo codice alla persona che le risponde, al telefono o in chat.
       *[child] Dai questo codice alla persona che ti risponde, al telefono o in chat.
    }
ui-open-now = Aperto ora
ui-open-until = Aperto fino alle { $time }
ui-closed-opens-at = Chiuso per ora. Apre { $when }.
ui-hours-unknown = Orari non indicati
ui-wait-about = Attesa stimata: circa { $minutes } min
ui-call = Chiama { $helpline }
ui-chat = Scrivi in chat
ui-write-to-us = Lascia un messaggio
ui-call-me-back = Fatti richiamare
ui-website = Sito web
ui-code-unknown-title = Questo codice non funziona
ui-code-unknown = Forse è scaduto o è già stato usato. Puoi comunque contattare { $helpline }: raccontaci che cosa succede.
ui-expires = Questo codice vale fino al { $when }.
ui-free = Gratuito, anonimo e riservato.
ui-too-many-tries = Troppi tentativi. Aspetta un minuto prima di riprovare.
ui-tomorrow = domani
ui-today = oggi
## When the line opens: a day (today, tomorrow or a date) and a time.
ui-day-at-time = { $day } alle { $time }
## A date: $day and $month have two digits, $year four.
ui-date = { $day }/{ $month }
ui-report-to = Segnala a { $platform }
ui-talk-to = Parla con { $helpline }
ui-in-danger =
    { $reader ->
        [adult] In pericolo? Chiami subito:
       *[child] In pericolo? Chiama subito:
    }
ui-other-help =
    { $reader ->
        [adult] Altri servizi possono aiutarla:
       *[child] Altri servizi possono aiutarti:
    }
ui-widget-title =
    { $reader ->
        [adult] Che cosa vuole fare?
       *[child] Che cosa vuoi fare?
    }
## The widget's link to the advice pages.
ui-more-help = Altro aiuto e consigli
## The landing page's link to the advice for the report's category.
ui-advice-now = Consigli per adesso
ui-error-title = C'è un problema con questa pagina
ui-form-expired = Il modulo è scaduto. Ricarica la pagina e ricomincia: non è stato inviato niente.
ui-page-unreadable = Non è stato possibile leggere questo indirizzo o questo modulo. Torna indietro e riprova.
ui-no-such-helpline = Questa linea di ascolto non è registrata qui.

## The kinds of harm, as a child picks one.

category-harassment = Bullismo e molestie
category-hate-speech = Discorsi d'odio
category-ncii = Immagini intime diffuse senza consenso
category-sextortion = Ricatto con la webcam (sextortion)
category-sexist-sexual-violence = Violenza sessista e sessuale
category-threats = Minacce
category-impersonation = Furto d'identità
category-doxxing = Diffusione di informazioni personali
category-self-harm = Autolesionismo o pensieri suicidi
category-grooming = Adescamento (grooming)
category-csam = Immagini di abusi sessuali su minori
category-scam = Truffa
category-other = Altro

## The web form, its receipt and the follow-up page ($helpline in several).

form-title = Scrivi a { $helpline }
form-intro = Gratuito, anonimo e riservato. Non devi dire il tuo nome.
form-what = Che cosa sta succedendo?
form-category = Si tratta più che altro di…
form-platform = Su quale app o sito?
form-links = Link ai contenuti (facoltativo)
form-links-hint = Un link per riga, che inizia con https://
form-age = La tua età
form-ages-1 = meno di 13 anni
form-ages-2 = da 13 a 17 anni
form-ages-3 = 18 anni o più
form-school = Che scuola frequenti?
form-schools-1 = scuola primaria
form-schools-2 = scuola media
form-schools-3 = scuola superiore
form-schools-4 = altro
form-reach = Come vuoi che ti rispondiamo?
form-reach-none = Non voglio che mi contattiate
form-reach-callback = Richiamatemi a questo numero
form-reach-come-back = Tornerò con il mio codice
form-phone = Numero di telefono (solo per richiamarti)
form-danger = Sono in pericolo adesso
form-send = Invia
form-done-title = Messaggio inviato
form-your-reference = Il tuo codice
form-your-word = La tua parola segreta
form-keep-them = Conservali: con questi torni al tuo caso senza raccontare tutto di nuovo.
form-next-callback = Una persona di { $helpline } ti richiamerà appena possibile, negli orari di apertura.
form-next-come-back = Puoi chiamare { $helpline } o tornare su questa pagina con il tuo codice e la tua parola segreta.
form-next-none = Il tuo messaggio è stato inviato al team di { $helpline }.
form-danger-now = Se sei in pericolo adesso, chiama il 112.
form-follow = Segui il mio caso
form-case-waiting = Il tuo messaggio aspetta che una persona di { $helpline } lo legga. Lo leggerà appena possibile.
form-case-in-hand = Una persona di { $helpline } si sta occupando del tuo caso.
form-case-finished = Il tuo caso è chiuso. Puoi sempre scriverci o chiamare { $helpline }.
## What the form says when it cannot be sent: nothing was sent.
form-error-invisible = Nel testo che hai scritto c'è un carattere invisibile: cancellalo e riprova.
form-error-empty = Scrivi in poche parole che cosa sta succedendo.
form-error-too-long = Il tuo messaggio è troppo lungo (al massimo 4.000 caratteri).
form-error-platform = Il nome dell'app è troppo lungo.
form-error-link = Ogni link deve iniziare con https:// (un link per riga).
form-error-too-many-links = Al massimo 20 link.
form-error-phone = Scrivi un numero di telefono per essere richiamato.

## The follow-up page (/suivi): a child comes back with their code and word.

followup-title = Segui il mio caso
followup-code-label = Il tuo codice
followup-word-label = La tua parola segreta
followup-submit = Vedi a che punto è il mio caso
followup-write-again = Scrivi di nuovo
followup-too-many = Troppi tentativi. Aspetta un minuto.
followup-no-match = Questo codice e questa parola non corrispondono a nessun caso. Controllali, oppure scrivici di nuovo.
followup-message-length = Un messaggio deve avere da 1 a 2000 caratteri.
followup-choose-answer = Scegli sì, un po' o no.

## The survey's page.

survey-title = Com'è andata?
survey-intro = Tre domande, se ti va. È anonimo: la tua risposta non viene salvata con il tuo caso.
survey-send = Invia le mie risposte
survey-thanks = Grazie. Le tue risposte ci aiutano ad aiutare meglio.
survey-already = Hai già risposto. Grazie!

## The advice pages' own words, around the sheets.

advice-index-title =
    { $reader ->
        [adult] Consigli per i genitori
       *[child] Consigli per te
    }
advice-other-reader =
    { $reader ->
        [adult] Versione per ragazze e ragazzi
       *[child] Versione per i genitori
    }
advice-services =
    { $reader ->
        [adult] Altri servizi che possono aiutarla
       *[child] Altri servizi che possono aiutarti
    }
advice-abroad = Sei in un altro Paese? Le linee di ascolto per i giovani nel resto d'Europa
advice-reach = Parla con { $helpline }
advice-self-check = Sono vittima di bullismo?
advice-all-sheets = Tutti i consigli
advice-sources = Fonti e date di verifica
advice-see = Vedi che cosa può aiutarti
advice-check-intro = Rispondi alle domande che ti riguardano. Non viene salvato niente.
advice-check-none = Forse quello che stai vivendo non è bullismo, ma se ti fa stare male, hai il diritto di parlarne.
advice-check-result = Quello che descrivi ha un nome, e possiamo aiutarti.
advice-danger = Se sei in pericolo adesso, chiama il 112.
## Shown above a sheet that is not written in the reader's language yet.
advice-other-language = Questi consigli non sono ancora tradotti nella tua lingua.

## "Am I being harassed?": yes-or-no questions, for a child.

check-blackmail = Qualcuno minaccia di pubblicare tue immagini intime, o te ne chiede altre, o ti chiede soldi?
check-image = Una tua foto o un tuo video intimo gira senza il tuo permesso?
check-threat = Qualcuno minaccia di farti del male?
check-messages = Ti mandano messaggi che fanno male o ti prendono in giro, più volte?
check-exclusion = Ti escludono da un gruppo o mettono in giro voci su di te?

## The survey after a contact: three questions, for a child.

survey-heard = Pensi che ti abbiamo ascoltato bene?
survey-knows-next = Sai che cosa puoi fare adesso?
survey-would-return = Ci scriveresti di nuovo, o lo consiglieresti a un amico o a un'amica?
survey-yes = sì
survey-somewhat = un po'
survey-no = no

## Protecting an intimate photo: the page computes a fingerprint (a PDQ hash) on the child's
## phone; only the fingerprint is sent. $helpline is the helpline's name, $count a number,
## $date a date.

protect-title = Proteggi una foto intima
protect-intro = Se una tua foto intima sta girando, o se qualcuno minaccia di pubblicarla, puoi proteggerla. La tua foto resta sul tuo telefono: viene inviata solo la sua impronta, una serie di numeri e lettere. Le piattaforme la usano per bloccare le copie.
protect-nobody-sees = Nessuno vede la tua foto, nemmeno noi.
protect-pick = Scegli le foto da proteggere
protect-send = Invia le impronte
protect-working = Calcolo delle impronte sul tuo telefono…
protect-sent = Fatto. Impronte aggiunte al tuo caso: { $count }. Una persona di { $helpline } le controllerà prima di inviarle alle piattaforme.
protect-blurry = Questa foto è troppo sfocata o troppo uniforme per essere riconosciuta: prova con un'altra più nitida.
protect-not-image = Questo file non è una foto che si può leggere.
## An animated image (a GIF): its first frame is what was hashed.
protect-animated = È un'immagine animata: è stata protetta solo la sua prima immagine.
protect-too-many = Al massimo 20 foto alla volta.
protect-failed = L'invio non è riuscito. Controlla la connessione e riprova: la tua foto non è mai uscita dal tuo telefono.
protect-link = Proteggi una foto intima
protect-list-title = Le tue foto protette
protect-photo = Foto protetta il { $date }
protect-state-waiting = in attesa di controllo
protect-state-listed = inviata alle piattaforme
protect-state-withdrawn = ritirata
protect-withdraw = Ritira
protect-withdrawn = Ritirata: le piattaforme non la bloccheranno più.
