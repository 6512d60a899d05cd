//! The question the toolkit exists to answer for a wallet: what does
//! raising the account from 2-of-3 to 3-of-4 cost? One row per operation
//! and suite measured at both sizes: tessera's median at each, their
//! ratio, and the bytes one party sends at each (see [`super::bytes`]).

use std::fmt::Write as _;

use super::data::OpResults;
use super::format::{TESSERA, file_stem, format_ratio, format_time, md_cell};

/// The parameter of the account before the upgrade.
pub const FROM: &str = "2-of-3";
/// The parameter of the account after the upgrade.
pub const TO: &str = "3-of-4";

/// The Markdown table, with its heading; empty when no operation was
/// measured at both sizes. Links are relative to `reports/`.
pub fn section(ops: &[OpResults]) -> String {
    let mut rows = String::new();
    for op in ops {
        for suite in &op.suites {
            let (Some(from), Some(to)) = (op.get(suite, FROM, TESSERA), op.get(suite, TO, TESSERA))
            else {
                continue;
            };
            let bytes = |t, n| {
                super::bytes::per_party(&op.op, suite, t, n)
                    .map_or_else(|| "—".to_owned(), |b| format!("{b} B"))
            };
            let _ = writeln!(
                rows,
                "| [`{}`]({}.md) | {} | {} | {} | {} | {} | {} |",
                op.op,
                file_stem(&op.op),
                md_cell(suite),
                format_time(from.median.point),
                format_time(to.median.point),
                format_ratio(to.median.point / from.median.point),
                bytes(2, 3),
                bytes(3, 4),
            );
        }
    }
    if rows.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    let _ = writeln!(out, "## {FROM} against {TO}\n");
    let _ = writeln!(
        out,
        "What adding a fourth factor and a third required signer costs: \
         tessera's median time per operation at {FROM} and at {TO}, and \
         their ratio ({TO} / {FROM}); and the bytes one party sends in the \
         operation at each size, from the protocols' encodings (— where \
         the operation sends nothing or its size is not computed).\n"
    );
    let _ = writeln!(
        out,
        "| operation | suite | {FROM} | {TO} | ratio | bytes sent {FROM} | bytes sent {TO} |"
    );
    out.push_str("|---|---|---:|---:|---:|---:|---:|\n");
    out.push_str(&rows);
    out.push_str("\n![3-of-4 / 2-of-3 per operation and suite](upgrade.svg)\n\n");
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::report::data::group_by_op;
    use crate::report::store::Row;

    fn row(op: &str, suite: &str, param: &str, ns: f64) -> Row {
        serde_json::from_value(serde_json::json!({
            "op": op, "suite": suite, "function": "tessera", "parameter": param,
            "median": {"point": ns, "lower": ns, "upper": ns},
            "mean": {"point": ns, "lower": ns, "upper": ns},
            "measured": "2026-11-30",
        }))
        .unwrap()
    }

    #[test]
    fn one_row_per_operation_and_suite_measured_at_both_sizes() {
        let rows = [
            row("frost-round2", "p256", "2-of-3", 200_000.0),
            row("frost-round2", "p256", "3-of-4", 300_000.0),
            row("frost-round2", "ed25519", "2-of-3", 100_000.0),
        ];
        let ops = group_by_op(rows.iter());
        let text = section(&ops);
        let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("| [")).collect();
        assert_eq!(
            lines,
            ["| [`frost-round2`](frost-round2.md) | p256 | 200 µs | 300 µs | 1.50 | 35 B | 35 B |"]
        );
        assert!(section(&group_by_op(rows[2..].iter())).is_empty());
    }
}
