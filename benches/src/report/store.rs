//! The committed store of every measurement, `reports/data.json`, from
//! which every page is generated.
//!
//! Each run of the generator merges criterion's current results into the
//! store: a result replaces the stored row of the same (operation, suite,
//! function, parameter) unless the stored row is newer, and every other row
//! is kept. So running one bench and then the generator updates that
//! bench's rows and leaves the rest of the reports as they were.
//!
//! The file is JSON, one row per line, sorted, so that a new run is a
//! readable diff:
//!
//! ```text
//! {"format":1,"rows":[
//! {"op":"frost-round2","suite":"ed25519","function":"tessera","parameter":"2-of-3","median":{...},"mean":{...},"measured":"2026-11-23T13:31Z","commit":"b86c81e","rustc":"rustc 1.95.0 (...)"},
//! ...
//! ]}
//! ```

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::ReportError;
use super::data::{Estimate, Measurement};
use super::format;

/// The store's file name, in the reports directory.
pub const FILE_NAME: &str = "data.json";

/// The version of the store's layout.
const FORMAT: u32 = 1;

/// One stored measurement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// The operation, e.g. `frost-round2`.
    pub op: String,
    /// The suite, e.g. `secp256k1`.
    pub suite: String,
    /// The implementation: criterion's function name (`tessera`, `frost-core`, ...).
    pub function: String,
    /// The parameter (`"{t}-of-{n}"`), empty when the benchmark has none.
    pub parameter: String,
    /// The median time per iteration in nanoseconds, with its 95%
    /// confidence interval.
    pub median: Estimate,
    /// The mean time per iteration in nanoseconds, with its 95% confidence
    /// interval.
    pub mean: Estimate,
    /// When it was measured, in UTC: `2026-11-23T13:31Z`, or only the day.
    pub measured: String,
    /// The commit measured (`git rev-parse --short HEAD`, `-dirty` when the
    /// tree had changes), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// The compiler (`rustc --version`), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rustc: Option<String>,
    /// Where the row came from when not from a criterion run (e.g. a page
    /// it was recovered from).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
}

/// The key of a row: (operation, suite, function, parameter).
pub type Key = (String, String, String, String);

impl Row {
    /// The row's key.
    pub fn key(&self) -> Key {
        (
            self.op.clone(),
            self.suite.clone(),
            self.function.clone(),
            self.parameter.clone(),
        )
    }

    /// The row of a criterion result, measured when its file was written.
    pub fn from_measurement(
        m: &Measurement,
        commit: Option<String>,
        rustc: Option<String>,
    ) -> Self {
        Self {
            op: m.op.clone(),
            suite: m.suite.clone(),
            function: m.implementation.clone(),
            parameter: m.param.clone(),
            median: m.median,
            mean: m.mean,
            measured: m
                .modified
                .and_then(format::format_utc_iso)
                .unwrap_or_default(),
            commit,
            rustc,
            origin: None,
        }
    }
}

/// The file's layout.
#[derive(Serialize, Deserialize)]
struct File {
    format: u32,
    rows: Vec<Row>,
}

/// Every stored row, by key.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Store {
    rows: BTreeMap<Key, Row>,
}

/// What a merge did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Merged {
    /// Rows that were not in the store.
    pub added: usize,
    /// Stored rows replaced by newer results.
    pub replaced: usize,
    /// Results not taken because the stored row is newer.
    pub older: usize,
    /// Results already in the store (same time and estimates: criterion's
    /// files read again), kept with the commit and compiler first recorded.
    pub unchanged: usize,
}

impl Store {
    /// Reads the store at `path`; a missing file is an empty store.
    ///
    /// # Errors
    ///
    /// When the file exists but cannot be read or parsed: a store is never
    /// silently replaced.
    pub fn load(path: &Path) -> Result<Self, ReportError> {
        let text = match fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(source) => {
                return Err(ReportError::Read {
                    path: path.to_owned(),
                    source,
                });
            }
        };
        let file: File = serde_json::from_str(&text).map_err(|e| ReportError::Store {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
        if file.format != FORMAT {
            return Err(ReportError::Store {
                path: path.to_owned(),
                message: format!(
                    "format {} is not the format {FORMAT} this generator reads",
                    file.format
                ),
            });
        }
        let mut store = Self::default();
        for row in file.rows {
            store.rows.insert(row.key(), row);
        }
        Ok(store)
    }

    /// The store as its file's text.
    pub fn to_json(&self) -> String {
        let mut out = format!("{{\"format\":{FORMAT},\"rows\":[\n");
        let lines: Vec<String> = self
            .rows
            .values()
            .filter_map(|row| serde_json::to_string(row).ok())
            .collect();
        out.push_str(&lines.join(",\n"));
        out.push_str("\n]}\n");
        out
    }

    /// Merges `rows` in: each replaces the stored row of its key unless that
    /// one was measured later; every other stored row is kept.
    pub fn merge(&mut self, rows: impl IntoIterator<Item = Row>) -> Merged {
        let mut merged = Merged::default();
        for row in rows {
            match self.rows.get(&row.key()) {
                None => merged.added += 1,
                Some(stored) if is_later(&stored.measured, &row.measured) => {
                    merged.older += 1;
                    continue;
                }
                Some(stored) if same_measurement(stored, &row) => {
                    merged.unchanged += 1;
                    continue;
                }
                Some(_) => merged.replaced += 1,
            }
            self.rows.insert(row.key(), row);
        }
        merged
    }

    /// The rows, sorted by key.
    pub fn rows(&self) -> impl Iterator<Item = &Row> {
        self.rows.values()
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the store is empty.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// Whether two rows are one measurement read twice: same time and the same
/// estimates. Re-reading criterion's files must not re-stamp a row with the
/// commit checked out now.
fn same_measurement(stored: &Row, new: &Row) -> bool {
    stored.measured == new.measured && stored.median == new.median && stored.mean == new.mean
}

/// Whether the time `a` is strictly later than `b` (both `YYYY-MM-DD` with
/// an optional `THH:MMZ`: a day alone sorts before any time of that day).
fn is_later(a: &str, b: &str) -> bool {
    a > b
}
