//! The browser's fetch from a dedicated worker, for requests a load starts many of at once.
//!
//! Starting a request costs the tab's main thread about 2 ms inside the browser's own `fetch`
//! (Chromium's profile of a load, docs/performance.md). When a candidate's opt-ins arrive, their
//! duplicate checks start fifteen searches or so: on the main thread that is one long task, or a
//! wave spread over several tasks. From a worker, the main thread only posts a message per
//! request; the worker calls `fetch` and posts the answer back. The worker is a few lines of
//! JavaScript made into a `blob:` address, so it runs under the tab page's own
//! Content-Security-Policy (`worker-src blob:`; its `connect-src` binds the worker too).
//!
//! Only requests that are safe to send again go this way (searches and reads with a text
//! answer, and no caller's cancellation): a worker that cannot start, or fails, leaves nothing
//! unknown, and its requests are sent by the page itself (the backend it stands in front of,
//! [`super::browser::Browser`] in the tab).

use super::error::ApiError;
use super::transport::{text_of, Answer, Backend, Call};
use futures::future::{Either, LocalBoxFuture};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

/// How long after a request's timeout a worker that has not answered counts as stuck.
const GRACE_MS: u32 = 1_000;

/// The worker's program: each message is one request; each answer says which.
const SOURCE: &str = r#"onmessage = async ({ data: m }) => {
  const reply = (a, moved = []) => postMessage({ id: m.id, ...a }, moved);
  let headers;
  try { headers = new Headers(m.headers); } catch (e) { reply({ bad_input: String(e && e.message || e) }); return; }
  try {
    const r = await fetch(m.url, { method: m.method, headers, body: m.body ?? undefined, redirect: "manual", signal: AbortSignal.timeout(m.timeout_ms) });
    if (r.type === "opaqueredirect") { reply({ redirected: true }); return; }
    const body = await r.arrayBuffer();
    reply({ status: r.status, body, retry_after: r.headers.get("retry-after"), content_disposition: r.headers.get("content-disposition") }, [body]);
  } catch (e) {
    reply({ failed: e && e.name === "TimeoutError" ? "timeout" : String(e && e.message || e) });
  }
};"#;

fn new_worker() -> Result<web_sys::Worker, JsValue> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&js_sys::Array::of1(&JsValue::from_str(SOURCE)), &options)?;
    web_sys::Worker::new(&web_sys::Url::create_object_url_with_blob(&blob)?)
}

/// One request, as the worker takes it.
#[derive(Serialize)]
struct Ask<'a> {
    id: u32,
    url: &'a str,
    method: &'static str,
    headers: Vec<(&'static str, &'a str)>,
    body: Option<&'a str>,
    timeout_ms: u32,
}

/// Which request an answer is for.
#[derive(Deserialize)]
struct Id {
    id: u32,
}

/// The worker's answer to one request (and its `id`).
#[derive(Deserialize)]
struct Got {
    #[serde(default)]
    status: u16,
    /// The body, an `ArrayBuffer` handed over (transferred), not copied, by the worker.
    #[serde(default, with = "serde_bytes")]
    body: Option<Vec<u8>>,
    retry_after: Option<String>,
    content_disposition: Option<String>,
    #[serde(default)]
    redirected: bool,
    /// `timeout`, or why the request failed.
    failed: Option<String>,
    /// A header the browser refuses.
    bad_input: Option<String>,
}

enum State {
    NotStarted,
    /// The requests posted and not answered yet: their ids, and how to hand each its answer.
    Running { worker: web_sys::Worker, pending: Vec<(u32, js_sys::Function)>, next: u32 },
    Failed,
}

thread_local! {
    static STATE: RefCell<State> = const { RefCell::new(State::NotStarted) };
}

fn answer_of(call: &Call, timeout_ms: u32, got: Got) -> Result<Answer, ApiError> {
    let (upstream, endpoint) = (call.upstream, call.endpoint);
    if let Some(detail) = got.bad_input {
        return Err(ApiError::BadInput { upstream, detail });
    }
    match got.failed.as_deref() {
        Some("timeout") => return Err(ApiError::Timeout { upstream, endpoint, after_ms: timeout_ms }),
        Some(detail) => return Err(ApiError::Network { upstream, endpoint, detail: detail.to_string() }),
        None => {}
    }
    if got.redirected {
        return Err(ApiError::Redirected { upstream, endpoint });
    }
    Ok(Answer { status: got.status, text: got.body.map(text_of).unwrap_or_default(), bytes: None, retry_after: got.retry_after, content_disposition: got.content_disposition })
}

