//! The one transport every client uses: fetch with a timeout, cancellation by the caller,
//! bounded retries with exponential back-off and jitter for requests that are safe to repeat,
//! and each upstream's errors mapped to [`ApiError`].

use super::error::{ApiError, Upstream};
use std::rc::Rc;
use web_sys::AbortSignal;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
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
    /// Safe to send again (GET, an idempotent PUT, or a POST carrying an Idempotency-Key).
    /// Everything else is sent once: where its outcome is unknown, the caller re-checks.
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
    pub fn json(mut self, text: String) -> Self {
        self.body = Body::Json(text);
        self
    }
    pub fn form(mut self, text: String) -> Self {
        self.body = Body::Form(text);
        self
    }
    /// Mark a POST safe to repeat: the upstream deduplicates it by this key.
    pub fn idempotency_key(mut self, key: &str) -> Self {
        self.headers.push(("Idempotency-Key", key.to_string()));
        self.idempotent = true;
        self
    }
}

/// A successful (2xx) answer.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub text: String,
    pub bytes: Option<Vec<u8>>,
    pub content_disposition: Option<String>,
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
        Transport { timeout_ms: 15_000, retry: RetryPolicy::default(), signal: None, on_retry: None, shared: false }
    }
}

type InFlight = futures::future::Shared<futures::future::LocalBoxFuture<'static, Result<Reply, ApiError>>>;

