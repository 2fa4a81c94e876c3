//! The files Relais serves as they are, embedded in the binary: its pages'
//! stylesheet and the console's script (served, not inline, so that the
//! pages' Content-Security-Policy allows neither inline script nor inline
//! style), and the widget's script and styles, which platforms' pages load
//! from another origin.

use std::sync::OnceLock;

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::state::AppState;

const PAGES_CSS: &str = include_str!("../assets/relais.css");
const CONSOLE_JS: &str = include_str!("../assets/console.js");
const CHAT_JS: &str = include_str!("../assets/chat.js");
const QUICK_EXIT_JS: &str = include_str!("../assets/quick-exit.js");
const CONSOLE_CHAT_JS: &str = include_str!("../assets/console-chat.js");
const PDQ_JS: &str = include_str!("../assets/pdq.js");
const PROTECT_JS: &str = include_str!("../assets/protect.js");
const WIDGET_JS: &str = include_str!("../assets/widget.js");
const WIDGET_CSS: &str = include_str!("../assets/widget.css");

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/assets/relais.css", get(|| async { own("text/css; charset=utf-8", PAGES_CSS) }))
        .route("/assets/console.js", get(|| async { own("text/javascript; charset=utf-8", CONSOLE_JS) }))
        .route("/assets/chat.js", get(|| async { own("text/javascript; charset=utf-8", CHAT_JS) }))
        .route("/assets/quick-exit.js", get(|| async { own("text/javascript; charset=utf-8", QUICK_EXIT_JS) }))
        .route("/assets/console-chat.js", get(|| async { own("text/javascript; charset=utf-8", CONSOLE_CHAT_JS) }))
        .route("/assets/pdq.js", get(|| async { own("text/javascript; charset=utf-8", PDQ_JS) }))
        .route("/assets/protect.js", get(|| async { own("text/javascript; charset=utf-8", PROTECT_JS) }))
        .route("/widget.js", get(|| async { shared("text/javascript; charset=utf-8", widget_script()) }))
        .route("/widget.css", get(|| async { shared("text/css; charset=utf-8", WIDGET_CSS) }))
}

/// The web component with its styles in it: one stylesheet file, written once.
fn widget_script() -> &'static str {
    static SCRIPT: OnceLock<String> = OnceLock::new();
    SCRIPT.get_or_init(|| {
        let css = serde_json::to_string(WIDGET_CSS).unwrap_or_else(|_| "\"\"".to_owned());
        WIDGET_JS.replace("\"/*WIDGET_CSS*/\"", &css)
    })
}

/// A file for Relais's own pages.
fn own(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "public, max-age=3600")], body)
}

/// A file platforms' pages load from their own origin.
fn shared(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
            (header::HeaderName::from_static("cross-origin-resource-policy"), "cross-origin"),
        ],
        body,
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_widget_carries_its_styles_as_a_string() {
        let script = super::widget_script();
        assert!(!script.contains("/*WIDGET_CSS*/"));
        assert!(script.contains(r#"const CSS = "/* <relais-safe-button>"#), "the styles are inserted as one JS string");
    }
}
