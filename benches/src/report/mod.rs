//! The benchmark report generator behind `cargo run -p tessera-benches
//! --release --bin report`.
//!
//! It reads criterion's results (`new/benchmark.json` and
//! `new/estimates.json` of every benchmark under `target/criterion`),
//! groups them by operation following the naming convention of this crate
//! (group `"{op}/{suite}"`, function = implementation, parameter
//! `"{t}-of-{n}"`), and writes into the output directory:
//!
//! * `{op}.md`: one row per (suite, parameter), one column per
//!   implementation (median time per iteration), and a `tessera / {peer}`
//!   ratio column per peer implementation; then the 95% confidence
//!   intervals of the medians and the means;
//! * `{op}.svg`: a chart of the same (see [`chart`]);
//! * `README.md`: the part between [`markdown::START_MARKER`] and
//!   [`markdown::END_MARKER`] is rewritten with an index and a summary of
//!   the ratios; the rest of the file is kept.
//!
//! The statistic is criterion's **median** (point estimate and 95%
//! confidence interval), robust to the outliers of a shared machine.
//! Missing or garbled files are skipped with a warning on stderr.

pub mod chart;
pub mod data;
pub mod format;
pub mod markdown;

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

pub use data::{Dataset, Estimate, Measurement, OpResults};
pub use markdown::Provenance;

/// The command that regenerates the reports.
pub const COMMAND: &str = "cargo run -p tessera-benches --release --bin report";

/// The header of a `README.md` created from scratch.
const README_HEADER: &str = "# Benchmark reports\n\n\
    Generated from criterion's results by the `report` binary of the \
    `tessera-benches` package.\n";

/// What to read and where to write.
#[derive(Debug, Clone)]
pub struct Options {
    /// criterion's output directory, usually `target/criterion`.
    pub criterion_dir: PathBuf,
    /// The directory the reports are written to, usually `reports`.
    pub out_dir: PathBuf,
    /// How the criterion directory is named in the reports.
    pub criterion_label: String,
    /// The command named in the reports as the one that generated them.
    pub command: String,
}

/// What [`generate`] did.
#[derive(Debug, Clone)]
pub struct Summary {
    /// The operations reported, alphabetically.
    pub ops: Vec<String>,
    /// The number of results read.
    pub measurements: usize,
    /// The files written.
    pub written: Vec<PathBuf>,
    /// The warnings printed to stderr.
    pub warnings: Vec<String>,
}

/// Why the reports could not be generated.
#[derive(Debug)]
pub enum ReportError {
    /// A directory or file could not be read.
    Read {
        /// What was being read.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A directory or file could not be written.
    Write {
        /// What was being written.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// plotters failed to draw a chart.
    Chart {
        /// The operation whose chart failed.
        op: String,
        /// plotters' error.
        message: String,
    },
}

impl fmt::Display for ReportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Read { path, source } => write!(f, "cannot read {}: {source}", path.display()),
            Self::Write { path, source } => {
                write!(f, "cannot write {}: {source}", path.display())
            }
            Self::Chart { op, message } => write!(f, "cannot draw the chart of {op}: {message}"),
        }
    }
}

impl std::error::Error for ReportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Read { source, .. } | Self::Write { source, .. } => Some(source),
            Self::Chart { .. } => None,
        }
    }
}

fn write_file(path: &Path, contents: &str, written: &mut Vec<PathBuf>) -> Result<(), ReportError> {
    fs::write(path, contents).map_err(|source| ReportError::Write {
        path: path.to_owned(),
        source,
    })?;
    written.push(path.to_owned());
    Ok(())
}

