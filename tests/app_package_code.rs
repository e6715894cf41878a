//! Package code (issue 19): `e` edits a FairCom code package's code in the user's editor, asks for
//! the comment FairCom keeps with the version, shows the review dialog and sends
//! `alterCodePackage` through the change pipeline — journaled, undone with `u`, and refused
//! without a request when the package changed since it was read. Against the emulator over HTTP;
//! the editor is a shell script.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use codedeck::app::state::{Overlay, PromptPurpose};
use codedeck::backend::Backend;
use codedeck::emulator::EmulatorHandle;
use codedeck::journal::{ObjectKind, Operation};
use codedeck::model::PackageId;
use codedeck::shell::Driver;
use support::dashboard::{both, editor_script, faircom_client, flash_text, setup_on, Setup};

const PACKAGE: &str = "convertTemperature";

async fn setup() -> Setup {
    let mut setup = setup_on(both).await;
    setup.driver.press("4");
    setup.driver.settle().await;
    setup
}

/// Opens the package's detail (its code loads there).
async fn open(driver: &mut Driver, name: &str) {
    let index = driver
        .state
        .packages
        .visible()
        .iter()
        .position(|p| p.id.name == name)
        .unwrap();
    driver.press("g");
    for _ in 0..index {
        driver.press("j");
    }
    driver.press("<Enter>");
    driver.settle().await;
}

/// The emulator's current version number, code and comment of a faircom/admin package.
fn current(emu: &EmulatorHandle, name: &str) -> (u32, String, String) {
    emu.with_faircom_store(|store| {
        let p = store.find("faircom", "admin", name).unwrap();
        (
            p.current.number,
            p.current.code.clone(),
            p.current.comment.clone(),
        )
    })
}

fn alters(emu: &EmulatorHandle) -> usize {
    emu.faircom_calls()
        .iter()
        .filter(|c| c.action == "alterCodePackage")
        .count()
}

