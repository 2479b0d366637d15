//! JobDiva simulator under `/jobdiva/` (= `https://api.jobdiva.com/`), written from
//! `shared/reference/jobdiva-api.md` and `docs/api/jobdiva.md`.

use crate::state::Upstream;
use crate::state::{lock, AppState};
use crate::util::{
    base64_decode, jobdiva_apierror_time, jobdiva_bi, jobdiva_timestamp, jwt, now_millis, now_unix,
    Params,
};
use crate::world::{
    Attachment, Candidate, CandidateNote, Contact, ContactNote, JobDiva, Lead, REFASSURED_SOURCE_ID,
};
use axum::body::Bytes;
use axum::extract::{FromRequest, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Map, Value};

pub const CLIENT_ID: i64 = 1000;
pub const USERNAME: &str = "api@refassured.com";
pub const PASSWORD: &str = "sandbox";
/// Action types this tenant has configured for notes.
pub const ACTION_TYPES: &[&str] = &["Reference Check", "Note", "Call", "Email", "Left Message"];

// ---------- error bodies ----------

/// Spring's default error body.
pub fn spring_error(status: StatusCode, error: &str, message: &str, path: &str) -> Response {
    let body = json!({ "timestamp": jobdiva_timestamp(now_millis()), "status": status.as_u16(), "error": error, "message": message, "path": path });
    (status, Json(body)).into_response()
}

pub fn unauthorized(path: &str) -> Response {
    spring_error(
        StatusCode::UNAUTHORIZED,
        "Unauthorized",
        "Full authentication is required to access this resource",
        path,
    )
}

/// A business-rule or validation failure: HTTP 500 with JobDiva's message.
fn fail(message: &str, path: &str) -> Response {
    spring_error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Internal Server Error",
        message,
        path,
    )
}

/// 400 with the `apierror` body (missing parameter, malformed JSON).
fn apierror(message: &str, debug: &str) -> Response {
    let body = json!({ "apierror": {
        "status": "BAD_REQUEST",
        "timestamp": jobdiva_apierror_time(now_unix()),
        "message": message,
        "debugMessage": debug,
    }});
    (StatusCode::BAD_REQUEST, Json(body)).into_response()
}

pub fn too_many() -> Response {
    (
        StatusCode::TOO_MANY_REQUESTS,
        [(header::CONTENT_TYPE, "text/plain;charset=UTF-8")],
        "Request Limit Exceeded",
    )
        .into_response()
}

fn bi(metric: &str, rows: Vec<Value>) -> Response {
    Json(json!({ "message": format!("Query \"{metric}\" completed successfully"), "data": rows }))
        .into_response()
}

/// BI's soft error: HTTP 200 with only a message.
fn bi_soft(message: &str) -> Response {
    Json(json!({ "message": message })).into_response()
}

fn scalar(v: Value) -> Response {
    Json(v).into_response()
}

// ---------- helpers ----------

/// A BI row: UPPERCASE keys, every value a string.
fn row(pairs: &[(&str, String)]) -> Value {
    Value::Object(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), Value::String(v.clone())))
            .collect::<Map<_, _>>(),
    )
}

/// JobDiva leaves some empty values as the literal string "Null".
fn or_null(s: &str) -> String {
    if s.is_empty() {
        "Null".into()
    } else {
        s.to_string()
    }
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// `hay` starts with `needle`, ignoring case (char by char, no allocation: the searches scan
/// every candidate, 100,000 of them at `--scale large`).
fn starts_ci(hay: &str, needle: &str) -> bool {
    chars_start_ci(hay.chars(), needle)
}

fn chars_start_ci(hay: impl Iterator<Item = char>, needle: &str) -> bool {
    let mut h = hay.flat_map(char::to_lowercase);
    needle
        .chars()
        .flat_map(char::to_lowercase)
        .all(|n| h.next() == Some(n))
}

/// The digits of `stored` start with `prefix` (digits only), without collecting them.
fn digits_start(stored: &str, prefix: &str) -> bool {
    let mut d = stored.chars().filter(char::is_ascii_digit);
    prefix.chars().all(|p| d.next() == Some(p))
}

fn phone_field(label: &str, number: &str, ext: &str) -> String {
    if number.is_empty() {
        String::new()
    } else {
        format!("{label}: {number} ext({ext})")
    }
}

/// A `searchCandidateProfile` / `quickCandidateProfileSearch` row (spaced keys).
fn profile_row(c: &Candidate) -> Value {
    let phones = [
        phone_field("Work Phone", &c.work_phone, &c.work_ext),
        phone_field("Home Phone", &c.home_phone, ""),
        phone_field("Cell Phone", &c.cell_phone, ""),
        phone_field("Fax", &c.fax, ""),
    ];
    let phones: Vec<&String> = phones.iter().filter(|p| !p.is_empty()).collect();
    let p = |i: usize| phones.get(i).map(|s| s.to_string()).unwrap_or_default();
    json!({
        "id": c.id, "first name": c.first, "middle initial": c.middle, "last name": c.last,
        "email": c.email, "alternate email": c.alt_email, "address1": c.address1, "address2": c.address2,
        "city": c.city, "state": c.state, "zipcode": c.zip, "country": c.country,
        "phone 1": p(0), "phone 2": p(1), "phone 3": p(2), "phone 4": p(3),
    })
}

fn sorted_by_name(mut v: Vec<&Candidate>) -> Vec<&Candidate> {
    v.sort_by(|a, b| {
        (a.first.to_lowercase(), a.last.to_lowercase(), a.id).cmp(&(
            b.first.to_lowercase(),
            b.last.to_lowercase(),
            b.id,
        ))
    });
    v
}

fn body_json(body: &Bytes) -> Result<Map<String, Value>, Response> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) | Err(_) => Err(apierror(
            "Malformed JSON request",
            "JSON parse error: cannot deserialize the request body",
        )),
    }
}

