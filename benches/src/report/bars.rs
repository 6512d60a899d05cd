//! Bar charts for categorical comparisons, drawn with plotters: one
//! horizontal bar per labelled category, its value written at its end.
//! Used for the 2-of-3 against 3-of-4 ratios (`upgrade.svg`) and the
//! reshare transitions (`reshare-transitions.svg`).

use plotters::prelude::*;

use super::ReportError;
use super::data::OpResults;
use super::format::TESSERA;

/// Height of one bar's row, in pixels.
const ROW_HEIGHT: u32 = 22;
/// Width of the chart.
const WIDTH: u32 = 900;
/// Font family of every text.
const FONT: &str = "sans-serif";

fn chart_error<E: std::fmt::Display>(name: &str, error: E) -> ReportError {
    ReportError::Chart {
        op: name.to_owned(),
        message: error.to_string(),
    }
}

/// One bar: its label and value, and the text written at its end.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// What the bar stands for.
    pub label: String,
    /// Its length.
    pub value: f64,
    /// The text at its end (the value, formatted).
    pub text: String,
}

/// A horizontal bar chart titled `title`, with a reference line at
/// `reference` when given; `None` when there are no bars with a positive
/// finite value.
///
/// # Errors
///
/// When plotters fails to draw.
pub fn render(
    title: &str,
    bars: &[Bar],
    reference: Option<f64>,
) -> Result<Option<String>, ReportError> {
    let bars: Vec<&Bar> = bars
        .iter()
        .filter(|b| b.value.is_finite() && b.value > 0.0)
        .collect();
    let Some(max) = bars.iter().map(|b| b.value).reduce(f64::max) else {
        return Ok(None);
    };
    let max = reference.map_or(max, |r| max.max(r));
    let count = u32::try_from(bars.len()).map_err(|e| chart_error(title, e))?;
    let height = 80 + ROW_HEIGHT * count;
    let rows = f64::from(count);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| chart_error(title, e))?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FONT, 20))
            .margin(10)
            .x_label_area_size(30)
            .build_cartesian_2d(0.0..max * 1.25, 0.0..rows)
            .map_err(|e| chart_error(title, e))?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .disable_y_axis()
            .x_labels(6)
            .draw()
            .map_err(|e| chart_error(title, e))?;
        let color = RGBColor(31, 119, 180);
        let position = |i: usize| rows - 1.0 - f64::from(u32::try_from(i).unwrap_or(0));
        chart
            .draw_series(bars.iter().enumerate().map(|(i, b)| {
                let y = position(i);
                Rectangle::new(
                    [(0.0, y + 0.15), (b.value, y + 0.85)],
                    color.mix(0.6).filled(),
                )
            }))
            .map_err(|e| chart_error(title, e))?;
        chart
            .draw_series(bars.iter().enumerate().map(|(i, b)| {
                Text::new(
                    format!("{}  {}", b.label, b.text),
                    (b.value, position(i) + 0.75),
                    (FONT, 13).into_font(),
                )
            }))
            .map_err(|e| chart_error(title, e))?;
        if let Some(r) = reference {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(r, 0.0), (r, rows)],
                    BLACK.stroke_width(1),
                )))
                .map_err(|e| chart_error(title, e))?;
        }
        root.present().map_err(|e| chart_error(title, e))?;
    }
    Ok(Some(svg))
}

/// The bars of the 2-of-3 against 3-of-4 table: one per operation and
/// suite measured at both, its value the ratio.
pub fn upgrade_bars(ops: &[OpResults]) -> Vec<Bar> {
    use super::upgrade::{FROM, TO};
    let mut bars = Vec::new();
    for op in ops {
        for suite in &op.suites {
            if let (Some(from), Some(to)) =
                (op.get(suite, FROM, TESSERA), op.get(suite, TO, TESSERA))
            {
                let ratio = to.median.point / from.median.point;
                bars.push(Bar {
                    label: format!("{} {suite}", op.op),
                    value: ratio,
                    text: super::format::format_ratio(ratio),
                });
            }
        }
    }
    bars
}

/// The bars of the reshare transitions: tessera's median per suite and
/// transition (parameters with `->`).
pub fn transition_bars(ops: &[OpResults]) -> Vec<Bar> {
    let mut bars = Vec::new();
    for op in ops.iter().filter(|op| op.op == "reshare") {
        for suite in &op.suites {
            for param in op.params(suite).iter().filter(|p| p.contains("->")) {
                if let Some(row) = op.get(suite, param, TESSERA) {
                    bars.push(Bar {
                        label: format!("{suite} {param}"),
                        value: row.median.point / 1e3,
                        text: super::format::format_time(row.median.point),
                    });
                }
            }
        }
    }
    bars
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn draws_one_bar_per_category_and_nothing_without_bars() {
        let bars = [
            Bar {
                label: "frost-round2 p256".to_owned(),
                value: 1.5,
                text: "1.50".to_owned(),
            },
            Bar {
                label: "dkg-finish ed25519".to_owned(),
                value: 2.25,
                text: "2.25".to_owned(),
            },
        ];
        let svg = render("ratios", &bars, Some(1.0)).unwrap().unwrap();
        assert!(svg.contains("frost-round2 p256  1.50"), "{svg}");
        assert!(svg.contains("dkg-finish ed25519  2.25"), "{svg}");
        assert!(svg.matches("<rect").count() >= 2);
        assert!(render("none", &[], None).unwrap().is_none());
    }
}
