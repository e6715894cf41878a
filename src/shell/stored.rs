//! The warm start's read of the history store: the lists last seen of the dashboard's own
//! connection (its places derived by `store::place_of`, as the recording side derives them), read
//! on a blocking thread and handed to `update` as `Msg::StoredListsRead`.

use crate::app::msg::{Stored, StoredLists};
use crate::model::{Action, CodePackage, ConnectionInfo, Module};
use crate::store::{place_of, Listed, Listing, Service, SharedStore, StoreError};
use crate::strings::warm as words;

/// The stored lists of `connection`'s places; empty without a store (its problem was said at
/// start), with the reason in words when the store could not be read.
pub async fn read_lists(store: Option<&SharedStore>, connection: ConnectionInfo) -> StoredLists {
    let Some(store) = store.cloned() else {
        return StoredLists::default();
    };
    tokio::task::spawn_blocking(move || read_now(&store, &connection))
        .await
        .unwrap_or_else(|e| StoredLists {
            problem: Some(e.to_string()),
            ..StoredLists::default()
        })
}

/// The same, here and now (the caller is on a blocking thread, or is a benchmark).
pub fn read_now(store: &SharedStore, connection: &ConnectionInfo) -> StoredLists {
    let Ok(store) = store.lock() else {
        return StoredLists {
            problem: Some(words::STORE_BUSY.to_string()),
            ..StoredLists::default()
        };
    };
    let mut lists = StoredLists::default();
    let mut problems = vec![];
    if let Some(place) = place_of(connection, Service::Auth0) {
        lists.actions = kept(store.listed::<Action>(&place), &mut problems);
        lists.modules = kept(store.listed::<Module>(&place), &mut problems);
    }
    if let Some(place) = place_of(connection, Service::FairCom) {
        lists.packages = kept(store.listed::<CodePackage>(&place), &mut problems);
    }
    lists.problem = problems.into_iter().next();
    lists
}

fn kept<T: Listed>(
    read: Result<Option<Listing<T>>, StoreError>,
    problems: &mut Vec<String>,
) -> Option<Stored<Vec<T>>> {
    match read {
        Ok(listing) => listing.map(|l| Stored {
            items: l.items,
            seen_at: l.seen_at,
        }),
        Err(e) => {
            problems.push(e.to_string());
            None
        }
    }
}
