//! JobDiva client: the twenty endpoints of the seed's list (docs/api/jobdiva.md).
//!
//! Two ways in: through RefAssured's relay with only the API key (embedded default), or
//! directly with an API user's credentials (an admin on the standalone page; [`auth`]).
//! Wire types and their quirks are in [`wire`]; this module makes the calls and turns rows
//! into `domain::ats` records.

pub mod auth;
pub mod wire;

use self::auth::{Credentials, Session, Tokens};
use self::wire::*;
use super::decode::decode;
use super::error::{ApiError, Upstream};
use super::refassured::RefAssured;
use super::transport::{query, Call, Method, Reply, Transport};
use crate::domain::ats::*;
use crate::domain::contact_info::{parse_jobdiva_phone, Phone, PhoneKind};
use std::rc::Rc;

/// BI takes at most this many ids per call.
pub const BI_BATCH: usize = 100;

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

/// The rows of a BI answer; a body with only a message is BI's soft error.
pub fn bi_rows<T: serde::de::DeserializeOwned>(endpoint: &'static str, text: &str) -> Result<Vec<T>, ApiError> {
    let bi: Bi<T> = decode(endpoint, text)?;
    match (bi.data, bi.message) {
        (Some(rows), _) => Ok(rows),
        (None, Some(message)) => Err(ApiError::Soft { endpoint, message }),
        (None, None) => Err(ApiError::Decode { endpoint, detail: "neither data nor message in the answer".into() }),
    }
}

/// A create's bare scalar id.
pub fn bare_id(endpoint: &'static str, text: &str) -> Result<u64, ApiError> {
    decode::<BareId>(endpoint, text).map(|b| b.0)
}

pub fn bare_true(endpoint: &'static str, text: &str) -> Result<bool, ApiError> {
    match decode::<BareFlag>(endpoint, text)? {
        BareFlag::Bool(b) => Ok(b),
        BareFlag::Text(s) if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") => Ok(s.eq_ignore_ascii_case("true")),
        BareFlag::Text(s) => Err(ApiError::Decode { endpoint, detail: format!("expected true or false, got \"{}\"", super::decode::short(&s)) }),
    }
}

fn phones(raw: [Option<String>; 4]) -> Vec<Phone> {
    raw.into_iter().flatten().filter_map(|p| parse_jobdiva_phone(&p)).collect()
}

impl From<ProfileRow> for CandidateSummary {
    fn from(r: ProfileRow) -> Self {
        CandidateSummary {
            id: r.id,
            first_name: r.first_name,
            last_name: r.last_name,
            email: r.email,
            alt_email: r.alternate_email,
            phones: phones([r.phone1, r.phone2, r.phone3, r.phone4]),
            address: Address { line1: r.address1, line2: r.address2, city: r.city, state: r.state, zip: r.zipcode, country: r.country },
        }
    }
}

impl From<ContactRow> for ContactSummary {
    fn from(r: ContactRow) -> Self {
        ContactSummary {
            id: r.id,
            first_name: r.first_name,
            last_name: r.last_name,
            company: r.company,
            title: r.title,
            email: r.email,
            alt_email: r.alternate_email,
            phones: phones([r.phone1, r.phone2, r.phone3, r.phone4]),
        }
    }
}

pub fn candidate_detail(r: CandidateRow, user_fields: &[&str]) -> Candidate {
    let phone = |number: Option<String>, kind: PhoneKind, ext: Option<String>| number.map(|number| Phone { kind, number, ext });
    let user_fields = user_fields
        .iter()
        .map(|f| {
            let v = match r.other.get(*f) {
                Some(serde_json::Value::String(s)) if s != "Null" => s.clone(),
                Some(serde_json::Value::Number(n)) => n.to_string(),
                _ => String::new(),
            };
            (f.to_string(), v)
        })
        .collect();
    Candidate {
        id: r.id,
        first_name: r.firstname,
        last_name: r.lastname,
        email: r.email,
        alt_email: r.alternateemail,
        phones: [
            phone(r.workphone, PhoneKind::Work, r.workphone_ext),
            phone(r.cellphone, PhoneKind::Cell, None),
            phone(r.homephone, PhoneKind::Home, None),
            phone(r.fax, PhoneKind::Fax, None),
        ]
        .into_iter()
        .flatten()
        .collect(),
        address: Address { line1: r.address1, line2: r.address2, city: r.city, state: r.state, zip: r.zipcode, country: r.country },
        title: r.title,
        updated: r.dateupdated,
        user_fields,
    }
}