thread_local! {
    /// Requests sent by a `shared` transport, by what they ask, until they are answered.
    static IN_FLIGHT: std::cell::RefCell<Vec<(String, InFlight)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// What a request asks, for sharing: method, address, headers and body.
fn ask(call: &Call) -> String {
    let mut key = format!("{} {}\n", call.method as u8, call.url);
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
        self.timeout_ms == other.timeout_ms && self.retry == other.retry && self.signal == other.signal && self.shared == other.shared
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

impl Transport {
    pub fn with_signal(&self, signal: AbortSignal) -> Self {
        Transport { signal: Some(signal), ..self.clone() }
    }

    fn aborted(&self) -> bool {
        self.signal.as_ref().is_some_and(AbortSignal::aborted)
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
            // Answered: from now on the same request is sent afresh.
            IN_FLIGHT.with(|m| m.borrow_mut().retain(|(key, _)| *key != k));
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
                // A 429 means nothing was done, and "in progress" means the server runs the keyed
                // request once: both are safe to repeat even for a create.
                Err(e) if (call.idempotent && e.is_transient() || matches!(e, ApiError::RateLimited { .. } | ApiError::InProgress { .. }))
                    && attempt < self.retry.attempts
                    && !self.aborted() =>
                {
                    let retry_after = match &e {
                        ApiError::RateLimited { retry_after_s, .. } | ApiError::InProgress { retry_after_s, .. } => *retry_after_s,
                        _ => None,
                    };
                    let delay = backoff_ms(&self.retry, attempt, js_sys::Math::random(), retry_after);
                    if let Some(cb) = &self.on_retry {
                        cb(&RetryNotice {
                            upstream: call.upstream,
                            endpoint: call.endpoint,
                            next_attempt: attempt + 1,
                            of: self.retry.attempts,
                            delay_ms: delay,
                            reason: e.to_string(),
                        });
                    }
                    sleep_ms(delay).await;
                    if self.aborted() {
                        return Err(ApiError::Aborted);
                    }
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    async fn send_once(&self, call: &Call, _binary: bool) -> Result<Reply, ApiError> {
        Err(ApiError::Network { upstream: call.upstream, endpoint: call.endpoint, detail: "fetch is only available in the browser".into() })
    }

    #[cfg(target_arch = "wasm32")]
    async fn send_once(&self, call: &Call, binary: bool) -> Result<Reply, ApiError> {
        use super::error::from_status;
        use super::json::Json;
        use std::cell::Cell;
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;

        if self.aborted() {
            return Err(ApiError::Aborted);
        }
        let network = |detail: String| ApiError::Network { upstream: call.upstream, endpoint: call.endpoint, detail };
        let controller = web_sys::AbortController::new().map_err(|_| network("AbortController unavailable".into()))?;
        let timed_out = Rc::new(Cell::new(false));
        let window = web_sys::window().ok_or_else(|| network("no window".into()))?;

        let on_timeout = {
            let (c, t) = (controller.clone(), timed_out.clone());
            Closure::<dyn FnMut()>::new(move || {
                t.set(true);
                c.abort();
            })
        };
        let timer = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(on_timeout.as_ref().unchecked_ref(), self.timeout_ms as i32)
            .unwrap_or(0);
        // The caller's cancellation aborts this request too.
        let on_cancel = {
            let c = controller.clone();
            Closure::<dyn FnMut()>::new(move || c.abort())
        };
        if let Some(s) = &self.signal {
            let _ = s.add_event_listener_with_callback("abort", on_cancel.as_ref().unchecked_ref());
        }

        let outcome = async {
            let method = match call.method {
                Method::Get => gloo_net::http::Method::GET,
                Method::Post => gloo_net::http::Method::POST,
                Method::Put => gloo_net::http::Method::PUT,
            };
            let mut builder = gloo_net::http::RequestBuilder::new(&call.url).method(method).abort_signal(Some(&controller.signal()));
            for (k, v) in &call.headers {
                builder = builder.header(k, v);
            }
            let request = match &call.body {
                Body::None => builder.build(),
                Body::Json(t) => builder.header("Content-Type", "application/json").body(t.as_str()),
                Body::Form(t) => builder.header("Content-Type", "application/x-www-form-urlencoded").body(t.as_str()),
            }
            .map_err(|e| network(e.to_string()))?;
            let response = request.send().await.map_err(|e| network(e.to_string()))?;
            let status = response.status();
            let headers = response.headers();
            let retry_after = headers.get("retry-after").and_then(|v| v.trim().parse::<u32>().ok());
            let content_disposition = headers.get("content-disposition");
            let ok = (200..300).contains(&status);
            if ok && binary {
                let bytes = response.binary().await.map_err(|e| network(e.to_string()))?;
                return Ok(Reply { status, text: String::new(), bytes: Some(bytes), content_disposition });
            }
            let text = response.text().await.map_err(|e| network(e.to_string()))?;
            if ok {
                Ok(Reply { status, text, bytes: None, content_disposition })
            } else {
                let json = Json::parse(&text).ok();
                Err(from_status(call.upstream, status, &text, json.as_ref(), retry_after))
            }
        }
        .await;

        window.clear_timeout_with_handle(timer);
        if let Some(s) = &self.signal {
            let _ = s.remove_event_listener_with_callback("abort", on_cancel.as_ref().unchecked_ref());
        }
        drop(on_timeout);
        drop(on_cancel);
        match outcome {
            Err(ApiError::Network { .. }) if timed_out.get() => {
                Err(ApiError::Timeout { upstream: call.upstream, endpoint: call.endpoint, after_ms: self.timeout_ms })
            }
            Err(ApiError::Network { .. }) if self.aborted() => Err(ApiError::Aborted),
            other => other,
        }
    }
}

/// Wait without blocking the page.
pub async fn sleep_ms(ms: u32) {
    yew::platform::time::sleep(std::time::Duration::from_millis(u64::from(ms))).await;
}

/// Seconds since 1970, from the browser's clock (0 natively).
pub fn now_s() -> i64 {
    #[cfg(target_arch = "wasm32")]
    {
        (js_sys::Date::now() / 1000.0) as i64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}

/// `a=1&b%5Bc%5D=2` from pairs (Staffing Referrals' bracket keys, query strings).
pub fn form(pairs: &[(&str, &str)]) -> String {
    use crate::domain::urlenc::encode;
    pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }

    #[test]
    fn calls_know_whether_they_may_be_repeated() {
        let get = Call::new(Upstream::JobDiva, "UsersList", Method::Get, "u".into());
        assert!(get.idempotent);
        let post = Call::new(Upstream::JobDiva, "createCandidate", Method::Post, "u".into());
        assert!(!post.idempotent);
        let keyed = post.idempotency_key("candidate:1");
        assert!(keyed.idempotent);
        assert!(keyed.headers.contains(&("Idempotency-Key", "candidate:1".into())));
    }

    #[test]
    fn form_bodies_encode_bracket_keys() {
        assert_eq!(form(&[("applicant[email]", "a+b@x.com"), ("status", "awaiting_payment")]), "applicant%5Bemail%5D=a%2Bb%40x.com&status=awaiting_payment");
    }
}
