//! Who a request comes from, as far as the per-address limits are concerned.
//!
//! Relais speaks plain HTTP and sits behind a TLS proxy, where every child
//! would otherwise share the proxy's address and one rate-limit bucket. The
//! proxy's `Forwarded` (RFC 7239) or `X-Forwarded-For` header names the
//! client, but anyone can send those headers: they are believed only from the
//! proxies listed in `server.trusted_proxies`, walking the chain from the
//! nearest hop back to the first address that is not a trusted proxy. An IPv6
//! client is counted by its /64, which is what one household or one phone is
//! given: counting by the full address would let one device rotate through
//! billions of buckets.

use std::convert::Infallible;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use ipnet::IpNet;

use crate::state::AppState;

/// The proxies whose forwarding headers are believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Reads `server.trusted_proxies`: addresses (`10.0.0.2`, `::1`) or CIDR blocks (`10.0.0.0/8`).
    pub fn parse(entries: &[String]) -> Result<TrustedProxies, String> {
        entries
            .iter()
            .map(|entry| {
                let entry = entry.trim();
                entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("server.trusted_proxies: {entry:?} is neither an address nor a CIDR block"))
            })
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(&ip))
    }
}

/// The bucket a request is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientAddr(pub IpAddr);

impl ClientAddr {
    /// The client behind `peer`, as far as `proxies` vouch for the headers.
    pub fn of(peer: IpAddr, headers: &HeaderMap, proxies: &TrustedProxies) -> ClientAddr {
        let mut client = canonical(peer);
        if proxies.trusts(client) {
            // The nearest hop last: walk back while each hop is a proxy we trust.
            for hop in forwarded_for(headers).into_iter().rev() {
                client = canonical(hop);
                if !proxies.trusts(client) {
                    break;
                }
            }
        }
        ClientAddr(bucket(client))
    }
}

/// An IPv4 address written as IPv6 (`::ffff:192.0.2.1`) is the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

/// IPv6 by its /64; IPv4 as it is.
fn bucket(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => IpAddr::V6(Ipv6Addr::from(u128::from(v6) & !((1u128 << 64) - 1))),
        v4 => v4,
    }
}

/// The addresses the forwarding headers list, the client first: `Forwarded`'s
/// `for=` parameters if that header is present, else `X-Forwarded-For`. An
/// entry that is not an address (`unknown`, an obfuscated name) ends the list
/// there, so it can never pass for a trusted hop.
fn forwarded_for(headers: &HeaderMap) -> Vec<IpAddr> {
    let values =
        |name: &str| headers.get_all(name).iter().filter_map(|v| v.to_str().ok()).collect::<Vec<_>>().join(",");
    let forwarded = values("forwarded");
    let entries: Vec<String> = if forwarded.is_empty() {
        values("x-forwarded-for").split(',').map(|e| e.trim().to_owned()).collect()
    } else {
        forwarded
            .split(',')
            .filter_map(|element| {
                element.split(';').find_map(|pair| {
                    let (key, value) = pair.trim().split_once('=')?;
                    key.eq_ignore_ascii_case("for").then(|| value.trim().trim_matches('"').to_owned())
                })
            })
            .collect()
    };
    let mut out = Vec::new();
    for entry in entries.iter().filter(|e| !e.is_empty()) {
        match address(entry) {
            Some(ip) => out.push(ip),
            None => out.clear(),
        }
    }
    out
}

/// `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1`, `[2001:db8::1]:4711`.
fn address(entry: &str) -> Option<IpAddr> {
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| entry.strip_prefix('[').and_then(|e| e.strip_suffix(']')).and_then(|e| e.parse().ok()))
}

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::from([127, 0, 0, 1]), |ConnectInfo(addr)| addr.ip());
        Ok(ClientAddr::of(peer, &parts.headers, &state.proxies))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, v.parse().unwrap());
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarding_headers_are_believed_from_trusted_proxies_only() {
        let proxies = TrustedProxies::parse(&["10.0.0.0/8".into(), "::1".into()]).unwrap();
        let xff = headers(&[("x-forwarded-for", "203.0.113.9, 10.0.0.7")]);
        assert_eq!(ClientAddr::of(ip("10.0.0.2"), &xff, &proxies), ClientAddr(ip("203.0.113.9")));
        assert_eq!(ClientAddr::of(ip("198.51.100.4"), &xff, &proxies), ClientAddr(ip("198.51.100.4")), "spoofed");
        let spoof_then_real = headers(&[("x-forwarded-for", "1.2.3.4, 203.0.113.9")]);
        assert_eq!(
            ClientAddr::of(ip("10.0.0.2"), &spoof_then_real, &proxies),
            ClientAddr(ip("203.0.113.9")),
            "what the client wrote itself is left of the first untrusted hop"
        );
        let forwarded = headers(&[("forwarded", r#"for="[2001:db8:cafe::17]:4711";proto=https, for=10.0.0.7"#)]);
        assert_eq!(ClientAddr::of(ip("::1"), &forwarded, &proxies), ClientAddr(ip("2001:db8:cafe::")));
        let obfuscated = headers(&[("forwarded", "for=_hidden, for=10.0.0.7")]);
        assert_eq!(ClientAddr::of(ip("10.0.0.2"), &obfuscated, &proxies), ClientAddr(ip("10.0.0.7")));
        assert!(TrustedProxies::parse(&["a proxy".into()]).is_err());
    }

    #[test]
    fn an_ipv6_client_is_counted_by_its_64() {
        let none = TrustedProxies::default();
        let a = ClientAddr::of(ip("2001:db8:1:2::1"), &HeaderMap::new(), &none);
        let b = ClientAddr::of(ip("2001:db8:1:2:ffff::9"), &HeaderMap::new(), &none);
        let other = ClientAddr::of(ip("2001:db8:1:3::1"), &HeaderMap::new(), &none);
        assert_eq!(a, b);
        assert_ne!(a, other);
        assert_eq!(ClientAddr::of(ip("::ffff:192.0.2.1"), &HeaderMap::new(), &none), ClientAddr(ip("192.0.2.1")));
    }
}
