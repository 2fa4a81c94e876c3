### Native speaker review: not yet

## What a child, a parent or a witness reads outside the chat: the widget,
## the landing page, the web form, the follow-up, the advice pages, the
## self-check and the survey.
##
## Variables: $helpline is the helpline's name ("3018"), $platform the app's.
## $reader is "child" or "adult": a child is addressed as "ty", an adult
## (a parent, an adult witness) politely ("Pan/Pani" or an impersonal form).

## The widget's sentence, chosen by the referral policy.

policy-offer-helpline =
    { $reader ->
        [adult] Można zgłosić to na platformie albo porozmawiać z linią { $helpline } – bezpłatnie, anonimowo i poufnie.
       *[child] Możesz zgłosić to na platformie albo porozmawiać z linią { $helpline } – bezpłatnie, anonimowo i poufnie.
    }
policy-offer-helpline-closed =
    { $reader ->
        [adult] Linia { $helpline } jest teraz nieczynna. Można zostawić wiadomość albo poprosić o oddzwonienie. Prosimy też zgłosić te treści na platformie.
       *[child] Linia { $helpline } jest teraz nieczynna. Zostaw wiadomość albo poproś o oddzwonienie. Zgłoś też te treści na platformie.
    }
policy-adult-platform-only = Linia { $helpline } jest dla osób niepełnoletnich i ich rodziców. Prosimy zgłosić te treści na platformie. Pomóc mogą też te organizacje.
policy-emergency = Jeśli ktoś jest w niebezpieczeństwie, prosimy od razu zadzwonić pod numer alarmowy.
policy-emergency-with-helpline =
    { $reader ->
        [adult] Jeśli ktoś jest w niebezpieczeństwie, prosimy od razu zadzwonić pod numer alarmowy. Pomóc może też linia { $helpline }.
       *[child] Jeśli ktoś jest w niebezpieczeństwie, od razu zadzwoń pod numer alarmowy. Linia { $helpline } też może ci pomóc.
    }
policy-no-helpline-in-country = Dla tego kraju ({ $country }) nie ma jeszcze żadnej linii wsparcia. Prosimy zgłosić te treści na platformie.

## The widget, the two-choice page and the landing page.

ui-landing-title = Rozmowa z linią { $helpline }
ui-already-have =
    { $reader ->
        [adult] Mamy już zgłoszenie przesłane z serwisu { $platform }.
       *[child] Mamy już twoje zgłoszenie z serwisu { $platform }.
    }
ui-no-repeat =
    { $reader ->
        [adult] Nie trzeba będzie opowiadać wszystkiego od nowa.
       *[child] Nie musisz opowiadać wszystkiego od nowa.
    }
ui-your-code =
    { $reader ->
        [adult] Pana/Pani kod
       *[child] Twój kod
    }
ui-read-the-code =
    { $reader ->
        [adult] Prosimy podać ten kod osobie, z którą Pan/Pani rozmawia – przez telefon albo na czacie.
       *[child] Podaj ten kod osobie, z którą rozmawiasz – przez telefon albo na czacie.
    }
ui-open-now = Teraz czynne
ui-open-until = Czynne do { $time }
ui-closed-opens-at = Teraz nieczynne. Otwarcie: { $when }.
ui-hours-unknown = Brak informacji o godzinach otwarcia
ui-wait-about = Szacowany czas czekania: około { $minutes } min
ui-call = Zadzwoń do linii { $helpline }
ui-chat = Czat
ui-write-to-us = Zostaw wiadomość
ui-call-me-back = Poproś o oddzwonienie
ui-website = Strona internetowa
ui-code-unknown-title = Ten kod nie działa
ui-code-unknown = Może stracił ważność albo został już użyty. Nadal możesz skontaktować się z linią { $helpline }: opowiedz nam, co się dzieje.
ui-expires = Ten kod jest ważny do { $when }.
ui-free = Bezpłatnie, anonimowo i poufnie.
ui-too-many-tries = Za dużo prób. Poczekaj minutę i spróbuj jeszcze raz.
ui-tomorrow = jutro
ui-today = dzisiaj
## When the line opens: a day (today, tomorrow or a date) and a time.
ui-day-at-time = { $day } o { $time }
## A date: $day and $month have two digits, $year four.
ui-date = { $day }.{ $month }
ui-report-to = Zgłoś w serwisie { $platform }
ui-talk-to = Porozmawiaj z linią { $helpline }
ui-in-danger =
    { $reader ->
        [adult] Ktoś jest w niebezpieczeństwie? Prosimy zadzwonić teraz:
       *[child] Grozi ci niebezpieczeństwo? Zadzwoń teraz:
    }
ui-other-help =
    { $reader ->
        [adult] Pomóc mogą też inne organizacje:
       *[child] Inne organizacje też mogą ci pomóc:
    }
ui-widget-title =
    { $reader ->
        [adult] Co chce Pan/Pani zrobić?
       *[child] Co chcesz zrobić?
    }
