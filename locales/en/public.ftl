### Native speaker review: not yet

## What a child, a parent or a witness reads outside the chat: the widget,
## the landing page, the web form, the follow-up, the advice pages, the
## self-check and the survey.
##
## Variables: $helpline is the helpline's name ("3018"), $platform the app's.
## $reader is "child" or "adult": English says "you" to both, but keeps the
## choice where a sentence would differ.

## The widget's sentence, chosen by the referral policy.

policy-offer-helpline = You can report this to the platform or talk to { $helpline }, free, anonymous and confidential.
policy-offer-helpline-closed = { $helpline } is closed right now: leave a message or ask for a call back, and report the content to the platform.
policy-adult-platform-only = { $helpline } is for minors and their parents; report this to the platform, and these services can help you.
policy-emergency = If someone is in danger, call an emergency number now.
policy-emergency-with-helpline = If someone is in danger, call an emergency number now; { $helpline } can help you too.
policy-no-helpline-in-country = No helpline is listed for this country ({ $country }) yet: report this to the platform.

## The widget, the two-choice page and the landing page.

ui-landing-title = Talk to { $helpline }
ui-already-have = We already have what you reported on { $platform }.
ui-no-repeat = You won't have to tell it all again.
ui-your-code = Your code
ui-read-the-code = Give this code to the person who answers, on the phone or in the chat.
ui-open-now = Open now
ui-open-until = Open until { $time }
ui-closed-opens-at = Closed right now. Opens { $when }.
ui-hours-unknown = Opening hours not published
ui-wait-about = Estimated wait: about { $minutes } min
ui-call = Call { $helpline }
ui-chat = Chat
ui-write-to-us = Leave a message
ui-call-me-back = Ask to be called back
ui-website = Website
ui-code-unknown-title = This code doesn't work
ui-code-unknown = It may have expired or been used already. You can still contact { $helpline }: tell us what is happening.
ui-expires = This code works until { $when }.
ui-free = Free, anonymous and confidential.
ui-too-many-tries = Too many tries. Wait a minute before trying again.
ui-tomorrow = tomorrow
ui-today = today
## When the line opens: a day (today, tomorrow or a date) and a time.
ui-day-at-time = { $day } at { $time }
## A date: $day and $month have two digits, $year four.
ui-date = { $year }-{ $month }-{ $day }
ui-report-to = Report to { $platform }
ui-talk-to = Talk to { $helpline }
ui-in-danger = In danger? Call now:
ui-other-help = Other services can help:
ui-widget-title = What would you like to do?
## The widget's link to the advice pages.
ui-more-help = More help and advice
## The landing page's link to the advice for the report's category.
ui-advice-now = Advice for right now
ui-error-title = Something is wrong with this page
ui-form-expired = The form has expired. Reload the page and start again: nothing was sent.
ui-page-unreadable = This address or this form could not be read. Go back and try again.
ui-no-such-helpline = This helpline is not known here.

## The kinds of harm, as a child picks one.

category-harassment = Harassment
category-hate-speech = Hate speech
category-ncii = Intimate images shared without consent
category-sextortion = Webcam blackmail (sextortion)
category-sexist-sexual-violence = Sexist and sexual violence
category-threats = Threats
category-impersonation = Impersonation
category-doxxing = Personal information exposed (doxxing)
category-self-harm = Self-harm or suicidal thoughts
category-grooming = Grooming
category-csam = Child sexual abuse material
category-scam = Scam
category-other = Other

## The web form, its receipt and the follow-up page ($helpline in several).

form-title = Write to { $helpline }
form-intro = Free, anonymous and confidential. You don't need to give your name.
form-what = What is happening?
form-category = It is mostly…
form-platform = On which app or website?
form-links = Links to the content (optional)
form-links-hint = One link per line, starting with https://
form-age = Your age
form-ages-1 = under 13
form-ages-2 = 13 to 17
form-ages-3 = 18 or over
form-school = You are at…
form-schools-1 = primary school
form-schools-2 = middle school
form-schools-3 = high school
form-schools-4 = other
form-reach = How should we answer?
form-reach-none = I don't want to be contacted
form-reach-callback = Call me back on this number
form-reach-come-back = I will come back with my code
form-phone = Phone number (only to call you back)
form-danger = I am in danger right now
form-send = Send
form-done-title = It's sent
form-your-reference = Your code
form-your-word = Your secret word
form-keep-them = Keep them: with them you come back to your case without telling it all again.
form-next-callback = Someone from { $helpline } will call you back as soon as possible, during opening hours.
form-next-come-back = You can call { $helpline } or come back to this page with your code and secret word.
form-next-none = Your message has been passed to the { $helpline } team.
form-danger-now = If you are in danger right now, call 112.
form-follow = Follow my case
form-case-waiting = Your message is waiting for someone at { $helpline } to read it, as soon as possible.
form-case-in-hand = Someone at { $helpline } is working on your case.
form-case-finished = Your case is finished. You can always write to us or call { $helpline }.
## What the form says when it cannot be sent: nothing was sent.
form-error-invisible = An invisible character slipped into what you wrote: remove it and try again.
form-error-empty = Write a few words about what is happening.
form-error-too-long = Your message is too long (4,000 characters at most).
form-error-platform = The app's name is too long.
form-error-link = Each link must start with https:// (one per line).
form-error-too-many-links = 20 links at most.
form-error-phone = Give a phone number to be called back.

