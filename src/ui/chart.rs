//! The rollout chart: ready pods per ReplicaSet revision over the session, up to the playhead.
//! It is written as SVG markup rather than `html!`: a few format strings cost the bundle far
//! less than a macro-built tree, and the chart is redrawn whole on every tick anyway.

use super::panic::escape;
use super::tenths;
use super::time_controls::clock;
use crate::sim::time::Duration;
use crate::sim::view::ReadyChart;
use std::fmt::Write;
use yew::prelude::*;

/// Drawing units (the markup's viewBox is `0 0 1000 100`); the SVG stretches to its box and
/// strokes keep their width.
const W: f64 = 1000.0;
const H: f64 = 100.0;
/// A dash pattern per line, so lines differ without colour too.
const DASHES: [&str; 4] = ["none", "10 5", "3 4", "14 4 3 4"];

/// A step line through (time, ready) points, held to the chart's end.
fn step_path(points: &[(Duration, i32)], end: f64, top: f64) -> String {
    let mut d = String::with_capacity(points.len() * 16);
    for (i, (t, ready)) in points.iter().enumerate() {
        let x = W * t.0 as f64 / end;
        let y = H - 4.0 - (H - 8.0) * f64::from(*ready) / top;
        let _ = if i == 0 {
            write!(d, "M{} {}", tenths(x), tenths(y))
        } else {
            write!(d, "H{}V{}", tenths(x), tenths(y))
        };
    }
    d + "H1000"
}

/// The chart as markup, coloured by the session's colour key (`ClusterView::images`).
pub fn rollout_chart(c: &ReadyChart, images: &[String]) -> Html {
    let end = (c.end.0 as f64).max(1000.0);
    let top = f64::from(c.top);
    let style = |i: usize, image: &str| {
        let version = images
            .iter()
            .position(|m| m == image)
            .unwrap_or(images.len() + i)
            % 6;
        format!(
            "data-version=\"{version}\" stroke-dasharray=\"{}\"",
            DASHES[i % DASHES.len()]
        )
    };
    let mut svg = format!(
        "<figure class=\"chart\"><figcaption>Ready pods per revision · 0 – {} · up to {}</figcaption>\
         <svg viewBox=\"0 0 1000 100\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"{}\">\
         <line class=\"grid\" x1=\"0\" x2=\"1000\" y1=\"4\" y2=\"4\"/><line class=\"grid\" x1=\"0\" x2=\"1000\" y1=\"96\" y2=\"96\"/>",
        c.top,
        clock(end / 1000.0),
        escape(&c.summary)
    );
    for (i, l) in c.lines.iter().enumerate() {
        let _ = write!(
            svg,
            "<path d=\"{}\" {}/>",
            step_path(&l.points, end, top),
            style(i, &l.image)
        );
    }
    svg += "</svg><ul class=\"legend\">";
    for (i, l) in c.lines.iter().enumerate() {
        let _ = write!(
            svg,
            "<li><svg class=\"swatch\" viewBox=\"0 0 24 6\" aria-hidden=\"true\"><line x1=\"0\" x2=\"24\" y1=\"3\" y2=\"3\" {}/></svg>rev {} {} · {} ready</li>",
            style(i, &l.image),
            l.revision,
            escape(&l.image),
            l.ready
        );
    }
    svg += "</ul></figure>";
    Html::from_html_unchecked(AttrValue::from(svg))
}
