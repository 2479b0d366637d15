//! The one transport every client uses: bounded retries with exponential back-off and jitter
//! for requests that are safe to repeat, sharing of identical requests in flight, and each
//! upstream's errors mapped to [`ApiError`]. The network itself is a [`Backend`]: the browser's
//! fetch in the tab ([`super::browser`]), scripted answers in native tests
//! ([`super::scripted`]), so every workflow above runs natively under `cargo test`.

use super::error::{from_status, ApiError, Upstream};
use futures::future::LocalBoxFuture;
use serde::Serialize;
use std::rc::Rc;
use web_sys::AbortSignal;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    None,
    Json(String),
    Form(String),
}

/// One request, fully described.
#[derive(Clone, Debug)]
pub struct Call {
    pub upstream: Upstream,
    /// For messages: `CandidateDetail`, `referrals`, …
    pub endpoint: &'static str,
    pub method: Method,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Body,
    /// Safe to send again: it changes nothing (a GET, a search, setting a value that is then
    /// set). A write whose outcome can be unknown is never marked so: it is sent once, and the
    /// caller settles an unknown outcome (by a search, or by asking a person).
    pub idempotent: bool,
}

impl Call {
    pub fn new(upstream: Upstream, endpoint: &'static str, method: Method, url: String) -> Self {
        Call { upstream, endpoint, method, url, headers: Vec::new(), body: Body::None, idempotent: method != Method::Post }
    }
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
    /// A JSON body from a wire type.
    pub fn json<T: Serialize + ?Sized>(mut self, value: &T) -> Self {
        // Wire types are plain structs of strings and numbers: serialising cannot fail.
        self.body = Body::Json(serde_json::to_string(value).unwrap_or_default());
        self
    }
    /// An `application/x-www-form-urlencoded` body from a wire type.
    pub fn form<T: Serialize + ?Sized>(mut self, value: &T) -> Self {
        self.body = Body::Form(serde_urlencoded::to_string(value).unwrap_or_default());
        self
    }
    /// The upstream deduplicates a request carrying this key (RefAssured and its relay): a
    /// concurrent or repeated send gets the first one's answer. It does not make a write safe to
    /// re-send after an unknown outcome; see [`Call::idempotent`].
    pub fn idempotency_key(self, key: &str) -> Self {
        self.header("Idempotency-Key", key)
    }
    /// Mark a POST that changes nothing (a search, a sign-in) as safe to repeat.
    pub fn repeatable(mut self) -> Self {
        self.idempotent = true;
        self
    }
    /// The headers as sent: the call's own, then its body's content type.
    pub fn wire_headers(&self) -> impl Iterator<Item = (&'static str, &str)> {
        let content_type = match &self.body {
            Body::None => None,
            Body::Json(_) => Some("application/json"),
            Body::Form(_) => Some("application/x-www-form-urlencoded"),
        };
        self.headers.iter().map(|(k, v)| (*k, v.as_str())).chain(content_type.map(|c| ("Content-Type", c)))
    }
    /// The body as sent, if any.
    pub fn body_text(&self) -> Option<&str> {
        match &self.body {
            Body::None => None,
            Body::Json(t) | Body::Form(t) => Some(t),
        }
    }
    /// Mark a call that must be sent at most once (a refresh token is good once).
    pub fn once(mut self) -> Self {
        self.idempotent = false;
        self
    }
}

/// A query string from a wire type (`a=1&b=x%20y`), or from pairs (repeat a key for a list).
pub fn query<T: Serialize + ?Sized>(value: &T) -> String {
    serde_urlencoded::to_string(value).unwrap_or_default()
}

/// A body as text, as `Response.text()` reads it (the Fetch standard's UTF-8 decode): a leading
/// byte order mark dropped, a malformed sequence read as U+FFFD. The backends take bodies as
/// bytes, which enter the module in one copy: a JS string is re-encoded into it a character at
/// a time, in JavaScript (docs/performance.md, session 18).
pub fn text_of(body: Vec<u8>) -> String {
    let text = String::from_utf8(body).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    }
}

/// What came back from one attempt, whatever the status.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Answer {
    pub status: u16,
    pub text: String,
    pub bytes: Option<Vec<u8>>,
    pub retry_after: Option<String>,
    pub content_disposition: Option<String>,
}

