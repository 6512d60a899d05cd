//! Generates the benchmark reports (`reports/*.md`, `reports/*.svg` and the
//! index in `reports/README.md`) from criterion's results.
//!
//! ```text
//! cargo run -p tessera-benches --release --bin report [-- --criterion DIR] [--out DIR]
//! ```
//!
//! By default it reads `target/criterion` (or `$CARGO_TARGET_DIR/criterion`)
//! and writes `reports/`, both relative to the workspace root, wherever it
//! is run from.
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use tessera_benches::report::{COMMAND, Options, generate};

const USAGE: &str = "\
usage: report [--criterion DIR] [--out DIR]

Generates Markdown tables and SVG charts of criterion's benchmark results.

  --criterion DIR  criterion's output directory
                   (default: $CARGO_TARGET_DIR/criterion or <workspace>/target/criterion)
  --out DIR        where to write the reports (default: <workspace>/reports)
  -h, --help       print this help";

/// The workspace root: the parent of this package's directory.
fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_owned()
}

/// How a path is shown in the reports: relative to the workspace root when
/// it is inside it.
fn label(path: &Path) -> String {
    let root = workspace_root();
    let absolute = if path.is_absolute() {
        path.to_owned()
    } else {
        std::env::current_dir()
            .map(|cwd| cwd.join(path))
            .unwrap_or_else(|_| path.to_owned())
    };
    let shown = absolute.strip_prefix(&root).unwrap_or(path);
    shown.display().to_string().replace('\\', "/")
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
    let options = Options {
        criterion_label: label(&criterion_dir),
        criterion_dir,
        out_dir,
        command: COMMAND.to_owned(),
    };
    match generate(&options) {
        Ok(summary) => {
            println!(
                "{} results of {} operations -> {} files in {}",
                summary.measurements,
                summary.ops.len(),
                summary.written.len(),
                options.out_dir.display()
            );
            for path in &summary.written {
                println!("  {}", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
