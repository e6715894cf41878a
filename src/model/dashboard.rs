//! Where an object lives in the Auth0 Dashboard (`manage.auth0.com`): the page `o`/`O` and
//! `codedeck actions open` go to. Derived from the tenant's domain alone; a custom domain does not
//! name its tenant, so nothing can be derived from it.

/// What is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DashboardObject<'a> {
    Action(&'a str),
    /// The Dashboard's module page: inferred from the action page's shape (Actions → Library →
    /// Modules), not documented by Auth0.
    Module(&'a str),
}

/// Why no Dashboard address can be given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoDashboard {
    /// Not `TENANT[.REGION].auth0.com`: a custom domain (or a test server) names no tenant.
    CustomDomain(String),
}

/// The region and tenant of an Auth0 domain: `acme.eu.auth0.com` → (`eu`, `acme`),
/// `acme.auth0.com` → (`us`, `acme`). Accepts a bare domain or a URL (`https://…/`).
pub fn region_and_tenant(domain: &str) -> Result<(String, String), NoDashboard> {
    let custom = || NoDashboard::CustomDomain(domain.to_string());
    let host = domain
        .trim()
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    let host = host.split(['/', ':']).next().unwrap_or_default();
    let host = host.to_ascii_lowercase();
    let rest = host.strip_suffix(".auth0.com").ok_or_else(custom)?;
    let mut labels = rest.split('.');
    let (tenant, region) = match (labels.next(), labels.next(), labels.next()) {
        (Some(tenant), None, None) => (tenant, "us"),
        (Some(tenant), Some(region), None) => (tenant, region),
        _ => return Err(custom()),
    };
    let plain = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    if !plain(tenant) || !plain(region) || tenant == "manage" {
        return Err(custom());
    }
    Ok((region.to_string(), tenant.to_string()))
}

/// The Dashboard page of `object` on the tenant at `domain`.
pub fn dashboard_url(domain: &str, object: DashboardObject<'_>) -> Result<String, NoDashboard> {
    let (region, tenant) = region_and_tenant(domain)?;
    let base = format!("https://manage.auth0.com/dashboard/{region}/{tenant}/actions");
    Ok(match object {
        DashboardObject::Action(id) => format!("{base}/library/details/{}", path_safe(id)),
        DashboardObject::Module(id) => format!("{base}/modules/{}", path_safe(id)),
    })
}

/// An id as one path segment: anything but letters, digits, `-` and `_` is percent-encoded (ids are
/// plain; a hostile one still cannot leave its segment).
fn path_safe(id: &str) -> String {
    id.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regional_domain_names_its_region() {
        assert_eq!(
            region_and_tenant("acme.eu.auth0.com"),
            Ok(("eu".into(), "acme".into()))
        );
        assert_eq!(
            region_and_tenant("https://acme-dev.au.auth0.com/"),
            Ok(("au".into(), "acme-dev".into()))
        );
    }

    #[test]
    fn a_domain_without_region_is_us() {
        assert_eq!(
            region_and_tenant("acme.auth0.com"),
            Ok(("us".into(), "acme".into()))
        );
        assert_eq!(
            region_and_tenant("ACME.Auth0.com:443"),
            Ok(("us".into(), "acme".into()))
        );
    }

    #[test]
    fn a_custom_domain_cannot_be_derived() {
        for domain in [
            "login.example.com",
            "127.0.0.1:8080",
            "a.b.c.auth0.com",
            "auth0.com",
            ".auth0.com",
            "manage.auth0.com",
        ] {
            assert_eq!(
                region_and_tenant(domain),
                Err(NoDashboard::CustomDomain(domain.into())),
                "{domain}"
            );
        }
    }

    #[test]
    fn actions_and_modules_have_their_pages() {
        assert_eq!(
            dashboard_url("acme.eu.auth0.com", DashboardObject::Action("act_1")),
            Ok("https://manage.auth0.com/dashboard/eu/acme/actions/library/details/act_1".into())
        );
        assert_eq!(
            dashboard_url("acme.auth0.com", DashboardObject::Module("mod_1")),
            Ok("https://manage.auth0.com/dashboard/us/acme/actions/modules/mod_1".into())
        );
        assert_eq!(
            dashboard_url("acme.auth0.com", DashboardObject::Action("a/../b?c")),
            Ok(
                "https://manage.auth0.com/dashboard/us/acme/actions/library/details/a%2F%2E%2E%2Fb%3Fc"
                    .into()
            )
        );
    }
}