/// Reads the results under `options.criterion_dir` and writes the reports
/// into `options.out_dir`, printing a warning on stderr for each file
/// skipped.
///
/// # Errors
///
/// When the criterion directory cannot be read, a report cannot be written,
/// or a chart cannot be drawn.
pub fn generate(options: &Options) -> Result<Summary, ReportError> {
    let dataset = data::load(&options.criterion_dir)?;
    let mut warnings = dataset.warnings;
    if dataset.measurements.is_empty() {
        warnings.push(format!(
            "{}: no benchmark results found",
            options.criterion_dir.display()
        ));
    }
    for warning in &warnings {
        eprintln!("warning: {warning}");
    }

    let ops = data::group_by_op(&dataset.measurements);
    let provenance = Provenance {
        command: options.command.clone(),
        criterion_label: options.criterion_label.clone(),
        measured: data::time_range(&dataset.measurements)
            .and_then(|(first, last)| format::format_utc_range(first, last)),
    };

    fs::create_dir_all(&options.out_dir).map_err(|source| ReportError::Write {
        path: options.out_dir.clone(),
        source,
    })?;
    let mut written = Vec::new();
    for op in &ops {
        let stem = format::file_stem(&op.op);
        let page = markdown::op_page(op, &provenance);
        write_file(
            &options.out_dir.join(format!("{stem}.md")),
            &page,
            &mut written,
        )?;
        let svg = chart::render_svg(op)?;
        write_file(
            &options.out_dir.join(format!("{stem}.svg")),
            &svg,
            &mut written,
        )?;
    }

    let readme_path = options.out_dir.join("README.md");
    let readme = match fs::read_to_string(&readme_path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => README_HEADER.to_owned(),
        Err(source) => {
            return Err(ReportError::Read {
                path: readme_path,
                source,
            });
        }
    };
    let section = markdown::index_section(&ops, &provenance);
    write_file(
        &readme_path,
        &markdown::splice_readme(&readme, &section),
        &mut written,
    )?;

    Ok(Summary {
        ops: ops.iter().map(|op| op.op.clone()).collect(),
        measurements: dataset.measurements.len(),
        written,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh, empty directory under the system's temporary directory.
    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "tessera-report-{name}-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// Writes a criterion result as criterion does.
    fn fake_result(root: &Path, op: &str, suite: &str, function: &str, param: &str, ns: f64) {
        let dir = root
            .join(format!("{op}_{suite}"))
            .join(function)
            .join(param)
            .join("new");
        fs::create_dir_all(&dir).unwrap();
        let bench = serde_json::json!({
            "group_id": format!("{op}/{suite}"),
            "function_id": function,
            "value_str": param,
            "throughput": null,
            "full_id": format!("{op}/{suite}/{function}/{param}"),
            "directory_name": format!("{op}_{suite}/{function}/{param}"),
            "title": format!("{op}/{suite}/{function}/{param}"),
        });
        let stat = |point: f64| {
            serde_json::json!({
                "confidence_interval": {
                    "confidence_level": 0.95,
                    "lower_bound": point * 0.98,
                    "upper_bound": point * 1.02,
                },
                "point_estimate": point,
                "standard_error": point * 0.005,
            })
        };
        let estimates = serde_json::json!({
            "mean": stat(ns * 1.04),
            "median": stat(ns),
            "median_abs_dev": stat(ns * 0.01),
            "slope": null,
            "std_dev": stat(ns * 0.02),
        });
        fs::write(dir.join("benchmark.json"), bench.to_string()).unwrap();
        fs::write(dir.join("estimates.json"), estimates.to_string()).unwrap();
    }

    fn options(criterion: &Path, out: &Path) -> Options {
        Options {
            criterion_dir: criterion.to_owned(),
            out_dir: out.to_owned(),
            criterion_label: "target/criterion".to_owned(),
            command: COMMAND.to_owned(),
        }
    }

    #[test]
    fn generates_tables_ratios_charts_and_index() {
        let root = temp_dir("full");
        let criterion = root.join("criterion");
        let out = root.join("reports");
        fake_result(
            &criterion,
            "frost-sign",
            "ed25519",
            "tessera",
            "2-of-3",
            1_500.0,
        );
        fake_result(
            &criterion,
            "frost-sign",
            "ed25519",
            "frost-core",
            "2-of-3",
            3_000.0,
        );
        fake_result(
            &criterion,
            "frost-sign",
            "ed25519",
            "tessera",
            "67-of-100",
            2_500_000.0,
        );
        fake_result(
            &criterion,
            "frost-sign",
            "ed25519",
            "frost-core",
            "67-of-100",
            2_000_000.0,
        );
        fake_result(
            &criterion,
            "frost-sign",
            "p256",
            "tessera",
            "2-of-3",
            40_000.0,
        );
        fake_result(
            &criterion,
            "shamir-split",
            "secp256k1",
            "tessera",
            "3-of-4",
            812.0,
        );
        // Garbled and incomplete results are skipped with warnings.
        let broken = criterion.join("broken_ed25519/tessera/2-of-3/new");
        fs::create_dir_all(&broken).unwrap();
        fs::write(broken.join("benchmark.json"), "{ not json").unwrap();
        let lonely = criterion.join("lonely_ed25519/tessera/2-of-3/new");
        fs::create_dir_all(&lonely).unwrap();
        fs::write(
            lonely.join("benchmark.json"),
            r#"{"group_id":"lonely/ed25519","function_id":"tessera","value_str":"2-of-3"}"#,
        )
        .unwrap();
        // criterion's own summary directories hold no `new/`.
        fs::create_dir_all(criterion.join("report")).unwrap();
        fs::write(criterion.join("report/index.html"), "<html></html>").unwrap();
        // An existing README keeps its text outside the markers.
        fs::create_dir_all(&out).unwrap();
        fs::write(
            out.join("README.md"),
            "# Benchmark reports\n\nHand-written intro.\n\n<!-- generated:start -->\nold\n<!-- generated:end -->\n\nHand-written outro.\n",
        )
        .unwrap();

        let summary = generate(&options(&criterion, &out)).unwrap();
        assert_eq!(summary.ops, ["frost-sign", "shamir-split"]);
        assert_eq!(summary.measurements, 6);
        assert_eq!(summary.warnings.len(), 2, "{:?}", summary.warnings);

        let page = fs::read_to_string(out.join("frost-sign.md")).unwrap();
        assert!(
            page.contains("| suite | parameters | tessera | frost-core | tessera / frost-core |"),
            "{page}"
        );
        assert!(
            page.contains("| ed25519 | 2-of-3 | 1.50 µs | 3.00 µs | 0.50 |"),
            "{page}"
        );
        assert!(
            page.contains("| ed25519 | 67-of-100 | 2.50 ms | 2.00 ms | 1.25 |"),
            "{page}"
        );
        assert!(
            page.contains("| p256 | 2-of-3 | 40.0 µs | — | — |"),
            "{page}"
        );
        assert!(page.contains("![frost-sign chart](frost-sign.svg)"));
        // 2-of-3 sorts before 67-of-100.
        let small = page.find("| ed25519 | 2-of-3 |").unwrap();
        let large = page.find("| ed25519 | 67-of-100 |").unwrap();
        assert!(small < large);
        assert!(
            page.contains("| ed25519 | 2-of-3 | tessera | 1.50 µs | 1.47 µs – 1.53 µs | 1.56 µs |"),
            "{page}"
        );

        let alone = fs::read_to_string(out.join("shamir-split.md")).unwrap();
        assert!(alone.contains("| secp256k1 | 3-of-4 | 812 ns |"), "{alone}");
        assert!(!alone.contains("tessera / "));

        for op in ["frost-sign", "shamir-split"] {
            let svg = fs::read_to_string(out.join(format!("{op}.svg"))).unwrap();
            assert!(
                svg.starts_with("<svg"),
                "{op}: {}",
                &svg[..svg.len().min(80)]
            );
            assert!(svg.trim_end().ends_with("</svg>"));
            assert!(svg.contains("tessera"));
        }
        let svg = fs::read_to_string(out.join("frost-sign.svg")).unwrap();
        assert!(svg.contains("frost-core"));
        assert!(svg.contains("67-of-100"));

        let readme = fs::read_to_string(out.join("README.md")).unwrap();
        assert!(readme.starts_with("# Benchmark reports\n\nHand-written intro.\n\n"));
        assert!(readme.ends_with("<!-- generated:end -->\n\nHand-written outro.\n"));
        assert!(!readme.contains("\nold\n"));
        assert!(readme.contains(COMMAND));
        assert!(readme.contains("[`frost-sign`](frost-sign.md)"));
        assert!(readme.contains("[svg](shamir-split.svg)"));
        assert!(readme.contains("### tessera / frost-core"));
        // Geometric mean of 0.50 and 1.25 is 0.79.
        assert!(
            readme.contains("| [`frost-sign`](frost-sign.md) | ed25519 | 0.50 | 1.25 | 0.79 |"),
            "{readme}"
        );

        // Regenerating replaces the generated part instead of appending.
        generate(&options(&criterion, &out)).unwrap();
        let again = fs::read_to_string(out.join("README.md")).unwrap();
        assert_eq!(again, readme);
        assert_eq!(again.matches(markdown::START_MARKER).count(), 1);

        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn missing_directory_is_an_error_and_empty_one_is_not() {
        let root = temp_dir("empty");
        let missing = generate(&options(&root.join("nope"), &root.join("out")));
        assert!(matches!(missing, Err(ReportError::Read { .. })));

        let criterion = root.join("criterion");
        fs::create_dir_all(&criterion).unwrap();
        let out = root.join("out");
        let summary = generate(&options(&criterion, &out)).unwrap();
        assert!(summary.ops.is_empty());
        assert_eq!(summary.warnings.len(), 1);
        let readme = fs::read_to_string(out.join("README.md")).unwrap();
        assert!(readme.starts_with("# Benchmark reports"));
        assert!(readme.contains("No benchmark results were found"));
        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn readme_without_markers_gets_the_section_appended() {
        let section = format!(
            "{}\nnew\n{}\n",
            markdown::START_MARKER,
            markdown::END_MARKER
        );
        let spliced = markdown::splice_readme("# Title\n\nText.\n", &section);
        assert_eq!(spliced, format!("# Title\n\nText.\n\n{section}"));
        let again = markdown::splice_readme(&spliced, &section);
        assert_eq!(again, spliced);
    }
}