impl From<UserRow> for User {
    fn from(r: UserRow) -> Self {
        User { id: r.userid, first_name: r.firstname, last_name: r.lastname, email: r.email, active: r.activeflag, recruiter: r.recruiterflag, sales: r.salesflag }
    }
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

    fn get(&self, endpoint: &'static str, path: &str, q: &str) -> Call {
        let path = if q.is_empty() { path.to_string() } else { format!("{path}?{q}") };
        self.call(endpoint, Method::Get, &path)
    }

    /// Send with the right credentials. Direct: a 401 refreshes the token once and retries
    /// (a 401 means nothing was done).
    async fn send(&self, call: Call) -> Result<Reply, ApiError> {
        match &self.auth {
            Auth::Relay(ra) => self.transport.send(&call.header("x-api-key", ra.api_key.clone()), false).await,
            Auth::Direct { base, credentials, session } => {
                let token = session.token(base, credentials, &self.transport, None).await?;
                match self.transport.send(&call.clone().header("Authorization", format!("Bearer {token}")), false).await {
                    Err(ApiError::Unauthorized { .. }) => {
                        let fresh = session.token(base, credentials, &self.transport, Some(&token)).await?;
                        self.transport.send(&call.header("Authorization", format!("Bearer {fresh}")), false).await
                    }
                    other => other,
                }
            }
        }
    }

    /// A usable token (direct mode; shared by every call of this client).
    pub async fn token(&self, failed: Option<&str>) -> Result<String, ApiError> {
        match &self.auth {
            Auth::Direct { base, credentials, session } => session.token(base, credentials, &self.transport, failed).await,
            Auth::Relay(_) => Err(ApiError::Rejected { upstream: Upstream::JobDiva, status: 0, message: "tokens are RefAssured's when relayed".into() }),
        }
    }

    /// Sign in (direct mode), replacing any token held.
    pub async fn login(&self) -> Result<Tokens, ApiError> {
        let Auth::Direct { base, credentials, session } = &self.auth else {
            return Err(ApiError::Rejected { upstream: Upstream::JobDiva, status: 0, message: "relayed calls sign in through RefAssured".into() });
        };
        let t = auth::login(base, credentials, &self.transport).await?;
        session.set(t.clone());
        Ok(t)
    }

    pub async fn check_session(&self) -> Result<bool, ApiError> {
        let r = self.send(self.get("checkJobDivaSession", "apiv2/checkJobDivaSession", "")).await?;
        bare_true("checkJobDivaSession", &r.text)
    }

    pub async fn validate_user(&self, username: &str) -> Result<bool, ApiError> {
        let r = self.send(self.get("validateUser", "apiv2/validateUser", &query(&[("username", username)]))).await?;
        bare_true("validateUser", &r.text)
    }

    pub async fn quick_search(&self, value: &str, max: u32) -> Result<Vec<CandidateSummary>, ApiError> {
        let q = query(&[("value", value), ("maxReturned", &max.to_string())]);
        let r = self.send(self.get("quickCandidateProfileSearch", "apiv2/jobdiva/quickCandidateProfileSearch", &q)).await?;
        Ok(decode::<Vec<ProfileRow>>("quickCandidateProfileSearch", &r.text)?.into_iter().map(Into::into).collect())
    }

    pub async fn search_candidates(&self, q: &CandidateQuery) -> Result<Vec<CandidateSummary>, ApiError> {
        // A search changes nothing: safe to repeat.
        let call = self.call("searchCandidateProfile", Method::Post, "apiv2/jobdiva/searchCandidateProfile").json(q).repeatable();
        let r = self.send(call).await?;
        Ok(decode::<Vec<ProfileRow>>("searchCandidateProfile", &r.text)?.into_iter().map(Into::into).collect())
    }

    pub async fn search_contacts(&self, q: &ContactQuery) -> Result<Vec<ContactSummary>, ApiError> {
        let r = self.send(self.get("SearchContacts", "api/jobdiva/SearchContacts", &query(q))).await?;
        Ok(decode::<Vec<ContactRow>>("SearchContacts", &r.text)?.into_iter().map(Into::into).collect())
    }

