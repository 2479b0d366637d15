//! Staffing Referrals simulator under `/staffingreferrals/` (an agency's domain), written from
//! `shared/seeds/staffing-referrals-api.txt` and `docs/api/staffing-referrals.md`.

use crate::state::{lock, AppState, Upstream};
use crate::util::{now_millis, now_unix, parse_iso8601, sr_time, Params};
use crate::world::{Referral, SrUser, Staffing, WebhookDelivery};
use axum::body::Bytes;
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::time::Duration;

pub const TOKEN: &str = "sandbox-sr-token";
pub const DOMAIN: &str = "https://sandbox-agency.staffingreferrals.com";
const MAX_PAGE: usize = 1000;
const STATUSES: &[(&str, &str)] = &[
    ("lead", "Lead"),
    ("contacted", "Contacted"),
    ("placed", "Placed"),
    ("awaiting_payment", "Awaiting Payment"),
    ("paid", "Paid"),
    ("ineligible", "Ineligible"),
];

fn err(status: StatusCode, message: &str) -> Response {
    (
        status,
        Json(json!({ "status": "error", "message": message })),
    )
        .into_response()
}

fn ok(data: Value) -> Response {
    Json(json!({ "status": "success", "data": data })).into_response()
}

fn ok_msg(message: String, data: Option<Value>) -> Response {
    let mut v = json!({ "status": "success", "message": message });
    if let Some(d) = data {
        v["data"] = d;
    }
    Json(v).into_response()
}

/// Form (`a[b]=c`) or JSON bodies, flattened to bracket keys.
fn form(headers: &HeaderMap, body: &Bytes) -> Params {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"));
    if is_json {
        let mut out = Vec::new();
        if let Ok(Value::Object(m)) = serde_json::from_slice::<Value>(body) {
            flatten("", &Value::Object(m), &mut out);
        }
        Params(out)
    } else {
        Params::parse(&String::from_utf8_lossy(body))
    }
}

fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}[{k}]")
                };
                flatten(&key, v, out);
            }
        }
        Value::Null => {}
        Value::String(s) => out.push((prefix.to_string(), s.clone())),
        Value::Array(_) => out.push((prefix.to_string(), v.to_string())),
        other => out.push((prefix.to_string(), other.to_string())),
    }
}

fn truthy(v: Option<&str>) -> bool {
    matches!(
        v.map(str::to_ascii_lowercase).as_deref(),
        Some("true" | "1" | "yes")
    )
}

fn digits(s: &str) -> String {
    let d: String = s.chars().filter(char::is_ascii_digit).collect();
    if d.len() == 11 && d.starts_with('1') {
        d[1..].to_string()
    } else {
        d
    }
}

fn user_json(sr: &Staffing, u: &SrUser, full: bool) -> Value {
    let mut v = json!({
        "id": u.id, "ats_id": u.ats_id, "status": u.status, "email": u.email,
        "first_name": u.first, "last_name": u.last, "phone": u.phone,
    });
    if !full {
        return v;
    }
    let m = v.as_object_mut().expect("object");
    m.insert("source".into(), json!(u.source));
    m.insert("is_accepted".into(), json!(u.is_accepted));
    m.insert("campaign_id".into(), json!(u.campaign_id));
    m.insert(
        "accept_url".into(),
        json!(format!("{DOMAIN}/enter/{}", u.slug)),
    );
    m.insert(
        "apply_url".into(),
        json!(format!("{DOMAIN}/apply/{}", u.slug)),
    );
    m.insert("created_at".into(), json!(sr_time(u.created)));
    m.insert("updated_at".into(), json!(sr_time(u.updated)));
    m.insert("role_name".into(), json!(u.role));
    match u.role {
        "recruiter" | "admin" => {
            m.insert(
                "join_url".into(),
                json!(format!("{DOMAIN}/join/{}", u.slug)),
            );
            m.insert("is_public_recruiter".into(), json!(u.is_public_recruiter));
        }
        _ => {
            if let Some(r) = u.recruiter_id.and_then(|id| sr.user(id)) {
                m.insert("recruiter_id".into(), json!(r.id));
                m.insert("recruiter_email".into(), json!(r.email));
                m.insert(
                    "recruiter_name".into(),
                    json!(format!("{} {}", r.first, r.last)),
                );
            }
            m.insert("properties".into(), json!(u.properties));
        }
    }
    if u.role == "applicant" {
        m.insert("job_title".into(), json!(u.job_title));
    }
    v
}

