use crate::kubectl::write::Output;
use crate::lab::SpecForm;
use crate::sim::api::Deployment;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::js_sys::Reflect;
use yew::prelude::*;

/// The text fields: name, hint.
const FIELDS: [(&str, &str); 5] = [
    (
        "maxSurge",
        "RollingUpdate only: a number or a percent, e.g. 1 or 25%",
    ),
    (
        "maxUnavailable",
        "RollingUpdate only: a number or a percent, e.g. 0 or 25%",
    ),
    (
        "minReadySeconds",
        "Seconds a pod must be ready before it counts as available",
    ),
    ("progressDeadlineSeconds", "Empty: the default, 600"),
    (
        "revisionHistoryLimit",
        "Old ReplicaSets to keep; empty: the default, 10",
    ),
];

/// A form control's `value` (or `checked`) by name.
fn field(form: &web_sys::Element, name: &str, property: &str) -> wasm_bindgen::JsValue {
    form.query_selector(&format!("[name={name}]"))
        .ok()
        .flatten()
        .and_then(|e| Reflect::get(&e, &property.into()).ok())
        .unwrap_or_default()
}

/// The Deployment's rollout settings, applied as a manifest so the API server validates them.
/// `result` holds what the last apply printed (the state lives in `Controls`).
pub fn spec_editor(
    d: &Rc<Deployment>,
    on_apply: &Callback<String, Output>,
    result: &UseStateHandle<Option<Output>>,
) -> Html {
    let form = SpecForm::of(d);
    let onsubmit = {
        let (d, on_apply, result) = (d.clone(), on_apply.clone(), result.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(f) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            else {
                return;
            };
            let text = |i: usize| {
                field(&f, FIELDS[i].0, "value")
                    .as_string()
                    .unwrap_or_default()
            };
            let form = SpecForm {
                recreate: field(&f, "strategy", "value").as_string().as_deref() == Some("Recreate"),
                max_surge: text(0),
                max_unavailable: text(1),
                min_ready_seconds: text(2),
                progress_deadline_seconds: text(3),
                revision_history_limit: text(4),
                readiness_probe: field(&f, "readinessProbe", "checked").is_truthy(),
            };
            result.set(Some(on_apply.emit(form.command(&d))));
        })
    };
    let values = [
        &form.max_surge,
        &form.max_unavailable,
        &form.min_ready_seconds,
        &form.progress_deadline_seconds,
        &form.revision_history_limit,
    ];
    let line = format!(
        "kubectl apply -f - <<EOF (deployment {} with these fields)",
        d.metadata.name
    );
    html! {
        <form class="spec-editor" aria-label="Rollout settings" {onsubmit}>
            <h2>{ "Rollout settings" }</h2>
            <div class="row">
                <label>{ "Strategy " }
                    <select name="strategy">
                        <option value="RollingUpdate" selected={!form.recreate}>{ "RollingUpdate" }</option>
                        <option value="Recreate" selected={form.recreate}>{ "Recreate" }</option>
                    </select>
                </label>
                { for FIELDS.iter().zip(values).map(|((name, hint), value)| html! {
                    <label>{ format!("{name} ") }
                        <input name={*name} type="text" inputmode="numeric" size="5" value={value.clone()}
                            spellcheck="false" autocomplete="off" title={*hint} />
                    </label>
                }) }
                <label><input name="readinessProbe" type="checkbox" checked={form.readiness_probe} />{ " readiness probe (GET /healthz)" }</label>
            </div>
            <button type="submit" title="Apply the Deployment with these settings; the API server validates them"
                aria-label="Apply settings" aria-description={line.clone()}>
                { "Apply settings" }<span class="cmd" aria-hidden="true">{ line }</span>
            </button>
            { super::yaml_editor::apply_result(result) }
        </form>
    }
}
