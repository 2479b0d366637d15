//! RefAssured client: every operation of docs/api/refassured.md, `x-api-key` on each.

pub mod program;
pub mod wire;

use super::decode::decode_field;
use super::error::{ApiError, Upstream};
use super::transport::{query, Call, Method, Reply, Transport};
use crate::domain::reference::*;
use serde::de::DeserializeOwned;

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

    /// The `key` of the answer's object (`{"requests": [...]}`), as the wire type `W`.
    async fn fetch<W: DeserializeOwned>(&self, call: Call, key: &'static str) -> Result<W, ApiError> {
        let endpoint = call.endpoint;
        let reply: Reply = self.transport.send(&call, false).await?;
        decode_field(endpoint, &reply.text, key)
    }

    /// Validates the key.
    pub async fn account(&self) -> Result<Account, ApiError> {
        self.fetch::<wire::Account>(self.call("account", Method::Get, "account"), "account").await.map(Into::into)
    }

    pub async fn people(&self, first: &str, last: &str, email: &str, mobile: &str) -> Result<Vec<Person>, ApiError> {
        let q = query(&[("personfirst", first), ("personlast", last), ("personemail", email), ("personmobile", mobile)]);
        let people: Vec<wire::Person> = self.fetch(self.call("people", Method::Get, &format!("people?{q}")), "people").await?;
        Ok(people.into_iter().map(Into::into).collect())
    }

    pub async fn surveys(&self) -> Result<Vec<Survey>, ApiError> {
        let surveys: Vec<wire::Survey> = self.fetch(self.call("surveys", Method::Get, "surveys"), "surveys").await?;
        Ok(surveys.into_iter().map(Into::into).collect())
    }

    /// Create a reference request. The key makes a retry (double click, timeout) return the
    /// first request instead of a second one: RefAssured deduplicates it, so it may be re-sent.
    pub async fn create_request(&self, b: &NewRequest, idempotency_key: &str) -> Result<RefRequest, ApiError> {
        let c = &b.candidate;
        let body = wire::NewRequest {
            candidate: wire::NewRequestCandidate { first: &c.first, last: &c.last, email: &c.email, mobile: &c.mobile, external_candidate_id: &c.external_candidate_id },
            source: &b.source,
            owner: wire::NewRequestOwner { email: &b.owner.email },
            job_title: &b.job_title,
            survey_id: b.survey_id,
        };
        let call = self.call("create request", Method::Post, "ats-candidates/requests").json(&body).idempotency_key(idempotency_key).repeatable();
        self.fetch::<wire::RefRequest>(call, "request").await.map(Into::into)
    }

    pub async fn requests(&self, external_candidate_id: u64) -> Result<Vec<RefRequest>, ApiError> {
        let path = format!("ats-candidates/{external_candidate_id}/requests");
        let requests: Vec<wire::RefRequest> = self.fetch(self.call("candidate requests", Method::Get, &path), "requests").await?;
        Ok(requests.into_iter().map(Into::into).collect())
    }

    pub async fn report(&self, reference_id: u64) -> Result<Report, ApiError> {
        self.fetch::<wire::Report>(self.call("report", Method::Get, &format!("references/{reference_id}/report")), "report").await.map(Into::into)
    }

    pub async fn report_file(&self, reference_id: u64) -> Result<ReportFile, ApiError> {
        let call = self.call("report file", Method::Get, &format!("references/{reference_id}/report/file"));
        let reply = self.transport.send(&call, true).await?;
        let filename = reply.content_disposition.as_deref().and_then(filename_from_disposition).unwrap_or_else(|| format!("reference-{reference_id}.pdf"));
        Ok(ReportFile { filename, bytes: reply.bytes.unwrap_or_default() })
    }

    /// Record that the report went into the ATS (idempotent; a different record → Conflict).
    pub async fn record_push(&self, reference_id: u64, kind: PushKind, ats_record_id: &str) -> Result<Push, ApiError> {
        let body = wire::PushBody { ats_record_id: Some(ats_record_id), unconfirmed: false, reason: None };
        self.fetch::<wire::Push>(self.push_call(reference_id, kind, Method::Put).json(&body), "push").await.map(Into::into)
    }

    /// Record that a push was sent and its answer lost: every tab then shows "check JobDiva".
    pub async fn record_unconfirmed_push(&self, reference_id: u64, kind: PushKind, reason: &str) -> Result<Push, ApiError> {
        let body = wire::PushBody { ats_record_id: None, unconfirmed: true, reason: Some(reason) };
        self.fetch::<wire::Push>(self.push_call(reference_id, kind, Method::Put).json(&body), "push").await.map(Into::into)
    }

    /// A person checked JobDiva and the unconfirmed push is not there: it may be sent again.
    pub async fn clear_unconfirmed_push(&self, reference_id: u64, kind: PushKind) -> Result<(), ApiError> {
        self.transport.send(&self.push_call(reference_id, kind, Method::Delete), false).await.map(|_| ())
    }

    fn push_call(&self, reference_id: u64, kind: PushKind, method: Method) -> Call {
        let k = if kind == PushKind::Note { "note" } else { "attachment" };
        self.call("record push", method, &format!("references/{reference_id}/ats-push/{k}"))
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
        let list: Vec<wire::OptIn> = self.fetch(self.call("opt-ins", Method::Get, &path), "optIns").await?;
        Ok(list.into_iter().map(Into::into).collect())
    }

    /// Claim an opt-in for this flow (renewed by the same claim id; Conflict when another holds it).
    pub async fn claim_opt_in(&self, id: u64, claim_id: &str) -> Result<OptIn, ApiError> {
        // The same claim id may safely be sent again.
        let call = self.call("claim opt-in", Method::Post, &format!("opt-ins/{id}/claim")).json(&wire::ClaimBody { claim_id }).repeatable();
        self.fetch::<wire::OptIn>(call, "optIn").await.map(Into::into)
    }

    /// Let go of this flow's claim (it stopped: a decision to make, an error), so that another
    /// tab may go on at once. A claim it no longer holds is left alone by RefAssured.
    pub async fn release_claim(&self, id: u64, claim_id: &str) -> Result<OptIn, ApiError> {
        let call = self.call("release opt-in", Method::Delete, &format!("opt-ins/{id}/claim")).json(&wire::ClaimBody { claim_id }).repeatable();
        self.fetch::<wire::OptIn>(call, "optIn").await.map(Into::into)
    }

    /// Record that the opt-in waits for a person (`reason`): RefAssured refuses every claim on
    /// it until [`Self::clear_attention`]. Also releases this flow's claim.
    pub async fn flag_opt_in(&self, id: u64, claim_id: &str, reason: &str) -> Result<OptIn, ApiError> {
        let call = self.call("flag opt-in", Method::Put, &format!("opt-ins/{id}/attention")).json(&wire::AttentionBody { claim_id, reason }).repeatable();
        self.fetch::<wire::OptIn>(call, "optIn").await.map(Into::into)
    }

    /// A person checked JobDiva: the opt-in may be processed again.
    pub async fn clear_attention(&self, id: u64) -> Result<OptIn, ApiError> {
        let call = self.call("clear opt-in", Method::Delete, &format!("opt-ins/{id}/attention")).repeatable();
        self.fetch::<wire::OptIn>(call, "optIn").await.map(Into::into)
    }

    pub async fn record_outcome(&self, id: u64, claim_id: &str, o: &Outcome) -> Result<OptIn, ApiError> {
        let body = wire::OutcomeBody { claim_id, action: &o.action, ats_record_id: &o.ats_record_id, notified: &o.notified };
        let call = self.call("record outcome", Method::Put, &format!("opt-ins/{id}/outcome")).json(&body);
        self.fetch::<wire::OptIn>(call, "optIn").await.map(Into::into)
    }

    /// RefAssured deduplicates by the key: a repeat returns the first notification.
    pub async fn notify(&self, n: &Notification, idempotency_key: &str) -> Result<SentNotification, ApiError> {
        let body = wire::NotificationBody { to: &n.to, subject: &n.subject, text: &n.text, link: &n.link };
        let call = self.call("notify", Method::Post, "notifications").json(&body).idempotency_key(idempotency_key).repeatable();
        self.fetch::<wire::SentNotification>(call, "notification").await.map(Into::into)
    }

    /// The base URL under which RefAssured relays calls to `jobdiva` or `staffingreferrals`.
    pub fn relay_base(&self, upstream: &str) -> String {
        format!("{}/api/v1/relay/{upstream}", self.base)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::decode::decode;

    fn requests(text: &str) -> Result<Vec<RefRequest>, ApiError> {
        decode_field::<Vec<wire::RefRequest>>("candidate requests", text, "requests").map(|v| v.into_iter().map(Into::into).collect())
    }

    #[test]
    fn decodes_the_documented_shapes() {
        let requests = requests(r#"{"requests": [{"id": 40001, "externalCandidateId": "5000000101",
            "candidate": {"PersonFirst": "Ava", "personLast": "Johnson", "personEmail": "a@x.co", "personMobile": "1"},
            "jobTitle": "ICU Nurse", "surveyId": 2, "owner": {"email": "r@a.co", "name": "Rachel"}, "source": "JobDiva",
            "status": "completed", "createdAt": "2026-10-30T09:00:00Z", "referencesRequired": 3, "referencesCompleted": 2,
            "references": [{"id": 40002, "requestId": 40001, "personFirst": "Liam", "personLast": "Lee", "personEmail": "l@x.co",
              "personMobile": "1303", "relationship": "manager", "title": "Charge Nurse", "company": "Mercy", "status": "completed",
              "sentAt": "2026-10-30T10:00:00Z", "openedAt": null, "submittedAt": "2026-10-31T15:00:00Z", "reminderCount": 0,
              "score": 87, "alerts": [{"level": "alert", "code": "same_ip", "message": "Same IP"}], "reportAvailable": true,
              "atsPush": {"note": {"at": "2026-11-01T00:00:00Z", "atsRecordId": "900001"}, "attachment": null}}]}]}"#).unwrap();
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
        let bad = self::requests(r#"{"requests": [{"id": 1}]}"#).unwrap_err().to_string();
        assert!(bad.contains("candidate requests") && bad.contains("missing field `externalCandidateId` at line 1 column 23"), "{bad}");
        let wrong = self::requests(r#"{"requests": "nope"}"#).unwrap_err().to_string();
        assert!(wrong.contains("requests: invalid type: string"), "{wrong}");
        let id: Push = decode::<wire::Push>("push", r#"{"at": "x", "atsRecordId": 900001}"#).unwrap().into();
        assert_eq!(id.ats_record_id, "900001", "ids come as strings or numbers");
    }

    #[test]
    fn echoed_people_decode_whatever_the_casing() {
        for body in [r#"{"PersonFirst": "Jane", "personLast": "Smith"}"#, r#"{"personfirst": "Jane", "PERSONLAST": "Smith"}"#] {
            let p: PersonName = decode::<wire::PersonName>("people", body).unwrap().into();
            assert_eq!((p.first.as_str(), p.last.as_str(), p.email.as_str()), ("Jane", "Smith", ""));
        }
        let a: Alert = decode::<wire::Alert>("x", r#"{"level": "something_new", "code": "x", "message": "m"}"#).unwrap().into();
        assert_eq!(a.level, AlertLevel::Other, "an unknown level is not a decode failure");
        let o: Owner = decode::<wire::Owner>("x", r#"{"Email": "r@a.co"}"#).unwrap().into();
        assert_eq!(o.email, "r@a.co");
    }

    #[test]
    fn opt_in_and_outcome_shapes() {
        let o: OptIn = decode_field::<wire::OptIn>("opt-in", r#"{"optIn": {"id": 40100, "kind": "talent", "referenceId": 40002, "requestId": 40001,
            "externalCandidateId": 5000000101, "person": {"personFirst": "Maria", "personLast": "Gonzalez", "personEmail": "m@x.co",
            "personMobile": "+1 720 555 0100", "currentTitle": "Charge Nurse", "currentCompany": "Mercy"},
            "optedInAt": "2026-11-01T08:00:00Z", "requestor": {"email": "r@a.co", "name": "Rachel"},
            "leadRecipients": ["t@a.co"], "status": "pending", "claim": {"claimId": "c1", "until": "u"},
            "outcome": {"action": "noted_candidate", "atsRecordId": 5000000101, "notified": []}}}"#, "optIn").unwrap().into();
        assert_eq!((o.person.current_company.as_str(), o.person.name.first.as_str(), o.external_candidate_id.as_str()), ("Mercy", "Maria", "5000000101"));
        assert_eq!((o.lead_recipients.len(), o.claim.unwrap().claim_id.as_str()), (1, "c1"));
        assert_eq!(o.outcome.unwrap().ats_record_id, "5000000101");
        let notified = vec!["r@a.co".to_string()];
        let body = wire::OutcomeBody { claim_id: "c1", action: "created_candidate", ats_record_id: "5000000200", notified: &notified };
        assert_eq!(serde_json::to_string(&body).unwrap(), r#"{"claimId":"c1","action":"created_candidate","atsRecordId":"5000000200","notified":["r@a.co"]}"#);
    }

    #[test]
    fn the_documented_create_body_with_its_casing() {
        let body = wire::NewRequest {
            candidate: wire::NewRequestCandidate { first: "Jane", last: "Smith", email: "jane.smith@example.com", mobile: "15551234567", external_candidate_id: "12345" },
            source: "Automation",
            owner: wire::NewRequestOwner { email: "recruiter@agency.com" },
            job_title: "Registered Nurse",
            survey_id: 2,
        };
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"Candidate":{"PersonFirst":"Jane","personLast":"Smith","personEmail":"jane.smith@example.com","personMobile":"15551234567","ExternalCandidateId":"12345"},"Source":"Automation","Owner":{"Email":"recruiter@agency.com"},"JobTitle":"Registered Nurse","SurveyId":2}"#
        );
        let to = vec!["a@b.co".to_string()];
        let n = wire::NotificationBody { to: &to, subject: "S \"q\"", text: "line\nnext", link: "" };
        assert_eq!(serde_json::to_string(&n).unwrap(), r#"{"to":["a@b.co"],"subject":"S \"q\"","text":"line\nnext","link":""}"#);
    }

    #[test]
    fn filenames() {
        assert_eq!(filename_from_disposition(r#"attachment; filename="reference-1-Liam-Lee.pdf""#).as_deref(), Some("reference-1-Liam-Lee.pdf"));
        assert_eq!(filename_from_disposition("attachment; filename=../../x.pdf").as_deref(), Some(".._.._x.pdf"));
        assert_eq!(filename_from_disposition("inline"), None);
    }
}