/// A string field of a JSON body (numbers accepted, as Jackson coerces them).
fn s(m: &Map<String, Value>, k: &str) -> String {
    match m.get(k) {
        Some(Value::String(v)) => v.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// A long field: a number or a numeric string; `Err` for a value Jackson would refuse.
fn long(m: &Map<String, Value>, k: &str) -> Result<Option<i64>, Response> {
    match m.get(k) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_i64()
            .map(Some)
            .ok_or_else(|| apierror("Malformed JSON request", &format!("{k}: not a long"))),
        Some(Value::String(v)) if v.trim().is_empty() => Ok(None),
        Some(Value::String(v)) => v
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| apierror("Malformed JSON request", &format!("{k}: not a long"))),
        Some(_) => Err(apierror(
            "Malformed JSON request",
            &format!("{k}: not a long"),
        )),
    }
}

// ---------- routes ----------

/// A JSON object body, refused as JobDiva's Jackson refuses it (400 `apierror`).
pub struct JdJson(Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for JdJson {
    type Rejection = Response;
    async fn from_request(req: Request, state: &S) -> Result<Self, Response> {
        let body = Bytes::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        body_json(&body).map(JdJson)
    }
}

/// The simulator's routes, to be nested under `/jobdiva` (so `Uri` is JobDiva's own path, as its
/// error bodies quote it). Sign-in needs no token; everything else needs a live access token and
/// counts against the per-endpoint quota. Unknown routes and methods answer 401, as JobDiva's
/// security filter does.
pub fn router(state: AppState) -> Router<AppState> {
    let signed_in = Router::new()
        .route(
            "/apiv2/checkJobDivaSession",
            get(|| async { scalar(json!(true)) }),
        )
        .route("/apiv2/validateUser", get(validate_user))
        .route(
            "/apiv2/jobdiva/quickCandidateProfileSearch",
            get(quick_search),
        )
        .route(
            "/apiv2/jobdiva/searchCandidateProfile",
            post(search_profiles),
        )
        .route(
            "/api/jobdiva/SearchContacts",
            get(
                |State(st): State<AppState>, Query(q): Query<Params>| async move {
                    scalar(Value::Array(search_contacts(&lock(&st.world).jobdiva, &q)))
                },
            ),
        )
        .route("/apiv2/bi/CandidateDetail", get(candidate_detail_bi))
        .route("/apiv2/bi/CandidatesSubmittalsDetail", get(submittals_bi))
        .route("/apiv2/bi/JobsDetail", get(jobs_bi))
        .route("/apiv2/bi/UserDetail", get(user_detail_bi))
        .route(
            "/apiv2/bi/UsersList",
            get(|State(st): State<AppState>| async move {
                bi(
                    "Users List",
                    lock(&st.world).jobdiva.users.iter().map(user_row).collect(),
                )
            }),
        )
        .route("/apiv2/bi/ResumeSourceList", get(resume_sources_bi))
        .route("/apiv2/bi/UserfieldsList", get(userfields_bi))
        .route(
            "/apiv2/jobdiva/createCandidate",
            post(
                |State(st): State<AppState>, uri: Uri, JdJson(m): JdJson| async move {
                    let refassured_source = st.settings().refassured_resume_source;
                    create_candidate(
                        &mut lock(&st.world).jobdiva,
                        &m,
                        refassured_source,
                        uri.path(),
                    )
                },
            ),
        )
        .route(
            "/apiv2/jobdiva/createCandidateNote",
            post(
                |State(st): State<AppState>, uri: Uri, JdJson(m): JdJson| async move {
                    create_candidate_note(&mut lock(&st.world).jobdiva, &m, uri.path())
                },
            ),
        )
        .route(
            "/api/jobdiva/uploadCandidateAttachment",
            post(
                |State(st): State<AppState>, uri: Uri, JdJson(m): JdJson| async move {
                    upload_attachment(&mut lock(&st.world).jobdiva, &m, uri.path())
                },
            ),
        )
        .route(
            "/apiv2/jobdiva/createContactNote",
            post(create_contact_note),
        )
        .route("/apiv2/jobdiva/createLead", post(create_lead))
        .route(
            "/apiv2/jobdiva/createContact",
            post(
                |State(st): State<AppState>, uri: Uri, JdJson(m): JdJson| async move {
                    create_contact(&mut lock(&st.world).jobdiva, &m, uri.path())
                },
            ),
        )
        // Layers run outside in: the token is checked before the quota counts the call.
        .route_layer(middleware::from_fn_with_state(state.clone(), quota))
        .route_layer(middleware::from_fn_with_state(state, signed_in_only));
    Router::new()
        .route(
            "/apiv2/v2/login",
            post(
                |State(st): State<AppState>, uri: Uri, JdJson(m): JdJson| async move {
                    let client = long(&m, "clientId").ok().flatten();
                    login(
                        &st,
                        client,
                        &s(&m, "userName"),
                        &s(&m, "password"),
                        uri.path(),
                    )
                },
            ),
        )
        .route(
            "/apiv2/v2/authenticate",
            get(
                |State(st): State<AppState>, uri: Uri, Query(q): Query<Params>| async move {
                    let client = q.get("clientid").and_then(|v| v.parse().ok());
                    login(
                        &st,
                        client,
                        q.get("username").unwrap_or(""),
                        q.get("password").unwrap_or(""),
                        uri.path(),
                    )
                },
            ),
        )
        .route("/apiv2/v2/apiRefreshToken", get(refresh))
        .route("/apiv2/v2/refreshToken", get(refresh))
        .merge(signed_in)
        .fallback(|uri: Uri| async move { unauthorized(uri.path()) })
        .method_not_allowed_fallback(|uri: Uri| async move { unauthorized(uri.path()) })
}

/// How JobDiva answers an injected fault (for the sandbox's fault layer).
pub const UPSTREAM: Upstream = Upstream {
    name: "jobdiva",
    fault: |kind, path| match kind {
        "429" => too_many(),
        _ => spring_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Internal Server Error",
            "Internal error (sandbox fault injection)",
            path.strip_prefix("/jobdiva").unwrap_or(path),
        ),
    },
};

