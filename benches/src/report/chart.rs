//! The SVG chart of one operation, drawn with plotters.
//!
//! One panel per suite (two per row). Each panel plots the median time per
//! iteration against the parameters (as categories), one line per
//! implementation, with the 95% confidence interval of each median as a
//! vertical whisker. The time axes of all panels are logarithmic when the
//! operation's times span more than a factor of ten, linear otherwise.
//! When the operation has a peer implementation, a strip under each panel
//! plots the ratio tessera / peer, with a reference line at 1.

use plotters::coord::Shift;
use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, ValueFormatter};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::ReportError;
use super::data::OpResults;
use super::format::{TESSERA, format_ratio, format_time_short};

/// Width of one suite's panel, in pixels.
const PANEL_WIDTH: u32 = 640;
/// Height of the time chart of a panel.
const TIME_HEIGHT: u32 = 360;
/// Height of the ratio strip of a panel, when there is a peer.
const RATIO_HEIGHT: u32 = 170;
/// Height of the chart's title.
const TITLE_HEIGHT: u32 = 50;
/// Font family of every text.
const FONT: &str = "sans-serif";

/// Line colours: tessera first, then the peers (Tableau 10).
const COLORS: &[RGBColor] = &[
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
];

fn color(index: usize) -> RGBColor {
    COLORS
        .get(index % COLORS.len())
        .copied()
        .unwrap_or(RGBColor(0, 0, 0))
}

fn chart_error<E: std::fmt::Display>(op: &str, error: E) -> ReportError {
    ReportError::Chart {
        op: op.to_owned(),
        message: error.to_string(),
    }
}

/// A categorical axis: categories at 0, 1, ..., `count - 1`, half a
/// category of margin at both ends, and a tick at each category (plotters'
/// own key points of a float axis fall anywhere).
#[derive(Clone)]
struct Categories {
    count: usize,
    inner: RangedCoordf64,
}

impl Categories {
    fn new(count: usize) -> Self {
        let end = count.max(1) as f64 - 0.5;
        Self {
            count,
            inner: (-0.5..end).into(),
        }
    }
}

impl Ranged for Categories {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            (0..self.count).map(|i| i as f64).collect()
        }
    }

    fn range(&self) -> Range<f64> {
        self.inner.range()
    }
}

/// A logarithmic time axis with as many round ticks as fit: the 1-2-3-5,
/// 1-2-5 and 1-3 sequences, powers of ten, or a finer sequence on a range
/// narrower than a decade. (plotters' own logarithmic axis ticks
/// only powers of ten, which leaves a single tick on a narrow range.)
#[derive(Clone)]
struct LogAxis {
    low: f64,
    high: f64,
}

impl LogAxis {
    /// The axis from `low` to `high`, both positive.
    fn new(low: f64, high: f64) -> Self {
        Self { low, high }
    }

    /// The values `m × 10^k` in range, for each mantissa `m` in `mantissas`.
    fn ticks(&self, mantissas: &[f64]) -> Vec<f64> {
        let first = self.low.log10().floor() as i32;
        let last = self.high.log10().ceil() as i32;
        (first..=last)
            .flat_map(|k| mantissas.iter().map(move |m| m * 10f64.powi(k)))
            .filter(|v| *v >= self.low && *v <= self.high)
            .collect()
    }
}

impl Ranged for LogAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let span = self.high.ln() - self.low.ln();
        let t = if span > 0.0 {
            (value.ln() - self.low.ln()) / span
        } else {
            0.5
        };
        let pixels = f64::from(limit.1) - f64::from(limit.0);
        (f64::from(limit.0) + t * pixels).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            return Vec::new();
        }
        let max = hint.max_num_points().max(2);
        let sequences: [&[f64]; 4] = [&[1.0, 2.0, 3.0, 5.0], &[1.0, 2.0, 5.0], &[1.0, 3.0], &[1.0]];
        if let Some(ticks) = sequences
            .iter()
            .map(|mantissas| self.ticks(mantissas))
            .find(|ticks| ticks.len() <= max)
        {
            // A range narrower than a decade may hold only one or two of
            // those: use a finer sequence then (evenly spaced enough not to
            // crowd the labels near the top of the decade).
            if ticks.len() < 3 {
                let fine = self.ticks(&[1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0]);
                if fine.len() > ticks.len() && fine.len() <= max {
                    return fine;
                }
            }
            return ticks;
        }
        // Many decades: every few powers of ten.
        let decades = self.ticks(&[1.0]);
        let step = decades.len().div_ceil(max).max(1);
        decades.into_iter().step_by(step).collect()
    }

    fn range(&self) -> Range<f64> {
        self.low..self.high
    }
}

