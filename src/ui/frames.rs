//! Play's clock: a callback on every animation frame, with the real time since the previous
//! one. Time advances with the display, so a rollout at 16× moves in small steps sixty times a
//! second instead of in 1.6 s leaps ten times a second, and a frame's work is a sixth as big.

use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

type Callback = Closure<dyn FnMut(f64)>;

#[derive(Default)]
struct State {
    /// The pending request, to cancel.
    id: Option<i32>,
    callback: Option<Callback>,
}

/// Calls its function on every animation frame until dropped.
pub struct Frames {
    state: Rc<RefCell<State>>,
}

impl Frames {
    /// Starts calling `on_frame(ms)`, where `ms` is the real time since the previous frame (0
    /// on the first).
    pub fn start(mut on_frame: impl FnMut(f64) + 'static) -> Frames {
        let state = Rc::new(RefCell::new(State::default()));
        let weak = Rc::downgrade(&state);
        let mut last: Option<f64> = None;
        let callback = Closure::<dyn FnMut(f64)>::new(move |at: f64| {
            let ms = last.map_or(0.0, |last| (at - last).max(0.0));
            last = Some(at);
            on_frame(ms);
            if let Some(state) = weak.upgrade() {
                request(&state);
            }
        });
        state.borrow_mut().callback = Some(callback);
        request(&state);
        Frames { state }
    }
}

fn request(state: &Rc<RefCell<State>>) {
    let mut s = state.borrow_mut();
    let id = match (web_sys::window(), &s.callback) {
        (Some(w), Some(f)) => w.request_animation_frame(f.as_ref().unchecked_ref()).ok(),
        _ => None,
    };
    s.id = id;
}

impl Drop for Frames {
    fn drop(&mut self) {
        let mut s = self.state.borrow_mut();
        if let (Some(w), Some(id)) = (web_sys::window(), s.id.take()) {
            let _ = w.cancel_animation_frame(id);
        }
        s.callback = None;
    }
}
