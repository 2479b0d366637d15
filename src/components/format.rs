//! Display helpers shared by the components (not components themselves).

use crate::api::error::ApiError;
use yew::prelude::*;

/// A date and time in the user's locale and time zone ("Nov 2, 2026, 2:05 PM" in en-US); the
/// input as given if it is not a date.
pub fn when(iso: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        intl::format(&intl::DATE_TIME, &wasm_bindgen::JsValue::from_str(iso)).unwrap_or_else(|| iso.to_string())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        iso.to_string()
    }
}

/// A time given as ms since 1970, in the user's locale ("2:05 PM" in en-US).
pub fn clock(ms: f64) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        intl::format(&intl::TIME, &wasm_bindgen::JsValue::from_f64(ms)).unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = ms;
        String::new()
    }
}

/// 9:00 in the user's time zone on `day` (a date input's `2026-12-01`) plus `plus_days`, as
/// ISO-8601 (UTC); `None` if `day` is not a date. The browser's `Date` does the calendar.
pub fn morning_of(day: &str, plus_days: u32) -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(&format!("{day}T09:00")));
        if d.get_time().is_nan() {
            return None;
        }
        d.set_date(d.get_date() + plus_days);
        Some(String::from(d.to_iso_string()))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (day, plus_days);
        None
    }
}

/// Today as a date input holds it (`2026-11-23`, UTC).
pub fn today() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        String::from(js_sys::Date::new_0().to_iso_string()).chars().take(10).collect()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        String::new()
    }
}

/// Build the date formatters now, in a task of their own, instead of inside the first answer's
/// render: the first `Intl.DateTimeFormat` of a page loads the locale's data, and the trace of
/// a cold load showed it as a quarter of the task that starts the opt-ins' duplicate checks
/// (docs/performance.md). Called by `main` right after the first render, while the first
/// wave of requests is out.
pub fn warm_up_later() {
    #[cfg(target_arch = "wasm32")]
    {
        use crate::api::browser::post_task;
        use wasm_bindgen::closure::Closure;
        // One task each (building one took 10-30 ms in the trace, the page's first more), posted
        // once the first render is done, at the priority of the page's ordinary work: so most
        // often ahead of the first answers' render. Inside JobDiva those answers are often there
        // by then (index.html's shell sends the first wave before the app starts); posted at the
        // lowest priority, the formatters were built inside that render, one long task (traced:
        // 56-117 ms, over half of it these two; docs/performance.md, "Session 15").
        post_task(&Closure::once_into_js(|| intl::DATE_TIME.with(|_| ())), "user-visible");
        post_task(&Closure::once_into_js(|| intl::TIME.with(|_| ())), "user-visible");
    }
}

/// One `Intl.DateTimeFormat` per style, made once: building one (as `toLocaleString` does on
/// every call) costs milliseconds, and the tab formats a date on every row.
#[cfg(target_arch = "wasm32")]
mod intl {
    use js_sys::Intl::{DateTimeFormat, DateTimeFormatOptions, DateTimeStyle};
    use js_sys::{Array, Date, Function};
    use std::thread::LocalKey;
    use wasm_bindgen::JsValue;

    thread_local! {
        pub static DATE_TIME: Function = formatter(Some(DateTimeStyle::Medium));
        pub static TIME: Function = formatter(None);
    }

    fn formatter(date: Option<DateTimeStyle>) -> Function {
        let options = DateTimeFormatOptions::new();
        if let Some(style) = date {
            options.set_date_style(style);
        }
        options.set_time_style(DateTimeStyle::Short);
        // No locales: the user's own.
        DateTimeFormat::new(&Array::new(), &options).format()
    }

    /// `None` when `value` is not a date.
    pub fn format(with: &'static LocalKey<Function>, value: &JsValue) -> Option<String> {
        let date = Date::new(value);
        if date.get_time().is_nan() {
            return None;
        }
        with.with(|f| f.call1(&JsValue::UNDEFINED, &date).ok()?.as_string())
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

/// Provided above a tree rendered as a rehearsal (`app::rehearsal`): it marks nothing.
#[derive(Clone, Copy, PartialEq)]
pub struct Rehearsing;

/// Mark `name` once, the first time `ready` is true (never in a rehearsal).
#[hook]
pub fn use_mark_when(ready: bool, name: &'static str) {
    use_once_when(ready, name, false);
}

/// A panel of the tab has shown its first answer (or failure): mark `name` once, and tell the
/// transport, which keeps the first wave's answers until every panel has
/// ([`crate::api::transport::panel_shown`]; never in a rehearsal).
#[hook]
pub fn use_ready(ready: bool, name: &'static str) {
    use_once_when(ready, name, true);
}

#[hook]
fn use_once_when(ready: bool, name: &'static str, panel: bool) {
    let done = use_mut_ref(|| false);
    let rehearsing = use_context::<Rehearsing>().is_some();
    use_effect_with(ready, move |&ready| {
        if ready && !rehearsing && !*done.borrow() {
            *done.borrow_mut() = true;
            mark(name);
            if panel {
                crate::api::transport::panel_shown();
            }
        }
    });
}
