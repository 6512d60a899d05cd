//! Merges criterion's results into the store of every measurement,
//! `reports/data.json`, and regenerates the benchmark reports
//! (`reports/*.md`, `reports/*.svg` and the index in `reports/README.md`)
//! from the store.
//!
//! ```text
//! cargo run -p tessera-benches --release --bin report [-- --criterion DIR] [--out DIR]
//! ```
//!
//! By default it reads `target/criterion` (or `$CARGO_TARGET_DIR/criterion`)
//! and writes `reports/`, both relative to the workspace root, wherever it
//! is run from. Each new result is recorded with the commit
//! (`git rev-parse --short HEAD`, `-dirty` with uncommitted changes) and the
//! compiler (`rustc --version`), when those commands answer.
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use tessera_benches::report::{COMMAND, Options, generate};

const USAGE: &str = "\
usage: report [--criterion DIR] [--out DIR]
       report compare NAME [--threshold PERCENT] [--criterion DIR]

Merges criterion's benchmark results into <out>/data.json (keeping every other
stored result) and regenerates the Markdown tables and SVG charts from it.

  --criterion DIR  criterion's output directory
                   (default: $CARGO_TARGET_DIR/criterion or <workspace>/target/criterion)
  --out DIR        where to write the reports (default: <workspace>/reports)
  -h, --help       print this help

`compare NAME` reads, for every benchmark, the baseline criterion saved with
`--save-baseline NAME` and the latest result, and prints those whose median is
slower by more than PERCENT (default 10); it exits with status 1 when there is
one (`just bench-save NAME`, then `just bench-compare NAME`).";

/// The workspace root: the parent of this package's directory.
fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_owned()
}

/// The first line a command prints, if it runs and succeeds.
fn first_line(program: &str, args: &[&str], dir: &Path) -> Option<String> {
    let output = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?;
    let line = text.lines().next()?.trim().to_owned();
    (!line.is_empty()).then_some(line)
}

/// The commit being measured: `git rev-parse --short HEAD`, with `-dirty`
/// when tracked files have uncommitted changes.
fn commit(root: &Path) -> Option<String> {
    let hash = first_line("git", &["rev-parse", "--short", "HEAD"], root)?;
    let dirty = first_line(
        "git",
        &["status", "--porcelain", "--untracked-files=no"],
        root,
    );
    Some(if dirty.is_some() {
        format!("{hash}-dirty")
    } else {
        hash
    })
}

/// The compiler: `rustc --version` (of `$RUSTC` when cargo sets it).
fn rustc(root: &Path) -> Option<String> {
    let program = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    first_line(&program, &["--version"], root)
}

fn parse_args() -> Result<Option<(PathBuf, PathBuf)>, String> {
    let root = workspace_root();
    let mut criterion = default_criterion();
    let mut out = root.join("reports");
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("-h" | "--help") => return Ok(None),
            Some("--criterion") => {
                criterion = args
                    .next()
                    .map(PathBuf::from)
                    .ok_or("--criterion needs a directory")?;
            }
            Some("--out") => {
                out = args
                    .next()
                    .map(PathBuf::from)
                    .ok_or("--out needs a directory")?;
            }
            _ => return Err(format!("unexpected argument {}", arg.to_string_lossy())),
        }
    }
    Ok(Some((criterion, out)))
}

/// `report compare NAME [--threshold PERCENT] [--criterion DIR]`.
fn compare(mut args: impl Iterator<Item = std::ffi::OsString>) -> ExitCode {
    let mut criterion = default_criterion();
    let mut baseline = None;
    let mut percent = 10.0;
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("--criterion") => match args.next() {
                Some(dir) => criterion = PathBuf::from(dir),
                None => return usage_error("--criterion needs a directory"),
            },
            Some("--threshold") => match args.next().and_then(|p| p.to_str()?.parse().ok()) {
                Some(p) => percent = p,
                None => return usage_error("--threshold needs a percentage"),
            },
            Some(name) if baseline.is_none() && !name.starts_with('-') => {
                baseline = Some(name.to_owned());
            }
            _ => return usage_error(&format!("unexpected argument {}", arg.to_string_lossy())),
        }
    }
    let Some(baseline) = baseline else {
        return usage_error("compare needs the name of a saved baseline");
    };
    let changes = match tessera_benches::report::compare::changes(&criterion, &baseline) {
        Ok(changes) => changes,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if changes.is_empty() {
        eprintln!(
            "error: no benchmark has both a `{baseline}` baseline and a latest result under {}",
            criterion.display()
        );
        return ExitCode::FAILURE;
    }
    let slower = tessera_benches::report::compare::regressions(&changes, percent);
    println!(
        "{} benchmarks compared against `{baseline}`; slower by more than {percent}%:",
        changes.len()
    );
    if slower.is_empty() {
        println!("none");
        ExitCode::SUCCESS
    } else {
        print!("{slower}");
        ExitCode::from(1)
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}\n\n{USAGE}");
    ExitCode::from(2)
}

fn default_criterion() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(target) => PathBuf::from(target).join("criterion"),
        None => workspace_root().join("target").join("criterion"),
    }
}

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1).peekable();
    if args.peek().is_some_and(|a| a == "compare") {
        args.next();
        return compare(args);
    }
    let (criterion_dir, out_dir) = match parse_args() {
        Ok(Some(dirs)) => dirs,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let root = workspace_root();
    let options = Options {
        criterion_dir,
        out_dir,
        command: COMMAND.to_owned(),
        commit: commit(&root),
        rustc: rustc(&root),
        machine: tessera_benches::report::machine(),
        readme: Some(root.join("README.md")),
    };
    match generate(&options) {
        Ok(summary) => {
            if summary.recovered > 0 {
                println!(
                    "no store yet: {} results recovered from the existing pages",
                    summary.recovered
                );
            }
            println!(
                "{} criterion results: {} new, {} replaced, {} already stored, {} older than the stored ones (kept)",
                summary.measurements,
                summary.merged.added,
                summary.merged.replaced,
                summary.merged.unchanged,
                summary.merged.older
            );
            println!(
                "{} results of {} operations in the store -> {} files in {}",
                summary.rows,
                summary.ops.len(),
                summary.written.len(),
                options.out_dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
