//! Deterministic ids, timestamps and version histories, derived from names so the demo is the same
//! on every start and snapshots stay stable: the toolkit both demo seeds (Auth0 and FairCom) build on.

use chrono::{DateTime, Duration, Utc};

use crate::emulator::store::Dep;

/// FNV-1a, for stable ids and jitter derived from names.
pub(super) fn hash64(key: &str, salt: u64) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ salt;
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    SplitMix(h).next()
}

/// A UUID (v4 layout) derived from `key`: the same key always gives the same id.
pub fn stable_uuid(key: &str) -> String {
    let hi = hash64(key, 1);
    let lo = hash64(key, 2);
    let hi = (hi & 0xffff_ffff_ffff_0fff) | 0x0000_0000_0000_4000;
    let lo = (lo & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xffff,
        hi & 0xffff,
        lo >> 48,
        lo & 0xffff_ffff_ffff
    )
}

/// Tiny deterministic generator (SplitMix64): stable across crate versions, unlike `rand`'s StdRng.
pub(super) struct SplitMix(pub(super) u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub(super) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// `base + hours`, plus minutes and a sub-second fraction derived from `key` (real stamps are never round).
pub(in crate::emulator) fn stamp(base: DateTime<Utc>, hours: i64, key: &str) -> DateTime<Utc> {
    let h = hash64(key, 7);
    base + Duration::hours(hours)
        + Duration::minutes((h % 600) as i64)
        + Duration::nanoseconds(((h >> 16) % 1_000_000_000) as i64)
}

/// One scripted edit: text replacements (each must match) and optionally a dependency set to a version.
pub(in crate::emulator) struct Edit {
    replace: &'static [(&'static str, &'static str)],
    bump: Option<(&'static str, &'static str)>,
}

pub(in crate::emulator) const fn edit(replace: &'static [(&'static str, &'static str)]) -> Edit {
    Edit {
        replace,
        bump: None,
    }
}

pub(super) const fn bump(
    dep: (&'static str, &'static str),
    replace: &'static [(&'static str, &'static str)],
) -> Edit {
    Edit {
        replace,
        bump: Some(dep),
    }
}

/// What the seed looks up in itself: a module, version or action it names, the base version
/// `evolve` always returns. The seed is data in this file, so a miss is a typo here that every test
/// starting the demo reports at once; it stops loudly rather than start a tenant unlike this file.
#[allow(clippy::panic)]
pub(in crate::emulator) fn seeded<T>(found: Option<T>, what: &str) -> T {
    found.unwrap_or_else(|| panic!("the demo seed refers to a {what} it does not define"))
}

/// The code and dependencies after each edit: `result[0]` is the base, `result[i]` follows edit `i`.
pub(in crate::emulator) fn evolve(
    name: &str,
    base: &str,
    deps: &[(&str, &str)],
    edits: &[Edit],
) -> Vec<(String, Vec<Dep>)> {
    let mut code = base.to_string();
    let mut deps: Vec<Dep> = deps
        .iter()
        .map(|(n, v)| Dep {
            name: n.to_string(),
            version: v.to_string(),
        })
        .collect();
    let mut out = vec![(code.clone(), deps.clone())];
    for (i, e) in edits.iter().enumerate() {
        for (find, with) in e.replace {
            assert!(
                code.contains(find),
                "seed edit {i} of {name}: {find:?} not found"
            );
            code = code.replacen(find, with, 1);
        }
        if let Some((dep, version)) = e.bump {
            match deps.iter_mut().find(|d| d.name == dep) {
                Some(d) => d.version = version.to_string(),
                None => deps.push(Dep {
                    name: dep.to_string(),
                    version: version.to_string(),
                }),
            }
        }
        out.push((code.clone(), deps.clone()));
    }
    out
}
