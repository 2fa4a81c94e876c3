//! `/proteger`: a child protects an intimate photo. The page hashes the
//! photos on the phone (`assets/pdq.js`, the same PDQ as `relais-pdq`) and
//! sends only the hashes, with the case's code and secret word; no byte of a
//! photo leaves the page, and the child is never shown it again. A hash of
//! quality under 50 is refused (the photo says too little to be recognised).
//! The child sees the photos protected on their case and may withdraw one.
//!
//! Reached from `/suivi` (code and word already given) and from the end of
//! the chat (the page asks for them).

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use relais_core::Locale;
use relais_core::i18n::chat::FollowUpText;
use relais_core::i18n::fill;
use relais_core::i18n::protect::ProtectText;
use relais_core::id::{CaseId, ImageHashId};
use relais_pdq::{Hash, MIN_QUALITY};
use relais_store::image_hashes::HashState;
use relais_store::image_hashes::NewImageHash;
use serde::{Deserialize, Serialize};

use crate::client_addr::ClientAddr;
use crate::console::session::random_token;
use crate::error::AppError;
use crate::extract::StrictJson;
use crate::public::followup::{NotFound, child_case, form_token_ok, with_form_token};
use crate::public::landing::{LangQuery, day_month, preferred};
use crate::state::AppState;

/// Photos at most in one sending.
pub const MAX_IMAGES: usize = 20;

#[derive(Template)]
#[template(path = "protect.html")]
struct ProtectPage {
    lang: &'static str,
    title: &'static str,
    exit: crate::public::QuickExit,
    t: &'static ProtectText,
    f: &'static FollowUpText,
    /// `{helpline}` filled.
    sent_template: String,
    csrf: String,
    /// The code and word, when the child came from the follow-up page.
    code: String,
    word: String,
    /// The photos protected on the case: id, "protected on …", state, withdrawable.
    photos: Vec<(String, String, &'static str, bool)>,
    status: Option<&'static str>,
    error: Option<&'static str>,
}

async fn page(state: &AppState, lang: Locale, case: Option<(CaseId, String, String)>, said: Said) -> Response {
    let t = ProtectText::get(lang);
    let zone = state.home_zone();
    let mut photos = Vec::new();
    let (code, word) = match &case {
        Some((id, code, word)) => {
            for h in state.store.image_hashes(*id).await.unwrap_or_default() {
                let date = day_month(&h.added_at.to_zoned_datetime(zone.clone()), lang);
                let (label, live) = match h.state() {
                    HashState::Withdrawn => (t.state_withdrawn, false),
                    HashState::Listed => (t.state_listed, true),
                    HashState::Waiting => (t.state_waiting, true),
                };
                photos.push((h.id.to_string(), fill(t.photo, &[("date", &date)]), label, live));
            }
            (code.clone(), word.clone())
        }
        None => (String::new(), String::new()),
    };
    let csrf = random_token();
    let body = ProtectPage {
        lang: lang.code(),
        title: t.title,
        exit: crate::public::QuickExit::new(state, lang),
        t,
        f: FollowUpText::get(lang),
        sent_template: fill(t.sent, &[("helpline", state.home_name())]),
        csrf: csrf.clone(),
        code,
        word,
        photos,
        status: said.status,
        error: said.error,
    };
    with_form_token(state, crate::public::render(body, said.code, "the protection page"), &csrf)
}

/// What the page says above its form.
struct Said {
    code: StatusCode,
    status: Option<&'static str>,
    error: Option<&'static str>,
}

impl Said {
    fn nothing() -> Said {
        Said { code: StatusCode::OK, status: None, error: None }
    }

    fn error(code: StatusCode, error: &'static str) -> Said {
        Said { code, status: None, error: Some(error) }
    }
}

/// `GET /proteger`: the page, asking for the code and the word.
pub async fn form(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<LangQuery>, QueryRejection>,
) -> Response {
    let lang = query.ok().and_then(|Query(q)| q.lang).unwrap_or_else(|| preferred(&headers));
    page(&state, lang, None, Said::nothing()).await
}

#[derive(Debug, Deserialize)]
pub struct ProtectForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    word: String,
    /// A hash the child withdraws.
    #[serde(default)]
    withdraw: Option<String>,
}

