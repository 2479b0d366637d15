//! Display helpers shared by the components (not components themselves).

use crate::api::error::ApiError;
use yew::prelude::*;

/// "Nov 2, 2026, 2:05 PM" in the user's time zone; the input as given if it is not a date.
/// Formatted from the date's fields, not with `toLocaleString`: that builds an
/// `Intl.DateTimeFormat` on every call, milliseconds each, on every row of the tab.
pub fn when(iso: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(iso));
        if d.get_time().is_nan() {
            return iso.to_string();
        }
        format!("{} {}, {}, {}", MONTHS[d.get_month() as usize % 12], d.get_date(), d.get_full_year(), hour_minute(d.get_hours(), d.get_minutes()))
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
        hour_minute(d.get_hours(), d.get_minutes())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = ms;
        String::new()
    }
}

#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// 0–23 h and minutes as "2:05 PM" / "12:00 AM".
pub fn hour_minute(hours: u32, minutes: u32) -> String {
    let h12 = match hours % 12 {
        0 => 12,
        h => h,
    };
    format!("{h12}:{minutes:02} {}", if hours % 24 < 12 { "AM" } else { "PM" })
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

#[cfg(test)]
mod tests {
    use super::hour_minute;

    #[test]
    fn twelve_hour_clock_as_en_us() {
        assert_eq!(hour_minute(0, 0), "12:00 AM");
        assert_eq!(hour_minute(9, 5), "9:05 AM");
        assert_eq!(hour_minute(12, 30), "12:30 PM");
        assert_eq!(hour_minute(14, 5), "2:05 PM");
        assert_eq!(hour_minute(23, 59), "11:59 PM");
    }
}