## The widget's link to the advice pages.
ui-more-help = Więcej pomocy i porad
## The landing page's link to the advice for the report's category.
ui-advice-now = Porady na teraz
ui-error-title = Coś jest nie tak z tą stroną
ui-form-expired = Formularz wygasł. Odśwież stronę i zacznij od nowa: nic nie zostało wysłane.
ui-page-unreadable = Nie udało się odczytać tego adresu albo formularza. Wróć i spróbuj jeszcze raz.
ui-no-such-helpline = Nie znamy tu takiej linii wsparcia.

## The kinds of harm, as a child picks one.

category-harassment = Nękanie
category-hate-speech = Mowa nienawiści
category-ncii = Udostępnianie intymnych zdjęć lub filmów bez zgody
category-sextortion = Szantaż nagraniami z kamerki (sekstorsja)
category-sexist-sexual-violence = Przemoc seksistowska i seksualna
category-threats = Groźby
category-impersonation = Podszywanie się pod kogoś
category-doxxing = Ujawnianie danych osobowych (doxxing)
category-self-harm = Samookaleczanie lub myśli samobójcze
category-grooming = Grooming (uwodzenie)
category-csam = Materiały przedstawiające seksualne wykorzystywanie dzieci
category-scam = Oszustwo
category-other = Inne

## The web form, its receipt and the follow-up page ($helpline in several).

form-title = Napisz do linii { $helpline }
form-intro = Bezpłatnie, anonimowo i poufnie. Nie musisz podawać swojego imienia.
form-what = Co się dzieje?
form-category = Chodzi głównie o…
form-platform = W jakiej aplikacji albo na jakiej stronie?
form-links = Linki do tych treści (nieobowiązkowo)
form-links-hint = Jeden link w każdej linijce, zaczynający się od https://
form-age = Twój wiek
form-ages-1 = mniej niż 13 lat
form-ages-2 = 13–17 lat
form-ages-3 = 18 lat lub więcej
form-school = Do jakiej szkoły chodzisz?
form-schools-1 = szkoła podstawowa (klasy 1–3)
form-schools-2 = szkoła podstawowa (klasy 4–8)
form-schools-3 = szkoła średnia
form-schools-4 = inna
form-reach = Jak mamy ci odpowiedzieć?
form-reach-none = Nie chcę, żeby ktoś się ze mną kontaktował
form-reach-callback = Oddzwońcie do mnie na ten numer
form-reach-come-back = Wrócę tu z moim kodem
form-phone = Numer telefonu (tylko po to, żeby do ciebie oddzwonić)
form-danger = Jestem teraz w niebezpieczeństwie
form-send = Wyślij
form-done-title = Wysłane
form-your-reference = Twój kod
form-your-word = Twoje tajne słowo
form-keep-them = Zachowaj je. Dzięki nim wrócisz do swojego zgłoszenia i nie będziesz musieć opowiadać wszystkiego od nowa.
form-next-callback = Ktoś z linii { $helpline } oddzwoni do ciebie najszybciej, jak się da, w godzinach otwarcia.
form-next-come-back = Możesz zadzwonić do linii { $helpline } albo wrócić na tę stronę z kodem i tajnym słowem.
form-next-none = Twoja wiadomość trafiła do zespołu linii { $helpline }.
form-danger-now = Jeśli jesteś teraz w niebezpieczeństwie, zadzwoń pod 112.
form-follow = Sprawdź moje zgłoszenie
form-case-waiting = Twoja wiadomość czeka, aż przeczyta ją ktoś z linii { $helpline }. Stanie się to jak najszybciej.
form-case-in-hand = Ktoś z linii { $helpline } zajmuje się twoim zgłoszeniem.
form-case-finished = Twoje zgłoszenie jest zakończone. Zawsze możesz do nas napisać albo zadzwonić do linii { $helpline }.
## What the form says when it cannot be sent: nothing was sent.
form-error-invisible = W tym, co napisałeś, jest niewidoczny znak: usuń go i spróbuj jeszcze raz.
form-error-empty = Napisz w kilku słowach, co się dzieje.
form-error-too-long = Twoja wiadomość jest za długa (najwyżej 4000 znaków).
form-error-platform = Nazwa aplikacji jest za długa.
form-error-link = Każdy link musi zaczynać się od https:// (jeden link w linijce).
form-error-too-many-links = Najwyżej 20 linków.
form-error-phone = Podaj numer telefonu, żebyśmy mogli oddzwonić.

## The follow-up page (/suivi): a child comes back with their code and word.

followup-title = Sprawdź moje zgłoszenie
followup-code-label = Twój kod
followup-word-label = Twoje tajne słowo
followup-submit = Zobacz, co z moim zgłoszeniem
followup-write-again = Napisz jeszcze raz
followup-too-many = Za dużo prób. Poczekaj minutę.
followup-no-match = Ten kod i to słowo nie pasują do żadnego zgłoszenia. Sprawdź je albo napisz do nas jeszcze raz.
followup-message-length = Wiadomość może mieć od 1 do 2000 znaków.
followup-choose-answer = Wybierz: tak, trochę albo nie.

