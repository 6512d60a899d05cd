//! The headline table of the top-level `README.md`: a few operations at
//! the sizes a wallet uses, tessera's time divided by its peer's, one
//! column per suite.
//!
//! It is generated from the same store as every page, between
//! [`START_MARKER`] and [`END_MARKER`], so the README and `reports/` cannot
//! disagree. A README without the markers is left alone.

use std::fmt::Write as _;

use super::data::OpResults;
use super::format::{SUITE_ORDER, file_stem, format_ratio};

/// The marker before the headline table in the top-level `README.md`.
pub const START_MARKER: &str = "<!-- headline:start -->";
/// The marker after the headline table in the top-level `README.md`.
pub const END_MARKER: &str = "<!-- headline:end -->";

/// The rows of the headline table: (operation, parameter).
pub const ROWS: &[(&str, &str)] = &[
    ("frost-round2", "2-of-3"),
    ("frost-round2", "3-of-4"),
    ("frost-round2", "667-of-1000"),
    ("frost-aggregate", "2-of-3"),
    ("frost-aggregate", "3-of-4"),
    ("frost-aggregate", "667-of-1000"),
    ("dkg-party-total", "67-of-100"),
    ("dealer-keygen", "67-of-100"),
    ("ecdsa-setup", "2-of-2"),
    ("ecdsa-sign", "2-of-3"),
    ("ecdsa-sign", "3-of-4"),
    ("ecdsa-sign", "7-of-10"),
];

/// The headline section, markers included: for each row of [`ROWS`] that
/// has a measured ratio, the peer it is measured against and
/// tessera / peer per suite ("—" where not measured).
pub fn section(ops: &[OpResults]) -> String {
    let present = |op: &OpResults, suite: &str| op.suites.iter().any(|s| s == suite);
    let suites: Vec<&str> = SUITE_ORDER
        .iter()
        .copied()
        .filter(|suite| ops.iter().any(|op| present(op, suite)))
        .collect();

    let mut out = String::new();
    let _ = writeln!(out, "{START_MARKER}");
    out.push_str("| bench | peer |");
    for suite in &suites {
        let _ = write!(out, " {suite} |");
    }
    out.push_str("\n|---|---|");
    for _ in &suites {
        out.push_str("---:|");
    }
    out.push('\n');
    for (name, param) in ROWS {
        let Some(op) = ops.iter().find(|op| op.op == *name) else {
            continue;
        };
        for peer in op.peers() {
            let cells: Vec<Option<f64>> = suites.iter().map(|s| op.ratio(s, param, peer)).collect();
            if cells.iter().all(Option::is_none) {
                continue;
            }
            let _ = write!(
                out,
                "| [`{name}`](reports/{}.md) {param} | {peer} |",
                file_stem(name)
            );
            for cell in cells {
                let _ = write!(
                    out,
                    " {} |",
                    cell.map_or_else(|| "—".to_owned(), format_ratio)
                );
            }
            out.push('\n');
        }
    }
    let _ = writeln!(out, "{END_MARKER}");
    out
}
