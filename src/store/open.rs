//! Opening the file: refusing what is not ours to touch (not SQLite, truncated, from a newer
//! codedeck) before anything is written, then the connection's settings and the forward migrations.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};

use crate::strings::store as words;

/// How long a write waits for another process's write to finish before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Small pages: code is stored plain (rows of a few KiB). SQLite keeps a long row's end in whole
/// overflow pages and only a short head in the table's page, so heads pack densely; a row that fits
/// a larger page whole leaves that page's rest empty (3 KiB rows: 4 KiB pages 1.28× the unique
/// code, 2 KiB 1.35×). Files made with another page size keep theirs.
const PAGE_SIZE: u32 = 1024;

/// The schema, one step per version: `MIGRATIONS[n]` takes a file from version `n` to `n + 1`.
/// Steps are only ever appended; a released one is never edited.
const MIGRATIONS: &[&str] = &[
    // 1: places, deduplicated code, objects with their last seen state, versions.
    "CREATE TABLE places (
        id INTEGER PRIMARY KEY,
        service TEXT NOT NULL,          -- auth0 | faircom
        name TEXT NOT NULL,             -- tenant domain | FairCom server
        UNIQUE (service, name)
    );
    -- Code, once per content: versions that hold the same code share one row.
    CREATE TABLE blobs (
        id INTEGER PRIMARY KEY,
        sha256 BLOB NOT NULL UNIQUE,    -- of the code as text
        bytes INTEGER NOT NULL,         -- the code's length as text
        encoding INTEGER NOT NULL,      -- 0: UTF-8 text; 1: deflated UTF-8
        code BLOB NOT NULL
    );
    CREATE TABLE objects (
        id INTEGER PRIMARY KEY,
        place INTEGER NOT NULL REFERENCES places(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,             -- action | module | package
        object_id TEXT NOT NULL,        -- the service's id; a package's database/owner/name
        name TEXT NOT NULL,
        snapshot TEXT,                  -- the object as last seen, as JSON, its code moved out
        draft_blob INTEGER REFERENCES blobs(id),
        live_version_id TEXT,
        seen_at TEXT,
        list_position INTEGER,          -- its place in the last list of its kind; NULL: not in it
        UNIQUE (place, kind, object_id)
    );
    CREATE TABLE lists (
        place INTEGER NOT NULL REFERENCES places(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (place, kind)
    ) WITHOUT ROWID;
    CREATE TABLE versions (
        id INTEGER PRIMARY KEY,
        object INTEGER NOT NULL REFERENCES objects(id) ON DELETE CASCADE,
        version_id TEXT NOT NULL,
        number INTEGER NOT NULL,
        blob INTEGER REFERENCES blobs(id),  -- NULL until the code is seen
        name TEXT NOT NULL,
        created_at TEXT,
        status TEXT,
        runtime TEXT,
        dependencies TEXT,              -- JSON
        secret_names TEXT,              -- JSON: names (and when set); no value exists to store
        record TEXT NOT NULL,           -- the rest of the version, as JSON
        first_seen_at TEXT NOT NULL,
        seen_at TEXT NOT NULL,
        pruned_at TEXT,                 -- the service stopped listing it
        UNIQUE (object, version_id)
    );
    CREATE INDEX versions_by_blob ON versions(blob);
    -- The same version id seen again with other code: kept beside it, never over it.
    CREATE TABLE conflicts (
        id INTEGER PRIMARY KEY,
        version INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
        blob INTEGER NOT NULL REFERENCES blobs(id),
        seen_at TEXT NOT NULL,
        UNIQUE (version, blob)
    );",
    // 2: tenant log events (issue 18), kept past the service's retention; secret values stripped.
    "CREATE TABLE log_events (
        place INTEGER NOT NULL REFERENCES places(id) ON DELETE CASCADE,
        log_id TEXT NOT NULL,           -- the service's log_id: the checkpoint for from=
        date TEXT NOT NULL,             -- RFC 3339, UTC, fixed width (sorts as text)
        kind TEXT NOT NULL,             -- the event type code: sapi, actions_execution_failed, s, ...
        event TEXT NOT NULL,            -- the whole event as JSON, secret values stripped
        PRIMARY KEY (place, log_id)
    ) WITHOUT ROWID;
    CREATE INDEX log_events_by_date ON log_events(place, date);",
];

