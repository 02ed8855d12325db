use super::time_controls::clock;
use crate::sim::time::Time;
use crate::sim::view::{EventView, NodeView, EVENT_ROWS};
use crate::slots::Slots;
use std::cell::RefCell;
use yew::prelude::*;

pub struct NodesProps {
    pub nodes: Vec<NodeView>,
    pub on_run: Callback<String>,
}

/// A square per pod in its image's colour; past a couple of dozen, a square per image with
/// its count (`■ 150 ■ 50`), which says the same and stays small.
fn pod_marks(pods: &[(String, usize)]) -> Html {
    let mark = |v: usize, count: usize| {
        html! {
            <span class="version-tag" data-version={v.to_string()} aria-hidden="true">
                { if count > 1 { format!("■ {count}") } else { "■".to_string() } }
            </span>
        }
    };
    if pods.len() <= 24 {
        return html! { { for pods.iter().map(|&(_, v)| mark(v, 1)) } };
    }
    let mut counts = vec![0; pods.iter().map(|p| p.1 + 1).max().unwrap_or(0)];
    for &(_, v) in pods {
        counts[v] += 1;
    }
    html! {
        { for counts.into_iter().enumerate().filter(|c| c.1 > 0).map(|(v, n)| mark(v, n)) }
    }
}

/// The taint a node card's button puts on and takes off: NoExecute, so the node's pods are
/// evicted at once and new ones kept off, without cordoning it.
const MAINTENANCE: &str = "maintenance:NoExecute";

/// The nodes panel. A function rather than a component (0.8 KB of bundle): it renders with the
/// page, a few dozen elements, within the frame budget (README's page table).
pub fn node_panel(props: &NodesProps) -> Html {
    let cmd = |line: String| {
        let on_run = props.on_run.clone();
        Callback::from(move |_: MouseEvent| on_run.emit(line.clone()))
    };
    html! {
        <section class="panel" aria-label="Nodes">
            <h2>{ "Nodes" }</h2>
            <div class="nodes">
                { for props.nodes.iter().map(|n| html! {
                    <div class="node" data-cordoned={n.cordoned.to_string()} aria-label={format!("Node {}", n.name)}>
                        <strong>{ &n.name }</strong>{ if n.cordoned { " (cordoned)" } else { "" } }
                        if !n.labels.is_empty() { <div class="mono">{ &n.labels }</div> }
                        if !n.taints.is_empty() { <div class="mono" title="taints">{ "tainted " }{ &n.taints }</div> }
                        <div>{ format!("cpu {}m / {}m · memory {}Mi / {}Mi", n.cpu.0, n.cpu.1, n.memory.0, n.memory.1) }</div>
                        <div>{ super::pods(n.pods.len()) }{ " " }{ pod_marks(&n.pods) }</div>
                        <div class="row">
                            if n.cordoned {
                                <button type="button" title={format!("kubectl uncordon {}", n.name)} onclick={cmd(format!("kubectl uncordon {}", n.name))}>{ "uncordon" }</button>
                            } else {
                                <button type="button" title={format!("kubectl cordon {}", n.name)} onclick={cmd(format!("kubectl cordon {}", n.name))}>{ "cordon" }</button>
                            }
                            <button type="button" title={format!("kubectl drain {}", n.name)} onclick={cmd(format!("kubectl drain {}", n.name))}>{ "drain" }</button>
                            if n.taints.split(' ').any(|t| t == MAINTENANCE) {
                                <button type="button" title={format!("kubectl taint nodes {} maintenance-", n.name)} onclick={cmd(format!("kubectl taint nodes {} maintenance-", n.name))}>{ "untaint" }</button>
                            } else {
                                <button type="button" title={format!("kubectl taint nodes {} {MAINTENANCE}", n.name)} onclick={cmd(format!("kubectl taint nodes {} {MAINTENANCE}", n.name))}>{ "taint" }</button>
                            }
                            <button type="button" title={format!("sim node remove {}", n.name)} onclick={cmd(format!("sim node remove {}", n.name))}>{ "remove" }</button>
                        </div>
                    </div>
                }) }
            </div>
        </section>
    }
}

pub struct EventsProps<'a> {
    pub events: Vec<EventView>,
    /// When the session started, for the events' times on the session clock.
    pub start: Time,
    /// Which key each row holds (the page keeps them from one frame to the next): at 16×
    /// new events arrive every frame, and a row that falls off the bottom is moved to the
    /// top and rewritten rather than rebuilt.
    pub slots: &'a RefCell<Slots>,
}

/// The events panel. A function, not a component: a component costs its own copy of Yew's
/// lifecycle in the bundle, and while time plays its events change on every tick anyway.
pub fn events_panel(props: &EventsProps<'_>) -> Html {
    let at = |t: Time| clock((t - props.start).0 as f64 / 1000.0);
    let ids: Vec<String> = props.events.iter().map(|e| e.id.to_string()).collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let keys = props.slots.borrow_mut().assign(&ids, true);
    html! {
        <section class="panel events" aria-label="Events">
            <h2>{ "Events" }</h2>
            <p class="cmd">{ format!("The {EVENT_ROWS} seen last, latest first. kubectl get events lists them all.") }</p>
            <div class="scroll">
                // Laid out as grids (style.css), so the table roles are spelled out: a table
                // whose display is changed may lose them in some browsers.
                <table role="table">
                    <thead role="rowgroup"><tr role="row"><th role="columnheader" title="Last seen, on the session clock">{ "TIME" }</th><th role="columnheader">{ "TYPE" }</th><th role="columnheader">{ "REASON" }</th><th role="columnheader">{ "OBJECT" }</th><th role="columnheader">{ "MESSAGE" }</th></tr></thead>
                    <tbody role="rowgroup">
                        { for props.events.iter().zip(keys).map(|(e, key)| html! {
                            <tr {key} role="row" data-type={e.type_.clone()}>
                                <td role="cell">{ if e.count > 1 { format!("{} (x{})", at(e.last_seen), e.count) } else { at(e.last_seen) } }</td>
                                <td role="cell">{ &e.type_ }</td><td role="cell">{ &e.reason }</td><td role="cell" class="mono">{ &e.object }</td><td role="cell">{ &e.message }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}
