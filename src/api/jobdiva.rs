//! JobDiva client: the twenty endpoints of the seed's list (docs/api/jobdiva.md).
//!
//! Two ways in: through RefAssured's relay with only the API key (embedded default), or
//! directly with an API user's credentials (an admin on the standalone page), where the token
//! lives in memory, is refreshed before `exp` and on a 401, one refresh at a time.

use super::error::{ApiError, Upstream};
use super::json::{non_empty, object, rows, Json, Row};
use super::refassured::RefAssured;
use super::transport::{form, now_s, Call, Method, Reply, Transport};
use crate::domain::ats::*;
use crate::domain::contact_info::{parse_jobdiva_phone, Phone};
use crate::domain::jwt;
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use std::cell::RefCell;
use std::rc::Rc;

/// BI takes at most this many ids per call.
pub const BI_BATCH: usize = 100;
/// Refresh this long before `exp`.
const REFRESH_MARGIN_S: i64 = 60;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    pub client_id: i64,
    pub user_name: String,
    pub password: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tokens {
    pub token: String,
    pub refresh: String,
    pub exp: Option<i64>,
    pub refresh_exp: Option<i64>,
}

type Refreshing = Shared<LocalBoxFuture<'static, Result<Tokens, ApiError>>>;

#[derive(Default)]
pub struct Session {
    tokens: RefCell<Option<Tokens>>,
    inflight: RefCell<Option<Refreshing>>,
}

#[derive(Clone)]
pub enum Auth {
    Relay(RefAssured),
    Direct { base: String, credentials: Credentials, session: Rc<Session> },
}

#[derive(Clone)]
pub struct JobDiva {
    pub auth: Auth,
    pub transport: Transport,
}

impl PartialEq for JobDiva {
    fn eq(&self, other: &Self) -> bool {
        self.transport == other.transport
            && match (&self.auth, &other.auth) {
                (Auth::Relay(a), Auth::Relay(b)) => a == b,
                (Auth::Direct { session: a, .. }, Auth::Direct { session: b, .. }) => Rc::ptr_eq(a, b),
                _ => false,
            }
    }
}

fn tokens_from(endpoint: &'static str, text: &str) -> Result<Tokens, ApiError> {
    let v = Json::parse(text)?;
    let get = |k: &str| v.get(k).and_then(Json::as_text).filter(|t| !t.is_empty());
    let token = get("token").ok_or(ApiError::Decode { endpoint, detail: "no token in the answer".into() })?;
    let refresh = get("refreshtoken").unwrap_or_default();
    Ok(Tokens { exp: jwt::expiry(&token), refresh_exp: jwt::expiry(&refresh), token, refresh })
}

/// `{"message", "data": [rows]}`; a body with only a message is BI's soft error.
pub fn bi_rows(endpoint: &'static str, text: &str) -> Result<Vec<Row>, ApiError> {
    let v = Json::parse(text).map_err(|e| match e {
        ApiError::Decode { detail, .. } => ApiError::Decode { endpoint, detail },
        other => other,
    })?;
    match (v.get("data"), v.get("message").and_then(Json::as_text)) {
        (Some(data), _) => rows(endpoint, data.clone()),
        (None, Some(message)) => Err(ApiError::Soft { endpoint, message }),
        (None, None) => Err(ApiError::Decode { endpoint, detail: "neither data nor message in the answer".into() }),
    }
}

/// A create's bare scalar id (`5000000144` or `"5000000144"`).
pub fn bare_id(endpoint: &'static str, text: &str) -> Result<u64, ApiError> {
    match Json::parse(text) {
        Ok(v @ (Json::Num(_) | Json::Str(_))) => {
            let t = v.as_text().unwrap_or_default();
            t.trim().parse::<u64>().map_err(|_| ApiError::Decode { endpoint, detail: format!("expected a new id, got “{t}”") })
        }
        Ok(other) => Err(ApiError::Decode { endpoint, detail: format!("expected a new id, got {other}") }),
        Err(_) => Err(ApiError::Decode { endpoint, detail: format!("expected a new id, got “{}”", text.chars().take(40).collect::<String>()) }),
    }
}

