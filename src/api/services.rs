//! The three clients the tab uses, built from the deployment's settings and the host context,
//! and the actions that combine them (the components call these; they never fetch).

use super::error::ApiError;
use super::jobdiva::JobDiva;
use super::refassured::{OptInStatus, PushKind, RefAssured};
use super::staffing_referrals::{MatchedBy, StaffingReferrals};
use super::transport::Transport;
use crate::domain::ats::{Candidate, NewAttachment, NewCandidateNote};
use crate::domain::contact_info::PhoneKind;
use crate::domain::reference::{NewRequest, NewRequestCandidate, NewRequestOwner, OptIn, Push, RefRequest, Reference, Report, Survey};
use crate::domain::referral::Referral;
use crate::domain::report_note::{base64, note_text};

/// JobDiva's note action for reference reports (a deployment setting; the tenant must have it).
pub const DEFAULT_NOTE_ACTION: &str = "Reference Check";
/// JobDiva attachment type for reference reports.
pub const ATTACHMENT_TYPE: u32 = 1;

#[derive(Clone, PartialEq)]
pub struct Services {
    pub refassured: RefAssured,
    pub jobdiva: JobDiva,
    pub staffing: StaffingReferrals,
    pub note_action: String,
}

impl std::fmt::Debug for Services {
    /// Never prints a key, token or password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Services")
    }
}

impl Services {
    /// Everything through RefAssured with the API key only (the embedded default).
    pub fn relay(refassured_base: &str, api_key: &str) -> Self {
        let ra = RefAssured::new(refassured_base, api_key);
        Services { jobdiva: JobDiva::relay(&ra), staffing: StaffingReferrals::relay(&ra), refassured: ra, note_action: DEFAULT_NOTE_ACTION.into() }
    }

    /// The same services whose requests end with `transport` (a component's abort signal).
    pub fn with_transport(&self, t: Transport) -> Self {
        Services {
            refassured: self.refassured.with_transport(t.clone()),
            jobdiva: self.jobdiva.with_transport(t.clone()),
            staffing: self.staffing.with_transport(t),
            note_action: self.note_action.clone(),
        }
    }

    pub fn transport(&self) -> &Transport {
        &self.refassured.transport
    }
}

/// Put a completed report into the candidate's JobDiva notes, at most once: an existing push is
/// returned as it is; the note is created under an idempotency key derived from the reference,
/// so a double click, a retry after a timeout or a second tab gets the same note.
pub async fn push_note(s: &Services, candidate: &Candidate, request: &RefRequest, reference: &Reference, recruiter_id: Option<u64>) -> Result<Push, ApiError> {
    if let Some(p) = &reference.ats_push.note {
        return Ok(p.clone());
    }
    let report = s.refassured.report(reference.id).await?;
    let note = NewCandidateNote {
        candidateid: candidate.id,
        note: note_text(&candidate.full_name(), &request.job_title, reference, &report),
        recruiterid: recruiter_id,
        action: Some(s.note_action.clone()).filter(|a| !a.is_empty()),
    };
    let note_id = s.jobdiva.create_candidate_note(&note, Some(&format!("note:{}:{}", candidate.id, reference.id))).await?;
    s.refassured.record_push(reference.id, PushKind::Note, &note_id.to_string()).await
}

/// Upload the report's file as a candidate attachment, at most once (as [`push_note`]).
pub async fn attach_report(s: &Services, candidate_id: u64, reference: &Reference) -> Result<Push, ApiError> {
    if let Some(p) = &reference.ats_push.attachment {
        return Ok(p.clone());
    }
    let file = s.refassured.report_file(reference.id).await?;
    let name = format!("RefAssured reference - {} {}", reference.person.first, reference.person.last);
    let attachment = NewAttachment {
        candidateid: candidate_id,
        name: name.chars().take(100).collect(),
        filename: file.filename,
        filecontent: base64(&file.bytes),
        attachmenttype: ATTACHMENT_TYPE,
        description: "Reference report from RefAssured".into(),
    };
    let id = s.jobdiva.upload_attachment(&attachment, Some(&format!("attachment:{candidate_id}:{}", reference.id))).await?;
    s.refassured.record_push(reference.id, PushKind::Attachment, &id.to_string()).await
}

pub async fn report(s: &Services, reference_id: u64) -> Result<Report, ApiError> {
    s.refassured.report(reference_id).await
}

