//! Reading criterion's results: every `new/benchmark.json` under the
//! criterion directory, with the `new/estimates.json` beside it.
//!
//! Files that are missing, unreadable, garbled or that do not follow the
//! naming convention are skipped with a warning; only an unreadable
//! criterion directory itself is an error.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::ReportError;
use super::format::{TESSERA, implementation_cmp, natural_cmp, suite_cmp};
use super::store::Row;

/// How deep below the criterion directory `new/` directories are looked
/// for (criterion writes them at depth 4: group, function, value, `new`).
const MAX_DEPTH: usize = 8;

/// A point estimate with its confidence interval, in nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// The point estimate.
    pub point: f64,
    /// The lower bound of the confidence interval.
    pub lower: f64,
    /// The upper bound of the confidence interval.
    pub upper: f64,
}

/// One benchmark result: criterion's estimates of one
/// (operation, suite, implementation, parameter).
#[derive(Debug, Clone, PartialEq)]
pub struct Measurement {
    /// The operation, the part of the group name before the last `/`.
    pub op: String,
    /// The suite, the part of the group name after the last `/`.
    pub suite: String,
    /// The implementation: criterion's function name (`tessera`, `frost-core`, ...).
    pub implementation: String,
    /// The parameter (`"{t}-of-{n}"`), empty when the benchmark has none.
    pub param: String,
    /// The median time per iteration (95% confidence interval).
    pub median: Estimate,
    /// The mean time per iteration (95% confidence interval).
    pub mean: Estimate,
    /// When `estimates.json` was last written, if known.
    pub modified: Option<SystemTime>,
    /// The `new/` directory the result was read from.
    pub source: PathBuf,
}

/// Every result read from a criterion directory, and the warnings about
/// what was skipped.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// The results, one per (operation, suite, implementation, parameter).
    pub measurements: Vec<Measurement>,
    /// What was skipped and why.
    pub warnings: Vec<String>,
}

/// `new/benchmark.json`: criterion's names of a benchmark.
#[derive(Deserialize)]
struct BenchmarkJson {
    group_id: String,
    function_id: Option<String>,
    value_str: Option<String>,
}

/// `new/estimates.json`: the statistics of a benchmark, in nanoseconds.
#[derive(Deserialize)]
struct EstimatesJson {
    mean: StatJson,
    median: StatJson,
}

#[derive(Deserialize)]
struct StatJson {
    point_estimate: f64,
    confidence_interval: IntervalJson,
}

#[derive(Deserialize)]
struct IntervalJson {
    lower_bound: f64,
    upper_bound: f64,
}

impl StatJson {
    /// The estimate, if its point estimate is a positive finite time; bounds
    /// that are not finite are replaced by the point estimate.
    fn estimate(&self) -> Option<Estimate> {
        let point = self.point_estimate;
        if !point.is_finite() || point <= 0.0 {
            return None;
        }
        let bound = |b: f64| if b.is_finite() { b } else { point };
        let lower = bound(self.confidence_interval.lower_bound);
        let upper = bound(self.confidence_interval.upper_bound);
        Some(Estimate {
            point,
            lower: lower.min(point),
            upper: upper.max(point),
        })
    }
}

/// Reads every result under `criterion_dir`.
///
/// # Errors
///
/// [`ReportError::Read`] when `criterion_dir` itself cannot be read. Every
/// other problem is a warning in [`Dataset::warnings`].
pub fn load(criterion_dir: &Path) -> Result<Dataset, ReportError> {
    load_named(criterion_dir, "new")
}

