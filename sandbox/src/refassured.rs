//! RefAssured simulator under `/refassured/` (= `https://api.refassured.com/`), following
//! `docs/api/refassured.md` (public facts plus this project's written assumptions).

use crate::state::{lock, AppState, Upstream};
use crate::util::{base64_encode, iso_z, now_unix, Params};
use crate::world::{Email, OptIn, OptOutcome, Push, RefAssured, RefRequest, Reference};
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post, put};
use axum::{Json, Router};
use serde_json::{json, Map, Value};
use tower::ServiceExt;

const CLAIM_SECS: i64 = 120;

pub fn error(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        Json(json!({ "error": { "code": code, "message": message } })),
    )
        .into_response()
}

pub(crate) fn conflict(code: &str, message: &str, existing: Value) -> Response {
    (
        StatusCode::CONFLICT,
        Json(json!({ "error": { "code": code, "message": message, "existing": existing } })),
    )
        .into_response()
}

pub(crate) fn invalid(message: &str) -> Response {
    error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_request", message)
}

fn not_found(what: &str) -> Response {
    error(
        StatusCode::NOT_FOUND,
        "not_found",
        &format!("{what} not found."),
    )
}

fn t(v: Option<i64>) -> Value {
    v.map(|x| Value::String(iso_z(x))).unwrap_or(Value::Null)
}

fn push_json(p: &Option<Push>) -> Value {
    p.as_ref().map(one_push).unwrap_or(Value::Null)
}

fn one_push(p: &Push) -> Value {
    match &p.unconfirmed {
        None => json!({ "at": iso_z(p.at), "atsRecordId": p.ats_record_id }),
        Some(reason) => {
            json!({ "at": iso_z(p.at), "atsRecordId": null, "unconfirmed": true, "reason": reason })
        }
    }
}

fn reference_json(r: &Reference) -> Value {
    json!({
        "id": r.id, "requestId": r.request_id, "personFirst": r.first, "personLast": r.last,
        "personEmail": r.email, "personMobile": r.mobile, "relationship": r.relationship,
        "title": r.title, "company": r.company, "status": r.status,
        "sentAt": t(r.sent_at), "openedAt": t(r.opened_at), "submittedAt": t(r.submitted_at),
        "reminderCount": r.reminders, "score": r.score,
        "alerts": r.alerts.iter().map(|a| json!({"level": a.level, "code": a.code, "message": a.message})).collect::<Vec<_>>(),
        "reportAvailable": r.status == "completed",
        "atsPush": { "note": push_json(&r.note_push), "attachment": push_json(&r.attachment_push) },
    })
}

fn request_json(q: &RefRequest) -> Value {
    json!({
        "id": q.id, "externalCandidateId": q.external_candidate_id,
        "candidate": { "personFirst": q.first, "personLast": q.last, "personEmail": q.email, "personMobile": q.mobile },
        "jobTitle": q.job_title, "surveyId": q.survey_id,
        "owner": { "email": q.owner_email, "name": q.owner_name }, "source": q.source, "status": q.status,
        "createdAt": iso_z(q.created), "referencesRequired": q.required,
        "referencesCompleted": q.references.iter().filter(|r| r.status == "completed").count(),
        "references": q.references.iter().map(reference_json).collect::<Vec<_>>(),
    })
}

