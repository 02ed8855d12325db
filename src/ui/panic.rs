//! A panic must never leave a blank page: log it, then put a banner over the app that says
//! what happened and offers a reset. The banner is plain HTML with an inline handler, because
//! after a panic the wasm instance cannot run callbacks any more.

use super::SESSION_KEY;

pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&format!("Rollout Lab crashed: {message}").into());
        show_banner(&message);
    }));
}

pub(super) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Puts the crash banner on the page (the panic hook's second half).
pub fn show_banner(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else { return };
    let Ok(banner) = document.create_element("div") else {
        return;
    };
    banner.set_class_name("crash-banner");
    let _ = banner.set_attribute("role", "alert");
    banner.set_inner_html(&format!(
        "<strong>Rollout Lab hit a bug and stopped.</strong>\
         <p>Your session is saved. Reset starts a fresh cluster; reload tries the saved one again.</p>\
         <pre>{}</pre>\
         <button type=\"button\" onclick=\"try{{localStorage.removeItem('{SESSION_KEY}')}}catch(e){{}};location.hash='';location.reload()\">Reset</button> \
         <button type=\"button\" onclick=\"location.reload()\">Reload</button>",
        escape(message)
    ));
    let _ = body.prepend_with_node_1(&banner);
}
