use super::time_controls::clock;
use crate::sim::view::ReadyChart;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct RolloutChartProps {
    pub chart: Rc<ReadyChart>,
    /// The session's colour key (`ClusterView::images`).
    pub images: Rc<Vec<String>>,
}

/// Drawing units; the SVG stretches to its box and strokes keep their width.
const W: f64 = 1000.0;
const H: f64 = 100.0;
/// A dash pattern per line, so lines differ without colour too.
const DASHES: [&str; 4] = ["none", "10 5", "3 4", "14 4 3 4"];

/// A step line through (time, ready) points, held to the chart's end.
fn step_path(points: &[(crate::sim::time::Duration, i32)], end: f64, top: f64) -> String {
    let x = |ms: i64| format!("{:.1}", W * ms as f64 / end);
    let y = |ready: i32| format!("{:.1}", H - 4.0 - (H - 8.0) * f64::from(ready) / top);
    let mut d = String::with_capacity(points.len() * 16);
    for (i, (t, ready)) in points.iter().enumerate() {
        if i == 0 {
            d += &format!("M{} {}", x(t.0), y(*ready));
        } else {
            d += &format!("H{}V{}", x(t.0), y(*ready));
        }
    }
    d + &format!("H{W}")
}

/// Ready pods per ReplicaSet revision over the session, up to the playhead.
#[component]
pub fn RolloutChart(props: &RolloutChartProps) -> Html {
    let c = &props.chart;
    let end = (c.end.0 as f64).max(1000.0);
    let top = f64::from(c.top);
    let colour = |i: usize, image: &str| {
        props
            .images
            .iter()
            .position(|m| m == image)
            .unwrap_or(props.images.len() + i)
            % 6
    };
    html! {
        <figure class="chart">
            <figcaption>{ format!("Ready pods per revision · 0 – {} · up to {}", c.top, clock(end / 1000.0)) }</figcaption>
            <svg viewBox={format!("0 0 {W} {H}")} preserveAspectRatio="none" role="img" aria-label={c.summary.clone()}>
                <line class="grid" x1="0" x2={W.to_string()} y1={format!("{:.1}", H - 4.0)} y2={format!("{:.1}", H - 4.0)} />
                <line class="grid" x1="0" x2={W.to_string()} y1="4" y2="4" />
                { for c.lines.iter().enumerate().map(|(i, l)| html! {
                    <path d={step_path(&l.points, end, top)} data-version={colour(i, &l.image).to_string()}
                        stroke-dasharray={DASHES[i % DASHES.len()]} />
                }) }
            </svg>
            <ul class="legend">
                { for c.lines.iter().enumerate().map(|(i, l)| html! {
                    <li>
                        <svg class="swatch" viewBox="0 0 24 6" aria-hidden="true">
                            <line x1="0" x2="24" y1="3" y2="3" data-version={colour(i, &l.image).to_string()}
                                stroke-dasharray={DASHES[i % DASHES.len()]} />
                        </svg>
                        { format!("rev {} {} · {} ready", l.revision, l.image, l.ready) }
                    </li>
                }) }
            </ul>
        </figure>
    }
}
