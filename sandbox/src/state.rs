//! Shared state of the running sandbox: the world, settings, faults, quotas and the request log.

use crate::util::{now_millis, Rng};
use crate::world::{Scale, World};
use axum::body::Body;
use axum::extract::{OriginalUri, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Runtime settings, changeable through `PUT /_sandbox/settings`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// JobDiva access-token lifetime in seconds (2021 server: 24 h).
    pub token_lifetime_secs: i64,
    pub refresh_lifetime_secs: i64,
    /// JobDiva requests per endpoint per tenant per minute; `None` = unlimited.
    pub jobdiva_quota_per_minute: Option<u32>,
    /// Staffing Referrals' New Referral webhook target and optional header `Name: value`.
    pub webhook_url: Option<String>,
    pub webhook_header: Option<String>,
    /// How long a webhook back-off "minute" lasts, in milliseconds (60000 in reality).
    pub webhook_minute_ms: u64,
    /// How long a hanging request hangs before answering, in milliseconds.
    pub hang_ms: u64,
    /// Whether JobDiva has the resume source "RefAssured" (the agency's setup step).
    pub refassured_resume_source: bool,
    /// Deploy the app with this request timeout (its `refassured-timeout-ms`); `None` keeps the
    /// app's own default.
    pub app_timeout_ms: Option<u64>,
    /// Pending opt-ins added to the seed by the next reset (`--opt-ins`; the fault runs).
    pub bulk_opt_ins: usize,
    /// Staffing Referrals referrals added to the seed by the next reset (`--referrals`).
    pub bulk_referrals: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            token_lifetime_secs: 24 * 3600,
            refresh_lifetime_secs: 30 * 24 * 3600,
            jobdiva_quota_per_minute: None,
            webhook_url: None,
            webhook_header: None,
            webhook_minute_ms: 60_000,
            hang_ms: 120_000,
            refassured_resume_source: true,
            app_timeout_ms: None,
            bulk_opt_ins: 0,
            bulk_referrals: 0,
        }
    }
}

impl Settings {
    pub fn bulk(&self) -> crate::world::Bulk {
        crate::world::Bulk {
            opt_ins: self.bulk_opt_ins,
            referrals: self.bulk_referrals,
        }
    }
}

/// One fault rule. A request matches when its upstream, method and path match; the rates are
/// probabilities (0..=1) drawn from the sandbox's seeded dice, so runs repeat.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FaultRule {
    /// `jobdiva`, `refassured`, `staffingreferrals` or `*`.
    pub upstream: String,
    /// A substring of the path below the upstream's root, e.g. `createCandidate`; empty = all.
    pub route: String,
    /// `GET`, `POST`, …; empty = all.
    pub method: String,
    pub latency_ms: u64,
    pub jitter_ms: u64,
    /// 5xx before the upstream acts.
    pub error_rate: f64,
    /// 5xx after the upstream acted (the caller cannot know it did).
    pub error_after_rate: f64,
    pub rate_429: f64,
    /// Hang (then answer after `hang_ms`) before acting.
    pub hang_rate: f64,
    /// Act, then hang.
    pub hang_after_rate: f64,
    /// 200 with a truncated JSON body.
    pub malformed_rate: f64,
    /// Drop the connection mid-response (after acting).
    pub drop_rate: f64,
    /// Hold matching requests (before the upstream acts) until `POST /_sandbox/release`: how a
    /// test sees a transient state (loading, retrying) without racing a clock.
    pub hold: bool,
    /// Apply to the next N matching requests only; `None` = until changed.
    pub remaining: Option<u32>,
}

#[derive(Clone, Debug, Serialize)]
pub struct LogEntry {
    pub seq: u64,
    pub upstream: String,
    pub method: String,
    pub path: String,
    pub query: String,
    /// Milliseconds since the sandbox started.
    pub start_ms: u64,
    pub end_ms: u64,
    pub status: u16,
    pub fault: Option<String>,
}