/// The newest schema this codedeck knows.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Why the store cannot be used. The file is never changed on the way to one of these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// Written by a newer codedeck: left alone.
    NewerSchema {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    /// Not an SQLite file, truncated, or failing its check.
    Corrupt {
        path: PathBuf,
        why: String,
    },
    /// Another process held the write lock longer than [`BUSY_TIMEOUT`].
    Locked {
        path: PathBuf,
    },
    /// A read-only file or file system.
    ReadOnly {
        path: PathBuf,
    },
    DiskFull {
        path: PathBuf,
    },
    /// The folder or the file cannot be made or opened.
    CannotOpen {
        path: PathBuf,
        why: String,
    },
    /// Anything else SQLite said.
    Failed {
        path: PathBuf,
        why: String,
    },
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            Self::NewerSchema { path, found, known } => words::newer_schema(path, *found, *known),
            Self::Corrupt { path, why } => words::corrupt(path, why),
            Self::Locked { path } => words::locked(path),
            Self::ReadOnly { path } => words::read_only(path),
            Self::DiskFull { path } => words::disk_full(path),
            Self::CannotOpen { path, why } => words::cannot_open(path, why),
            Self::Failed { path, why } => words::failed(path, why),
        })
    }
}

impl std::error::Error for StoreError {}

impl StoreError {
    /// What SQLite said, in the store's terms.
    pub(super) fn from_sqlite(path: &Path, error: &rusqlite::Error) -> Self {
        let path = path.to_path_buf();
        let code = match error {
            rusqlite::Error::SqliteFailure(failure, _) => Some(failure.code),
            _ => None,
        };
        match code {
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => Self::Corrupt {
                path,
                why: error.to_string(),
            },
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Self::Locked { path },
            Some(ErrorCode::ReadOnly) => Self::ReadOnly { path },
            Some(ErrorCode::DiskFull) => Self::DiskFull { path },
            Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => Self::CannotOpen {
                path,
                why: error.to_string(),
            },
            _ => Self::Failed {
                path,
                why: error.to_string(),
            },
        }
    }

    fn from_io(path: &Path, error: &io::Error) -> Self {
        match error.kind() {
            io::ErrorKind::ReadOnlyFilesystem => Self::ReadOnly {
                path: path.to_path_buf(),
            },
            io::ErrorKind::StorageFull => Self::DiskFull {
                path: path.to_path_buf(),
            },
            _ => Self::CannotOpen {
                path: path.to_path_buf(),
                why: error.to_string(),
            },
        }
    }
}

/// Opens (creating it owner-only if absent) and brings the schema up to [`SCHEMA_VERSION`].
pub(super) fn open(path: &Path) -> Result<Connection, StoreError> {
    let fail = |e: rusqlite::Error| StoreError::from_sqlite(path, &e);
    let header = prepare_file(path)?;
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(fail)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(fail)?;
    // SQLite opens a file it may not write read-only without a word: say so now.
    if conn.is_readonly(rusqlite::MAIN_DB).map_err(fail)? {
        return Err(StoreError::ReadOnly {
            path: path.to_path_buf(),
        });
    }
    // Two processes opening one new file at once: switching it to WAL (or a first read of it
    // while the other sets it up) can be refused as busy without SQLite's wait; wait here.
    let deadline = Instant::now() + BUSY_TIMEOUT;
    let mut conn = conn;
    loop {
        match settle(&mut conn, path, header) {
            Err(StoreError::Locked { .. }) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(error) => return Err(error),
            Ok(()) => return Ok(conn),
        }
    }
}

