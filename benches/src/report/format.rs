//! Formatting and ordering helpers of the report: human-readable times and
//! ratios, the natural order of parameter labels, the order of suites and
//! implementations, and UTC dates without a date crate.

use std::cmp::Ordering;
use std::time::{SystemTime, UNIX_EPOCH};

/// The function name of tessera's own benchmarks.
pub const TESSERA: &str = "tessera";

/// The suites in the order the benches run them; unknown suites follow,
/// alphabetically.
pub const SUITE_ORDER: &[&str] = &[
    "ed25519",
    "ristretto255",
    "secp256k1",
    "secp256k1-tr",
    "p256",
];

/// Time units, largest first: (nanoseconds per unit, symbol).
const UNITS: &[(f64, &str)] = &[(1e9, "s"), (1e6, "ms"), (1e3, "µs"), (1.0, "ns")];

/// Formats a time in nanoseconds with three significant digits in the
/// largest unit (s, ms, µs, ns) that keeps the value at least 1, e.g.
/// `1.50 µs`, `33.8 µs`, `250 ms`. Not-finite or negative times give `—`.
pub fn format_time(ns: f64) -> String {
    if !ns.is_finite() || ns < 0.0 {
        return "—".to_owned();
    }
    // A value that rounds up to 1000 of a unit is shown in the next unit:
    // 999.7 ns is "1.00 µs", not "1000 ns".
    let (scale, unit) = UNITS
        .iter()
        .copied()
        .find(|&(scale, _)| ns >= scale * 0.9995)
        .unwrap_or((1.0, "ns"));
    format!("{} {unit}", three_digits(ns / scale))
}

/// A short time label for chart axes: like [`format_time`] but without
/// trailing zeros (`10 µs`, `2.5 ms`).
pub fn format_time_short(ns: f64) -> String {
    let full = format_time(ns);
    match full.split_once(' ') {
        Some((number, unit)) if number.contains('.') => {
            let trimmed = number.trim_end_matches('0').trim_end_matches('.');
            format!("{trimmed} {unit}")
        }
        _ => full,
    }
}

/// `value` with three significant digits (for values from 0 to 999.5).
fn three_digits(value: f64) -> String {
    if value >= 99.95 {
        format!("{value:.0}")
    } else if value >= 9.995 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    }
}

/// Formats a ratio of two times with two decimals (`0.87`), or `—` when it
/// is not finite.
pub fn format_ratio(ratio: f64) -> String {
    if ratio.is_finite() {
        format!("{ratio:.2}")
    } else {
        "—".to_owned()
    }
}

/// The geometric mean of positive, finite values; `None` when there are none.
pub fn geometric_mean(values: &[f64]) -> Option<f64> {
    let logs: Vec<f64> = values
        .iter()
        .filter(|v| v.is_finite() && **v > 0.0)
        .map(|v| v.ln())
        .collect();
    if logs.is_empty() {
        return None;
    }
    let mean = logs.iter().sum::<f64>() / logs.len() as f64;
    Some(mean.exp())
}

/// Compares two labels "naturally": runs of digits compare as numbers, so
/// `"7-of-10"` sorts before `"67-of-100"` and `"2-of-3->3-of-4"` before
/// `"2-of-3->5-of-7"`.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let mut left = chunks(a);
    let mut right = chunks(b);
    loop {
        match (left.next(), right.next()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let order = match (is_number(x), is_number(y)) {
                    (true, true) => {
                        let x = x.trim_start_matches('0');
                        let y = y.trim_start_matches('0');
                        x.len().cmp(&y.len()).then_with(|| x.cmp(y))
                    }
                    _ => x.cmp(y),
                };
                if order != Ordering::Equal {
                    return order;
                }
            }
        }
    }
}

fn is_number(chunk: &str) -> bool {
    chunk.bytes().next().is_some_and(|b| b.is_ascii_digit())
}

/// Splits a label into maximal runs of ASCII digits and of other characters.
fn chunks(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = s;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let digit = first.is_ascii_digit();
        let end = rest
            .char_indices()
            .find(|&(_, c)| c.is_ascii_digit() != digit)
            .map_or(rest.len(), |(i, _)| i);
        let (chunk, tail) = rest.split_at_checked(end)?;
        rest = tail;
        Some(chunk)
    })
}

/// Orders suites as [`SUITE_ORDER`], then unknown ones alphabetically.
pub fn suite_cmp(a: &str, b: &str) -> Ordering {
    let rank = |s: &str| {
        SUITE_ORDER
            .iter()
            .position(|k| *k == s)
            .unwrap_or(usize::MAX)
    };
    rank(a).cmp(&rank(b)).then_with(|| a.cmp(b))
}

/// Orders implementations: `tessera` first, then the others alphabetically.
pub fn implementation_cmp(a: &str, b: &str) -> Ordering {
    (a != TESSERA).cmp(&(b != TESSERA)).then_with(|| a.cmp(b))
}

/// Escapes a value for a Markdown table cell.
pub fn md_cell(s: &str) -> String {
    if s.is_empty() {
        "—".to_owned()
    } else {
        s.replace('|', "\\|")
    }
}

/// A file-name-safe form of an operation name: characters other than ASCII
/// letters, digits, `-`, `_` and `.` become `_`, and a leading `.` too, so
/// a name read from a file cannot point outside the output directory.
pub fn file_stem(op: &str) -> String {
    let stem: String = op
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || (c == '.' && i > 0) {
                c
            } else {
                '_'
            }
        })
        .collect();
    if stem.is_empty() {
        "_".to_owned()
    } else {
        stem
    }
}