pub struct Shared {
    pub seed: u64,
    pub scale: Scale,
    pub world: Mutex<World>,
    pub settings: Mutex<Settings>,
    pub faults: Mutex<Vec<FaultRule>>,
    pub log: Mutex<Vec<LogEntry>>,
    pub quota: Mutex<HashMap<String, (u128, u32)>>,
    pub rng: Mutex<Rng>,
    pub started: Instant,
    /// Bumped by every release; a held request waits until it passes the value it saw.
    pub releases: tokio::sync::watch::Sender<u64>,
    /// Requests being held right now.
    pub held: std::sync::atomic::AtomicUsize,
}

pub type AppState = Arc<Shared>;

/// Lock a mutex, recovering from a poisoned one (a panicked handler must not wedge the sandbox).
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Shared {
    pub fn new(seed: u64, scale: Scale, settings: Settings, faults: Vec<FaultRule>) -> AppState {
        Arc::new(Shared {
            seed,
            scale,
            world: Mutex::new(World::seed_with(seed, scale, settings.bulk())),
            settings: Mutex::new(settings),
            faults: Mutex::new(faults),
            log: Mutex::new(Vec::new()),
            quota: Mutex::new(HashMap::new()),
            rng: Mutex::new(Rng::new(seed.wrapping_add(1))),
            started: Instant::now(),
            releases: tokio::sync::watch::Sender::new(0),
            held: std::sync::atomic::AtomicUsize::new(0),
        })
    }

    pub fn reset(&self) {
        *lock(&self.world) = World::seed_with(self.seed, self.scale, self.settings().bulk());
        lock(&self.log).clear();
        lock(&self.quota).clear();
        self.release();
        lock(&self.faults).clear();
        *lock(&self.rng) = Rng::new(self.seed.wrapping_add(1));
    }

    /// Let every held request go on, and stop holding: the hold rules are removed. Under the
    /// faults lock, so a request either saw the rule and this release, or neither.
    pub fn release(&self) -> usize {
        let mut faults = lock(&self.faults);
        faults.retain(|r| !r.hold);
        // Counted before they are let go (a released request stops counting itself at once).
        let held = self.held.load(std::sync::atomic::Ordering::SeqCst);
        self.releases.send_modify(|n| *n += 1);
        held
    }

    /// Append to the request log, numbering under the same lock (so every request gets one
    /// number of its own, and `after=N` misses none).
    pub fn record(&self, mut entry: LogEntry) {
        let mut log = lock(&self.log);
        entry.seq = log.last().map_or(0, |e| e.seq) + 1;
        log.push(entry);
    }

    pub fn settings(&self) -> Settings {
        lock(&self.settings).clone()
    }

    fn elapsed_ms(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
    }
}

/// What a matched rule decided for one request.
#[derive(Default, Debug)]
struct Decision {
    delay_ms: u64,
    before: Option<&'static str>,
    after: Option<&'static str>,
    /// Hold until the release after this one.
    hold: Option<u64>,
}

fn decide(state: &Shared, upstream: &str, method: &str, path: &str) -> Decision {
    let mut faults = lock(&state.faults);
    let mut rng = lock(&state.rng);
    let mut d = Decision::default();
    for rule in faults.iter_mut() {
        let matches =
            (rule.upstream == "*" || rule.upstream.is_empty() || rule.upstream == upstream)
                && (rule.method.is_empty() || rule.method.eq_ignore_ascii_case(method))
                && (rule.route.is_empty() || path.contains(&rule.route));
        if !matches || rule.remaining == Some(0) {
            continue;
        }
        if let Some(n) = rule.remaining.as_mut() {
            *n -= 1;
        }
        if rule.hold && d.hold.is_none() {
            d.hold = Some(*state.releases.borrow());
        }
        d.delay_ms += rule.latency_ms
            + if rule.jitter_ms > 0 {
                rng.below(rule.jitter_ms + 1)
            } else {
                0
            };
        if d.before.is_none() {
            d.before = [
                ("429", rule.rate_429),
                ("error", rule.error_rate),
                ("hang", rule.hang_rate),
            ]
            .into_iter()
            .find(|(_, p)| rng.chance(*p))
            .map(|(k, _)| k);
        }
        if d.after.is_none() {
            d.after = [
                ("error_after", rule.error_after_rate),
                ("hang_after", rule.hang_after_rate),
                ("malformed", rule.malformed_rate),
                ("drop", rule.drop_rate),
            ]
            .into_iter()
            .find(|(_, p)| rng.chance(*p))
            .map(|(k, _)| k);
        }
    }
    d
}

