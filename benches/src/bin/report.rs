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

Merges criterion's benchmark results into <out>/data.json (keeping every other
stored result) and regenerates the Markdown tables and SVG charts from it.

  --criterion DIR  criterion's output directory
                   (default: $CARGO_TARGET_DIR/criterion or <workspace>/target/criterion)
  --out DIR        where to write the reports (default: <workspace>/reports)
  -h, --help       print this help";

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
    let mut criterion = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(target) => PathBuf::from(target).join("criterion"),
        None => root.join("target").join("criterion"),
    };
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

fn main() -> ExitCode {
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
