//! The admin console (`/app/console/`): a bundle of its own, so that the tab every recruiter
//! loads inside JobDiva carries none of it.

fn main() {
    yew::Renderer::<refassured_tab::app::console::ConsoleApp>::new().render();
}

/// The console's linear memory in bytes: it only grows, so this is the high-water mark that
/// `bench/sync_scale.sh` samples during a 40,000-referral sync (bounded memory, issue 12).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn wasm_memory_bytes() -> f64 {
    (core::arch::wasm32::memory_size(0) * 65_536) as f64
}
