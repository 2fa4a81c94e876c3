//! HTTPS to the platforms' notice endpoints.
//!
//! rustls on ring: no OpenSSL to install, and ring is the lighter C build of
//! rustls's two providers on a small CI machine. reqwest builds every client
//! from the process's default provider, so it is installed once, here, before
//! any client is made (the server, the binary and the tests call [`install`]).
//! Certificates are checked against the system's roots, plus those of a PEM
//! file for a platform that runs its own authority (`notices.extra_roots_pem`).

use relais_core::undelivered::Network;
use std::path::Path;

/// Installs ring as the process's TLS provider; harmless when already done.
pub fn install() {
    // An error only says a provider is already in place, which is the goal.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// The client notices leave by: HTTPS (or HTTP to this machine only, see
/// [`endpoint_allowed`]), never following a redirect, so that a notice goes
/// to the address the platform registered and nowhere else.
pub fn notice_client(extra_roots_pem: Option<&Path>) -> std::io::Result<reqwest::Client> {
    install();
    let mut builder = base();
    if let Some(path) = extra_roots_pem {
        let pem = std::fs::read(path)
            .map_err(|e| std::io::Error::new(e.kind(), format!("notices.extra_roots_pem {}: {e}", path.display())))?;
        let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| {
            std::io::Error::new(std::io::ErrorKind::InvalidData, format!("notices.extra_roots_pem: {e}"))
        })?;
        if certs.is_empty() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("notices.extra_roots_pem {}: no certificate in it", path.display()),
            ));
        }
        builder = builder.tls_certs_merge(certs);
    }
    match builder.build() {
        Ok(client) => Ok(client),
        // No authority in the system's store (no `ca-certificates`): the server
        // still starts, notices to this machine still leave, and every HTTPS
        // delivery fails with a reason the console shows, until it is installed.
        Err(e) if extra_roots_pem.is_none() => {
            tracing::warn!(error = %e, "no certificate authorities on this machine: HTTPS notices will fail until `ca-certificates` is installed");
            base().tls_certs_only([]).build().map_err(std::io::Error::other)
        }
        Err(e) => Err(std::io::Error::other(e)),
    }
}

/// Why a delivery failed, in words a counsellor and a log can hold (never the
/// body, which carries the child's case; the endpoint is no personal data).
pub fn failure(e: &reqwest::Error) -> Network {
    if e.is_timeout() {
        Network::TimedOut
    } else if let Some(tls) = tls_error(e) {
        match tls {
            rustls::Error::InvalidCertificate(_) => Network::Untrusted,
            _ => Network::Tls,
        }
    } else if e.is_connect() {
        Network::NoConnection
    } else {
        Network::Failed
    }
}

/// The TLS error anywhere in the chain. An io error's `source` skips the
/// error it wraps, so the walk steps into it instead.
fn tls_error<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    let mut next = Some(e);
    while let Some(err) = next {
        if let Some(tls) = err.downcast_ref::<rustls::Error>() {
            return Some(tls);
        }
        next = match err.downcast_ref::<std::io::Error>() {
            Some(io) => io.get_ref().map(|inner| inner as &(dyn std::error::Error + 'static)),
            None => err.source(),
        };
    }
    None
}

fn base() -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .user_agent(concat!("Relais/", env!("CARGO_PKG_VERSION"), " (trusted-flagger notices)"))
        .redirect(reqwest::redirect::Policy::none())
}

/// Whether notices may be sent to this address: `https://`, or plain
/// `http://` to this very machine (a stand-in platform, a local relay).
/// A notice describes a child's situation; it never crosses a network in clear.
pub fn endpoint_allowed(endpoint: &str) -> Result<reqwest::Url, &'static str> {
    if endpoint.len() > 2000 || endpoint.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("the endpoint is one address, at most 2,000 characters");
    }
    let url = reqwest::Url::parse(endpoint).map_err(|_| "the endpoint is not an address")?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err("the endpoint carries no user name or password: notices are signed instead");
    }
    let host = url.host_str().filter(|h| !h.is_empty()).ok_or("the endpoint names no host")?;
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    match url.scheme() {
        "https" => Ok(url),
        "http" if loopback => Ok(url),
        "http" => Err("the endpoint is an https:// address (plain http only to this machine)"),
        _ => Err("the endpoint is an https:// address"),
    }
}

#[cfg(test)]
mod tests {
    use super::endpoint_allowed;

    #[test]
    fn notices_leave_by_https_or_stay_on_this_machine() {
        for ok in [
            "https://trust.piaf.example/relais/notices",
            "https://203.0.113.7:8443/n",
            "http://127.0.0.1:4000/notices",
            "http://localhost:4000/notices",
            "http://[::1]:4000/notices",
        ] {
            assert!(endpoint_allowed(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://trust.piaf.example/notices",
            "http://10.0.0.5/notices",
            "ftp://piaf.example/notices",
            "https://user:pw@piaf.example/notices",
            "https://piaf.example/a b",
            "piaf.example/notices",
            "",
        ] {
            assert!(endpoint_allowed(bad).is_err(), "{bad}");
        }
        assert!(endpoint_allowed(&format!("https://piaf.example/{}", "a".repeat(2001))).is_err());
    }
}
