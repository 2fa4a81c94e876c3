//! The child's side: the chat page, and the start of a conversation.
//!
//! The page asks its optional questions (age, what it is about, "I am in
//! danger now"), then opens the conversation: a case in the one queue,
//! scored for risk from the answers and the first message, with the
//! platform's context when the child came with a handoff's code. The child
//! receives a resume token (kept in the tab's session storage) and the
//! case's code and secret word, shown when the conversation ends.

use askama::Template;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use relais_core::case::{CaseFile, CaseReference, ContactChannel, Skill};
use relais_core::conversation::{Opening, check_message};
use relais_core::i18n::chat::ChatText;
use relais_core::i18n::{Ui, fill};
use relais_core::risk::{RiskInput, assess};
use relais_core::{AgeBand, Category, Locale};
use relais_store::{NewCase, NewConversation, StoreError};
use serde::{Deserialize, Serialize};

use crate::client_addr::ClientAddr;
use crate::console::session::random_token;
use crate::error::AppError;
use crate::extract::StrictJson;
use crate::public::landing::{hours_line, preferred};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "chat.html")]
struct ChatPage {
    lang: &'static str,
    exit: crate::public::QuickExit,
    /// The questions shown once the chat has ended.
    survey: crate::public::survey::SurveyForm,
    /// The way to protect an intimate photo, once the chat has given a code and word.
    protect_link: &'static str,
    title: String,
    t: &'static ChatText,
    intro: String,
    helpline: String,
    helpline_name: String,
    open: bool,
    closed_line: String,
    form_href: String,
    handoff_code: String,
    categories: Vec<(&'static str, &'static str)>,
    /// The page's words the script needs, as JSON (a data block, not a script).
    words: String,
}

#[derive(Debug, Deserialize)]
pub struct ChatQuery {
    lang: Option<Locale>,
    /// A platform's handoff code, carried from the landing page or the widget.
    code: Option<String>,
}

/// The words the page's script shows, in the child's language.
#[derive(Serialize)]
struct Words<'a> {
    position: &'a str,
    next_one: &'a str,
    wait: &'a str,
    wait_unknown: &'a str,
    sending: &'a str,
    not_sent: &'a str,
    typing: &'a str,
    you: &'a str,
    helpline: String,
    offline: &'a str,
    reconnected: &'a str,
    unknown: &'a str,
    /// Starting refused: a first message too long, too many starts from here.
    too_long: &'a str,
    too_fast: &'a str,
}

/// Whether this Relais answers chats for `helpline`: its own line, chat on.
pub fn served_here(state: &AppState, helpline: &str) -> bool {
    state.settings.chat.enabled && helpline == state.settings.handoff.home_helpline
}

/// The chat's address for a helpline served here, with a handoff's code to carry.
pub fn chat_url(state: &AppState, helpline: &str, handoff_code: Option<&str>) -> Option<String> {
    served_here(state, helpline).then(|| {
        let base = format!("{}/chat/{helpline}", state.settings.public_url().trim_end_matches('/'));
        match handoff_code {
            Some(code) => format!("{base}?code={code}"),
            None => base,
        }
    })
}

/// `GET /chat/{helpline}`.
pub async fn page(
    State(state): State<AppState>,
    Path(helpline): Path<String>,
    query: Result<Query<ChatQuery>, axum::extract::rejection::QueryRejection>,
    headers: HeaderMap,
) -> Response {
    let q = query.map(|Query(q)| q).ok();
    let lang = q.as_ref().and_then(|q| q.lang).unwrap_or_else(|| preferred(&headers));
    let found = state.directory.helplines().iter().find(|h| h.id == helpline);
    let Some(line) = found.filter(|_| served_here(&state, &helpline)) else {
        return crate::public::error::page(&state, StatusCode::NOT_FOUND, lang, Ui::NoSuchHelpline);
    };
    let t = ChatText::get(lang);
    let now = state.clock.now();
    let (open, hours) = hours_line(line, now, lang);
    let open = open || line.hours.status(now).is_open().is_none();
    let words = Words {
        position: t.position,
        next_one: t.next_one,
        wait: t.wait,
        wait_unknown: t.wait_unknown,
        sending: t.sending,
        not_sent: t.not_sent,
        typing: t.counsellor_typing,
        you: t.you,
        helpline: fill(t.helpline_says, &[("helpline", &line.name)]),
        offline: t.offline,
        reconnected: t.reconnected,
        unknown: t.unknown_chat,
        too_long: t.too_long,
        too_fast: t.too_fast,
    };
    let page = ChatPage {
        lang: lang.code(),
        exit: crate::public::QuickExit::new(&state, lang),
        survey: crate::public::survey::SurveyForm::asking(lang),
        title: fill(t.title, &[("helpline", &line.name)]),
        t,
        intro: fill(t.intro, &[("helpline", &line.name)]),
        helpline: helpline.clone(),
        helpline_name: line.name.clone(),
        open,
        closed_line: hours,
        form_href: format!("/contact/{helpline}?lang={}", lang.code()),
        protect_link: relais_core::i18n::protect::ProtectText::get(lang).link,
        handoff_code: q
            .and_then(|q| q.code)
            .filter(|c| c.len() <= 20 && c.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or_default(),
        categories: Category::ALL.iter().map(|c| (c.code(), c.label(lang))).collect(),
        // A data block inside the page: no `<` may close it early.
        words: serde_json::to_string(&words).unwrap_or_default().replace('<', "\\u003c"),
    };
    crate::public::render(page, StatusCode::OK, "the chat page")
}

/// What the child answered before the chat; every field may be left out.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StartBody {
    #[serde(default)]
    age_band: Option<AgeBand>,
    #[serde(default)]
    category: Option<Category>,
    #[serde(default)]
    in_danger: bool,
    /// What the child wrote first.
    #[serde(default)]
    message: Option<String>,
    /// A platform's handoff code: its context joins the conversation.
    #[serde(default)]
    handoff_code: Option<String>,
    #[serde(default)]
    locale: Option<Locale>,
}

