//! New reference checks: the jobs the candidate was submitted to, and the request itself.

use crate::api::error::ApiError;
use crate::api::services::Services;
use crate::domain::ats::Candidate;
use crate::domain::contact_info::{normalise_phone, PhoneKind};
use crate::domain::reference::{NewRequest, NewRequestCandidate, NewRequestOwner, RefRequest, Survey};

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

/// Create a reference check for the candidate. `key` identifies this submission: RefAssured
/// answers the same form sent twice with the one request.
pub async fn request_check(s: &Services, candidate: &Candidate, job_title: &str, survey_id: u64, owner_email: &str, key: &str) -> Result<RefRequest, ApiError> {
    let mobile = candidate
        .phones
        .iter()
        .find(|p| p.kind == PhoneKind::Cell)
        .or_else(|| candidate.phones.first())
        .and_then(|p| normalise_phone(&p.number))
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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::api::scripted::{run, Scripted};
    use crate::api::transport::Body;
    use crate::domain::contact_info::Phone;
    use crate::flows::testing::services;

    #[test]
    fn a_check_is_created_under_its_key_and_a_retry_returns_the_same_request() {
        let n = Scripted::new(|_, i| {
            if i == 0 {
                return Scripted::status(503, "");
            }
            Scripted::status(201, r#"{"request": {"id": 9, "externalCandidateId": "5", "owner": {"email": "r@a.co"}, "status": "in_progress", "createdAt": "t"}}"#)
        });
        let c = Candidate { id: 5, first_name: "Ava".into(), phones: vec![Phone { kind: PhoneKind::Cell, number: "(303) 555-0102".into(), ext: None }], ..Default::default() };
        let r = run(request_check(&services(&n), &c, "ICU Nurse", 2, "r@a.co", "form-1")).unwrap();
        assert_eq!(r.id, 9);
        let calls = n.to("create request");
        assert_eq!(calls.len(), 2, "RefAssured deduplicates by the key: safe to send again");
        assert!(calls.iter().all(|c| c.headers.contains(&("Idempotency-Key", "form-1".into()))));
        assert!(matches!(&calls[0].body, Body::Json(b) if b.contains(r#""personMobile":"13035550102""#) && b.contains(r#""SurveyId":2"#)));
    }
}
