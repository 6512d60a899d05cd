//! Regressions against a saved criterion baseline: `just bench-save NAME`
//! runs the benches with criterion's `--save-baseline NAME`; after a change,
//! `just bench-compare NAME` runs them again and then `report compare NAME`,
//! which reads both results of every benchmark (criterion's `NAME/` and
//! `new/` directories) and prints those whose median got slower by more
//! than a threshold.

use std::fmt::Write as _;
use std::path::Path;

use super::ReportError;
use super::data::{Measurement, load_named};
use super::format::{format_ratio, format_time};

/// One benchmark measured in both the baseline and the latest run.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// `op/suite/implementation/param`.
    pub name: String,
    /// The baseline's median, in nanoseconds.
    pub before: f64,
    /// The latest median, in nanoseconds.
    pub after: f64,
}

impl Change {
    /// `after / before`.
    pub fn ratio(&self) -> f64 {
        self.after / self.before
    }
}

fn name(m: &Measurement) -> String {
    format!("{}/{}/{}/{}", m.op, m.suite, m.implementation, m.param)
}

/// Every benchmark with a result both under `baseline` and in the latest
/// run, slowest change first.
///
/// # Errors
///
/// When `criterion_dir` cannot be read.
pub fn changes(criterion_dir: &Path, baseline: &str) -> Result<Vec<Change>, ReportError> {
    let before = load_named(criterion_dir, baseline)?;
    let after = load_named(criterion_dir, "new")?;
    let mut out: Vec<Change> = after
        .measurements
        .iter()
        .filter_map(|a| {
            let b = before.measurements.iter().find(|b| name(b) == name(a))?;
            Some(Change {
                name: name(a),
                before: b.median.point,
                after: a.median.point,
            })
        })
        .collect();
    out.sort_by(|x, y| y.ratio().total_cmp(&x.ratio()));
    Ok(out)
}

/// The changes slower than `1 + percent / 100`, as lines to print (empty
/// when there are none).
pub fn regressions(changes: &[Change], percent: f64) -> String {
    let limit = 1.0 + percent / 100.0;
    let mut out = String::new();
    for c in changes.iter().filter(|c| c.ratio() > limit) {
        let _ = writeln!(
            out,
            "{}: {} -> {} ({}x)",
            c.name,
            format_time(c.before),
            format_time(c.after),
            format_ratio(c.ratio())
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changes_above_the_threshold_are_regressions() {
        let c = |name: &str, before: f64, after: f64| Change {
            name: name.to_owned(),
            before,
            after,
        };
        let changes = [
            c("a/p256/tessera/2-of-3", 1000.0, 1300.0),
            c("b/p256/tessera/2-of-3", 1000.0, 1050.0),
            c("c/p256/tessera/2-of-3", 1000.0, 500.0),
        ];
        assert_eq!(
            regressions(&changes, 10.0),
            "a/p256/tessera/2-of-3: 1.00 µs -> 1.30 µs (1.30x)\n"
        );
        assert!(regressions(&changes, 40.0).is_empty());
    }
}
