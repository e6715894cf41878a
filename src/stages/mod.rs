//! Stages: two tenants (or two FairCom places) compared object by object, matched by name — the
//! pure comparison, the mappings that keep per-stage text from counting, and the async gatherer of
//! one side's snapshot through the `Backend` trait. The CLI's `compare` and the dashboard's
//! Compare view share it; a promote reads its snapshots.

pub mod compare;
pub mod mapping;
pub mod promote;
pub mod snapshot;

pub use compare::{
    action_facets, compare, compare_facets, flow_facets, module_facets, named_twice,
    package_facets, setting_differences, Facets, Field, Kind, Options, PackageNaming, Row, State,
};
pub use mapping::{Keywords, KeywordsError, Mapping};
pub use snapshot::{gather, Flow, PackageScope, Part, Reading, Snapshot};
