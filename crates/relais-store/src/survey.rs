//! What children answered after their contact, as counts by channel and
//! month (see `relais_core::survey`). Recording an answer adds to counters
//! and notes, by a keyed digest of the case's id, that this case's child has
//! answered: nothing joins an answer to its case.

use jiff::Timestamp;
use relais_core::case::ContactChannel;
use relais_core::id::CaseId;
use relais_core::survey::{Answer, Answers, Question};

use crate::row::{Read, millis, one};
use crate::{Result, Store, StoreError};

/// One channel's month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyMonth {
    pub channel: ContactChannel,
    /// `YYYY-MM`, on the helpline's calendar.
    pub month: String,
    /// Children who answered (some leave questions out).
    pub responses: u64,
    pub counts: Vec<(Question, Answer, u64)>,
}

impl SurveyMonth {
    /// How many answered `question` with `answer`.
    pub fn count(&self, question: Question, answer: Answer) -> u64 {
        self.counts.iter().find(|(q, a, _)| *q == question && *a == answer).map_or(0, |c| c.2)
    }
}

impl Store {
    /// Adds a child's answers to the counts of `channel` and `month`; false
    /// (nothing added) if this case's child answered already.
    pub async fn record_survey(
        &self,
        case: CaseId,
        channel: ContactChannel,
        month: &str,
        answers: &Answers,
        at: Timestamp,
    ) -> Result<bool> {
        let mut tx = self.pool.begin_with(self.dialect.begin_write()).await?;
        let fresh =
            sqlx::query("INSERT INTO survey_taken (digest, taken_at) VALUES ($1, $2) ON CONFLICT (digest) DO NOTHING")
                .bind(self.keys.digest(&format!("survey:{case}")))
                .bind(millis(at))
                .execute(&mut *tx)
                .await?;
        if !one(fresh) {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO survey_responses (channel, month, responses) VALUES ($1, $2, 1) \
             ON CONFLICT (channel, month) DO UPDATE SET responses = survey_responses.responses + 1",
        )
        .bind(channel.code())
        .bind(month)
        .execute(&mut *tx)
        .await?;
        for (question, answer) in &answers.0 {
            sqlx::query(
                "INSERT INTO survey_counts (channel, month, question, answer, count) VALUES ($1, $2, $3, $4, 1) \
                 ON CONFLICT (channel, month, question, answer) DO UPDATE SET count = survey_counts.count + 1",
            )
            .bind(channel.code())
            .bind(month)
            .bind(question.code())
            .bind(answer.code())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Whether this case's child answered already.
    pub async fn survey_taken(&self, case: CaseId) -> Result<bool> {
        let row = sqlx::query("SELECT 1 AS one FROM survey_taken WHERE digest = $1")
            .bind(self.keys.digest(&format!("survey:{case}")))
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.is_some())
    }

    /// The counts from month `since` (`YYYY-MM`) on, newest month first, by channel.
    pub async fn survey_results(&self, since: &str) -> Result<Vec<SurveyMonth>> {
        let months = sqlx::query(
            "SELECT channel, month, responses FROM survey_responses WHERE month >= $1 ORDER BY month DESC, channel",
        )
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        let counts = sqlx::query("SELECT channel, month, question, answer, count FROM survey_counts WHERE month >= $1")
            .bind(since)
            .fetch_all(&self.pool)
            .await?;
        let mut results: Vec<SurveyMonth> = months
            .iter()
            .map(|r| {
                Ok(SurveyMonth {
                    channel: r.code("channel")?,
                    month: r.text("month")?,
                    responses: r.count("responses")?,
                    counts: Vec::new(),
                })
            })
            .collect::<Result<_>>()?;
        for r in &counts {
            let (channel, month): (ContactChannel, String) = (r.code("channel")?, r.text("month")?);
            let question = Question::from_code(&r.text("question")?)
                .ok_or_else(|| StoreError::Corrupt("a survey question".into()))?;
            let answer =
                Answer::from_code(&r.text("answer")?).ok_or_else(|| StoreError::Corrupt("a survey answer".into()))?;
            if let Some(m) = results.iter_mut().find(|m| m.channel == channel && m.month == month) {
                m.counts.push((question, answer, r.count("count")?));
            }
        }
        Ok(results)
    }
}
