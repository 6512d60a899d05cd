//! Recovering rows from generated pages, for a reports directory that has
//! pages but no store yet (the reports written before the store existed):
//! the store starts with what the pages show instead of from nothing, so
//! the first run of the generator loses no operation.
//!
//! The pages give three significant digits and, for pages written before
//! the store, only the day of the measurement; recovered rows say so in
//! their [`Row::origin`].

use std::fs;
use std::path::Path;

use super::data::Estimate;
use super::store::Row;

/// Time units of the pages: (symbol, power of ten of nanoseconds per unit).
const UNITS: &[(&str, u32)] = &[("s", 9), ("ms", 6), ("µs", 3), ("ns", 0)];

/// The rows of every page `*.md` (but `README.md`) in `dir`, with a warning
/// for each page that cannot be read or holds no table.
pub fn from_pages(dir: &Path, warnings: &mut Vec<String>) -> Vec<Row> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut pages: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    pages.sort();
    let mut rows = Vec::new();
    for page in pages {
        let name = page
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match fs::read_to_string(&page) {
            Ok(text) => {
                let found = parse_page(&text, &name);
                if found.is_empty() {
                    warnings.push(format!("{name}: no results found in the page; skipped"));
                }
                rows.extend(found);
            }
            Err(e) => warnings.push(format!("{name}: {e}; skipped")),
        }
    }
    rows
}

/// The rows of one page, named `name` in the rows' origin.
pub fn parse_page(text: &str, name: &str) -> Vec<Row> {
    let Some(op) = text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("# `"))
        .and_then(|l| l.strip_suffix('`'))
    else {
        return Vec::new();
    };
    let page_day = text
        .split_once("(measured ")
        .and_then(|(_, rest)| rest.get(..10))
        .filter(|day| is_day(day))
        .unwrap_or("")
        .to_owned();
    let Some((_, details)) = text.split_once("## Confidence intervals") else {
        return Vec::new();
    };
    details
        .lines()
        .filter_map(|line| {
            let cells = cells(line)?;
            let [suite, param, function, median, interval, mean, rest @ ..] = cells.as_slice()
            else {
                return None;
            };
            let (low, high) = interval.split_once(" – ")?;
            let measured = rest
                .first()
                .and_then(|m| stored_time(m))
                .unwrap_or_else(|| page_day.clone());
            let commit = rest
                .get(1)
                .filter(|c| !c.is_empty() && **c != "—")
                .map(|c| c.trim_matches('`').to_owned());
            Some(Row {
                op: op.to_owned(),
                suite: (*suite).to_owned(),
                function: (*function).to_owned(),
                parameter: if *param == "—" {
                    String::new()
                } else {
                    (*param).to_owned()
                },
                median: Estimate {
                    point: parse_time(median)?,
                    lower: parse_time(low)?,
                    upper: parse_time(high)?,
                },
                mean: {
                    let point = parse_time(mean)?;
                    Estimate {
                        point,
                        lower: point,
                        upper: point,
                    }
                },
                measured,
                commit,
                rustc: None,
                origin: Some(format!("recovered from {name} (3 significant digits)")),
            })
        })
        .collect()
}

/// The cells of a table row, or `None` for other lines, the header and the
/// separator.
fn cells(line: &str) -> Option<Vec<&str>> {
    let inner = line.trim().strip_prefix('|')?.strip_suffix('|')?;
    let cells: Vec<&str> = inner.split('|').map(str::trim).collect();
    let is_header = cells
        .first()
        .is_some_and(|c| *c == "suite" || c.starts_with("---"));
    (!is_header).then_some(cells)
}

/// Nanoseconds of a page's time, e.g. `54.4 µs`.
pub fn parse_time(text: &str) -> Option<f64> {
    let (number, unit) = text.trim().split_once(' ')?;
    let exponent = UNITS.iter().find(|(u, _)| *u == unit)?.1;
    // Parsed with its exponent, so `54.4 µs` is exactly 54400 ns.
    let value: f64 = format!("{number}e{exponent}").parse().ok()?;
    (value.is_finite() && value > 0.0).then_some(value)
}

/// A page's `2026-11-23 13:31 UTC` (or a day) as stored, `2026-11-23T13:31Z`.
fn stored_time(shown: &str) -> Option<String> {
    let day = shown.get(..10).filter(|d| is_day(d))?;
    match shown.get(10..).map(str::trim) {
        Some("") | None => Some(day.to_owned()),
        Some(rest) => {
            let time = rest.strip_suffix(" UTC")?;
            Some(format!("{day}T{time}Z"))
        }
    }
}

fn is_day(s: &str) -> bool {
    s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_parse_back() {
        assert_eq!(parse_time("54.4 µs"), Some(54_400.0));
        assert_eq!(parse_time("1.45 ms"), Some(1_450_000.0));
        assert_eq!(parse_time("812 ns"), Some(812.0));
        assert_eq!(parse_time("3.20 s"), Some(3.2e9));
        assert_eq!(parse_time("—"), None);
        assert_eq!(
            stored_time("2026-11-23 13:31 UTC").unwrap(),
            "2026-11-23T13:31Z"
        );
        assert_eq!(stored_time("2026-11-23").unwrap(), "2026-11-23");
    }

    #[test]
    fn a_page_written_before_the_store_is_recovered() {
        let page = "# `frost-round2`\n\n<!-- Generated -->\n\nMedian time per iteration, as estimated by criterion, from `target/criterion/frost-round2_*/` (measured 2026-11-23 11:52–13:31 UTC).\n\n| suite | parameters | tessera | frost-core | tessera / frost-core |\n|---|---|---:|---:|---:|\n| ed25519 | 2-of-3 | 54.4 µs | 112 µs | 0.49 |\n\n## Confidence intervals\n\nThe median's 95% confidence interval and the mean, per implementation.\n\n| suite | parameters | implementation | median | 95% CI of the median | mean |\n|---|---|---|---:|---:|---:|\n| ed25519 | 2-of-3 | tessera | 54.4 µs | 53.8 µs – 55.5 µs | 54.6 µs |\n| ed25519 | 2-of-3 | frost-core | 112 µs | 111 µs – 113 µs | 112 µs |\n";
        let rows = parse_page(page, "frost-round2.md");
        assert_eq!(rows.len(), 2);
        let row = &rows[0];
        assert_eq!(
            (
                row.op.as_str(),
                row.suite.as_str(),
                row.function.as_str(),
                row.parameter.as_str()
            ),
            ("frost-round2", "ed25519", "tessera", "2-of-3")
        );
        assert_eq!(row.median.point, 54_400.0);
        assert_eq!((row.median.lower, row.median.upper), (53_800.0, 55_500.0));
        assert_eq!(row.mean.point, 54_600.0);
        assert_eq!(row.measured, "2026-11-23");
        assert_eq!(rows[1].function, "frost-core");
    }
}