/// One simulated upstream as the fault layer sees it: its name in fault rules and the log, and
/// its own way of answering an injected fault. Each simulator module defines its own, so this
/// module depends on none of them.
#[derive(Clone, Copy)]
pub struct Upstream {
    pub name: &'static str,
    /// The answer to an injected fault: `kind` is `"429"` or `"error"`; `path` is the request's.
    pub fault: fn(kind: &str, path: &str) -> Response,
}

/// A 200 cut off mid-body: the connection drops after the status line, the headers and the
/// first bytes of the answer were sent. (Cut before any byte, a browser re-sends the request by
/// itself on a reused keep-alive connection, POSTs included: Chromium does. That is a network's
/// doing no client can prevent, so the fault leaves it out; see docs/hostile.md.)
fn dropped() -> Response {
    let first = futures_util::stream::once(async {
        Ok::<_, std::io::Error>(axum::body::Bytes::from_static(b"{\"dat"))
    });
    let cut = futures_util::stream::once(async {
        // Long enough for the first bytes to leave before the connection is reset.
        tokio::time::sleep(Duration::from_millis(50)).await;
        Err::<axum::body::Bytes, _>(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "sandbox: dropped",
        ))
    });
    let cut = futures_util::StreamExt::chain(first, cut);
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from_stream(cut))
        .unwrap_or_default()
}

/// Middleware for one upstream's routes: log every request, apply fault rules.
pub async fn upstream_layer(
    State((state, up)): State<(AppState, Upstream)>,
    req: Request,
    next: Next,
) -> Response {
    let upstream = up.name;
    let fault_response = |kind: &str, path: &str| (up.fault)(kind, path);
    let method = req.method().as_str().to_string();
    // The full path (`/jobdiva/apiv2/...`), also inside a nested router.
    let path = req
        .extensions()
        .get::<OriginalUri>()
        .map_or_else(|| req.uri().path(), |u| u.0.path())
        .to_string();
    let query = req.uri().query().unwrap_or("").to_string();
    let start_ms = state.elapsed_ms();
    let d = decide(&state, upstream, &method, &path);
    if let Some(seen) = d.hold {
        let mut releases = state.releases.subscribe();
        // Counted while it waits, and no longer once it goes on *or* is dropped (its client
        // went away: a test closed the page): a count left behind would let a later test's
        // `heldAtLeast` pass before its own request is held.
        let _held = Holding::new(&state.held);
        let _ = releases.wait_for(|n| *n > seen).await;
    }
    if d.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(d.delay_ms)).await;
    }
    let hang = Duration::from_millis(state.settings().hang_ms);
    let fault = d.before.or(d.after).map(String::from);
    let response = match d.before {
        Some("hang") => {
            tokio::time::sleep(hang).await;
            fault_response("error", &path)
        }
        Some(kind) => fault_response(kind, &path),
        None => {
            let response = next.run(req).await;
            match d.after {
                Some("error_after") => fault_response("error", &path),
                Some("hang_after") => {
                    tokio::time::sleep(hang).await;
                    response
                }
                Some("malformed") => (
                    StatusCode::OK,
                    [(header::CONTENT_TYPE, "application/json")],
                    "{\"data\": [{\"ID\": \"12",
                )
                    .into_response(),
                Some("drop") => dropped(),
                _ => response,
            }
        }
    };
    state.record(LogEntry {
        seq: 0,
        upstream: upstream.to_string(),
        method,
        path,
        query,
        start_ms,
        end_ms: state.elapsed_ms(),
        status: response.status().as_u16(),
        fault,
    });
    response
}

pub fn millis() -> u128 {
    now_millis()
}

/// One held request, counted in `held` for as long as this lives.
struct Holding<'a>(&'a std::sync::atomic::AtomicUsize);

impl<'a> Holding<'a> {
    fn new(held: &'a std::sync::atomic::AtomicUsize) -> Self {
        held.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Holding(held)
    }
}

impl Drop for Holding<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}