/// Reads every result under `criterion_dir` saved under `name`: `new` for
/// the latest run, or a baseline saved with criterion's
/// `--save-baseline NAME`.
///
/// # Errors
///
/// As [`load`].
pub fn load_named(criterion_dir: &Path, name: &str) -> Result<Dataset, ReportError> {
    let mut dataset = Dataset::default();
    let mut dirs = Vec::new();
    fs::read_dir(criterion_dir).map_err(|source| ReportError::Read {
        path: criterion_dir.to_owned(),
        source,
    })?;
    find_new_dirs(criterion_dir, name, 0, &mut dirs, &mut dataset.warnings);
    dirs.sort();

    let mut by_key: BTreeMap<(String, String, String, String), Measurement> = BTreeMap::new();
    for dir in dirs {
        match read_measurement(&dir) {
            Ok(m) => {
                let key = (
                    m.op.clone(),
                    m.suite.clone(),
                    m.implementation.clone(),
                    m.param.clone(),
                );
                if let Some(previous) = by_key.get(&key) {
                    let (keep, drop) = if m.modified > previous.modified {
                        (m, previous.source.clone())
                    } else {
                        (previous.clone(), m.source.clone())
                    };
                    dataset.warnings.push(format!(
                        "{}: same benchmark as {}; keeping the newer result",
                        drop.display(),
                        keep.source.display()
                    ));
                    by_key.insert(key, keep);
                } else {
                    by_key.insert(key, m);
                }
            }
            Err(warning) => dataset.warnings.push(warning),
        }
    }
    dataset.measurements = by_key.into_values().collect();
    Ok(dataset)
}

/// Collects the directories called `name` (`new/`, or a saved baseline)
/// holding a `benchmark.json` below `dir`, without following symbolic links.
fn find_new_dirs(
    dir: &Path,
    name: &str,
    depth: usize,
    found: &mut Vec<PathBuf>,
    warnings: &mut Vec<String>,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            warnings.push(format!("{}: cannot read directory: {e}", dir.display()));
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                warnings.push(format!("{}: cannot read directory: {e}", dir.display()));
                continue;
            }
        };
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if !is_dir {
            continue;
        }
        let path = entry.path();
        if entry.file_name() == name {
            if path.join("benchmark.json").is_file() {
                found.push(path);
            }
        } else {
            find_new_dirs(&path, name, depth + 1, found, warnings);
        }
    }
}

/// Reads one `new/` directory; the error is the warning to print.
fn read_measurement(dir: &Path) -> Result<Measurement, String> {
    let bench_path = dir.join("benchmark.json");
    let estimates_path = dir.join("estimates.json");
    let bench: BenchmarkJson = read_json(&bench_path)?;
    let skip = |why: &str| format!("{}: {why}; skipped", bench_path.display());

    let (op, suite) = bench.group_id.rsplit_once('/').ok_or_else(|| {
        skip(&format!(
            "group {:?} is not \"{{op}}/{{suite}}\"",
            bench.group_id
        ))
    })?;
    if op.is_empty() || suite.is_empty() {
        return Err(skip(&format!(
            "group {:?} is not \"{{op}}/{{suite}}\"",
            bench.group_id
        )));
    }
    let implementation = match bench.function_id {
        Some(f) if !f.is_empty() => f,
        _ => return Err(skip("no function name (the implementation)")),
    };

    let estimates: EstimatesJson = read_json(&estimates_path)?;
    let not_positive = |what: &str| {
        format!(
            "{}: {what} is not a positive finite time; skipped",
            estimates_path.display()
        )
    };
    let median = estimates
        .median
        .estimate()
        .ok_or_else(|| not_positive("median"))?;
    let mean = estimates
        .mean
        .estimate()
        .ok_or_else(|| not_positive("mean"))?;
    let modified = fs::metadata(&estimates_path)
        .and_then(|m| m.modified())
        .ok();

    Ok(Measurement {
        op: op.to_owned(),
        suite: suite.to_owned(),
        implementation,
        param: bench.value_str.unwrap_or_default(),
        median,
        mean,
        modified,
        source: dir.to_owned(),
    })
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}; skipped", path.display()))?;
    serde_json::from_str(&text)
        .map_err(|e| format!("{}: invalid JSON ({e}); skipped", path.display()))
}

