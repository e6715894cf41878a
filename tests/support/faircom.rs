//! What the FairCom tests read back from the emulator: the requests it received and the packages
//! it holds.

use codedeck::emulator::faircom::store::PackageRec;
use codedeck::emulator::EmulatorHandle;

/// How many requests for `action` the emulator received.
pub fn sent(emu: &EmulatorHandle, action: &str) -> usize {
    let kept = emu
        .faircom_calls()
        .iter()
        .filter(|c| c.action == action)
        .count();
    // Of a refused (unauthenticated) request the emulator keeps only a count.
    kept + emu.faircom_refused(action)
}

/// A status change happened in place: `after` has `status`, and the version, its code and the
/// history are `before`'s.
pub fn assert_status_set_in_place(before: &PackageRec, after: &PackageRec, status: &str) {
    assert_eq!(after.current.status, status);
    assert_eq!(
        after.current.number, before.current.number,
        "no new version"
    );
    assert_eq!(after.current.code, before.current.code);
    assert_eq!(after.history, before.history);
}
