//! Undo more than one level and redo (issue 19) in the dashboard (headless driver on the
//! emulator): `z` walks back through codedeck's own changes on the tenant, `Z` redoes the last
//! undo, each asking first; the journal says which change each undo took back.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use codedeck::app::state::{Change, Overlay};
use codedeck::emulator::EmulatorHandle;
use codedeck::journal::{ChainOf, ObjectKind, Operation};
use codedeck::shell::Driver;
use support::dashboard::{
    auth0, both, editor_script, flash_text, made, select, setup_on, Setup, FAIRCOM_LABEL,
};

const BUILT: &str = "Add role claims to tokens";

/// The version the open confirm dialog rolls the action to.
fn asked_version(driver: &codedeck::shell::Driver) -> u32 {
    match &driver.state.overlay {
        Overlay::Confirm(confirm) => match &confirm.change {
            Change::ActionRollback { to, .. } => to.number,
            other => panic!("not a rollback: {other:?}"),
        },
        other => panic!("no dialog ({}): {other:?}", flash_text(driver)),
    }
}

/// The live version's number on the open timeline.
fn live(driver: &codedeck::shell::Driver) -> u32 {
    let versions = driver.state.versions().expect("a timeline");
    let timeline = versions.timeline.data.ready().expect("loaded");
    timeline
        .live()
        .and_then(codedeck::app::timeline::TimelineRow::number)
        .expect("a live version")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn z_undoes_two_rollbacks_one_after_the_other_and_shift_z_redoes() {
    let Setup {
        mut driver,
        emu: _emu,
        journal,
        ..
    } = setup_on(auth0).await;
    select(&mut driver, BUILT);
    driver.press("v");
    driver.settle().await;
    let first_live = live(&driver);
    // Two rollbacks to version 1.
    for _ in 0..2 {
        driver.press("G");
        driver.press("r");
        driver.settle().await;
        driver.press("y");
        driver.settle().await;
    }
    let second_live = first_live + 1;
    assert_eq!(live(&driver), first_live + 2, "{}", flash_text(&driver));
    // From the list: `z` opens the timeline and asks to undo the second rollback.
    driver.press("<Esc>");
    driver.settle().await;
    assert!(driver.state.versions().is_none(), "back on the list");

    driver.press("z");
    driver.settle().await;
    assert_eq!(asked_version(&driver), second_live, "undo the second");
    driver.press("y");
    driver.settle().await;
    assert_eq!(live(&driver), first_live + 3, "{}", flash_text(&driver));

    driver.press("z");
    driver.settle().await;
    assert_eq!(asked_version(&driver), first_live, "then the first");
    driver.press("y");
    driver.settle().await;
    assert_eq!(live(&driver), first_live + 4, "{}", flash_text(&driver));

    // `Z` redoes the last undo: what the first rollback's undo replaced comes back.
    driver.press("Z");
    driver.settle().await;
    assert_eq!(asked_version(&driver), first_live + 3, "redo the first");
    driver.press("y");
    driver.settle().await;
    assert_eq!(live(&driver), first_live + 5, "{}", flash_text(&driver));

    // The journal says it: each undo names the change it took back.
    let changes = made(&journal);
    assert_eq!(changes.len(), 5, "{changes:#?}");
    let id = |i: usize| changes[i].change.clone();
    assert_eq!(changes[2].undoes, id(1), "z undid the second rollback");
    assert_eq!(changes[3].undoes, id(0), "then the first");
    assert_eq!(changes[4].undoes, id(3), "Z undid that undo");
    let chain = codedeck::journal::undo_chain(&journal.read().unwrap(), &changes[0].tenant);
    assert_eq!(chain.undo.and_then(|e| e.change), id(4), "z next: the redo");
    assert_eq!(
        chain.redo.and_then(|e| e.change),
        id(2),
        "Z next: the other undo"
    );
}

// Packages (issue 19): `z`/`Z` walk back and forth through codedeck's changes on the FairCom server.

const PACKAGE: &str = "convertTemperature";

/// The emulator's current version number and code of a faircom/admin package.
fn package_now(emu: &EmulatorHandle, name: &str) -> (u32, String) {
    emu.with_faircom_store(|store| {
        let p = store.find("faircom", "admin", name).unwrap();
        (p.current.number, p.current.code.clone())
    })
}

/// The version the open confirm dialog reverts the package to.
fn asked_revert(driver: &Driver) -> u32 {
    match &driver.state.overlay {
        Overlay::Confirm(confirm) => match &confirm.change {
            Change::PackageRevert { to, .. } => *to,
            other => panic!("not a revert: {other:?}"),
        },
        other => panic!("no dialog ({}): {other:?}", flash_text(driver)),
    }
}

/// `z` or `Z`: the dialog asks first (Cancel focused, nothing sent); `y` reverts.
async fn asks_then_yes(driver: &mut Driver, key: &str, emu: &EmulatorHandle, to: u32) {
    let reverts = || {
        emu.faircom_calls()
            .iter()
            .filter(|c| c.action == "revertCodePackage")
            .count()
    };
    let sent = reverts();
    driver.press(key);
    driver.settle().await;
    assert_eq!(asked_revert(driver), to, "{key} asks to revert to v{to}");
    assert_eq!(reverts(), sent, "nothing sent before yes");
    driver.press("y");
    driver.settle().await;
    assert_eq!(reverts(), sent + 1, "{}", flash_text(driver));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_packages_z_undoes_an_edit_and_a_revert_and_shift_z_redoes() {
    let Setup {
        mut driver,
        emu,
        journal,
        ..
    } = setup_on(both).await;
    driver.press("4");
    driver.settle().await;
    // Nothing journaled yet: said in words, nothing asked.
    driver.press("Z");
    driver.settle().await;
    assert_eq!(
        flash_text(&driver),
        codedeck::strings::NOTHING_TO_REDO_PACKAGES
    );
    driver.press("z");
    driver.settle().await;
    assert_eq!(
        flash_text(&driver),
        codedeck::strings::NOTHING_TO_UNDO_PACKAGES
    );
    assert_eq!(driver.state.overlay, Overlay::None);

    let (first, original) = package_now(&emu, PACKAGE);
    select(&mut driver, PACKAGE);
    // `e`: an edit with a comment (version first + 1).
    driver.press("<Enter>");
    driver.settle().await;
    driver.state.opts.editor = editor_script("printf '// edited by the test\\n' >> \"$0\"");
    driver.press("e");
    driver.settle().await;
    driver.press("redo-test<Enter>");
    driver.settle().await;
    driver.press("y");
    driver.settle().await;
    let (edited_version, edited) = package_now(&emu, PACKAGE);
    assert_eq!(edited_version, first + 1, "{}", flash_text(&driver));
    assert_eq!(edited, format!("{original}// edited by the test\n"));
    // `r` on the oldest version in the history (version first + 2, version 1's code).
    driver.press("v");
    driver.settle().await;
    driver.press("Gr");
    driver.settle().await;
    driver.press("y");
    driver.settle().await;
    assert_eq!(
        package_now(&emu, PACKAGE).0,
        first + 2,
        "{}",
        flash_text(&driver)
    );
    // Back on the list: `z` opens the package's history and asks to undo the revert.
    driver.press("<Esc><Esc>");
    driver.settle().await;
    assert!(
        driver.state.packages.versions.is_none(),
        "the history closed"
    );
    asks_then_yes(&mut driver, "z", &emu, first + 1).await;
    assert!(
        driver.state.packages.versions.is_some(),
        "the history opened"
    );
    assert_eq!(package_now(&emu, PACKAGE), (first + 3, edited.clone()));
    // `z` again: the edit, its code back to the original.
    asks_then_yes(&mut driver, "z", &emu, first).await;
    assert_eq!(package_now(&emu, PACKAGE), (first + 4, original.clone()));
    // `Z`: the last undo undone, the edited code back.
    asks_then_yes(&mut driver, "Z", &emu, first + 3).await;
    assert_eq!(package_now(&emu, PACKAGE), (first + 5, edited));

    // The journal says it, on the FairCom server (not the Auth0 tenant).
    let changes = made(&journal);
    assert_eq!(changes.len(), 5, "{changes:#?}");
    for change in &changes {
        assert_eq!(
            (change.kind, change.operation, change.tenant.as_str()),
            (ObjectKind::Package, Operation::PackageRevert, FAIRCOM_LABEL)
        );
    }
    let id = |i: usize| changes[i].change.clone();
    assert!(changes[2].undo && changes[3].undo && changes[4].undo);
    assert_eq!(changes[2].undoes, id(1), "z undid the revert");
    assert_eq!(changes[3].undoes, id(0), "then the edit");
    assert_eq!(changes[4].undoes, id(3), "Z undid that undo");
    let chain = codedeck::journal::undo_chain_of(
        &journal.read().unwrap(),
        FAIRCOM_LABEL,
        ChainOf::Packages,
    );
    assert_eq!(chain.undo.and_then(|e| e.change), id(4), "z next: the redo");
    assert_eq!(
        chain.redo.and_then(|e| e.change),
        id(2),
        "Z next: the other undo"
    );
    assert_eq!(
        codedeck::journal::undo_chain(&journal.read().unwrap(), FAIRCOM_LABEL),
        codedeck::journal::UndoChain::default(),
        "the Auth0 chain holds no package change"
    );

    // Offline, z and Z are refused in words before anything is read.
    driver.state.opts.offline = true;
    for key in ["z", "Z"] {
        driver.press(key);
        assert!(
            flash_text(&driver).contains("needs a connection"),
            "{key}: {}",
            flash_text(&driver)
        );
        assert!(driver.pending().is_empty(), "{key}: nothing asked");
    }
}