#[derive(Debug, Serialize)]
pub struct Started {
    /// Kept in the tab's session storage: it reopens the conversation.
    token: String,
    /// The case's code and secret word, shown when the conversation ends.
    code: String,
    word: String,
}

/// `POST /chat/{helpline}/start`.
pub async fn start(
    State(state): State<AppState>,
    client: ClientAddr,
    Path(helpline): Path<String>,
    StrictJson(body): StrictJson<StartBody>,
) -> Result<(StatusCode, Json<Started>), AppError> {
    let locale = body.locale.unwrap_or_default();
    let found = state.directory.helplines().iter().find(|h| h.id == helpline);
    let Some(line) = found.filter(|_| served_here(&state, &helpline)) else {
        return Err(AppError::NotFound(format!("/chat/{helpline}")));
    };
    let now = state.clock.now();
    if line.hours.status(now).is_open() == Some(false) {
        let (_, hours) = hours_line(line, now, locale);
        return Err(AppError::Conflict(hours));
    }
    if state.chat_starts.check_key(&client.0).is_err() {
        return Err(AppError::TooManyRequests);
    }
    let message = match body.message.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        Some(text) => Some(
            check_message(text).map_err(|_| AppError::field("message", "1 to 2,000 characters of text"))?.to_owned(),
        ),
        None => None,
    };
    let opening = Opening { age_band: body.age_band, category: body.category, in_danger: body.in_danger };
    let mut file = CaseFile { description: message.clone(), declared_danger: opening.in_danger, ..CaseFile::default() };
    let mut case = NewCase::waiting(
        ContactChannel::Chat,
        opening.category.unwrap_or(Category::Other),
        opening.age_band.unwrap_or(AgeBand::Unknown),
        relais_core::risk::RiskLevel::None,
        Skill::Listener,
        now,
    );
    // With a platform's code, its report joins the conversation: the child does not tell it again.
    if let Some(code) = body.handoff_code.as_deref().filter(|c| !c.is_empty()) {
        let claimed = crate::console::intake::pending(&state, code, now)
            .await
            .map_err(|_| AppError::Internal("a handoff could not be read".into()))?;
        let Some((handoff, context)) = claimed else {
            return Err(AppError::field("handoff_code", "unknown, used or expired"));
        };
        if opening.category.is_none() {
            case.category = handoff.category;
        }
        if opening.age_band.is_none() {
            case.age_band = handoff.age_band;
        }
        case.evidence = crate::console::intake::evidence_of(&context);
        case.handoff_id = Some(handoff.id);
        case.platform = Some(relais_core::case::platform_name(&handoff.platform_name));
        file.handed_over_by = Some(handoff.platform_name.clone());
        if file.description.is_none() {
            file.description = context.description.clone();
        }
        file.handoff = Some(context);
    }
    let risk = assess(&RiskInput {
        text: file.description.as_deref().unwrap_or_default(),
        category: Some(case.category),
        age_band: case.age_band,
        declared_danger: opening.in_danger,
    });
    case.risk = risk.level;
    file.risk_rules = risk.rules();
    case.file = Some(file);
    // A reference already in use is drawn again.
    for _ in 0..5 {
        let mut random = [0u8; 9];
        rand::fill(&mut random[..]);
        let reference = CaseReference::from_random(random);
        let token = random_token();
        let new = NewConversation {
            case: NewCase { reference: Some(reference.clone()), ..case.clone() },
            token: token.clone(),
            locale,
            first_message: message.clone(),
        };
        match state.store.open_conversation(new).await {
            Ok(_) => {
                metrics::counter!("relais_chat_conversations_total").increment(1);
                return Ok((
                    StatusCode::CREATED,
                    Json(Started { token, code: reference.code, word: reference.word.to_owned() }),
                ));
            }
            Err(StoreError::AlreadyExists { .. }) => continue,
            // The code was used a moment before (read out on the phone, say): nothing was opened.
            Err(e) if e.handoff_gone() => {
                return Err(AppError::field("handoff_code", "unknown, used or expired"));
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::Internal("could not draw an unused case reference".into()))
}
