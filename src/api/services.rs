//! The three clients the tab uses, over one transport (the flows in `crate::flows` combine
//! them; components call the flows and never fetch).

use super::jobdiva::JobDiva;
use super::refassured::RefAssured;
use super::staffing_referrals::StaffingReferrals;
use super::transport::Transport;

#[derive(Clone, PartialEq)]
pub struct Services {
    pub refassured: RefAssured,
    pub jobdiva: JobDiva,
    pub staffing: StaffingReferrals,
    /// JobDiva's note action type for report notes (`<meta name="jobdiva-note-action">`); none
    /// by default: JobDiva refuses a type the tenant lacks, and the action is optional.
    pub note_action: Option<String>,
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
        Services { jobdiva: JobDiva::relay(&ra), staffing: StaffingReferrals::relay(&ra), refassured: ra, note_action: None }
    }

    /// The same services whose requests go through `t` (a component's abort signal, a test's
    /// scripted network).
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

    /// The same services with their repeatable requests sent from a worker
    /// ([`Transport::from_a_worker`]).
    pub fn from_a_worker(&self) -> Self {
        self.with_transport(self.transport().from_a_worker())
    }
}
