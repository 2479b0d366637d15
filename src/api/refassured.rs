//! RefAssured client: every operation of docs/api/refassured.md, `x-api-key` on each.

use super::error::{ApiError, Upstream};
use super::json::{decode_field, object, Fields, FromJson, Json};
use super::transport::{form, Call, Method, Reply, Transport};
use crate::domain::reference::*;

/// Where RefAssured is and the agency's key. The key goes to this base only.
#[derive(Clone, Debug, PartialEq)]
pub struct RefAssured {
    /// `https://api.refassured.com` (no trailing slash).
    pub base: String,
    pub api_key: String,
    pub transport: Transport,
}

/// The report's file.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportFile {
    pub filename: String,
    pub bytes: Vec<u8>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PushKind {
    Note,
    Attachment,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptInStatus {
    Pending,
    Resolved,
    All,
}

/// `attachment; filename="x.pdf"` → `x.pdf`.
pub fn filename_from_disposition(cd: &str) -> Option<String> {
    let i = cd.find("filename=")?;
    let name = cd[i + 9..].split(';').next()?.trim().trim_matches('"');
    (!name.is_empty()).then(|| name.replace(['/', '\\'], "_"))
}

impl RefAssured {
    pub fn new(base: &str, api_key: &str) -> Self {
        RefAssured { base: base.trim_end_matches('/').to_string(), api_key: api_key.to_string(), transport: Transport::default() }
    }

    pub fn with_transport(&self, transport: Transport) -> Self {
        RefAssured { transport, ..self.clone() }
    }

    fn call(&self, endpoint: &'static str, method: Method, path: &str) -> Call {
        Call::new(Upstream::RefAssured, endpoint, method, format!("{}/api/v1/{path}", self.base)).header("x-api-key", self.api_key.clone())
    }

    /// The `key` of the answer's object (`{"requests": [...]}`).
    async fn fetch<T: FromJson>(&self, call: Call, key: &str) -> Result<T, ApiError> {
        let endpoint = call.endpoint;
        let reply: Reply = self.transport.send(&call, false).await?;
        decode_field(endpoint, &reply.text, key)
    }

    /// Validates the key.
    pub async fn account(&self) -> Result<Account, ApiError> {
        self.fetch(self.call("account", Method::Get, "account"), "account").await
    }

    pub async fn people(&self, first: &str, last: &str, email: &str, mobile: &str) -> Result<Vec<Person>, ApiError> {
        let q = form(&[("personfirst", first), ("personlast", last), ("personemail", email), ("personmobile", mobile)]);
        self.fetch(self.call("people", Method::Get, &format!("people?{q}")), "people").await
    }

    pub async fn surveys(&self) -> Result<Vec<Survey>, ApiError> {
        self.fetch(self.call("surveys", Method::Get, "surveys"), "surveys").await
    }

    /// Create a reference request. The key makes a retry (double click, timeout) harmless.
    pub async fn create_request(&self, body: &NewRequest, idempotency_key: &str) -> Result<RefRequest, ApiError> {
        let call = self.call("create request", Method::Post, "ats-candidates/requests").json(request_body(body).to_string()).idempotency_key(idempotency_key);
        self.fetch(call, "request").await
    }

    pub async fn requests(&self, external_candidate_id: u64) -> Result<Vec<RefRequest>, ApiError> {
        let path = format!("ats-candidates/{external_candidate_id}/requests");
        self.fetch(self.call("candidate requests", Method::Get, &path), "requests").await
    }

    pub async fn report(&self, reference_id: u64) -> Result<Report, ApiError> {
        self.fetch(self.call("report", Method::Get, &format!("references/{reference_id}/report")), "report").await
    }

    pub async fn report_file(&self, reference_id: u64) -> Result<ReportFile, ApiError> {
        let call = self.call("report file", Method::Get, &format!("references/{reference_id}/report/file"));
        let reply = self.transport.send(&call, true).await?;
        let filename = reply.content_disposition.as_deref().and_then(filename_from_disposition).unwrap_or_else(|| format!("reference-{reference_id}.pdf"));
        Ok(ReportFile { filename, bytes: reply.bytes.unwrap_or_default() })
    }

    /// Record that the report went into the ATS (idempotent; a different record → Conflict).
    pub async fn record_push(&self, reference_id: u64, kind: PushKind, ats_record_id: &str) -> Result<Push, ApiError> {
        let k = if kind == PushKind::Note { "note" } else { "attachment" };
        let body = object([("atsRecordId", Some(ats_record_id.into()))]);
        let call = self.call("record push", Method::Put, &format!("references/{reference_id}/ats-push/{k}")).json(body.to_string());
        self.fetch(call, "push").await
    }

    pub async fn opt_ins(&self, status: OptInStatus, external_candidate_id: Option<u64>) -> Result<Vec<OptIn>, ApiError> {
        let s = match status {
            OptInStatus::Pending => "pending",
            OptInStatus::Resolved => "resolved",
            OptInStatus::All => "all",
        };
        let path = match external_candidate_id {
            Some(id) => format!("opt-ins?status={s}&externalCandidateId={id}"),
            None => format!("opt-ins?status={s}"),
        };
        self.fetch(self.call("opt-ins", Method::Get, &path), "optIns").await
    }

    /// Claim an opt-in for this flow (renewed by the same claim id; Conflict when another holds it).
    pub async fn claim_opt_in(&self, id: u64, claim_id: &str) -> Result<OptIn, ApiError> {
        // The same claim id may safely be sent again.
        let body = object([("claimId", Some(claim_id.into()))]);
        let call = self.call("claim opt-in", Method::Post, &format!("opt-ins/{id}/claim")).json(body.to_string());
        let call = Call { idempotent: true, ..call };
        self.fetch(call, "optIn").await
    }

    pub async fn record_outcome(&self, id: u64, claim_id: &str, outcome: &Outcome) -> Result<OptIn, ApiError> {
        let call = self.call("record outcome", Method::Put, &format!("opt-ins/{id}/outcome")).json(outcome_body(claim_id, outcome).to_string());
        self.fetch(call, "optIn").await
    }

    pub async fn notify(&self, n: &Notification, idempotency_key: &str) -> Result<SentNotification, ApiError> {
        let call = self.call("notify", Method::Post, "notifications").json(notification_body(n).to_string()).idempotency_key(idempotency_key);
        self.fetch(call, "notification").await
    }

    /// The base URL under which RefAssured relays calls to `jobdiva` or `staffingreferrals`.
    pub fn relay_base(&self, upstream: &str) -> String {
        format!("{}/api/v1/relay/{upstream}", self.base)
    }
}

// The wire format, as docs/api/refassured.md shows it.

impl FromJson for Account {
    fn from_json(v: &Json) -> Result<Self, String> {
        let f = Fields::of(v)?;
        Ok(Account { id: f.req("id")?, name: f.req("name")?, ats_type: f.opt("atsType")?, key_status: f.opt("keyStatus")? })
    }
}

/// The person fields RefAssured echoes from the create body, in whatever letter case
/// (`PersonFirst`, `personFirst`, `personfirst`).
fn person_name(f: Fields) -> Result<PersonName, String> {
    Ok(PersonName { first: f.opt_any_case("personFirst")?, last: f.opt_any_case("personLast")?, email: f.opt_any_case("personEmail")?, mobile: f.opt_any_case("personMobile")? })
}

impl FromJson for PersonName {
    fn from_json(v: &Json) -> Result<Self, String> {
        person_name(Fields::of(v)?)
    }
}

impl FromJson for Person {
    fn from_json(v: &Json) -> Result<Self, String> {
        let f = Fields::of(v)?;
        Ok(Person { id: f.id_text("id")?, name: person_name(f)? })
    }
}

impl FromJson for Survey {
    fn from_json(v: &Json) -> Result<Self, String> {
        let f = Fields::of(v)?;
        Ok(Survey { id: f.req("id")?, name: f.req("name")? })
    }
}

impl FromJson for Owner {
    fn from_json(v: &Json) -> Result<Self, String> {
        let f = Fields::of(v)?;
        Ok(Owner { email: f.req_any_case("email")?, name: f.opt("name")? })
    }
}

impl FromJson for RefRequest {
    fn from_json(v: &Json) -> Result<Self, String> {
        let f = Fields::of(v)?;
        Ok(RefRequest {
            id: f.req("id")?,
            external_candidate_id: f.id_text("externalCandidateId")?,
            candidate: f.opt("candidate")?,
            job_title: f.opt("jobTitle")?,
            survey_id: f.opt("surveyId")?,
            owner: f.req("owner")?,
            source: f.opt("source")?,
            status: f.req("status")?,
            created_at: f.req("createdAt")?,
            references_required: f.opt("referencesRequired")?,
            references_completed: f.opt("referencesCompleted")?,
            references: f.opt("references")?,
        })
    }
}

impl FromJson for AlertLevel {
    /// An unknown level is `Other`, not a decode failure.
    fn from_json(v: &Json) -> Result<Self, String> {
        Ok(match String::from_json(v)?.as_str() {
            "alert" => AlertLevel::Alert,
            "warning" => AlertLevel::Warning,
            _ => AlertLevel::Other,
        })
    }
}

impl FromJson for Alert {
    fn from_json(v: &Json) -> Result<Self, String> {
        let f = Fields::of(v)?;
        Ok(Alert { level: f.req("level")?, code: f.opt("code")?, message: f.opt("message")? })
    }
}

impl FromJson for Push {
    fn from_json(v: &Json) -> Result<Self, String> {
        let f = Fields::of(v)?;
        Ok(Push { at: f.req("at")?, ats_record_id: f.id_text("atsRecordId")? })
    }
}

impl FromJson for AtsPush {
    fn from_json(v: &Json) -> Result<Self, String> {
        let f = Fields::of(v)?;
        Ok(AtsPush { note: f.opt("note")?, attachment: f.opt("attachment")? })
    }
}

impl FromJson for Reference {
    fn from_json(v: &Json) -> Result<Self, String> {
        let f = Fields::of(v)?;
        Ok(Reference {
            id: f.req("id")?,
            request_id: f.req("requestId")?,
            person: person_name(f)?,
            relationship: f.opt("relationship")?,
            title: f.opt("title")?,
            company: f.opt("company")?,
            status: f.req("status")?,
            sent_at: f.opt("sentAt")?,
            opened_at: f.opt("openedAt")?,
            submitted_at: f.opt("submittedAt")?,
            reminder_count: f.opt("reminderCount")?,
            score: f.opt("score")?,
            alerts: f.opt("alerts")?,
            report_available: f.opt("reportAvailable")?,
            ats_push: f.opt("atsPush")?,
        })
    }
}

impl FromJson for Answer {
    fn from_json(v: &Json) -> Result<Self, String> {
        let f = Fields::of(v)?;
        Ok(Answer { question: f.req("question")?, answer: f.opt("answer")?, rating: f.opt("rating")? })
    }
}

impl FromJson for Report {
    fn from_json(v: &Json) -> Result<Self, String> {
        let f = Fields::of(v)?;
        Ok(Report { reference_id: f.req("referenceId")?, overall_score: f.opt("overallScore")?, submitted_at: f.opt("submittedAt")?, answers: f.opt("answers")? })
    }
}

impl FromJson for OptInPerson {
    fn from_json(v: &Json) -> Result<Self, String> {
        let f = Fields::of(v)?;
        Ok(OptInPerson { name: person_name(f)?, current_title: f.opt("currentTitle")?, current_company: f.opt("currentCompany")? })
    }
}

impl FromJson for Claim {
    fn from_json(v: &Json) -> Result<Self, String> {
        let f = Fields::of(v)?;
        Ok(Claim { claim_id: f.req("claimId")?, until: f.req("until")? })
    }
}

impl FromJson for Outcome {
    fn from_json(v: &Json) -> Result<Self, String> {
        let f = Fields::of(v)?;
        Ok(Outcome { action: f.req("action")?, ats_record_id: f.id_text("atsRecordId")?, notified: f.opt("notified")?, resolved_at: f.opt("resolvedAt")? })
    }
}

impl FromJson for OptIn {
    fn from_json(v: &Json) -> Result<Self, String> {
        let f = Fields::of(v)?;
        Ok(OptIn {
            id: f.req("id")?,
            kind: f.req("kind")?,
            reference_id: f.req("referenceId")?,
            request_id: f.req("requestId")?,
            external_candidate_id: f.id_text("externalCandidateId")?,
            person: f.req("person")?,
            opted_in_at: f.req("optedInAt")?,
            requestor: f.req("requestor")?,
            lead_recipients: f.opt("leadRecipients")?,
            status: f.req("status")?,
            claim: f.opt("claim")?,
            outcome: f.opt("outcome")?,
        })
    }
}

impl FromJson for SentNotification {
    fn from_json(v: &Json) -> Result<Self, String> {
        let f = Fields::of(v)?;
        Ok(SentNotification { id: f.req("id")?, to: f.req("to")?, subject: f.req("subject")?, sent_at: f.req("sentAt")? })
    }
}

/// `POST /api/v1/ats-candidates/requests`, with the documented (mixed) casing.
fn request_body(b: &NewRequest) -> Json {
    let c = &b.candidate;
    object([
        (
            "Candidate",
            Some(object([
                ("PersonFirst", Some((&c.first).into())),
                ("personLast", Some((&c.last).into())),
                ("personEmail", Some((&c.email).into())),
                ("personMobile", Some((&c.mobile).into())),
                ("ExternalCandidateId", Some((&c.external_candidate_id).into())),
            ])),
        ),
        ("Source", Some((&b.source).into())),
        ("Owner", Some(object([("Email", Some((&b.owner.email).into()))]))),
        ("JobTitle", Some((&b.job_title).into())),
        ("SurveyId", Some(b.survey_id.into())),
    ])
}

/// `PUT /opt-ins/{id}/outcome`: the claim and the outcome's fields side by side.
fn outcome_body(claim_id: &str, o: &Outcome) -> Json {
    object([
        ("claimId", Some(claim_id.into())),
        ("action", Some((&o.action).into())),
        ("atsRecordId", Some((&o.ats_record_id).into())),
        ("notified", Some(o.notified.iter().collect::<Vec<_>>().into())),
    ])
}

fn notification_body(n: &Notification) -> Json {
    object([("to", Some(n.to.iter().collect::<Vec<_>>().into())), ("subject", Some((&n.subject).into())), ("text", Some((&n.text).into())), ("link", Some((&n.link).into()))])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::json::decode;

    #[test]
    fn decodes_the_documented_shapes() {
        let requests: Vec<RefRequest> = decode_field("candidate requests", r#"{"requests": [{"id": 40001, "externalCandidateId": "5000000101",
            "candidate": {"PersonFirst": "Ava", "personLast": "Johnson", "personEmail": "a@x.co", "personMobile": "1"},
            "jobTitle": "ICU Nurse", "surveyId": 2, "owner": {"email": "r@a.co", "name": "Rachel"}, "source": "JobDiva",
            "status": "completed", "createdAt": "2026-10-30T09:00:00Z", "referencesRequired": 3, "referencesCompleted": 2,
            "references": [{"id": 40002, "requestId": 40001, "personFirst": "Liam", "personLast": "Lee", "personEmail": "l@x.co",
              "personMobile": "1303", "relationship": "manager", "title": "Charge Nurse", "company": "Mercy", "status": "completed",
              "sentAt": "2026-10-30T10:00:00Z", "openedAt": null, "submittedAt": "2026-10-31T15:00:00Z", "reminderCount": 0,
              "score": 87, "alerts": [{"level": "alert", "code": "same_ip", "message": "Same IP"}], "reportAvailable": true,
              "atsPush": {"note": {"at": "2026-11-01T00:00:00Z", "atsRecordId": "900001"}, "attachment": null}}]}]}"#, "requests").unwrap();
        let r = &requests[0];
        assert_eq!((r.candidate.first.as_str(), r.references_completed, r.survey_id), ("Ava", 2, Some(2)));
        assert_eq!((r.owner.name.as_str(), r.created_at.as_str()), ("Rachel", "2026-10-30T09:00:00Z"));
        let x = &r.references[0];
        assert_eq!((x.person.first.as_str(), x.person.mobile.as_str(), x.company.as_str()), ("Liam", "1303", "Mercy"));
        assert_eq!(x.alerts[0].level, AlertLevel::Alert);
        assert_eq!(x.ats_push.note.as_ref().unwrap().ats_record_id, "900001");
        assert_eq!(x.ats_push.attachment, None);
        assert_eq!((x.opened_at.as_deref(), x.submitted_at.as_deref()), (None, Some("2026-10-31T15:00:00Z")));
        assert_eq!((x.score, x.report_available), (Some(87.0), true));
        // Hostile: a missing required field names itself and where it is.
        let bad = decode_field::<Vec<RefRequest>>("candidate requests", r#"{"requests": [{"id": 1}]}"#, "requests").unwrap_err().to_string();
        assert!(bad.contains("candidate requests") && bad.contains("requests: [0]: missing field `externalCandidateId`"), "{bad}");
        let wrong = decode_field::<Vec<RefRequest>>("candidate requests", r#"{"requests": "nope"}"#, "requests").unwrap_err();
        assert!(matches!(&wrong, ApiError::Decode { detail, .. } if detail == "requests: expected an array, got a string"), "{wrong:?}");
        let id = decode::<Push>("push", r#"{"at": "x", "atsRecordId": 900001}"#).unwrap();
        assert_eq!(id.ats_record_id, "900001", "ids come as strings or numbers");
    }

    #[test]
    fn echoed_people_decode_whatever_the_casing() {
        for body in [r#"{"PersonFirst": "Jane", "personLast": "Smith"}"#, r#"{"personfirst": "Jane", "PERSONLAST": "Smith"}"#] {
            let p = decode::<PersonName>("people", body).unwrap();
            assert_eq!((p.first.as_str(), p.last.as_str(), p.email.as_str()), ("Jane", "Smith", ""));
        }
        let a = decode::<Alert>("x", r#"{"level": "something_new", "code": "x", "message": "m"}"#).unwrap();
        assert_eq!(a.level, AlertLevel::Other, "an unknown level is not a decode failure");
        let o = decode::<Owner>("x", r#"{"Email": "r@a.co"}"#).unwrap();
        assert_eq!(o.email, "r@a.co");
    }

    #[test]
    fn opt_in_and_outcome_shapes() {
        let o: OptIn = decode_field("opt-in", r#"{"optIn": {"id": 40100, "kind": "talent", "referenceId": 40002, "requestId": 40001,
            "externalCandidateId": 5000000101, "person": {"personFirst": "Maria", "personLast": "Gonzalez", "personEmail": "m@x.co",
            "personMobile": "+1 720 555 0100", "currentTitle": "Charge Nurse", "currentCompany": "Mercy"},
            "optedInAt": "2026-11-01T08:00:00Z", "requestor": {"email": "r@a.co", "name": "Rachel"},
            "leadRecipients": ["t@a.co"], "status": "pending", "claim": {"claimId": "c1", "until": "u"},
            "outcome": {"action": "noted_candidate", "atsRecordId": 5000000101, "notified": []}}}"#, "optIn").unwrap();
        assert_eq!((o.person.current_company.as_str(), o.person.name.first.as_str(), o.external_candidate_id.as_str()), ("Mercy", "Maria", "5000000101"));
        assert_eq!((o.lead_recipients.len(), o.claim.unwrap().claim_id.as_str()), (1, "c1"));
        assert_eq!(o.outcome.unwrap().ats_record_id, "5000000101");
        let out = Outcome { action: "created_candidate".into(), ats_record_id: "5000000200".into(), notified: vec!["r@a.co".into()], resolved_at: None };
        assert_eq!(outcome_body("c1", &out).to_string(), r#"{"claimId":"c1","action":"created_candidate","atsRecordId":"5000000200","notified":["r@a.co"]}"#);
    }

    #[test]
    fn the_documented_create_body_with_its_casing() {
        let body = NewRequest {
            candidate: NewRequestCandidate {
                first: "Jane".into(),
                last: "Smith".into(),
                email: "jane.smith@example.com".into(),
                mobile: "15551234567".into(),
                external_candidate_id: "12345".into(),
            },
            source: "Automation".into(),
            owner: NewRequestOwner { email: "recruiter@agency.com".into() },
            job_title: "Registered Nurse".into(),
            survey_id: 2,
        };
        assert_eq!(
            request_body(&body).to_string(),
            r#"{"Candidate":{"PersonFirst":"Jane","personLast":"Smith","personEmail":"jane.smith@example.com","personMobile":"15551234567","ExternalCandidateId":"12345"},"Source":"Automation","Owner":{"Email":"recruiter@agency.com"},"JobTitle":"Registered Nurse","SurveyId":2}"#
        );
        let n = Notification { to: vec!["a@b.co".into()], subject: "S \"q\"".into(), text: "line\nnext".into(), link: String::new() };
        assert_eq!(notification_body(&n).to_string(), r#"{"to":["a@b.co"],"subject":"S \"q\"","text":"line\nnext","link":""}"#);
    }

    #[test]
    fn filenames() {
        assert_eq!(filename_from_disposition(r#"attachment; filename="reference-1-Liam-Lee.pdf""#).as_deref(), Some("reference-1-Liam-Lee.pdf"));
        assert_eq!(filename_from_disposition("attachment; filename=../../x.pdf").as_deref(), Some(".._.._x.pdf"));
        assert_eq!(filename_from_disposition("inline"), None);
    }
}