fn opt_in_json(o: &OptIn) -> Value {
    let now = now_unix();
    json!({
        "id": o.id, "kind": o.kind, "referenceId": o.reference_id, "requestId": o.request_id,
        "externalCandidateId": o.external_candidate_id,
        "person": { "personFirst": o.person.first, "personLast": o.person.last, "personEmail": o.person.email,
                    "personMobile": o.person.mobile, "currentTitle": o.person.title, "currentCompany": o.person.company },
        "optedInAt": iso_z(o.opted_in_at),
        "requestor": { "email": o.requestor_email, "name": o.requestor_name },
        "leadRecipients": o.recipients,
        "status": if o.outcome.is_some() { "resolved" } else { "pending" },
        "claim": o.claim.as_ref().filter(|(_, until)| *until > now && o.outcome.is_none()).map(|(id, until)| json!({"claimId": id, "until": iso_z(*until)})),
        "outcome": o.outcome.as_ref().map(|x| json!({"action": x.action, "atsRecordId": x.ats_record_id, "notified": x.notified, "resolvedAt": iso_z(x.resolved_at)})),
        "attention": o.attention.as_ref().filter(|_| o.outcome.is_none()).map(|(reason, at)| json!({"reason": reason, "at": iso_z(*at)})),
    })
}

/// Case-insensitive field lookup (the create body mixes `PersonFirst` and `personLast`).
fn ci<'a>(m: &'a Map<String, Value>, k: &str) -> Option<&'a Value> {
    m.iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(k))
        .map(|(_, v)| v)
}

fn ci_str(m: &Map<String, Value>, k: &str) -> String {
    match ci(m, k) {
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn json_body(body: &Bytes) -> Result<Map<String, Value>, Response> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err(invalid("The body must be a JSON object.")),
    }
}

async fn into_parts(r: Response) -> (u16, String, Vec<u8>) {
    let status = r.status().as_u16();
    let ctype = r
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/json")
        .to_string();
    let body = axum::body::to_bytes(r.into_body(), 16 << 20)
        .await
        .map(|b| b.to_vec())
        .unwrap_or_default();
    (status, ctype, body)
}

fn from_parts(status: u16, ctype: &str, body: Vec<u8>) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    if let Ok(v) = HeaderValue::from_str(ctype) {
        r.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    r
}

/// The simulator's routes, to be nested under `/refassured`. Every route (and the fallback)
/// needs an active API key; creates, notifications and relayed POSTs replay their settled answer
/// for a repeated `Idempotency-Key`.
pub fn router(state: AppState) -> Router<AppState> {
    let replayable = Router::new()
        .route(
            "/api/v1/ats-candidates/requests",
            post(|State(st): State<AppState>, body: Bytes| async move {
                create_request(&mut lock(&st.world).refassured, &body)
            }),
        )
        .route("/api/v1/notifications", post(notify))
        .route("/api/v1/relay/{upstream}/{*rest}", any(relay_route))
        .route_layer(middleware::from_fn_with_state(state.clone(), replay));
    Router::new()
        .route("/api/v1/account", get(|| async { Json(json!({"account": {"id": 7, "name": "Sandbox Staffing", "atsType": "JobDiva", "keyStatus": "active"}})) }))
        .route("/api/v1/people", get(people))
        .route("/api/v1/surveys", get(|State(st): State<AppState>| async move {
            let w = lock(&st.world);
            Json(json!({"surveys": w.refassured.surveys.iter().map(|(id, n)| json!({"id": id, "name": n})).collect::<Vec<_>>()}))
        }))
        .route("/api/v1/ats-candidates/{ext}/requests", get(requests_of))
        .route("/api/v1/references/{id}/report", get(report))
        .route("/api/v1/references/{id}/report/file", get(report_file))
        .route(
            "/api/v1/references/{id}/ats-push/{kind}",
            put(record_push).delete(clear_push),
        )
        .route("/api/v1/opt-ins", get(opt_ins))
        .route("/api/v1/opt-ins/{id}/claim", post(claim).delete(release_claim))
        .route("/api/v1/opt-ins/{id}/attention", put(needs_attention).delete(attended))
        .route("/api/v1/opt-ins/{id}/outcome", put(outcome))
        .merge(crate::program::router())
        .merge(replayable)
        .fallback(|| async { not_found("Route") })
        .method_not_allowed_fallback(|| async { not_found("Route") })
        .layer(middleware::from_fn_with_state(state, api_key))
}

