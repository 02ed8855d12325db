use super::spec_editor::spec_editor;
use crate::kubectl::write::Output;
use crate::sim::api::Deployment;
use crate::sim::registry::CATALOG;
use crate::sim::view::ControlsView;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct ControlsProps {
    /// Only what the controls show of the Deployment (not its pods).
    pub deployment: Rc<ControlsView>,
    pub container: String,
    /// The Deployment object, for the settings editor.
    pub spec: Rc<Deployment>,
    pub on_run: Callback<String>,
    /// Runs a command and answers with what kubectl printed.
    pub on_apply: Callback<String, Output>,
}

/// A button that runs a command and shows it. Its name is the label; the command is its
/// description (screen readers say "Undo, button, kubectl rollout undo deployment/web").
fn command_button(label: &str, line: String, on_run: &Callback<String>) -> Html {
    let on_run = on_run.clone();
    let l = line.clone();
    html! {
        <button type="button" aria-label={label.to_string()} aria-description={line.clone()}
            onclick={Callback::from(move |_| on_run.emit(l.clone()))}>
            { label }<span class="cmd" aria-hidden="true">{ line }</span>
        </button>
    }
}

#[component]
pub fn Controls(props: &ControlsProps) -> Html {
    let image_ref = use_node_ref();
    let custom_ref = use_node_ref();
    let replicas_ref = use_node_ref();
    let applied = use_state(|| None::<Output>);
    let d = &props.deployment;
    let name = d.name.clone();
    let set_image = {
        let (image_ref, custom_ref, on_run) =
            (image_ref.clone(), custom_ref.clone(), props.on_run.clone());
        let (name, container) = (name.clone(), props.container.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let custom = custom_ref
                .cast::<HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default();
            let picked = image_ref
                .cast::<HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default();
            let image = if custom.trim().is_empty() {
                picked
            } else {
                custom.trim().to_string()
            };
            if !image.is_empty() && !image.contains(char::is_whitespace) {
                on_run.emit(format!(
                    "kubectl set image deployment/{name} {container}={image}"
                ));
            }
        })
    };
    let scale = {
        let (replicas_ref, on_run, name) =
            (replicas_ref.clone(), props.on_run.clone(), name.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(v) = replicas_ref.cast::<HtmlInputElement>().map(|i| i.value()) {
                on_run.emit(format!(
                    "kubectl scale deployment/{name} --replicas={}",
                    v.trim()
                ));
            }
        })
    };
    // The select shows the image running now whenever that changes (a `selected` attribute
    // stops moving the selection once the learner has picked an option).
    {
        let image_ref = image_ref.clone();
        use_effect_with(d.image.clone(), move |image| {
            if let Some(select) = image_ref.cast::<HtmlSelectElement>() {
                select.set_value(image);
            }
        });
    }
    let current = &d.image;
    let in_catalog = CATALOG.iter().any(|i| i.reference == current.as_str());
    let set_image_line = format!("kubectl set image deployment/{name} {}=…", props.container);
    let scale_line = format!("kubectl scale deployment/{name} --replicas=…");
    html! {
        <section class="panel controls" aria-label="Controls">
            <h2>{ "Change the Deployment" }</h2>
            <form onsubmit={set_image} class="row">
                <label>{ "Image " }
                    <select ref={image_ref} aria-label="Image from the registry">
                        if !in_catalog && !current.is_empty() {
                            <option value={current.clone()}>{ format!("{current} (current; not in the registry)") }</option>
                        }
                        { for CATALOG.iter().map(|i| html! {
                            <option value={i.reference}>{ format!("{} ({})", i.reference, i.summary) }</option>
                        }) }
                    </select>
                </label>
                <label>{ " or type one " }<input ref={custom_ref} type="text" placeholder="nginx:1.2x" aria-label="Image reference" spellcheck="false" /></label>
                <button type="submit" class="primary" aria-label="Set image" aria-description={set_image_line.clone()}>
                    { "Set image" }<span class="cmd" aria-hidden="true">{ set_image_line }</span>
                </button>
            </form>
            <form onsubmit={scale} class="row">
                <label>{ "Replicas " }<input ref={replicas_ref} type="number" min="0" max="500" value={d.replicas.to_string()} aria-label="Replicas" /></label>
                <button type="submit" aria-label="Scale" aria-description={scale_line.clone()}>
                    { "Scale" }<span class="cmd" aria-hidden="true">{ scale_line }</span>
                </button>
            </form>
            <div class="row">
                if d.paused {
                    { command_button("Resume", format!("kubectl rollout resume deployment/{name}"), &props.on_run) }
                } else {
                    { command_button("Pause", format!("kubectl rollout pause deployment/{name}"), &props.on_run) }
                }
                { command_button("Restart", format!("kubectl rollout restart deployment/{name}"), &props.on_run) }
                { command_button("Undo", format!("kubectl rollout undo deployment/{name}"), &props.on_run) }
            </div>
            { spec_editor(&props.spec, &props.on_apply, &applied) }
            <h2>{ "Rollout history" }</h2>
            <table class="history">
                <thead><tr><th>{ "Revision" }</th><th>{ "Image" }</th><th>{ "Change cause" }</th><th></th></tr></thead>
                <tbody>
                    { for d.history.iter().map(|rs| html! {
                        <tr>
                            <td>{ rs.revision }</td>
                            <td><span class="version-tag" data-version={rs.version.to_string()}>{ &rs.image }</span></td>
                            <td>{ rs.change_cause.clone().unwrap_or_else(|| "<none>".into()) }</td>
                            <td>
                                if rs.current { { "current" } } else {
                                    { command_button("Undo to this", format!("kubectl rollout undo deployment/{name} --to-revision={}", rs.revision), &props.on_run) }
                                }
                            </td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </section>
    }
}
