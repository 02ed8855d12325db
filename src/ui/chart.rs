//! The rollout chart: ready pods per ReplicaSet revision over the session, up to the playhead.
//! Its elements stay from tick to tick: playing moves the lines' `d` and the caption's text,
//! not the whole figure (markup set as HTML would be parsed and laid out anew each time).

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

/// The chart, coloured by the session's colour key (`ClusterView::images`).
pub fn rollout_chart(c: &ReadyChart, images: &[String]) -> Html {
    let end = (c.end.0 as f64).max(1000.0);
    let top = f64::from(c.top);
    let version = |i: usize, image: &str| {
        let v = images
            .iter()
            .position(|m| m == image)
            .unwrap_or(images.len() + i)
            % 6;
        v.to_string()
    };
    html! {
        <figure class="chart">
            <figcaption>{ format!("Ready pods per revision · 0 – {} · up to {}", c.top, clock(end / 1000.0)) }</figcaption>
            <svg viewBox="0 0 1000 100" preserveAspectRatio="none" role="img" aria-label={c.summary.clone()}>
                <line class="grid" x1="0" x2="1000" y1="4" y2="4"/>
                <line class="grid" x1="0" x2="1000" y1="96" y2="96"/>
                { for c.lines.iter().enumerate().map(|(i, l)| html! {
                    <path d={step_path(&l.points, end, top)} data-version={version(i, &l.image)}
                        stroke-dasharray={DASHES[i % DASHES.len()]}/>
                }) }
            </svg>
            <ul class="legend">
                { for c.lines.iter().enumerate().map(|(i, l)| html! {
                    <li>
                        <svg class="swatch" viewBox="0 0 24 6" aria-hidden="true">
                            <line x1="0" x2="24" y1="3" y2="3" data-version={version(i, &l.image)}
                                stroke-dasharray={DASHES[i % DASHES.len()]}/>
                        </svg>
                        { format!("rev {} {} · {} ready", l.revision, l.image, l.ready) }
                    </li>
                }) }
            </ul>
        </figure>
    }
}