/// `POST /proteger`: from the follow-up page (code and word given), or
/// withdrawing a photo's hash.
pub async fn open(
    State(state): State<AppState>,
    client: ClientAddr,
    headers: HeaderMap,
    Form(form): Form<ProtectForm>,
) -> Response {
    let lang = preferred(&headers);
    let f = FollowUpText::get(lang);
    if !form_token_ok(&headers, &form.csrf) {
        return crate::public::error::page(&state, StatusCode::FORBIDDEN, lang, relais_core::i18n::Ui::FormExpired);
    }
    let case = match child_case(&state, &client, &form.code, &form.word).await {
        Ok(case) => case.id,
        Err(NotFound::TooMany) => {
            return page(&state, lang, None, Said::error(StatusCode::TOO_MANY_REQUESTS, f.too_many)).await;
        }
        Err(NotFound::NoMatch) => {
            return page(&state, lang, None, Said::error(StatusCode::NOT_FOUND, f.no_match)).await;
        }
        Err(NotFound::Store(e)) => return AppError::from(e).into_response(),
    };
    let mut said = Said::nothing();
    if let Some(id) = form.withdraw.as_deref() {
        let Some(id) = ImageHashId::parse(id) else {
            return crate::public::error::page(
                &state,
                StatusCode::BAD_REQUEST,
                lang,
                relais_core::i18n::Ui::PageUnreadable,
            );
        };
        match state.store.withdraw_image_hash(case, id, state.clock.now()).await {
            Ok(true) => said.status = Some(ProtectText::get(lang).withdrawn),
            Ok(false) => {}
            Err(e) => return AppError::from(e).into_response(),
        }
    }
    page(&state, lang, Some((case, form.code, form.word)), said).await
}

/// One photo's hashes, as the page computes them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageHashBody {
    /// The PDQ hash, 64 hexadecimal digits.
    pub hash: String,
    /// Its quality, 0 to 100; under 50 is refused.
    pub quality: u8,
    /// The seven hashes of the photo turned and flipped: rot90, rot180, rot270, flipx, flipy, flipp, flipm.
    pub dihedral: Vec<String>,
}

/// What the page sends: the case's code and word, and the photos' hashes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProtectBody {
    pub code: String,
    pub word: String,
    pub images: Vec<ImageHashBody>,
}

#[derive(Debug, Serialize)]
pub struct Protected {
    /// Hashes new to the case (one sent again is not added twice).
    pub added: usize,
}

fn read_hash(text: &str, field: &str) -> Result<Hash, AppError> {
    text.parse().map_err(|e: relais_pdq::HexError| AppError::field(field, e.to_string()))
}

/// `POST /proteger/empreintes`: the hashes of the photos the child chose.
pub async fn add(
    State(state): State<AppState>,
    client: ClientAddr,
    StrictJson(body): StrictJson<ProtectBody>,
) -> Result<(StatusCode, Json<Protected>), AppError> {
    if body.images.is_empty() || body.images.len() > MAX_IMAGES {
        return Err(AppError::field("images", format!("1 to {MAX_IMAGES} photos' hashes")));
    }
    let mut hashes = Vec::with_capacity(body.images.len());
    for (i, image) in body.images.iter().enumerate() {
        let hash = read_hash(&image.hash, &format!("images[{i}].hash"))?;
        if image.quality > 100 {
            return Err(AppError::field(&format!("images[{i}].quality"), "0 to 100"));
        }
        if image.quality < MIN_QUALITY {
            return Err(AppError::field(
                &format!("images[{i}].quality"),
                format!("{MIN_QUALITY} at least: the photo is too blurry or too plain to be recognised"),
            ));
        }
        if image.dihedral.len() != 7 {
            return Err(AppError::field(&format!("images[{i}].dihedral"), "the seven turned and flipped hashes"));
        }
        let dihedral = image
            .dihedral
            .iter()
            .enumerate()
            .map(|(j, h)| read_hash(h, &format!("images[{i}].dihedral[{j}]")))
            .collect::<Result<Vec<_>, _>>()?;
        hashes.push(NewImageHash { hash, quality: image.quality, dihedral });
    }
    let case = match child_case(&state, &client, &body.code, &body.word).await {
        Ok(case) => case.id,
        Err(NotFound::TooMany) => return Err(AppError::TooManyRequests),
        Err(NotFound::NoMatch) => return Err(AppError::field("code", "no case has this code and word")),
        Err(NotFound::Store(e)) => return Err(e.into()),
    };
    let added = state.store.add_image_hashes(case, &hashes, state.clock.now()).await?;
    metrics::counter!("relais_image_hashes_added_total").increment(added as u64);
    Ok((StatusCode::CREATED, Json(Protected { added })))
}
