### Native speaker review: not yet

## What a child, a parent or a witness reads outside the chat: the widget,
## the landing page, the web form, the follow-up, the advice pages, the
## self-check and the survey.
##
## Variables: $helpline is the helpline's name ("3018"), $platform the app's.
## $reader is "child" or "adult": a child is addressed as "tu", an adult
## (a parent, an adult witness) as "vous".

## The widget's sentence, chosen by the referral policy.

policy-offer-helpline =
    { $reader ->
        [adult] Vous pouvez signaler ce contenu à la plateforme ou en parler au { $helpline }, gratuit, anonyme et confidentiel.
       *[child] Tu peux signaler ce contenu à la plateforme ou en parler au { $helpline }, gratuit, anonyme et confidentiel.
    }
policy-offer-helpline-closed =
    { $reader ->
        [adult] Le { $helpline } est fermé pour le moment : laissez-lui un message ou demandez à être rappelé, et signalez le contenu à la plateforme.
       *[child] Le { $helpline } est fermé pour le moment : laisse-lui un message ou demande à être rappelé, et signale le contenu à la plateforme.
    }
policy-adult-platform-only = Le { $helpline } est réservé aux mineurs et à leurs parents ; signalez ce contenu à la plateforme, et ces services peuvent vous aider.
policy-emergency = Si quelqu'un est en danger, appelez tout de suite un numéro d'urgence.
policy-emergency-with-helpline =
    { $reader ->
        [adult] Si quelqu'un est en danger, appelez tout de suite un numéro d'urgence ; le { $helpline } peut aussi vous aider.
       *[child] Si quelqu'un est en danger, appelle tout de suite un numéro d'urgence ; le { $helpline } peut aussi t'aider.
    }
policy-no-helpline-in-country = Aucune ligne d'écoute n'est encore référencée pour ce pays ({ $country }) : signalez ce contenu à la plateforme.

## The widget, the two-choice page and the landing page.

ui-landing-title = Parler au { $helpline }
ui-already-have =
    { $reader ->
        [adult] Nous avons déjà ce que vous avez signalé sur { $platform }.
       *[child] Nous avons déjà ce que tu as signalé sur { $platform }.
    }
ui-no-repeat =
    { $reader ->
        [adult] Vous n'aurez pas à tout raconter de nouveau.
       *[child] Tu n'auras pas à tout raconter de nouveau.
    }
ui-your-code =
    { $reader ->
        [adult] Votre code
       *[child] Ton code
    }
ui-read-the-code =
    { $reader ->
        [adult] Donnez ce code à la personne qui vous répond, au téléphone ou dans le chat.
       *[child] Donne ce code à la personne qui te répond, au téléphone ou dans le chat.
    }
ui-open-now = Ouvert maintenant
ui-open-until = Ouvert jusqu'à { $time }
ui-closed-opens-at = Fermé pour le moment. Ouverture { $when }.
ui-hours-unknown = Horaires non communiqués
ui-wait-about = Attente estimée : environ { $minutes } min
ui-call = Appeler le { $helpline }
ui-chat = Discuter par écrit
ui-write-to-us = Laisser un message
ui-call-me-back = Être rappelé
ui-website = Site web
ui-code-unknown-title = Ce code ne fonctionne pas
ui-code-unknown = Il a peut-être expiré ou déjà servi. Tu peux quand même contacter le { $helpline } : raconte-nous ce qui se passe.
ui-expires = Ce code est valable jusqu'au { $when }.
ui-free = Gratuit, anonyme et confidentiel.
ui-too-many-tries = Trop d'essais. Attends une minute avant de réessayer.
ui-tomorrow = demain
ui-today = aujourd'hui
## When the line opens: a day (today, tomorrow or a date) and a time.
ui-day-at-time = { $day } à { $time }
## A date: $day and $month have two digits, $year four.
ui-date = { $day }/{ $month }
ui-report-to = Signaler à { $platform }
ui-talk-to = Parler au { $helpline }
ui-in-danger =
    { $reader ->
        [adult] En danger ? Appelez maintenant :
       *[child] En danger ? Appelle maintenant :
    }
ui-other-help =
    { $reader ->
        [adult] D'autres services peuvent vous aider :
       *[child] D'autres services peuvent t'aider :
    }
ui-widget-title =
    { $reader ->
        [adult] Que voulez-vous faire ?
       *[child] Que veux-tu faire ?
    }