/// A successful (2xx) answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    pub status: u16,
    pub text: String,
    pub bytes: Option<Vec<u8>>,
    pub content_disposition: Option<String>,
}

/// The network: one attempt of a call, waiting, and chance. Errors are `Network`, `Timeout`,
/// `Aborted` or `BadInput` (a header the browser refuses); every answer, whatever its status,
/// is an [`Answer`].
pub trait Backend {
    fn fetch(&self, call: &Call, binary: bool, timeout_ms: u32, signal: Option<&AbortSignal>) -> LocalBoxFuture<'static, Result<Answer, ApiError>>;
    fn sleep(&self, ms: u32) -> LocalBoxFuture<'static, ()>;
    /// Uniform in 0..1, for jitter.
    fn random(&self) -> f64;
    /// Let the browser run its other tasks before going on (a task boundary): work that starts
    /// many requests at once is spread over several short tasks instead of one long one. At
    /// once where there is no browser.
    fn pause(&self) -> LocalBoxFuture<'static, ()> {
        Box::pin(async {})
    }
}

/// No network: natively, unless a test scripts one.
#[cfg(not(target_arch = "wasm32"))]
struct Offline;

#[cfg(not(target_arch = "wasm32"))]
impl Backend for Offline {
    fn fetch(&self, call: &Call, _: bool, _: u32, _: Option<&AbortSignal>) -> LocalBoxFuture<'static, Result<Answer, ApiError>> {
        let e = ApiError::Network { upstream: call.upstream, endpoint: call.endpoint, detail: "no network outside the browser".into() };
        Box::pin(async move { Err(e) })
    }
    fn sleep(&self, _: u32) -> LocalBoxFuture<'static, ()> {
        Box::pin(async {})
    }
    fn random(&self) -> f64 {
        0.5
    }
}

fn default_backend() -> Rc<dyn Backend> {
    #[cfg(target_arch = "wasm32")]
    {
        Rc::new(super::browser::Browser)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        Rc::new(Offline)
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub attempts: u32,
    pub base_ms: u32,
    pub max_ms: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { attempts: 4, base_ms: 400, max_ms: 8_000 }
    }
}

/// The delay before attempt `attempt + 1`: exponential with full jitter (`random` in 0..1),
/// never below half the base; a `Retry-After` is honoured up to `max_ms`.
pub fn backoff_ms(p: &RetryPolicy, attempt: u32, random: f64, retry_after_s: Option<u32>) -> u32 {
    if let Some(s) = retry_after_s {
        return s.saturating_mul(1000).min(p.max_ms);
    }
    let ceiling = p.base_ms.saturating_mul(1u32 << attempt.saturating_sub(1).min(16)).min(p.max_ms);
    let floor = p.base_ms / 2;
    (floor as f64 + random.clamp(0.0, 1.0) * ceiling.saturating_sub(floor) as f64) as u32
}

/// What a waiting caller may show while a request is being retried.
#[derive(Clone, Debug, PartialEq)]
pub struct RetryNotice {
    pub upstream: Upstream,
    pub endpoint: &'static str,
    /// The attempt about to be made (2 = first retry).
    pub next_attempt: u32,
    pub of: u32,
    pub delay_ms: u32,
    pub reason: String,
}

/// Settings shared by a client's calls. Cheap to clone.
#[derive(Clone)]
pub struct Transport {
    pub backend: Rc<dyn Backend>,
    pub timeout_ms: u32,
    pub retry: RetryPolicy,
    /// Aborts every request of this transport (a component's unmount).
    pub signal: Option<AbortSignal>,
    pub on_retry: Option<Rc<dyn Fn(&RetryNotice)>>,
    /// Others may share these requests while they are in flight (see [`Transport::send`]).
    pub shared: bool,
}

impl Default for Transport {
    fn default() -> Self {
        Transport { backend: default_backend(), timeout_ms: 15_000, retry: RetryPolicy::default(), signal: None, on_retry: None, shared: false }
    }
}

type InFlight = futures::future::Shared<LocalBoxFuture<'static, Result<Reply, ApiError>>>;

