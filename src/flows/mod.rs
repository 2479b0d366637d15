//! Multi-call workflows: what the tab does with the three upstreams (opt-ins into JobDiva,
//! reports into notes and attachments, new reference checks, the referral). They take
//! `api::services::Services` and return domain values; components call them and never fetch.
//! Every branch is tested natively over a scripted network (`api::scripted`).

pub mod ambassadors;
pub mod opt_ins;
pub mod program;
pub mod pushes;
pub mod recruiters;
pub mod referral;
pub mod requests;
pub mod status_back;

use crate::api::error::ApiError;
use crate::api::refassured::OptInStatus;
use crate::api::services::Services;
use crate::domain::ats::Candidate;
use crate::domain::reference::{OptIn, RefRequest, Report};

pub async fn candidate(s: &Services, id: u64) -> Result<Option<Candidate>, ApiError> {
    s.jobdiva.candidate(id, &[]).await
}

pub async fn requests(s: &Services, candidate_id: u64) -> Result<Vec<RefRequest>, ApiError> {
    s.refassured.requests(candidate_id).await
}

pub async fn report(s: &Services, reference_id: u64) -> Result<Report, ApiError> {
    s.refassured.report(reference_id).await
}

/// Opt-ins: every one on a candidate's references (done ones too), or all pending ones.
pub async fn pending_opt_ins(s: &Services, candidate_id: Option<u64>) -> Result<Vec<OptIn>, ApiError> {
    let status = if candidate_id.is_some() { OptInStatus::All } else { OptInStatus::Pending };
    s.refassured.opt_ins(status, candidate_id).await
}

#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) mod testing {
    //! Services over a scripted network.
    use crate::api::scripted::Scripted;
    use crate::api::services::Services;
    use crate::api::transport::Transport;
    use std::rc::Rc;

    pub fn services(net: &Rc<Scripted>) -> Services {
        Services::relay("https://ra.example", "k").with_transport(Transport::over(net.clone()))
    }
}
