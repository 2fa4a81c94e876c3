### Native speaker review: not yet

## What a child, a parent or a witness reads outside the chat: the widget,
## the landing page, the web form, the follow-up, the advice pages, the
## self-check and the survey.
##
## Variables: $helpline is the helpline's name ("3018"), $platform the app's.
## $reader is "child" or "adult": a child is addressed as "tú", an adult
## (a parent, an adult witness) as "usted".

## The widget's sentence, chosen by the referral policy.

policy-offer-helpline =
    { $reader ->
        [adult] Puede denunciar este contenido en la plataforma o hablar con { $helpline }: es gratis, anónimo y confidencial.
       *[child] Puedes denunciar este contenido en la plataforma o hablar con { $helpline }: es gratis, anónimo y confidencial.
    }
policy-offer-helpline-closed =
    { $reader ->
        [adult] Ahora mismo { $helpline } no atiende: deje un mensaje o pida que le llamen, y denuncie el contenido en la plataforma.
       *[child] Ahora mismo { $helpline } no atiende: deja un mensaje o pide que te llamen, y denuncia el contenido en la plataforma.
    }
policy-adult-platform-only = { $helpline } es solo para menores y sus familias. Denuncie este contenido en la plataforma; estos servicios pueden ayudarle.
policy-emergency = Si alguien está en peligro, llame ahora mismo a un número de emergencia.
policy-emergency-with-helpline =
    { $reader ->
        [adult] Si alguien está en peligro, llame ahora mismo a un número de emergencia. { $helpline } también puede ayudarle.
       *[child] Si alguien está en peligro, llama ahora mismo a un número de emergencia. { $helpline } también puede ayudarte.
    }
policy-no-helpline-in-country = Todavía no tenemos ninguna línea de ayuda para este país ({ $country }): denuncie este contenido en la plataforma.

## The widget, the two-choice page and the landing page.

ui-landing-title = Hablar con { $helpline }
ui-already-have =
    { $reader ->
        [adult] Ya tenemos lo que ha denunciado en { $platform }.
       *[child] Ya tenemos lo que has denunciado en { $platform }.
    }
ui-no-repeat =
    { $reader ->
        [adult] No tendrá que contarlo todo otra vez.
       *[child] No tendrás que contarlo todo otra vez.
    }
ui-your-code =
    { $reader ->
        [adult] Su código
       *[child] Tu código
    }
ui-read-the-code =
    { $reader ->
        [adult] Dele este código a la persona que le responda, por teléfono o en el chat.
       *[child] Dale este código a la persona que te responda, por teléfono o en el chat.
    }
ui-open-now = Abierto ahora
ui-open-until = Abierto hasta las { $time }
ui-closed-opens-at = Cerrado ahora. Abre { $when }.
ui-hours-unknown = Horario no disponible
ui-wait-about = Espera estimada: unos { $minutes } min
ui-call = Llamar a { $helpline }
ui-chat = Chatear
ui-write-to-us = Dejar un mensaje
ui-call-me-back = Pedir que me llamen
ui-website = Sitio web
ui-code-unknown-title = Este código no funciona
ui-code-unknown = Puede que haya caducado o que ya se haya usado. Aun así, puedes contactar con { $helpline }: cuéntanos qué está pasando.
ui-expires = Este código es válido hasta el { $when }.
ui-free = Gratis, anónimo y confidencial.
ui-too-many-tries = Demasiados intentos. Espera un minuto antes de volver a intentarlo.
ui-tomorrow = mañana
ui-today = hoy
## When the line opens: a day (today, tomorrow or a date) and a time.
ui-day-at-time = { $day } a las { $time }
## A date: $day and $month have two digits, $year four.
ui-date = { $day }/{ $month }
ui-report-to = Denunciar en { $platform }
ui-talk-to = Hablar con { $helpline }
ui-in-danger =
    { $reader ->
        [adult] ¿En peligro? Llame ahora:
       *[child] ¿En peligro? Llama ahora:
    }
ui-other-help =
    { $reader ->
        [adult] Otros servicios pueden ayudarle:
       *[child] Otros servicios pueden ayudarte:
    }
ui-widget-title =
    { $reader ->
        [adult] ¿Qué quiere hacer?
       *[child] ¿Qué quieres hacer?
    }
