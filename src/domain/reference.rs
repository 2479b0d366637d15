//! RefAssured: reference requests, references, reports, opt-ins (docs/api/refassured.md).
//! Plain data: the wire format (field names, casing, ids as strings or numbers) is
//! `api::refassured`'s.


#[derive(Clone, Debug, PartialEq)]
pub struct Account {
    pub id: u64,
    pub name: String,
    pub ats_type: String,
    pub key_status: String,
}

/// A person as RefAssured echoes the create body (its casing varies: decode case-insensitively).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PersonName {
    pub first: String,
    pub last: String,
    pub email: String,
    pub mobile: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Person {
    pub id: String,
    pub name: PersonName,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Survey {
    pub id: u64,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Owner {
    pub email: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RefRequest {
    pub id: u64,
    pub external_candidate_id: String,
    pub candidate: PersonName,
    pub job_title: String,
    pub survey_id: Option<u64>,
    pub owner: Owner,
    pub source: String,
    pub status: String,
    pub created_at: String,
    pub references_required: u32,
    pub references_completed: u32,
    pub references: Vec<Reference>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlertLevel {
    /// A fraud signal (same IP address as the candidate).
    Alert,
    /// A deliverability problem.
    Warning,
    Other,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Alert {
    pub level: AlertLevel,
    pub code: String,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Push {
    pub at: String,
    /// Empty while unconfirmed.
    pub ats_record_id: String,
    /// Sent, but its answer was lost (why): a person checks JobDiva; never sent again by a tab.
    pub unconfirmed: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct AtsPush {
    pub note: Option<Push>,
    pub attachment: Option<Push>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Reference {
    pub id: u64,
    pub request_id: u64,
    pub person: PersonName,
    pub relationship: String,
    pub title: String,
    pub company: String,
    pub status: String,
    pub sent_at: Option<String>,
    pub opened_at: Option<String>,
    pub submitted_at: Option<String>,
    pub reminder_count: u32,
    pub score: Option<f64>,
    pub alerts: Vec<Alert>,
    pub report_available: bool,
    pub ats_push: AtsPush,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    pub question: String,
    pub answer: String,
    pub rating: Option<f64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub reference_id: u64,
    pub overall_score: Option<f64>,
    pub submitted_at: Option<String>,
    pub answers: Vec<Answer>,
}

/// The body of `POST /api/v1/ats-candidates/requests`, with the documented (mixed) casing.
#[derive(Clone, Debug, PartialEq)]
pub struct NewRequest {
    pub candidate: NewRequestCandidate,
    pub source: String,
    pub owner: NewRequestOwner,
    pub job_title: String,
    pub survey_id: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NewRequestCandidate {
    pub first: String,
    pub last: String,
    pub email: String,
    pub mobile: String,
    pub external_candidate_id: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NewRequestOwner {
    pub email: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct OptInPerson {
    pub name: PersonName,
    pub current_title: String,
    pub current_company: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    pub claim_id: String,
    pub until: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub action: String,
    pub ats_record_id: String,
    pub notified: Vec<String>,
    pub resolved_at: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OptIn {
    pub id: u64,
    /// `talent` or `sales`.
    pub kind: String,
    pub reference_id: u64,
    pub request_id: u64,
    pub external_candidate_id: String,
    pub person: OptInPerson,
    pub opted_in_at: String,
    pub requestor: Owner,
    pub lead_recipients: Vec<String>,
    pub status: String,
    pub claim: Option<Claim>,
    pub outcome: Option<Outcome>,
    /// Waiting for a person: a JobDiva write's outcome is unknown, and nothing re-sends it until
    /// someone has checked JobDiva (recorded with RefAssured, so every tab sees it).
    pub attention: Option<Attention>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Attention {
    pub reason: String,
    pub at: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Notification {
    pub to: Vec<String>,
    pub subject: String,
    pub text: String,
    pub link: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SentNotification {
    pub id: u64,
    pub to: Vec<String>,
    pub subject: String,
    pub sent_at: String,
}
