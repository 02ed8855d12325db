//! The Yew front end: function components over the engine's view models. wasm32 only.

mod app;
mod chart;
mod controls;
mod frames;
mod panic;
mod side;
mod spec_editor;
mod stage;
mod terminal;
mod time_controls;
mod yaml_editor;

pub use app::App;
pub use panic::show_banner as show_crash_banner;

/// localStorage key of the saved session.
pub const SESSION_KEY: &str = "rollout-lab.session";

/// `x` to one decimal (`12.3`, `-0.5`), in integers: the float formatter costs the bundle
/// ~9 KB for what the page needs (positions and times), which tenths say.
pub(crate) fn tenths(x: f64) -> String {
    let t = (x * 10.0).round() as i64;
    let sign = if t < 0 { "-" } else { "" };
    format!("{sign}{}.{}", t.unsigned_abs() / 10, t.unsigned_abs() % 10)
}

/// Installs the panic banner and mounts the app on `<body>`.
pub fn start() {
    panic::install_hook();
    // A page always has these. (Not `expect` on the `Result`s: that brings `JsValue`'s Debug
    // into the bundle for a message never printed.)
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let (Ok(root), Some(body)) = (document.create_element("div"), document.body()) else {
        return;
    };
    if let Some(boot) = document.get_element_by_id("boot") {
        boot.remove();
    }
    root.set_id("app");
    if body.append_child(&root).is_ok() {
        yew::Renderer::<App>::with_root(root).render();
    }
}

/// `1 pod`, `3 pods`.
pub fn pods(n: usize) -> String {
    format!("{n} pod{}", if n == 1 { "" } else { "s" })
}