fn referral_json(sr: &Staffing, r: &Referral) -> Value {
    let campaign = sr
        .campaigns
        .iter()
        .find(|c| c.id == r.campaign_id)
        .map(|c| {
            json!({
                "id": c.id, "name": c.name, "status": c.status, "minimum_term": c.minimum_term,
                "minimum_term_units": c.minimum_term_units, "applicant_bonus": c.applicant_bonus,
                "ambassador_bonus": c.ambassador_bonus, "is_bonus_per_hour": c.is_bonus_per_hour,
            })
        });
    let person = |id: u64, extra: &[&str]| {
        sr.user(id).map(|u| {
            let mut v = user_json(sr, u, false);
            let m = v.as_object_mut().expect("object");
            if extra.contains(&"job_title") {
                m.insert("job_title".into(), json!(u.job_title));
            }
            if extra.contains(&"properties") {
                m.insert(
                    "properties".into(),
                    if u.properties.is_empty() {
                        Value::Null
                    } else {
                        json!(u.properties)
                    },
                );
            }
            v
        })
    };
    let mut v = json!({
        "id": r.id, "ats_id": r.ats_id, "status": r.status, "source": r.source,
        "created_at": sr_time(r.created), "updated_at": sr_time(r.updated),
        "is_manual": r.is_manual, "is_referral_lead": r.is_referral_lead, "has_resume": r.has_resume,
        "previous_referral_ids": r.previous_referral_ids, "campaign": campaign,
        "applicant": person(r.applicant_id, &["job_title", "properties"]),
        "ambassador": person(r.ambassador_id, &["properties"]),
        "recruiter": person(r.recruiter_id, &[]),
    });
    if let Some(msg) = &r.opportunity {
        v["opportunity"] = json!({ "id": r.id + 1000, "message": msg });
    }
    v
}

/// `page_index`, `page_size` (≤ 1000) and the six documented response fields. Only the
/// requested page is rendered.
fn paginate<T>(
    items: Vec<T>,
    q: &Params,
    render: impl Fn(T) -> Value,
) -> Result<Response, Response> {
    let size = match q.text("page_size") {
        None => MAX_PAGE,
        Some(v) => v
            .parse::<usize>()
            .map_err(|_| err(StatusCode::BAD_REQUEST, "Invalid page_size"))?
            .clamp(1, MAX_PAGE),
    };
    let index = match q.text("page_index") {
        None => 0,
        Some(v) => v
            .parse::<usize>()
            .map_err(|_| err(StatusCode::BAD_REQUEST, "Invalid page_index"))?,
    };
    let total = items.len();
    let start = (index * size).min(total);
    let page: Vec<Value> = items
        .into_iter()
        .skip(start)
        .take(size)
        .map(render)
        .collect();
    let remaining = total - start - page.len();
    Ok(Json(json!({
        "status": "success",
        "data": page,
        "num_records_returned": page.len(),
        "num_records_total": total,
        "num_records_remaining": remaining,
        "num_pages_remaining": remaining.div_ceil(size),
        "page_index": index,
        "page_size": size,
    }))
    .into_response())
}

fn since(q: &Params) -> Result<Option<i64>, Response> {
    match q.text("since") {
        None => Ok(None),
        Some(s) => parse_iso8601(&s)
            .map(Some)
            .ok_or_else(|| err(StatusCode::BAD_REQUEST, "Invalid since date")),
    }
}

/// Look a user up by ats_id, then email, then phone (the documented order).
pub fn find_user(
    sr: &Staffing,
    ats_id: Option<&str>,
    email: Option<&str>,
    phone: Option<&str>,
) -> Option<u64> {
    let by_ats = ats_id
        .filter(|a| !a.is_empty())
        .and_then(|a| sr.users.iter().find(|u| u.ats_id.as_deref() == Some(a)));
    let by_email = || {
        email.filter(|e| !e.is_empty()).and_then(|e| {
            sr.users
                .iter()
                .find(|u| u.email.eq_ignore_ascii_case(e.trim()))
        })
    };
    let by_phone = || {
        phone.map(digits).filter(|d| d.len() >= 7).and_then(|d| {
            sr.users
                .iter()
                .find(|u| u.phone.as_deref().map(digits).as_deref() == Some(d.as_str()))
        })
    };
    by_ats.or_else(by_email).or_else(by_phone).map(|u| u.id)
}

