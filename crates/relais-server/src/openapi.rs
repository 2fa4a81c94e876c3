//! The OpenAPI document, generated from the handlers and types themselves.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::platform_api::{categories, handoffs, hashes, helplines, referrals, stats};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Relais platform API",
        description = "The safe button: what a platform shows a user who reports harm, and which helpline answers.",
    ),
    paths(
        referrals::create,
        handoffs::create,
        handoffs::status,
        crate::widget::tokens::create,
        crate::widget::answer::referral,
        helplines::list,
        categories::list,
        stats::referrals,
        crate::notices::api::list,
        crate::notices::api::acknowledge,
        crate::notices::api::decide,
        hashes::feed,
        hashes::file,
        hashes::matching,
        hashes::report
    ),
    components(schemas(crate::error::Problem, crate::error::FieldError)),
    modifiers(&PlatformKey),
    tags(
        (name = "referrals", description = "The safe-button decision and its statistics"),
        (name = "handoffs", description = "Passing a report on to the helpline, with consent"),
        (name = "widget", description = "The embeddable two-choice widget"),
        (name = "directory", description = "Helplines and categories"),
        (name = "notices", description = "The helpline's trusted-flagger notices: receipt, decision, polling"),
        (name = "hashes", description = "The PDQ hashes of children's intimate images: the list, matching, reporting matches"),
    )
)]
struct ApiDoc;

struct PlatformKey;

impl Modify for PlatformKey {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "platform_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("rl_live_<id>_<secret>")
                    .description(Some("The platform's API key, from `relais platform add NAME`."))
                    .build(),
            ),
        );
    }
}

pub fn document() -> String {
    ApiDoc::openapi().to_pretty_json().unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