/// How RefAssured answers an injected fault (for the sandbox's fault layer).
pub const UPSTREAM: Upstream = Upstream {
    name: "refassured",
    fault: |kind, _path| match kind {
        "429" => {
            let mut r = error(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "Too many requests; retry later.",
            );
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            r
        }
        _ => error(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "Service unavailable (sandbox fault injection).",
        ),
    },
};

fn key_of(headers: &HeaderMap) -> String {
    headers
        .get("x-api-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .trim()
        .to_string()
}

async fn api_key(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let active = lock(&st.world)
        .refassured
        .keys
        .get(&key_of(req.headers()))
        .copied();
    if active != Some(true) {
        return error(
            StatusCode::UNAUTHORIZED,
            "invalid_api_key",
            "The API key is missing, wrong or revoked.",
        );
    }
    next.run(req).await
}

/// Idempotent replays for creates, notifications and relayed POSTs.
async fn replay(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let idem = req
        .headers()
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(|k| (key_of(req.headers()), format!("{}|{k}", req.uri().path())));
    let Some(k) = idem.filter(|_| req.method() == Method::POST) else {
        return next.run(req).await;
    };
    {
        let mut w = lock(&state.world);
        if let Some((s, c, b)) = w.refassured.idempotent.get(&k).cloned() {
            return from_parts(if s == 201 { 200 } else { s }, &c, b);
        }
        // The first request with this key is still being processed: the caller must not
        // start a second one (that is how a timed-out retry would create a duplicate).
        if !w.refassured.in_progress.insert(k.clone()) {
            let mut r = error(
                StatusCode::CONFLICT,
                "request_in_progress",
                "A request with this Idempotency-Key is still being processed; retry shortly.",
            );
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            return r;
        }
    }
    // Finish the work even if the caller hangs up (as a real server does): a timed-out client
    // retries with the same key and must get this answer, not a second request upstream.
    let task = tokio::spawn(async move {
        let response = next.run(req).await;
        let (s, c, b) = into_parts(response).await;
        let mut w = lock(&state.world);
        w.refassured.in_progress.remove(&k);
        // Only settled outcomes are replayed; a failure may be retried for real.
        if s < 500 && s != 429 {
            w.refassured.idempotent.insert(k, (s, c.clone(), b.clone()));
        }
        (s, c, b)
    });
    match task.await {
        Ok((s, c, b)) => from_parts(s, &c, b),
        Err(_) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "The request failed inside RefAssured.",
        ),
    }
}

async fn relay_route(
    State(st): State<AppState>,
    Path((upstream, rest)): Path<(String, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    relay(&st, &upstream, &rest, &method, uri.query(), &headers, body).await
}

async fn people(State(st): State<AppState>, Query(q): Query<Params>) -> Response {
    let names = ["personfirst", "personlast", "personemail", "personmobile"];
    let missing: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| q.text(n).is_none())
        .collect();
    if !missing.is_empty() {
        return invalid(&format!(
            "Missing query parameter(s): {}.",
            missing.join(", ")
        ));
    }
    let (f, l, e) = (
        q.text("personfirst").unwrap_or_default(),
        q.text("personlast").unwrap_or_default(),
        q.text("personemail").unwrap_or_default(),
    );
    let w = lock(&st.world);
    let people: Vec<Value> = w
        .refassured
        .requests
        .iter()
        .filter(|r| r.first.eq_ignore_ascii_case(&f) && r.last.eq_ignore_ascii_case(&l) && r.email.eq_ignore_ascii_case(&e))
        .map(|r| json!({"id": r.external_candidate_id, "personFirst": r.first, "personLast": r.last, "personEmail": r.email, "personMobile": r.mobile}))
        .take(1)
        .collect();
    Json(json!({ "people": people })).into_response()
}