/// `e`, the editor appends a line, the comment is typed: the review dialog is up.
async fn edit_to_review(driver: &mut Driver, comment: &str) {
    driver.state.opts.editor = editor_script("printf '// edited by the test\\n' >> \"$0\"");
    driver.press("e");
    driver.settle().await;
    let Overlay::Prompt(prompt) = &driver.state.overlay else {
        panic!("the comment prompt: {:?}", driver.state.flash);
    };
    assert!(matches!(prompt.purpose, PromptPurpose::PackageComment(_)));
    driver.press(comment);
    driver.press("<Enter>");
    driver.settle().await;
    let Overlay::Confirm(confirm) = &driver.state.overlay else {
        panic!("the review dialog: {:?}", driver.state.flash);
    };
    assert!(confirm.diff.is_some(), "the diff current → edited");
    assert!(!confirm.confirm_focused, "Cancel has the focus");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_with_a_comment_makes_a_new_version_is_journaled_and_undoes() {
    let Setup {
        mut driver,
        emu,
        journal,
        ..
    } = setup().await;
    let (before, old_code, _) = current(&emu, PACKAGE);
    open(&mut driver, PACKAGE).await;
    edit_to_review(&mut driver, "rounding-fix").await;
    driver.press("y");
    driver.settle().await;
    let (now, code, comment) = current(&emu, PACKAGE);
    assert_eq!(now, before + 1, "{:?}", driver.state.flash);
    assert_eq!(code, format!("{old_code}// edited by the test\n"));
    assert_eq!(comment, "rounding-fix");
    assert!(flash_text(&driver).contains(&format!("version {now} is current")));

    let entries = support::dashboard::made(&journal);
    assert_eq!(entries.len(), 1);
    let entry = &entries[0];
    assert_eq!(
        (entry.kind, entry.operation),
        (ObjectKind::Package, Operation::PackageRevert)
    );
    assert_eq!(entry.object_id, format!("faircom/admin/{PACKAGE}"));
    assert_eq!(entry.before.version_number, Some(before));
    assert_eq!(entry.after.version_number, Some(now));

    // u: back to the code of the version before (a revert makes the next number).
    driver.press("u");
    driver.settle().await;
    let Overlay::Confirm(confirm) = &driver.state.overlay else {
        panic!("undo asks: {:?}", driver.state.flash);
    };
    assert!(
        confirm.title.contains(&format!("to version {before}")),
        "{}",
        confirm.title
    );
    driver.press("y");
    driver.settle().await;
    let (last, code, _) = current(&emu, PACKAGE);
    assert_eq!(last, now + 1);
    assert_eq!(code, old_code);
    assert!(support::dashboard::made(&journal)[1].undo);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_guard_sends_nothing_when_the_package_changed_meanwhile() {
    let Setup {
        mut driver,
        emu,
        journal,
        ..
    } = setup().await;
    open(&mut driver, PACKAGE).await;
    edit_to_review(&mut driver, "mine").await;
    // Someone else changes the package while the dialog is up.
    let id = PackageId {
        database: "faircom".into(),
        owner: "admin".into(),
        name: PACKAGE.into(),
    };
    let (seen, _, _) = current(&emu, PACKAGE);
    faircom_client(&emu)
        .alter_package_code(&id, "// theirs\n", "theirs")
        .await
        .unwrap();
    let sent = alters(&emu);
    driver.press("y");
    driver.settle().await;
    assert_eq!(alters(&emu), sent, "nothing sent");
    let (now, code, _) = current(&emu, PACKAGE);
    assert_eq!((now, code.as_str()), (seen + 1, "// theirs\n"));
    let said = flash_text(&driver);
    assert!(said.contains("changed since codedeck read it"), "{said}");
    assert!(support::dashboard::made(&journal).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_or_an_unchanged_file_sends_nothing() {
    let Setup {
        mut driver,
        emu,
        journal,
        ..
    } = setup().await;
    let (before, _, _) = current(&emu, PACKAGE);
    open(&mut driver, PACKAGE).await;
    edit_to_review(&mut driver, "never").await;
    driver.press("<Esc>");
    driver.settle().await;
    assert_eq!(driver.state.overlay, Overlay::None);

    driver.state.opts.editor = editor_script("true");
    driver.press("e");
    driver.settle().await;
    assert_eq!(driver.state.overlay, Overlay::None, "no comment asked");

    assert_eq!(alters(&emu), 0);
    assert_eq!(current(&emu, PACKAGE).0, before);
    assert!(support::dashboard::made(&journal).is_empty());
}

/// `n`, the name, the owner as offered, the first type and the one language, then the editor.
async fn create_to_review(driver: &mut Driver, name: &str) {
    driver.state.opts.editor = editor_script("printf 'return 42;\\n' >> \"$0\"");
    driver.press("n");
    let Overlay::Prompt(prompt) = &driver.state.overlay else {
        panic!("the name prompt: {:?}", driver.state.flash);
    };
    assert!(matches!(prompt.purpose, PromptPurpose::PackageName(_)));
    driver.press(name);
    driver.press("<Enter>");
    let Overlay::Prompt(prompt) = &driver.state.overlay else {
        panic!("the owner prompt: {:?}", driver.state.flash);
    };
    assert_eq!(
        prompt.text.as_str(),
        "admin",
        "the selected package's owner"
    );
    driver.press("<Enter>");
    assert!(matches!(driver.state.overlay, Overlay::Menu(_)), "types");
    driver.press("<Enter>");
    assert!(
        matches!(driver.state.overlay, Overlay::Menu(_)),
        "languages"
    );
    driver.press("<Enter>");
    driver.settle().await;
    let Overlay::Confirm(confirm) = &driver.state.overlay else {
        panic!("the review dialog: {:?}", driver.state.flash);
    };
    assert!(confirm.diff.is_some(), "the diff nothing → the code");
    assert!(!confirm.confirm_focused, "Cancel has the focus");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn n_creates_a_package_the_list_then_shows_and_journals_it() {
    let Setup {
        mut driver,
        emu,
        journal,
        ..
    } = setup().await;
    create_to_review(&mut driver, "freshOne").await;
    driver.press("y");
    driver.settle().await;
    let (number, code, _) = current(&emu, "freshOne");
    assert_eq!(number, 1, "{:?}", driver.state.flash);
    assert!(code.ends_with("return 42;\n"), "{code}");
    assert!(
        driver
            .state
            .packages
            .visible()
            .iter()
            .any(|p| p.id.name == "freshOne"),
        "the list shows it"
    );
    let entries = support::dashboard::made(&journal);
    assert_eq!(entries.len(), 1);
    assert_eq!(
        (entries[0].kind, entries[0].operation),
        (ObjectKind::Package, Operation::Create)
    );
    assert_eq!(entries[0].object_id, "faircom/admin/freshOne");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_a_create_sends_nothing() {
    let Setup {
        mut driver,
        emu,
        journal,
        ..
    } = setup().await;
    create_to_review(&mut driver, "neverMade").await;
    driver.press("<Esc>");
    driver.settle().await;
    assert_eq!(driver.state.overlay, Overlay::None);
    let creates = emu
        .faircom_calls()
        .iter()
        .filter(|c| c.action == "createCodePackage")
        .count();
    assert_eq!(creates, 0);
    assert!(support::dashboard::made(&journal).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_e_and_n_are_refused_like_other_changes() {
    let Setup { mut driver, .. } = setup().await;
    driver.state.opts.offline = true;
    for key in ["e", "n"] {
        driver.press(key);
        assert_eq!(driver.state.overlay, Overlay::None, "{key}");
        let said = flash_text(&driver);
        let help = match key {
            "e" => codedeck::strings::package_code::HELP_EDIT_CODE,
            _ => codedeck::strings::package_code::HELP_CREATE_PACKAGE,
        };
        assert_eq!(
            said,
            codedeck::strings::warm::needs_connection(help),
            "{key}"
        );
    }
}

/// The owner prompt of `n` after the name (the name typed, Enter pressed).
fn owner_prompt_text(driver: &mut Driver, name: &str) -> String {
    driver.press("n");
    driver.press(name);
    driver.press("<Enter>");
    let Overlay::Prompt(prompt) = &driver.state.overlay else {
        panic!("the owner prompt: {:?}", driver.state.flash);
    };
    assert!(matches!(prompt.purpose, PromptPurpose::PackageOwner(_)));
    prompt.text.as_str().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn n_offers_the_profiles_faircom_owner_and_the_user_may_change_it() {
    let Setup {
        mut driver, emu, ..
    } = setup().await;
    // The profile's `faircom_owner`, as the CLI hands it over.
    driver.state.opts.faircom_owner = Some("ops".to_string());
    assert_eq!(owner_prompt_text(&mut driver, "fromProfile"), "ops");
    // Kept as offered: the draft goes on with the profile's owner.
    driver.press("<Enter>");
    let Overlay::Menu(menu) = &driver.state.overlay else {
        panic!("the types menu: {:?}", driver.state.flash);
    };
    let codedeck::app::state::MenuPurpose::PackageType(draft, _) = &menu.purpose else {
        panic!("{:?}", menu.purpose);
    };
    assert_eq!(draft.owner, "ops");
    driver.press("<Esc>");

    // Changed by the user: what they typed is used, up to the created package.
    driver.state.opts.editor = editor_script("printf 'return 42;\\n' >> \"$0\"");
    assert_eq!(owner_prompt_text(&mut driver, "changedOwner"), "ops");
    for _ in 0.."ops".len() {
        driver.press("<Backspace>");
    }
    driver.press("admin");
    for _ in 0..3 {
        driver.press("<Enter>"); // the owner, the first type, the one language
    }
    driver.settle().await;
    assert!(
        matches!(driver.state.overlay, Overlay::Confirm(_)),
        "the review dialog: {:?}",
        driver.state.flash
    );
    driver.press("y");
    driver.settle().await;
    let (number, _, _) = current(&emu, "changedOwner");
    assert_eq!(number, 1, "created under admin: {:?}", driver.state.flash);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_profile_owner_n_offers_the_selected_packages() {
    let Setup { mut driver, .. } = setup().await;
    driver.state.opts.faircom_owner = None;
    assert_eq!(owner_prompt_text(&mut driver, "fromSelection"), "admin");
}
