//! Tolerant serde helpers the providers' wire types share.

use serde::{Deserialize, Deserializer};

/// Reads `null` as the type's default (serde's `default` only covers a missing field).
pub(crate) fn nullable<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}