/// A request body as Staffing Referrals takes it: a form (`a[b]=c`) or JSON, flattened to
/// bracket keys.
pub struct SrForm(Params);

impl<S: Send + Sync> FromRequest<S> for SrForm {
    type Rejection = Response;
    async fn from_request(req: Request, state: &S) -> Result<Self, Response> {
        let headers = req.headers().clone();
        let body = Bytes::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(SrForm(form(&headers, &body)))
    }
}

type Answer = Result<Response, Response>;

/// Run `f` on the simulator's state; either outcome is the answer.
fn with_sr(st: &AppState, f: impl FnOnce(&mut Staffing) -> Answer) -> Response {
    f(&mut lock(&st.world).staffing).unwrap_or_else(|e| e)
}

/// The simulator's routes, to be nested under `/staffingreferrals`; every one needs the token.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/referrals", get(|State(st): State<AppState>, Query(q): Query<Params>| async move { with_sr(&st, |sr| list_referrals(sr, &q)) }).post(new_referral))
        .route("/api/v1/referrals/{id}", post(|State(st): State<AppState>, Path(id): Path<String>, SrForm(f): SrForm| async move { with_sr(&st, |sr| update_referral(sr, &id, &f)) }))
        .route("/api/v1/users", get(|State(st): State<AppState>, Query(q): Query<Params>| async move { with_sr(&st, |sr| list_users(sr, &q)) }))
        .route("/api/v1/users/send_access_email", post(|State(st): State<AppState>, SrForm(f): SrForm| async move {
            with_sr(&st, |sr| match f.text("email") {
                None => Err(err(StatusCode::BAD_REQUEST, "Email is required")),
                Some(e) if sr.users.iter().any(|u| u.email.eq_ignore_ascii_case(&e)) => {
                    sr.access_emails.push(e.clone());
                    Ok(ok_msg(format!("Sent access acount email to {e}"), None))
                }
                Some(_) => Err(err(StatusCode::NOT_FOUND, "User not found")),
            })
        }))
        .route(
            "/api/v1/users/{id}",
            get(|State(st): State<AppState>, Path(id): Path<String>| async move {
                with_sr(&st, |sr| match id.parse::<u64>().ok().and_then(|id| sr.user(id)) {
                    Some(u) => Ok(ok(user_json(sr, u, true))),
                    None => Err(err(StatusCode::NOT_FOUND, "User not found")),
                })
            })
            .post(|State(st): State<AppState>, Path(id): Path<String>, SrForm(f): SrForm| async move { with_sr(&st, |sr| update_user(sr, &id, &f)) }),
        )
        .route("/api/v1/users/{id}/deactivate_recruiter", post(|State(st): State<AppState>, Path(id): Path<String>, SrForm(f): SrForm| async move { with_sr(&st, |sr| deactivate(sr, &id, &f)) }))
        .route("/api/v1/invite/invite", post(|State(st): State<AppState>, SrForm(f): SrForm| async move { with_sr(&st, |sr| invite(sr, &f)) }))
        .route("/api/v1/campaigns", get(|State(st): State<AppState>| async move {
            with_sr(&st, |sr| {
                Ok(ok(Value::Array(
                    sr.campaigns
                        .iter()
                        .map(|c| {
                            json!({"id": c.id, "name": c.name, "status": c.status, "minimum_term": c.minimum_term,
                            "minimum_term_units": c.minimum_term_units, "applicant_bonus": c.applicant_bonus,
                            "ambassador_bonus": c.ambassador_bonus, "is_bonus_per_hour": c.is_bonus_per_hour,
                            "location": c.location, "minimum_requirements": c.minimum_requirements})
                        })
                        .collect(),
                )))
            })
        }))
        .route("/api/v1/property_types", get(|State(st): State<AppState>| async move { with_sr(&st, |sr| Ok(ok(Value::Array(sr.property_types.iter().map(property_json).collect())))) }))
        .route("/api/v1/property_types/{id}", post(property))
        .route("/api/v1/property_type/{id}", post(property))
        .fallback(|| async { err(StatusCode::NOT_FOUND, "Not found") })
        .method_not_allowed_fallback(|| async { err(StatusCode::NOT_FOUND, "Not found") })
        .layer(middleware::from_fn(token))
}

/// How Staffing Referrals answers an injected fault (for the sandbox's fault layer).
pub const UPSTREAM: Upstream = Upstream {
    name: "staffingreferrals",
    fault: |kind, _path| match kind {
        "429" => err(StatusCode::TOO_MANY_REQUESTS, "Rate limit exceeded"),
        _ => err(StatusCode::INTERNAL_SERVER_ERROR, "Internal server error"),
    },
};

