//! The benchmark report generator behind `cargo run -p tessera-benches
//! --release --bin report`.
//!
//! It keeps every measurement in a committed store, `reports/data.json`
//! (see [`store`]), and generates every page from it:
//!
//! 1. read the store (when there is none yet, recover rows from the pages
//!    already in the directory, see [`seed`]);
//! 2. read criterion's results (`new/benchmark.json` and
//!    `new/estimates.json` of every benchmark under `target/criterion`),
//!    named by this crate's convention (group `"{op}/{suite}"`, function =
//!    implementation, parameter `"{t}-of-{n}"`), and merge them in: a
//!    result replaces the stored row of the same key unless that one is
//!    newer, and every other row is kept, so running one bench updates only
//!    its rows;
//! 3. write the store back, then, from the store, into the output
//!    directory:
//!    * `{op}.md`: one row per (suite, parameter), one column per
//!      implementation (median time per iteration), a `tessera / {peer}`
//!      ratio column per peer; then the 95% confidence intervals of the
//!      medians, the means, and when and at which commit each row was
//!      measured;
//!    * `{op}.svg`: a chart of the same (see [`chart`]);
//!    * `README.md`: the part between [`markdown::START_MARKER`] and
//!      [`markdown::END_MARKER`] is rewritten with an index and a summary of
//!      the ratios; the rest of the file is kept;
//!    * the top-level `README.md` ([`Options::readme`]): its headline table
//!      between [`headline::START_MARKER`] and [`headline::END_MARKER`], so
//!      the README quotes the store and cannot disagree with the pages.
//!
//! The statistic is criterion's **median** (point estimate and 95%
//! confidence interval), robust to the outliers of a shared machine.
//! Missing or garbled criterion files are skipped with a warning on stderr;
//! a store that cannot be read is an error (it is never replaced). Nothing
//! written names an absolute path.

pub mod bars;
pub mod bytes;
pub mod chart;
pub mod compare;
pub mod data;
pub mod floor;
pub mod format;
pub mod headline;
pub mod markdown;
pub mod seed;
pub mod single;
pub mod store;
pub mod upgrade;

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

pub use data::{Dataset, Estimate, Measurement, OpResults};
pub use markdown::Provenance;
pub use store::{Merged, Row, Store};

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
    /// The directory the reports and the store are written to, usually
    /// `reports`.
    pub out_dir: PathBuf,
    /// The command named in the reports as the one that generated them.
    pub command: String,
    /// The commit measured, recorded with each new result.
    pub commit: Option<String>,
    /// The compiler (`rustc --version`), recorded with each new result.
    pub rustc: Option<String>,
    /// The machine (CPU model and core count, see [`machine`]), named on
    /// every generated page.
    pub machine: Option<String>,
    /// The top-level `README.md` whose headline table
    /// ([`headline::START_MARKER`] .. [`headline::END_MARKER`]) is
    /// regenerated; left alone when `None` or without the markers.
    pub readme: Option<PathBuf>,
}

/// What [`generate`] did.
#[derive(Debug, Clone)]
pub struct Summary {
    /// The operations reported (all of the store's), alphabetically.
    pub ops: Vec<String>,
    /// The number of criterion results read.
    pub measurements: usize,
    /// How they were merged into the store.
    pub merged: Merged,
    /// Rows recovered from existing pages because there was no store yet.
    pub recovered: usize,
    /// The rows in the store after the merge.
    pub rows: usize,
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
    /// The store exists but is not one this generator can read; it is left
    /// as it is.
    Store {
        /// The store's file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
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
            Self::Store { path, message } => write!(
                f,
                "cannot use the store {}: {message}; fix or remove it (nothing was written)",
                path.display()
            ),
            Self::Chart { op, message } => write!(f, "cannot draw the chart of {op}: {message}"),
        }
    }
}

impl std::error::Error for ReportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Read { source, .. } | Self::Write { source, .. } => Some(source),
            Self::Store { .. } | Self::Chart { .. } => None,
        }
    }
}