    pub async fn candidate(&self, id: u64, user_fields: &[&str]) -> Result<Option<Candidate>, ApiError> {
        let id_text = id.to_string();
        let pairs: Vec<(&str, &str)> = std::iter::once(("candidateId", id_text.as_str())).chain(user_fields.iter().map(|f| ("userFieldsName", *f))).collect();
        let r = self.send(self.get("CandidateDetail", "apiv2/bi/CandidateDetail", &query(&pairs))).await?;
        Ok(bi_rows::<CandidateRow>("CandidateDetail", &r.text)?.into_iter().next().map(|row| candidate_detail(row, user_fields)))
    }

    /// Submittals of the candidates, ≤ 100 ids a call.
    pub async fn submittals(&self, candidate_ids: &[u64]) -> Result<Vec<Submittal>, ApiError> {
        let mut out = Vec::new();
        for chunk in candidate_ids.chunks(BI_BATCH) {
            let ids: Vec<(&str, u64)> = chunk.iter().map(|i| ("candidateIds", *i)).collect();
            let r = self.send(self.get("CandidatesSubmittalsDetail", "apiv2/bi/CandidatesSubmittalsDetail", &query(&ids))).await?;
            out.extend(bi_rows::<SubmittalRow>("CandidatesSubmittalsDetail", &r.text)?.into_iter().map(|s| Submittal {
                id: s.id,
                candidate_id: s.candidateid,
                job_id: s.jobid,
                user_id: s.userid,
                submitted: s.submittaldate,
                start: s.startdate,
                end: s.enddate,
            }));
        }
        Ok(out)
    }

    /// Jobs, ≤ 100 ids a call.
    pub async fn jobs(&self, job_ids: &[u64]) -> Result<Vec<Job>, ApiError> {
        let mut out = Vec::new();
        for chunk in job_ids.chunks(BI_BATCH) {
            let ids: Vec<(&str, u64)> = chunk.iter().map(|i| ("jobIds", *i)).collect();
            let r = self.send(self.get("JobsDetail", "apiv2/bi/JobsDetail", &query(&ids))).await?;
            out.extend(bi_rows::<JobRow>("JobsDetail", &r.text)?.into_iter().map(|j| Job {
                id: j.id,
                title: j.jobtitle,
                status: j.jobstatus,
                company: j.companyname,
                city: j.city,
                state: j.state,
                description_html: j.jobdescription,
            }));
        }
        Ok(out)
    }

    pub async fn users(&self) -> Result<Vec<User>, ApiError> {
        let r = self.send(self.get("UsersList", "apiv2/bi/UsersList", "")).await?;
        Ok(bi_rows::<UserRow>("UsersList", &r.text)?.into_iter().map(Into::into).collect())
    }

    pub async fn user_by_email(&self, email: &str) -> Result<Option<User>, ApiError> {
        let r = self.send(self.get("UserDetail", "apiv2/bi/UserDetail", &query(&[("userEmail", email)]))).await?;
        Ok(bi_rows::<UserRow>("UserDetail", &r.text)?.into_iter().next().map(Into::into))
    }

    pub async fn user_by_id(&self, id: u64) -> Result<Option<User>, ApiError> {
        let r = self.send(self.get("UserDetail", "apiv2/bi/UserDetail", &query(&[("userId", id)]))).await?;
        Ok(bi_rows::<UserRow>("UserDetail", &r.text)?.into_iter().next().map(Into::into))
    }

    pub async fn resume_sources(&self) -> Result<Vec<ResumeSource>, ApiError> {
        let r = self.send(self.get("ResumeSourceList", "apiv2/bi/ResumeSourceList", "")).await?;
        Ok(bi_rows::<ResumeSourceRow>("ResumeSourceList", &r.text)?.into_iter().map(|s| ResumeSource { id: s.id, name: s.name }).collect())
    }

    pub async fn user_fields(&self) -> Result<Vec<UserField>, ApiError> {
        let r = self.send(self.get("UserfieldsList", "apiv2/bi/UserfieldsList", "")).await?;
        Ok(bi_rows::<UserFieldRow>("UserfieldsList", &r.text)?
            .into_iter()
            .map(|f| UserField { id: f.id, name: f.fieldname, kind: f.fieldtype, field_for: f.fieldfor, mandatory: f.mandatory })
            .collect())
    }

