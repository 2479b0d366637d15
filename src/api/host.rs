//! The host page: the tab's address, `postMessage` to and from JobDiva, the tab's height,
//! and session storage. The rules live in `domain::context`; this is only the browser glue.

use crate::domain::context::{
    fragment_without_key, origin_allowed, parse_allow_list, ContextError, RawContext, MSG_CONTEXT,
    MSG_READY, MSG_RESIZE,
};
use js_sys::{Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, ResizeObserver, Window};

const KEY_STORAGE: &str = "refassured.apiKey";
/// Origins allowed to send the context by `postMessage` are configured where the app is deployed,
/// in `<meta name="refassured-allowed-origins" content="https://*.jobdiva.com …">`.
const ALLOW_META: &str = "refassured-allowed-origins";
/// How long the tab waits for the host's answer to `refassured:ready`.
pub const HANDSHAKE_TIMEOUT_MS: u32 = 5_000;

fn window() -> Option<Window> {
    web_sys::window()
}

/// `(query, fragment)` of the tab's address, each with its leading `?`/`#`.
pub fn address() -> (String, String) {
    window()
        .map(|w| {
            let l = w.location();
            (l.search().unwrap_or_default(), l.hash().unwrap_or_default())
        })
        .unwrap_or_default()
}

/// Read the context from the address and immediately remove the key from it (and so from the
/// history entry, the `Referer` of later requests and anything that reads `location`).
pub fn take_context_from_address() -> RawContext {
    let (query, fragment) = address();
    let raw = RawContext::from_url(&query, &fragment);
    if raw.api_key.is_some() {
        scrub_key(&query, &fragment);
    }
    raw
}

fn scrub_key(query: &str, fragment: &str) {
    let Some(w) = window() else { return };
    let path = w.location().pathname().unwrap_or_default();
    let rest = fragment_without_key(fragment);
    let url = if rest.is_empty() { format!("{path}{query}") } else { format!("{path}{query}#{rest}") };
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// Leave for `to` (relative to the tab's address), without a history entry for the page left.
pub fn go_to(to: &str) {
    if let Some(w) = window() {
        let _ = w.location().replace(to);
    }
}

/// Whether the tab runs inside a frame (JobDiva's candidate record) rather than as a page.
pub fn in_frame() -> bool {
    match window() {
        Some(w) => match w.parent() {
            Ok(Some(parent)) => !Object::is(&parent, &w),
            _ => false,
        },
        None => false,
    }
}

/// The deployment's allow-list of host origins.
pub fn allowed_origins() -> Vec<String> {
    window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(&format!("meta[name=\"{ALLOW_META}\"]")).ok().flatten())
        .and_then(|m| m.get_attribute("content"))
        .map(|c| parse_allow_list(&c))
        .unwrap_or_default()
}

fn post_to_parent(message: &JsValue, target_origin: &str) {
    if let Some(Ok(Some(parent))) = window().map(|w| w.parent()) {
        let _ = parent.post_message(message, target_origin);
    }
}