## The survey's page.

survey-title = Jak poszło?
survey-intro = Trzy pytania, jeśli chcesz. To anonimowe: twoja odpowiedź nie jest przechowywana razem z twoim zgłoszeniem.
survey-send = Wyślij odpowiedzi
survey-thanks = Dziękujemy. Twoje odpowiedzi pomagają nam lepiej pomagać.
survey-already = Twoje odpowiedzi już do nas dotarły. Dziękujemy!

## The advice pages' own words, around the sheets.

advice-index-title =
    { $reader ->
        [adult] Porady dla rodziców
       *[child] Porady dla ciebie
    }
advice-other-reader =
    { $reader ->
        [adult] Wersja dla młodzieży
       *[child] Wersja dla rodziców
    }
advice-services =
    { $reader ->
        [adult] Inne organizacje, które mogą pomóc
       *[child] Inne organizacje, które mogą ci pomóc
    }
advice-abroad = W innym kraju? Linie wsparcia dla młodzieży w innych krajach Europy
advice-reach = Porozmawiaj z linią { $helpline }
advice-self-check = Czy ktoś mnie nęka?
advice-all-sheets = Wszystkie porady
advice-sources = Źródła i daty sprawdzenia
advice-see = Zobacz, co może ci pomóc
advice-check-intro = Odpowiedz na pytania, które cię dotyczą. Nic nie jest zapisywane.
advice-check-none = To, co przeżywasz, może nie być nękaniem. Ale jeśli cię to boli, masz prawo o tym porozmawiać.
advice-check-result = To, co opisujesz, ma swoją nazwę. I możemy ci pomóc.
advice-danger = Jeśli jesteś teraz w niebezpieczeństwie, zadzwoń pod 112.
## Shown above a sheet that is not written in the reader's language yet.
advice-other-language = Te porady nie są jeszcze przetłumaczone na twój język.

## "Am I being harassed?": yes-or-no questions, for a child.

check-blackmail = Czy ktoś grozi, że opublikuje twoje intymne zdjęcia? Albo żąda od ciebie kolejnych zdjęć lub pieniędzy?
check-image = Czy ktoś udostępnia twoje intymne zdjęcie lub film bez twojej zgody?
check-threat = Czy ktoś grozi, że zrobi ci krzywdę?
check-messages = Czy ktoś raz po raz wysyła ci przykre wiadomości albo się z ciebie wyśmiewa?
check-exclusion = Czy ktoś wyklucza cię z grupy albo rozpuszcza o tobie plotki?

## The survey after a contact: three questions, for a child.

survey-heard = Czy ktoś naprawdę cię wysłuchał?
survey-knows-next = Czy wiesz, co możesz teraz zrobić?
survey-would-return = Czy jeszcze kiedyś do nas napiszesz albo polecisz nas komuś znajomemu?
survey-yes = tak
survey-somewhat = trochę
survey-no = nie

## Protecting an intimate photo: the page computes a fingerprint (a PDQ hash) on the child's
## phone; only the fingerprint is sent. $helpline is the helpline's name, $count a number,
## $date a date.

protect-title = Ochroń intymne zdjęcie
protect-intro = Jeśli twoje intymne zdjęcie krąży w sieci albo ktoś grozi, że je opublikuje, możesz je ochronić. Twoje zdjęcie zostaje w twoim telefonie: wysyłany jest tylko jego odcisk cyfrowy, czyli ciąg cyfr i liter. Platformy używają go, żeby blokować kopie.
protect-nobody-sees = Nikt nie widzi twojego zdjęcia, nawet my.
protect-pick = Wybierz zdjęcia, które chcesz ochronić
protect-send = Wyślij odciski cyfrowe
protect-working = Trwa obliczanie odcisków cyfrowych na twoim telefonie…
protect-sent = Gotowe. Odciski cyfrowe dodane do twojego zgłoszenia: { $count }. Ktoś z linii { $helpline } sprawdzi je, zanim przekaże je platformom.
protect-blurry = To zdjęcie jest zbyt rozmazane albo zbyt jednolite, żeby dało się je rozpoznać: spróbuj z innym, ostrzejszym.
protect-not-image = Tego pliku nie da się odczytać jako zdjęcia.
## An animated image (a GIF): its first frame is what was hashed.
protect-animated = To animowany obraz: chroniona jest tylko jego pierwsza klatka.
protect-too-many = Najwyżej 20 zdjęć naraz.
protect-failed = Nie udało się wysłać. Sprawdź połączenie i spróbuj jeszcze raz: twoje zdjęcie nie opuściło telefonu.
protect-link = Ochroń intymne zdjęcie
protect-list-title = Twoje chronione zdjęcia
protect-photo = Zdjęcie chronione od { $date }
protect-state-waiting = czeka na sprawdzenie
protect-state-listed = przekazane platformom
protect-state-withdrawn = wycofane
protect-withdraw = Wycofaj
protect-withdrawn = Wycofane: platformy nie będą już go blokować.