    /// A create: sent once, never repeated by the transport (JobDiva's creates are not
    /// idempotent). Through the relay an idempotency key makes a concurrent send from another
    /// tab wait for and share this one's answer.
    fn create<T: serde::Serialize>(&self, endpoint: &'static str, path: &str, body: &T, idempotency_key: Option<&str>) -> Call {
        let call = self.call(endpoint, Method::Post, path).json(body);
        match (&self.auth, idempotency_key) {
            (Auth::Relay(_), Some(k)) => call.idempotency_key(k),
            _ => call,
        }
    }

    pub async fn create_candidate(&self, c: &NewCandidate, idempotency_key: Option<&str>) -> Result<u64, ApiError> {
        let r = self.send(self.create("createCandidate", "apiv2/jobdiva/createCandidate", c, idempotency_key)).await?;
        bare_id("createCandidate", &r.text)
    }

    pub async fn create_candidate_note(&self, n: &NewCandidateNote, idempotency_key: Option<&str>) -> Result<u64, ApiError> {
        let r = self.send(self.create("createCandidateNote", "apiv2/jobdiva/createCandidateNote", n, idempotency_key)).await?;
        bare_id("createCandidateNote", &r.text)
    }

    pub async fn create_contact_note(&self, n: &NewContactNote, idempotency_key: Option<&str>) -> Result<bool, ApiError> {
        let r = self.send(self.create("createContactNote", "apiv2/jobdiva/createContactNote", n, idempotency_key)).await?;
        bare_true("createContactNote", &r.text)
    }

    pub async fn create_lead(&self, l: &NewLead, idempotency_key: Option<&str>) -> Result<u64, ApiError> {
        let r = self.send(self.create("createLead", "apiv2/jobdiva/createLead", l, idempotency_key)).await?;
        bare_id("createLead", &r.text)
    }

    pub async fn create_contact(&self, c: &NewContact, idempotency_key: Option<&str>) -> Result<u64, ApiError> {
        let r = self.send(self.create("createContact", "apiv2/jobdiva/createContact", c, idempotency_key)).await?;
        bare_id("createContact", &r.text)
    }