async fn token(req: Request, next: Next) -> Response {
    let token = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .trim();
    if token != TOKEN {
        return err(StatusCode::UNAUTHORIZED, "Invalid or missing API token");
    }
    next.run(req).await
}

async fn property(
    State(st): State<AppState>,
    Path(id): Path<String>,
    SrForm(f): SrForm,
) -> Response {
    with_sr(&st, |sr| update_property(sr, &id, &f))
}

async fn new_referral(State(st): State<AppState>, SrForm(f): SrForm) -> Response {
    let mut created = None;
    let response = with_sr(&st, |sr| {
        create_referral(sr, &f).map(|(resp, id)| {
            created = id;
            resp
        })
    });
    if let Some(id) = created {
        spawn_webhook(st.clone(), id);
    }
    response
}

fn list_referrals(sr: &Staffing, q: &Params) -> Result<Response, Response> {
    let since = since(q)?;
    let amb = q
        .text("ambassador_id")
        .map(|v| {
            v.parse::<u64>()
                .map_err(|_| err(StatusCode::BAD_REQUEST, "Invalid ambassador_id"))
        })
        .transpose()?;
    let app = q
        .text("applicant_id")
        .map(|v| {
            v.parse::<u64>()
                .map_err(|_| err(StatusCode::BAD_REQUEST, "Invalid applicant_id"))
        })
        .transpose()?;
    let mut items: Vec<&Referral> = sr
        .referrals
        .iter()
        .filter(|r| since.is_none_or(|s| r.updated >= s || r.created >= s))
        .filter(|r| amb.is_none_or(|a| r.ambassador_id == a))
        .filter(|r| app.is_none_or(|a| r.applicant_id == a))
        .collect();
    if app.is_some() {
        // The active referral: the newest one.
        items.sort_by_key(|r| std::cmp::Reverse((r.created, r.id)));
        items.truncate(1);
    }
    paginate(items, q, |r| referral_json(sr, r))
}

fn update_referral(sr: &mut Staffing, id: &str, f: &Params) -> Result<Response, Response> {
    let id: u64 = id
        .parse()
        .map_err(|_| err(StatusCode::NOT_FOUND, "Referral not found"))?;
    let idx = sr
        .referrals
        .iter()
        .position(|r| r.id == id)
        .ok_or_else(|| err(StatusCode::NOT_FOUND, "Referral not found"))?;
    if let Some(status) = f.text("status") {
        let display = STATUSES
            .iter()
            .find(|(k, d)| k.eq_ignore_ascii_case(&status) || d.eq_ignore_ascii_case(&status))
            .map(|(_, d)| *d)
            .ok_or_else(|| err(StatusCode::UNPROCESSABLE_ENTITY, "Invalid status"))?;
        sr.referrals[idx].status = display.into();
    }
    if let Some(ats) = f.text("ats_id") {
        sr.referrals[idx].ats_id = Some(ats);
    }
    sr.referrals[idx].updated = now_unix();
    Ok(ok(referral_json(sr, &sr.referrals[idx])))
}

fn new_user(
    sr: &mut Staffing,
    role: &'static str,
    f: &Params,
    prefix: &str,
    recruiter: Option<u64>,
) -> u64 {
    let id = sr.id();
    let get = |k: &str| f.text(&format!("{prefix}[{k}]"));
    let first = get("first_name").unwrap_or_default();
    let last = get("last_name").unwrap_or_default();
    let now = now_unix();
    sr.users.push(SrUser {
        id,
        ats_id: get("ats_id"),
        status: "Active".into(),
        source: get("source").or_else(|| Some("Your ATS".into())),
        email: get("email").unwrap_or_default(),
        first: first.clone(),
        last: last.clone(),
        phone: get("phone"),
        job_title: get("job_title"),
        is_accepted: false,
        campaign_id: get("campaign_id").and_then(|c| c.parse().ok()).or(Some(48)),
        role,
        recruiter_id: recruiter,
        is_public_recruiter: role == "recruiter",
        properties: BTreeMap::new(),
        created: now,
        updated: now,
        slug: format!(
            "{}{}{id}",
            first.chars().next().unwrap_or('u').to_ascii_lowercase(),
            last.to_lowercase()
        ),
    });
    id
}

