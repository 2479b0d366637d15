//! RefAssured client: every operation of docs/api/refassured.md, `x-api-key` on each.

use super::error::{ApiError, Upstream};
use super::json::decode;
use super::transport::{form, Call, Method, Reply, Transport};
use crate::domain::reference::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Where RefAssured is and the agency's key. The key goes to this base only.
#[derive(Clone, Debug, PartialEq)]
pub struct RefAssured {
    /// `https://api.refassured.com` (no trailing slash).
    pub base: String,
    pub api_key: String,
    pub transport: Transport,
}

#[derive(Debug, Deserialize)]
struct AccountBody {
    account: Account,
}
#[derive(Debug, Deserialize)]
struct PeopleBody {
    people: Vec<Person>,
}
#[derive(Debug, Deserialize)]
struct SurveysBody {
    surveys: Vec<Survey>,
}
#[derive(Debug, Deserialize)]
struct RequestBody {
    request: RefRequest,
}
#[derive(Debug, Deserialize)]
struct RequestsBody {
    requests: Vec<RefRequest>,
}
#[derive(Debug, Deserialize)]
struct ReportBody {
    report: Report,
}
#[derive(Debug, Deserialize)]
struct PushBody {
    push: Push,
}
#[derive(Debug, Deserialize)]
struct OptInsBody {
    #[serde(rename = "optIns")]
    opt_ins: Vec<OptIn>,
}
#[derive(Debug, Deserialize)]
struct OptInBody {
    #[serde(rename = "optIn")]
    opt_in: OptIn,
}
#[derive(Debug, Deserialize)]
struct NotificationBody {
    notification: SentNotification,
}

/// `PUT /opt-ins/{id}/outcome`'s body: the claim and the outcome's fields side by side.
#[derive(Serialize)]
struct OutcomeBody<'a> {
    #[serde(rename = "claimId")]
    claim_id: &'a str,
    #[serde(flatten)]
    outcome: &'a Outcome,
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