thread_local! {
    /// Requests sent by a `shared` transport, by what they ask, until they are answered (or,
    /// while [`keep_first_wave`] holds and the answer is not a failure, until
    /// [`release_first_wave`]).
    static IN_FLIGHT: std::cell::RefCell<Vec<(String, InFlight)>> = const { std::cell::RefCell::new(Vec::new()) };
    /// While the first wave is kept: how many panels have yet to show their first answer.
    static KEEPING: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Keep the answers of `shared` requests after they arrive, until [`release_first_wave`]: the
/// tab starts its first wave before its first render, so an answer may arrive before the panel
/// that asks for it exists, or before its list has been drawn (the duplicate checks). A
/// failure is not kept (asking again is a retry), and a write releases them all (an answer from
/// before it may be out of date).
pub fn keep_first_wave(panels: usize) {
    KEEPING.with(|k| k.set(panels));
}

/// A panel has shown its first answer (or failure); after the last of those
/// [`keep_first_wave`] waits for, the first wave is released, in the browser once the page's
/// current task is over: the render that showed that panel may also have mounted a part that
/// asks for kept answers in that same task (the candidate's ambassador standing appears with
/// the candidate, and its effects may run after the candidate's), and it still takes them.
pub fn panel_shown() {
    match KEEPING.with(|k| k.get()) {
        0 => {}
        1 => {
            #[cfg(target_arch = "wasm32")]
            {
                KEEPING.with(|k| k.set(0));
                wasm_bindgen_futures::spawn_local(async {
                    gloo_timers::future::TimeoutFuture::new(0).await;
                    release_first_wave();
                });
            }
            #[cfg(not(target_arch = "wasm32"))]
            release_first_wave();
        }
        n => KEEPING.with(|k| k.set(n - 1)),
    }
}

/// The panels have shown what they asked for: answered shared requests are dropped, and from
/// now on the same request is sent afresh (a refresh is a refresh).
pub fn release_first_wave() {
    KEEPING.with(|k| k.set(0));
    IN_FLIGHT.with(|m| m.borrow_mut().retain(|(_, r)| r.peek().is_none()));
}

/// Start the worker that [`Transport::from_a_worker`] sends from, so that it is ready before
/// its first request (it takes a few milliseconds, on a thread of its own). Outside the
/// browser, nothing.
pub fn start_worker() {
    #[cfg(target_arch = "wasm32")]
    super::worker::start();
}

/// What a request asks, for sharing: method, address, headers and body (`GET <url>\n`, then
/// `<name>: <value>\n` for each header, then the body). The page's shell keys the requests it
/// sends before the app starts the same way (`index.html`, [`super::browser`]).
pub(crate) fn ask(call: &Call) -> String {
    let mut key = format!("{} {}\n", call.method.as_str(), call.url);
    for (k, v) in &call.headers {
        key += &format!("{k}: {v}\n");
    }
    if let Body::Json(t) | Body::Form(t) = &call.body {
        key += t;
    }
    key
}

impl PartialEq for Transport {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.backend, &other.backend)
            && self.timeout_ms == other.timeout_ms
            && self.retry == other.retry
            && self.signal == other.signal
            && self.shared == other.shared
            && match (&self.on_retry, &other.on_retry) {
                (None, None) => true,
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                _ => false,
            }
    }
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transport").field("timeout_ms", &self.timeout_ms).field("retry", &self.retry).finish()
    }
}

/// `Retry-After` in whole seconds, capped: a header cannot make the tab wait (or say) more
/// than an hour.
pub fn retry_after_s(header: Option<&str>) -> Option<u32> {
    header.and_then(|v| v.trim().parse::<u64>().ok()).map(|s| s.min(3600) as u32)
}

impl Transport {
    /// The same settings over another network (tests).
    pub fn over(backend: Rc<dyn Backend>) -> Self {
        Transport { backend, ..Transport::default() }
    }

    pub fn with_signal(&self, signal: AbortSignal) -> Self {
        Transport { signal: Some(signal), ..self.clone() }
    }

    fn aborted(&self) -> bool {
        self.signal.as_ref().is_some_and(AbortSignal::aborted)
    }

