//! `GET /v1/categories`: the taxonomy, so platforms can map their own report
//! reasons onto it and show the same words.

use axum::Json;
use axum::extract::State;
use relais_core::{Category, Locale};
use serde::Serialize;
use utoipa::ToSchema;

use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryInfo {
    pub code: Category,
    pub label_fr: &'static str,
    pub label_en: &'static str,
    /// Whether the shipped policy treats it as an emergency.
    pub emergency: bool,
}

/// The categories a report can be filed under.
#[utoipa::path(get, path = "/v1/categories", tag = "directory", responses((status = 200, body = Vec<CategoryInfo>)))]
pub async fn list(State(state): State<AppState>) -> Json<Vec<CategoryInfo>> {
    Json(
        Category::ALL
            .into_iter()
            .map(|c| CategoryInfo {
                code: c,
                label_fr: c.label(Locale::Fr),
                label_en: c.label(Locale::En),
                emergency: state.settings.policy.emergency.contains_key(&c),
            })
            .collect(),
    )
}