fn create_referral(sr: &mut Staffing, f: &Params) -> Result<(Response, Option<u64>), Response> {
    let amb_email = f.text("ambassador[email]").ok_or_else(|| {
        err(
            StatusCode::UNPROCESSABLE_ENTITY,
            "ambassador[email] is required",
        )
    })?;
    let app_first = f.text("applicant[first_name]").ok_or_else(|| {
        err(
            StatusCode::UNPROCESSABLE_ENTITY,
            "applicant[first_name] is required",
        )
    })?;
    let either = f.text("applicant[email_or_phone]");
    let (mut app_email, mut app_phone) = (f.text("applicant[email]"), f.text("applicant[phone]"));
    if let Some(v) = either {
        if v.contains('@') {
            app_email = app_email.or(Some(v))
        } else {
            app_phone = app_phone.or(Some(v))
        }
    }
    if app_email.is_none() && app_phone.is_none() {
        return Err(err(
            StatusCode::UNPROCESSABLE_ENTITY,
            "One of applicant[email], applicant[phone] or applicant[email_or_phone] is required",
        ));
    }
    let ambassador = find_user(
        sr,
        f.get("ambassador[ats_id]"),
        Some(&amb_email),
        f.get("ambassador[phone]"),
    );
    let recruiter = match f.text("recruiter[email]").and_then(|e| {
        sr.users
            .iter()
            .find(|u| u.email.eq_ignore_ascii_case(&e) && matches!(u.role, "recruiter" | "admin"))
            .map(|u| u.id)
    }) {
        Some(r) => Some(r),
        None if truthy(f.get("recruiter[use_default_if_not_found]")) => sr.default_recruiter,
        None => ambassador.and_then(|a| sr.user(a)).and_then(|a| {
            if matches!(a.role, "recruiter" | "admin") {
                Some(a.id)
            } else {
                a.recruiter_id
            }
        }),
    };
    let Some(recruiter) = recruiter else {
        return Err(err(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Recruiter not found; recruiter[email] is required when the ambassador doesn't exist",
        ));
    };
    let ambassador = match ambassador {
        Some(a) => a,
        None => {
            if f.text("ambassador[first_name]").is_none() {
                return Err(err(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "ambassador[first_name] is required when the ambassador doesn't exist",
                ));
            }
            let id = new_user(sr, "ambassador", f, "ambassador", Some(recruiter));
            sr.invites_sent.push((id, None));
            id
        }
    };
    let existing = find_user(
        sr,
        f.get("applicant[ats_id]"),
        app_email.as_deref(),
        app_phone.as_deref(),
    );
    let now = now_unix();
    let applicant = match existing {
        Some(a) => {
            // Within 90 days of an earlier referral: no new one.
            if let Some(prev) = sr
                .referrals
                .iter()
                .filter(|r| r.applicant_id == a)
                .max_by_key(|r| r.created)
            {
                if now - prev.created < 90 * 86_400 {
                    let v = referral_json(sr, prev);
                    return Ok((ok_msg("Applicant was referred within the last 90 days; no new referral was created.".into(), Some(v)), None));
                }
            }
            a
        }
        None => {
            let mut f2 = f.0.clone();
            f2.push(("applicant[first_name]".into(), app_first));
            if let Some(e) = &app_email {
                f2.push(("applicant[email]".into(), e.clone()));
            }
            if let Some(p) = &app_phone {
                f2.push(("applicant[phone]".into(), p.clone()));
            }
            new_user(sr, "applicant", &Params(f2), "applicant", Some(recruiter))
        }
    };
    let previous: Vec<String> = sr
        .referrals
        .iter()
        .filter(|r| r.applicant_id == applicant)
        .map(|r| r.id.to_string())
        .collect();
    let id = sr.id();
    let amb_role = sr.user(ambassador).map(|u| u.role).unwrap_or("ambassador");
    sr.referrals.push(Referral {
        id,
        ats_id: f.text("ats_id"),
        status: "Lead".into(),
        source: f.text("source").or_else(|| Some("Your ATS".into())),
        created: now,
        updated: now,
        is_manual: true,
        is_referral_lead: !matches!(amb_role, "recruiter" | "admin"),
        has_resume: false,
        previous_referral_ids: previous.join(","),
        campaign_id: 48,
        applicant_id: applicant,
        ambassador_id: ambassador,
        recruiter_id: recruiter,
        opportunity: None,
    });
    let r = sr.referrals.last().expect("pushed");
    Ok((ok(referral_json(sr, r)), Some(id)))
}

