//! The few questions a child may answer once their contact is over: were
//! they heard, do they know what to do next, would they come back. Optional,
//! anonymous, counted by channel and month only: an answer is never kept
//! beside the case it follows, so that no reply can be read back to a child.

use serde::{Deserialize, Serialize};

use crate::Locale;

/// What is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Question {
    /// Did you feel heard?
    Heard,
    /// Do you know what to do next?
    KnowsNext,
    /// Would you come back, or tell a friend to?
    WouldReturn,
}

impl Question {
    pub const ALL: [Question; 3] = [Question::Heard, Question::KnowsNext, Question::WouldReturn];

    pub fn code(self) -> &'static str {
        match self {
            Question::Heard => "heard",
            Question::KnowsNext => "knows_next",
            Question::WouldReturn => "would_return",
        }
    }

    pub fn from_code(code: &str) -> Option<Question> {
        Question::ALL.into_iter().find(|q| q.code() == code)
    }

    /// The question as the child reads it ("tu"), or as a supervisor reads its results.
    pub fn text(self, locale: Locale) -> &'static str {
        match (self, locale) {
            (Question::Heard, Locale::Fr) => "Tu t'es senti·e écouté·e ?",
            (Question::KnowsNext, Locale::Fr) => "Tu sais ce que tu peux faire maintenant ?",
            (Question::WouldReturn, Locale::Fr) => "Tu nous réécrirais, ou tu le conseillerais à un·e ami·e ?",
            (Question::Heard, Locale::En) => "Did you feel listened to?",
            (Question::KnowsNext, Locale::En) => "Do you know what you can do now?",
            (Question::WouldReturn, Locale::En) => "Would you write to us again, or tell a friend to?",
        }
    }

    /// Short, for a table's heading.
    pub fn label(self, locale: Locale) -> &'static str {
        match (self, locale) {
            (Question::Heard, Locale::Fr) => "écouté·e",
            (Question::KnowsNext, Locale::Fr) => "sait quoi faire",
            (Question::WouldReturn, Locale::Fr) => "reviendrait",
            (Question::Heard, Locale::En) => "heard",
            (Question::KnowsNext, Locale::En) => "knows what to do",
            (Question::WouldReturn, Locale::En) => "would come back",
        }
    }
}

/// An answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Yes,
    Somewhat,
    No,
}

impl Answer {
    pub const ALL: [Answer; 3] = [Answer::Yes, Answer::Somewhat, Answer::No];

    pub fn code(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::Somewhat => "somewhat",
            Answer::No => "no",
        }
    }

    pub fn from_code(code: &str) -> Option<Answer> {
        Answer::ALL.into_iter().find(|a| a.code() == code)
    }

    pub fn text(self, locale: Locale) -> &'static str {
        match (self, locale) {
            (Answer::Yes, Locale::Fr) => "oui",
            (Answer::Somewhat, Locale::Fr) => "un peu",
            (Answer::No, Locale::Fr) => "non",
            (Answer::Yes, Locale::En) => "yes",
            (Answer::Somewhat, Locale::En) => "somewhat",
            (Answer::No, Locale::En) => "no",
        }
    }
}

/// What a child answered: any question may be left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers(pub Vec<(Question, Answer)>);

impl Answers {
    /// Reads `question=answer` pairs (a form, a JSON object): an unknown
    /// question or answer is refused, naming it; a question asked twice keeps
    /// its last answer. Empty answers are "not answered".
    pub fn read<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Answers, String> {
        let mut answers: Vec<(Question, Answer)> = Vec::new();
        for (question, answer) in pairs {
            let q = Question::from_code(question).ok_or_else(|| question.to_owned())?;
            if answer.is_empty() {
                continue;
            }
            let a = Answer::from_code(answer).ok_or_else(|| q.code().to_owned())?;
            answers.retain(|(seen, _)| *seen != q);
            answers.push((q, a));
        }
        answers.sort();
        Ok(Answers(answers))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The words around the questions.
#[derive(Debug)]
pub struct SurveyText {
    pub title: &'static str,
    pub intro: &'static str,
    pub send: &'static str,
    pub thanks: &'static str,
    pub already: &'static str,
}

impl SurveyText {
    pub fn get(locale: Locale) -> &'static SurveyText {
        match locale {
            Locale::Fr => &FR,
            Locale::En => &EN,
        }
    }
}

static FR: SurveyText = SurveyText {
    title: "Comment ça s'est passé ?",
    intro: "Trois questions, si tu veux. C'est anonyme : ta réponse n'est pas gardée avec ton dossier.",
    send: "Envoyer mes réponses",
    thanks: "Merci. Tes réponses nous aident à mieux aider.",
    already: "Tu as déjà répondu. Merci !",
};

static EN: SurveyText = SurveyText {
    title: "How did it go?",
    intro: "Three questions, if you like. It is anonymous: your answer is not kept with your case.",
    send: "Send my answers",
    thanks: "Thank you. Your answers help us help better.",
    already: "You have answered already. Thank you!",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_read_strictly_and_may_be_left_out() {
        let read = Answers::read([("heard", "yes"), ("knows_next", ""), ("would_return", "no")]).expect("reads");
        assert_eq!(read.0, vec![(Question::Heard, Answer::Yes), (Question::WouldReturn, Answer::No)]);
        assert_eq!(Answers::read([("heard", "maybe")]), Err("heard".to_owned()), "names the question");
        assert_eq!(Answers::read([("age", "yes")]), Err("age".to_owned()));
        assert!(Answers::read([]).expect("nothing").is_empty());
        let twice = Answers::read([("heard", "no"), ("heard", "yes")]).expect("reads");
        assert_eq!(twice.0, vec![(Question::Heard, Answer::Yes)]);
    }

    #[test]
    fn every_question_and_answer_reads_in_both_languages() {
        for locale in [Locale::Fr, Locale::En] {
            for q in Question::ALL {
                assert!(!q.text(locale).is_empty() && !q.label(locale).is_empty());
            }
            for a in Answer::ALL {
                assert!(!a.text(locale).is_empty());
            }
        }
    }
}