async fn requests_of(State(st): State<AppState>, Path(ext): Path<String>) -> Response {
    let w = lock(&st.world);
    let mut list: Vec<&RefRequest> = w
        .refassured
        .requests
        .iter()
        .filter(|r| r.external_candidate_id == ext)
        .collect();
    list.sort_by_key(|r| std::cmp::Reverse((r.created, r.id)));
    Json(json!({ "requests": list.into_iter().map(request_json).collect::<Vec<_>>() }))
        .into_response()
}

async fn report(State(st): State<AppState>, Path(id): Path<String>) -> Response {
    with_completed_reference(&lock(&st.world).refassured, &id, |r| {
        Json(json!({"report": {
            "referenceId": r.id, "overallScore": r.score, "submittedAt": t(r.submitted_at),
            "answers": r.answers.iter().map(|a| json!({"question": a.question, "answer": a.answer, "rating": a.rating})).collect::<Vec<_>>(),
        }}))
        .into_response()
    })
}

async fn report_file(State(st): State<AppState>, Path(id): Path<String>) -> Response {
    with_completed_reference(&lock(&st.world).refassured, &id, |r| {
        let pdf = report_pdf(r);
        (
            [
                (header::CONTENT_TYPE, "application/pdf".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!(
                        "attachment; filename=\"reference-{}-{}-{}.pdf\"",
                        r.id, r.first, r.last
                    ),
                ),
            ],
            pdf,
        )
            .into_response()
    })
}

async fn record_push(
    State(st): State<AppState>,
    Path((id, kind)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    if kind != "note" && kind != "attachment" {
        return not_found("Route");
    }
    let m = match json_body(&body) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let record = ci_str(&m, "atsRecordId");
    let unconfirmed = m.get("unconfirmed").and_then(Value::as_bool) == Some(true);
    if record.is_empty() && !unconfirmed {
        return invalid("atsRecordId (or unconfirmed: true with a reason) is required.");
    }
    let mut w = lock(&st.world);
    let Some(slot) = push_slot(&mut w, &id, &kind) else {
        return not_found("Reference");
    };
    let answer = |p: &Push| Json(json!({ "push": one_push(p) })).into_response();
    match slot {
        // A confirmed push stays: a late "unconfirmed" from another tab changes nothing.
        Some(p) if p.unconfirmed.is_none() && (unconfirmed || p.ats_record_id == record) => {
            answer(p)
        }
        Some(p) if p.unconfirmed.is_none() => conflict(
            "conflict",
            "The report was already pushed as another record.",
            one_push(p),
        ),
        _ => {
            let p = Push {
                at: now_unix(),
                ats_record_id: if unconfirmed { String::new() } else { record },
                unconfirmed: unconfirmed.then(|| {
                    let reason = ci_str(&m, "reason");
                    if reason.is_empty() {
                        "The answer was lost.".to_string()
                    } else {
                        reason.chars().take(500).collect()
                    }
                }),
            };
            let v = answer(&p);
            *slot = Some(p);
            v
        }
    }
}

/// The push record of a reference, by route parameters (`None`: no such reference).
fn push_slot<'a>(
    w: &'a mut crate::world::World,
    id: &str,
    kind: &str,
) -> Option<&'a mut Option<Push>> {
    let r = id
        .parse()
        .ok()
        .and_then(|id| w.refassured.reference_mut(id))?;
    Some(if kind == "note" {
        &mut r.note_push
    } else {
        &mut r.attachment_push
    })
}

/// `DELETE …/ats-push/{kind}`: a person checked the ATS and the unconfirmed write is not there,
/// so it may be sent again. A confirmed push cannot be cleared (`409`).
async fn clear_push(
    State(st): State<AppState>,
    Path((id, kind)): Path<(String, String)>,
) -> Response {
    if kind != "note" && kind != "attachment" {
        return not_found("Route");
    }
    let mut w = lock(&st.world);
    let Some(slot) = push_slot(&mut w, &id, &kind) else {
        return not_found("Reference");
    };
    match slot {
        Some(p) if p.unconfirmed.is_none() => conflict(
            "conflict",
            "The report is in the ATS: a confirmed push is not cleared.",
            one_push(p),
        ),
        _ => {
            *slot = None;
            Json(json!({ "push": null })).into_response()
        }
    }
}

