use super::controls::Controls;
use super::frames::Frames;
use super::side::{events_panel, node_panel, EventsProps, NodesProps};
use super::stage::{stage, unowned as unowned_lanes, StageProps};
use super::terminal::{Terminal, TerminalEntry};
use super::time_controls::{time_controls, TimeControlsProps};
use super::yaml_editor::{yaml_editor, yaml_text, YamlEditorProps};
use super::SESSION_KEY;
use crate::kubectl::complete::complete;
use crate::kubectl::shell::scenario_cluster;
use crate::lab::{run_in_browser, Lab};
use crate::session::{Session, MAX_SESSION};
use crate::sim::cluster::Cluster;
use crate::sim::time::Duration;
use crate::sim::view::{ClusterView, DeploymentView, ReadyChart, ReplicaSetView};
use crate::slots::Slots;
use gloo_events::{EventListener, EventListenerOptions};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The most real time one frame plays (after a stall, or a tab in the background, time goes
/// on from where it was rather than leaping).
const MAX_FRAME_MS: f64 = 100.0;

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
    let playing = use_state(|| false);
    let speed = use_state(|| 1.0f64);
    let show_help = use_state(|| false);
    let yaml_draft = use_state(|| None::<String>);
    let yaml_result = use_state(|| None::<crate::kubectl::write::Output>);
    let embed = query_param("embed").is_some();
    // Callbacks are made once (children compare them by identity): they read the lab when
    // called, and ask for a new frame through this handle.
    let refresh = use_force_update();
    let event_slots = use_mut_ref(Slots::default);

    // Play: every animation frame plays its real time × speed, in an effect, dropped
    // (stopped) when paused, or at the session's end. A frame in which nothing happened and
    // the clock shows the same second is not drawn again.
    {
        let (lab, refresh, speed, play) = (lab.clone(), refresh.clone(), *speed, playing.clone());
        use_effect_with((*playing, speed), move |(playing, speed)| {
            let frames = playing.then(|| {
                let speed = *speed;
                // The part of a virtual millisecond not played yet (0.25× plays 4.17 ms a frame).
                let mut carry = 0.0;
                Frames::start(move |ms| {
                    let due = ms.min(MAX_FRAME_MS) * speed + carry;
                    carry = due.fract();
                    let mut l = lab.borrow_mut();
                    let seen = |l: &Lab<Cluster>| {
                        (l.cluster().stats.wakeups, l.log_edits(), l.now().as_secs())
                    };
                    let before = seen(&l);
                    l.advance(Duration::millis(due as i64));
                    let changed = seen(&l) != before;
                    if l.now() >= MAX_SESSION {
                        play.set(false);
                    }
                    drop(l);
                    if changed {
                        refresh.force_update();
                    }
                })
            });
            move || drop(frames)
        });
    }

    // What children compare their props with is made once: the lab is read when they run.
    let (on_apply, on_run, complete) = (*use_memo((), {
        let (lab, refresh) = (lab.clone(), refresh.clone());
        move |_| {
            let on_apply = {
                let lab = lab.clone();
                Callback::from(move |line: String| {
                    let mut l = lab.borrow_mut();
                    let out = l.run(&line);
                    if out.changed {
                        save(&l.session);
                    }
                    drop(l);
                    refresh.force_update();
                    out
                })
            };
            let on_run = {
                let on_apply = on_apply.clone();
                Callback::from(move |line: String| drop(on_apply.emit(line)))
            };
            let complete =
                Callback::from(move |line: String| complete(lab.borrow().cluster().store(), &line));
            (on_apply, on_run, complete)
        }
    }))
    .clone();
    let on_toggle_play = {
        let playing = playing.clone();
        Callback::from(move |()| playing.set(!*playing))
    };
    let on_step = {
        let (lab, refresh) = (lab.clone(), refresh.clone());
        Callback::from(move |()| {
            lab.borrow_mut().step();
            refresh.force_update();
        })
    };
    let on_step_back = {
        let (lab, refresh) = (lab.clone(), refresh.clone());
        Callback::from(move |()| {
            let mut l = lab.borrow_mut();
            let t = l.now();
            l.seek(Duration(t.0 - 1000));
            drop(l);
            refresh.force_update();
        })
    };
    let on_seek = {
        let (lab, refresh, playing) = (lab.clone(), refresh.clone(), playing.clone());
        Callback::from(move |secs: f64| {
            playing.set(false);
            lab.borrow_mut().seek(Duration((secs * 1000.0) as i64));
            refresh.force_update();
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
            refresh.force_update();
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

    // Keyboard: space play/pause, → step, ← back, u undo, ? shortcuts. Typing in a field keeps
    // its keys; on a focused button, link or summary Space is that control's own (it presses
    // what has focus, as everywhere else), and only elsewhere plays or pauses.
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
        // Again when play or the list toggles: the handlers read both.
        use_effect_with(
            (deployment, *playing, *show_help),
            move |(deployment, _, help)| {
                let (deployment, help) = (deployment.clone(), *help);
                let listener = window().and_then(|w| w.document()).map(|doc| {
                    EventListener::new_with_options(
                        &doc,
                        "keydown",
                        EventListenerOptions::enable_prevent_default(),
                        move |e| {
                            let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                                return;
                            };
                            let tag = e
                                .target()
                                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                                .map(|el| el.tag_name())
                                .unwrap_or_default();
                            let typing = matches!(tag.as_str(), "INPUT" | "TEXTAREA" | "SELECT");
                            let pressable = matches!(tag.as_str(), "BUTTON" | "A" | "SUMMARY");
                            if typing || e.ctrl_key() || e.meta_key() || e.alt_key() {
                                return;
                            }
                            match e.key().as_str() {
                                " " if !pressable => on_toggle_play.emit(()),
                                "ArrowRight" => on_step.emit(()),
                                "ArrowLeft" => on_step_back.emit(()),
                                "u" => {
                                    if let Some(d) = &deployment {
                                        on_run.emit(format!("kubectl rollout undo deployment/{d}"));
                                    }
                                }
                                "?" => show_help.set(!help),
                                _ => return,
                            }
                            e.prevent_default();
                        },
                    )
                });
                move || drop(listener)
            },
        );
    }

    let l = lab.borrow();
    let view = ClusterView::build(l.cluster().store(), l.cluster().now());
    // The transcript up to the playhead. For one transcript, how many lines are due says which
    // (they are due from the earliest on), so the copy is made again only when that changes,
    // not on every tick of a long session.
    let now = l.now();
    let due = l.log().iter().filter(|e| e.at <= now).count();
    let entries = use_memo((l.log_edits(), due), {
        let lab = lab.clone();
        move |_| {
            let l = lab.borrow();
            l.log()
                .iter()
                .filter(|e| e.at <= now)
                .map(|e| TerminalEntry {
                    line: e.line.clone(),
                    stdin: e.stdin.clone(),
                    output: e.output.text.clone(),
                })
                .collect::<Vec<_>>()
        }
    });
    // The Deployment as the editors see it: without its status and resourceVersion, which
    // change on every step of a rollout, so the editors are not drawn again for them.
    let first = l
        .cluster()
        .store()
        .list::<crate::sim::api::Deployment>()
        .next()
        .map(|d| {
            let mut d = d.clone();
            d.status = Default::default();
            d.metadata.resource_version.clear();
            Rc::new(d)
        });
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
    let start = l.cluster().now() - l.now();
    let charts: Vec<Rc<ReadyChart>> = view
        .deployments
        .iter()
        .map(|d| Rc::new(l.ready.chart(&d.name, l.now())))
        .collect();
    let ClusterView {
        deployments,
        unowned,
        nodes,
        events,
        images,
        ..
    } = view;
    let unowned: Vec<Rc<ReplicaSetView>> = unowned.into_iter().map(Rc::new).collect();
    // Each ReplicaSet's lane takes its own: one that did not change is not drawn again.
    // The Controls show the first Deployment.
    let controls = deployments.first().map(|d| Rc::new(d.controls()));
    let (deployments, lanes): (Vec<Rc<DeploymentView>>, Vec<Vec<Rc<ReplicaSetView>>>) = deployments
        .into_iter()
        .map(|mut d| {
            let lanes = std::mem::take(&mut d.replica_sets);
            (Rc::new(d), lanes.into_iter().map(Rc::new).collect())
        })
        .unzip();
    let images = Rc::new(images);
    let announce = events
        .first()
        .map(|e| format!("{} {}: {}", e.reason, e.object, e.message))
        .unwrap_or_default();
    drop(l);
    let yaml = use_memo((first.clone(), (*yaml_draft).clone()), |(d, draft)| {
        yaml_text(d, draft)
    });
    html! {
        <main class={classes!("app", embed.then_some("embed"))}>
            <header class="topbar">
                <h1>{ "Rollout Lab" }</h1>
                { time_controls(&TimeControlsProps { now_secs, end_secs, playing: *playing, speed: *speed,
                    on_toggle_play, on_step, on_step_back, on_speed, on_seek, on_replay }) }
                <button type="button" onclick={on_share} title="Put this session in the address bar and copy the link">{ "Share" }</button>
                <button type="button" onclick={on_reset} title="Start this scenario again">{ "Reset" }</button>
            </header>
            if let Some(n) = (*notice).clone() { <p class="notice" role="alert">{ n }</p> }
            if *show_help {
                <section class="panel" aria-label="Keyboard shortcuts">
                    <h2>{ "Keyboard shortcuts" }</h2>
                    <p>{ "Space play / pause (on a focused button, Space presses it) · → step to the next event · ← one second back · u undo the rollout · ? this list" }</p>
                </section>
            }
            <div class="layout">
                <div class="main-column">
                    if deployments.is_empty() {
                        <p class="panel">{ "No Deployment yet. Try: kubectl create deployment web --image=nginx:1.25 --replicas=3" }</p>
                    }
                    { for deployments.iter().zip(charts).zip(lanes).map(|((d, chart), lanes)| html! {
                        { stage(&StageProps { deployment: d.clone(), lanes, chart, images: images.clone(), on_run: on_run.clone() }) }
                    }) }
                    if !unowned.is_empty() { { unowned_lanes(&unowned, &on_run) } }
                    { node_panel(&NodesProps { nodes, on_run: on_run.clone() }) }
                </div>
                <div class="side-column">
                    { for controls.zip(first.clone()).map(|(deployment, spec)| html! {
                        <Controls {deployment} container={container.clone()} {spec}
                            on_run={on_run.clone()} on_apply={on_apply.clone()} />
                    }) }
                    { for first.map(|deployment| html! {
                        { yaml_editor(&YamlEditorProps { deployment, yaml: yaml.clone(), on_apply: on_apply.clone(),
                            draft: yaml_draft.clone(), result: yaml_result.clone() }) }
                    }) }
                    <Terminal {entries} on_run={on_run.clone()} {complete} />
                    { events_panel(&EventsProps { events, start, slots: &event_slots }) }
                </div>
            </div>
            <div class="visually-hidden" aria-live="polite">
                { announce }
            </div>
        </main>
    }
}
