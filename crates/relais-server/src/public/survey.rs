//! The three questions after a contact (see `relais_core::survey`): asked on
//! `/suivi` once a case is finished, and at the end of a chat
//! (`POST /chat/survey`, with the conversation's resume token). Each case's
//! child answers once; the answers only add to counts by channel and month.

use axum::extract::State;
use axum::http::StatusCode;
use relais_core::Locale;
use relais_core::case::ContactChannel;
use relais_core::conversation::ConversationState;
use relais_core::id::CaseId;
use relais_core::survey::{Answer, Answers, Question, SurveyText};
use serde::Deserialize;

use crate::error::AppError;
use crate::extract::StrictJson;
use crate::state::AppState;

/// The questions as a page shows them, or what it says once they were answered.
#[derive(Debug)]
pub struct SurveyForm {
    pub t: &'static SurveyText,
    pub questions: Vec<Asked>,
    /// Thanks, or "answered already".
    pub done: Option<&'static str>,
}

/// A question as a page asks it.
#[derive(Debug)]
pub struct Asked {
    pub code: &'static str,
    pub text: &'static str,
    /// Each answer's code and words.
    pub answers: Vec<(&'static str, &'static str)>,
}

impl SurveyForm {
    pub fn asking(lang: Locale) -> SurveyForm {
        let questions = Question::ALL
            .into_iter()
            .map(|q| Asked {
                code: q.code(),
                text: q.text(lang),
                answers: Answer::ALL.into_iter().map(|a| (a.code(), a.text(lang))).collect(),
            })
            .collect();
        SurveyForm { t: SurveyText::get(lang), questions, done: None }
    }

    pub fn answered(lang: Locale, recorded: bool) -> SurveyForm {
        let t = SurveyText::get(lang);
        SurveyForm { t, questions: Vec::new(), done: Some(if recorded { t.thanks } else { t.already }) }
    }
}

/// Adds a child's answers to this month's counts; false if they answered already.
pub async fn record(
    state: &AppState,
    case: CaseId,
    channel: ContactChannel,
    answers: &Answers,
) -> Result<bool, relais_store::StoreError> {
    let now = state.clock.now();
    let month = now.to_zoned_datetime(state.home_zone()).strftime("%Y-%m").to_string();
    let recorded = state.store.record_survey(case, channel, &month, answers, now).await?;
    if recorded {
        metrics::counter!("relais_survey_responses_total", "channel" => channel.code()).increment(1);
    }
    Ok(recorded)
}

/// What the chat page sends at the end.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChatSurvey {
    token: String,
    #[serde(default)]
    answers: std::collections::BTreeMap<String, String>,
}

/// `POST /chat/survey`: the answers of a child whose chat has ended.
pub async fn chat(
    State(state): State<AppState>,
    StrictJson(body): StrictJson<ChatSurvey>,
) -> Result<StatusCode, AppError> {
    let answers = Answers::read(body.answers.iter().map(|(q, a)| (q.as_str(), a.as_str())))
        .map_err(|q| AppError::field(&format!("answers.{q}"), "yes, somewhat or no"))?;
    let conversation = match body.token.len() {
        1..=128 => state.store.conversation_by_token(&body.token).await?,
        _ => None,
    };
    let conversation = conversation.ok_or_else(|| AppError::field("token", "unknown conversation"))?;
    if conversation.state != ConversationState::Ended {
        return Err(AppError::Conflict("The conversation has not ended: the questions come after.".into()));
    }
    let channel = match state.store.case_file(conversation.case_id).await? {
        Some((case, _)) => case.channel,
        None => ContactChannel::Chat,
    };
    if record(&state, conversation.case_id, channel, &answers).await? {
        Ok(StatusCode::CREATED)
    } else {
        Err(AppError::Conflict("Answered already.".into()))
    }
}