pub fn bare_true(endpoint: &'static str, text: &str) -> Result<bool, ApiError> {
    match Json::parse(text) {
        Ok(Json::Bool(b)) => Ok(b),
        Ok(Json::Str(s)) if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") => Ok(s.eq_ignore_ascii_case("true")),
        _ => Err(ApiError::Decode { endpoint, detail: format!("expected true or false, got “{}”", text.chars().take(40).collect::<String>()) }),
    }
}

fn phones(r: &Row, keys: &[&str]) -> Vec<Phone> {
    keys.iter().filter_map(|k| r.text(k)).filter_map(|p| parse_jobdiva_phone(&p)).collect()
}

pub fn candidate_summary(r: &Row) -> Result<CandidateSummary, ApiError> {
    Ok(CandidateSummary {
        id: r.id("id")?,
        first_name: r.text_or_empty("first name"),
        last_name: r.text_or_empty("last name"),
        email: r.text("email"),
        alt_email: r.text("alternate email"),
        phones: phones(r, &["phone 1", "phone 2", "phone 3", "phone 4"]),
        address: Address {
            line1: r.text_or_empty("address1"),
            line2: r.text_or_empty("address2"),
            city: r.text_or_empty("city"),
            state: r.text_or_empty("state"),
            zip: r.text_or_empty("zipcode"),
            country: r.text_or_empty("country"),
        },
    })
}

pub fn candidate_detail(r: &Row, user_fields: &[&str]) -> Result<Candidate, ApiError> {
    use crate::domain::contact_info::PhoneKind;
    let phone = |k: &str, kind: PhoneKind, ext: Option<String>| r.text(k).map(|number| Phone { kind, number, ext });
    Ok(Candidate {
        id: r.id("ID")?,
        first_name: r.text_or_empty("FIRSTNAME"),
        last_name: r.text_or_empty("LASTNAME"),
        email: r.text("EMAIL"),
        alt_email: r.text("ALTERNATEEMAIL"),
        phones: [
            phone("WORKPHONE", PhoneKind::Work, r.text("WORKPHONE_EXT")),
            phone("CELLPHONE", PhoneKind::Cell, None),
            phone("HOMEPHONE", PhoneKind::Home, None),
            phone("FAX", PhoneKind::Fax, None),
        ]
        .into_iter()
        .flatten()
        .collect(),
        address: Address {
            line1: r.text_or_empty("ADDRESS1"),
            line2: r.text_or_empty("ADDRESS2"),
            city: r.text_or_empty("CITY"),
            state: r.text_or_empty("STATE"),
            zip: r.text_or_empty("ZIPCODE"),
            country: r.text_or_empty("COUNTRY"),
        },
        title: r.text("TITLE"),
        updated: r.text("DATEUPDATED"),
        user_fields: user_fields.iter().map(|f| (f.to_string(), r.text_or_empty(f))).collect(),
    })
}

pub fn contact_summary(r: &Row) -> Result<ContactSummary, ApiError> {
    Ok(ContactSummary {
        id: r.id("id")?,
        first_name: r.text_or_empty("first name"),
        last_name: r.text_or_empty("last name"),
        company: r.text_or_empty("company name"),
        title: r.text_or_empty("title"),
        email: r.text("email"),
        alt_email: r.text("alternate email"),
        phones: phones(r, &["phone 1", "phone 2", "phone 3", "phone 4"]),
    })
}

fn user(r: &Row) -> Result<User, ApiError> {
    Ok(User {
        id: r.id("USERID")?,
        first_name: r.text_or_empty("FIRSTNAME"),
        last_name: r.text_or_empty("LASTNAME"),
        email: r.text_or_empty("EMAIL"),
        active: r.flag("ACTIVEFLAG"),
        recruiter: r.flag("RECRUITERFLAG"),
        sales: r.flag("SALESFLAG"),
    })
}