async fn opt_ins(State(st): State<AppState>, Query(q): Query<Params>) -> Response {
    let status = q.text("status").unwrap_or_else(|| "pending".into());
    if !["pending", "resolved", "all"].contains(&status.as_str()) {
        return invalid("status must be pending, resolved or all.");
    }
    let ext = q.text("externalCandidateId");
    let w = lock(&st.world);
    let list: Vec<Value> = w
        .refassured
        .opt_ins
        .iter()
        .filter(|o| status == "all" || (status == "resolved") == o.outcome.is_some())
        .filter(|o| ext.as_deref().is_none_or(|e| o.external_candidate_id == e))
        .map(opt_in_json)
        .collect();
    Json(json!({ "optIns": list })).into_response()
}

async fn claim(State(st): State<AppState>, Path(id): Path<String>, body: Bytes) -> Response {
    let m = match json_body(&body) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let claim = ci_str(&m, "claimId");
    if claim.is_empty() {
        return invalid("claimId is required.");
    }
    let mut w = lock(&st.world);
    let Some(o) = id
        .parse::<u64>()
        .ok()
        .and_then(|id| w.refassured.opt_ins.iter_mut().find(|o| o.id == id))
    else {
        return not_found("Opt-in");
    };
    let now = now_unix();
    if o.outcome.is_some() {
        return conflict(
            "already_resolved",
            "This opt-in was already processed.",
            opt_in_json(o)["outcome"].clone(),
        );
    }
    if let Some((reason, at)) = &o.attention {
        return conflict(
            "needs_attention",
            "A person must check JobDiva before this opt-in is processed again.",
            json!({"reason": reason, "at": iso_z(*at)}),
        );
    }
    match &o.claim {
        Some((held, until)) if held != &claim && *until > now => conflict(
            "already_claimed",
            "Another tab is processing this opt-in.",
            json!({"claimId": held, "until": iso_z(*until)}),
        ),
        _ => {
            o.claim = Some((claim, now + CLAIM_SECS));
            Json(json!({ "optIn": opt_in_json(o) })).into_response()
        }
    }
}

/// The opt-in of `id` and the request's JSON body, for the claim and attention routes.
fn with_opt_in(
    st: &AppState,
    id: &str,
    body: &Bytes,
    f: impl FnOnce(&mut OptIn, &Map<String, Value>) -> Response,
) -> Response {
    let m = match json_body(body) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let mut w = lock(&st.world);
    match id
        .parse::<u64>()
        .ok()
        .and_then(|id| w.refassured.opt_ins.iter_mut().find(|o| o.id == id))
    {
        Some(o) => f(o, &m),
        None => not_found("Opt-in"),
    }
}

/// `DELETE opt-ins/{id}/claim`: the flow holding the claim stopped; other tabs may go on at once.
async fn release_claim(
    State(st): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    with_opt_in(&st, &id, &body, |o, m| {
        let claim = ci_str(m, "claimId");
        if o.claim.as_ref().is_some_and(|(held, _)| *held == claim) {
            o.claim = None;
        }
        Json(json!({ "optIn": opt_in_json(o) })).into_response()
    })
}

/// `PUT opt-ins/{id}/attention`: a JobDiva write's outcome is unknown; nothing may process the
/// opt-in until a person has checked (the claim is released with it).
async fn needs_attention(
    State(st): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    with_opt_in(&st, &id, &body, |o, m| {
        let (claim, reason) = (ci_str(m, "claimId"), ci_str(m, "reason"));
        if reason.is_empty() {
            return invalid("reason is required.");
        }
        if reason.chars().count() > 500 {
            return invalid("reason is longer than 500 characters.");
        }
        if o.outcome.is_some() {
            return conflict(
                "already_resolved",
                "This opt-in was already processed.",
                opt_in_json(o)["outcome"].clone(),
            );
        }
        if o.attention.is_none() {
            o.attention = Some((reason, now_unix()));
        }
        if o.claim.as_ref().is_some_and(|(held, _)| *held == claim) {
            o.claim = None;
        }
        Json(json!({ "optIn": opt_in_json(o) })).into_response()
    })
}