/// The CPU model (from `/proc/cpuinfo`, where there is one) and the number
/// of cores the standard library reports, e.g. `Intel(R) Xeon(R) ... (2 cores)`.
pub fn machine() -> Option<String> {
    let cores = std::thread::available_parallelism().ok().map(usize::from);
    let model = fs::read_to_string("/proc/cpuinfo").ok().and_then(|text| {
        text.lines()
            .find(|l| l.starts_with("model name"))
            .and_then(|l| l.split_once(':'))
            .map(|(_, v)| v.trim().to_owned())
    });
    match (model, cores) {
        (Some(m), Some(c)) => Some(format!("{m} ({c} cores)")),
        (Some(m), None) => Some(m),
        (None, Some(c)) => Some(format!("{} ({c} cores)", std::env::consts::ARCH)),
        (None, None) => None,
    }
}

/// The line every page gives about the run that generated it.
fn environment(options: &Options) -> String {
    let unknown = || "unknown".to_owned();
    format!(
        "Generated on {}, with {}, at commit {} (each row's own date and \
         commit are on its operation's page).",
        options.machine.clone().unwrap_or_else(unknown),
        options.rustc.clone().unwrap_or_else(unknown),
        options
            .commit
            .as_deref()
            .map_or_else(unknown, |c| format!("`{c}`")),
    )
}

fn write_file(path: &Path, contents: &str, written: &mut Vec<PathBuf>) -> Result<(), ReportError> {
    fs::write(path, contents).map_err(|source| ReportError::Write {
        path: path.to_owned(),
        source,
    })?;
    written.push(path.to_owned());
    Ok(())
}

