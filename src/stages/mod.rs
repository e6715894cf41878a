//! Stages: two tenants (or two FairCom places) compared object by object, matched by name — the
//! pure comparison, the mappings that keep per-stage text from counting, and the async gatherer of
//! one side's snapshot through the `Backend` trait. The CLI's `compare` and the dashboard's
//! Compare view share it; a promote reads its snapshots.

pub mod mapping;