fn ids_query(key: &str, ids: &[u64]) -> String {
    ids.iter().map(|i| format!("{key}={i}")).collect::<Vec<_>>().join("&")
}

impl JobDiva {
    pub fn relay(refassured: &RefAssured) -> Self {
        JobDiva { transport: refassured.transport.clone(), auth: Auth::Relay(refassured.clone()) }
    }

    pub fn direct(base: &str, credentials: Credentials) -> Self {
        JobDiva {
            auth: Auth::Direct { base: base.trim_end_matches('/').to_string(), credentials, session: Rc::default() },
            transport: Transport::default(),
        }
    }

    pub fn with_transport(&self, transport: Transport) -> Self {
        JobDiva { transport, ..self.clone() }
    }

    fn base(&self) -> String {
        match &self.auth {
            Auth::Relay(ra) => ra.relay_base("jobdiva"),
            Auth::Direct { base, .. } => base.clone(),
        }
    }

    fn call(&self, endpoint: &'static str, method: Method, path: &str) -> Call {
        Call::new(Upstream::JobDiva, endpoint, method, format!("{}/{path}", self.base()))
    }

    /// Send with the right credentials. Direct: a 401 refreshes the token once and retries.
    async fn send(&self, call: Call) -> Result<Reply, ApiError> {
        match &self.auth {
            Auth::Relay(ra) => self.transport.send(&call.header("x-api-key", ra.api_key.clone()), false).await,
            Auth::Direct { .. } => {
                let token = self.token(None).await?;
                match self.transport.send(&call.clone().header("Authorization", format!("Bearer {token}")), false).await {
                    Err(ApiError::Unauthorized { .. }) => {
                        let fresh = self.token(Some(&token)).await?;
                        self.transport.send(&call.header("Authorization", format!("Bearer {fresh}")), false).await
                    }
                    other => other,
                }
            }
        }
    }

    /// A usable access token. `failed`: the token a call was refused with; if it is still the
    /// current one, it is replaced. However many calls ask at once, one refresh happens.
    pub async fn token(&self, failed: Option<&str>) -> Result<String, ApiError> {
        let Auth::Direct { base, credentials, session } = &self.auth else {
            return Err(ApiError::Rejected { upstream: Upstream::JobDiva, status: 0, message: "tokens are RefAssured's when relayed".into() });
        };
        let current = session.tokens.borrow().clone();
        if let Some(t) = &current {
            let fresh = t.exp.is_none_or(|exp| exp - REFRESH_MARGIN_S > now_s());
            if fresh && failed != Some(t.token.as_str()) {
                return Ok(t.token.clone());
            }
        }
        let pending = session.inflight.borrow().clone();
        let job = match pending {
            Some(job) => job,
            None => {
                let (base, creds, transport, refresh) = (base.clone(), credentials.clone(), self.transport.clone(), current.clone());
                let job = async move { renew(&base, &creds, &transport, refresh).await }.boxed_local().shared();
                *session.inflight.borrow_mut() = Some(job.clone());
                job
            }
        };
        let result = job.await;
        session.inflight.borrow_mut().take();
        match result {
            Ok(t) => {
                *session.tokens.borrow_mut() = Some(t.clone());
                Ok(t.token)
            }
            Err(e) => {
                session.tokens.borrow_mut().take();
                Err(e)
            }
        }
    }

    /// Sign in (direct mode), replacing any token held.
    pub async fn login(&self) -> Result<Tokens, ApiError> {
        let Auth::Direct { base, credentials, session } = &self.auth else {
            return Err(ApiError::Rejected { upstream: Upstream::JobDiva, status: 0, message: "relayed calls sign in through RefAssured".into() });
        };
        let t = login(base, credentials, &self.transport).await?;
        *session.tokens.borrow_mut() = Some(t.clone());
        Ok(t)
    }

    pub async fn check_session(&self) -> Result<bool, ApiError> {
        let r = self.send(self.call("checkJobDivaSession", Method::Get, "apiv2/checkJobDivaSession")).await?;
        bare_true("checkJobDivaSession", &r.text)
    }

