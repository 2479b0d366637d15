//! `/_sandbox/`: reset, inspection of what the tab created, the request log, faults, settings.
//! The sandbox's own shapes (not an upstream's); documented in docs/api/sandbox.md.

use crate::state::{lock, AppState, FaultRule, Settings};
use crate::util::{iso_z, jobdiva_bi};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/_sandbox/reset", post(reset))
        .route("/_sandbox/state", get(summary))
        .route("/_sandbox/jobdiva/candidates", get(candidates))
        .route("/_sandbox/jobdiva/candidates/{id}", put(edit_candidate))
        .route("/_sandbox/jobdiva/notes", get(notes))
        .route("/_sandbox/jobdiva/attachments", get(attachments))
        .route("/_sandbox/jobdiva/contacts", get(contacts))
        .route("/_sandbox/jobdiva/contact-notes", get(contact_notes))
        .route("/_sandbox/jobdiva/leads", get(leads))
        .route("/_sandbox/jobdiva/expire-tokens", post(expire_tokens))
        .route("/_sandbox/refassured/outbox", get(outbox))
        .route("/_sandbox/refassured/opt-ins", get(opt_ins))
        .route("/_sandbox/refassured/keys", post(set_key))
        .route("/_sandbox/staffingreferrals/deliveries", get(deliveries))
        .route("/_sandbox/staffingreferrals/invitations", get(invitations))
        .route("/_sandbox/requests", get(requests).delete(clear_requests))
        .route(
            "/_sandbox/faults",
            get(get_faults)
                .put(put_faults)
                .post(add_fault)
                .delete(clear_faults),
        )
        .route("/_sandbox/held", get(held))
        .route("/_sandbox/release", post(release))
        .route("/_sandbox/settings", get(get_settings).put(put_settings))
        .with_state(state)
}

async fn reset(State(s): State<AppState>) -> Json<Value> {
    s.reset();
    Json(json!({ "reset": true, "seed": s.seed }))
}

async fn summary(State(s): State<AppState>) -> Json<Value> {
    let w = lock(&s.world);
    Json(json!({
        "seed": s.seed,
        "jobdiva": { "candidates": w.jobdiva.candidates.len(), "notes": w.jobdiva.notes.len(), "attachments": w.jobdiva.attachments.len(),
                     "contacts": w.jobdiva.contacts.len(), "contactNotes": w.jobdiva.contact_notes.len(), "leads": w.jobdiva.leads.len() },
        "refassured": { "requests": w.refassured.requests.len(), "optIns": w.refassured.opt_ins.len(),
                        "pendingOptIns": w.refassured.opt_ins.iter().filter(|o| o.outcome.is_none()).count(), "outbox": w.refassured.outbox.len() },
        "staffingreferrals": { "users": w.staffing.users.len(), "referrals": w.staffing.referrals.len(), "deliveries": w.staffing.deliveries.len() },
        "requests": lock(&s.log).len(),
    }))
}

#[derive(Deserialize, Default)]
struct Filter {
    created: Option<bool>,
    #[serde(rename = "candidateId")]
    candidate_id: Option<u64>,
}

/// Fields a test may rewrite on a seeded candidate (hostile text: 100 KB words, bidi overrides).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CandidateEdit {
    first_name: Option<String>,
    last_name: Option<String>,
    email: Option<String>,
    city: Option<String>,
}

async fn edit_candidate(
    State(s): State<AppState>,
    Path(id): Path<u64>,
    Json(e): Json<CandidateEdit>,
) -> Response {
    let mut w = lock(&s.world);
    let Some(c) = w.jobdiva.candidates.iter_mut().find(|c| c.id == id) else {
        return (StatusCode::NOT_FOUND, "no such candidate").into_response();
    };
    for (field, value) in [
        (&mut c.first, e.first_name),
        (&mut c.last, e.last_name),
        (&mut c.email, e.email),
        (&mut c.city, e.city),
    ] {
        if let Some(v) = value {
            *field = v;
        }
    }
    StatusCode::NO_CONTENT.into_response()
}

