use crate::kubectl::write::Output;
use crate::kubectl::yaml::{parse_documents, YamlError};
use crate::lab::{apply_command, manifest_yaml};
use crate::sim::api::Deployment;
use std::rc::Rc;
use yew::prelude::*;

/// The editor's text, the learner's `draft` or else the Deployment's manifest, and the error
/// that text gives. Printing and parsing the YAML is kept from one frame to the next in `App`
/// (`use_memo`), and done again only when the Deployment's spec or the draft changes.
pub fn yaml_text(
    deployment: &Option<Rc<Deployment>>,
    draft: &Option<String>,
) -> (String, Option<YamlError>) {
    let text = draft
        .clone()
        .or_else(|| deployment.as_deref().map(manifest_yaml))
        .unwrap_or_default();
    let bad_line = parse_documents(&text).err();
    (text, bad_line)
}

pub struct YamlEditorProps {
    /// Without its status and resourceVersion: the page makes the YAML again (`yaml_text`)
    /// only when this or the draft changes, not on a rollout's every step.
    pub deployment: Rc<Deployment>,
    /// From [`yaml_text`].
    pub yaml: Rc<(String, Option<YamlError>)>,
    pub on_apply: Callback<String, Output>,
    /// The learner's edit (None follows the live Deployment).
    pub draft: UseStateHandle<Option<String>>,
    /// What the last apply printed.
    pub result: UseStateHandle<Option<Output>>,
}

/// The Deployment as YAML, to edit and `kubectl apply -f -`.
pub fn yaml_editor(props: &YamlEditorProps) -> Html {
    let YamlEditorProps {
        deployment,
        yaml,
        on_apply,
        draft,
        result,
    } = props;
    let (text, bad_line) = &**yaml;
    let lines = text.lines().count().max(1);
    let oninput = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            // A textarea's value (web-sys' HtmlTextAreaElement is not among our features).
            let value = e
                .target()
                .and_then(|t| web_sys::js_sys::Reflect::get(&t, &"value".into()).ok())
                .and_then(|v| v.as_string());
            if let Some(v) = value {
                draft.set(Some(v));
            }
        })
    };
    let on_apply = {
        let (draft, result, on_apply, text) = (
            draft.clone(),
            result.clone(),
            on_apply.clone(),
            text.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let out = on_apply.emit(apply_command(&text));
            if !out.failed {
                draft.set(None);
            }
            result.set(Some(out));
        })
    };
    let on_reset = {
        let (draft, result) = (draft.clone(), result.clone());
        Callback::from(move |_: MouseEvent| {
            draft.set(None);
            result.set(None);
        })
    };
    // The marked line, when it is one of the text's.
    let bad = bad_line
        .as_ref()
        .map(|e| e.line)
        .filter(|b| (1..=lines).contains(b));
    html! {
        <section class="panel yaml-editor" aria-label="Deployment YAML">
            <h2>{ format!("Deployment {} as YAML", deployment.metadata.name) }</h2>
            <div class="yaml-box">
                <pre class="gutter mono" aria-hidden="true">
                    { numbers(1, bad.map_or(lines, |b| b - 1)) }
                    if let Some(b) = bad {
                        <span class="bad">{ numbers(b, b) }</span>{ numbers(b + 1, lines) }
                    }
                </pre>
                <textarea class="yaml" aria-label="Deployment manifest" spellcheck="false" wrap="off"
                    rows={(lines + 1).to_string()} value={text.clone()} {oninput}
                    aria-invalid={bad_line.is_some().to_string()} />
            </div>
            if let Some(e) = &bad_line {
                <p class="yaml-error" role="status">{ e.to_string() }</p>
            }
            <div class="row">
                <button type="button" class="primary" onclick={on_apply} aria-label="Apply" aria-description="kubectl apply -f - <<EOF">
                    { "Apply" }<span class="cmd" aria-hidden="true">{ "kubectl apply -f - <<EOF" }</span>
                </button>
                <button type="button" onclick={on_reset} disabled={draft.is_none()}
                    title="Discard the edit and show the Deployment as it is now">{ "Reset" }</button>
            </div>
            { apply_result(result) }
        </section>
    }
}

/// The gutter's line numbers `from..=to`, one a line: a text, not an element per line.
fn numbers(from: usize, to: usize) -> String {
    (from..=to).map(|n| format!("{n}\n")).collect()
}

/// What the last apply printed: an alert when it failed.
pub fn apply_result(out: &Option<Output>) -> Html {
    let Some(out) = out else {
        return Html::default();
    };
    html! {
        <pre class="result" data-failed={out.failed.to_string()} role={if out.failed { "alert" } else { "status" }}>{ &out.text }</pre>
    }
}