fn list_users(sr: &Staffing, q: &Params) -> Result<Response, Response> {
    let since = since(q)?;
    let role = q.text("role_name");
    if let Some(r) = &role {
        if !["ambassador", "applicant", "recruiter", "admin"].contains(&r.as_str()) {
            return Err(err(StatusCode::BAD_REQUEST, "Invalid role_name"));
        }
    }
    let (email, ats, accepted) = (
        q.text("email"),
        q.text("ats_id"),
        truthy(q.get("is_accepted")),
    );
    let items = sr
        .users
        .iter()
        .filter(|u| since.is_none_or(|s| u.updated >= s || u.created >= s))
        .filter(|u| role.as_deref().is_none_or(|r| u.role == r))
        .filter(|u| {
            email
                .as_deref()
                .is_none_or(|e| u.email.eq_ignore_ascii_case(e))
        })
        .filter(|u| {
            ats.as_deref()
                .is_none_or(|a| u.ats_id.as_deref() == Some(a))
        })
        .filter(|u| !accepted || u.is_accepted)
        .collect::<Vec<_>>();
    paginate(items, q, |u| user_json(sr, u, true))
}

fn update_user(sr: &mut Staffing, id: &str, f: &Params) -> Result<Response, Response> {
    let id: u64 = id
        .parse()
        .map_err(|_| err(StatusCode::NOT_FOUND, "User not found"))?;
    let idx = sr
        .users
        .iter()
        .position(|u| u.id == id)
        .ok_or_else(|| err(StatusCode::NOT_FOUND, "User not found"))?;
    if let Some(s) = f.text("status") {
        let s = match s.to_ascii_lowercase().as_str() {
            "active" => "Active",
            "inactive" => "Inactive",
            _ => return Err(err(StatusCode::UNPROCESSABLE_ENTITY, "Invalid status")),
        };
        sr.users[idx].status = s.into();
    }
    let recruiter = match (f.text("recruiter_id"), f.text("recruiter_email")) {
        (Some(r), _) => r.parse::<u64>().ok().filter(|r| {
            sr.user(*r)
                .is_some_and(|u| matches!(u.role, "recruiter" | "admin"))
        }),
        (None, Some(e)) => sr
            .users
            .iter()
            .find(|u| u.email.eq_ignore_ascii_case(&e) && matches!(u.role, "recruiter" | "admin"))
            .map(|u| u.id),
        _ => None,
    };
    let asked = f.text("recruiter_id").is_some() || f.text("recruiter_email").is_some();
    match (asked, recruiter) {
        (true, Some(r)) => sr.users[idx].recruiter_id = Some(r),
        (true, None) if truthy(f.get("fallback_to_default_recruiter")) => {
            sr.users[idx].recruiter_id = sr.default_recruiter
        }
        (true, None) => return Err(err(StatusCode::UNPROCESSABLE_ENTITY, "Recruiter not found")),
        _ => {}
    }
    if let Some(c) = f.text("campaign_id") {
        let c: u64 = c
            .parse()
            .map_err(|_| err(StatusCode::UNPROCESSABLE_ENTITY, "Campaign not found"))?;
        if !sr.campaigns.iter().any(|x| x.id == c) {
            return Err(err(StatusCode::UNPROCESSABLE_ENTITY, "Campaign not found"));
        }
        sr.users[idx].campaign_id = Some(c);
    }
    let u = &mut sr.users[idx];
    if let Some(v) = f.text("source") {
        u.source = Some(v)
    }
    if let Some(v) = f.text("first_name") {
        u.first = v
    }
    if let Some(v) = f.text("last_name") {
        u.last = v
    }
    if let Some(v) = f.text("phone") {
        u.phone = Some(v)
    }
    if let Some(v) = f.text("ats_id") {
        u.ats_id = Some(v)
    }
    u.updated = now_unix();
    Ok(ok(user_json(sr, &sr.users[idx], true)))
}