## The follow-up page (/suivi): a child comes back with their code and word.

followup-title = Follow my case
followup-code-label = Your code
followup-word-label = Your secret word
followup-submit = See where my case stands
followup-write-again = Write again
followup-too-many = Too many tries. Wait a minute.
followup-no-match = This code and word match no case. Check them, or write to us again.
followup-message-length = A message is 1 to 2,000 characters.
followup-choose-answer = Choose yes, somewhat or no.

## The survey's page.

survey-title = How did it go?
survey-intro = Three questions, if you like. It is anonymous: your answer is not kept with your case.
survey-send = Send my answers
survey-thanks = Thank you. Your answers help us help better.
survey-already = You have answered already. Thank you!

## The advice pages' own words, around the sheets.

advice-index-title =
    { $reader ->
        [adult] Advice for parents
       *[child] Advice for you
    }
advice-other-reader =
    { $reader ->
        [adult] Version for young people
       *[child] Version for parents
    }
advice-services = Other services that can help
advice-abroad = In another country? Lines for young people elsewhere in Europe
advice-reach = Talk to { $helpline }
advice-self-check = Am I being harassed?
advice-all-sheets = All the advice
advice-sources = Sources and review dates
advice-see = See what can help
advice-check-intro = Answer the questions that are about you. Nothing is kept.
advice-check-none = What you're going through may not be harassment, but if it hurts, you have the right to talk about it.
advice-check-result = What you describe has a name, and we can help.
advice-danger = If you are in danger right now, call 17 or 112.
## Shown above a sheet that is not written in the reader's language yet.
advice-other-language = This advice is not translated into your language yet.

## "Am I being harassed?": yes-or-no questions, for a child.

check-blackmail = Is someone threatening to post intimate images of you, or asking you for more, or for money?
check-image = Is an intimate photo or video of you being shared without your consent?
check-threat = Is someone threatening to hurt you?
check-messages = Do people send you hurtful messages or make fun of you, again and again?
check-exclusion = Are you left out of a group, or are rumours spread about you?

## The survey after a contact: three questions, for a child.

survey-heard = Did you feel listened to?
survey-knows-next = Do you know what you can do now?
survey-would-return = Would you write to us again, or tell a friend to?
survey-yes = yes
survey-somewhat = somewhat
survey-no = no

## Protecting an intimate photo: the page computes a fingerprint (a PDQ hash) on the child's
## phone; only the fingerprint is sent. $helpline is the helpline's name, $count a number,
## $date a date.

protect-title = Protect an intimate photo
protect-intro = If an intimate photo of you is being shared, or someone threatens to post it, you can protect it. Your photo stays on your phone: only its fingerprint, a string of numbers and letters, is sent. Platforms use it to block copies.
protect-nobody-sees = Nobody sees your photo, not even us.
protect-pick = Choose the photos to protect
protect-send = Send the fingerprints
protect-working = Working out the fingerprints on your phone…
protect-sent = Done. Fingerprints added to your case: { $count }. Someone from { $helpline } will check them before passing them to the platforms.
protect-blurry = This photo is too blurry or too plain to be recognised: try another, sharper one.
protect-not-image = This file is not a photo that can be read.
## An animated image (a GIF): its first frame is what was hashed.
protect-animated = This is an animated image: only its first frame was protected.
protect-too-many = 20 photos at most at a time.
protect-failed = Sending did not work. Check your connection and try again: your photo never left your phone.
protect-link = Protect an intimate photo
protect-list-title = Your protected photos
protect-photo = Photo protected on { $date }
protect-state-waiting = waiting to be checked
protect-state-listed = passed to the platforms
protect-state-withdrawn = withdrawn
protect-withdraw = Withdraw
protect-withdrawn = Withdrawn: the platforms will no longer block it.