/// `DELETE opt-ins/{id}/attention`: a person checked JobDiva; the opt-in may be processed.
async fn attended(State(st): State<AppState>, Path(id): Path<String>) -> Response {
    let mut w = lock(&st.world);
    match id
        .parse::<u64>()
        .ok()
        .and_then(|id| w.refassured.opt_ins.iter_mut().find(|o| o.id == id))
    {
        Some(o) => {
            o.attention = None;
            Json(json!({ "optIn": opt_in_json(o) })).into_response()
        }
        None => not_found("Opt-in"),
    }
}

async fn outcome(State(st): State<AppState>, Path(id): Path<String>, body: Bytes) -> Response {
    let m = match json_body(&body) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let action = ci_str(&m, "action");
    let record = ci_str(&m, "atsRecordId");
    let actions = [
        "created_candidate",
        "noted_candidate",
        "created_contact",
        "noted_contact",
        "created_lead",
    ];
    if !actions.contains(&action.as_str()) {
        return invalid(&format!("action must be one of {}.", actions.join(", ")));
    }
    if record.is_empty() {
        return invalid("atsRecordId is required.");
    }
    let notified: Vec<String> = ci(&m, "notified")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    let claim = ci_str(&m, "claimId");
    let mut w = lock(&st.world);
    let Some(o) = id
        .parse::<u64>()
        .ok()
        .and_then(|id| w.refassured.opt_ins.iter_mut().find(|o| o.id == id))
    else {
        return not_found("Opt-in");
    };
    if let Some(x) = &o.outcome {
        return if x.action == action && x.ats_record_id == record {
            Json(json!({ "optIn": opt_in_json(o) })).into_response()
        } else {
            conflict(
                "conflict",
                "This opt-in already has a different outcome.",
                opt_in_json(o)["outcome"].clone(),
            )
        };
    }
    if let Some((held, until)) = &o.claim {
        if held != &claim && *until > now_unix() {
            return conflict(
                "already_claimed",
                "Another tab is processing this opt-in.",
                json!({"claimId": held, "until": iso_z(*until)}),
            );
        }
    }
    o.outcome = Some(OptOutcome {
        action,
        ats_record_id: record,
        notified,
        resolved_at: now_unix(),
    });
    o.claim = None;
    Json(json!({ "optIn": opt_in_json(o) })).into_response()
}

async fn notify(State(st): State<AppState>, body: Bytes) -> Response {
    let m = match json_body(&body) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let to: Vec<String> = ci(&m, "to")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(|s| s.trim().to_string()))
                .collect()
        })
        .unwrap_or_default();
    if to.is_empty() || to.iter().any(|e| !e.contains('@')) {
        return invalid("to must be a non-empty list of email addresses.");
    }
    let subject = ci_str(&m, "subject");
    if subject.is_empty() {
        return invalid("subject is required.");
    }
    let mut w = lock(&st.world);
    let ra = &mut w.refassured;
    let id = ra.id();
    let email = Email {
        id,
        to,
        subject,
        text: ci_str(&m, "text"),
        link: ci_str(&m, "link"),
        sent_at: now_unix(),
    };
    let v = json!({"notification": {"id": email.id, "to": email.to, "subject": email.subject, "text": email.text, "link": email.link, "sentAt": iso_z(email.sent_at)}});
    ra.outbox.push(email);
    (StatusCode::ACCEPTED, Json(v)).into_response()
}

