### Native speaker review: not yet

## The child's chat page. Words an eight-year-old reads: short sentences.
## Variables: $helpline is the helpline's name, $minutes a wait, $position a place in the queue.

chat-title = Écrire au { $helpline }
chat-intro = Tu peux écrire à quelqu'un du { $helpline }. C'est gratuit et personne ne saura que c'est toi.
chat-optional = Tu peux répondre ou passer.
chat-age-question = Tu as quel âge ?
chat-ages-1 = moins de 13 ans
chat-ages-2 = 13 à 17 ans
chat-ages-3 = 18 ans ou plus
chat-topic-question = C'est à propos de quoi ?
chat-topic-none = Je préfère ne pas dire
chat-danger = Je suis en danger maintenant
chat-first-message = Tu veux déjà écrire ce qui se passe ?
chat-start = Commencer
chat-skip = Passer les questions
chat-position = Tu es { $position }e dans la file.
chat-next-one = Tu es le prochain ou la prochaine !
chat-wait = Attente : environ { $minutes } min.
chat-wait-unknown = On te répond dès que quelqu'un est libre.
chat-waiting-reassure = Tu peux déjà écrire : on lira tout.
chat-write-here = Écris ton message
chat-send = Envoyer
chat-sending = envoi…
chat-not-sent = pas envoyé, on réessaie
chat-counsellor-typing = La personne écrit…
chat-you = Toi
chat-helpline-says = Le { $helpline }
chat-end = Terminer
chat-ended-title = La conversation est terminée
chat-ended-keep = Garde ce code et ce mot secret pour revenir et lire nos réponses :
chat-your-code = Ton code
chat-your-word = Ton mot secret
## Between a label and its value ("Ton code : …"); French puts a space before it.
chat-colon =  :
chat-ended-followup = Revenir plus tard
chat-quick-exit = Quitter
chat-quick-exit-hint = ou la touche Échap
chat-offline = Connexion perdue. On reconnecte…
chat-reconnected = C'est reparti.
chat-closed = Le chat est fermé pour le moment. Il ouvre { $when }.
chat-closed-form = Laisser un message
chat-in-danger-call = En danger ? Appelle le 112 ou le 17.
chat-unknown-chat = Cette conversation n'existe plus. Tu peux en commencer une autre.
chat-too-long = Ton message est trop long (2 000 caractères au plus).
chat-too-fast = Doucement : attends un peu avant le prochain message.
chat-chat-ended-refused = La conversation est terminée : ton message n'a pas été envoyé.
chat-unreadable = Ce message est vide ou contient des caractères invisibles : il n'a pas été envoyé.
chat-not-yours = Cette conversation a été confiée à quelqu'un d'autre : votre message n'a pas été envoyé.
chat-read-only = Vous lisez cette conversation : vous n'y écrivez pas.
chat-window-closed = L'application ne permet plus d'écrire à l'enfant : son dernier message date de trop longtemps. Votre texte est resté dans la zone de saisie.
chat-no-template = L'invitation à réécrire ne peut pas être envoyée ici (WhatsApp seulement, après 24 heures, avec un modèle approuvé).

## What the helpline says in a conversation. $who is one of the chat-who-* below.

chat-who-listener = un·e écoutant·e
chat-who-psychologist = un·e psychologue
chat-who-jurist = un·e juriste
chat-system-joined = Tu parles maintenant avec { $who }.
chat-system-transferred = Ta conversation passe à { $who } : reste là, on te répond bientôt.
## Written from a messaging app while the line is closed; $when says when it opens.
chat-system-closed = { $when } Ton message est bien arrivé : quelqu'un te répondra ici dès l'ouverture.
## WhatsApp's approved template was sent (the app shows Meta's own text).
chat-system-reengage = Invitation à nous réécrire envoyée (modèle WhatsApp).
chat-system-ended = La conversation est terminée.
