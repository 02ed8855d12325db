//! `rollout-lab`: in the browser it mounts the app; natively it is the headless runner.

#[cfg(target_arch = "wasm32")]
fn main() {
    rollout_lab::ui::start();
}

/// Counts live heap bytes so `rollout-lab bench` can report peak memory.
#[cfg(not(target_arch = "wasm32"))]
mod counting {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

    pub struct Counting;
    static LIVE: AtomicU64 = AtomicU64::new(0);
    static PEAK: AtomicU64 = AtomicU64::new(0);

    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            // SAFETY: forwards the caller's contract to the system allocator.
            let p = unsafe { System.alloc(layout) };
            if !p.is_null() {
                let live = LIVE.fetch_add(layout.size() as u64, Relaxed) + layout.size() as u64;
                PEAK.fetch_max(live, Relaxed);
            }
            p
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            LIVE.fetch_sub(layout.size() as u64, Relaxed);
            // SAFETY: `ptr` came from `alloc` above with this layout.
            unsafe { System.dealloc(ptr, layout) }
        }
        /// Grows or shrinks in place when the system allocator can (the default would
        /// allocate, copy and free, with both buffers alive at once).
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            // SAFETY: forwards the caller's contract (ptr from this allocator with `layout`).
            let p = unsafe { System.realloc(ptr, layout, new_size) };
            if !p.is_null() {
                let (old, new) = (layout.size() as u64, new_size as u64);
                if new >= old {
                    let live = LIVE.fetch_add(new - old, Relaxed) + (new - old);
                    PEAK.fetch_max(live, Relaxed);
                } else {
                    LIVE.fetch_sub(old - new, Relaxed);
                }
            }
            p
        }
    }

    pub fn reset_peak() {
        PEAK.store(LIVE.load(Relaxed), Relaxed);
    }
    pub fn peak() -> u64 {
        PEAK.load(Relaxed)
    }
}

#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: counting::Counting = counting::Counting;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    rollout_lab::cli::main(&args, counting::reset_peak, counting::peak)
}
