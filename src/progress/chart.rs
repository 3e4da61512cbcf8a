//! The history chart of an indicator: a small inline SVG drawn at build time (no
//! script), labelled for screen readers, legible in black and white (shapes and dash
//! patterns, not colour, tell the series apart) and as wide as its container. The same
//! figures are in `EvaluatedIndicator::rows` for the text table shown beside it.

use std::fmt::Write;

use super::evaluate::{EvaluatedIndicator, EvaluatedMeasurement};
use super::parse::ValueKind;
// SVG text and double-quoted attributes escape as HTML attributes do.
use crate::date::Date;
use crate::markdown::escape_attr as esc;
use crate::vi::{self, Fixed};

const WIDTH: f64 = 420.0;
const HEIGHT: f64 = 270.0;
const LEFT: f64 = 76.0;
const RIGHT: f64 = 14.0;
/// Where the legend starts: under the whole chart, so four entries fit.
const LEGEND_LEFT: f64 = 12.0;
const TOP: f64 = 28.0;
const BOTTOM: f64 = 78.0;

/// A number as `{}` writes it, quickly when it is whole (every coordinate of the
/// chart's frame and legend is).
#[derive(Clone, Copy)]
struct Plain(f64);

impl std::fmt::Display for Plain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.fract() == 0.0 && self.0.abs() < 1e15 { Fixed(self.0, 0).fmt(f) } else { write!(f, "{}", self.0) }
    }
}

fn axis_label(indicator: &EvaluatedIndicator, value: f64) -> String {
    match indicator.meter.kind {
        ValueKind::Percent => vi::format_percent(value),
        ValueKind::Milestone => if value >= 1.0 { "Hoàn thành" } else { "Chưa" }.to_string(),
        ValueKind::Count => vi::format_number(value, 1),
    }
}

