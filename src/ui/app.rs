use super::controls::Controls;
use super::side::{Events, Nodes};
use super::stage::Stage;
use super::terminal::{Terminal, TerminalEntry};
use super::time_controls::TimeControls;
use super::yaml_editor::yaml_editor;
use super::SESSION_KEY;
use crate::kubectl::complete::complete;
use crate::kubectl::shell::scenario_cluster;
use crate::lab::{run_in_browser, Lab};
use crate::session::Session;
use crate::sim::cluster::Cluster;
use crate::sim::time::Duration;
use crate::sim::view::{ClusterView, ReadyChart};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Milliseconds of real time per animation tick.
const TICK_MS: u32 = 100;

fn new_lab(session: Session) -> Lab<Cluster> {
    let script = crate::scenarios::find(&session.scenario)
        .or_else(|| crate::scenarios::find("default"))
        .map(|s| s.script)
        .unwrap_or("");
    Lab::new(
        scenario_cluster(session.seed, script),
        session,
        run_in_browser,
    )
}

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

fn storage() -> Option<web_sys::Storage> {
    window().and_then(|w| w.local_storage().ok().flatten())
}

fn query_param(name: &str) -> Option<String> {
    let search = window()?.location().search().ok()?;
    search.trim_start_matches('?').split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        (k == name).then(|| v.to_string())
    })
}

/// Where the session comes from: a shared link first, then this browser's saved one, then a
/// fresh start on `?scenario=` (or the default). Bad data gives a notice, never a blank page.
fn initial_session() -> (Session, Option<String>) {
    let scenario = query_param("scenario").filter(|s| crate::scenarios::find(s).is_some());
    let fresh = || Session {
        scenario: scenario.clone().unwrap_or_else(|| "default".into()),
        ..Session::default()
    };
    let hash = window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    if hash.len() > 1 {
        return match Session::from_fragment(&hash) {
            Ok(s) => (s, None),
            Err(e) => (
                fresh(),
                Some(format!(
                    "This link's session could not be read ({e}); starting fresh."
                )),
            ),
        };
    }
    if scenario.is_some() {
        return (fresh(), None);
    }
    match storage().and_then(|s| s.get_item(SESSION_KEY).ok().flatten()) {
        None => (fresh(), None),
        Some(text) => match Session::from_script(&text) {
            Ok(s) if crate::scenarios::find(&s.scenario).is_some() => (s, None),
            _ => {
                if let Some(s) = storage() {
                    let _ = s.remove_item(SESSION_KEY);
                }
                (fresh(), Some("The saved session in this browser could not be read, so Rollout Lab started fresh.".into()))
            }
        },
    }
}

fn save(session: &Session) {
    if let Some(s) = storage() {
        let _ = s.set_item(SESSION_KEY, &session.to_script());
    }
}