fn bearer(headers: &HeaderMap) -> String {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().trim_start_matches("Bearer ").trim().to_string())
        .unwrap_or_default()
}

async fn signed_in_only(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let token = bearer(req.headers());
    let valid = matches!(lock(&st.world).jobdiva.tokens.get(&token), Some(&(exp, false)) if exp > now_unix());
    if valid {
        next.run(req).await
    } else {
        unauthorized(req.uri().path())
    }
}

/// Quotas: per endpoint, per tenant (one tenant here), per minute.
async fn quota(State(st): State<AppState>, req: Request, next: Next) -> Response {
    if let Some(limit) = st.settings().jobdiva_quota_per_minute {
        let now = now_millis();
        let mut quota = lock(&st.quota);
        let entry = quota
            .entry(format!("jobdiva:{}", req.uri().path()))
            .or_insert((now, 0));
        if now - entry.0 >= 60_000 {
            *entry = (now, 0);
        }
        entry.1 += 1;
        if entry.1 > limit {
            return too_many();
        }
    }
    next.run(req).await
}

async fn validate_user(State(st): State<AppState>, uri: Uri, Query(q): Query<Params>) -> Response {
    match q.text("username") {
        None => apierror(
            "username parameter is missing",
            "Required request parameter 'username' is not present",
        ),
        Some(u)
            if lock(&st.world)
                .jobdiva
                .users
                .iter()
                .any(|x| x.email.eq_ignore_ascii_case(&u) && x.active) =>
        {
            scalar(json!(true))
        }
        Some(u) => fail(
            &format!("Error: User({u}) is not found or inactive."),
            uri.path(),
        ),
    }
}

async fn quick_search(State(st): State<AppState>, Query(q): Query<Params>) -> Response {
    let Some(value) = q.text("value") else {
        return apierror(
            "value parameter is missing",
            "Required request parameter 'value' is not present",
        );
    };
    let max = q
        .get("maxReturned")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(20);
    let d = digits(&value);
    let w = lock(&st.world);
    let hits: Vec<&Candidate> = w
        .jobdiva
        .candidates
        .iter()
        .filter(|c| {
            starts_ci(&c.first, &value)
                || starts_ci(&c.last, &value)
                || chars_start_ci(c.first.chars().chain([' ']).chain(c.last.chars()), &value)
                || starts_ci(&c.email, &value)
                || (d.len() >= 3
                    && d.len() * 2 >= value.len()
                    && [&c.work_phone, &c.home_phone, &c.cell_phone, &c.fax]
                        .iter()
                        .any(|p| digits_start(p, &d)))
                || c.id.to_string() == value
        })
        .collect();
    scalar(Value::Array(
        sorted_by_name(hits)
            .into_iter()
            .take(max)
            .map(profile_row)
            .collect(),
    ))
}

async fn search_profiles(State(st): State<AppState>, JdJson(m): JdJson) -> Response {
    scalar(Value::Array(search_candidates(
        &lock(&st.world).jobdiva,
        &m,
    )))
}