/// Hand the request `id` its answer (`undefined`: the page is to send it).
fn settle(id: Option<u32>, answer: &JsValue) {
    let taken: Vec<js_sys::Function> = STATE.with(|s| match &mut *s.borrow_mut() {
        State::Running { pending, .. } => match id {
            Some(id) => pending.iter().position(|(i, _)| *i == id).map(|at| pending.swap_remove(at).1).into_iter().collect(),
            None => pending.drain(..).map(|(_, f)| f).collect(),
        },
        _ => Vec::new(),
    });
    for resolve in taken {
        drop(resolve.call1(&JsValue::UNDEFINED, answer));
    }
}

/// The worker stopped (its script did not load, or threw, or it is stuck): from now on the page
/// sends, and the requests it had are sent by the page (they are all safe to repeat).
fn failed() {
    settle(None, &JsValue::UNDEFINED);
    if let State::Running { worker, .. } = STATE.with(|s| std::mem::replace(&mut *s.borrow_mut(), State::Failed)) {
        worker.terminate();
    }
}

fn answered(event: web_sys::MessageEvent) {
    let data = event.data();
    if let Ok(Id { id }) = serde_wasm_bindgen::from_value::<Id>(data.clone()) {
        settle(Some(id), &data);
    }
}

/// Start the worker now (it takes a few milliseconds to be ready; requests posted meanwhile
/// wait for it). Whether it runs.
pub fn start() -> bool {
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        if matches!(*s, State::NotStarted) {
            *s = match new_worker() {
                Ok(worker) => {
                    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(answered);
                    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|e: web_sys::Event| {
                        // Handled here: the page goes on without the worker.
                        e.prevent_default();
                        failed();
                    });
                    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
                    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
                    // The worker lives as long as the tab.
                    on_message.forget();
                    on_error.forget();
                    State::Running { worker, pending: Vec::new(), next: 0 }
                }
                Err(_) => State::Failed,
            };
        }
        matches!(*s, State::Running { .. })
    })
}

/// The worker runs (started, and not failed).
pub fn running() -> bool {
    STATE.with(|s| matches!(*s.borrow(), State::Running { .. }))
}

/// Requests from the worker where they may go ([`start`]s it), the rest (and all of them if
/// the worker cannot run) through `page`.
pub struct InWorker {
    pub page: Rc<dyn Backend>,
}

impl Backend for InWorker {
    fn fetch(&self, call: &Call, binary: bool, timeout_ms: u32, signal: Option<&AbortSignal>) -> LocalBoxFuture<'static, Result<Answer, ApiError>> {
        if binary || signal.is_some() || !call.idempotent || !start() {
            return self.page.fetch(call, binary, timeout_ms, signal);
        }
        let mut resolve = None;
        let answer = js_sys::Promise::new(&mut |r, _| resolve = Some(r));
        let posted = STATE.with(|s| {
            let (State::Running { worker, pending, next }, Some(resolve)) = (&mut *s.borrow_mut(), resolve) else { return None };
            *next += 1;
            let ask = Ask { id: *next, url: &call.url, method: call.method.as_str(), headers: call.wire_headers().collect(), body: call.body_text(), timeout_ms };
            let sent = serde_wasm_bindgen::to_value(&ask).ok().is_some_and(|m| worker.post_message(&m).is_ok());
            sent.then(|| {
                pending.push((*next, resolve));
                *next
            })
        });
        let Some(id) = posted else {
            return self.page.fetch(call, binary, timeout_ms, signal);
        };
        let (call, page) = (call.clone(), self.page.clone());
        // The worker answers within the timeout, a timeout included. Should it not, it is stuck:
        // the request counts as timed out, and the page sends from now on.
        let stuck = page.sleep(timeout_ms.saturating_add(GRACE_MS));
        Box::pin(async move {
            match futures::future::select(wasm_bindgen_futures::JsFuture::from(answer), stuck).await {
                Either::Left((Ok(got), _)) if !got.is_undefined() => match serde_wasm_bindgen::from_value::<Got>(got) {
                    Ok(got) => answer_of(&call, timeout_ms, got),
                    Err(e) => Err(ApiError::Network { upstream: call.upstream, endpoint: call.endpoint, detail: e.to_string() }),
                },
                // The worker failed: the page sends it.
                Either::Left(_) => page.fetch(&call, false, timeout_ms, None).await,
                Either::Right(_) => {
                    settle(Some(id), &JsValue::NULL);
                    failed();
                    Err(ApiError::Timeout { upstream: call.upstream, endpoint: call.endpoint, after_ms: timeout_ms })
                }
            }
        })
    }
    fn sleep(&self, ms: u32) -> LocalBoxFuture<'static, ()> {
        self.page.sleep(ms)
    }
    fn random(&self) -> f64 {
        self.page.random()
    }
    // No pause: posting a request costs the main thread little, so a wave of them goes in one
    // task.
}