/// The inline SVG chart of an indicator's figures up to the report date, with its
/// target line and, when there is a baseline and a deadline, the straight path
/// between them that "on track" is measured against.
pub fn history_svg(indicator: &EvaluatedIndicator) -> String {
    let id = format!("bieu-do-{}", vi::slugify(&indicator.id));
    let (left, top, width, height) = (Plain(LEFT), Plain(TOP), Plain(WIDTH), Plain(HEIGHT));
    let meter = &indicator.meter;
    let rows: &[EvaluatedMeasurement] = &indicator.rows;
    let due = indicator.deadline.as_ref().and_then(|d| d.due);

    // Horizontal scale: from the first figure to the later of the last figure and the
    // deadline, padded so a single point is not on the edge.
    let mut first = rows.first().map(|m| m.date);
    let mut last = rows.last().map(|m| m.date).max(due);
    if first.is_none() {
        first = due.map(|d| Date::from_days(d.to_days() - 365));
    }
    let (x0, x1) = match (first, last.take()) {
        (Some(a), Some(b)) if b.to_days() > a.to_days() => (a.to_days(), b.to_days()),
        (Some(a), _) => (a.to_days() - 15, a.to_days() + 15),
        (None, Some(b)) => (b.to_days() - 15, b.to_days() + 15),
        (None, None) => (0, 30),
    };
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let x = |d: Date| LEFT + (d.to_days() - x0) as f64 / (x1 - x0) as f64 * plot_w;
    let span = if meter.max > meter.min { meter.max - meter.min } else { 1.0 };
    let y = |v: f64| TOP + plot_h - ((v.clamp(meter.min, meter.max) - meter.min) / span) * plot_h;

    let title = format!("Diễn biến chỉ tiêu: {}", indicator.name);
    let mut desc = format!("Mục tiêu {}.", indicator.target.display);
    let measurements: Vec<&EvaluatedMeasurement> = rows.iter().filter(|m| !m.baseline).collect();
    if let Some(b) = &indicator.baseline {
        let _ = write!(desc, " Mốc cơ sở {} ngày {}.", b.display, b.date_vi);
    }
    match (measurements.first(), measurements.last()) {
        (Some(a), Some(b)) => {
            let _ = write!(
                desc,
                " {} số liệu từ {} đến {}; mới nhất {} ngày {}. Trạng thái: {}. Số liệu chi tiết ở bảng bên cạnh.",
                measurements.len(),
                a.date_vi,
                b.date_vi,
                b.display,
                b.date_vi,
                indicator.status.label()
            );
        }
        _ => desc.push_str(" Chưa có số liệu."),
    }

    let mut s = String::with_capacity(4096);
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="bieu-do-chi-tieu" viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMidYMid meet" role="img" aria-labelledby="{id}-title {id}-desc" font-family="sans-serif" font-size="16">"#
    );
    let _ = write!(s, r#"<title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#, esc(&title), esc(&desc));
    let _ = write!(s, r##"<rect x="0" y="0" width="{width}" height="{height}" fill="#fff"/>"##);

    // Vertical axis with four or five ticks.
    let ticks: Vec<f64> = match meter.kind {
        ValueKind::Percent => vec![0.0, 25.0, 50.0, 75.0, 100.0],
        ValueKind::Milestone => vec![0.0, 1.0],
        ValueKind::Count => (0..=4).map(|k| meter.min + span * k as f64 / 4.0).collect(),
    };
    for t in &ticks {
        let ty = y(*t);
        let ty1 = Fixed(ty, 1);
        let _ = write!(
            s,
            r##"<line x1="{left}" y1="{ty1}" x2="{}" y2="{ty1}" stroke="#bbb" stroke-width="1"/><text x="{}" y="{}" text-anchor="end">{}</text>"##,
            Fixed(WIDTH - RIGHT, 1),
            Fixed(LEFT - 8.0, 1),
            Fixed(ty + 4.0, 1),
            esc(&axis_label(indicator, *t))
        );
    }
    let _ = write!(
        s,
        r##"<line x1="{left}" y1="{top}" x2="{left}" y2="{}" stroke="#000" stroke-width="1.5"/><line x1="{left}" y1="{}" x2="{}" y2="{}" stroke="#000" stroke-width="1.5"/>"##,
        Fixed(TOP + plot_h, 1),
        Fixed(TOP + plot_h, 1),
        Fixed(WIDTH - RIGHT, 1),
        Fixed(TOP + plot_h, 1)
    );

    // Date labels: first figure, last figure, deadline (dd/mm/yyyy), without overlaps.
    let mut labelled: Vec<f64> = Vec::new();
    let mut date_label = |s: &mut String, d: Date, prefix: &str| {
        let px = x(d);
        let px1 = Fixed(px, 1);
        if labelled.iter().any(|l| (l - px).abs() < 125.0) {
            return;
        }
        labelled.push(px);
        let anchor = if px < LEFT + 60.0 {
            "start"
        } else if px > WIDTH - RIGHT - 60.0 {
            "end"
        } else {
            "middle"
        };
        let _ = write!(
            s,
            r##"<line x1="{px1}" y1="{}" x2="{px1}" y2="{}" stroke="#000"/><text x="{px1}" y="{}" text-anchor="{anchor}">{}{}</text>"##,
            Fixed(TOP + plot_h, 1),
            Fixed(TOP + plot_h + 5.0, 1),
            Fixed(TOP + plot_h + 20.0, 1),
            prefix,
            d.vi()
        );
    };
    if let Some(due) = due {
        date_label(&mut s, due, "hạn ");
    }
    if let Some(m) = rows.first() {
        date_label(&mut s, m.date, "");
    }
    if let Some(m) = rows.last() {
        date_label(&mut s, m.date, "");
    }

    // Target line (dashed) with its label.
    if let Some(target) = meter.target {
        let ty = y(target);
        let ty1 = Fixed(ty, 1);
        let _ = write!(
            s,
            r##"<line class="muc-tieu" x1="{left}" y1="{ty1}" x2="{}" y2="{ty1}" stroke="#000" stroke-width="1.5" stroke-dasharray="8 5"/><text x="{}" y="{}" text-anchor="end">{}</text>"##,
            Fixed(WIDTH - RIGHT, 1),
            Fixed(WIDTH - RIGHT - 2.0, 1),
            Fixed(if ty < TOP + 14.0 { ty + 16.0 } else { ty - 6.0 }, 1),
            esc(&format!("Mục tiêu {}", indicator.target.display))
        );
    }

    // The straight path from the baseline to the target by the deadline (dotted).
    if let (Some(b), Some(due), Some(target), false) =
        (&indicator.baseline, due, meter.target, meter.kind == ValueKind::Milestone)
    {
        let _ = write!(
            s,
            r##"<line class="lo-trinh" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#000" stroke-width="1.5" stroke-dasharray="2 4"/>"##,
            Fixed(x(b.date), 1),
            Fixed(y(b.value), 1),
            Fixed(x(due), 1),
            Fixed(y(target), 1)
        );
    }

    // The figures: a solid line through filled circles; the baseline a hollow square.
    if measurements.len() > 1 {
        let points: Vec<String> =
            measurements.iter().map(|m| format!("{},{}", Fixed(x(m.date), 1), Fixed(y(m.value), 1))).collect();
        let _ = write!(
            s,
            r##"<polyline class="so-lieu" points="{}" fill="none" stroke="#000" stroke-width="2.5"/>"##,
            points.join(" ")
        );
    }
    if let Some(b) = &indicator.baseline {
        let _ = write!(
            s,
            r##"<rect class="muc-co-so" x="{}" y="{}" width="10" height="10" fill="#fff" stroke="#000" stroke-width="2"><title>{}</title></rect>"##,
            Fixed(x(b.date) - 5.0, 1),
            Fixed(y(b.value) - 5.0, 1),
            esc(&format!("Mốc cơ sở {}: {}", b.date_vi, b.display))
        );
    }
    for m in &measurements {
        let _ = write!(
            s,
            r##"<circle class="so-lieu" cx="{}" cy="{}" r="5" fill="#000"><title>{}</title></circle>"##,
            Fixed(x(m.date), 1),
            Fixed(y(m.value), 1),
            esc(&format!("{}: {}{}", m.date_vi, m.display, if m.illustrative { " (minh họa)" } else { "" }))
        );
    }
    if rows.is_empty() {
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" text-anchor="middle">Chưa có số liệu</text>"#,
            Fixed(LEFT + plot_w / 2.0, 1),
            Fixed(TOP + plot_h / 2.0, 1)
        );
    }

    // Legend, in shapes and dashes.
    let ly = HEIGHT - 18.0;
    let ly_text = Plain(ly);
    let _ = write!(
        s,
        r##"<g class="chu-giai"><circle cx="{}" cy="{}" r="5" fill="#000"/><text x="{}" y="{}">Số liệu</text>"##,
        Plain(LEGEND_LEFT),
        Plain(ly - 4.0),
        Plain(LEGEND_LEFT + 10.0),
        Plain(ly)
    );
    let mut lx = LEGEND_LEFT + 84.0;
    if indicator.baseline.is_some() {
        let _ = write!(
            s,
            r##"<rect x="{}" y="{}" width="10" height="10" fill="#fff" stroke="#000" stroke-width="2"/><text x="{}" y="{ly_text}">Mốc cơ sở</text>"##,
            Plain(lx - 5.0),
            Plain(ly - 9.0),
            Plain(lx + 10.0)
        );
        lx += 104.0;
    }
    let _ = write!(
        s,
        r##"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#000" stroke-width="1.5" stroke-dasharray="8 5"/><text x="{}" y="{ly_text}">Mục tiêu</text>"##,
        Plain(lx - 5.0),
        Plain(ly - 4.0),
        Plain(lx + 25.0),
        Plain(ly - 4.0),
        Plain(lx + 30.0)
    );
    lx += 100.0;
    if indicator.baseline.is_some() && due.is_some() && meter.kind != ValueKind::Milestone {
        let _ = write!(
            s,
            r##"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#000" stroke-width="1.5" stroke-dasharray="2 4"/><text x="{}" y="{ly_text}">Lộ trình</text>"##,
            Plain(lx - 5.0),
            Plain(ly - 4.0),
            Plain(lx + 25.0),
            Plain(ly - 4.0),
            Plain(lx + 30.0)
        );
    }
    s.push_str("</g></svg>");
    s
}