async fn candidate_detail_bi(State(st): State<AppState>, Query(q): Query<Params>) -> Response {
    let Some(raw) = q.get("candidateId") else {
        return apierror("candidateId parameter is missing", "Required request parameter 'candidateId' for method parameter type Long is not present");
    };
    let Ok(id) = raw.trim().parse::<u64>() else {
        return bi_soft(&format!("Error: Invalid record ID: {raw}"));
    };
    let fields = q.all("userFieldsName");
    let rows = lock(&st.world)
        .jobdiva
        .candidate(id)
        .map(|c| candidate_detail(c, &fields))
        .into_iter()
        .collect();
    bi("Candidate Detail", rows)
}

async fn submittals_bi(State(st): State<AppState>, Query(q): Query<Params>) -> Response {
    let list = match ids(&q, "candidateIds") {
        Err(r) => return r,
        Ok(list) => list,
    };
    let w = lock(&st.world);
    let rows = w
        .jobdiva
        .submittals
        .iter()
        .filter(|s| list.contains(&s.candidate_id))
        .map(|s| {
            row(&[
                ("ID", s.id.to_string()),
                ("CANDIDATEID", s.candidate_id.to_string()),
                ("USERID", s.user_id.to_string()),
                ("JOBID", s.job_id.to_string()),
                (
                    "CONTACTID",
                    if s.contact_id == 0 {
                        "Null".into()
                    } else {
                        s.contact_id.to_string()
                    },
                ),
                ("DATECREATED", jobdiva_bi(s.created)),
                ("SUBMITTALDATE", jobdiva_bi(s.submitted)),
                ("STARTDATE", s.start.map(jobdiva_bi).unwrap_or_default()),
                (
                    "ENDDATE",
                    s.end.map(jobdiva_bi).unwrap_or_else(|| "Null".into()),
                ),
                ("NOTES", s.notes.clone()),
            ])
        })
        .collect();
    bi("Candidates Submittals Detail", rows)
}

async fn jobs_bi(State(st): State<AppState>, Query(q): Query<Params>) -> Response {
    let list = match ids(&q, "jobIds") {
        Err(r) => return r,
        Ok(list) => list,
    };
    let w = lock(&st.world);
    let rows = w
        .jobdiva
        .jobs
        .iter()
        .filter(|j| list.contains(&j.id))
        .map(|j| {
            row(&[
                ("ID", j.id.to_string()),
                ("JOBTITLE", j.title.clone()),
                ("JOBSTATUS", j.status.clone()),
                ("COMPANYID", j.company_id.to_string()),
                ("COMPANYNAME", j.company_name.clone()),
                ("CITY", j.city.clone()),
                ("STATE", j.state.clone()),
                ("STARTDATE", jobdiva_bi(j.start)),
                ("POSITIONTYPE", j.position_type.clone()),
                ("JOBDESCRIPTION", j.description_html.clone()),
            ])
        })
        .collect();
    bi("Jobs Detail", rows)
}

async fn user_detail_bi(State(st): State<AppState>, Query(q): Query<Params>) -> Response {
    let by_id = q.text("userId");
    let by_email = q.text("userEmail");
    if by_id.is_none() && by_email.is_none() {
        return bi_soft("Error: Insufficient Parameter.  Please provide record ID.");
    }
    if let Some(id) = &by_id {
        if id.parse::<u64>().is_err() {
            return bi_soft(&format!("Error: Invalid record ID: {id}"));
        }
    }
    let w = lock(&st.world);
    let rows = w
        .jobdiva
        .users
        .iter()
        .filter(|u| {
            by_id.as_deref() == Some(&u.id.to_string())
                || by_email
                    .as_deref()
                    .is_some_and(|e| e.eq_ignore_ascii_case(&u.email))
        })
        .map(user_row)
        .collect();
    bi("User Detail", rows)
}

async fn resume_sources_bi(State(st): State<AppState>) -> Response {
    let refassured_source = st.settings().refassured_resume_source;
    let w = lock(&st.world);
    let rows = w
        .jobdiva
        .resume_sources
        .iter()
        .filter(|(id, _)| refassured_source || *id != REFASSURED_SOURCE_ID)
        .map(|(id, name)| row(&[("ID", id.to_string()), ("NAME", name.clone())]))
        .collect();
    bi("Resume Source List", rows)
}

async fn userfields_bi(State(st): State<AppState>) -> Response {
    let w = lock(&st.world);
    let rows = w
        .jobdiva
        .userfields
        .iter()
        .map(|f| {
            row(&[
                ("ID", f.id.to_string()),
                ("FIELDNAME", f.name.clone()),
                ("FIELDTYPE", f.kind.clone()),
                ("FIELDSIZE", f.size.to_string()),
                ("FIELDFOR", f.field_for.clone()),
                ("MANDATORY", if f.mandatory { "1" } else { "0" }.into()),
                ("TABNAME", f.tab.clone()),
            ])
        })
        .collect();
    bi("Userfields List", rows)
}

