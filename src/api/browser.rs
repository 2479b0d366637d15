//! The browser's fetch as the transport's [`Backend`]: a timeout by `AbortSignal.timeout`,
//! joined with the caller's cancellation by `AbortSignal.any`; redirects are never followed
//! (the key must not go to another address); headers the browser refuses become an error,
//! never an exception out of the wasm task.

use super::error::ApiError;
use super::transport::{ask, text_of, Answer, Backend, Call, Method};
use futures::future::LocalBoxFuture;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortSignal;

pub struct Browser;

/// Run `run` (a JS function) in a task of its own at `priority` (`user-blocking`, `background`)
/// where the browser has `scheduler.postTask`, else (or if posting fails) by `setTimeout`.
pub fn post_task(run: &JsValue, priority: &str) {
    let get = |on: &JsValue, key: &str| js_sys::Reflect::get(on, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined());
    let posted = get(&js_sys::global(), "scheduler").and_then(|s| {
        let post = get(&s, "postTask")?.dyn_into::<js_sys::Function>().ok()?;
        let options = js_sys::Object::new();
        js_sys::Reflect::set(&options, &JsValue::from_str("priority"), &JsValue::from_str(priority)).ok()?;
        post.call2(&s, run, &options).ok()
    });
    if posted.is_none() {
        if let Some(w) = web_sys::window() {
            drop(w.set_timeout_with_callback(run.unchecked_ref()));
        }
    }
}

/// Resolves in a task of its own at the lowest priority (`scheduler.postTask`'s
/// `background`): after whatever else the page has to do.
pub fn when_idle() -> wasm_bindgen_futures::JsFuture {
    in_a_task_at("background")
}

/// Resolves in a task of its own at `priority` (`scheduler.postTask`'s).
pub fn in_a_task_at(priority: &'static str) -> wasm_bindgen_futures::JsFuture {
    let promise = js_sys::Promise::new(&mut |resolve, _| post_task(&resolve, priority));
    wasm_bindgen_futures::JsFuture::from(promise)
}

type Sent = LocalBoxFuture<'static, Result<gloo_net::http::Response, gloo_net::Error>>;

thread_local! {
    /// Where the answers to requests sent before the app started are taken from: set by the tab
    /// ([`take_the_shell_s_requests`]), never by the console (which so has none of that code).
    static SENT_BEFORE: std::cell::Cell<Option<fn(&Call, bool) -> Option<Sent>>> = const { std::cell::Cell::new(None) };
}

/// From now on, a request that the page's shell (`index.html`) sent before the app started is
/// not sent again: its answer is taken instead (once, and only for the very request).
pub fn take_the_shell_s_requests() {
    SENT_BEFORE.with(|s| s.set(Some(sent_by_the_shell)));
}

/// The request the shell sent for `call`, if it sent exactly this one and nothing has taken it
/// yet. The shell keeps them in `raFirstWave`, a `Map` of `fetch` promises keyed by what each
/// asks ([`ask`]).
fn sent_by_the_shell(call: &Call, binary: bool) -> Option<Sent> {
    if call.method != Method::Get || binary {
        return None;
    }
    let sent = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("raFirstWave")).ok()?.dyn_into::<js_sys::Map>().ok()?;
    let key = JsValue::from_str(&ask(call));
    let response = sent.get(&key).dyn_into::<js_sys::Promise>().ok()?;
    sent.delete(&key);
    Some(Box::pin(async move {
        match wasm_bindgen_futures::JsFuture::from(response).await {
            Ok(r) => Ok(web_sys::Response::unchecked_from_js(r).into()),
            Err(e) => Err(gloo_net::Error::JsError(js_sys::Error::unchecked_from_js(e).into())),
        }
    }))
}

