//! Runs the latency simulation ([`tessera_benches::latency`]) and writes
//! `reports/latency.md` (or prints it with `--print`).
//!
//! ```text
//! cargo run -p tessera-benches --release --bin simulate [-- --large] [--max-dkg-n N] [--print]
//! ```
//!
//! `--large` adds 667-of-1000 FROST signing and refresh; `--max-dkg-n`
//! (default 100) is the largest DKG simulated.
#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::process::ExitCode;

use tessera_benches::latency::table;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let large = args.iter().any(|a| a == "--large");
    let print = args.iter().any(|a| a == "--print");
    let max_dkg_n = args
        .iter()
        .position(|a| a == "--max-dkg-n")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    // Say which profile measured the compute times: a dev build runs
    // tessera's own crates at opt-level 1.
    let mut command = if cfg!(debug_assertions) {
        String::from("cargo run -p tessera-benches --bin simulate")
    } else {
        String::from("cargo run -p tessera-benches --release --bin simulate")
    };
    if large {
        command.push_str(" -- --large");
    }
    let page = table(large, max_dkg_n, &command);
    if print {
        print!("{page}");
        return ExitCode::SUCCESS;
    }
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("reports")
        .join("latency.md");
    match std::fs::write(&out, page) {
        Ok(()) => {
            println!("wrote {}", out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write {}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}