async fn candidates(State(s): State<AppState>, Query(f): Query<Filter>) -> Json<Value> {
    let w = lock(&s.world);
    Json(Value::Array(
        w.jobdiva
            .candidates
            .iter()
            .filter(|c| f.created.is_none_or(|want| c.created_by_api == want))
            .map(|c| {
                json!({"id": c.id, "firstName": c.first, "lastName": c.last, "email": c.email, "cellPhone": c.cell_phone,
                "workPhone": c.work_phone, "homePhone": c.home_phone, "title": c.title, "resumeSource": c.resume_source,
                "narrative": c.narrative, "createdByApi": c.created_by_api, "created": jobdiva_bi(c.created)})
            })
            .collect(),
    ))
}

async fn notes(State(s): State<AppState>, Query(f): Query<Filter>) -> Json<Value> {
    let w = lock(&s.world);
    Json(Value::Array(
        w.jobdiva
            .notes
            .iter()
            .filter(|n| f.candidate_id.is_none_or(|c| n.candidate_id == c))
            .map(|n| json!({"id": n.id, "candidateId": n.candidate_id, "note": n.note, "recruiterId": n.recruiter_id, "action": n.action, "actionDate": n.action_date, "created": iso_z(n.created)}))
            .collect(),
    ))
}

async fn attachments(State(s): State<AppState>, Query(f): Query<Filter>) -> Json<Value> {
    let w = lock(&s.world);
    Json(Value::Array(
        w.jobdiva
            .attachments
            .iter()
            .filter(|a| f.candidate_id.is_none_or(|c| a.candidate_id == c))
            .map(|a| json!({"id": a.id, "candidateId": a.candidate_id, "name": a.name, "filename": a.filename, "size": a.size, "attachmentType": a.attachment_type, "description": a.description}))
            .collect(),
    ))
}

async fn contacts(State(s): State<AppState>, Query(f): Query<Filter>) -> Json<Value> {
    let w = lock(&s.world);
    Json(Value::Array(
        w.jobdiva
            .contacts
            .iter()
            .filter(|c| f.created.is_none_or(|want| c.created_by_api == want))
            .map(|c| json!({"id": c.id, "firstName": c.first, "lastName": c.last, "company": c.company, "email": c.email, "title": c.title, "createdByApi": c.created_by_api}))
            .collect(),
    ))
}

async fn contact_notes(State(s): State<AppState>) -> Json<Value> {
    let w = lock(&s.world);
    Json(Value::Array(
        w.jobdiva
            .contact_notes
            .iter()
            .map(|n| json!({"id": n.id, "contactId": n.contact_id, "note": n.note}))
            .collect(),
    ))
}

async fn leads(State(s): State<AppState>) -> Json<Value> {
    let w = lock(&s.world);
    Json(Value::Array(
        w.jobdiva
            .leads
            .iter()
            .map(|l| json!({"id": l.id, "firstName": l.first, "lastName": l.last, "email": l.email, "phone": l.phone, "company": l.company, "title": l.title, "note": l.note}))
            .collect(),
    ))
}

/// Expire every JobDiva access token now (refresh tokens stay valid): the next call gets 401.
async fn expire_tokens(State(s): State<AppState>) -> Json<Value> {
    let mut w = lock(&s.world);
    let mut n = 0;
    for (exp, refresh) in w.jobdiva.tokens.values_mut() {
        if !*refresh {
            *exp = 0;
            n += 1;
        }
    }
    Json(json!({ "expired": n }))
}

async fn outbox(State(s): State<AppState>) -> Json<Value> {
    let w = lock(&s.world);
    Json(Value::Array(
        w.refassured.outbox.iter().map(|e| json!({"id": e.id, "to": e.to, "subject": e.subject, "text": e.text, "link": e.link, "sentAt": iso_z(e.sent_at)})).collect(),
    ))
}