    pub async fn validate_user(&self, username: &str) -> Result<bool, ApiError> {
        let r = self.send(self.call("validateUser", Method::Get, &format!("apiv2/validateUser?{}", form(&[("username", username)])))).await?;
        bare_true("validateUser", &r.text)
    }

    pub async fn quick_search(&self, value: &str, max: u32) -> Result<Vec<CandidateSummary>, ApiError> {
        let q = form(&[("value", value), ("maxReturned", &max.to_string())]);
        let r = self.send(self.call("quickCandidateProfileSearch", Method::Get, &format!("apiv2/jobdiva/quickCandidateProfileSearch?{q}"))).await?;
        rows("quickCandidateProfileSearch", Json::parse(&r.text)?)?.iter().map(candidate_summary).collect()
    }

    pub async fn search_candidates(&self, q: &CandidateQuery) -> Result<Vec<CandidateSummary>, ApiError> {
        // A search changes nothing: safe to repeat.
        let call = self.call("searchCandidateProfile", Method::Post, "apiv2/jobdiva/searchCandidateProfile").json(query_body(q));
        let r = self.send(Call { idempotent: true, ..call }).await?;
        rows("searchCandidateProfile", Json::parse(&r.text)?)?.iter().map(candidate_summary).collect()
    }

    pub async fn search_contacts(&self, q: &ContactQuery) -> Result<Vec<ContactSummary>, ApiError> {
        let pairs: Vec<(&str, &str)> = [("firstname", &q.first_name), ("lastname", &q.last_name), ("company", &q.company), ("email", &q.email), ("phone", &q.phone)]
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k, v.as_str()))
            .collect();
        let r = self.send(self.call("SearchContacts", Method::Get, &format!("api/jobdiva/SearchContacts?{}", form(&pairs)))).await?;
        rows("SearchContacts", Json::parse(&r.text)?)?.iter().map(contact_summary).collect()
    }

    pub async fn candidate(&self, id: u64, user_fields: &[&str]) -> Result<Option<Candidate>, ApiError> {
        let mut path = format!("apiv2/bi/CandidateDetail?candidateId={id}");
        for f in user_fields {
            path += &format!("&{}", form(&[("userFieldsName", f)]));
        }
        let r = self.send(self.call("CandidateDetail", Method::Get, &path)).await?;
        bi_rows("CandidateDetail", &r.text)?.first().map(|row| candidate_detail(row, user_fields)).transpose()
    }

    /// Submittals of the candidates, ≤ 100 ids a call.
    pub async fn submittals(&self, candidate_ids: &[u64]) -> Result<Vec<Submittal>, ApiError> {
        let mut out = Vec::new();
        for chunk in candidate_ids.chunks(BI_BATCH) {
            let r = self.send(self.call("CandidatesSubmittalsDetail", Method::Get, &format!("apiv2/bi/CandidatesSubmittalsDetail?{}", ids_query("candidateIds", chunk)))).await?;
            for row in bi_rows("CandidatesSubmittalsDetail", &r.text)? {
                out.push(Submittal { id: row.id("ID")?, candidate_id: row.opt_id("CANDIDATEID"), job_id: row.id("JOBID")?, user_id: row.opt_id("USERID"), submitted: row.text("SUBMITTALDATE") });
            }
        }
        Ok(out)
    }

    /// Jobs, ≤ 100 ids a call.
    pub async fn jobs(&self, job_ids: &[u64]) -> Result<Vec<Job>, ApiError> {
        let mut out = Vec::new();
        for chunk in job_ids.chunks(BI_BATCH) {
            let r = self.send(self.call("JobsDetail", Method::Get, &format!("apiv2/bi/JobsDetail?{}", ids_query("jobIds", chunk)))).await?;
            for row in bi_rows("JobsDetail", &r.text)? {
                out.push(Job {
                    id: row.id("ID")?,
                    title: row.text_or_empty("JOBTITLE"),
                    status: row.text_or_empty("JOBSTATUS"),
                    company: row.text("COMPANYNAME"),
                    city: row.text("CITY"),
                    state: row.text("STATE"),
                    description_html: row.text("JOBDESCRIPTION"),
                });
            }
        }
        Ok(out)
    }

    pub async fn users(&self) -> Result<Vec<User>, ApiError> {
        let r = self.send(self.call("UsersList", Method::Get, "apiv2/bi/UsersList")).await?;
        bi_rows("UsersList", &r.text)?.iter().map(user).collect()
    }

    pub async fn user_by_email(&self, email: &str) -> Result<Option<User>, ApiError> {
        let r = self.send(self.call("UserDetail", Method::Get, &format!("apiv2/bi/UserDetail?{}", form(&[("userEmail", email)])))).await?;
        bi_rows("UserDetail", &r.text)?.first().map(user).transpose()
    }

    pub async fn user_by_id(&self, id: u64) -> Result<Option<User>, ApiError> {
        let r = self.send(self.call("UserDetail", Method::Get, &format!("apiv2/bi/UserDetail?userId={id}"))).await?;
        bi_rows("UserDetail", &r.text)?.first().map(user).transpose()
    }

    pub async fn resume_sources(&self) -> Result<Vec<ResumeSource>, ApiError> {
        let r = self.send(self.call("ResumeSourceList", Method::Get, "apiv2/bi/ResumeSourceList")).await?;
        bi_rows("ResumeSourceList", &r.text)?.iter().map(|row| Ok(ResumeSource { id: row.id("ID")?, name: row.text_or_empty("NAME") })).collect()
    }

    pub async fn user_fields(&self) -> Result<Vec<UserField>, ApiError> {
        let r = self.send(self.call("UserfieldsList", Method::Get, "apiv2/bi/UserfieldsList")).await?;
        bi_rows("UserfieldsList", &r.text)?
            .iter()
            .map(|row| Ok(UserField { id: row.id("ID")?, name: row.text_or_empty("FIELDNAME"), kind: row.text_or_empty("FIELDTYPE"), field_for: row.text_or_empty("FIELDFOR"), mandatory: row.flag("MANDATORY") }))
            .collect()
    }

    /// A create. Through the relay an idempotency key stops a concurrent or repeated request
    /// from acting twice. Notes and attachments (which cannot be looked up afterwards) are then
    /// retried automatically; candidates, contacts and leads are sent once, and an unknown outcome
    /// ([`ApiError::outcome_unknown`]) is settled by searching before any new create.
    fn create(&self, endpoint: &'static str, path: &str, body: String, idempotency_key: Option<&str>) -> Call {
        let call = self.call(endpoint, Method::Post, path).json(body);
        let retry = matches!(endpoint, "createCandidateNote" | "createContactNote" | "uploadCandidateAttachment");
        match (&self.auth, idempotency_key) {
            (Auth::Relay(_), Some(k)) => {
                let c = call.idempotency_key(k);
                Call { idempotent: retry, ..c }
            }
            _ => call,
        }
    }

    pub async fn create_candidate(&self, c: &NewCandidate, idempotency_key: Option<&str>) -> Result<u64, ApiError> {
        let r = self.send(self.create("createCandidate", "apiv2/jobdiva/createCandidate", candidate_body(c), idempotency_key)).await?;
        bare_id("createCandidate", &r.text)
    }

    pub async fn create_candidate_note(&self, n: &NewCandidateNote, idempotency_key: Option<&str>) -> Result<u64, ApiError> {
        let r = self.send(self.create("createCandidateNote", "apiv2/jobdiva/createCandidateNote", candidate_note_body(n), idempotency_key)).await?;
        bare_id("createCandidateNote", &r.text)
    }

    pub async fn create_contact_note(&self, n: &NewContactNote, idempotency_key: Option<&str>) -> Result<bool, ApiError> {
        let r = self.send(self.create("createContactNote", "apiv2/jobdiva/createContactNote", contact_note_body(n), idempotency_key)).await?;
        bare_true("createContactNote", &r.text)
    }

    pub async fn create_lead(&self, l: &NewLead, idempotency_key: Option<&str>) -> Result<u64, ApiError> {
        let r = self.send(self.create("createLead", "apiv2/jobdiva/createLead", lead_body(l), idempotency_key)).await?;
        bare_id("createLead", &r.text)
    }

    pub async fn create_contact(&self, c: &NewContact, idempotency_key: Option<&str>) -> Result<u64, ApiError> {
        let r = self.send(self.create("createContact", "apiv2/jobdiva/createContact", contact_body(c), idempotency_key)).await?;
        bare_id("createContact", &r.text)
    }

    pub async fn upload_attachment(&self, a: &NewAttachment, idempotency_key: Option<&str>) -> Result<u64, ApiError> {
        let r = self.send(self.create("uploadCandidateAttachment", "api/jobdiva/uploadCandidateAttachment", attachment_body(a), idempotency_key)).await?;
        bare_id("uploadCandidateAttachment", &r.text)
    }
}