async fn create_contact_note(State(st): State<AppState>, uri: Uri, JdJson(m): JdJson) -> Response {
    let full = uri.path();
    let contact = match long(&m, "contactid") {
        Err(r) => return r,
        Ok(v) => v,
    };
    let note = s(&m, "note");
    let Some(contact) = contact else {
        return fail("Error: Please specify contactid.", full);
    };
    if note.is_empty() {
        return fail("Error: Please specify note.", full);
    }
    let mut w = lock(&st.world);
    let jd = &mut w.jobdiva;
    if !jd.contacts.iter().any(|c| c.id as i64 == contact) {
        return fail(&format!("Error: Contact {contact} is not found."), full);
    }
    let id = jd.id();
    let recruiter_id = long(&m, "recruiterid").ok().flatten().map(|v| v as u64);
    jd.contact_notes.push(ContactNote {
        id,
        contact_id: contact as u64,
        note,
        recruiter_id,
        created: now_unix(),
    });
    scalar(json!(true))
}

async fn create_lead(State(st): State<AppState>, uri: Uri, JdJson(m): JdJson) -> Response {
    let (first, last) = (s(&m, "firstName"), s(&m, "lastName"));
    if first.is_empty() || last.is_empty() {
        return fail(
            "Parameter Check Failed \r\nError: Please set both firstname and lastname.",
            uri.path(),
        );
    }
    let mut w = lock(&st.world);
    let jd = &mut w.jobdiva;
    let id = jd.id();
    let owner_id = long(&m, "ownerId").ok().flatten().map(|v| v as u64);
    jd.leads.push(Lead {
        id,
        first,
        last,
        email: s(&m, "email"),
        phone: s(&m, "phone"),
        company: s(&m, "company"),
        title: s(&m, "title"),
        note: s(&m, "note"),
        owner_id,
        created: now_unix(),
    });
    scalar(json!(id))
}

fn login(
    state: &AppState,
    client: Option<i64>,
    user: &str,
    password: &str,
    path: &str,
) -> Response {
    if client != Some(CLIENT_ID) || !user.eq_ignore_ascii_case(USERNAME) || password != PASSWORD {
        return fail("Invalid username/password", path);
    }
    issue_pair(state)
}

fn issue_pair(state: &AppState) -> Response {
    let settings = state.settings();
    let now = now_unix();
    let (token, refresh) = {
        let mut rng = lock(&state.rng);
        (
            jwt(
                USERNAME,
                now + settings.token_lifetime_secs,
                "access",
                &mut rng,
            ),
            jwt(
                USERNAME,
                now + settings.refresh_lifetime_secs,
                "refresh",
                &mut rng,
            ),
        )
    };
    let mut w = lock(&state.world);
    w.jobdiva
        .tokens
        .insert(token.clone(), (now + settings.token_lifetime_secs, false));
    w.jobdiva.tokens.insert(
        refresh.clone(),
        (now + settings.refresh_lifetime_secs, true),
    );
    Json(json!({ "token": token, "refreshtoken": refresh })).into_response()
}

async fn refresh(State(st): State<AppState>, uri: Uri, headers: HeaderMap) -> Response {
    let (state, path) = (&st, uri.path());
    let token = bearer(&headers);
    let ok = {
        let mut w = lock(&state.world);
        match w.jobdiva.tokens.get(&token) {
            Some(&(exp, true)) if exp > now_unix() => {
                // A refresh token is good for one refresh.
                w.jobdiva.tokens.remove(&token);
                true
            }
            _ => false,
        }
    };
    if ok {
        issue_pair(state)
    } else {
        unauthorized(path)
    }
}

/// Repeated `name=` ids, at most 100, as BI expects.
fn ids(q: &Params, name: &str) -> Result<Vec<u64>, Response> {
    let raw: Vec<String> = q
        .all(name)
        .into_iter()
        .flat_map(|v| {
            v.split(',')
                .map(|s| s.trim().to_string())
                .collect::<Vec<_>>()
        })
        .filter(|v| !v.is_empty())
        .collect();
    if raw.is_empty() {
        return Err(bi_soft(
            "Error: Insufficient Parameter.  Please provide record ID.",
        ));
    }
    if raw.len() > 100 {
        return Err(bi_soft(
            "Error:  Please provide no more than 100 record IDs at a time.",
        ));
    }
    raw.iter()
        .map(|v| {
            v.parse::<u64>()
                .map_err(|_| bi_soft(&format!("Error: Invalid record ID: {v}")))
        })
        .collect()
}