/// [`with_reference`] for a report: `404 report_not_ready` until the reference is completed.
fn with_completed_reference(
    ra: &RefAssured,
    id: &str,
    f: impl FnOnce(&Reference) -> Response,
) -> Response {
    with_reference(ra, id, |r| {
        if r.status != "completed" {
            return error(
                StatusCode::NOT_FOUND,
                "report_not_ready",
                "This reference has not been completed.",
            );
        }
        f(r)
    })
}

fn with_reference(ra: &RefAssured, id: &str, f: impl FnOnce(&Reference) -> Response) -> Response {
    match id.parse::<u64>().ok().and_then(|id| {
        ra.requests
            .iter()
            .flat_map(|r| r.references.iter())
            .find(|r| r.id == id)
    }) {
        Some(r) => f(r),
        None => not_found("Reference"),
    }
}

fn create_request(ra: &mut RefAssured, body: &Bytes) -> Response {
    let m = match json_body(body) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let Some(Value::Object(c)) = ci(&m, "Candidate") else {
        return invalid("Candidate is required.");
    };
    let (first, last, email) = (
        ci_str(c, "PersonFirst"),
        ci_str(c, "personLast"),
        ci_str(c, "personEmail"),
    );
    let ext = ci_str(c, "ExternalCandidateId");
    for (name, v) in [
        ("Candidate.PersonFirst", &first),
        ("Candidate.personLast", &last),
        ("Candidate.personEmail", &email),
        ("Candidate.ExternalCandidateId", &ext),
    ] {
        if v.is_empty() {
            return invalid(&format!("{name} is required."));
        }
    }
    if !email.contains('@') {
        return invalid("Candidate.personEmail is not an email address.");
    }
    let owner = match ci(&m, "Owner") {
        Some(Value::Object(o)) => ci_str(o, "Email"),
        _ => String::new(),
    };
    if !owner.contains('@') {
        return invalid("Owner.Email is required.");
    }
    let survey = ci(&m, "SurveyId").and_then(|v| {
        v.as_u64()
            .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
    });
    let Some(survey) = survey.filter(|s| ra.surveys.iter().any(|(id, _)| id == s)) else {
        return invalid("SurveyId is not a survey of this account.");
    };
    let id = ra.id();
    let req = RefRequest {
        id,
        external_candidate_id: ext,
        first,
        last,
        email,
        mobile: ci_str(c, "personMobile"),
        job_title: ci_str(&m, "JobTitle"),
        survey_id: survey,
        owner_email: owner.clone(),
        owner_name: owner.split('@').next().unwrap_or("").replace('.', " "),
        source: Some(ci_str(&m, "Source"))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "Automation".into()),
        status: "in_progress",
        created: now_unix(),
        required: 3,
        references: Vec::new(),
    };
    let v = json!({ "request": request_json(&req) });
    ra.requests.push(req);
    (StatusCode::CREATED, Json(v)).into_response()
}

/// A small but real PDF of the report (text only).
fn report_pdf(r: &Reference) -> Vec<u8> {
    let esc = |s: &str| {
        s.replace('\\', "\\\\")
            .replace('(', "\\(")
            .replace(')', "\\)")
            .chars()
            .filter(|c| c.is_ascii())
            .collect::<String>()
    };
    let mut lines = vec![
        format!("Reference report: {} {}", r.first, r.last),
        format!(
            "Score: {}",
            r.score.map(|s| s.to_string()).unwrap_or_default()
        ),
    ];
    for a in &r.answers {
        lines.push(a.question.clone());
        lines.push(format!("  {}", a.answer));
    }
    let mut content = String::from("BT /F1 11 Tf 50 780 Td 14 TL\n");
    for l in &lines {
        content += &format!("({}) Tj T*\n", esc(l));
    }
    content += "ET";
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out += &format!("{} 0 obj\n{o}\nendobj\n", i + 1);
    }
    let xref = out.len();
    out += &format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for o in offsets {
        out += &format!("{o:010} 00000 n \n");
    }
    out += &format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    );
    out.into_bytes()
}

