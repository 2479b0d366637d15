//! Display helpers shared by the components (not components themselves).

use crate::api::error::ApiError;
use yew::prelude::*;

/// "Nov 2, 2026, 2:05 PM" in the user's time zone; the input as given if it is not a date.
pub fn when(iso: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(iso));
        if d.get_time().is_nan() {
            return iso.to_string();
        }
        let opts = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&opts, &"dateStyle".into(), &"medium".into());
        let _ = js_sys::Reflect::set(&opts, &"timeStyle".into(), &"short".into());
        d.to_locale_string("en-US", &opts).as_string().unwrap_or_else(|| iso.to_string())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        iso.to_string()
    }
}

/// A time given as ms since 1970, as "2:05 PM".
pub fn clock(ms: f64) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
        let opts = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&opts, &"timeStyle".into(), &"short".into());
        d.to_locale_time_string_with_options("en-US", &opts).as_string().unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        format!("{ms}")
    }
}

/// An error with a "Try again" button, announced to screen readers.
pub fn error_box(e: &ApiError, retry: Option<Callback<()>>) -> Html {
    let retry = retry.map(|cb| html! { <button type="button" onclick={move |_| cb.emit(())}>{ "Try again" }</button> });
    html! {
        <div class="panel-error" role="alert" data-state="error">
            <p>{ e.to_string() }</p>
            { for retry }
        </div>
    }
}

/// "Updated 2:05 PM · Refresh" for a panel's header.
pub fn freshness(at: Option<f64>, refreshing: bool, reload: Callback<()>, label: &str) -> Html {
    let onclick = move |_| reload.emit(());
    html! {
        <div class="freshness">
            if refreshing {
                <span class="muted" role="status">{ "Refreshing…" }</span>
            } else if let Some(at) = at {
                <span class="muted">{ format!("Updated {}", clock(at)) }</span>
            }
            <button type="button" class="link" onclick={onclick} disabled={refreshing} aria-label={format!("Refresh {label}")}>{ "Refresh" }</button>
        </div>
    }
}

/// A `performance.mark` (read by bench/time_to_content.mjs; harmless otherwise).
pub fn mark(name: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = name;
}

/// Mark `name` once, the first time `ready` is true.
#[hook]
pub fn use_mark_when(ready: bool, name: &'static str) {
    let done = use_mut_ref(|| false);
    use_effect_with(ready, move |&ready| {
        if ready && !*done.borrow() {
            *done.borrow_mut() = true;
            mark(name);
        }
    });
}
