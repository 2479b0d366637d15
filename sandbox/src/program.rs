//! RefAssured's referral-program sync records (an assumption of this project, written down in
//! docs/api/refassured.md, "Referral program sync"): where the admin console keeps a sync's
//! progress so that another browser, a reload or a second admin sees it, and where each
//! referral's outcome is kept so that no run writes it twice.

use crate::refassured::{conflict, error, invalid};
use crate::state::{lock, AppState};
use crate::util::{iso_z, now_unix, Params};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// How long a console's lease on a run lasts without renewal.
pub const LEASE_SECS: i64 = 60;
/// Items per page of `GET program/referrals?state=…`, and ids per lookup.
pub const PAGE: usize = 100;

#[derive(Clone, Debug, Default)]
pub struct Program {
    /// The cutoff of the last finished sync: the next pulls referrals updated since.
    pub since: Option<String>,
    pub run: Option<Run>,
    /// Staffing Referrals referral id → its record.
    pub items: BTreeMap<u64, Item>,
    pub next_run: u64,
    /// The status-back rule table (`None` until an admin saves one).
    pub status_rules: Option<StatusRules>,
    /// Ambassador invitations by JobDiva candidate id.
    pub invites: BTreeMap<u64, Invite>,
}

/// How long a `writing` invitation record keeps other holders out.
pub const INVITE_CLAIM_SECS: i64 = 120;

/// One ambassador invitation of a JobDiva candidate: where its writes stand.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Invite {
    #[serde(default)]
    pub candidate_id: u64,
    pub state: String,
    #[serde(default)]
    pub step: Option<String>,
    #[serde(default)]
    pub holder: String,
    #[serde(default)]
    pub sr_user_id: Option<u64>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub send_at: Option<String>,
    #[serde(default)]
    pub links: Value,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub by: String,
    #[serde(default)]
    pub updated_at: String,
    #[serde(skip)]
    pub updated_unix: i64,
}

const INVITE_STATES: &[&str] = &["writing", "done", "needs_person", "failed"];

/// Status back's rule table: a Staffing Referrals status key per JobDiva activity, or none.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusRules {
    #[serde(default)]
    pub submitted: Option<String>,
    #[serde(default)]
    pub started: Option<String>,
    #[serde(default)]
    pub ended: Option<String>,
}

const STATUS_KEYS: &[&str] = &[
    "lead",
    "contacted",
    "placed",
    "awaiting_payment",
    "paid",
    "ineligible",
];

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Run {
    pub id: String,
    pub since: Option<String>,
    pub cutoff: String,
    pub resume_source_id: u64,
    pub started_by: String,
    pub started_at: String,
    /// Progress reported by the console holding the lease.
    pub page: u64,
    pub total: u64,
    #[serde(skip)]
    pub lease: Option<(String, i64)>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    #[serde(default)]
    pub referral_id: u64,
    #[serde(default)]
    pub run_id: String,
    pub state: String,
    #[serde(default)]
    pub step: Option<String>,
    #[serde(default)]
    pub action: Option<String>,
    #[serde(default)]
    pub jobdiva_id: Option<String>,
    #[serde(default)]
    pub ambassador_jobdiva_id: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub detail: Value,
    #[serde(default)]
    pub updated_at: String,
}

const STATES: &[&str] = &[
    "writing",
    "done",
    "needs_person",
    "needs_decision",
    "failed",
];

fn run_json(p: &Program, run: &Run) -> Value {
    let mut counts: BTreeMap<&str, u64> = STATES.iter().map(|s| (*s, 0)).collect();
    for i in p.items.values().filter(|i| i.run_id == run.id) {
        *counts.entry(i.state.as_str()).or_default() += 1;
    }
    let mut v = serde_json::to_value(run).unwrap_or_default();
    v["counts"] = json!(counts);
    v["lease"] = match &run.lease {
        Some((holder, until)) if *until > now_unix() => {
            json!({ "holder": holder, "until": iso_z(*until) })
        }
        _ => Value::Null,
    };
    v
}