/// Renders the chart of `op` as an SVG document.
///
/// # Errors
///
/// [`ReportError::Chart`] when plotters fails to draw.
pub fn render_svg(op: &OpResults) -> Result<String, ReportError> {
    let peers: Vec<&str> = if op.has_tessera() {
        op.peers().collect()
    } else {
        Vec::new()
    };
    let panels = op.suites.len().max(1);
    let cols = panels.min(2);
    let rows = panels.div_ceil(cols);
    let panel_height = TIME_HEIGHT + if peers.is_empty() { 0 } else { RATIO_HEIGHT };
    let width = PANEL_WIDTH * u32::try_from(cols).map_err(|e| chart_error(&op.op, e))?;
    let height =
        TITLE_HEIGHT + panel_height * u32::try_from(rows).map_err(|e| chart_error(&op.op, e))?;

    // One scale for all panels: logarithmic when the operation's times
    // span more than a factor of ten.
    let log_scale = bounds(op.measurements().map(|m| m.median.point))
        .is_some_and(|(low, high)| high > 10.0 * low);

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| chart_error(&op.op, e))?;
        let title = format!("{}: median time per iteration", op.op);
        let body = root
            .titled(&title, (FONT, 26).into_font())
            .map_err(|e| chart_error(&op.op, e))?;
        for (area, suite) in body.split_evenly((rows, cols)).iter().zip(&op.suites) {
            draw_panel(op, suite, &peers, log_scale, area).map_err(|e| chart_error(&op.op, e))?;
        }
        root.present().map_err(|e| chart_error(&op.op, e))?;
    }
    Ok(svg)
}

type DrawResult = Result<(), Box<dyn std::error::Error>>;

/// A point of a line: a median with its confidence interval, or a ratio
/// (whose interval is the point itself).
#[derive(Clone, Copy)]
struct Point {
    x: f64,
    y: f64,
    low: f64,
    high: f64,
}

/// One line of a chart: an implementation's medians, or the ratios
/// tessera / peer.
struct Line<'a> {
    name: &'a str,
    color: RGBColor,
    points: Vec<Point>,
}

/// The smallest and largest of `values`, `None` when there are none.
fn bounds(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    values.fold(None, |acc, v| match acc {
        None => Some((v, v)),
        Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
    })
}

/// Draws the panel of one suite: the time chart and, with peers, the ratio
/// strip under it.
fn draw_panel<DB: DrawingBackend>(
    op: &OpResults,
    suite: &str,
    peers: &[&str],
    log_scale: bool,
    area: &DrawingArea<DB, Shift>,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let params = op.params(suite);
    let label = |x: &f64| -> String {
        let i = x.round();
        if (x - i).abs() > 1e-6 || i < 0.0 {
            return String::new();
        }
        params.get(i as usize).cloned().unwrap_or_default()
    };
    let color_of = |implementation: &str| {
        color(
            op.implementations
                .iter()
                .position(|i| i == implementation)
                .unwrap_or(0),
        )
    };

    let times: Vec<Line<'_>> = op
        .implementations
        .iter()
        .map(|implementation| Line {
            name: implementation,
            color: color_of(implementation),
            points: params
                .iter()
                .enumerate()
                .filter_map(|(i, p)| {
                    op.get(suite, p, implementation).map(|m| Point {
                        x: i as f64,
                        y: m.median.point,
                        low: m.median.lower,
                        high: m.median.upper,
                    })
                })
                .collect(),
        })
        .collect();
    let (low, high) = bounds(
        times
            .iter()
            .flat_map(|l| l.points.iter().flat_map(|p| [p.low, p.high])),
    )
    .filter(|(low, high)| low.is_finite() && *low > 0.0 && high.is_finite())
    .unwrap_or((1.0, 10.0));

    let (time_area, ratio_area) = if peers.is_empty() {
        (area.clone(), None)
    } else {
        let (top, bottom) = area.split_vertically(TIME_HEIGHT);
        (top, Some(bottom))
    };
    let show_x = ratio_area.is_none();

    let mut builder = ChartBuilder::on(&time_area);
    builder
        .caption(suite, (FONT, 20).into_font())
        .margin(8)
        .margin_right(24)
        .x_label_area_size(if show_x { 40 } else { 12 })
        .y_label_area_size(84);
    if log_scale {
        let y = LogAxis::new(low / 1.4, high * 1.4);
        let chart = builder.build_cartesian_2d(Categories::new(params.len()), y)?;
        draw_times(chart, "median time (log scale)", show_x, &label, &times)?;
    } else {
        let pad = (high - low).max(high * 0.05) * 0.3;
        let y = (low - pad).max(0.0)..high + pad;
        let chart = builder.build_cartesian_2d(Categories::new(params.len()), y)?;
        draw_times(chart, "median time", show_x, &label, &times)?;
    }

    let Some(ratio_area) = ratio_area else {
        return Ok(());
    };

    // The ratio strip.
    let ratios: Vec<Line<'_>> = peers
        .iter()
        .map(|peer| Line {
            name: peer,
            color: color_of(peer),
            points: params
                .iter()
                .enumerate()
                .filter_map(|(i, p)| {
                    op.ratio(suite, p, peer).map(|r| Point {
                        x: i as f64,
                        y: r,
                        low: r,
                        high: r,
                    })
                })
                .collect(),
        })
        .collect();
    // The range always includes the reference ratio 1.
    let (r_low, r_high) = bounds(
        ratios
            .iter()
            .flat_map(|l| l.points.iter().map(|p| p.y))
            .chain([1.0]),
    )
    .unwrap_or((1.0, 1.0));
    let pad = ((r_high - r_low) * 0.3).max(0.1);
    let y_range = (r_low - pad).max(0.0)..r_high + pad;
    let y_desc = match peers {
        [peer] => format!("{TESSERA} / {peer}"),
        _ => format!("{TESSERA} / peer"),
    };

    let mut chart = ChartBuilder::on(&ratio_area)
        .margin(8)
        .margin_top(0)
        .margin_right(24)
        .x_label_area_size(40)
        .y_label_area_size(84)
        .build_cartesian_2d(Categories::new(params.len()), y_range)?;
    chart
        .configure_mesh()
        .x_labels(params.len().max(1))
        .x_label_formatter(&label)
        .y_labels(4)
        .y_label_formatter(&|y| format!("{y:.2}"))
        .y_desc(y_desc)
        .x_desc("parameters")
        .label_style((FONT, 14))
        .axis_desc_style((FONT, 15))
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(BLACK.mix(0.12))
        .draw()?;
    let (x_start, x_end) = (-0.5, params.len().max(1) as f64 - 0.5);
    chart.draw_series(DashedLineSeries::new(
        vec![(x_start, 1.0), (x_end, 1.0)],
        6,
        4,
        BLACK.mix(0.6).stroke_width(1),
    ))?;
    for line in &ratios {
        let style = line.color.stroke_width(2);
        chart.draw_series(
            LineSeries::new(line.points.iter().map(|p| (p.x, p.y)), style).point_size(4),
        )?;
        // The value of each ratio, above the point when tessera is slower,
        // below it when faster.
        chart.draw_series(line.points.iter().map(|p| {
            EmptyElement::at((p.x, p.y))
                + Text::new(
                    format_ratio(p.y),
                    (-14, if p.y >= 1.0 { -20 } else { 8 }),
                    (FONT, 13).into_font().color(&line.color),
                )
        }))?;
    }
    Ok(())
}

