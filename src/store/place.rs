//! Where a connection's objects are kept in the store: the ONE derivation of a [`Place`] from a
//! connection, shared by what records (the archive) and what reads (the dashboard's warm start),
//! so both always meet on the same rows.

use crate::model::ConnectionInfo;
use crate::strings::stages::DEMO_DEV;

use super::{Place, Service};

/// The place of `service`'s objects on this connection; `None` when it does not offer the service.
///
/// A tenant is its configured domain (`label`); a FairCom server its label (`faircom_label` beside
/// a tenant, `label` alone), both normalised by [`Place`]. The demo's emulator listens on a new
/// loopback port every run: its place is its stage instead (`demo-dev`, `demo-prod`), named by the
/// connection's profile, `demo-dev` when none is named (plain `--demo` is the development stage).
pub fn place_of(connection: &ConnectionInfo, service: Service) -> Option<Place> {
    let offered = match service {
        Service::Auth0 => connection.services.auth0,
        Service::FairCom => connection.services.faircom,
    };
    if !offered {
        return None;
    }
    let name = if connection.demo {
        connection.profile.as_deref().unwrap_or(DEMO_DEV)
    } else {
        match service {
            Service::Auth0 => connection.label.as_str(),
            Service::FairCom => connection.faircom_tenant(),
        }
    };
    Some(match service {
        Service::Auth0 => Place::auth0(name),
        Service::FairCom => Place::faircom(name),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Services;

    fn connection(demo: bool, profile: Option<&str>, services: Services) -> ConnectionInfo {
        ConnectionInfo {
            label: "https://ACME.eu.auth0.com/".into(),
            base_url: "http://127.0.0.1:40123".into(),
            demo,
            profile: profile.map(str::to_string),
            services,
            faircom_label: Some("db.local:8443".into()),
        }
    }

    const BOTH: Services = Services {
        auth0: true,
        faircom: true,
    };

    #[test]
    fn a_tenant_and_its_faircom_server_are_their_configured_names() {
        let conn = connection(false, Some("prod"), BOTH);
        assert_eq!(
            place_of(&conn, Service::Auth0),
            Some(Place::auth0("acme.eu.auth0.com"))
        );
        assert_eq!(
            place_of(&conn, Service::FairCom),
            Some(Place::faircom("db.local:8443"))
        );
    }

    #[test]
    fn a_faircom_server_alone_is_its_label_and_offers_no_tenant() {
        let mut conn = connection(
            false,
            None,
            Services {
                auth0: false,
                faircom: true,
            },
        );
        conn.label = "edge.test:8443".into();
        conn.faircom_label = None;
        assert_eq!(place_of(&conn, Service::Auth0), None);
        assert_eq!(
            place_of(&conn, Service::FairCom),
            Some(Place::faircom("edge.test:8443"))
        );
    }

    #[test]
    fn the_demo_is_its_stage_whatever_port_it_listens_on() {
        let plain = connection(true, None, BOTH);
        assert_eq!(
            place_of(&plain, Service::Auth0),
            Some(Place::auth0("demo-dev"))
        );
        let mut elsewhere = plain.clone();
        elsewhere.base_url = "http://127.0.0.1:50999".into();
        assert_eq!(
            place_of(&elsewhere, Service::FairCom),
            place_of(&plain, Service::FairCom)
        );
        let prod = connection(true, Some("demo-prod"), BOTH);
        assert_eq!(
            place_of(&prod, Service::Auth0),
            Some(Place::auth0("demo-prod"))
        );
    }
}