/// Forward a call to JobDiva or Staffing Referrals with the credentials RefAssured holds.
async fn relay(
    state: &AppState,
    upstream: &str,
    rest: &str,
    method: &Method,
    query: Option<&str>,
    headers: &HeaderMap,
    body: Bytes,
) -> Response {
    let root = match upstream {
        "jobdiva" => "/jobdiva",
        "staffingreferrals" => "/staffingreferrals",
        _ => return not_found("Relay target"),
    };
    let uri = match query {
        Some(q) => format!("{root}/{rest}?{q}"),
        None => format!("{root}/{rest}"),
    };
    let ctype = headers.get(header::CONTENT_TYPE).cloned();
    for attempt in 0..2 {
        let auth = if upstream == "jobdiva" {
            match jobdiva_token(state, attempt > 0).await {
                Ok(t) => t,
                Err(r) => return r,
            }
        } else {
            crate::staffing::TOKEN.to_string()
        };
        let mut req = axum::http::Request::builder()
            .method(method.clone())
            .uri(&uri)
            .header(header::AUTHORIZATION, auth);
        if let Some(c) = &ctype {
            req = req.header(header::CONTENT_TYPE, c.clone());
        }
        let Ok(req) = req.body(Body::from(body.clone())) else {
            return invalid("Bad relay request.");
        };
        let resp = match crate::upstreams(state.clone()).oneshot(req).await {
            Ok(r) => r,
            Err(e) => match e {},
        };
        // A JobDiva 401 may be an expired token: log in again once. A second 401 is not the
        // caller's to fix (and must not read as a bad RefAssured key).
        if upstream == "jobdiva" && resp.status() == StatusCode::UNAUTHORIZED {
            if attempt == 0 {
                continue;
            }
            break;
        }
        let (s, c, b) = into_parts(resp).await;
        if s == 200 && b.is_empty() && c.contains("json") {
            // A dropped upstream connection surfaces as an empty body here.
            return error(
                StatusCode::BAD_GATEWAY,
                "upstream_error",
                "The upstream closed the connection.",
            );
        }
        return from_parts(s, &c, b);
    }
    error(
        StatusCode::BAD_GATEWAY,
        "upstream_error",
        "JobDiva answered 401 even after RefAssured signed in again: an expired session, an API method the API user may not call, or an unknown route.",
    )
}

async fn jobdiva_token(state: &AppState, renew: bool) -> Result<String, Response> {
    if !renew {
        if let Some((tok, exp)) = lock(&state.world).refassured_relay_token.clone() {
            if exp > now_unix() + 30 {
                return Ok(tok);
            }
        }
    }
    let body = json!({"clientId": crate::jobdiva::CLIENT_ID, "userName": crate::jobdiva::USERNAME, "password": crate::jobdiva::PASSWORD}).to_string();
    let req = axum::http::Request::builder()
        .method(Method::POST)
        .uri("/jobdiva/apiv2/v2/login")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .map_err(|_| error(StatusCode::BAD_GATEWAY, "upstream_error", "login"))?;
    let resp = match crate::upstreams(state.clone()).oneshot(req).await {
        Ok(r) => r,
        Err(e) => match e {},
    };
    let (s, _, b) = into_parts(resp).await;
    let tok = (s == 200)
        .then(|| serde_json::from_slice::<Value>(&b).ok())
        .flatten()
        .and_then(|v| v.get("token").and_then(Value::as_str).map(String::from))
        .ok_or_else(|| {
            error(
                StatusCode::BAD_GATEWAY,
                "upstream_error",
                "RefAssured could not sign in to JobDiva.",
            )
        })?;
    let lifetime = state.settings().token_lifetime_secs;
    lock(&state.world).refassured_relay_token = Some((tok.clone(), now_unix() + lifetime));
    Ok(tok)
}

/// Base64 helper for tests and tools that build attachments.
pub fn encode_file(bytes: &[u8]) -> String {
    base64_encode(bytes)
}
