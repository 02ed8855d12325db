use super::chart::rollout_chart;
use super::tenths;
use crate::sim::view::{
    Budget, DeploymentView, PodView, ReadyChart, ReplicaSetView, Stage as PodStage, LANE_CARDS,
};
use crate::slots::Slots;
use std::rc::Rc;
use yew::prelude::*;

pub struct StageProps {
    /// Without its ReplicaSets, which are `lanes`.
    pub deployment: Rc<DeploymentView>,
    pub lanes: Vec<Rc<ReplicaSetView>>,
    /// Ready pods per revision up to the playhead.
    pub chart: Rc<ReadyChart>,
    /// The session's colour key.
    pub images: Rc<Vec<String>>,
    /// Runs a command line (every button is a kubectl or sim command).
    pub on_run: Callback<String>,
}

fn budget_meter(label: &str, value: i32, mark: i32, max: i32, text: String) -> Html {
    let scale = max.max(1) as f64;
    let fill = format!(
        "width: {}%",
        tenths(100.0 * f64::from(value.max(0)) / scale)
    );
    let mark_at = format!(
        "left: calc({}% - 1px)",
        tenths(100.0 * f64::from(mark.max(0)) / scale)
    );
    html! {
        <div class="meter">
            <span>{ label }</span>
            <span class="meter-bar" role="meter" aria-label={label.to_string()} aria-valuenow={value.to_string()}
                aria-valuemin="0" aria-valuemax={max.to_string()} aria-valuetext={text.clone()}>
                <span class="meter-fill" style={fill}></span>
                <span class="meter-mark" style={mark_at}></span>
            </span>
            <span class="mono">{ text }</span>
        </div>
    }
}

fn budget(b: &Budget) -> Html {
    let top = b.max_pods.max(b.pods).max(1);
    html! {
        <div class="budget" aria-label="Rolling update budget">
            <div>{ format!("{} ⇒ at most {} pods · {} ⇒ at least {} available", b.surge_text, b.max_pods, b.unavailable_text, b.min_available) }</div>
            { budget_meter("Pods (≤ max)", b.pods, b.max_pods, top, format!("{} / {}", b.pods, b.max_pods)) }
            { budget_meter("Available (≥ min)", b.available, b.min_available, top, format!("{} / {}", b.available, b.min_available)) }
        </div>
    }
}

#[derive(Properties, PartialEq, Clone)]
pub struct PodCardProps {
    pub pod: PodView,
    pub on_run: Callback<String>,
}

/// One pod. A component with plain props, so a pod that did not change is not drawn again.
/// Its faults (fail readiness, crash, delete, relabel) open from its "faults" button: a lane of cards
/// stays calm to look at, and a card is a third of the page's elements it would be with
/// three buttons each.
/// In a busy lane a card is handed from pod to pod (see `Lane`), so what it holds open is
/// the name of the pod whose faults are open.
#[component]
fn PodCard(props: &PodCardProps) -> Html {
    let open_for = use_state(|| None::<String>);
    let p = &props.pod;
    let open = open_for.as_deref() == Some(p.name.as_str());
    let toggle = {
        let (open_for, name) = (open_for.clone(), p.name.clone());
        Callback::from(move |_: MouseEvent| open_for.set((!open).then(|| name.clone())))
    };
    let version = p.version.to_string();
    html! {
        <li class="pod" data-version={version.clone()} data-phase={p.stage.as_str()} aria-label={format!("Pod {}", p.name)}>
            <span class="pod-name mono">{ &p.name }</span>
            <span class="version-tag" data-version={version}>{ &p.image }</span>
            <span class="pod-status">{ format!("{} · {} {}", p.status, p.ready, p.stage.as_str()) }</span>
            <span class="pod-meta" title={(!p.unschedulable.is_empty()).then(|| p.unschedulable.clone())}>{ format!("restarts {} · {}", p.restarts, if p.node.is_empty() { "unscheduled" } else { &p.node }) }</span>
            if p.stage != PodStage::Terminating {
                <button type="button" class="pod-faults" aria-expanded={open.to_string()} onclick={toggle}
                    aria-label={format!("Faults for {}", p.name)} title="Fail readiness, crash, delete or relabel this pod">{ "faults" }</button>
                if open { { faults(p, &props.on_run, &open_for) } }
            }
        </li>
    }
}

/// An open card's fault buttons, each showing the command it runs; running one closes them.
fn faults(p: &PodView, on_run: &Callback<String>, open: &UseStateHandle<Option<String>>) -> Html {
    let cmd = |line: String| {
        let (on_run, open) = (on_run.clone(), open.clone());
        Callback::from(move |_: MouseEvent| {
            open.set(None);
            on_run.emit(line.clone())
        })
    };
    let delete = format!("kubectl delete pod {}", p.name);
    let crash = format!("sim fault crash {}", p.name);
    let fail = format!("sim fault readiness {} fail", p.name);
    html! {
        <span class="pod-actions">
            <button type="button" title={fail.clone()} aria-label={format!("Fail readiness of {}", p.name)}
                disabled={!p.has_readiness_probe} onclick={cmd(fail)}>{ "unready" }</button>
            <button type="button" title={crash.clone()} aria-label={format!("Crash {}", p.name)} onclick={cmd(crash)}>{ "crash" }</button>
            <button type="button" title={delete.clone()} aria-label={format!("Delete {}", p.name)} onclick={cmd(delete)}>{ "delete" }</button>
            if let Some((what, line)) = p.relabel.clone() {
                <button type="button" title={line.clone()} aria-label={format!("Relabel {} ({what})", p.name)} onclick={cmd(line)}>{ what }</button>
            }
        </span>
    }
}