/// Merges the results under `options.criterion_dir` into the store in
/// `options.out_dir` and regenerates every page from the store, printing a
/// warning on stderr for each file skipped. A missing criterion directory
/// is a warning: the pages are then regenerated from the store alone.
///
/// # Errors
///
/// When the store cannot be read or written, a report cannot be written,
/// or a chart cannot be drawn.
pub fn generate(options: &Options) -> Result<Summary, ReportError> {
    let mut warnings = Vec::new();
    let store_path = options.out_dir.join(store::FILE_NAME);
    let mut store = Store::load(&store_path)?;
    let mut recovered = 0;
    if !store_path.exists() {
        let rows = seed::from_pages(&options.out_dir, &mut warnings);
        recovered = rows.len();
        store.merge(rows);
    }

    let dataset = match data::load(&options.criterion_dir) {
        Ok(dataset) => dataset,
        Err(e) => {
            warnings.push(format!(
                "{e}; the pages are regenerated from the store alone"
            ));
            Dataset::default()
        }
    };
    warnings.extend(dataset.warnings);
    if dataset.measurements.is_empty() {
        warnings.push(format!(
            "{}: no benchmark results found",
            options.criterion_dir.display()
        ));
    }
    for warning in &warnings {
        eprintln!("warning: {warning}");
    }
    let merged = store.merge(
        dataset
            .measurements
            .iter()
            .map(|m| Row::from_measurement(m, options.commit.clone(), options.rustc.clone())),
    );

    fs::create_dir_all(&options.out_dir).map_err(|source| ReportError::Write {
        path: options.out_dir.clone(),
        source,
    })?;
    let mut written = Vec::new();
    write_file(&store_path, &store.to_json(), &mut written)?;

    let ops = data::group_by_op(store.rows());
    let provenance = Provenance {
        command: options.command.clone(),
        environment: environment(options),
        measured: data::measured_range(store.rows())
            .map(|(first, last)| format::display_measured_range(first, last)),
    };
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

    // Bar charts of the categorical comparisons.
    for (name, title, bars, reference) in [
        (
            "upgrade",
            "3-of-4 / 2-of-3: tessera's time ratio per operation and suite",
            bars::upgrade_bars(&ops),
            Some(1.0),
        ),
        (
            "reshare-transitions",
            "reshare: tessera's median per transition (µs)",
            bars::transition_bars(&ops),
            None,
        ),
    ] {
        if let Some(svg) = bars::render(title, &bars, reference)? {
            write_file(
                &options.out_dir.join(format!("{name}.svg")),
                &svg,
                &mut written,
            )?;
        }
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

    if let Some(path) = &options.readme {
        if let Ok(text) = fs::read_to_string(path) {
            let table = headline::section(&ops);
            if let Some(spliced) = markdown::splice_between(
                &text,
                headline::START_MARKER,
                headline::END_MARKER,
                &table,
            ) {
                write_file(path, &spliced, &mut written)?;
            }
        }
    }

    Ok(Summary {
        ops: ops.iter().map(|op| op.op.clone()).collect(),
        measurements: dataset.measurements.len(),
        merged,
        recovered,
        rows: store.len(),
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
            command: COMMAND.to_owned(),
            commit: Some("abc1234".to_owned()),
            rustc: Some("rustc 1.95.0".to_owned()),
            machine: Some("Test CPU (2 cores)".to_owned()),
            readme: None,
        }
    }

    /// Sets the modification time of a fake result's `estimates.json`.
    fn set_time(root: &Path, op: &str, suite: &str, function: &str, param: &str, secs: u64) {
        let path = root
            .join(format!("{op}_{suite}"))
            .join(function)
            .join(param)
            .join("new/estimates.json");
        let time = std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs);
        fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(time)
            .unwrap();
    }

    /// The fixture of the first test: two operations, four suites' worth of
    /// rows, a peer.
    fn full_run(criterion: &Path) {
        for (op, suite, function, param, ns) in [
            ("frost-sign", "ed25519", "tessera", "2-of-3", 1_500.0),
            ("frost-sign", "ed25519", "frost-core", "2-of-3", 3_000.0),
            ("frost-sign", "ed25519", "tessera", "67-of-100", 2_500_000.0),
            (
                "frost-sign",
                "ed25519",
                "frost-core",
                "67-of-100",
                2_000_000.0,
            ),
            ("frost-sign", "p256", "tessera", "2-of-3", 40_000.0),
            ("shamir-split", "secp256k1", "tessera", "3-of-4", 812.0),
        ] {
            fake_result(criterion, op, suite, function, param, ns);
            // 2023-11-14 22:13 UTC
            set_time(criterion, op, suite, function, param, 1_700_000_000);
        }
    }

    #[test]
    fn floors_and_single_key_baselines_in_the_index() {
        let root = temp_dir("floors");
        let criterion = root.join("criterion");
        let out = root.join("reports");
        for (param, ns) in [
            ("mul-base", 10_000.0),
            ("mul", 40_000.0),
            ("msm-2", 60_000.0),
            ("msm-100", 2_000_000.0),
            ("msm-1000", 10_000_000.0),
            ("hash-to-scalar", 1_000.0),
        ] {
            fake_result(&criterion, "primitives", "p256", "tessera", param, ns);
        }
        // Floor of frost-round2 at 2-of-3: 3 H + MSM(2) = 63 µs.
        fake_result(
            &criterion,
            "frost-round2",
            "p256",
            "tessera",
            "2-of-3",
            94_500.0,
        );
        fake_result(
            &criterion,
            "frost-round2",
            "p256",
            "tessera",
            "3-of-4",
            120_000.0,
        );
        fake_result(
            &criterion,
            "frost-round2",
            "p256",
            "single-key",
            "1-of-1",
            30_000.0,
        );
        generate(&options(&criterion, &out)).unwrap();
        let index = fs::read_to_string(out.join("README.md")).unwrap();
        assert!(index.contains("## Floors"), "{index}");
        assert!(
            index.contains(
                "| [`frost-round2`](frost-round2.md) | p256 | 2-of-3 | 94.5 µs | 63.0 µs | 1.50 |"
            ),
            "{index}"
        );
        assert!(
            index.contains("Worst time / floor per suite: p256 1.50"),
            "{index}"
        );
        assert!(index.contains("## Against a single key"), "{index}");
        // No ratio table for a peer that shares no parameter with tessera.
        assert!(!index.contains("## tessera / single-key"), "{index}");
        assert!(
            index.contains("| [`frost-round2`](frost-round2.md) | p256 | 30.0 µs | 94.5 µs (3.15) | 120 µs (4.00) |"),
            "{index}"
        );
        assert!(out.join("primitives.md").exists());
        // The generated part opens with 2-of-3 against 3-of-4, then floors
        // and the single-key baseline, then the index of the pages.
        let section = &index[index.find(markdown::START_MARKER).unwrap()..];
        let at = |heading: &str| section.find(heading).expect(heading);
        let first_heading = section.lines().find(|l| l.starts_with('#')).unwrap();
        assert_eq!(first_heading, "## 2-of-3 against 3-of-4", "{section}");
        assert!(
            at("| [`frost-round2`](frost-round2.md) | p256 | 94.5 µs | 120 µs | 1.27 |")
                < at("## Floors")
        );
        assert!(at("## Floors") < at("## Against a single key"));
        assert!(at("## Against a single key") < at("## Reports"));
        let environment = "Generated on Test CPU (2 cores), with rustc 1.95.0, at commit `abc1234`";
        assert!(index.contains(environment), "{index}");
        let page = fs::read_to_string(out.join("frost-round2.md")).unwrap();
        assert!(page.contains(environment), "{page}");
        let _ = fs::remove_dir_all(&root);
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
        assert!(readme.contains("## tessera / frost-core"));
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
    fn a_partial_run_keeps_every_other_row() {
        let root = temp_dir("partial");
        let full = root.join("criterion-full");
        let out = root.join("reports");
        full_run(&full);
        let first = generate(&options(&full, &out)).unwrap();
        assert_eq!(first.rows, 6);
        assert_eq!(first.merged.added, 6);
        let store = fs::read_to_string(out.join("data.json")).unwrap();
        assert_eq!(store.lines().count(), 8, "{store}");
        assert!(store.contains(r#""measured":"2023-11-14T22:13Z","commit":"abc1234""#));

        // One bench rerun later, alone in its criterion directory.
        let partial = root.join("criterion-partial");
        fake_result(
            &partial,
            "frost-sign",
            "p256",
            "tessera",
            "2-of-3",
            30_000.0,
        );
        set_time(
            &partial,
            "frost-sign",
            "p256",
            "tessera",
            "2-of-3",
            1_700_086_400,
        );
        let mut later = options(&partial, &out);
        later.commit = Some("def5678".to_owned());
        let second = generate(&later).unwrap();
        assert_eq!(second.measurements, 1);
        assert_eq!(
            second.merged,
            Merged {
                added: 0,
                replaced: 1,
                older: 0,
                unchanged: 0,
            }
        );
        assert_eq!(second.rows, 6);
        assert_eq!(second.ops, ["frost-sign", "shamir-split"]);
        let page = fs::read_to_string(out.join("frost-sign.md")).unwrap();
        assert!(
            page.contains("| p256 | 2-of-3 | 30.0 µs | — | — |"),
            "{page}"
        );
        assert!(
            page.contains("| ed25519 | 2-of-3 | 1.50 µs | 3.00 µs | 0.50 |"),
            "{page}"
        );
        assert!(
            page.contains("| 2023-11-15 22:13 UTC | `def5678` |"),
            "the new row's date and commit: {page}"
        );
        assert!(
            page.contains("| 2023-11-14 22:13 UTC | `abc1234` |"),
            "{page}"
        );
        assert!(page.contains("(measured 2023-11-14 22:13 UTC – 2023-11-15 22:13 UTC;"));
        let readme = fs::read_to_string(out.join("README.md")).unwrap();
        assert!(
            readme.contains("[`shamir-split`](shamir-split.md)"),
            "{readme}"
        );

        // An older result does not replace a newer row.
        let stale = root.join("criterion-stale");
        fake_result(&stale, "frost-sign", "p256", "tessera", "2-of-3", 99_000.0);
        set_time(
            &stale,
            "frost-sign",
            "p256",
            "tessera",
            "2-of-3",
            1_600_000_000,
        );
        let third = generate(&options(&stale, &out)).unwrap();
        assert_eq!(third.merged.older, 1);
        let page = fs::read_to_string(out.join("frost-sign.md")).unwrap();
        assert!(page.contains("| p256 | 2-of-3 | 30.0 µs |"), "{page}");

        // Nothing written names the machine's paths.
        let root_text = root.display().to_string();
        for path in &third.written {
            let text = fs::read_to_string(path).unwrap();
            assert!(!text.contains(&root_text), "{}", path.display());
            assert!(!text.contains("target/criterion"), "{}", path.display());
        }
        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn pages_without_a_store_seed_it_and_a_bad_store_stops_the_run() {
        let root = temp_dir("seed");
        let criterion = root.join("criterion");
        let out = root.join("reports");
        full_run(&criterion);
        generate(&options(&criterion, &out)).unwrap();
        let page = fs::read_to_string(out.join("frost-sign.md")).unwrap();

        // Without the store, the pages are read back: nothing is lost.
        fs::remove_file(out.join("data.json")).unwrap();
        let summary = generate(&options(&root.join("none"), &out)).unwrap();
        assert_eq!(summary.recovered, 6);
        assert_eq!(summary.rows, 6);
        assert_eq!(summary.ops, ["frost-sign", "shamir-split"]);
        assert_eq!(fs::read_to_string(out.join("frost-sign.md")).unwrap(), page);

        // A store that cannot be read is an error, and nothing is written.
        fs::write(out.join("data.json"), "{ not json").unwrap();
        let err = generate(&options(&criterion, &out)).unwrap_err();
        assert!(matches!(err, ReportError::Store { .. }), "{err}");
        assert_eq!(fs::read_to_string(out.join("frost-sign.md")).unwrap(), page);
        assert_eq!(
            fs::read_to_string(out.join("data.json")).unwrap(),
            "{ not json"
        );
        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn missing_or_empty_criterion_directory_regenerates_from_the_store() {
        let root = temp_dir("empty");
        let missing = generate(&options(&root.join("nope"), &root.join("out"))).unwrap();
        assert!(missing.ops.is_empty());
        assert_eq!(missing.warnings.len(), 2, "{:?}", missing.warnings);

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

    #[test]
    fn headline_table_in_the_top_level_readme_quotes_the_store() {
        let root = temp_dir("headline");
        let criterion = root.join("criterion");
        fake_result(
            &criterion,
            "frost-round2",
            "secp256k1",
            "tessera",
            "2-of-3",
            400.0,
        );
        fake_result(
            &criterion,
            "frost-round2",
            "secp256k1",
            "frost-core",
            "2-of-3",
            1000.0,
        );
        fake_result(
            &criterion,
            "frost-round2",
            "p256",
            "tessera",
            "2-of-3",
            300.0,
        );
        let out = root.join("out");
        let readme = root.join("README.md");
        let before = format!(
            "# Title\n\n{}\nstale\n{}\nAfter.\n",
            headline::START_MARKER,
            headline::END_MARKER
        );
        fs::write(&readme, &before).unwrap();
        let mut opts = options(&criterion, &out);
        opts.readme = Some(readme.clone());
        generate(&opts).unwrap();
        let text = fs::read_to_string(&readme).unwrap();
        assert!(text.starts_with("# Title\n\n"));
        assert!(text.ends_with("After.\n"));
        assert!(!text.contains("stale"));
        let row = text
            .lines()
            .find(|l| l.contains("frost-round2") && l.contains("2-of-3"))
            .unwrap();
        // Columns: secp256k1 measured against frost-core (0.40), p256 has
        // no peer result.
        assert_eq!(
            row,
            "| [`frost-round2`](reports/frost-round2.md) 2-of-3 | frost-core | 0.40 | — |"
        );

        // A README without the markers is left as it is.
        fs::write(&readme, "# Mine\n").unwrap();
        generate(&opts).unwrap();
        assert_eq!(fs::read_to_string(&readme).unwrap(), "# Mine\n");
        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn reading_the_same_results_again_keeps_their_commit() {
        let root = temp_dir("again");
        let criterion = root.join("criterion");
        fake_result(
            &criterion,
            "frost-round2",
            "p256",
            "tessera",
            "2-of-3",
            400.0,
        );
        let out = root.join("out");
        generate(&options(&criterion, &out)).unwrap();
        let before = fs::read_to_string(out.join("data.json")).unwrap();
        let mut later = options(&criterion, &out);
        later.commit = Some("fff0000".to_owned());
        let again = generate(&later).unwrap();
        assert_eq!(
            again.merged,
            Merged {
                added: 0,
                replaced: 0,
                older: 0,
                unchanged: 1,
            }
        );
        assert_eq!(fs::read_to_string(out.join("data.json")).unwrap(), before);
        let _ = fs::remove_dir_all(&root);
    }
}