/// Refuses a truncated or newer file, sets the connection up, migrates forward.
fn settle(conn: &mut Connection, path: &Path, header: Header) -> Result<(), StoreError> {
    let fail = |e: rusqlite::Error| StoreError::from_sqlite(path, &e);
    if header == Header::Short {
        check_integrity(conn, path)?;
    }
    let found: i64 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(fail)?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found,
            known: SCHEMA_VERSION,
        });
    }
    if header == Header::Empty {
        conn.pragma_update(None, "page_size", PAGE_SIZE)
            .map_err(fail)?;
    }
    // WAL: readers never wait for the writer, and a dashboard and a CLI share the file.
    conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))
        .map_err(fail)?;
    conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
        .map_err(fail)?;
    migrate(conn, path)
}

fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let fail = |e: rusqlite::Error| StoreError::from_sqlite(path, &e);
    {
        // IMMEDIATE: two processes opening a new file at once take turns; the second finds it done.
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        let mut at: i64 = tx
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(fail)?;
        if at > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                path: path.to_path_buf(),
                found: at,
                known: SCHEMA_VERSION,
            });
        }
        while at < SCHEMA_VERSION {
            tx.execute_batch(MIGRATIONS[at as usize]).map_err(fail)?;
            at += 1;
        }
        tx.pragma_update(None, "user_version", at).map_err(fail)?;
        tx.commit().map_err(fail)?;
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Header {
    /// A new (empty) file.
    Empty,
    /// An SQLite header whose size agrees with the file.
    Sound,
    /// The header counts more pages than the file holds: truncated, or a checkpoint under way in
    /// another process. The integrity check tells which.
    Short,
}

/// Makes the folder (0700) and the file (0600) if absent, and reads the header of one that exists:
/// a file that is not SQLite is refused here, before SQLite could write to it.
fn prepare_file(path: &Path) -> Result<Header, StoreError> {
    let io_fail = |e: &io::Error| StoreError::from_io(path, e);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.exists() {
            create_private_dir(dir).map_err(|e| io_fail(&e))?;
        }
    }
    let mut options = fs::OpenOptions::new();
    options.read(true).write(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    // Read-only is only opened for reading: the header says whether it is ours at all.
    let file = options
        .open(path)
        .or_else(|_| fs::File::open(path))
        .map_err(|e| io_fail(&e))?;
    let size = file.metadata().map_err(|e| io_fail(&e))?.len();
    if size == 0 {
        return Ok(Header::Empty);
    }
    let corrupt = |why: &str| StoreError::Corrupt {
        path: path.to_path_buf(),
        why: why.to_string(),
    };
    let mut header = [0_u8; 100];
    if size < header.len() as u64 {
        return Err(corrupt(words::TOO_SHORT));
    }
    (&file).read_exact(&mut header).map_err(|e| io_fail(&e))?;
    if &header[..16] != b"SQLite format 3\0" {
        return Err(corrupt(words::NOT_SQLITE));
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    let pages = u64::from(u32::from_be_bytes([
        header[28], header[29], header[30], header[31],
    ]));
    // The page count is only meaningful when its "valid for" stamp matches the change counter.
    let counted = header[24..28] == header[92..96];
    Ok(if counted && pages * page_size > size {
        Header::Short
    } else {
        Header::Sound
    })
}

/// A file shorter than its header says: truncated, unless the check finds it whole (a checkpoint
/// in another process was extending it).
fn check_integrity(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let verdict = conn
        .query_row("PRAGMA quick_check(1)", [], |row| row.get::<_, String>(0))
        .unwrap_or_else(|e| e.to_string());
    if verdict == "ok" {
        return Ok(());
    }
    Err(StoreError::Corrupt {
        path: path.to_path_buf(),
        why: format!("{} ({verdict})", words::TRUNCATED),
    })
}

/// Folders codedeck creates are the owner's only (the store holds code).
fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}