fn object(entries: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in entries {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

/// A context field as the host sends it: text, or a number (ids).
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum Field {
    Text(String),
    Number(f64),
}

/// The `refassured:context` message (docs/embedding.md).
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct ContextMessage {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    candidate_id: Option<Field>,
    #[serde(default)]
    user_email: Option<Field>,
    #[serde(default)]
    user_id: Option<Field>,
    #[serde(default)]
    api_key: Option<Field>,
}

/// The field's text; a number must be one JavaScript holds exactly.
fn field_text(name: &str, f: Option<Field>) -> Result<Option<String>, String> {
    match f {
        None => Ok(None),
        Some(Field::Text(t)) => Ok(Some(t)),
        Some(Field::Number(n)) if n.fract() == 0.0 && (0.0..=9_007_199_254_740_991.0).contains(&n) => Ok(Some((n as u64).to_string())),
        Some(Field::Number(_)) => Err(format!("{name} is a number JavaScript cannot hold exactly; send it as a string")),
    }
}

/// Decode a `refassured:context` message (serde-wasm-bindgen, from the JS value). `None` when
/// the message is not ours (other scripts on the host page post messages too).
pub fn decode_context_message(data: &JsValue) -> Option<Result<RawContext, ContextError>> {
    if !data.is_object() || Reflect::get(data, &JsValue::from_str("type")).ok()?.as_string().as_deref() != Some(MSG_CONTEXT) {
        return None;
    }
    let read = || -> Result<RawContext, String> {
        let m: ContextMessage = serde_wasm_bindgen::from_value(data.clone()).map_err(|e| format!("{e} (each field must be a string)"))?;
        debug_assert_eq!(m.kind, MSG_CONTEXT);
        Ok(RawContext {
            candidate_id: field_text("candidateId", m.candidate_id)?,
            user_email: field_text("userEmail", m.user_email)?,
            user_id: field_text("userId", m.user_id)?,
            api_key: field_text("apiKey", m.api_key)?,
        })
    };
    Some(read().map_err(ContextError::MalformedMessage))
}

/// A registration that is undone when dropped (use it as an effect's clean-up).
pub struct Guard(Option<Box<dyn FnOnce()>>);
impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(f) = self.0.take() {
            f();
        }
    }
}

/// Ask the host for the context (`refassured:ready`) and deliver the first answer from an
/// allowed origin, or `HandshakeTimeout`. Messages from other origins are ignored.
pub fn request_context(on_result: impl Fn(Result<RawContext, ContextError>) + 'static) -> Guard {
    let Some(w) = window() else { return Guard(None) };
    let allow = allowed_origins();
    let on_result = std::rc::Rc::new(on_result);
    let done = std::rc::Rc::new(std::cell::Cell::new(false));

    let (r, d) = (on_result.clone(), done.clone());
    let listener = gloo_events::EventListener::new(&w, "message", move |e| {
        let Some(e) = e.dyn_ref::<MessageEvent>() else { return };
        if d.get() || !origin_allowed(&e.origin(), &allow) {
            return;
        }
        if let Some(result) = decode_context_message(&e.data()) {
            d.set(true);
            r(result);
        }
    });
    let (r, d) = (on_result, done);
    let timer = gloo_timers::callback::Timeout::new(HANDSHAKE_TIMEOUT_MS, move || {
        if !d.get() {
            d.set(true);
            r(Err(ContextError::HandshakeTimeout));
        }
    });

    // The ready message carries no secret, and the parent's origin is not known yet.
    post_to_parent(&object(&[("type", MSG_READY.into())]), "*");

    // Dropping them removes the listener and clears the timer.
    Guard(Some(Box::new(move || drop((listener, timer)))))
}

/// Tell the host the tab's content height whenever it changes.
pub fn report_height() -> Guard {
    let Some(body) = window().and_then(|w| w.document()).and_then(|d| d.body()) else {
        return Guard(None);
    };
    if !in_frame() {
        return Guard(None);
    }
    let last = std::cell::Cell::new(-1);
    let send = move |height: i32| {
        if height != last.replace(height) {
            // The height is no secret; the host checks the sender's origin itself.
            post_to_parent(&object(&[("type", MSG_RESIZE.into()), ("height", height.into())]), "*");
        }
    };
    let target = body.clone();
    let callback = Closure::<dyn FnMut()>::new(move || send(target.scroll_height()));
    let Ok(observer) = ResizeObserver::new(callback.as_ref().unchecked_ref()) else {
        return Guard(None);
    };
    observer.observe(&body);
    Guard(Some(Box::new(move || {
        observer.disconnect();
        drop(callback);
    })))
}

/// The key saved for this browser session, if storage works here (it throws in some sandboxed
/// and third-party frames; the tab then works from memory alone).
pub fn saved_key() -> Option<String> {
    let storage = window()?.session_storage().ok()??;
    storage.get_item(KEY_STORAGE).ok()?.filter(|k| !k.is_empty())
}

