//! The SSRF guard: a webhook reaches public addresses only, so an admin's URL cannot make
//! the server call its own network (a database, a cloud metadata endpoint). Checked when an
//! endpoint is saved, again on every name resolution (the connection goes only to addresses
//! that passed, so a name that later resolves elsewhere gains nothing), and on every
//! redirect. `NEXTCRM_WEBHOOKS_ALLOW_PRIVATE=true` lifts it, for receivers on a private
//! network.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Why a target is refused, as a message key.
pub const PRIVATE: &str = "webhooks-private-address";

fn public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    !(ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        // 100.64.0.0/10, shared address space (carrier-grade NAT).
        || (a == 100 && (64..128).contains(&b))
        // 0.0.0.0/8 and 240.0.0.0/4 (reserved).
        || a == 0
        || a >= 240
        // 198.18.0.0/15, benchmarking.
        || (a == 198 && (b == 18 || b == 19)))
}

fn public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return public_v4(v4);
    }
    let first = ip.segments()[0];
    !(ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        // fc00::/7, unique local.
        || (first & 0xfe00) == 0xfc00
        // fe80::/10, link-local.
        || (first & 0xffc0) == 0xfe80
        // 2001:db8::/32, documentation.
        || (first == 0x2001 && ip.segments()[1] == 0x0db8)
        // 64:ff9b::/96 and friends translate to IPv4 the guard cannot see.
        || first == 0x0064)
}

/// Whether `ip` is on the public internet.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => public_v4(v4),
        IpAddr::V6(v6) => public_v6(v6),
    }
}

/// Checks a URL's form: http or https, a host, no credentials; a host written as an address
/// must be public unless `allow_private`. A name is checked when it is resolved.
pub fn check_url(url: &str, allow_private: bool) -> Result<reqwest::Url, &'static str> {
    let parsed = reqwest::Url::parse(url).map_err(|_| "validation-url")?;
    if !matches!(parsed.scheme(), "http" | "https")
        || !parsed.username().is_empty()
        || parsed.password().is_some()
    {
        return Err("validation-url");
    }
    match parsed.host() {
        None => Err("validation-url"),
        Some(url::Host::Ipv4(ip)) if !allow_private && !public_v4(ip) => Err(PRIVATE),
        Some(url::Host::Ipv6(ip)) if !allow_private && !public_v6(ip) => Err(PRIVATE),
        Some(url::Host::Domain(d)) if !allow_private && is_local_name(d) => Err(PRIVATE),
        Some(_) => Ok(parsed),
    }
}

/// Names that never leave the machine or the local network.
fn is_local_name(name: &str) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost" || name.ends_with(".localhost") || name.ends_with(".local")
}

/// Resolves names for the webhook client, keeping public addresses only: a name with none
/// fails the request with [`Refused`].
#[derive(Clone, Copy, Debug)]
pub struct Resolver {
    pub allow_private: bool,
}

/// The error a refused target fails with, found again in the request's error chain.
#[derive(Debug)]
pub struct Refused;

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(PRIVATE)
    }
}

impl std::error::Error for Refused {}

impl reqwest::dns::Resolve for Resolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allow_private = self.allow_private;
        Box::pin(async move {
            let found = tokio::net::lookup_host((name.as_str(), 0)).await?;
            let kept: Vec<_> = found
                .filter(|a| allow_private || is_public(a.ip()))
                .collect();
            if kept.is_empty() {
                return Err(Box::new(Refused) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(kept.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_pass() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "255.255.255.255",
            "224.0.0.1",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "2001:db8::1",
            "64:ff9b::a00:1",
        ] {
            let ip: IpAddr = private.parse().expect(private);
            assert!(!is_public(ip), "{private}");
        }
        for public in [
            "1.1.1.1",
            "93.184.216.34",
            "2606:4700:4700::1111",
            "::ffff:8.8.8.8",
        ] {
            let ip: IpAddr = public.parse().expect(public);
            assert!(is_public(ip), "{public}");
        }
    }

    #[test]
    fn urls_are_checked_for_form_and_literal_addresses() {
        assert!(check_url("https://hooks.example.com/crm", false).is_ok());
        assert_eq!(check_url("ftp://example.com", false), Err("validation-url"));
        assert_eq!(
            check_url("https://u:p@example.com", false),
            Err("validation-url")
        );
        assert_eq!(check_url("not a url", false), Err("validation-url"));
        assert_eq!(check_url("http://127.0.0.1:9000/", false), Err(PRIVATE));
        assert_eq!(check_url("http://[::1]/", false), Err(PRIVATE));
        assert_eq!(check_url("http://LOCALHOST./x", false), Err(PRIVATE));
        assert_eq!(check_url("http://printer.local/", false), Err(PRIVATE));
        assert!(check_url("http://127.0.0.1:9000/", true).is_ok());
    }
}