#[component]
pub fn App() -> Html {
    let boot = use_memo((), |_| initial_session());
    let lab = use_mut_ref(|| new_lab(boot.0.clone()));
    let notice = use_state(|| boot.1.clone());
    let version = use_state(|| 0u64);
    let playing = use_state(|| false);
    let speed = use_state(|| 1.0f64);
    let show_help = use_state(|| false);
    let yaml_draft = use_state(|| None::<String>);
    let yaml_result = use_state(|| None::<crate::kubectl::write::Output>);
    let embed = query_param("embed").is_some();
    let refresh = {
        let version = version.clone();
        move || version.set(*version + 1)
    };

    // Play: a timer in an effect, dropped (stopped) when paused.
    {
        let (lab, refresh, speed) = (lab.clone(), refresh.clone(), *speed);
        use_effect_with((*playing, speed), move |(playing, speed)| {
            let interval = playing.then(|| {
                let speed = *speed;
                gloo_timers::callback::Interval::new(TICK_MS, move || {
                    lab.borrow_mut()
                        .advance(Duration::millis((f64::from(TICK_MS) * speed) as i64));
                    refresh();
                })
            });
            move || drop(interval)
        });
    }

    let on_apply = {
        let (lab, refresh) = (lab.clone(), refresh.clone());
        Callback::from(move |line: String| {
            let mut l = lab.borrow_mut();
            let out = l.run(&line);
            if out.changed {
                save(&l.session);
            }
            drop(l);
            refresh();
            out
        })
    };
    let on_run = {
        let on_apply = on_apply.clone();
        Callback::from(move |line: String| drop(on_apply.emit(line)))
    };
    let on_toggle_play = {
        let playing = playing.clone();
        Callback::from(move |()| playing.set(!*playing))
    };
    let on_step = {
        let (lab, refresh) = (lab.clone(), refresh.clone());
        Callback::from(move |()| {
            lab.borrow_mut().step();
            refresh();
        })
    };
    let on_step_back = {
        let (lab, refresh) = (lab.clone(), refresh.clone());
        Callback::from(move |()| {
            let mut l = lab.borrow_mut();
            let t = l.now();
            l.seek(Duration(t.0 - 1000));
            drop(l);
            refresh();
        })
    };
    let on_seek = {
        let (lab, refresh, playing) = (lab.clone(), refresh.clone(), playing.clone());
        Callback::from(move |secs: f64| {
            playing.set(false);
            lab.borrow_mut().seek(Duration((secs * 1000.0) as i64));
            refresh();
        })
    };
    let on_replay = {
        let playing = playing.clone();
        Callback::from(move |()| playing.set(true))
    };
    let on_speed = {
        let speed = speed.clone();
        Callback::from(move |s: f64| speed.set(s))
    };
    let on_reset = {
        let (lab, refresh, notice) = (lab.clone(), refresh.clone(), notice.clone());
        Callback::from(move |_: MouseEvent| {
            let scenario = lab.borrow().session.scenario.clone();
            let fresh = Session {
                scenario,
                ..Session::default()
            };
            save(&fresh);
            *lab.borrow_mut() = new_lab(fresh);
            notice.set(None);
            refresh();
        })
    };
    let on_share = {
        let lab = lab.clone();
        Callback::from(move |_: MouseEvent| {
            let fragment = lab.borrow().session.to_fragment();
            if let Some(w) = window() {
                let _ = w.location().set_hash(&fragment);
                let _ = w
                    .navigator()
                    .clipboard()
                    .write_text(&w.location().href().unwrap_or_default());
            }
        })
    };

    // Keyboard: space play/pause, → step, ← back, u undo, ? shortcuts.
    {
        let (on_toggle_play, on_step, on_step_back, on_run, show_help) = (
            on_toggle_play.clone(),
            on_step.clone(),
            on_step_back.clone(),
            on_run.clone(),
            show_help.clone(),
        );
        let deployment = lab
            .borrow()
            .cluster()
            .store()
            .list::<crate::sim::api::Deployment>()
            .next()
            .map(|d| d.metadata.name.clone());
        use_effect_with(deployment, move |deployment| {
            let deployment = deployment.clone();
            let listener = window().and_then(|w| w.document()).map(|doc| {
                gloo_events::EventListener::new(&doc, "keydown", move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                        return;
                    };
                    let typing = e
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .is_some_and(|el| {
                            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                        });
                    if typing || e.ctrl_key() || e.meta_key() || e.alt_key() {
                        return;
                    }
                    match e.key().as_str() {
                        " " => on_toggle_play.emit(()),
                        "ArrowRight" => on_step.emit(()),
                        "ArrowLeft" => on_step_back.emit(()),
                        "u" => {
                            if let Some(d) = &deployment {
                                on_run.emit(format!("kubectl rollout undo deployment/{d}"));
                            }
                        }
                        "?" => show_help.set(!*show_help),
                        _ => return,
                    }
                    e.prevent_default();
                })
            });
            move || drop(listener)
        });
    }

    let l = lab.borrow();
    let view = ClusterView::build(l.cluster().store(), l.cluster().now());
    let entries: Vec<TerminalEntry> = l
        .log
        .iter()
        .filter(|e| e.at <= l.now())
        .map(|e| TerminalEntry {
            line: e.line.clone(),
            stdin: e.stdin.clone(),
            output: e.output.text.clone(),
        })
        .collect();
    let complete = {
        let lab = lab.clone();
        Callback::from(move |line: String| complete(lab.borrow().cluster().store(), &line))
    };
    let first = l
        .cluster()
        .store()
        .list::<crate::sim::api::Deployment>()
        .next()
        .map(|d| Rc::new(d.clone()));
    let container = first
        .as_ref()
        .and_then(|d| {
            d.spec
                .template
                .spec
                .containers
                .first()
                .map(|c| c.name.clone())
        })
        .unwrap_or_default();
    let (now_secs, end_secs) = (l.now().0 as f64 / 1000.0, l.reached().0 as f64 / 1000.0);
    let charts: Vec<Rc<ReadyChart>> = view
        .deployments
        .iter()
        .map(|d| Rc::new(l.ready.chart(&d.name, l.now())))
        .collect();
    let images = Rc::new(view.images.clone());
    drop(l);
    html! {
        <main class={classes!("app", embed.then_some("embed"))}>
            <header class="topbar">
                <h1>{ "Rollout Lab" }</h1>
                <TimeControls {now_secs} {end_secs} playing={*playing} speed={*speed} {on_toggle_play} {on_step}
                    {on_step_back} {on_speed} {on_seek} {on_replay} />
                <button type="button" onclick={on_share} title="Put this session in the address bar and copy the link">{ "Share" }</button>
                <button type="button" onclick={on_reset} title="Start this scenario again">{ "Reset" }</button>
            </header>
            if let Some(n) = (*notice).clone() { <p class="notice" role="alert">{ n }</p> }
            if *show_help {
                <section class="panel" aria-label="Keyboard shortcuts">
                    <h2>{ "Keyboard shortcuts" }</h2>
                    <p>{ "Space play / pause · → step to the next event · ← one second back · u undo the rollout · ? this list" }</p>
                </section>
            }
            <div class="layout">
                <div class="main-column">
                    if view.deployments.is_empty() {
                        <p class="panel">{ "No Deployment yet. Try: kubectl create deployment web --image=nginx:1.25 --replicas=3" }</p>
                    }
                    { for view.deployments.iter().zip(charts).map(|(d, chart)| html! {
                        <Stage deployment={Rc::new(d.clone())} {chart} images={images.clone()} on_run={on_run.clone()} />
                    }) }
                    <Nodes nodes={view.nodes.clone()} on_run={on_run.clone()} />
                </div>
                <div class="side-column">
                    { for view.deployments.first().zip(first.clone()).map(|(d, spec)| html! {
                        <Controls deployment={Rc::new(d.clone())} container={container.clone()} spec={spec.clone()}
                            on_run={on_run.clone()} on_apply={on_apply.clone()} />
                    }) }
                    { for first.map(|d| yaml_editor(&d, &on_apply, &yaml_draft, &yaml_result)) }
                    <Terminal {entries} on_run={on_run.clone()} {complete} />
                    <Events events={view.events.clone()} />
                </div>
            </div>
            <div class="visually-hidden" aria-live="polite">
                { view.events.first().map(|e| format!("{} {}: {}", e.reason, e.object, e.message)).unwrap_or_default() }
            </div>
        </main>
    }
}