fn deactivate(sr: &mut Staffing, id: &str, f: &Params) -> Result<Response, Response> {
    let id: u64 = id
        .parse()
        .map_err(|_| err(StatusCode::NOT_FOUND, "User not found"))?;
    let user = sr
        .user(id)
        .ok_or_else(|| err(StatusCode::NOT_FOUND, "User not found"))?;
    if !matches!(user.role, "recruiter" | "admin") {
        return Err(err(
            StatusCode::UNPROCESSABLE_ENTITY,
            "User is not a recruiter or admin",
        ));
    }
    let new_id = f
        .text("new_recruiter_id")
        .and_then(|v| v.parse::<u64>().ok())
        .ok_or_else(|| {
            err(
                StatusCode::UNPROCESSABLE_ENTITY,
                "new_recruiter_id is required",
            )
        })?;
    if new_id == id
        || !sr
            .user(new_id)
            .is_some_and(|u| matches!(u.role, "recruiter" | "admin") && u.status == "Active")
    {
        return Err(err(
            StatusCode::UNPROCESSABLE_ENTITY,
            "New recruiter not found",
        ));
    }
    let mut ambassadors = 0;
    for u in sr
        .users
        .iter_mut()
        .filter(|u| u.role == "ambassador" && u.recruiter_id == Some(id))
    {
        u.recruiter_id = Some(new_id);
        ambassadors += 1;
    }
    let mut referrals = 0;
    for r in sr.referrals.iter_mut().filter(|r| r.recruiter_id == id) {
        r.recruiter_id = new_id;
        referrals += 1;
    }
    let idx = sr.users.iter().position(|u| u.id == id).expect("exists");
    sr.users[idx].status = "Inactive".into();
    sr.users[idx].updated = now_unix();
    Ok(ok_msg(
        format!("Moved {ambassadors} ambassadors and {referrals} referrals to recruiter {new_id}."),
        Some(user_json(sr, &sr.users[idx], true)),
    ))
}

fn invite(sr: &mut Staffing, f: &Params) -> Result<Response, Response> {
    let role: &'static str = match f.text("role").as_deref().unwrap_or("ambassador") {
        "ambassador" => "ambassador",
        "applicant" => "applicant",
        "recruiter" => "recruiter",
        _ => return Err(err(StatusCode::UNPROCESSABLE_ENTITY, "Invalid role")),
    };
    let email = f
        .text("user[email]")
        .ok_or_else(|| err(StatusCode::UNPROCESSABLE_ENTITY, "user[email] is required"))?;
    if f.text("user[first_name]").is_none() {
        return Err(err(
            StatusCode::UNPROCESSABLE_ENTITY,
            "user[first_name] is required",
        ));
    }
    if let Some(send_at) = f.text("send_at") {
        if parse_iso8601(&send_at).is_none() {
            return Err(err(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Invalid send_at date",
            ));
        }
    }
    if let Some(existing) = sr
        .users
        .iter()
        .find(|u| u.email.eq_ignore_ascii_case(&email))
    {
        // "If this is provided for an existing ambassador, it will be ignored."
        return Ok(ok(user_json(sr, existing, true)));
    }
    let recruiter = if role == "recruiter" {
        None
    } else {
        match (
            f.text("user[recruiter_id]"),
            f.text("user[recruiter_email]"),
        ) {
            (Some(r), _) => Some(
                r.parse::<u64>()
                    .ok()
                    .filter(|r| sr.user(*r).is_some())
                    .ok_or_else(|| err(StatusCode::UNPROCESSABLE_ENTITY, "Recruiter not found"))?,
            ),
            (None, Some(e)) => Some(
                sr.users
                    .iter()
                    .find(|u| u.email.eq_ignore_ascii_case(&e))
                    .map(|u| u.id)
                    .ok_or_else(|| err(StatusCode::UNPROCESSABLE_ENTITY, "Recruiter not found"))?,
            ),
            _ => sr.default_recruiter,
        }
    };
    let id = new_user(sr, role, f, "user", recruiter);
    if !truthy(f.get("user[is_squelch_email]")) {
        sr.invites_sent.push((id, f.text("send_at")));
    }
    Ok(ok(user_json(sr, sr.user(id).expect("created"), true)))
}

fn property_json(p: &crate::world::PropertyType) -> Value {
    let mut v = json!({ "type": p.kind, "id": p.id, "name": p.name, "is_for_ambassador": p.is_for_ambassador, "is_for_applicant": p.is_for_applicant });
    let m = v.as_object_mut().expect("object");
    if let Some(r) = p.is_required {
        m.insert("is_required".into(), json!(r));
    }
    if let Some(ph) = &p.placeholder {
        m.insert("placeholder".into(), json!(ph));
    }
    if let Some(o) = &p.options {
        m.insert("options".into(), json!(o));
    }
    v
}

