//! How easy a text is to read, to hold the words written for children to a
//! reading age they have: Flesch's reading ease for English, and Kandel and
//! Moles' adaptation of it for French (the same formula with French
//! syllables' weight). 100 is very easy; 60–70 is plain language, read by
//! 12–15-year-olds; under 30 is for graduates.
//!
//! Syllables are counted as groups of vowels, less a silent final "e": an
//! estimate, good enough to catch a long sentence of long words.
//!
//! Only French and English are measured: the other languages' adaptations
//! weigh syllables differently and count them by other rules (German
//! compounds, Polish clusters), and are read with the English formula here,
//! which no test relies on.

use crate::Locale;

const VOWELS: &str = "aeiouyàâäéèêëîïôöùûüÿœæ";

/// The syllables of one word, estimated.
pub fn syllables(word: &str, locale: Locale) -> usize {
    let word: String = word.chars().filter(|c| c.is_alphabetic()).flat_map(char::to_lowercase).collect();
    if word.is_empty() {
        return 0;
    }
    let mut groups = 0;
    let mut in_vowels = false;
    for c in word.chars() {
        let vowel = VOWELS.contains(c);
        if vowel && !in_vowels {
            groups += 1;
        }
        in_vowels = vowel;
    }
    let silent = match locale {
        Locale::Fr => word.ends_with('e') || word.ends_with("es") || word.ends_with("ent"),
        _ => word.ends_with('e') && !word.ends_with("le") && !word.ends_with("ee"),
    };
    if silent && groups > 1 { groups - 1 } else { groups.max(1) }
}

/// The reading ease of a text (several sentences).
pub fn reading_ease(text: &str, locale: Locale) -> f64 {
    let sentences =
        text.split(['.', '!', '?', ';', ':']).filter(|s| s.split_whitespace().next().is_some()).count().max(1);
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '\'' || c == '’')
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    if words.is_empty() {
        return 100.0;
    }
    let syllables: usize = words.iter().map(|w| syllables(w, locale)).sum();
    let per_sentence = words.len() as f64 / sentences as f64;
    let per_word = syllables as f64 / words.len() as f64;
    match locale {
        Locale::Fr => 207.0 - 1.015 * per_sentence - 73.6 * per_word,
        _ => 206.835 - 1.015 * per_sentence - 84.6 * per_word,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_are_counted_as_people_say_them() {
        assert_eq!(syllables("harassment", Locale::En), 3);
        assert_eq!(syllables("blackmail", Locale::En), 2);
        assert_eq!(syllables("simple", Locale::En), 2);
        assert_eq!(syllables("make", Locale::En), 1);
        assert_eq!(syllables("harcèlement", Locale::Fr), 3);
        assert_eq!(syllables("écoute", Locale::Fr), 2);
        assert_eq!(syllables("confidentiel", Locale::Fr), 4);
    }

    #[test]
    fn a_plain_sentence_reads_easier_than_a_legal_one() {
        let plain = reading_ease("Tu n'as rien fait de mal. On peut t'aider.", Locale::Fr);
        let legal = reading_ease(
            "La diffusion sans consentement d'un enregistrement présentant un caractère sexuel constitue une infraction pénalement sanctionnée.",
            Locale::Fr,
        );
        assert!(plain > 80.0 && legal < 40.0, "{plain} / {legal}");
        assert!(reading_ease("Don't pay. Block them. Tell an adult you trust.", Locale::En) > 80.0);
    }

    /// What a child reads, in a language: the advice sheets for children, the
    /// self-check, the survey, the referral's sentences to a child, the chat page.
    fn childrens_texts(locale: Locale) -> Vec<String> {
        use crate::advice::{Advice, Reader, self_check};
        let advice = Advice::builtin().expect("the shipped advice");
        let mut texts = Vec::new();
        for category in crate::Category::ALL {
            let sheet = advice.sheet(category, Reader::Child, locale);
            texts.push(sheet.summary.clone());
            texts.extend(sheet.sections.iter().flat_map(|s| s.points.iter().map(|p| p.text.clone())));
        }
        texts.extend(self_check::QUESTIONS.iter().map(|(code, _)| self_check::question(code, locale).to_owned()));
        let survey = crate::survey::SurveyText::get(locale);
        texts.extend([survey.intro, survey.thanks].map(str::to_owned));
        texts.extend(crate::survey::Question::ALL.map(|q| q.text(locale).to_owned()));
        use crate::i18n::Message;
        for message in [
            Message::OfferHelpline { helpline: "3018", formal: false },
            Message::OfferHelplineClosed { helpline: "3018", formal: false },
            Message::EmergencyWithHelpline { helpline: "3018", formal: false },
        ] {
            texts.push(message.render(locale));
        }
        let chat = crate::i18n::chat::ChatText::get(locale);
        texts.extend([chat.intro, chat.ended_keep, chat.waiting_reassure, chat.in_danger_call].map(str::to_owned));
        texts.sort();
        texts.dedup();
        texts
    }

    /// The words written for children read at their age: easy taken together
    /// (70 or more: the shipped texts read at 97 in French, 84 in English), and
    /// no single text near the legal register (the sentence above reads at 34;
    /// the hardest shipped one at 49).
    #[test]
    fn what_children_read_is_plain_language() {
        for locale in [Locale::Fr, Locale::En] {
            let texts = childrens_texts(locale);
            assert!(texts.len() > 30, "{} texts", texts.len());
            let whole = reading_ease(&texts.join(" "), locale);
            assert!(whole >= 70.0, "{locale:?}: the children's texts together read at {whole:.0}");
            for text in &texts {
                let ease = reading_ease(text, locale);
                assert!(ease >= 40.0, "{locale:?}: {ease:.0} is too hard for a child: {text}");
            }
        }
    }
}