    pub async fn upload_attachment(&self, a: &NewAttachment, idempotency_key: Option<&str>) -> Result<u64, ApiError> {
        let r = self.send(self.create("uploadCandidateAttachment", "api/jobdiva/uploadCandidateAttachment", a, idempotency_key)).await?;
        bare_id("uploadCandidateAttachment", &r.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_use_jobdivas_field_names() {
        let j = |v: &dyn erased::Json| v.json();
        let c = NewCandidate { first_name: "A".into(), last_name: "B".into(), resume_source: Some(17), ..Default::default() };
        assert_eq!(j(&c), r#"{"firstName":"A","lastName":"B","resumeSource":17}"#);
        let q = CandidateQuery { email: "a@b.co".into(), maxreturned: Some(50), ..Default::default() };
        assert_eq!(j(&q), r#"{"email":"a@b.co","maxreturned":50}"#);
        let l = NewLead { first_name: "G".into(), owner_id: Some(3), ..Default::default() };
        assert_eq!(j(&l), r#"{"firstName":"G","lastName":"","email":"","phone":"","company":"","title":"","note":"","ownerId":3}"#);
        let n = NewCandidateNote { candidateid: 5_000_000_101, note: "n".into(), recruiterid: None, action: None };
        assert_eq!(j(&n), r#"{"candidateid":5000000101,"note":"n"}"#, "no action type unless the deployment names one");
        let k = NewContact { company: "Mercy".into(), phones: vec![NewContactPhone { phone: "3035550100".into(), ext: String::new(), kind: "Work Phone".into(), action: 1 }], ..Default::default() };
        assert!(j(&k).ends_with(r#""phones":[{"phone":"3035550100","ext":"","type":"Work Phone","action":1}]}"#), "{}", j(&k));
        assert_eq!(query(&ContactQuery { first_name: "Li".into(), company: "A&B".into(), ..Default::default() }), "firstname=Li&company=A%26B");
    }

    mod erased {
        pub trait Json {
            fn json(&self) -> String;
        }
        impl<T: serde::Serialize> Json for T {
            fn json(&self) -> String {
                serde_json::to_string(self).unwrap()
            }
        }
    }

    #[test]
    fn bi_envelopes_rows_and_soft_errors() {
        let ok = r#"{"message": "Query \"Candidate Detail\" completed successfully", "data": [{"ID": "5000000101", "FIRSTNAME": "Ava",
            "LASTNAME": "Johnson", "ADDRESS1": "12 Main St", "ADDRESS2": "Null", "CITY": "Denver", "STATE": "CO", "ZIPCODE": "80202",
            "COUNTRY": "US", "WORKPHONE": "3035550101", "WORKPHONE_EXT": "Null", "HOMEPHONE": "", "CELLPHONE": "3035550102", "FAX": "Null",
            "EMAIL": "ava@mail.example", "ALTERNATEEMAIL": "", "DATEUPDATED": "2026-05-06T11:45:55", "Shift Preference": "Nights"}]}"#;
        let rows = bi_rows::<CandidateRow>("CandidateDetail", ok).unwrap();
        let c = candidate_detail(rows.into_iter().next().unwrap(), &["Shift Preference"]);
        assert_eq!(c.id, 5_000_000_101);
        assert_eq!(c.address.line2, "");
        assert_eq!(c.alt_email, None);
        assert_eq!(c.phones.iter().map(|p| p.kind).collect::<Vec<_>>(), vec![PhoneKind::Work, PhoneKind::Cell]);
        assert_eq!(c.user_fields, vec![("Shift Preference".to_string(), "Nights".to_string())]);
        let soft = bi_rows::<SubmittalRow>("CandidatesSubmittalsDetail", r#"{"message": "Error:  Please provide no more than 100 record IDs at a time."}"#);
        assert_eq!(soft.err(), Some(ApiError::Soft { endpoint: "CandidatesSubmittalsDetail", message: "Error:  Please provide no more than 100 record IDs at a time.".into() }));
        assert!(matches!(bi_rows::<JobRow>("X", r#"{"data": {"ID": "1"}}"#), Err(ApiError::Decode { .. })));
        assert!(matches!(bi_rows::<JobRow>("X", "<html>"), Err(ApiError::Decode { endpoint: "X", .. })));
        let bad_id = bi_rows::<CandidateRow>("CandidateDetail", r#"{"message": "ok", "data": [{"ID": "x1"}]}"#).err().unwrap().to_string();
        assert!(bad_id.contains("ID: expected an id, got \"x1\""), "{bad_id}");
    }

    #[test]
    fn search_rows_with_spaced_keys_and_phones() {
        let r = decode::<Vec<ProfileRow>>("searchCandidateProfile", r#"[{"id": 5000000141, "first name": "Kevin", "middle initial": "", "last name": "Osei",
            "email": "kevin.osei@work.example", "alternate email": "", "address1": "", "address2": "", "city": "Denver", "state": "CO",
            "zipcode": "80202", "country": "US", "phone 1": "Work Phone: 6465550199 ext()", "phone 2": "Cell Phone: 3035550100 ext(7)",
            "phone 3": "", "phone 4": ""}]"#).unwrap();
        let c: CandidateSummary = r.into_iter().next().unwrap().into();
        assert_eq!((c.id, c.first_name.as_str()), (5_000_000_141, "Kevin"));
        assert_eq!(c.phones.len(), 2);
        assert_eq!(c.phones[1].ext.as_deref(), Some("7"));
        // The id may come as a string too.
        let s = decode::<Vec<ProfileRow>>("x", r#"[{"id": "42", "first name": "A"}]"#).unwrap();
        assert_eq!(s[0].id, 42);
        assert!(decode::<Vec<ProfileRow>>("x", r#"{"id": 1}"#).is_err());
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
    fn id_lists_repeat_the_key() {
        let ids: Vec<(&str, u64)> = [1, 2].iter().map(|i| ("jobIds", *i)).collect();
        assert_eq!(query(&ids), "jobIds=1&jobIds=2");
        let many: Vec<u64> = (0..250).collect();
        assert_eq!(many.chunks(BI_BATCH).map(<[u64]>::len).collect::<Vec<_>>(), vec![100, 100, 50]);
    }
}