fn update_property(sr: &mut Staffing, id: &str, f: &Params) -> Result<Response, Response> {
    let id: u64 = id
        .parse()
        .map_err(|_| err(StatusCode::NOT_FOUND, "Property type not found"))?;
    let p = sr
        .property_types
        .iter_mut()
        .find(|p| p.id == id)
        .ok_or_else(|| err(StatusCode::NOT_FOUND, "Property type not found"))?;
    if let Some(t) = f.text("type") {
        if !t.eq_ignore_ascii_case(&p.kind) {
            return Err(err(
                StatusCode::UNPROCESSABLE_ENTITY,
                "The type of a property cannot be changed",
            ));
        }
    }
    if let Some(v) = f.text("name") {
        p.name = v
    }
    if let Some(v) = f.get("is_required") {
        p.is_required = Some(truthy(Some(v)))
    }
    if let Some(v) = f.get("is_for_ambassador") {
        p.is_for_ambassador = truthy(Some(v))
    }
    if let Some(v) = f.get("is_for_applicant") {
        p.is_for_applicant = truthy(Some(v))
    }
    if let Some(v) = f.text("placeholder") {
        if p.kind != "Text" {
            return Err(err(
                StatusCode::UNPROCESSABLE_ENTITY,
                "placeholder applies to Text properties only",
            ));
        }
        p.placeholder = Some(v);
    }
    if let Some(v) = f.text("options") {
        if p.kind != "Select" {
            return Err(err(
                StatusCode::UNPROCESSABLE_ENTITY,
                "options apply to Select properties only",
            ));
        }
        let opts: Vec<String> = serde_json::from_str(&v).map_err(|_| {
            err(
                StatusCode::UNPROCESSABLE_ENTITY,
                "options must be a JSON array of strings",
            )
        })?;
        p.options = Some(opts);
    }
    Ok(ok(property_json(p)))
}

// ---------- New Referral webhook ----------

/// POST the new referral to the configured URL; on anything but 2xx retry after 1, 2, 4 …
/// "minutes" (`webhook_minute_ms`), at most 10 attempts in all.
fn spawn_webhook(state: AppState, referral_id: u64) {
    let settings = state.settings();
    let Some(url) = settings.webhook_url.clone() else {
        return;
    };
    let payload = {
        let w = lock(&state.world);
        match w.staffing.referrals.iter().find(|r| r.id == referral_id) {
            Some(r) => referral_json(&w.staffing, r).to_string(),
            None => return,
        }
    };
    tokio::spawn(async move {
        for attempt in 1..=10u32 {
            let result = post_json(&url, settings.webhook_header.as_deref(), &payload).await;
            let (status, error) = match &result {
                Ok(s) => (Some(*s), None),
                Err(e) => (None, Some(e.clone())),
            };
            lock(&state.world)
                .staffing
                .deliveries
                .push(WebhookDelivery {
                    referral_id,
                    attempt,
                    at_millis: now_millis(),
                    status,
                    error,
                });
            if matches!(status, Some(200..=299)) || attempt == 10 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(
                settings.webhook_minute_ms << (attempt - 1),
            ))
            .await;
        }
    });
}

/// A minimal HTTP/1.1 POST to an `http://` URL (the sandbox only talks to loopback).
async fn post_json(url: &str, extra_header: Option<&str>, body: &str) -> Result<u16, String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let rest = url
        .strip_prefix("http://")
        .ok_or("only http:// webhook URLs are supported")?;
    let (hostport, path) = rest
        .split_once('/')
        .map(|(h, p)| (h, format!("/{p}")))
        .unwrap_or((rest, "/".into()));
    let addr = if hostport.contains(':') {
        hostport.to_string()
    } else {
        format!("{hostport}:80")
    };
    let connect = tokio::net::TcpStream::connect(&addr);
    let mut stream = tokio::time::timeout(Duration::from_secs(5), connect)
        .await
        .map_err(|_| "connect timeout".to_string())?
        .map_err(|e| e.to_string())?;
    let extra = extra_header.map(|h| format!("{h}\r\n")).unwrap_or_default();
    let req = format!(
        "POST {path} HTTP/1.1\r\nHost: {hostport}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n{body}",
        body.len()
    );
    stream
        .write_all(req.as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    let mut buf = vec![0u8; 64];
    let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buf))
        .await
        .map_err(|_| "response timeout".to_string())?
        .map_err(|e| e.to_string())?;
    let line = String::from_utf8_lossy(&buf[..n]);
    line.split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| "bad response".to_string())
}