/// JSON text of a body, without serde_json in the bundle.
pub fn to_json<T: Serialize>(v: &T) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let js = v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(wasm_bindgen::JsValue::NULL);
        js_sys::JSON::stringify(&js).ok().and_then(|s| s.as_string()).unwrap_or_else(|| "null".into())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        serde_json::to_string(v).unwrap_or_else(|_| "null".into())
    }
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

    async fn fetch<T: DeserializeOwned>(&self, call: Call) -> Result<T, ApiError> {
        let endpoint = call.endpoint;
        let reply: Reply = self.transport.send(&call, false).await?;
        decode(endpoint, &reply.text)
    }

    /// Validates the key.
    pub async fn account(&self) -> Result<Account, ApiError> {
        self.fetch::<AccountBody>(self.call("account", Method::Get, "account")).await.map(|b| b.account)
    }

    pub async fn people(&self, first: &str, last: &str, email: &str, mobile: &str) -> Result<Vec<Person>, ApiError> {
        let q = form(&[("personfirst", first), ("personlast", last), ("personemail", email), ("personmobile", mobile)]);
        self.fetch::<PeopleBody>(self.call("people", Method::Get, &format!("people?{q}"))).await.map(|b| b.people)
    }

    pub async fn surveys(&self) -> Result<Vec<Survey>, ApiError> {
        self.fetch::<SurveysBody>(self.call("surveys", Method::Get, "surveys")).await.map(|b| b.surveys)
    }

    /// Create a reference request. The key makes a retry (double click, timeout) harmless.
    pub async fn create_request(&self, body: &NewRequest, idempotency_key: &str) -> Result<RefRequest, ApiError> {
        let call = self.call("create request", Method::Post, "ats-candidates/requests").json(to_json(body)).idempotency_key(idempotency_key);
        self.fetch::<RequestBody>(call).await.map(|b| b.request)
    }

    pub async fn requests(&self, external_candidate_id: u64) -> Result<Vec<RefRequest>, ApiError> {
        let path = format!("ats-candidates/{external_candidate_id}/requests");
        self.fetch::<RequestsBody>(self.call("candidate requests", Method::Get, &path)).await.map(|b| b.requests)
    }

    pub async fn report(&self, reference_id: u64) -> Result<Report, ApiError> {
        self.fetch::<ReportBody>(self.call("report", Method::Get, &format!("references/{reference_id}/report"))).await.map(|b| b.report)
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
        #[derive(Serialize)]
        struct B<'a> {
            #[serde(rename = "atsRecordId")]
            ats_record_id: &'a str,
        }
        let call = self.call("record push", Method::Put, &format!("references/{reference_id}/ats-push/{k}")).json(to_json(&B { ats_record_id }));
        self.fetch::<PushBody>(call).await.map(|b| b.push)
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
        self.fetch::<OptInsBody>(self.call("opt-ins", Method::Get, &path)).await.map(|b| b.opt_ins)
    }

    /// Claim an opt-in for this flow (renewed by the same claim id; Conflict when another holds it).
    pub async fn claim_opt_in(&self, id: u64, claim_id: &str) -> Result<OptIn, ApiError> {
        #[derive(Serialize)]
        struct B<'a> {
            #[serde(rename = "claimId")]
            claim_id: &'a str,
        }
        // The same claim id may safely be sent again.
        let call = self.call("claim opt-in", Method::Post, &format!("opt-ins/{id}/claim")).json(to_json(&B { claim_id }));
        let call = Call { idempotent: true, ..call };
        self.fetch::<OptInBody>(call).await.map(|b| b.opt_in)
    }

    pub async fn record_outcome(&self, id: u64, claim_id: &str, outcome: &Outcome) -> Result<OptIn, ApiError> {
        let call = self.call("record outcome", Method::Put, &format!("opt-ins/{id}/outcome")).json(to_json(&OutcomeBody { claim_id, outcome }));
        self.fetch::<OptInBody>(call).await.map(|b| b.opt_in)
    }

    pub async fn notify(&self, n: &Notification, idempotency_key: &str) -> Result<SentNotification, ApiError> {
        let call = self.call("notify", Method::Post, "notifications").json(to_json(n)).idempotency_key(idempotency_key);
        self.fetch::<NotificationBody>(call).await.map(|b| b.notification)
    }

    /// The base URL under which RefAssured relays calls to `jobdiva` or `staffingreferrals`.
    pub fn relay_base(&self, upstream: &str) -> String {
        format!("{}/api/v1/relay/{upstream}", self.base)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_documented_shapes() {
        let list: RequestsBody = serde_json::from_str(r#"{"requests": [{"id": 40001, "externalCandidateId": "5000000101",
            "candidate": {"PersonFirst": "Ava", "personLast": "Johnson", "personEmail": "a@x.co", "personMobile": "1"},
            "jobTitle": "ICU Nurse", "surveyId": 2, "owner": {"email": "r@a.co", "name": "Rachel"}, "source": "JobDiva",
            "status": "completed", "createdAt": "2026-10-30T09:00:00Z", "referencesRequired": 3, "referencesCompleted": 2,
            "references": [{"id": 40002, "requestId": 40001, "personFirst": "Liam", "personLast": "Lee", "personEmail": "l@x.co",
              "personMobile": "1303", "relationship": "manager", "title": "Charge Nurse", "company": "Mercy", "status": "completed",
              "sentAt": "2026-10-30T10:00:00Z", "openedAt": null, "submittedAt": "2026-10-31T15:00:00Z", "reminderCount": 0,
              "score": 87, "alerts": [{"level": "alert", "code": "same_ip", "message": "Same IP"}], "reportAvailable": true,
              "atsPush": {"note": {"at": "2026-11-01T00:00:00Z", "atsRecordId": "900001"}, "attachment": null}}]}]}"#).unwrap();
        let r = &list.requests[0];
        assert_eq!((r.candidate.first.as_str(), r.references_completed), ("Ava", 2));
        let x = &r.references[0];
        assert_eq!(x.alerts[0].level, AlertLevel::Alert);
        assert_eq!(x.ats_push.note.as_ref().unwrap().ats_record_id, "900001");
        assert_eq!(x.opened_at, None);
        assert_eq!(x.score, Some(87.0));
        // Hostile: a missing required field names itself.
        let bad = decode::<RequestsBody>("candidate requests", r#"{"requests": [{"id": 1}]}"#).unwrap_err().to_string();
        assert!(bad.contains("candidate requests") && bad.contains("missing field"), "{bad}");
        let wrong = decode::<RequestsBody>("candidate requests", r#"{"requests": "nope"}"#).unwrap_err();
        assert!(matches!(wrong, ApiError::Decode { .. }));
    }

    #[test]
    fn opt_in_and_outcome_shapes() {
        let o: OptInBody = serde_json::from_str(r#"{"optIn": {"id": 40100, "kind": "talent", "referenceId": 40002, "requestId": 40001,
            "externalCandidateId": "5000000101", "person": {"personFirst": "Maria", "personLast": "Gonzalez", "personEmail": "m@x.co",
            "personMobile": "+1 720 555 0100", "currentTitle": "Charge Nurse", "currentCompany": "Mercy"},
            "optedInAt": "2026-11-01T08:00:00Z", "requestor": {"email": "r@a.co", "name": "Rachel"},
            "leadRecipients": ["t@a.co"], "status": "pending", "claim": null, "outcome": null}}"#).unwrap();
        assert_eq!(o.opt_in.person.current_company, "Mercy");
        let out = Outcome { action: "created_candidate".into(), ats_record_id: "5000000200".into(), notified: vec!["r@a.co".into()], resolved_at: None };
        let text = to_json(&OutcomeBody { claim_id: "c1", outcome: &out });
        assert_eq!(text, r#"{"claimId":"c1","action":"created_candidate","atsRecordId":"5000000200","notified":["r@a.co"]}"#);
    }

    #[test]
    fn filenames() {
        assert_eq!(filename_from_disposition(r#"attachment; filename="reference-1-Liam-Lee.pdf""#).as_deref(), Some("reference-1-Liam-Lee.pdf"));
        assert_eq!(filename_from_disposition("attachment; filename=../../x.pdf").as_deref(), Some(".._.._x.pdf"));
        assert_eq!(filename_from_disposition("inline"), None);
    }
}