/// A job the candidate was submitted to (the choices for a new reference check).
#[derive(Clone, Debug, PartialEq)]
pub struct JobChoice {
    pub job_id: u64,
    pub title: String,
    pub company: Option<String>,
}

/// The candidate's submitted jobs and the account's surveys, fetched at once.
pub async fn request_options(s: &Services, candidate_id: u64) -> Result<(Vec<JobChoice>, Vec<Survey>), ApiError> {
    let jobs = async {
        let subs = s.jobdiva.submittals(&[candidate_id]).await?;
        let mut ids: Vec<u64> = subs.iter().map(|x| x.job_id).collect();
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let jobs = s.jobdiva.jobs(&ids).await?;
        Ok::<_, ApiError>(jobs.into_iter().map(|j| JobChoice { job_id: j.id, title: j.title, company: j.company }).collect())
    };
    let (jobs, surveys) = futures::join!(jobs, s.refassured.surveys());
    Ok((jobs?, surveys?))
}

/// Create a reference check for the candidate. `key` identifies this submission: sending the
/// same form twice creates one request.
pub async fn request_check(s: &Services, candidate: &Candidate, job_title: &str, survey_id: u64, owner_email: &str, key: &str) -> Result<RefRequest, ApiError> {
    let mobile = candidate
        .phones
        .iter()
        .find(|p| p.kind == PhoneKind::Cell)
        .or_else(|| candidate.phones.first())
        .and_then(|p| crate::domain::contact_info::normalise_phone(&p.number))
        .map(|d| if d.len() == 10 { format!("1{d}") } else { d })
        .unwrap_or_default();
    let body = NewRequest {
        candidate: NewRequestCandidate {
            first: candidate.first_name.clone(),
            last: candidate.last_name.clone(),
            email: candidate.email.clone().unwrap_or_default(),
            mobile,
            external_candidate_id: candidate.id.to_string(),
        },
        source: "JobDiva".into(),
        owner: NewRequestOwner { email: owner_email.to_string() },
        job_title: job_title.to_string(),
        survey_id,
    };
    s.refassured.create_request(&body, key).await
}

/// The candidate's active referral, finding the applicant as Staffing Referrals does: by
/// ats_id (the JobDiva candidate id), then email, then phone. `candidate` is needed only when
/// the ats_id finds no one.
pub async fn referral(s: &Services, candidate_id: u64, candidate: impl std::future::Future<Output = Option<Candidate>>) -> Result<Option<(Referral, MatchedBy)>, ApiError> {
    let by_ats = s.staffing.find_applicant(Some(&candidate_id.to_string()), None, None).await?;
    let found = match by_ats {
        Some(x) => Some(x),
        None => match candidate.await {
            Some(c) => {
                let phone = c.phones.iter().find(|p| p.kind == PhoneKind::Cell).or_else(|| c.phones.first()).map(|p| p.number.clone());
                s.staffing.find_applicant(None, c.email.as_deref(), phone.as_deref()).await?
            }
            None => None,
        },
    };
    let Some((applicant, by)) = found else { return Ok(None) };
    Ok(s.staffing.active_referral(applicant.id).await?.map(|r| (r, by)))
}

/// [`referral`] for the candidate's tab: the candidate's email and phone are fetched only if
/// the ats_id finds no one.
pub async fn candidate_referral(s: Services, candidate_id: u64) -> Result<Option<(Referral, MatchedBy)>, ApiError> {
    referral(&s, candidate_id, async { candidate(&s, candidate_id).await.ok().flatten() }).await
}

pub async fn set_referral_status(s: &Services, referral_id: u64, status_key: &str) -> Result<Referral, ApiError> {
    s.staffing.update_referral_status(referral_id, status_key).await
}

pub async fn candidate(s: &Services, id: u64) -> Result<Option<Candidate>, ApiError> {
    s.jobdiva.candidate(id, &[]).await
}

pub async fn requests(s: &Services, candidate_id: u64) -> Result<Vec<RefRequest>, ApiError> {
    s.refassured.requests(candidate_id).await
}

/// Opt-ins: every one on a candidate's references (done ones too), or all pending ones.
pub async fn pending_opt_ins(s: &Services, candidate_id: Option<u64>) -> Result<Vec<OptIn>, ApiError> {
    let status = if candidate_id.is_some() { OptInStatus::All } else { OptInStatus::Pending };
    s.refassured.opt_ins(status, candidate_id).await
}
