//! RefAssured's wire format (docs/api/refassured.md): camelCase JSON, ids as strings or
//! numbers, the person fields RefAssured echoes from the documented create body in whatever
//! letter case (`PersonFirst`, `personFirst`, `personfirst`), and the request bodies. Turned
//! into `domain::reference` records by `From`.

use crate::api::decode::{count, id, list, opt_id, opt_number, opt_text, text};
use crate::domain::reference as model;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    #[serde(deserialize_with = "id")]
    pub id: u64,
    #[serde(deserialize_with = "text")]
    pub name: String,
    #[serde(default, deserialize_with = "text")]
    pub ats_type: String,
    #[serde(default, deserialize_with = "text")]
    pub key_status: String,
}

/// The person fields, decoded whatever their letter case.
#[derive(Deserialize, Default)]
pub struct PersonName {
    #[serde(rename = "personFirst", alias = "PersonFirst", alias = "personfirst", alias = "PERSONFIRST", default, deserialize_with = "text")]
    pub first: String,
    #[serde(rename = "personLast", alias = "PersonLast", alias = "personlast", alias = "PERSONLAST", default, deserialize_with = "text")]
    pub last: String,
    #[serde(rename = "personEmail", alias = "PersonEmail", alias = "personemail", alias = "PERSONEMAIL", default, deserialize_with = "text")]
    pub email: String,
    #[serde(rename = "personMobile", alias = "PersonMobile", alias = "personmobile", alias = "PERSONMOBILE", default, deserialize_with = "text")]
    pub mobile: String,
}

#[derive(Deserialize)]
pub struct Person {
    #[serde(deserialize_with = "text")]
    pub id: String,
    #[serde(flatten)]
    pub name: PersonName,
}

#[derive(Deserialize)]
pub struct Survey {
    #[serde(deserialize_with = "id")]
    pub id: u64,
    #[serde(deserialize_with = "text")]
    pub name: String,
}