fn candidate_detail(c: &Candidate, userfields: &[String]) -> Value {
    let mut pairs = vec![
        ("ID", c.id.to_string()),
        ("FIRSTNAME", c.first.clone()),
        ("LASTNAME", c.last.clone()),
        ("ADDRESS1", c.address1.clone()),
        ("ADDRESS2", or_null(&c.address2)),
        ("CITY", c.city.clone()),
        ("STATE", c.state.clone()),
        ("ZIPCODE", c.zip.clone()),
        ("COUNTRY", c.country.clone()),
        ("WORKPHONE", c.work_phone.clone()),
        ("WORKPHONE_EXT", or_null(&c.work_ext)),
        ("HOMEPHONE", c.home_phone.clone()),
        ("CELLPHONE", c.cell_phone.clone()),
        ("FAX", or_null(&c.fax)),
        ("EMAIL", c.email.clone()),
        ("ALTERNATEEMAIL", c.alt_email.clone()),
        ("DATECREATED", jobdiva_bi(c.created)),
        ("DATEUPDATED", jobdiva_bi(c.updated)),
        ("TITLE", c.title.clone()),
        ("LINKEDIN", or_null(&c.linkedin)),
        (
            "RESUMESOURCE",
            c.resume_source
                .map(|v| v.to_string())
                .unwrap_or_else(|| "Null".into()),
        ),
        ("RESUMECOUNT", "0".into()),
    ];
    let mut v = row(&pairs.drain(..).collect::<Vec<_>>());
    if let Value::Object(m) = &mut v {
        for f in userfields {
            m.insert(
                f.clone(),
                Value::String(c.userfields.get(f).cloned().unwrap_or_default()),
            );
        }
    }
    v
}

fn user_row(u: &crate::world::User) -> Value {
    row(&[
        ("USERID", u.id.to_string()),
        ("FIRSTNAME", u.first.clone()),
        ("LASTNAME", u.last.clone()),
        ("EMAIL", u.email.clone()),
        ("DATECREATED", jobdiva_bi(u.created)),
        ("ACTIVEFLAG", if u.active { "1" } else { "0" }.into()),
        ("DIVISION", u.division.clone()),
        ("TITLE", u.title.clone()),
        ("RECRUITERFLAG", if u.recruiter { "1" } else { "0" }.into()),
        ("SALESFLAG", if u.sales { "1" } else { "0" }.into()),
    ])
}

/// JobDiva's search: case-insensitive prefix on names, email (main or alternate), phone digits
/// (any of the four phones), city and zip; substring on address. A name or email of two
/// characters or fewer is silently ignored. Sorted by first, then last name; 201 rows by default.
fn search_candidates(jd: &JobDiva, m: &Map<String, Value>) -> Vec<Value> {
    let field = |k: &str| s(m, k);
    let long_enough = |v: String| {
        if v.chars().count() <= 2 {
            String::new()
        } else {
            v
        }
    };
    let first = long_enough(field("firstName"));
    let last = long_enough(field("lastName"));
    let email = long_enough(field("email"));
    let phone = digits(&field("phone"));
    let (city, state, zip, address, country) = (
        field("city"),
        field("state"),
        field("zipCode"),
        field("address"),
        field("country"),
    );
    let max = m.get("maxreturned").and_then(Value::as_u64).unwrap_or(201) as usize;
    let offset = m.get("offset").and_then(Value::as_u64).unwrap_or(0) as usize;
    let hits: Vec<&Candidate> = jd
        .candidates
        .iter()
        .filter(|c| {
            (first.is_empty() || starts_ci(&c.first, &first))
                && (last.is_empty() || starts_ci(&c.last, &last))
                && (email.is_empty()
                    || starts_ci(&c.email, &email)
                    || starts_ci(&c.alt_email, &email))
                && (phone.is_empty()
                    || [&c.work_phone, &c.home_phone, &c.cell_phone, &c.fax]
                        .iter()
                        .any(|p| !p.is_empty() && digits_start(p, &phone)))
                && (city.is_empty() || starts_ci(&c.city, &city))
                && (state.is_empty() || c.state.eq_ignore_ascii_case(&state))
                && (zip.is_empty() || c.zip.starts_with(&zip))
                && (country.is_empty() || c.country.eq_ignore_ascii_case(&country))
                && (address.is_empty()
                    || format!("{} {}", c.address1, c.address2)
                        .to_lowercase()
                        .contains(&address.to_lowercase()))
        })
        .collect();
    sorted_by_name(hits)
        .into_iter()
        .skip(offset)
        .take(max)
        .map(profile_row)
        .collect()
}

fn contact_row(c: &Contact) -> Value {
    let p = |i: usize| {
        c.phones
            .get(i)
            .map(|(n, e, t)| phone_field(t, n, e))
            .unwrap_or_default()
    };
    json!({
        "id": c.id, "last name": c.last, "first name": c.first, "company name": c.company, "title": c.title,
        "department name": c.department, "phone 1": p(0), "phone 2": p(1), "phone 3": p(2), "phone 4": p(3),
        "address 1": c.address1, "address 2": "", "city": c.city, "state": c.state, "zip code": c.zip,
        "country": c.country, "reports to": "", "email": c.email, "alternate email": c.alt_email,
        "contact type": c.contact_type,
    })
}