async fn login(base: &str, c: &Credentials, t: &Transport) -> Result<Tokens, ApiError> {
    // Signing in creates nothing: safe to repeat.
    let body = object([("clientId", Some(c.client_id.into())), ("userName", Some((&c.user_name).into())), ("password", Some((&c.password).into()))]);
    let call = Call::new(Upstream::JobDiva, "v2/login", Method::Post, format!("{base}/apiv2/v2/login")).json(body.to_string());
    let r = t.send(&Call { idempotent: true, ..call }, false).await?;
    tokens_from("v2/login", &r.text)
}

/// Refresh with the refresh token while it lasts; sign in again when it is refused or spent.
async fn renew(base: &str, c: &Credentials, t: &Transport, held: Option<Tokens>) -> Result<Tokens, ApiError> {
    if let Some(held) = held.filter(|h| !h.refresh.is_empty() && h.refresh_exp.is_none_or(|e| e > now_s())) {
        // Not retried: a refresh token is good once.
        let call = Call::new(Upstream::JobDiva, "v2/apiRefreshToken", Method::Get, format!("{base}/apiv2/v2/apiRefreshToken"))
            .header("Authorization", format!("Bearer {}", held.refresh));
        match t.send(&Call { idempotent: false, ..call }, false).await {
            Ok(r) => return tokens_from("v2/apiRefreshToken", &r.text),
            Err(ApiError::Unauthorized { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    login(base, c, t).await
}

// Request bodies, with the documented (inconsistent) field names; empty optional fields are
// left out rather than sent as "".

fn query_body(q: &CandidateQuery) -> String {
    object([
        ("firstName", non_empty(&q.first_name)),
        ("lastName", non_empty(&q.last_name)),
        ("email", non_empty(&q.email)),
        ("phone", non_empty(&q.phone)),
        ("maxreturned", q.maxreturned.map(Json::from)),
    ])
    .to_string()
}

fn candidate_body(c: &NewCandidate) -> String {
    object([
        ("firstName", Some((&c.first_name).into())),
        ("lastName", Some((&c.last_name).into())),
        ("email", non_empty(&c.email)),
        ("cellphone", non_empty(&c.cellphone)),
        ("workphone", non_empty(&c.workphone)),
        ("titleskillcertification", non_empty(&c.titleskillcertification)),
        ("narrative", non_empty(&c.narrative)),
        ("resumeSource", c.resume_source.map(Json::from)),
    ])
    .to_string()
}

fn candidate_note_body(n: &NewCandidateNote) -> String {
    object([
        ("candidateid", Some(n.candidateid.into())),
        ("note", Some((&n.note).into())),
        ("recruiterid", n.recruiterid.map(Json::from)),
        ("action", n.action.as_ref().map(Json::from)),
    ])
    .to_string()
}

fn contact_note_body(n: &NewContactNote) -> String {
    object([("contactid", Some(n.contactid.into())), ("note", Some((&n.note).into())), ("recruiterid", n.recruiterid.map(Json::from))]).to_string()
}

fn lead_body(l: &NewLead) -> String {
    object([
        ("firstName", Some((&l.first_name).into())),
        ("lastName", Some((&l.last_name).into())),
        ("email", Some((&l.email).into())),
        ("phone", Some((&l.phone).into())),
        ("company", Some((&l.company).into())),
        ("title", Some((&l.title).into())),
        ("note", Some((&l.note).into())),
        ("ownerId", l.owner_id.map(Json::from)),
    ])
    .to_string()
}

fn contact_body(c: &NewContact) -> String {
    let phones = c
        .phones
        .iter()
        .map(|p| object([("phone", Some((&p.phone).into())), ("ext", Some((&p.ext).into())), ("type", Some((&p.kind).into())), ("action", Some(u32::from(p.action).into()))]))
        .collect::<Vec<_>>();
    object([
        ("company", Some((&c.company).into())),
        ("firstname", Some((&c.firstname).into())),
        ("lastname", Some((&c.lastname).into())),
        ("title", Some((&c.title).into())),
        ("email", Some((&c.email).into())),
        ("phones", Some(phones.into())),
    ])
    .to_string()
}

fn attachment_body(a: &NewAttachment) -> String {
    object([
        ("candidateid", Some(a.candidateid.into())),
        ("name", Some((&a.name).into())),
        ("filename", Some((&a.filename).into())),
        ("filecontent", Some((&a.filecontent).into())),
        ("attachmenttype", Some(a.attachmenttype.into())),
        ("description", Some((&a.description).into())),
    ])
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_use_jobdivas_field_names() {
        let c = NewCandidate { first_name: "A".into(), last_name: "B".into(), resume_source: Some(17), ..Default::default() };
        assert_eq!(candidate_body(&c), r#"{"firstName":"A","lastName":"B","resumeSource":17}"#);
        let q = CandidateQuery { email: "a@b.co".into(), maxreturned: Some(50), ..Default::default() };
        assert_eq!(query_body(&q), r#"{"email":"a@b.co","maxreturned":50}"#);
        let l = NewLead { first_name: "G".into(), owner_id: Some(3), ..Default::default() };
        assert_eq!(lead_body(&l), r#"{"firstName":"G","lastName":"","email":"","phone":"","company":"","title":"","note":"","ownerId":3}"#);
        let n = NewCandidateNote { candidateid: 5_000_000_101, note: "n".into(), recruiterid: None, action: Some("Reference Check".into()) };
        assert_eq!(candidate_note_body(&n), r#"{"candidateid":5000000101,"note":"n","action":"Reference Check"}"#);
        let k = NewContact { company: "Mercy".into(), phones: vec![NewContactPhone { phone: "3035550100".into(), ext: String::new(), kind: "Work Phone".into(), action: 1 }], ..Default::default() };
        assert!(contact_body(&k).ends_with(r#""phones":[{"phone":"3035550100","ext":"","type":"Work Phone","action":1}]}"#), "{}", contact_body(&k));
    }
    use crate::domain::contact_info::PhoneKind;

    #[test]
    fn bi_envelopes_rows_and_soft_errors() {
        let ok = r#"{"message": "Query \"Candidate Detail\" completed successfully", "data": [{"ID": "5000000101", "FIRSTNAME": "Ava",
            "LASTNAME": "Johnson", "ADDRESS1": "12 Main St", "ADDRESS2": "Null", "CITY": "Denver", "STATE": "CO", "ZIPCODE": "80202",
            "COUNTRY": "US", "WORKPHONE": "3035550101", "WORKPHONE_EXT": "Null", "HOMEPHONE": "", "CELLPHONE": "3035550102", "FAX": "Null",
            "EMAIL": "ava@mail.example", "ALTERNATEEMAIL": "", "DATEUPDATED": "2026-05-06T11:45:55", "Shift Preference": "Nights"}]}"#;
        let rows = bi_rows("CandidateDetail", ok).unwrap();
        let c = candidate_detail(&rows[0], &["Shift Preference"]).unwrap();
        assert_eq!(c.id, 5_000_000_101);
        assert_eq!(c.address.line2, "");
        assert_eq!(c.alt_email, None);
        assert_eq!(c.phones.iter().map(|p| p.kind).collect::<Vec<_>>(), vec![PhoneKind::Work, PhoneKind::Cell]);
        assert_eq!(c.user_fields, vec![("Shift Preference".to_string(), "Nights".to_string())]);
        let soft = bi_rows("CandidatesSubmittalsDetail", r#"{"message": "Error:  Please provide no more than 100 record IDs at a time."}"#);
        assert_eq!(soft.unwrap_err(), ApiError::Soft { endpoint: "CandidatesSubmittalsDetail", message: "Error:  Please provide no more than 100 record IDs at a time.".into() });
        assert!(matches!(bi_rows("X", r#"{"data": {"ID": "1"}}"#), Err(ApiError::Decode { .. })));
        assert!(matches!(bi_rows("X", "<html>"), Err(ApiError::Decode { endpoint: "X", .. })));
        let bad_id = bi_rows("CandidateDetail", r#"{"message": "ok", "data": [{"ID": "x1"}]}"#).unwrap();
        assert!(candidate_detail(&bad_id[0], &[]).unwrap_err().to_string().contains("ID"));
    }

    #[test]
    fn search_rows_with_spaced_keys_and_phones() {
        let r = rows("searchCandidateProfile", Json::parse(r#"[{"id": 5000000141, "first name": "Kevin", "middle initial": "", "last name": "Osei",
            "email": "kevin.osei@work.example", "alternate email": "", "address1": "", "address2": "", "city": "Denver", "state": "CO",
            "zipcode": "80202", "country": "US", "phone 1": "Work Phone: 6465550199 ext()", "phone 2": "Cell Phone: 3035550100 ext(7)",
            "phone 3": "", "phone 4": ""}]"#).unwrap()).unwrap();
        let c = candidate_summary(&r[0]).unwrap();
        assert_eq!((c.id, c.first_name.as_str()), (5_000_000_141, "Kevin"));
        assert_eq!(c.phones.len(), 2);
        assert_eq!(c.phones[1].ext.as_deref(), Some("7"));
        // The id may come as a string too.
        let s = rows("x", Json::parse(r#"[{"id": "42", "first name": "A"}]"#).unwrap()).unwrap();
        assert_eq!(candidate_summary(&s[0]).unwrap().id, 42);
        assert!(rows("x", Json::parse(r#"{"id": 1}"#).unwrap()).is_err());
    }

    #[test]
    fn bare_scalars() {
        assert_eq!(bare_id("createCandidate", "5000000144").unwrap(), 5_000_000_144);
        assert_eq!(bare_id("createCandidate", "\"5000000144\"").unwrap(), 5_000_000_144);
        assert!(bare_id("createCandidate", "true").is_err());
        assert!(bare_id("createCandidate", "").is_err());
        assert!(bare_id("createCandidate", "{\"id\": 1}").is_err());
        assert!(bare_true("createContactNote", "true").unwrap());
        assert!(bare_true("createContactNote", "12").is_err());
    }

    #[test]
    fn tokens_carry_their_expiry() {
        let t = tokens_from("v2/login", r#"{"token": "eyJhbGciOiJIUzUxMiJ9.eyJzdWIiOiJhcGlAcmVmYXNzdXJlZC5jb20iLCJleHAiOjE3OTUwMDAwMDB9.c2ln", "refreshtoken": "r"}"#).unwrap();
        assert_eq!(t.exp, Some(1_795_000_000));
        assert!(tokens_from("v2/login", r#"{"refreshtoken": "r"}"#).is_err());
    }

    #[test]
    fn id_lists_repeat_the_key() {
        assert_eq!(ids_query("jobIds", &[1, 2]), "jobIds=1&jobIds=2");
        let many: Vec<u64> = (0..250).collect();
        assert_eq!(many.chunks(BI_BATCH).map(<[u64]>::len).collect::<Vec<_>>(), vec![100, 100, 50]);
    }
}