async fn opt_ins(State(s): State<AppState>) -> Json<Value> {
    let w = lock(&s.world);
    Json(Value::Array(
        w.refassured
            .opt_ins
            .iter()
            .map(|o| {
                json!({"id": o.id, "kind": o.kind, "scenario": o.scenario, "person": format!("{} {}", o.person.first, o.person.last),
                "email": o.person.email.trim().to_lowercase(), "attention": o.attention.as_ref().map(|a| a.0.clone()),
                "resolved": o.outcome.is_some(), "action": o.outcome.as_ref().map(|x| x.action.clone()),
                "atsRecordId": o.outcome.as_ref().map(|x| x.ats_record_id.clone())})
            })
            .collect(),
    ))
}

#[derive(Deserialize)]
struct KeyChange {
    key: String,
    active: bool,
}

/// Add, revoke or restore a RefAssured API key.
async fn set_key(State(s): State<AppState>, Json(k): Json<KeyChange>) -> Json<Value> {
    lock(&s.world)
        .refassured
        .keys
        .insert(k.key.clone(), k.active);
    Json(json!({ "key": k.key, "active": k.active }))
}

async fn deliveries(State(s): State<AppState>) -> Json<Value> {
    let w = lock(&s.world);
    Json(Value::Array(
        w.staffing
            .deliveries
            .iter()
            .map(|d| json!({"referralId": d.referral_id, "attempt": d.attempt, "atMillis": d.at_millis as u64, "status": d.status, "error": d.error}))
            .collect(),
    ))
}

/// Invitation emails Staffing Referrals would send: the user and the `send_at` asked for.
async fn invitations(State(s): State<AppState>) -> Json<Value> {
    let w = lock(&s.world);
    Json(Value::Array(
        w.staffing
            .invites_sent
            .iter()
            .map(|(id, at)| json!({"userId": id, "sendAt": at}))
            .collect(),
    ))
}

#[derive(Deserialize, Default)]
struct LogQuery {
    after: Option<u64>,
    upstream: Option<String>,
}

async fn requests(State(s): State<AppState>, Query(q): Query<LogQuery>) -> Json<Value> {
    let log = lock(&s.log);
    Json(json!(log
        .iter()
        .filter(|e| q.after.is_none_or(|a| e.seq > a))
        .filter(|e| q.upstream.as_deref().is_none_or(|u| e.upstream == u))
        .collect::<Vec<_>>()))
}

async fn clear_requests(State(s): State<AppState>) -> StatusCode {
    lock(&s.log).clear();
    StatusCode::NO_CONTENT
}

async fn get_faults(State(s): State<AppState>) -> Json<Vec<FaultRule>> {
    Json(lock(&s.faults).clone())
}

async fn put_faults(
    State(s): State<AppState>,
    Json(rules): Json<Vec<FaultRule>>,
) -> Json<Vec<FaultRule>> {
    *lock(&s.faults) = rules.clone();
    Json(rules)
}

async fn add_fault(State(s): State<AppState>, Json(rule): Json<FaultRule>) -> Json<Vec<FaultRule>> {
    let mut f = lock(&s.faults);
    f.push(rule);
    Json(f.clone())
}

async fn clear_faults(State(s): State<AppState>) -> StatusCode {
    s.release();
    lock(&s.faults).clear();
    StatusCode::NO_CONTENT
}

/// How many requests a `hold` rule is holding right now.
async fn held(State(s): State<AppState>) -> Json<Value> {
    Json(json!({ "held": s.held.load(std::sync::atomic::Ordering::SeqCst) }))
}

/// Let the held requests go and remove the hold rules.
async fn release(State(s): State<AppState>) -> Json<Value> {
    Json(json!({ "released": s.release() }))
}

async fn get_settings(State(s): State<AppState>) -> Json<Settings> {
    Json(s.settings())
}

/// Merge the given fields into the settings.
async fn put_settings(State(s): State<AppState>, Json(patch): Json<Value>) -> Response {
    let mut current = serde_json::to_value(s.settings()).unwrap_or(Value::Null);
    if let (Value::Object(cur), Value::Object(p)) = (&mut current, patch) {
        for (k, v) in p {
            cur.insert(k, v);
        }
    }
    match serde_json::from_value::<Settings>(current) {
        Ok(new) => {
            *lock(&s.settings) = new.clone();
            Json(new).into_response()
        }
        Err(e) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(json!({"error": e.to_string()})),
        )
            .into_response(),
    }
}
