//! Component tests in headless Chromium (`cargo test --target wasm32-unknown-unknown --test web`,
//! run by `cargo xtask test`).
#![cfg(target_arch = "wasm32")]

use rollout_lab::ui::App;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::js_sys::Reflect;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

fn mount<C: yew::BaseComponent<Properties = ()>>() -> web_sys::Element {
    let window = web_sys::window().unwrap();
    // Each test starts from the default scenario, not the session an earlier test saved.
    if let Ok(Some(storage)) = window.local_storage() {
        storage.remove_item(rollout_lab::ui::SESSION_KEY).unwrap();
    }
    let document = window.document().unwrap();
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

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector} in {}", root.inner_html()))
}

fn text(e: &Element) -> String {
    e.text_content().unwrap_or_default()
}

/// The button whose visible text starts with `label`.
fn button(root: &Element, label: &str) -> HtmlElement {
    let all = root.query_selector_all("button").unwrap();
    (0..all.length())
        .filter_map(|i| all.item(i)?.dyn_into::<HtmlElement>().ok())
        .find(|b| b.text_content().unwrap_or_default().starts_with(label))
        .unwrap_or_else(|| panic!("no button {label:?}"))
}

/// Types `value` into a field (input or textarea) the way a person's typing arrives: an
/// `input` event after the value changes.
fn type_into(field: &Element, value: &str) {
    Reflect::set(field, &"value".into(), &value.into()).unwrap();
    field
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

fn chart_label(root: &Element) -> String {
    find(root, "svg[role=img]")
        .get_attribute("aria-label")
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_chart_draws_ready_pods_per_revision_up_to_the_playhead() {
    let root = mount::<App>();
    settle().await;
    let label = chart_label(&root);
    assert!(label.contains("rev 1 nginx:1.25 now 3 ready"), "{label}");
    let custom: HtmlInputElement =
        find(&root, "input[aria-label='Image reference']").unchecked_into();
    custom.set_value("nginx:1.26");
    button(&root, "Set image").click();
    settle().await;
    for _ in 0..80 {
        if chart_label(&root).contains("rev 2 nginx:1.26 now 3 ready")
            && chart_label(&root).contains("now 0 ready")
        {
            break;
        }
        button(&root, "Step ▶").click();
        settle().await;
    }
    let label = chart_label(&root);
    assert!(
        label.contains(
            "rev 1 nginx:1.25 now 0 ready (peak 3); rev 2 nginx:1.26 now 3 ready (peak 3)"
        ),
        "{label}"
    );
    let chart = find(&root, "figure.chart");
    assert_eq!(chart.query_selector_all("path").unwrap().length(), 2);
    let legend = text(&find(&chart, ".legend"));
    assert!(
        legend.contains("rev 1 nginx:1.25") && legend.contains("rev 2 nginx:1.26"),
        "{legend}"
    );
    let colours: Vec<String> = (0..2)
        .map(|i| {
            let path = chart.query_selector_all("path").unwrap().item(i).unwrap();
            path.dyn_into::<Element>()
                .unwrap()
                .get_attribute("data-version")
                .unwrap()
        })
        .collect();
    assert_eq!(colours, ["0", "1"], "the version-tag colours");
    // Scrub back to the start (the set image ran at 0:00): only what had happened by then.
    type_into(&find(&root, "input[aria-label='Session time']"), "0");
    settle().await;
    let label = chart_label(&root);
    assert!(
        label.ends_with(
            "over 0s: rev 1 nginx:1.25 now 3 ready (peak 3); rev 2 nginx:1.26 now 0 ready (peak 0)"
        ),
        "{label}"
    );
}

#[wasm_bindgen_test]
async fn the_settings_editor_applies_through_the_api_server_and_shows_its_words() {
    let root = mount::<App>();
    settle().await;
    let form = find(&root, "form[aria-label='Rollout settings']");
    let fields = form.query_selector_all("input[type=text]").unwrap();
    let field = |i: u32| {
        fields
            .item(i)
            .unwrap()
            .dyn_into::<HtmlInputElement>()
            .unwrap()
    };
    assert_eq!(
        (field(0).value(), field(1).value()),
        ("25%".into(), "25%".into())
    );
    field(0).set_value("0");
    field(1).set_value("0");
    button(&form, "Apply settings").click();
    settle().await;
    let alert = text(&find(&form, "[role=alert]"));
    assert!(
        alert.contains("The Deployment \"web\" is invalid")
            && alert.contains("may not be 0 when `maxSurge` is 0"),
        "{alert}"
    );
    let strategy: HtmlSelectElement = find(&form, "select").unchecked_into();
    strategy.set_value("Recreate");
    button(&form, "Apply settings").click();
    settle().await;
    assert_eq!(
        text(&find(&form, "[role=status]")),
        "deployment.apps/web configured"
    );
    let summary = text(&find(&root, ".summary"));
    assert!(summary.starts_with("Recreate"), "{summary}");
    let log = text(&find(&root, "[role=log]"));
    assert!(
        log.contains("$ kubectl apply -f - <<EOF"),
        "the command shows: {log}"
    );
}

#[wasm_bindgen_test]
async fn the_yaml_editor_marks_the_bad_line_and_applies_into_the_session() {
    let root = mount::<App>();
    settle().await;
    let area = find(&root, "textarea[aria-label='Deployment manifest']");
    let live: String = Reflect::get(&area, &"value".into())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(
        live.starts_with("apiVersion: apps/v1\nkind: Deployment\n"),
        "{live}"
    );
    assert!(!live.contains("status:"), "{live}");
    let bad_line = live.lines().position(|l| l == "  name: web").unwrap() + 1;
    type_into(&area, &live.replace("  name: web", "  name: [web"));
    settle().await;
    let editor = find(&root, "[aria-label='Deployment YAML']");
    assert_eq!(
        text(&find(&editor, ".gutter .bad")).trim(),
        bad_line.to_string()
    );
    assert!(text(&find(&editor, ".yaml-error")).starts_with(&format!("yaml: line {bad_line}:")));
    button(&editor, "Apply").click();
    settle().await;
    let alert = text(&find(&editor, "[role=alert]"));
    assert!(
        alert.contains(&format!(
            "error converting YAML to JSON: yaml: line {bad_line}:"
        )),
        "{alert}"
    );
    button(&editor, "Reset").click();
    settle().await;
    assert_eq!(
        Reflect::get(&area, &"value".into())
            .unwrap()
            .as_string()
            .unwrap(),
        live
    );
    type_into(&area, &live.replace("replicas: 3", "replicas: 5"));
    settle().await;
    button(&editor, "Apply").click();
    settle().await;
    assert_eq!(
        text(&find(&editor, "[role=status]")),
        "deployment.apps/web configured"
    );
    let saved = web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item(rollout_lab::ui::SESSION_KEY)
        .unwrap()
        .unwrap_or_default();
    assert!(
        saved.contains("kubectl apply -f - <<EOF\napiVersion: apps/v1\n")
            && saved.contains("replicas: 5"),
        "{saved}"
    );
    let summary = text(&find(&root, ".summary"));
    assert!(summary.contains("5 replicas"), "{summary}");
}

#[wasm_bindgen_test]
async fn the_chart_legend_shows_an_image_name_as_text() {
    let root = mount::<App>();
    settle().await;
    let custom: HtmlInputElement =
        find(&root, "input[aria-label='Image reference']").unchecked_into();
    custom.set_value("demo/<b>web</b>:v1");
    button(&root, "Set image").click();
    settle().await;
    let legend = find(&root, "figure.chart .legend");
    assert!(
        text(&legend).contains("rev 2 demo/<b>web</b>:v1"),
        "{}",
        text(&legend)
    );
    assert!(
        legend.query_selector("b").unwrap().is_none(),
        "the name is escaped"
    );
    let label = chart_label(&root);
    assert!(
        label.contains("rev 2 demo/<b>web</b>:v1 now 0 ready"),
        "{label}"
    );
}

#[wasm_bindgen_test]
async fn a_lane_of_thirty_pods_draws_sixteen_cards_and_counts_the_rest() {
    let root = mount::<App>();
    settle().await;
    let replicas: HtmlInputElement = find(&root, "input[aria-label='Replicas']").unchecked_into();
    replicas.set_value("30");
    button(&root, "Scale").click();
    settle().await;
    let lane = || find(&root, "[aria-label^='ReplicaSet web-']");
    let more = || {
        lane()
            .query_selector(".pod-more")
            .unwrap()
            .map(|m| text(&m))
            .unwrap_or_default()
    };
    let done = || text(&lane()).contains("desired 30 · current 30 · ready 30 · available 30");
    for _ in 0..60 {
        // Pods on the move are drawn before available ones: a counted pod that is not
        // available means no drawn card is.
        if more().contains("pending") || more().contains("starting") {
            let drawn = lane()
                .query_selector_all("[aria-label^='Pod web-'][data-phase=available]")
                .unwrap();
            assert_eq!(drawn.length(), 0, "{}", text(&lane()));
        }
        if done() {
            break;
        }
        button(&root, "Step ▶").click();
        settle().await;
    }
    assert_eq!(more(), "+ 14 more: 14 available", "{}", text(&lane()));
    let cards = lane()
        .query_selector_all("[aria-label^='Pod web-']")
        .unwrap();
    assert_eq!(cards.length(), 16);
    assert!(done(), "{}", text(&lane()));
}

#[wasm_bindgen_test]
async fn a_pods_faults_open_from_its_card_and_run_their_commands() {
    let root = mount::<App>();
    settle().await;
    let pod = find(&root, "[aria-label^='Pod web-']");
    let name = pod
        .get_attribute("aria-label")
        .unwrap_or_default()
        .trim_start_matches("Pod ")
        .to_string();
    let faults: HtmlElement = find(&pod, "button.pod-faults").unchecked_into();
    assert_eq!(
        faults.get_attribute("aria-label").as_deref(),
        Some(format!("Faults for {name}").as_str())
    );
    assert_eq!(
        faults.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    assert!(pod.query_selector(".pod-actions").unwrap().is_none());
    faults.click();
    settle().await;
    let pod = find(&root, &format!("[aria-label='Pod {name}']"));
    let faults = find(&pod, "button.pod-faults");
    assert_eq!(
        faults.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    let crash: HtmlElement =
        find(&pod, &format!("button[aria-label='Crash {name}']")).unchecked_into();
    assert!(pod
        .query_selector(&format!("button[aria-label='Delete {name}']"))
        .unwrap()
        .is_some());
    crash.click();
    settle().await;
    let log = text(&find(&root, "[role=log]"));
    assert!(log.contains(&format!("$ sim fault crash {name}")), "{log}");
    let pod = find(&root, &format!("[aria-label='Pod {name}']"));
    assert!(
        pod.query_selector(".pod-actions").unwrap().is_none(),
        "the faults close after one runs"
    );
}

#[wasm_bindgen_test]
async fn the_speed_picker_and_the_scrubber_write_plain_decimals() {
    let root = mount::<App>();
    settle().await;
    let options = root
        .query_selector_all("select[aria-label='Speed'] option")
        .unwrap();
    let values: Vec<String> = (0..options.length())
        .filter_map(|i| options.item(i)?.dyn_into::<Element>().ok())
        .map(|o| {
            format!(
                "{}={}",
                o.get_attribute("value").unwrap_or_default(),
                text(&o)
            )
        })
        .collect();
    assert_eq!(
        values,
        [
            "0.25=0.25×",
            "0.5=0.5×",
            "1=1×",
            "2=2×",
            "4=4×",
            "8=8×",
            "16=16×"
        ]
    );
    button(&root, "Step ▶").click();
    settle().await;
    let slider: HtmlInputElement = find(&root, "input[aria-label='Session time']").unchecked_into();
    let (value, max) = (
        slider.value(),
        slider.get_attribute("max").unwrap_or_default(),
    );
    let tenths = |s: &str| {
        s.split_once('.')
            .is_some_and(|(a, b)| !a.is_empty() && b.len() == 1)
    };
    // The value is a property the browser reads back as a number; max is the attribute written.
    assert!(tenths(&max), "{value} / {max}");
    let (v, m): (f64, f64) = (value.parse().unwrap(), max.parse().unwrap());
    assert!(v > 0.0 && v <= m, "{value} / {max}");
}