## The widget's link to the advice pages.
ui-more-help = Plus d'aide et de conseils
## The landing page's link to the advice for the report's category.
ui-advice-now = Des conseils pour maintenant
ui-error-title = Un souci avec cette page
ui-form-expired = Le formulaire a expiré. Recharge la page et recommence : rien n'a été envoyé.
ui-page-unreadable = Cette adresse ou ce formulaire n'a pas pu être lu. Reviens en arrière et réessaie.
ui-no-such-helpline = Cette ligne d'écoute n'est pas connue ici.

## The kinds of harm, as a child picks one.

category-harassment = Harcèlement
category-hate-speech = Discours de haine
category-ncii = Diffusion d'images intimes sans consentement
category-sextortion = Chantage à la webcam (sextorsion)
category-sexist-sexual-violence = Violences sexistes et sexuelles
category-threats = Menaces
category-impersonation = Usurpation d'identité
category-doxxing = Divulgation d'informations personnelles
category-self-harm = Automutilation ou idées suicidaires
category-grooming = Pédopiégeage (grooming)
category-csam = Images d'abus sexuels sur mineurs
category-scam = Arnaque
category-other = Autre

## The web form, its receipt and the follow-up page ($helpline in several).

form-title = Écrire au { $helpline }
form-intro = Gratuit, anonyme et confidentiel. Tu n'as pas besoin de donner ton nom.
form-what = Qu'est-ce qui se passe ?
form-category = C'est plutôt…
form-platform = Sur quelle application ou quel site ?
form-links = Des liens vers les contenus (facultatif)
form-links-hint = Un lien par ligne, qui commence par https://
form-age = Ton âge
form-ages-1 = moins de 13 ans
form-ages-2 = 13 à 17 ans
form-ages-3 = 18 ans ou plus
form-school = Tu es en…
form-schools-1 = primaire
form-schools-2 = collège
form-schools-3 = lycée
form-schools-4 = autre
form-reach = Comment te répondre ?
form-reach-none = Je ne veux pas être contacté·e
form-reach-callback = Rappelez-moi à ce numéro
form-reach-come-back = Je reviendrai avec mon code
form-phone = Numéro de téléphone (seulement pour te rappeler)
form-danger = Je suis en danger maintenant
form-send = Envoyer
form-done-title = C'est envoyé
form-your-reference = Ton code
form-your-word = Ton mot secret
form-keep-them = Garde-les : avec eux, tu reviens à ton dossier sans tout raconter de nouveau.
form-next-callback = Une personne du { $helpline } te rappellera dès que possible, aux heures d'ouverture.
form-next-come-back = Tu peux appeler le { $helpline } ou revenir sur cette page avec ton code et ton mot secret.
form-next-none = Ton message a été transmis à l'équipe du { $helpline }.
form-danger-now = Si tu es en danger maintenant, appelle le 112 ou le 17.
form-follow = Suivre mon dossier
form-case-waiting = Ton message attend qu'une personne du { $helpline } le lise. Elle le lira dès que possible.
form-case-in-hand = Une personne du { $helpline } s'occupe de ton dossier.
form-case-finished = Ton dossier est terminé. Tu peux toujours nous écrire ou appeler le { $helpline }.
## What the form says when it cannot be sent: nothing was sent.
form-error-invisible = Un caractère invisible s'est glissé dans ce que tu as écrit : retire-le et réessaie.
form-error-empty = Écris en quelques mots ce qui se passe.
form-error-too-long = Ton message est trop long (4 000 caractères au plus).
form-error-platform = Le nom de l'application est trop long.
form-error-link = Chaque lien doit commencer par https:// (un lien par ligne).
form-error-too-many-links = 20 liens au plus.
form-error-phone = Donne un numéro de téléphone pour être rappelé·e.

## The follow-up page (/suivi): a child comes back with their code and word.

followup-title = Suivre mon dossier
followup-code-label = Ton code
followup-word-label = Ton mot secret
followup-submit = Voir où en est mon dossier
followup-write-again = Écrire de nouveau
followup-too-many = Trop d'essais. Attends une minute.
followup-no-match = Ce code et ce mot ne correspondent à aucun dossier. Vérifie-les, ou écris-nous de nouveau.
followup-message-length = Un message fait de 1 à 2 000 caractères.
followup-choose-answer = Choisis oui, un peu ou non.

