//! The web origins a platform registers (`relais platform origins NAME --add
//! https://…`): the only ones that may frame the two-choice page, and the
//! only ones a "Report to …" link may lead to. Anything else is refused,
//! never rendered: a page that shows a child a button must not be made to
//! send them somewhere its platform did not declare.

use reqwest::Url;

/// Reads an origin as an operator types it, normalised to `scheme://host[:port]`
/// (default port dropped, host lower case). HTTPS only, or plain HTTP to this
/// machine (a stand-in platform, the demo); no path, query or credentials.
pub fn parse(text: &str) -> Result<String, &'static str> {
    let url = Url::parse(text.trim()).map_err(|_| "an origin such as https://social.example")?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err("no user or password in an origin");
    }
    if !matches!(url.path(), "" | "/") || url.query().is_some() || url.fragment().is_some() {
        return Err("an origin has no path, query or fragment: https://social.example");
    }
    check_scheme(&url)?;
    Ok(url.origin().ascii_serialization())
}

fn check_scheme(url: &Url) -> Result<(), &'static str> {
    let local = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    match url.scheme() {
        "https" if url.host_str().is_some() => Ok(()),
        "http" if local => Ok(()),
        _ => Err("https://, or http:// to this machine only"),
    }
}

/// The origin of a link, if it is a web link Relais may render: absolute,
/// http(s) as [`parse`] allows, no credentials.
pub fn of_link(href: &str) -> Option<String> {
    let url = Url::parse(href).ok()?;
    if !url.username().is_empty() || url.password().is_some() || check_scheme(&url).is_err() {
        return None;
    }
    Some(url.origin().ascii_serialization())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_normalised_and_nothing_else_passes() {
        assert_eq!(parse("https://Social.Example").as_deref(), Ok("https://social.example"));
        assert_eq!(parse("https://social.example:443/").as_deref(), Ok("https://social.example"));
        assert_eq!(parse("http://127.0.0.1:8081").as_deref(), Ok("http://127.0.0.1:8081"));
        for bad in [
            "social.example",
            "http://social.example",
            "https://social.example/report",
            "https://u:p@social.example",
            "https://social.example/?x=1",
            "javascript:alert(1)",
            "",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert_eq!(of_link("https://social.example/report/12?x=1").as_deref(), Some("https://social.example"));
        assert_eq!(of_link("/report/12"), None, "a relative link names no origin");
        assert_eq!(of_link("javascript:alert(1)"), None);
    }
}
