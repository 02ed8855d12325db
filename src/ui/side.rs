use crate::sim::view::{EventView, NodeView};
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct NodesProps {
    pub nodes: Vec<NodeView>,
    pub on_run: Callback<String>,
}

#[component]
pub fn Nodes(props: &NodesProps) -> Html {
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
                        <div>{ format!("cpu {}m / {}m · memory {}Mi / {}Mi", n.cpu.0, n.cpu.1, n.memory.0, n.memory.1) }</div>
                        <div>{ format!("{} pods ", n.pods.len()) }
                            { for n.pods.iter().map(|(_, v)| html! { <span class="version-tag" data-version={v.to_string()} aria-hidden="true">{ "■" }</span> }) }
                        </div>
                        <div class="row">
                            if n.cordoned {
                                <button type="button" title={format!("kubectl uncordon {}", n.name)} onclick={cmd(format!("kubectl uncordon {}", n.name))}>{ "uncordon" }</button>
                            } else {
                                <button type="button" title={format!("kubectl cordon {}", n.name)} onclick={cmd(format!("kubectl cordon {}", n.name))}>{ "cordon" }</button>
                            }
                            <button type="button" title={format!("kubectl drain {}", n.name)} onclick={cmd(format!("kubectl drain {}", n.name))}>{ "drain" }</button>
                            <button type="button" title={format!("sim node remove {}", n.name)} onclick={cmd(format!("sim node remove {}", n.name))}>{ "remove" }</button>
                        </div>
                    </div>
                }) }
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq, Clone)]
pub struct EventsProps {
    pub events: Vec<EventView>,
}

#[component]
pub fn Events(props: &EventsProps) -> Html {
    html! {
        <section class="panel events" aria-label="Events">
            <h2>{ "Events" }</h2>
            <div class="scroll">
                <table>
                    <thead><tr><th>{ "LAST SEEN" }</th><th>{ "TYPE" }</th><th>{ "REASON" }</th><th>{ "OBJECT" }</th><th>{ "MESSAGE" }</th></tr></thead>
                    <tbody>
                        { for props.events.iter().take(60).map(|e| html! {
                            <tr data-type={e.type_.clone()}>
                                <td>{ if e.count > 1 { format!("{} (x{})", e.last_seen, e.count) } else { e.last_seen.clone() } }</td>
                                <td>{ &e.type_ }</td><td>{ &e.reason }</td><td class="mono">{ &e.object }</td><td>{ &e.message }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}