/// Draws the mesh, the lines, the confidence whiskers and the legend of a
/// time chart, whatever its y axis.
fn draw_times<'a, DB, Y>(
    mut chart: ChartContext<'a, DB, Cartesian2d<Categories, Y>>,
    y_desc: &str,
    show_x: bool,
    label: &dyn Fn(&f64) -> String,
    lines: &[Line<'_>],
) -> DrawResult
where
    DB: DrawingBackend + 'a,
    DB::ErrorType: 'static,
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    let categories = lines.iter().map(|l| l.points.len()).max().unwrap_or(1);
    chart
        .configure_mesh()
        // Categories ticks every category whatever this count, but plotters
        // multiplies it: keep it small.
        .x_labels(categories.max(1))
        .x_label_formatter(&|x| if show_x { label(x) } else { String::new() })
        .y_labels(8)
        .y_label_formatter(&|y| format_time_short(*y))
        .y_desc(y_desc)
        .x_desc(if show_x { "parameters" } else { "" })
        .label_style((FONT, 14))
        .axis_desc_style((FONT, 15))
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(BLACK.mix(0.12))
        .draw()?;
    for line in lines {
        let style = line.color.stroke_width(2);
        chart
            .draw_series(
                LineSeries::new(line.points.iter().map(|p| (p.x, p.y)), style).point_size(4),
            )?
            .label(line.name)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], style));
        // The 95% confidence interval of each median.
        let whisker = line.color.stroke_width(1);
        chart.draw_series(
            line.points
                .iter()
                .map(|p| PathElement::new(vec![(p.x, p.low), (p.x, p.high)], whisker)),
        )?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.4))
        .label_font((FONT, 14))
        .draw()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::coord::ranged1d::BoldPoints;

    #[test]
    fn log_axis_ticks_are_round_and_fit() {
        let axis = LogAxis::new(30_000.0, 2_000_000.0);
        assert_eq!(
            axis.key_points(BoldPoints(8)),
            [3e4, 5e4, 1e5, 2e5, 3e5, 5e5, 1e6, 2e6]
        );
        assert_eq!(axis.key_points(BoldPoints(3)), [1e5, 1e6]);
        let narrow = LogAxis::new(214.0, 644.0);
        assert_eq!(
            narrow.key_points(BoldPoints(8)),
            [250.0, 300.0, 400.0, 500.0, 600.0]
        );
        let wide = LogAxis::new(1.0, 1e12);
        assert_eq!(wide.key_points(BoldPoints(4)).len(), 4);
        assert_eq!(axis.map(&30_000.0, (0, 100)), 0);
        assert_eq!(axis.map(&2_000_000.0, (0, 100)), 100);
    }
}