#[derive(Properties, PartialEq, Clone)]
struct LaneProps {
    rs: Rc<ReplicaSetView>,
    on_run: Callback<String>,
}

/// One ReplicaSet's lane. A calm lane shows its pods oldest first, and a new pod gets a card
/// of its own, which fades in. A busy one (more pods than cards) changes a third of its cards
/// on a tick at 16×: there cards stay where they are, and a card whose pod left the window is
/// handed, in place, to one that came in ([`Slots::place`]).
#[component]
fn Lane(props: &LaneProps) -> Html {
    let slots = use_mut_ref(Slots::default);
    let rs = &props.rs;
    let on_run = &props.on_run;
    let (cards, hidden) = rs.cards(LANE_CARDS);
    let more: usize = hidden.iter().map(|h| h.1).sum();
    let names: Vec<&str> = cards.iter().map(|p| p.name.as_str()).collect();
    let placed = slots.borrow_mut().place(&names, more > 0);
    html! {
        <section class="lane" aria-label={format!("ReplicaSet {}", rs.name)}>
            if rs.name.is_empty() {
                <h3>{ format!("Pods no ReplicaSet controls · {} · ready {}", super::pods(rs.current.max(0) as usize), rs.ready) }</h3>
            } else {
                <h3>
                    { format!("rev {} · {} · ", rs.revision, rs.name) }
                    <span class="version-tag" data-version={rs.version.to_string()}>{ &rs.image }</span>
                    { format!(" · desired {} · current {} · ready {} · available {}", rs.desired, rs.current, rs.ready, rs.available) }
                    if rs.is_new { <strong>{ " · new" }</strong> }
                </h3>
            }
            <ul class={classes!("pods", (more > 0).then_some("busy"))}>
                { for placed.into_iter().map(|(at, key)| html! { <PodCard {key} pod={cards[at].clone()} on_run={on_run.clone()} /> }) }
                if more > 0 {
                    <li class="pod pod-more" data-version={rs.version.to_string()}>
                        { format!("+ {more} more: {}", hidden.iter().map(|(s, n)| format!("{n} {}", s.as_str())).collect::<Vec<_>>().join(" · ")) }
                    </li>
                }
            </ul>
        </section>
    }
}

/// A Deployment's stage: a function, not a component (its props change on every tick of
/// play anyway, and a component costs its own copy of Yew's lifecycle in the bundle); its
/// lanes are components, so a lane that did not change is not drawn again.
pub fn stage(props: &StageProps) -> Html {
    let d = &props.deployment;
    html! {
        <article class="deployment" aria-label={format!("Deployment {}", d.name)}>
            <h2>{ format!("Deployment {}", d.name) }</h2>
            <p class="summary">{ format!("{} · {} replicas · ready {} · up-to-date {} · available {} · revision {}{}",
                d.strategy, d.replicas, d.ready, d.updated, d.available, d.revision, if d.paused { " · paused" } else { "" }) }</p>
            <ul class="conditions" aria-label="Conditions">
                { for d.conditions.iter().map(|c| html! {
                    <li data-status={c.status.clone()} title={c.message.clone()}>{ format!("{}={} {}", c.type_, c.status, c.reason) }</li>
                }) }
            </ul>
            if let Some(left) = d.deadline_left {
                <p class="deadline">{ format!("Progress deadline in {}s", left.as_secs().max(0)) }</p>
            }
            if let Some(b) = &d.budget { { budget(b) } }
            if let Some(why) = &d.why { <p class="why" role="status">{ why }</p> }
            { rollout_chart(&props.chart, &props.images) }
            { for props.lanes.iter().filter(|rs| rs.desired > 0 || !rs.pods.is_empty()).map(|rs| html! {
                <Lane key={rs.name.clone()} rs={rs.clone()} on_run={props.on_run.clone()} />
            }) }
        </article>
    }
}

/// What no Deployment controls: ReplicaSets and pods a learner relabelled out. They keep
/// running, and count for no Deployment, until they are labelled back and adopted. (A plain
/// function, not a component: it is rarely on the page, and a component costs its own copy of
/// Yew's lifecycle in the bundle.)
pub fn unowned(lanes: &[Rc<ReplicaSetView>], on_run: &Callback<String>) -> Html {
    html! {
        <article class="deployment unowned" aria-label="Not controlled by a Deployment">
            <h2>{ "Not controlled by a Deployment" }</h2>
            <p class="summary">{ "Relabelled out of their selector: they keep running, and no controller counts them. Label them back to have them adopted." }</p>
            { for lanes.iter().map(|rs| html! {
                <Lane key={rs.name.clone()} rs={rs.clone()} on_run={on_run.clone()} />
            }) }
        </article>
    }
}