#[derive(Deserialize)]
pub struct Owner {
    #[serde(alias = "Email", deserialize_with = "text")]
    pub email: String,
    #[serde(default, deserialize_with = "text")]
    pub name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefRequest {
    #[serde(deserialize_with = "id")]
    pub id: u64,
    #[serde(deserialize_with = "text")]
    pub external_candidate_id: String,
    #[serde(default)]
    pub candidate: Option<PersonName>,
    #[serde(default, deserialize_with = "text")]
    pub job_title: String,
    #[serde(default, deserialize_with = "opt_id")]
    pub survey_id: Option<u64>,
    pub owner: Owner,
    #[serde(default, deserialize_with = "text")]
    pub source: String,
    #[serde(deserialize_with = "text")]
    pub status: String,
    #[serde(deserialize_with = "text")]
    pub created_at: String,
    #[serde(default, deserialize_with = "count")]
    pub references_required: u32,
    #[serde(default, deserialize_with = "count")]
    pub references_completed: u32,
    #[serde(default, deserialize_with = "list")]
    pub references: Vec<Reference>,
}

#[derive(Deserialize)]
pub struct Alert {
    #[serde(deserialize_with = "text")]
    pub level: String,
    #[serde(default, deserialize_with = "text")]
    pub code: String,
    #[serde(default, deserialize_with = "text")]
    pub message: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Push {
    #[serde(deserialize_with = "text")]
    pub at: String,
    /// `null` while unconfirmed.
    #[serde(default, deserialize_with = "opt_text")]
    pub ats_record_id: Option<String>,
    #[serde(default)]
    pub unconfirmed: bool,
    #[serde(default, deserialize_with = "opt_text")]
    pub reason: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct AtsPush {
    #[serde(default)]
    pub note: Option<Push>,
    #[serde(default)]
    pub attachment: Option<Push>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reference {
    #[serde(deserialize_with = "id")]
    pub id: u64,
    #[serde(deserialize_with = "id")]
    pub request_id: u64,
    #[serde(flatten)]
    pub person: PersonName,
    #[serde(default, deserialize_with = "text")]
    pub relationship: String,
    #[serde(default, deserialize_with = "text")]
    pub title: String,
    #[serde(default, deserialize_with = "text")]
    pub company: String,
    #[serde(deserialize_with = "text")]
    pub status: String,
    #[serde(default, deserialize_with = "opt_text")]
    pub sent_at: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub opened_at: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub submitted_at: Option<String>,
    #[serde(default, deserialize_with = "count")]
    pub reminder_count: u32,
    #[serde(default, deserialize_with = "opt_number")]
    pub score: Option<f64>,
    #[serde(default, deserialize_with = "list")]
    pub alerts: Vec<Alert>,
    #[serde(default)]
    pub report_available: Option<bool>,
    #[serde(default)]
    pub ats_push: Option<AtsPush>,
}

#[derive(Deserialize)]
pub struct Answer {
    #[serde(deserialize_with = "text")]
    pub question: String,
    #[serde(default, deserialize_with = "text")]
    pub answer: String,
    #[serde(default, deserialize_with = "opt_number")]
    pub rating: Option<f64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    #[serde(deserialize_with = "id")]
    pub reference_id: u64,
    #[serde(default, deserialize_with = "opt_number")]
    pub overall_score: Option<f64>,
    #[serde(default, deserialize_with = "opt_text")]
    pub submitted_at: Option<String>,
    #[serde(default, deserialize_with = "list")]
    pub answers: Vec<Answer>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OptInPerson {
    #[serde(flatten)]
    pub name: PersonName,
    #[serde(default, deserialize_with = "text")]
    pub current_title: String,
    #[serde(default, deserialize_with = "text")]
    pub current_company: String,
}

/// An opt-in waiting for a person (docs/api/refassured.md, an assumption).
#[derive(Deserialize)]
pub struct Attention {
    #[serde(deserialize_with = "text")]
    pub reason: String,
    #[serde(default, deserialize_with = "text")]
    pub at: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Claim {
    #[serde(deserialize_with = "text")]
    pub claim_id: String,
    #[serde(deserialize_with = "text")]
    pub until: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    #[serde(deserialize_with = "text")]
    pub action: String,
    #[serde(default, deserialize_with = "text")]
    pub ats_record_id: String,
    #[serde(default, deserialize_with = "list")]
    pub notified: Vec<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub resolved_at: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OptIn {
    #[serde(deserialize_with = "id")]
    pub id: u64,
    #[serde(deserialize_with = "text")]
    pub kind: String,
    #[serde(deserialize_with = "id")]
    pub reference_id: u64,
    #[serde(deserialize_with = "id")]
    pub request_id: u64,
    #[serde(deserialize_with = "text")]
    pub external_candidate_id: String,
    pub person: OptInPerson,
    #[serde(deserialize_with = "text")]
    pub opted_in_at: String,
    pub requestor: Owner,
    #[serde(default, deserialize_with = "list")]
    pub lead_recipients: Vec<String>,
    #[serde(deserialize_with = "text")]
    pub status: String,
    #[serde(default)]
    pub claim: Option<Claim>,
    #[serde(default)]
    pub outcome: Option<Outcome>,
    #[serde(default)]
    pub attention: Option<Attention>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SentNotification {
    #[serde(deserialize_with = "id")]
    pub id: u64,
    #[serde(default, deserialize_with = "list")]
    pub to: Vec<String>,
    #[serde(default, deserialize_with = "text")]
    pub subject: String,
    #[serde(default, deserialize_with = "text")]
    pub sent_at: String,
}

// Request bodies.

/// `POST /api/v1/ats-candidates/requests`, with the documented (mixed) casing.
#[derive(Serialize)]
pub struct NewRequest<'a> {
    #[serde(rename = "Candidate")]
    pub candidate: NewRequestCandidate<'a>,
    #[serde(rename = "Source")]
    pub source: &'a str,
    #[serde(rename = "Owner")]
    pub owner: NewRequestOwner<'a>,
    #[serde(rename = "JobTitle")]
    pub job_title: &'a str,
    #[serde(rename = "SurveyId")]
    pub survey_id: u64,
}

#[derive(Serialize)]
pub struct NewRequestCandidate<'a> {
    #[serde(rename = "PersonFirst")]
    pub first: &'a str,
    #[serde(rename = "personLast")]
    pub last: &'a str,
    #[serde(rename = "personEmail")]
    pub email: &'a str,
    #[serde(rename = "personMobile")]
    pub mobile: &'a str,
    #[serde(rename = "ExternalCandidateId")]
    pub external_candidate_id: &'a str,
}

#[derive(Serialize)]
pub struct NewRequestOwner<'a> {
    #[serde(rename = "Email")]
    pub email: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PushBody<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ats_record_id: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unconfirmed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClaimBody<'a> {
    pub claim_id: &'a str,
}

/// `PUT /opt-ins/{id}/attention`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AttentionBody<'a> {
    pub claim_id: &'a str,
    pub reason: &'a str,
}

/// `PUT /opt-ins/{id}/outcome`: the claim and the outcome's fields side by side.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OutcomeBody<'a> {
    pub claim_id: &'a str,
    pub action: &'a str,
    pub ats_record_id: &'a str,
    pub notified: &'a [String],
}

#[derive(Serialize)]
pub struct NotificationBody<'a> {
    pub to: &'a [String],
    pub subject: &'a str,
    pub text: &'a str,
    pub link: &'a str,
}

// Into the domain's records.

impl From<Account> for model::Account {
    fn from(a: Account) -> Self {
        model::Account { id: a.id, name: a.name, ats_type: a.ats_type, key_status: a.key_status }
    }
}

impl From<PersonName> for model::PersonName {
    fn from(p: PersonName) -> Self {
        model::PersonName { first: p.first, last: p.last, email: p.email, mobile: p.mobile }
    }
}

impl From<Person> for model::Person {
    fn from(p: Person) -> Self {
        model::Person { id: p.id, name: p.name.into() }
    }
}

impl From<Survey> for model::Survey {
    fn from(s: Survey) -> Self {
        model::Survey { id: s.id, name: s.name }
    }
}

impl From<Owner> for model::Owner {
    fn from(o: Owner) -> Self {
        model::Owner { email: o.email, name: o.name }
    }
}

impl From<Push> for model::Push {
    fn from(p: Push) -> Self {
        model::Push { at: p.at, ats_record_id: p.ats_record_id.unwrap_or_default(), unconfirmed: p.unconfirmed.then(|| p.reason.unwrap_or_default()) }
    }
}

impl From<Alert> for model::Alert {
    fn from(a: Alert) -> Self {
        // An unknown level is `Other`, not a decode failure.
        let level = match a.level.as_str() {
            "alert" => model::AlertLevel::Alert,
            "warning" => model::AlertLevel::Warning,
            _ => model::AlertLevel::Other,
        };
        model::Alert { level, code: a.code, message: a.message }
    }
}

impl From<Reference> for model::Reference {
    fn from(r: Reference) -> Self {
        let push = r.ats_push.unwrap_or_default();
        model::Reference {
            id: r.id,
            request_id: r.request_id,
            person: r.person.into(),
            relationship: r.relationship,
            title: r.title,
            company: r.company,
            status: r.status,
            sent_at: r.sent_at,
            opened_at: r.opened_at,
            submitted_at: r.submitted_at,
            reminder_count: r.reminder_count,
            score: r.score,
            alerts: r.alerts.into_iter().map(Into::into).collect(),
            report_available: r.report_available.unwrap_or(false),
            ats_push: model::AtsPush { note: push.note.map(Into::into), attachment: push.attachment.map(Into::into) },
        }
    }
}

impl From<RefRequest> for model::RefRequest {
    fn from(r: RefRequest) -> Self {
        model::RefRequest {
            id: r.id,
            external_candidate_id: r.external_candidate_id,
            candidate: r.candidate.unwrap_or_default().into(),
            job_title: r.job_title,
            survey_id: r.survey_id,
            owner: r.owner.into(),
            source: r.source,
            status: r.status,
            created_at: r.created_at,
            references_required: r.references_required,
            references_completed: r.references_completed,
            references: r.references.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<Report> for model::Report {
    fn from(r: Report) -> Self {
        model::Report {
            reference_id: r.reference_id,
            overall_score: r.overall_score,
            submitted_at: r.submitted_at,
            answers: r.answers.into_iter().map(|a| model::Answer { question: a.question, answer: a.answer, rating: a.rating }).collect(),
        }
    }
}

impl From<Outcome> for model::Outcome {
    fn from(o: Outcome) -> Self {
        model::Outcome { action: o.action, ats_record_id: o.ats_record_id, notified: o.notified, resolved_at: o.resolved_at }
    }
}

impl From<OptIn> for model::OptIn {
    fn from(o: OptIn) -> Self {
        model::OptIn {
            id: o.id,
            kind: o.kind,
            reference_id: o.reference_id,
            request_id: o.request_id,
            external_candidate_id: o.external_candidate_id,
            person: model::OptInPerson { name: o.person.name.into(), current_title: o.person.current_title, current_company: o.person.current_company },
            opted_in_at: o.opted_in_at,
            requestor: o.requestor.into(),
            lead_recipients: o.lead_recipients,
            status: o.status,
            claim: o.claim.map(|c| model::Claim { claim_id: c.claim_id, until: c.until }),
            outcome: o.outcome.map(Into::into),
            attention: o.attention.map(|a| model::Attention { reason: a.reason, at: a.at }),
        }
    }
}

impl From<SentNotification> for model::SentNotification {
    fn from(n: SentNotification) -> Self {
        model::SentNotification { id: n.id, to: n.to, subject: n.subject, sent_at: n.sent_at }
    }
}
