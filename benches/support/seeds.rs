//! The demo tenant's seed JavaScript (`src/emulator/seed/*.js`), the raw material the benchmarks
//! copy and vary into large inputs.

use std::path::{Path, PathBuf};

/// Each seed file's name and text, sorted by name.
pub fn seed_sources() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/emulator/seed");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("seed dir")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "js"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(p).unwrap())
        })
        .collect()
}