## The widget's link to the advice pages.
ui-more-help = Más ayuda y consejos
## The landing page's link to the advice for the report's category.
ui-advice-now = Consejos para ahora
ui-error-title = Hay un problema con esta página
ui-form-expired = El formulario ha caducado. Vuelve a cargar la página y empieza de nuevo: no se ha enviado nada.
ui-page-unreadable = No se ha podido leer esta dirección o este formulario. Vuelve atrás e inténtalo de nuevo.
ui-no-such-helpline = Aquí no conocemos esta línea de ayuda.

## The kinds of harm, as a child picks one.

category-harassment = Acoso
category-hate-speech = Discurso de odio
category-ncii = Difusión de imágenes íntimas sin consentimiento
category-sextortion = Chantaje con imágenes íntimas o la webcam (sextorsión)
category-sexist-sexual-violence = Violencia machista y sexual
category-threats = Amenazas
category-impersonation = Suplantación de identidad
category-doxxing = Difusión de datos personales
category-self-harm = Autolesiones o pensamientos de suicidio
category-grooming = Acoso sexual de un adulto a un menor por internet (grooming)
category-csam = Imágenes de abuso sexual infantil
category-scam = Estafa
category-other = Otro

## The web form, its receipt and the follow-up page ($helpline in several).

form-title = Escribir a { $helpline }
form-intro = Gratis, anónimo y confidencial. No tienes que decir tu nombre.
form-what = ¿Qué está pasando?
form-category = Se trata más bien de…
form-platform = ¿En qué aplicación o página web?
form-links = Enlaces a los contenidos (opcional)
form-links-hint = Un enlace por línea, que empiece por https://
form-age = Tu edad
form-ages-1 = menos de 13 años
form-ages-2 = de 13 a 17 años
form-ages-3 = 18 años o más
form-school = Estás en…
form-schools-1 = primaria
form-schools-2 = ESO
form-schools-3 = bachillerato
form-schools-4 = otro
form-reach = ¿Cómo te respondemos?
form-reach-none = No quiero que me contacten
form-reach-callback = Quiero que me llamen a este número
form-reach-come-back = Volveré con mi código
form-phone = Número de teléfono (solo para llamarte)
form-danger = Estoy en peligro ahora
form-send = Enviar
form-done-title = Mensaje enviado
form-your-reference = Tu código
form-your-word = Tu palabra secreta
form-keep-them = Guárdalos: con ellos vuelves a tu caso sin tener que contarlo todo otra vez.
form-next-callback = Alguien de { $helpline } te llamará lo antes posible, en horario de atención.
form-next-come-back = Puedes llamar a { $helpline } o volver a esta página con tu código y tu palabra secreta.
form-next-none = Tu mensaje se ha enviado al equipo de { $helpline }.
form-danger-now = Si estás en peligro ahora, llama al 112.
form-follow = Seguir mi caso
form-case-waiting = Tu mensaje está esperando a que alguien de { $helpline } lo lea. Lo leerán lo antes posible.
form-case-in-hand = Alguien de { $helpline } se está ocupando de tu caso.
form-case-finished = Tu caso está cerrado. Siempre puedes escribirnos o llamar a { $helpline }.
## What the form says when it cannot be sent: nothing was sent.
form-error-invisible = Se ha colado un carácter invisible en lo que escribiste: bórralo e inténtalo otra vez.
form-error-empty = Escribe en pocas palabras lo que está pasando.
form-error-too-long = Tu mensaje es demasiado largo (4000 caracteres como máximo).
form-error-platform = El nombre de la aplicación es demasiado largo.
form-error-link = Cada enlace debe empezar por https:// (un enlace por línea).
form-error-too-many-links = 20 enlaces como máximo.
form-error-phone = Escribe un número de teléfono para que te llamemos.

## The follow-up page (/suivi): a child comes back with their code and word.

followup-title = Seguir mi caso
followup-code-label = Tu código
followup-word-label = Tu palabra secreta
followup-submit = Ver cómo va mi caso
followup-write-again = Volver a escribir
followup-too-many = Demasiados intentos. Espera un minuto.
followup-no-match = Este código y esta palabra no corresponden a ningún caso. Revísalos o vuelve a escribirnos.
followup-message-length = Un mensaje tiene entre 1 y 2000 caracteres.
followup-choose-answer = Elige sí, un poco o no.