/// The results of one operation, across suites, implementations and
/// parameters.
#[derive(Debug, Clone)]
pub struct OpResults {
    /// The operation.
    pub op: String,
    /// Its suites, in [`suite_cmp`] order.
    pub suites: Vec<String>,
    /// Its implementations, `tessera` first.
    pub implementations: Vec<String>,
    results: BTreeMap<(String, String, String), Row>,
}

impl OpResults {
    /// The result of `implementation` for (`suite`, `param`), if measured.
    pub fn get(&self, suite: &str, param: &str, implementation: &str) -> Option<&Row> {
        self.results.get(&(
            suite.to_owned(),
            param.to_owned(),
            implementation.to_owned(),
        ))
    }

    /// The parameters measured for `suite`, in natural order.
    pub fn params(&self, suite: &str) -> Vec<String> {
        let mut params: Vec<String> = self
            .results
            .keys()
            .filter(|(s, _, _)| s == suite)
            .map(|(_, p, _)| p.clone())
            .collect();
        params.sort_by(|a, b| natural_cmp(a, b));
        params.dedup();
        params
    }

    /// The parameters measured for any suite, in natural order.
    pub fn all_params(&self) -> Vec<String> {
        let mut params: Vec<String> = self.results.keys().map(|(_, p, _)| p.clone()).collect();
        params.sort_by(|a, b| natural_cmp(a, b));
        params.dedup();
        params
    }

    /// The implementations other than tessera, compared against it.
    pub fn peers(&self) -> impl Iterator<Item = &str> {
        self.implementations
            .iter()
            .map(String::as_str)
            .filter(|i| *i != TESSERA)
    }

    /// Whether tessera was measured at all for this operation.
    pub fn has_tessera(&self) -> bool {
        self.implementations.iter().any(|i| i == TESSERA)
    }

    /// The median of tessera divided by the median of `peer`, for
    /// (`suite`, `param`), when both were measured.
    pub fn ratio(&self, suite: &str, param: &str, peer: &str) -> Option<f64> {
        let ours = self.get(suite, param, TESSERA)?;
        let theirs = self.get(suite, param, peer)?;
        let ratio = ours.median.point / theirs.median.point;
        ratio.is_finite().then_some(ratio)
    }

    /// Every measurement of the operation.
    pub fn measurements(&self) -> impl Iterator<Item = &Row> {
        self.results.values()
    }

    /// The earliest and latest measurement times of the operation.
    pub fn measured_range(&self) -> Option<(&str, &str)> {
        measured_range(self.results.values())
    }
}

/// Groups rows by operation, operations in alphabetical order.
pub fn group_by_op<'a>(rows: impl IntoIterator<Item = &'a Row>) -> Vec<OpResults> {
    let mut ops: BTreeMap<&str, OpResults> = BTreeMap::new();
    for m in rows {
        let entry = ops.entry(m.op.as_str()).or_insert_with(|| OpResults {
            op: m.op.clone(),
            suites: Vec::new(),
            implementations: Vec::new(),
            results: BTreeMap::new(),
        });
        if !entry.suites.contains(&m.suite) {
            entry.suites.push(m.suite.clone());
        }
        if !entry.implementations.contains(&m.function) {
            entry.implementations.push(m.function.clone());
        }
        entry.results.insert(
            (m.suite.clone(), m.parameter.clone(), m.function.clone()),
            m.clone(),
        );
    }
    ops.into_values()
        .map(|mut op| {
            op.suites.sort_by(|a, b| suite_cmp(a, b));
            op.implementations.sort_by(|a, b| implementation_cmp(a, b));
            op
        })
        .collect()
}

/// The earliest and latest `measured` times of `rows` (empty ones ignored).
pub fn measured_range<'a>(rows: impl Iterator<Item = &'a Row>) -> Option<(&'a str, &'a str)> {
    let times: Vec<&str> = rows
        .map(|r| r.measured.as_str())
        .filter(|m| !m.is_empty())
        .collect();
    let first = times.iter().min()?;
    let last = times.iter().max()?;
    Some((first, last))
}
