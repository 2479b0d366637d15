//! The candidate's referral in Staffing Referrals, found as Staffing Referrals matches people:
//! by ats_id (the JobDiva candidate id), then email, then phone.

use crate::api::error::ApiError;
use crate::api::services::Services;
use crate::api::staffing_referrals::MatchedBy;
use crate::domain::ats::Candidate;
use crate::domain::contact_info::PhoneKind;
use crate::domain::referral::Referral;

/// The active referral of the applicant. `candidate` is awaited only when the ats_id finds
/// no one.
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
    referral(&s, candidate_id, async { super::candidate(&s, candidate_id).await.ok().flatten() }).await
}

pub async fn set_referral_status(s: &Services, referral_id: u64, status_key: &str) -> Result<Referral, ApiError> {
    s.staffing.update_referral_status(referral_id, status_key).await
}