    /// The same transport with its requests sent from a worker where they may be
    /// ([`super::worker`]): a wave of them then costs the main thread little. The worker is
    /// started by the first request that goes its way, or earlier by [`start_worker`]; if it
    /// cannot run, the page sends. Outside the browser, the same transport.
    pub fn from_a_worker(&self) -> Self {
        #[cfg(target_arch = "wasm32")]
        return Transport { backend: Rc::new(super::worker::InWorker { page: self.backend.clone() }), ..self.clone() };
        #[cfg(not(target_arch = "wasm32"))]
        self.clone()
    }

    /// Requests that others may share while in flight (the tab's first loads, started before
    /// the first render: the panels' identical requests then take those answers).
    pub fn shared(&self) -> Self {
        Transport { shared: true, ..self.clone() }
    }

    /// Send with retries (idempotent calls only); a non-2xx answer becomes the upstream's error.
    /// A request that changes nothing and asks exactly what a `shared` request in flight asks
    /// takes that request's answer instead of being sent again.
    pub async fn send(&self, call: &Call, binary: bool) -> Result<Reply, ApiError> {
        if !call.idempotent {
            release_first_wave();
        }
        if !call.idempotent || binary {
            return self.send_retrying(call, binary).await;
        }
        let key = ask(call);
        if let Some(request) = IN_FLIGHT.with(|m| m.borrow().iter().find(|(k, _)| *k == key).map(|(_, r)| r.clone())) {
            return request.await;
        }
        if !self.shared {
            return self.send_retrying(call, binary).await;
        }
        use futures::FutureExt;
        let (this, c, k) = (self.clone(), call.clone(), key.clone());
        let request: InFlight = async move {
            let reply = this.send_retrying(&c, false).await;
            // Answered: from now on the same request is sent afresh (unless the first wave is
            // still kept for the panels, and this answer is not a failure).
            if reply.is_err() || KEEPING.with(|k| k.get()) == 0 {
                IN_FLIGHT.with(|m| m.borrow_mut().retain(|(key, _)| *key != k));
            }
            reply
        }
        .boxed_local()
        .shared();
        IN_FLIGHT.with(|m| m.borrow_mut().push((key, request.clone())));
        request.await
    }

