//! The README tells the truth about the keys: its keymap section is generated from the keymap tables.
//! `UPDATE_README=1 cargo test --test readme` rewrites the section after a keymap change.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

const BEGIN: &str = "<!-- keymap:begin (generated from src/app/keymap.rs) -->\n";
const END: &str = "<!-- keymap:end -->";

#[test]
fn readme_keymap_matches_the_keymap_tables() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).unwrap();
    let start = readme.find(BEGIN).expect("README has the keymap markers") + BEGIN.len();
    let end = readme[start..]
        .find(END)
        .expect("README has the keymap end marker")
        + start;
    let generated = codedeck::app::keymap::markdown();
    if std::env::var_os("UPDATE_README").is_some() {
        let updated = format!("{}{}{}", &readme[..start], generated, &readme[end..]);
        std::fs::write(path, updated).unwrap();
        return;
    }
    assert_eq!(
        &readme[start..end],
        generated,
        "the README keymap is stale: run UPDATE_README=1 cargo test --test readme"
    );
}
