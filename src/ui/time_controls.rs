use yew::prelude::*;

/// The speeds the learner can pick, and how the picker writes them.
pub const SPEEDS: [(f64, &str); 7] = [
    (0.25, "0.25"),
    (0.5, "0.5"),
    (1.0, "1"),
    (2.0, "2"),
    (4.0, "4"),
    (8.0, "8"),
    (16.0, "16"),
];

/// The time bar's state and what its controls do.
pub struct TimeControlsProps {
    /// Playhead and the furthest time reached, in virtual seconds since the session start.
    pub now_secs: f64,
    pub end_secs: f64,
    pub playing: bool,
    pub speed: f64,
    pub on_toggle_play: Callback<()>,
    pub on_step: Callback<()>,
    pub on_step_back: Callback<()>,
    pub on_speed: Callback<f64>,
    pub on_seek: Callback<f64>,
    pub on_replay: Callback<()>,
}

/// `1:05` / `1:02:03`.
pub fn clock(secs: f64) -> String {
    let s = secs.max(0.0) as i64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// The time bar. A function rather than a component: its props change on every frame that
/// moves the playhead, so a component's comparison would save nothing, and costs bundle size.
pub fn time_controls(props: &TimeControlsProps) -> Html {
    let on_seek = {
        let cb = props.on_seek.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Some(v) = crate::decimal::parse_f64(&input.value()) {
                cb.emit(v);
            }
        })
    };
    let on_speed = {
        let cb = props.on_speed.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(v) = crate::decimal::parse_f64(&select.value()) {
                cb.emit(v);
            }
        })
    };
    let in_past = props.now_secs + 0.5 < props.end_secs;
    html! {
        <section class="time-controls" aria-label="Time">
            <button type="button" class="primary" onclick={props.on_toggle_play.reform(|_| ())}
                aria-keyshortcuts="Space" title="Play / pause (space)">
                { if props.playing { "Ⅱ Pause" } else { "▶ Play" } }
            </button>
            <button type="button" onclick={props.on_step_back.reform(|_| ())} aria-keyshortcuts="ArrowLeft"
                title="Step back (←)">{ "◀ Back" }</button>
            <button type="button" onclick={props.on_step.reform(|_| ())} aria-keyshortcuts="ArrowRight"
                title="Step to the next event (→)">{ "Step ▶" }</button>
            <label class="speed">{ "Speed " }
                <select onchange={on_speed} aria-label="Speed">
                    { for SPEEDS.iter().map(|&(s, text)| html! {
                        <option value={text} selected={(s - props.speed).abs() < 1e-9}>{ format!("{text}×") }</option>
                    }) }
                </select>
            </label>
            <input type="range" class="scrubber" aria-label="Session time" min="0"
                max={super::tenths(props.end_secs.max(1.0))} step="0.1"
                value={super::tenths(props.now_secs)} oninput={on_seek}
                aria-valuetext={clock(props.now_secs)} />
            <span class="clock mono" aria-live="off">{ format!("{} / {}", clock(props.now_secs), clock(props.end_secs)) }</span>
            // Always in the layout, hidden at the live edge: appearing, it would reflow the bar
            // and move the whole page down on the first seek back.
            <button type="button" class="replay" hidden={!in_past} onclick={props.on_replay.reform(|_| ())}
                title="Play on from this moment, re-running your later commands">{ "↻ Replay from here" }</button>
        </section>
    }
}
