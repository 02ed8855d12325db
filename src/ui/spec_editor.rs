use crate::kubectl::write::Output;
use crate::lab::SpecForm;
use crate::sim::api::Deployment;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct SpecEditorProps {
    pub deployment: Rc<Deployment>,
    /// Runs a command and answers with what kubectl printed.
    pub on_apply: Callback<String, Output>,
}

fn text_field(label: &str, node: &NodeRef, value: &str, hint: &str) -> Html {
    html! {
        <label>{ label }
            <input ref={node.clone()} type="text" inputmode="numeric" size="5" value={value.to_string()}
                spellcheck="false" autocomplete="off" title={hint.to_string()} />
        </label>
    }
}

/// The Deployment's rollout settings, applied as a manifest so the API server validates them.
#[component]
pub fn SpecEditor(props: &SpecEditorProps) -> Html {
    let d = &props.deployment;
    let form = SpecForm::of(d);
    let result = use_state(|| None::<Output>);
    let strategy = use_node_ref();
    let (surge, unavailable, min_ready, deadline, history, probe) = (
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
    );
    let onsubmit = {
        let refs = (
            strategy.clone(),
            surge.clone(),
            unavailable.clone(),
            min_ready.clone(),
            deadline.clone(),
            history.clone(),
            probe.clone(),
        );
        let (d, on_apply, result) = (d.clone(), props.on_apply.clone(), result.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = |r: &NodeRef| {
                r.cast::<HtmlInputElement>()
                    .map(|i| i.value())
                    .unwrap_or_default()
            };
            let form = SpecForm {
                recreate: refs
                    .0
                    .cast::<HtmlSelectElement>()
                    .is_some_and(|s| s.value() == "Recreate"),
                max_surge: text(&refs.1),
                max_unavailable: text(&refs.2),
                min_ready_seconds: text(&refs.3),
                progress_deadline_seconds: text(&refs.4),
                revision_history_limit: text(&refs.5),
                readiness_probe: refs
                    .6
                    .cast::<HtmlInputElement>()
                    .is_some_and(|i| i.checked()),
            };
            result.set(Some(on_apply.emit(form.command(&d))));
        })
    };
    html! {
        <form class="spec-editor" aria-label="Rollout settings" {onsubmit}>
            <h2>{ "Rollout settings" }</h2>
            <div class="row">
                <label>{ "Strategy " }
                    <select ref={strategy}>
                        <option value="RollingUpdate" selected={!form.recreate}>{ "RollingUpdate" }</option>
                        <option value="Recreate" selected={form.recreate}>{ "Recreate" }</option>
                    </select>
                </label>
                { text_field("maxSurge ", &surge, &form.max_surge, "RollingUpdate only: a number or a percent, e.g. 1 or 25%") }
                { text_field("maxUnavailable ", &unavailable, &form.max_unavailable, "RollingUpdate only: a number or a percent, e.g. 0 or 25%") }
            </div>
            <div class="row">
                { text_field("minReadySeconds ", &min_ready, &form.min_ready_seconds, "Seconds a pod must be ready before it counts as available") }
                { text_field("progressDeadlineSeconds ", &deadline, &form.progress_deadline_seconds, "Empty: the default, 600") }
                { text_field("revisionHistoryLimit ", &history, &form.revision_history_limit, "Old ReplicaSets to keep; empty: the default, 10") }
                <label><input ref={probe} type="checkbox" checked={form.readiness_probe} />{ " readiness probe (GET /healthz)" }</label>
            </div>
            <button type="submit" title="Apply the Deployment with these settings; the API server validates them">
                { "Apply settings" }<span class="cmd">{ format!("kubectl apply -f - <<EOF (deployment {} with these fields)", d.metadata.name) }</span>
            </button>
            if let Some(out) = &*result {
                if out.failed {
                    <pre class="result" data-failed="true" role="alert">{ &out.text }</pre>
                } else {
                    <pre class="result" role="status">{ &out.text }</pre>
                }
            }
        </form>
    }
}