/// A UTC time as stored in the report's data: `YYYY-MM-DDTHH:MMZ`.
pub fn format_utc_iso(time: SystemTime) -> Option<String> {
    let (date, hh, mm) = utc_parts(time)?;
    Some(format!("{date}T{hh:02}:{mm:02}Z"))
}

/// A stored time (`YYYY-MM-DDTHH:MMZ` or `YYYY-MM-DD`) for readers:
/// `2026-11-23 13:31 UTC`, or the day alone.
pub fn display_measured(measured: &str) -> String {
    match split_measured(measured) {
        (day, Some(time)) => format!("{day} {time} UTC"),
        (day, None) => day.to_owned(),
    }
}

/// The range of two stored times for readers, writing the day once when
/// both fall on it: `2026-11-23 11:58–12:09 UTC`.
pub fn display_measured_range(first: &str, last: &str) -> String {
    match (split_measured(first), split_measured(last)) {
        _ if first == last => display_measured(first),
        ((d1, Some(t1)), (d2, Some(t2))) if d1 == d2 => format!("{d1} {t1}–{t2} UTC"),
        _ => format!("{} – {}", display_measured(first), display_measured(last)),
    }
}

/// (`YYYY-MM-DD`, `HH:MM`) of a stored time.
fn split_measured(measured: &str) -> (&str, Option<&str>) {
    match measured.split_once('T') {
        Some((day, time)) => (day, Some(time.trim_end_matches('Z'))),
        None => (measured, None),
    }
}

/// (`YYYY-MM-DD`, hour, minute) of a time in UTC; `None` before 1970.
fn utc_parts(time: SystemTime) -> Option<(String, u64, u64)> {
    let secs = time.duration_since(UNIX_EPOCH).ok()?.as_secs();
    let days = i64::try_from(secs / 86_400).ok()?;
    let (y, m, d) = civil_from_days(days);
    let rem = secs % 86_400;
    Some((
        format!("{y:04}-{m:02}-{d:02}"),
        rem / 3600,
        (rem % 3600) / 60,
    ))
}

/// The proleptic Gregorian (year, month, day) of a count of days since
/// 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    // d is in 1..=31 and m in 1..=12 by construction.
    (
        y,
        u32::try_from(m).unwrap_or(1),
        u32::try_from(d).unwrap_or(1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn times_have_three_significant_digits_in_the_right_unit() {
        assert_eq!(format_time(0.5), "0.50 ns");
        assert_eq!(format_time(12.345), "12.3 ns");
        assert_eq!(format_time(999.4), "999 ns");
        assert_eq!(format_time(999.7), "1.00 µs");
        assert_eq!(format_time(1_500.0), "1.50 µs");
        assert_eq!(format_time(33_803.2), "33.8 µs");
        assert_eq!(format_time(2_500_000.0), "2.50 ms");
        assert_eq!(format_time(250_000_000.0), "250 ms");
        assert_eq!(format_time(3.2e9), "3.20 s");
        assert_eq!(format_time(f64::NAN), "—");
        assert_eq!(format_time_short(10_000.0), "10 µs");
        assert_eq!(format_time_short(2_500_000.0), "2.5 ms");
        assert_eq!(format_time_short(100.0), "100 ns");
    }

    #[test]
    fn ratios_and_means() {
        assert_eq!(format_ratio(0.5), "0.50");
        assert_eq!(format_ratio(1.254), "1.25");
        assert_eq!(format_ratio(f64::INFINITY), "—");
        let g = geometric_mean(&[0.5, 2.0]).unwrap();
        assert!((g - 1.0).abs() < 1e-12);
        assert_eq!(geometric_mean(&[]), None);
    }

    #[test]
    fn labels_sort_naturally() {
        let mut params = vec![
            "667-of-1000",
            "7-of-10",
            "2-of-3",
            "67-of-100",
            "3-of-4",
            "2-of-3->3-of-4",
        ];
        params.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            params,
            [
                "2-of-3",
                "2-of-3->3-of-4",
                "3-of-4",
                "7-of-10",
                "67-of-100",
                "667-of-1000"
            ]
        );
        let mut suites = vec!["p256", "zeta", "ed25519", "secp256k1", "ristretto255"];
        suites.sort_by(|a, b| suite_cmp(a, b));
        assert_eq!(
            suites,
            ["ed25519", "ristretto255", "secp256k1", "p256", "zeta"]
        );
        let mut impls = vec!["frost-core", "tessera", "alpha"];
        impls.sort_by(|a, b| implementation_cmp(a, b));
        assert_eq!(impls, ["tessera", "alpha", "frost-core"]);
    }

    #[test]
    fn file_stems_stay_inside_the_directory() {
        assert_eq!(file_stem("vss-verify-batch"), "vss-verify-batch");
        assert_eq!(file_stem("../etc/passwd"), "_._etc_passwd");
        assert_eq!(file_stem(""), "_");
        assert_eq!(md_cell("a|b"), "a\\|b");
    }

    #[test]
    fn utc_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        let t = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let later = t + Duration::from_secs(600);
        let (a, b) = (format_utc_iso(t).unwrap(), format_utc_iso(later).unwrap());
        assert_eq!(a, "2023-11-14T22:13Z");
        assert_eq!(display_measured(&a), "2023-11-14 22:13 UTC");
        assert_eq!(display_measured_range(&a, &b), "2023-11-14 22:13–22:23 UTC");
        assert_eq!(display_measured_range(&a, &a), "2023-11-14 22:13 UTC");
        assert_eq!(
            display_measured_range("2023-11-13", &a),
            "2023-11-13 – 2023-11-14 22:13 UTC"
        );
    }
}
