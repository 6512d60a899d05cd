//! What threshold signing costs over a single key: the `single-key`
//! baselines of the `baseline` bench (Ed25519 with ed25519-dalek, ECDSA with
//! k256 / p256, BIP-340 with k256, measured as `single-key/1-of-1` in the
//! groups of the threshold operations) beside tessera's time of the same
//! operation at 2-of-3 and 3-of-4.

use std::fmt::Write as _;

use super::data::OpResults;
use super::format::{TESSERA, file_stem, format_ratio, format_time, md_cell};
use super::upgrade::{FROM, TO};

/// The function name of the single-key baselines.
pub const SINGLE_KEY: &str = "single-key";
/// Their parameter.
pub const ONE_OF_ONE: &str = "1-of-1";

/// The table, with its heading; empty when no baseline was measured.
pub fn section(ops: &[OpResults]) -> String {
    let mut rows = String::new();
    for op in ops {
        for suite in &op.suites {
            let Some(single) = op.get(suite, ONE_OF_ONE, SINGLE_KEY) else {
                continue;
            };
            let base = single.median.point;
            let cell = |param: &str| match op.get(suite, param, TESSERA) {
                Some(r) => format!(
                    "{} ({})",
                    format_time(r.median.point),
                    format_ratio(r.median.point / base)
                ),
                None => "—".to_owned(),
            };
            let _ = writeln!(
                rows,
                "| [`{}`]({}.md) | {} | {} | {} | {} |",
                op.op,
                file_stem(&op.op),
                md_cell(suite),
                format_time(base),
                cell(FROM),
                cell(TO),
            );
        }
    }
    if rows.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    out.push_str("## Against a single key\n\n");
    out.push_str(
        "The same operation with one plain key (Ed25519: ed25519-dalek; \
         secp256k1 and P-256: k256 / p256 ECDSA; secp256k1-tr: k256 BIP-340), \
         and tessera's time per party at each threshold with its ratio to \
         the single key. `frost-round2` is one signer's share, `frost-verify` \
         the verification of the (identical) signature.\n\n",
    );
    let _ = writeln!(out, "| operation | suite | single key | {FROM} | {TO} |");
    out.push_str("|---|---|---:|---:|---:|\n");
    out.push_str(&rows);
    out.push('\n');
    out
}