/// Save the key for this browser session; silently a no-op where storage is unavailable.
pub fn save_key(key: &str) {
    if let Some(Ok(Some(s))) = window().map(|w| w.session_storage()) {
        let _ = s.set_item(KEY_STORAGE, key);
    }
}

/// Forget the saved key.
pub fn forget_key() {
    if let Some(Ok(Some(s))) = window().map(|w| w.session_storage()) {
        let _ = s.remove_item(KEY_STORAGE);
    }
}

/// Where RefAssured's API is, from `<meta name="refassured-api-base">` (a deployment setting:
/// `https://api.refassured.com` in production; the sandbox and `trunk serve` use `/refassured`
/// on the tab's own origin).
pub fn api_base() -> String {
    let configured = window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("meta[name=\"refassured-api-base\"]").ok().flatten())
        .and_then(|m| m.get_attribute("content"))
        .map(|c| c.trim().trim_end_matches('/').to_string())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "/refassured".into());
    if configured.starts_with('/') {
        let origin = window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
        format!("{origin}{configured}")
    } else {
        configured
    }
}

fn meta(name: &str) -> Option<String> {
    window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(&format!("meta[name=\"{name}\"]")).ok().flatten())
        .and_then(|m| m.get_attribute("content"))
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
}

/// Links to JobDiva records (deployment settings `jobdiva-candidate-url`, `jobdiva-contact-url`,
/// templates with `{id}`; the sandbox points them at its mock JobDiva page).
pub fn jobdiva_links() -> crate::domain::ats::Links {
    crate::domain::ats::Links {
        candidate: meta("jobdiva-candidate-url").unwrap_or_else(|| "https://www1.jobdiva.com/candidates/{id}".into()),
        contact: meta("jobdiva-contact-url").unwrap_or_else(|| "https://www1.jobdiva.com/contacts/{id}".into()),
    }
}

/// A random id (claims on opt-ins, request keys): the browser's `crypto.randomUUID`.
pub fn random_id(prefix: &str) -> String {
    let uuid = window().and_then(|w| w.crypto().ok()).map(|c| c.random_uuid()).unwrap_or_default();
    format!("{prefix}-{uuid}")
}

/// This console's name as the holder of a sync run's lease: kept for the browser tab's session,
/// so that a reload resumes its own run at once instead of waiting for its lease to lapse.
pub fn console_holder() -> String {
    const SLOT: &str = "refassured-console-holder";
    let storage = window().and_then(|w| w.session_storage().ok().flatten());
    if let Some(id) = storage.as_ref().and_then(|s| s.get_item(SLOT).ok().flatten()).filter(|id| !id.is_empty()) {
        return id;
    }
    let id = random_id("console");
    if let Some(s) = storage {
        let _ = s.set_item(SLOT, &id);
    }
    id
}

/// JobDiva's note action type for report notes, if the deployment names one
/// (`<meta name="jobdiva-note-action">`); none by default.
pub fn note_action() -> Option<String> {
    meta("jobdiva-note-action")
}

/// The per-request timeout in ms (`<meta name="refassured-timeout-ms">`, default 15000).
pub fn timeout_ms() -> u32 {
    meta("refassured-timeout-ms").and_then(|v| v.parse().ok()).filter(|v| *v >= 500).unwrap_or(15_000)
}

/// JobDiva's API for direct (admin) access: `<meta name="jobdiva-api-base">`, default
/// `https://api.jobdiva.com`; a path is taken on the tab's own origin (the sandbox).
pub fn jobdiva_api_base() -> String {
    absolute(meta("jobdiva-api-base").unwrap_or_else(|| "https://api.jobdiva.com".into()))
}

/// The agency's Staffing Referrals domain for direct access, if the deployment names one
/// (`<meta name="staffingreferrals-api-base">`); otherwise the admin types it.
pub fn staffing_api_base() -> Option<String> {
    meta("staffingreferrals-api-base").map(absolute)
}

fn absolute(url: String) -> String {
    let url = url.trim_end_matches('/').to_string();
    if url.starts_with('/') {
        let origin = window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
        format!("{origin}{url}")
    } else {
        url
    }
}
