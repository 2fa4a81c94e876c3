//! The few questions a child may answer once their contact is over: were
//! they heard, do they know what to do next, would they come back. Optional,
//! anonymous, counted by channel and month only: an answer is never kept
//! beside the case it follows, so that no reply can be read back to a child.

use serde::{Deserialize, Serialize};

use crate::Locale;
use crate::i18n::words;

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

    /// The question as the child reads it ("tu").
    pub fn text(self, locale: Locale) -> &'static str {
        let t = SurveyText::get(locale);
        match self {
            Question::Heard => t.heard,
            Question::KnowsNext => t.knows_next,
            Question::WouldReturn => t.would_return,
        }
    }

    /// Short, for a table's heading on the supervisors' dashboard.
    pub fn label(self, locale: Locale) -> &'static str {
        let t = SurveyLabels::get(locale);
        match self {
            Question::Heard => t.heard,
            Question::KnowsNext => t.knows_next,
            Question::WouldReturn => t.would_return,
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
        let t = SurveyText::get(locale);
        match self {
            Answer::Yes => t.yes,
            Answer::Somewhat => t.somewhat,
            Answer::No => t.no,
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

words! {
    /// The words around the questions.
    pub struct SurveyText in Public / "survey" {
        title,
        intro,
        send,
        thanks,
        already,
        heard,
        knows_next,
        would_return,
        yes,
        somewhat,
        no,
    }
}

words! {
    /// The questions, short, as headings of the dashboard's table.
    pub struct SurveyLabels in Console / "survey-label" {
        heard,
        knows_next,
        would_return,
    }
}

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