## The survey's page.

survey-title = ¿Qué tal ha ido?
survey-intro = Tres preguntas, si quieres. Es anónimo: tu respuesta no se guarda con tu caso.
survey-send = Enviar mis respuestas
survey-thanks = Gracias. Tus respuestas nos ayudan a ayudar mejor.
survey-already = Ya has respondido. ¡Gracias!

## The advice pages' own words, around the sheets.

advice-index-title =
    { $reader ->
        [adult] Consejos para madres y padres
       *[child] Consejos para ti
    }
advice-other-reader =
    { $reader ->
        [adult] Versión para jóvenes
       *[child] Versión para madres y padres
    }
advice-services =
    { $reader ->
        [adult] Otros servicios que pueden ayudarle
       *[child] Otros servicios que pueden ayudarte
    }
advice-abroad = ¿En otro país? Líneas de ayuda para jóvenes en el resto de Europa
advice-reach = Hablar con { $helpline }
advice-self-check = ¿Me están acosando?
advice-all-sheets = Todos los consejos
advice-sources = Fuentes y fechas de revisión
advice-see = Mira qué te puede ayudar
advice-check-intro = Responde a las preguntas que tienen que ver contigo. No se guarda nada.
advice-check-none = Puede que lo que vives no sea acoso. Pero si te hace daño, tienes derecho a hablar de ello.
advice-check-result = Lo que cuentas tiene un nombre, y podemos ayudarte.
advice-danger = Si estás en peligro ahora, llama al 112.
## Shown above a sheet that is not written in the reader's language yet.
advice-other-language = Estos consejos todavía no están traducidos a tu idioma.

## "Am I being harassed?": yes-or-no questions, for a child.

check-blackmail = ¿Alguien te amenaza con publicar imágenes íntimas tuyas, o te pide más imágenes, o dinero?
check-image = ¿Circula una foto o un vídeo íntimo tuyo sin tu permiso?
check-threat = ¿Alguien te amenaza con hacerte daño?
check-messages = ¿Te mandan mensajes que hacen daño o se burlan de ti, una y otra vez?
check-exclusion = ¿Te dejan fuera de un grupo o cuentan rumores sobre ti?

## The survey after a contact: three questions, for a child.

survey-heard = ¿Sentiste que te escuchaban?
survey-knows-next = ¿Sabes qué puedes hacer ahora?
survey-would-return = ¿Nos volverías a escribir, o se lo recomendarías a alguien que conozcas?
survey-yes = sí
survey-somewhat = un poco
survey-no = no

## Protecting an intimate photo: the page computes a fingerprint (a PDQ hash) on the child's
## phone; only the fingerprint is sent. $helpline is the helpline's name, $count a number,
## $date a date.

protect-title = Proteger una foto íntima
protect-intro = Si una foto íntima tuya está circulando, o si alguien amenaza con publicarla, puedes protegerla. Tu foto se queda en tu teléfono: solo se envía su huella, una serie de números y letras. Las plataformas la usan para bloquear las copias.
protect-nobody-sees = Nadie ve tu foto, ni siquiera nosotros.
protect-pick = Elige las fotos que quieres proteger
protect-send = Enviar las huellas
protect-working = Calculando las huellas en tu teléfono…
protect-sent = Listo. Huellas añadidas a tu caso: { $count }. Alguien de { $helpline } las revisará antes de enviarlas a las plataformas.
protect-blurry = Esta foto es demasiado borrosa o demasiado uniforme para poder reconocerla: prueba con otra más nítida.
protect-not-image = Este archivo no es una foto que se pueda leer.
## An animated image (a GIF): its first frame is what was hashed.
protect-animated = Es una imagen animada: solo se ha protegido su primera imagen.
protect-too-many = Como máximo, 20 fotos a la vez.
protect-failed = No se ha podido enviar. Revisa tu conexión y vuelve a intentarlo: tu foto no ha salido de tu teléfono.
protect-link = Proteger una foto íntima
protect-list-title = Tus fotos protegidas
protect-photo = Foto protegida el { $date }
protect-state-waiting = pendiente de revisión
protect-state-listed = enviada a las plataformas
protect-state-withdrawn = retirada
protect-withdraw = Retirar
protect-withdrawn = Retirada: las plataformas ya no la bloquearán.