fn sync_json(p: &Program) -> Value {
    json!({ "sync": { "since": p.since, "run": p.run.as_ref().map(|r| run_json(p, r)) } })
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/program/sync", get(sync))
        .route("/api/v1/program/sync/runs", post(start))
        .route(
            "/api/v1/program/sync/runs/{id}/lease",
            put(lease).delete(release),
        )
        .route("/api/v1/program/sync/runs/{id}/finish", post(finish))
        .route("/api/v1/program/referrals", get(items))
        .route("/api/v1/program/referrals/{id}", put(record))
        .route("/api/v1/program/invites", get(invites))
        .route("/api/v1/program/invites/{id}", put(record_invite))
        .route(
            "/api/v1/program/status-rules",
            get(status_rules).put(save_status_rules),
        )
}

async fn status_rules(State(st): State<AppState>) -> Response {
    Json(json!({ "rules": lock(&st.world).refassured.program.status_rules })).into_response()
}

/// `updatedBy` is accepted and not kept.
#[derive(Deserialize)]
struct RulesBody {
    rules: StatusRules,
}

async fn save_status_rules(State(st): State<AppState>, body: axum::body::Bytes) -> Response {
    let Ok(b) = serde_json::from_slice::<RulesBody>(&body) else {
        return invalid("rules {submitted, started, ended} is required.");
    };
    let r = &b.rules;
    let valid = [&r.submitted, &r.started, &r.ended]
        .iter()
        .all(|v| v.as_deref().is_none_or(|k| STATUS_KEYS.contains(&k)));
    if !valid {
        return invalid("Each rule is a status key (lead, contacted, placed, awaiting_payment, paid, ineligible) or null.");
    }
    let mut w = lock(&st.world);
    w.refassured.program.status_rules = Some(b.rules);
    Json(json!({ "rules": w.refassured.program.status_rules })).into_response()
}

async fn sync(State(st): State<AppState>) -> Response {
    Json(sync_json(&lock(&st.world).refassured.program)).into_response()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StartBody {
    since: Option<String>,
    cutoff: String,
    resume_source_id: u64,
    #[serde(default)]
    started_by: String,
    #[serde(default)]
    total: u64,
}

/// Checks an ISO-8601 date-time with an offset, as Staffing Referrals' `since` takes it.
fn is_iso(s: &str) -> bool {
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).is_ok()
}

async fn start(State(st): State<AppState>, body: axum::body::Bytes) -> Response {
    let Ok(b) = serde_json::from_slice::<StartBody>(&body) else {
        return invalid("cutoff (ISO-8601 with offset) and resumeSourceId are required.");
    };
    if !is_iso(&b.cutoff) || b.since.as_deref().is_some_and(|s| !is_iso(s)) {
        return invalid("since and cutoff must be ISO-8601 date-times with an offset.");
    }
    let mut w = lock(&st.world);
    let p = &mut w.refassured.program;
    if let Some(run) = &p.run {
        let existing = run_json(p, run);
        return conflict(
            "run_open",
            "A sync run is already open; resume it.",
            existing,
        );
    }
    p.next_run += 1;
    let run = Run {
        id: format!("run-{}", p.next_run),
        since: b.since,
        cutoff: b.cutoff,
        resume_source_id: b.resume_source_id,
        started_by: b.started_by,
        started_at: iso_z(now_unix()),
        page: 0,
        total: b.total,
        lease: None,
    };
    let v = run_json(p, &run);
    p.run = Some(run);
    (StatusCode::CREATED, Json(json!({ "run": v }))).into_response()
}

#[derive(Deserialize)]
struct LeaseBody {
    holder: String,
    #[serde(default)]
    page: Option<u64>,
    #[serde(default)]
    total: Option<u64>,
}