/// `SearchContacts` (V1, query parameters): the same prefix rules; at most 300 rows.
fn search_contacts(jd: &JobDiva, q: &Params) -> Vec<Value> {
    let long_enough = |v: Option<String>| v.filter(|v| v.chars().count() > 2);
    let first = long_enough(q.text("firstname"));
    let last = long_enough(q.text("lastname"));
    let email = long_enough(q.text("email"));
    let company = q.text("company");
    let phone = q
        .text("phone")
        .map(|p| digits(&p))
        .filter(|p| !p.is_empty());
    let id = q.text("contactId").and_then(|v| v.parse::<u64>().ok());
    jd.contacts
        .iter()
        .filter(|c| {
            id.is_none_or(|i| c.id == i)
                && first.as_ref().is_none_or(|f| starts_ci(&c.first, f))
                && last.as_ref().is_none_or(|l| starts_ci(&c.last, l))
                && email
                    .as_ref()
                    .is_none_or(|e| starts_ci(&c.email, e) || starts_ci(&c.alt_email, e))
                && company.as_ref().is_none_or(|co| starts_ci(&c.company, co))
                && phone
                    .as_ref()
                    .is_none_or(|p| c.phones.iter().any(|(n, _, _)| digits_start(n, p)))
        })
        .take(300)
        .map(contact_row)
        .collect()
}

fn create_candidate(
    jd: &mut JobDiva,
    m: &Map<String, Value>,
    refassured_source: bool,
    path: &str,
) -> Response {
    let (first, last) = (s(m, "firstName"), s(m, "lastName"));
    if first.is_empty() || last.is_empty() {
        return fail(
            "Parameter Check Failed \r\nError: Please set both firstname and lastname.",
            path,
        );
    }
    let email = s(m, "email");
    if email.chars().count() > 100 || s(m, "alternateemail").chars().count() > 100 {
        return fail(
            "Parameter Check Failed \r\nError: Email can not be longer than 100 characters.",
            path,
        );
    }
    for k in ["homephone", "workphone", "cellphone", "fax"] {
        if s(m, k).chars().count() > 20 {
            return fail(
                &format!(
                    "Parameter Check Failed \r\nError: {k} can not be longer than 20 characters."
                ),
                path,
            );
        }
    }
    if s(m, "narrative").chars().count() > 400 {
        return fail(
            "Parameter Check Failed \r\nError: narrative can not be longer than 400 characters.",
            path,
        );
    }
    let source = match long(m, "resumeSource") {
        Err(r) => return r,
        Ok(v) => v,
    };
    if let Some(src) = source {
        let exists = jd
            .resume_sources
            .iter()
            .any(|(id, _)| *id as i64 == src && (refassured_source || *id != REFASSURED_SOURCE_ID));
        if !exists {
            return fail(&format!("Error: Resume Source({src}) is not found."), path);
        }
    }
    // Like the real API: no duplicate check. Callers search first.
    let id = jd.candidates.iter().map(|c| c.id).max().unwrap_or(0) + 1;
    let now = now_unix();
    jd.candidates.push(Candidate {
        id,
        first,
        last,
        email,
        alt_email: s(m, "alternateemail"),
        address1: s(m, "address1"),
        address2: s(m, "address2"),
        city: s(m, "city"),
        state: s(m, "state"),
        zip: s(m, "zipCode"),
        country: s(m, "countryid"),
        home_phone: s(m, "homephone"),
        work_phone: s(m, "workphone"),
        cell_phone: s(m, "cellphone"),
        fax: s(m, "fax"),
        title: s(m, "titleskillcertification"),
        narrative: s(m, "narrative"),
        resume_source: source.map(|v| v as u64),
        created: now,
        updated: now,
        created_by_api: true,
        ..Default::default()
    });
    scalar(json!(id))
}

fn create_candidate_note(jd: &mut JobDiva, m: &Map<String, Value>, path: &str) -> Response {
    let candidate = match long(m, "candidateid") {
        Err(r) => return r,
        Ok(v) => v,
    };
    let Some(candidate) = candidate else {
        return fail("Error: Please specify candidateid.", path);
    };
    let note = s(m, "note");
    if note.is_empty() {
        return fail("Error: Please specify note.", path);
    }
    if jd.candidate(candidate as u64).is_none() {
        return fail(
            &format!("Error: Candidate({candidate}) is not found."),
            path,
        );
    }
    let action = Some(s(m, "action")).filter(|a| !a.is_empty());
    let action_date = Some(s(m, "actionDate")).filter(|a| !a.is_empty());
    if let Some(a) = &action {
        if !ACTION_TYPES.iter().any(|t| t.eq_ignore_ascii_case(a)) {
            return fail(&format!("Error: Invalid Action Type({a})."), path);
        }
    } else if action_date.is_some() {
        return fail(
            "Error: 'actionDate' is invalid unless 'action' is set.",
            path,
        );
    }
    let recruiter_id = match long(m, "recruiterid") {
        Err(r) => return r,
        Ok(v) => v.map(|v| v as u64),
    };
    let id = jd.id();
    jd.notes.push(CandidateNote {
        id,
        candidate_id: candidate as u64,
        note,
        recruiter_id,
        action,
        action_date,
        created: now_unix(),
    });
    scalar(json!(id))
}