## The survey's page.

survey-title = Comment ça s'est passé ?
survey-intro = Trois questions, si tu veux. C'est anonyme : ta réponse n'est pas gardée avec ton dossier.
survey-send = Envoyer mes réponses
survey-thanks = Merci. Tes réponses nous aident à mieux aider.
survey-already = Tu as déjà répondu. Merci !

## The advice pages' own words, around the sheets.

advice-index-title =
    { $reader ->
        [adult] Conseils pour les parents
       *[child] Des conseils pour toi
    }
advice-other-reader =
    { $reader ->
        [adult] Version pour les jeunes
       *[child] Version pour les parents
    }
advice-services =
    { $reader ->
        [adult] D'autres services pour vous aider
       *[child] D'autres services pour t'aider
    }
advice-abroad = Dans un autre pays ? Les lignes pour les jeunes ailleurs en Europe
advice-reach = Parler au { $helpline }
advice-self-check = Suis-je harcelé·e ?
advice-all-sheets = Tous les conseils
advice-sources = Sources et dates de vérification
advice-see = Voir ce qui peut t'aider
advice-check-intro = Réponds aux questions qui te concernent. Rien n'est enregistré.
advice-check-none = Ce que tu vis n'est peut-être pas du harcèlement, mais si ça te fait du mal, tu as le droit d'en parler.
advice-check-result = Ce que tu décris, ça a un nom, et on peut t'aider.
advice-danger = Si tu es en danger maintenant, appelle le 17 ou le 112.
## Shown above a sheet that is not written in the reader's language yet.
advice-other-language = Ces conseils ne sont pas encore traduits dans ta langue.

## "Suis-je harcelé·e ?": yes-or-no questions, for a child.

check-blackmail = Quelqu'un te menace de publier des images intimes de toi, ou t'en demande d'autres, ou de l'argent ?
check-image = Une photo ou une vidéo intime de toi circule sans ton accord ?
check-threat = Quelqu'un te menace de te faire du mal ?
check-messages = On t'envoie des messages blessants ou on se moque de toi, plusieurs fois ?
check-exclusion = On t'exclut d'un groupe ou on fait circuler des rumeurs sur toi ?

## The survey after a contact: three questions, for a child.

survey-heard = Tu t'es senti·e écouté·e ?
survey-knows-next = Tu sais ce que tu peux faire maintenant ?
survey-would-return = Tu nous réécrirais, ou tu le conseillerais à un·e ami·e ?
survey-yes = oui
survey-somewhat = un peu
survey-no = non

## Protecting an intimate photo: the page computes a fingerprint (a PDQ hash) on the child's
## phone; only the fingerprint is sent. $helpline is the helpline's name, $count a number,
## $date a date.

protect-title = Protéger une photo intime
protect-intro = Si une photo intime de toi circule, ou si quelqu'un menace de la publier, tu peux la protéger. Ta photo reste sur ton téléphone : seule son empreinte, une suite de chiffres et de lettres, est envoyée. Les plateformes s'en servent pour bloquer les copies.
protect-nobody-sees = Personne ne voit ta photo, pas même nous.
protect-pick = Choisis les photos à protéger
protect-send = Envoyer les empreintes
protect-working = Calcul des empreintes sur ton téléphone…
protect-sent = C'est fait. Empreintes ajoutées à ton dossier : { $count }. Une personne du { $helpline } va les vérifier avant de les transmettre aux plateformes.
protect-blurry = Cette photo est trop floue ou trop unie pour être reconnue : essaie avec une autre, plus nette.
protect-not-image = Ce fichier n'est pas une photo que l'on peut lire.
## An animated image (a GIF): its first frame is what was hashed.
protect-animated = C'est une image animée : seule sa première image a été protégée.
protect-too-many = 20 photos au plus à la fois.
protect-failed = L'envoi n'a pas marché. Vérifie ta connexion et réessaie : ta photo, elle, n'a pas quitté ton téléphone.
protect-link = Protéger une photo intime
protect-list-title = Tes photos protégées
protect-photo = Photo protégée le { $date }
protect-state-waiting = en attente de vérification
protect-state-listed = transmise aux plateformes
protect-state-withdrawn = retirée
protect-withdraw = Retirer
protect-withdrawn = C'est retiré : les plateformes ne la bloqueront plus.