/// `409 leased` when another holder's lease on `run` is live.
fn leased_by_other(p: &Program, run: &Run, holder: &str) -> Option<Response> {
    let (other, until) = run.lease.as_ref()?;
    (other != holder && *until > now_unix()).then(|| {
        conflict(
            "leased",
            "Another console is running this sync.",
            run_json(p, run),
        )
    })
}

/// The body of the lease, release and finish routes: `holder` is required.
fn lease_body(body: &[u8]) -> Result<LeaseBody, Response> {
    serde_json::from_slice::<LeaseBody>(body)
        .ok()
        .filter(|b| !b.holder.trim().is_empty())
        .ok_or_else(|| invalid("holder is required."))
}

/// The body (`holder` required, see [`lease_body`]) and the open run `id`, held by that holder
/// (or by nobody): `f` changes it.
fn with_run(
    st: &AppState,
    id: &str,
    body: &[u8],
    f: impl FnOnce(&mut Program, LeaseBody) -> Response,
) -> Response {
    let b = match lease_body(body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let mut w = lock(&st.world);
    let p = &mut w.refassured.program;
    let Some(run) = p.run.as_ref().filter(|r| r.id == id) else {
        return error(
            StatusCode::NOT_FOUND,
            "not_found",
            "No open sync run with that id (finished, or never started).",
        );
    };
    match leased_by_other(p, run, &b.holder) {
        Some(conflict) => conflict,
        None => f(p, b),
    }
}

/// `PUT …/lease`: take or renew the run for 60 s, saving the progress reported.
async fn lease(
    State(st): State<AppState>,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    with_run(&st, &id, &body, |p, b| {
        let run = p.run.as_mut().expect("checked by with_run");
        run.lease = Some((b.holder, now_unix() + LEASE_SECS));
        if let Some(page) = b.page {
            run.page = run.page.max(page);
        }
        if let Some(total) = b.total {
            run.total = total;
        }
        let run = run.clone();
        Json(json!({ "run": run_json(p, &run) })).into_response()
    })
}

async fn release(
    State(st): State<AppState>,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    with_run(&st, &id, &body, |p, _| {
        let run = p.run.as_mut().expect("checked by with_run");
        run.lease = None;
        let run = run.clone();
        Json(json!({ "run": run_json(p, &run) })).into_response()
    })
}

/// `POST …/finish`: the run walked every page; the next sync pulls from its cutoff.
async fn finish(
    State(st): State<AppState>,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    with_run(&st, &id, &body, |p, _| {
        if let Some(run) = p.run.take() {
            p.since = Some(run.cutoff);
        }
        Json(sync_json(p)).into_response()
    })
}

/// `?ids=1,2,…`: at most 100 ids (`422` beyond).
fn lookup_ids(q: &Params) -> Result<Vec<u64>, Response> {
    let ids: Vec<u64> = q.get("ids").map_or_else(Vec::new, |s| {
        s.split(',').filter_map(|s| s.trim().parse().ok()).collect()
    });
    if ids.len() > PAGE {
        return Err(invalid("At most 100 ids per lookup."));
    }
    Ok(ids)
}

/// `GET program/referrals?ids=1,2` (at most 100) or `?state=needs_person,failed&page=0`.
async fn items(State(st): State<AppState>, Query(q): Query<Params>) -> Response {
    let w = lock(&st.world);
    let p = &w.refassured.program;
    if q.get("ids").is_some() {
        let ids = match lookup_ids(&q) {
            Ok(ids) => ids,
            Err(r) => return r,
        };
        let found: Vec<&Item> = ids.iter().filter_map(|id| p.items.get(id)).collect();
        return Json(json!({ "items": found, "total": found.len() })).into_response();
    }
    let states: Vec<&str> = q
        .get("state")
        .map_or_else(Vec::new, |s| s.split(',').collect());
    let page: usize = q.get("page").and_then(|s| s.parse().ok()).unwrap_or(0);
    let matching: Vec<&Item> = p
        .items
        .values()
        .filter(|i| states.is_empty() || states.contains(&i.state.as_str()))
        .collect();
    let total = matching.len();
    let list: Vec<&&Item> = matching.iter().skip(page * PAGE).take(PAGE).collect();
    Json(json!({ "items": list, "total": total })).into_response()
}

/// `PUT program/referrals/{id}`: the referral's record. A record of the open run, while it is
/// leased, is written only by the lease's holder (`holder` in the body); a person's resolution
/// (no run id) is always taken.
async fn record(
    State(st): State<AppState>,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let Ok(id) = id.parse::<u64>() else {
        return error(StatusCode::NOT_FOUND, "not_found", "Referral not found.");
    };
    let Ok(mut v) = serde_json::from_slice::<Value>(&body) else {
        return invalid("The body must be a JSON object.");
    };
    let holder = v["holder"].as_str().unwrap_or("").to_string();
    if let Some(o) = v.as_object_mut() {
        o.remove("holder");
    }
    let Ok(mut item) = serde_json::from_value::<Item>(v) else {
        return invalid("state is required.");
    };
    if !STATES.contains(&item.state.as_str()) {
        return invalid("state must be writing, done, needs_person, needs_decision or failed.");
    }
    let mut w = lock(&st.world);
    let p = &mut w.refassured.program;
    if let Some(conflict) = p
        .run
        .as_ref()
        .filter(|r| r.id == item.run_id)
        .and_then(|run| leased_by_other(p, run, &holder))
    {
        return conflict;
    }
    item.referral_id = id;
    item.updated_at = iso_z(now_unix());
    p.items.insert(id, item.clone());
    Json(json!({ "item": item })).into_response()
}

/// `GET program/invites?ids=1,2` (at most 100 JobDiva candidate ids): the records that exist.
async fn invites(State(st): State<AppState>, Query(q): Query<Params>) -> Response {
    let w = lock(&st.world);
    let ids = match lookup_ids(&q) {
        Ok(ids) => ids,
        Err(r) => return r,
    };
    let found: Vec<&Invite> = ids
        .iter()
        .filter_map(|id| w.refassured.program.invites.get(id))
        .collect();
    Json(json!({ "invites": found })).into_response()
}

/// `PUT program/invites/{candidateId}`: where an invitation stands. A `writing` record is one
/// holder's for 120 s (`409 claimed` to another); a settled record (`done`, `needs_person`) is
/// never taken back to `writing` (`409 settled`), only resolved by a person (`resolvedBy`).
async fn record_invite(
    State(st): State<AppState>,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let Ok(id) = id.parse::<u64>() else {
        return error(StatusCode::NOT_FOUND, "not_found", "Candidate not found.");
    };
    let Ok(mut inv) = serde_json::from_slice::<Invite>(&body) else {
        return invalid("state and holder are required.");
    };
    if !INVITE_STATES.contains(&inv.state.as_str()) || inv.holder.trim().is_empty() {
        return invalid("state (writing, done, needs_person, failed) and holder are required.");
    }
    let resolution = serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|v| v["resolvedBy"].as_str().map(String::from))
        .filter(|s| !s.is_empty());
    let now = now_unix();
    let mut w = lock(&st.world);
    let invites = &mut w.refassured.program.invites;
    if let (Some(old), None) = (invites.get(&id), &resolution) {
        let settled = matches!(old.state.as_str(), "done" | "needs_person");
        if settled && inv.state != old.state {
            return conflict("settled", "This invitation is settled already.", json!(old));
        }
        if old.state == "writing"
            && old.holder != inv.holder
            && old.updated_unix + INVITE_CLAIM_SECS > now
        {
            return conflict(
                "claimed",
                "Another tab is inviting this candidate right now.",
                json!(old),
            );
        }
    }
    inv.candidate_id = id;
    inv.updated_unix = now;
    inv.updated_at = iso_z(now);
    invites.insert(id, inv.clone());
    Json(json!({ "invite": inv })).into_response()
}