fn upload_attachment(jd: &mut JobDiva, m: &Map<String, Value>, path: &str) -> Response {
    let candidate = match long(m, "candidateid") {
        Err(r) => return r,
        Ok(v) => v,
    };
    let (name, filename, content) = (s(m, "name"), s(m, "filename"), s(m, "filecontent"));
    let kind = match long(m, "attachmenttype") {
        Err(r) => return r,
        Ok(v) => v,
    };
    let (Some(candidate), Some(kind)) = (candidate, kind) else {
        return fail(
            "Error: Please specify candidateid, name, filename, filecontent and attachmenttype.",
            path,
        );
    };
    if name.is_empty() || filename.is_empty() || content.is_empty() {
        return fail(
            "Error: Please specify candidateid, name, filename, filecontent and attachmenttype.",
            path,
        );
    }
    if jd.candidate(candidate as u64).is_none() {
        return fail(
            &format!("Error: Candidate({candidate}) is not found."),
            path,
        );
    }
    let Some(bytes) = base64_decode(&content) else {
        return fail("Error: filecontent is not valid base64.", path);
    };
    let id = jd.id();
    jd.attachments.push(Attachment {
        id,
        candidate_id: candidate as u64,
        name,
        filename,
        size: bytes.len(),
        attachment_type: kind,
        description: s(m, "description"),
        created: now_unix(),
    });
    scalar(json!(id))
}

fn create_contact(jd: &mut JobDiva, m: &Map<String, Value>, path: &str) -> Response {
    let company = s(m, "company").to_uppercase();
    let (first, last) = (s(m, "firstname"), s(m, "lastname"));
    if first.is_empty() || last.is_empty() {
        return fail(
            "Parameter Check Failed \r\nError: Please set both firstname and lastname.",
            path,
        );
    }
    if company.is_empty() {
        return fail("Error: Please specify company.", path);
    }
    if !jd.companies.iter().any(|c| c.name == company) {
        return fail(&format!("Error: Company({company}) does not exist."), path);
    }
    let phones: Vec<(String, String, String)> = m
        .get("phones")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_object)
                .map(|p| (s(p, "phone"), s(p, "ext"), s(p, "type")))
                .collect()
        })
        .unwrap_or_default();
    if phones.len() > 4 {
        return fail("Error: No more than 4 phones are allowed.", path);
    }
    let addresses: Vec<&Map<String, Value>> = m
        .get("addresses")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_object).collect())
        .unwrap_or_default();
    let defaults = addresses
        .iter()
        .filter(|a| {
            a.get("defaultAddress")
                .and_then(Value::as_bool)
                .unwrap_or(false)
        })
        .count();
    if !addresses.is_empty() && defaults != 1 {
        return fail(
            "Error: Exactly one address must be the default address.",
            path,
        );
    }
    let addr = addresses.iter().find(|a| {
        a.get("defaultAddress")
            .and_then(Value::as_bool)
            .unwrap_or(false)
    });
    let id = jd.id();
    let owners = m
        .get("owners")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|o| {
                    o.as_u64()
                        .or_else(|| o.get("ownerId").and_then(Value::as_u64))
                })
                .collect()
        })
        .unwrap_or_default();
    jd.contacts.push(Contact {
        id,
        first,
        last,
        company,
        title: s(m, "title"),
        department: s(m, "department"),
        email: s(m, "email"),
        alt_email: s(m, "alternateemail"),
        phones: phones
            .into_iter()
            .map(|(n, e, t)| (n, e, if t.is_empty() { "Work Phone".into() } else { t }))
            .collect(),
        address1: addr.map(|a| s(a, "address1")).unwrap_or_default(),
        city: addr.map(|a| s(a, "city")).unwrap_or_default(),
        state: addr.map(|a| s(a, "state")).unwrap_or_default(),
        zip: addr.map(|a| s(a, "zipCode")).unwrap_or_default(),
        country: addr.map(|a| s(a, "countryId")).unwrap_or_default(),
        contact_type: "Client".into(),
        owner_ids: owners,
        created_by_api: true,
    });
    scalar(json!(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_matches_fold_case_in_every_script_and_read_digits_through_punctuation() {
        assert!(starts_ci("Émile Zola", "émi"));
        assert!(starts_ci("ΣΩΚΡΑΤΗΣ", "σωκ"));
        assert!(starts_ci("anything", ""));
        assert!(!starts_ci("Em", "Emi"), "a needle longer than the text");
        assert!(chars_start_ci(
            "Li".chars().chain([' ']).chain("Wu".chars()),
            "li w"
        ));
        assert!(digits_start("+1 312-555-0147", "1312555"));
        assert!(
            !digits_start("+1 312-555-0147", "312"),
            "the country code is part of the digits"
        );
        assert!(!digits_start("555", "5550"));
    }
}
