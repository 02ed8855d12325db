//! Component tests in headless Chromium (`cargo test --target wasm32-unknown-unknown --test web`,
//! run by `cargo xtask test`).
#![cfg(target_arch = "wasm32")]

use rollout_lab::ui::App;
use std::time::Duration;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn mount<C: yew::BaseComponent<Properties = ()>>() -> web_sys::Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<C>::with_root(root.clone()).render();
    root
}

async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(50)).await;
}

#[wasm_bindgen_test]
async fn app_shows_the_default_deployment_and_its_three_pods() {
    let root = mount::<App>();
    settle().await;
    let text = root.text_content().unwrap_or_default();
    assert!(text.contains("Deployment web"), "{text}");
    assert!(text.contains("nginx:1.25"), "{text}");
    let pods = root.query_selector_all("[aria-label^='Pod web-']").unwrap();
    assert_eq!(pods.length(), 3, "{text}");
    for i in 0..pods.length() {
        let pod = pods.item(i).unwrap().text_content().unwrap_or_default();
        assert!(pod.contains("Running"), "{pod}");
    }
}

#[wasm_bindgen_test]
async fn a_crash_shows_a_banner_with_the_message_and_a_reset_button() {
    rollout_lab::ui::show_crash_banner("index out of bounds <script>");
    let document = web_sys::window().unwrap().document().unwrap();
    let banner = document
        .query_selector("[role=alert]")
        .unwrap()
        .expect("a banner");
    let text = banner.text_content().unwrap_or_default();
    assert!(text.contains("index out of bounds <script>"), "{text}");
    assert!(
        banner.query_selector("script").unwrap().is_none(),
        "the message is escaped"
    );
    let buttons: Vec<String> = (0..banner.query_selector_all("button").unwrap().length())
        .map(|i| {
            banner
                .query_selector_all("button")
                .unwrap()
                .item(i)
                .unwrap()
                .text_content()
                .unwrap()
        })
        .collect();
    assert_eq!(buttons, ["Reset", "Reload"]);
}

#[wasm_bindgen_test]
fn wasm_runs_match_native_runs() {
    let recorded = include_str!("determinism.hash").trim();
    assert_eq!(
        format!("{:016x}", rollout_lab::bench::determinism_probe()),
        recorded
    );
}