async fn fetch(call: Call, binary: bool, timeout_ms: u32, signal: Option<AbortSignal>) -> Result<Answer, ApiError> {
    let (upstream, endpoint) = (call.upstream, call.endpoint);
    let network = |detail: String| ApiError::Network { upstream, endpoint, detail };
    // This request's own timeout; none for one the shell sent, which left with the deployment's
    // timeout (`AbortSignal.timeout`) and failed with its `TimeoutError` if it ran out. A
    // caller's cancellation cannot reach the shell's request: it is checked when it answers.
    let mut timeout = None;
    let response = match SENT_BEFORE.with(std::cell::Cell::get).and_then(|sent| sent(&call, binary)) {
        Some(sent) => sent.await,
        None => {
            let headers = web_sys::Headers::new().map_err(|_| network("Headers unavailable".into()))?;
            for (name, value) in call.wire_headers() {
                headers.set(name, value).map_err(|_| ApiError::BadInput { upstream, detail: format!("the {name} value has a character that cannot be sent") })?;
            }
            let own = AbortSignal::timeout_with_u32(timeout_ms);
            let combined = match &signal {
                Some(s) => AbortSignal::any(&js_sys::Array::of2(s, &own)),
                None => own.clone(),
            };
            timeout = Some(own);
            let method = match call.method {
                Method::Get => gloo_net::http::Method::GET,
                Method::Post => gloo_net::http::Method::POST,
                Method::Put => gloo_net::http::Method::PUT,
                Method::Delete => gloo_net::http::Method::DELETE,
            };
            let builder = gloo_net::http::RequestBuilder::new(&call.url)
                .method(method)
                .headers(gloo_net::http::Headers::from_raw(headers))
                .redirect(web_sys::RequestRedirect::Manual)
                .abort_signal(Some(&combined));
            let request = match call.body_text() {
                None => builder.build(),
                Some(t) => builder.body(JsValue::from_str(t)),
            }
            .map_err(|e| ApiError::BadInput { upstream, detail: e.to_string() })?;
            request.send().await
        }
    };
    let failed = |e: gloo_net::Error| {
        let timed_out = match &timeout {
            Some(t) => t.aborted(),
            None => matches!(&e, gloo_net::Error::JsError(j) if j.name == "TimeoutError"),
        };
        if timed_out {
            ApiError::Timeout { upstream, endpoint, after_ms: timeout_ms }
        } else if signal.as_ref().is_some_and(AbortSignal::aborted) {
            ApiError::Aborted
        } else {
            network(e.to_string())
        }
    };
    let response = response.map_err(failed)?;
    if timeout.is_none() && signal.as_ref().is_some_and(AbortSignal::aborted) {
        return Err(ApiError::Aborted);
    }
    if response.type_() == web_sys::ResponseType::Opaqueredirect {
        return Err(ApiError::Redirected { upstream, endpoint });
    }
    let status = response.status();
    let h = response.headers();
    let mut answer = Answer { status, retry_after: h.get("retry-after"), content_disposition: h.get("content-disposition"), ..Answer::default() };
    // The body as bytes, text or not: `binary()` copies them into the module at once, where a
    // JS string from `text()` would be re-encoded a character at a time (`text_of`).
    let body = response.binary().await.map_err(failed)?;
    if binary && (200..300).contains(&status) {
        answer.bytes = Some(body);
    } else {
        answer.text = text_of(body);
    }
    Ok(answer)
}

impl Backend for Browser {
    fn fetch(&self, call: &Call, binary: bool, timeout_ms: u32, signal: Option<&AbortSignal>) -> LocalBoxFuture<'static, Result<Answer, ApiError>> {
        Box::pin(fetch(call.clone(), binary, timeout_ms, signal.cloned()))
    }
    fn sleep(&self, ms: u32) -> LocalBoxFuture<'static, ()> {
        Box::pin(gloo_timers::future::TimeoutFuture::new(ms))
    }
    fn random(&self) -> f64 {
        js_sys::Math::random()
    }
    fn pause(&self) -> LocalBoxFuture<'static, ()> {
        Box::pin(gloo_timers::future::TimeoutFuture::new(0))
    }
}
