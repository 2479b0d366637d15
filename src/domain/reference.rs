//! RefAssured: reference requests, references, reports, opt-ins (docs/api/refassured.md).

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub id: u64,
    pub name: String,
    #[serde(default)]
    pub ats_type: String,
    #[serde(default)]
    pub key_status: String,
}

/// A person as RefAssured echoes the create body (its casing varies: decode case-insensitively).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct PersonName {
    #[serde(rename = "personFirst", alias = "PersonFirst", alias = "personfirst", default)]
    pub first: String,
    #[serde(rename = "personLast", alias = "PersonLast", alias = "personlast", default)]
    pub last: String,
    #[serde(rename = "personEmail", alias = "PersonEmail", alias = "personemail", default)]
    pub email: String,
    #[serde(rename = "personMobile", alias = "PersonMobile", alias = "personmobile", default)]
    pub mobile: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    #[serde(deserialize_with = "crate::domain::reference::string_or_number")]
    pub id: String,
    #[serde(flatten)]
    pub name: PersonName,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Survey {
    pub id: u64,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Owner {
    #[serde(alias = "Email")]
    pub email: String,
    #[serde(default)]
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefRequest {
    pub id: u64,
    #[serde(deserialize_with = "string_or_number")]
    pub external_candidate_id: String,
    #[serde(default)]
    pub candidate: PersonName,
    #[serde(default)]
    pub job_title: String,
    #[serde(default)]
    pub survey_id: Option<u64>,
    pub owner: Owner,
    #[serde(default)]
    pub source: String,
    pub status: String,
    pub created_at: String,
    #[serde(default)]
    pub references_required: u32,
    #[serde(default)]
    pub references_completed: u32,
    #[serde(default)]
    pub references: Vec<Reference>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertLevel {
    /// A fraud signal (same IP address as the candidate).
    Alert,
    /// A deliverability problem.
    Warning,
    #[serde(other)]
    Other,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Alert {
    pub level: AlertLevel,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Push {
    pub at: String,
    #[serde(deserialize_with = "string_or_number")]
    pub ats_record_id: String,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct AtsPush {
    #[serde(default)]
    pub note: Option<Push>,
    #[serde(default)]
    pub attachment: Option<Push>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reference {
    pub id: u64,
    pub request_id: u64,
    #[serde(flatten)]
    pub person: PersonName,
    #[serde(default)]
    pub relationship: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub company: String,
    pub status: String,
    #[serde(default)]
    pub sent_at: Option<String>,
    #[serde(default)]
    pub opened_at: Option<String>,
    #[serde(default)]
    pub submitted_at: Option<String>,
    #[serde(default)]
    pub reminder_count: u32,
    #[serde(default)]
    pub score: Option<f64>,
    #[serde(default)]
    pub alerts: Vec<Alert>,
    #[serde(default)]
    pub report_available: bool,
    #[serde(default)]
    pub ats_push: AtsPush,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Answer {
    pub question: String,
    #[serde(default)]
    pub answer: String,
    #[serde(default)]
    pub rating: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub reference_id: u64,
    #[serde(default)]
    pub overall_score: Option<f64>,
    #[serde(default)]
    pub submitted_at: Option<String>,
    #[serde(default)]
    pub answers: Vec<Answer>,
}

/// The body of `POST /api/v1/ats-candidates/requests`, with the documented (mixed) casing.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewRequest {
    #[serde(rename = "Candidate")]
    pub candidate: NewRequestCandidate,
    #[serde(rename = "Source")]
    pub source: String,
    #[serde(rename = "Owner")]
    pub owner: NewRequestOwner,
    #[serde(rename = "JobTitle")]
    pub job_title: String,
    #[serde(rename = "SurveyId")]
    pub survey_id: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewRequestCandidate {
    #[serde(rename = "PersonFirst")]
    pub first: String,
    #[serde(rename = "personLast")]
    pub last: String,
    #[serde(rename = "personEmail")]
    pub email: String,
    #[serde(rename = "personMobile")]
    pub mobile: String,
    #[serde(rename = "ExternalCandidateId")]
    pub external_candidate_id: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewRequestOwner {
    #[serde(rename = "Email")]
    pub email: String,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OptInPerson {
    #[serde(flatten)]
    pub name: PersonName,
    #[serde(default)]
    pub current_title: String,
    #[serde(default)]
    pub current_company: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Claim {
    pub claim_id: String,
    pub until: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    pub action: String,
    pub ats_record_id: String,
    #[serde(default)]
    pub notified: Vec<String>,
    #[serde(default, skip_serializing)]
    pub resolved_at: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OptIn {
    pub id: u64,
    /// `talent` or `sales`.
    pub kind: String,
    pub reference_id: u64,
    pub request_id: u64,
    #[serde(deserialize_with = "string_or_number")]
    pub external_candidate_id: String,
    pub person: OptInPerson,
    pub opted_in_at: String,
    pub requestor: Owner,
    #[serde(default)]
    pub lead_recipients: Vec<String>,
    pub status: String,
    #[serde(default)]
    pub claim: Option<Claim>,
    #[serde(default)]
    pub outcome: Option<Outcome>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Notification {
    pub to: Vec<String>,
    pub subject: String,
    pub text: String,
    pub link: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SentNotification {
    pub id: u64,
    pub to: Vec<String>,
    pub subject: String,
    pub sent_at: String,
}

/// Ids that arrive as `"12345"` or `12345`.
pub fn string_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum V {
        S(String),
        N(u64),
        F(f64),
    }
    Ok(match V::deserialize(d)? {
        V::S(s) => s,
        V::N(n) => n.to_string(),
        V::F(f) => format!("{f:.0}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_create_body_serialises_with_its_casing() {
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
        let text = serde_json::to_string(&body).unwrap();
        let want: serde_json::Value = serde_json::from_str(r#"{"Candidate": {"PersonFirst": "Jane", "personLast": "Smith",
            "personEmail": "jane.smith@example.com", "personMobile": "15551234567", "ExternalCandidateId": "12345"},
            "Source": "Automation", "Owner": {"Email": "recruiter@agency.com"}, "JobTitle": "Registered Nurse", "SurveyId": 2}"#).unwrap();
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), want);
    }

    #[test]
    fn echoed_people_decode_whatever_the_casing() {
        let p: PersonName = serde_json::from_str(r#"{"PersonFirst": "Jane", "personLast": "Smith", "personEmail": "j@x.co", "personMobile": "1"}"#).unwrap();
        assert_eq!((p.first.as_str(), p.last.as_str()), ("Jane", "Smith"));
        let a: Alert = serde_json::from_str(r#"{"level": "something_new", "code": "x", "message": "m"}"#).unwrap();
        assert_eq!(a.level, AlertLevel::Other, "an unknown level is not a decode failure");
    }
}