    async fn send_retrying(&self, call: &Call, binary: bool) -> Result<Reply, ApiError> {
        let mut attempt = 1;
        loop {
            let result = self.send_once(call, binary).await;
            match result {
                // A 429 means nothing was done, and "in progress" means the upstream runs the
                // keyed request once: both are safe to repeat even for a write.
                Err(e) if (call.idempotent && e.is_transient() || matches!(e, ApiError::RateLimited { .. } | ApiError::InProgress { .. }))
                    && attempt < self.retry.attempts
                    && !self.aborted() =>
                {
                    let retry_after = match &e {
                        ApiError::RateLimited { retry_after_s, .. } | ApiError::InProgress { retry_after_s, .. } => *retry_after_s,
                        _ => None,
                    };
                    let delay = backoff_ms(&self.retry, attempt, self.backend.random(), retry_after);
                    if let Some(cb) = &self.on_retry {
                        cb(&RetryNotice { upstream: call.upstream, endpoint: call.endpoint, next_attempt: attempt + 1, of: self.retry.attempts, delay_ms: delay, reason: e.to_string() });
                    }
                    self.backend.sleep(delay).await;
                    if self.aborted() {
                        return Err(ApiError::Aborted);
                    }
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    async fn send_once(&self, call: &Call, binary: bool) -> Result<Reply, ApiError> {
        if self.aborted() {
            return Err(ApiError::Aborted);
        }
        let a = self.backend.fetch(call, binary, self.timeout_ms, self.signal.as_ref()).await?;
        if (200..300).contains(&a.status) {
            Ok(Reply { status: a.status, text: a.text, bytes: a.bytes, content_disposition: a.content_disposition })
        } else {
            Err(from_status(call.upstream, a.status, &a.text, retry_after_s(a.retry_after.as_deref())))
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::api::scripted::{run, Scripted};

    #[test]
    fn bodies_read_as_fetch_reads_text() {
        assert_eq!(text_of(b"{\"a\":1}".to_vec()), "{\"a\":1}");
        assert_eq!(text_of("\u{feff}[\"Zoë\"]".as_bytes().to_vec()), "[\"Zoë\"]", "a byte order mark is dropped");
        assert_eq!(text_of("\u{feff}\u{feff}x".as_bytes().to_vec()), "\u{feff}x", "only the first");
        assert_eq!(text_of(b"a\xffb\xe2\x82".to_vec()), "a\u{fffd}b\u{fffd}", "malformed sequences become U+FFFD");
        assert_eq!(text_of(Vec::new()), "");
    }

    #[test]
    fn back_off_grows_is_capped_and_jittered() {
        let p = RetryPolicy { attempts: 6, base_ms: 400, max_ms: 8_000 };
        assert_eq!(backoff_ms(&p, 1, 1.0, None), 400);
        assert_eq!(backoff_ms(&p, 2, 1.0, None), 800);
        assert_eq!(backoff_ms(&p, 3, 1.0, None), 1600);
        assert_eq!(backoff_ms(&p, 30, 1.0, None), 8_000);
        assert_eq!(backoff_ms(&p, 3, 0.0, None), 200, "never below half the base");
        assert!((200..=1600).contains(&backoff_ms(&p, 3, 0.5, None)));
        assert_eq!(backoff_ms(&p, 1, 0.3, Some(3)), 3_000, "Retry-After wins");
        assert_eq!(backoff_ms(&p, 1, 0.3, Some(600)), 8_000, "but is capped");
        assert_eq!(retry_after_s(Some("999999")), Some(3600));
        assert_eq!(retry_after_s(Some("soon")), None);
    }

    #[test]
    fn calls_know_whether_they_may_be_repeated() {
        let get = Call::new(Upstream::JobDiva, "UsersList", Method::Get, "u".into());
        assert!(get.idempotent);
        let post = Call::new(Upstream::JobDiva, "createCandidate", Method::Post, "u".into());
        assert!(!post.idempotent);
        let keyed = post.idempotency_key("candidate:1");
        assert!(!keyed.idempotent, "a key deduplicates concurrent sends; it does not make a lost write safe to re-send");
        assert!(keyed.headers.contains(&("Idempotency-Key", "candidate:1".into())));
        assert!(Call::new(Upstream::JobDiva, "search", Method::Post, "u".into()).repeatable().idempotent);
    }

    #[test]
    fn form_bodies_and_queries_encode_bracket_keys_and_repeat_keys() {
        let c = Call::new(Upstream::StaffingReferrals, "x", Method::Post, "u".into()).form(&[("applicant[email]", "a+b@x.com"), ("status", "awaiting_payment")]);
        assert_eq!(c.body, Body::Form("applicant%5Bemail%5D=a%2Bb%40x.com&status=awaiting_payment".into()));
        assert_eq!(query(&[("jobIds", 1), ("jobIds", 2)]), "jobIds=1&jobIds=2");
    }

    #[test]
    fn reads_are_retried_with_back_off_and_429_retry_after() {
        let net = Scripted::new(|c, n| match n {
            0 => Scripted::status(503, ""),
            1 => Scripted::answer(429, "Request Limit Exceeded", Some("2")),
            _ => Scripted::ok(&format!("\"{}\"", c.endpoint)),
        });
        let t = Transport::over(net.clone());
        let r = run(t.send(&Call::new(Upstream::JobDiva, "UsersList", Method::Get, "u".into()), false)).unwrap();
        assert_eq!(r.text, "\"UsersList\"");
        assert_eq!(net.calls().len(), 3);
        let slept = net.slept();
        assert_eq!(slept.len(), 2);
        assert!((200..=400).contains(&slept[0]), "jittered back-off {slept:?}");
        assert_eq!(slept[1], 2000, "Retry-After honoured");
    }

    #[test]
    fn a_write_is_sent_once_whatever_happens_but_a_429_is_retried() {
        for failure in [Scripted::status(502, ""), Err(ApiError::Timeout { upstream: Upstream::JobDiva, endpoint: "createCandidateNote", after_ms: 1 }), Err(ApiError::Network { upstream: Upstream::JobDiva, endpoint: "createCandidateNote", detail: "dropped".into() })] {
            let net = Scripted::new(move |_, _| failure.clone());
            let t = Transport::over(net.clone());
            let call = Call::new(Upstream::JobDiva, "createCandidateNote", Method::Post, "u".into()).idempotency_key("k");
            let e = run(t.send(&call, false)).unwrap_err();
            assert!(e.outcome_unknown(), "{e:?}");
            assert_eq!(net.calls().len(), 1, "never re-sent: {e:?}");
        }
        // Without Retry-After, a 429 backs off on its own schedule, and nothing was written.
        let net = Scripted::new(|_, n| if n == 0 { Scripted::status(429, "Request Limit Exceeded") } else { Scripted::ok("7") });
        let t = Transport::over(net.clone());
        let call = Call::new(Upstream::JobDiva, "createCandidateNote", Method::Post, "u".into());
        assert_eq!(run(t.send(&call, false)).unwrap().text, "7");
        assert_eq!(net.calls().len(), 2);
    }

    #[test]
    fn the_first_wave_is_kept_for_the_panels_until_released() {
        let net = Scripted::new(|_, n| Scripted::ok(&n.to_string()));
        let early = Transport::over(net.clone()).shared();
        let panel = Transport::over(net.clone());
        let call = Call::new(Upstream::RefAssured, "requests", Method::Get, "u".into());
        keep_first_wave(2);
        // Answered before the panel exists (the render comes in a task of its own) …
        assert_eq!(run(early.send(&call, false)).unwrap().text, "0");
        // … the panel still takes that answer: one request upstream.
        assert_eq!(run(panel.send(&call, false)).unwrap().text, "0");
        assert_eq!(net.calls().len(), 1);
        // Released once both panels have shown their answers: the same request is sent afresh.
        panel_shown();
        assert_eq!(run(panel.send(&call, false)).unwrap().text, "0", "a panel is still loading");
        panel_shown();
        assert_eq!(run(panel.send(&call, false)).unwrap().text, "1");
        assert_eq!(run(early.send(&call, false)).unwrap().text, "2", "answered shared requests are no longer kept");
        assert_eq!(run(panel.send(&call, false)).unwrap().text, "3");
        panel_shown();
        assert_eq!(run(panel.send(&call, false)).unwrap().text, "4", "a late report changes nothing");
        // A write is never shared.
        let write = Call::new(Upstream::RefAssured, "note", Method::Post, "u".into());
        run(panel.send(&write, false)).unwrap();
        run(panel.send(&write, false)).unwrap();
        assert_eq!(net.calls().len(), 7);
    }

    #[test]
    fn a_failure_is_not_kept_and_a_write_releases_the_first_wave() {
        let net = Scripted::new(|_, n| if n == 0 { Scripted::status(404, "no") } else { Scripted::ok(&n.to_string()) });
        let early = Transport::over(net.clone()).shared();
        let panel = Transport::over(net.clone());
        let (read, other) = (Call::new(Upstream::RefAssured, "requests", Method::Get, "u".into()), Call::new(Upstream::RefAssured, "opt-ins", Method::Get, "v".into()));
        keep_first_wave(4);
        assert!(run(early.send(&read, false)).is_err());
        // The panel's "Try again" is sent: the failure was not kept.
        assert_eq!(run(panel.send(&read, false)).unwrap().text, "1");
        assert_eq!(run(early.send(&other, false)).unwrap().text, "2");
        // A write (here, a note) may change what a kept answer says: the next read goes afresh.
        run(panel.send(&Call::new(Upstream::RefAssured, "note", Method::Post, "w".into()), false)).unwrap();
        assert_eq!(run(panel.send(&other, false)).unwrap().text, "4");
        release_first_wave();
    }

    #[test]
    fn a_refusal_is_not_retried() {
        let net = Scripted::new(|_, _| Scripted::status(500, r#"{"status":500,"message":"Error: Candidate(42) is not found."}"#));
        let t = Transport::over(net.clone());
        let e = run(t.send(&Call::new(Upstream::JobDiva, "CandidateDetail", Method::Get, "u".into()), false)).unwrap_err();
        assert!(matches!(e, ApiError::Rejected { .. }) && !e.outcome_unknown());
        assert_eq!(net.calls().len(), 1);
    }
}
