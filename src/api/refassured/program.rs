//! RefAssured's referral-program sync records (docs/api/refassured.md, "Referral program sync";
//! an assumption of this project): a sync run's progress and lease, and each Staffing Referrals
//! referral's outcome, kept where every console sees them.

use super::RefAssured;
use crate::api::error::ApiError;
use crate::api::transport::Method;
use crate::domain::status_back::Rules;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The agency's sync: the cutoff of the last finished run, and the run still open, if any.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct SyncState {
    #[serde(default)]
    pub since: Option<String>,
    #[serde(default)]
    pub run: Option<SyncRun>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncRun {
    pub id: String,
    #[serde(default)]
    pub since: Option<String>,
    pub cutoff: String,
    pub resume_source_id: u64,
    #[serde(default)]
    pub started_by: String,
    #[serde(default)]
    pub started_at: String,
    /// Pages of referrals walked so far (the console holding the lease reports it).
    #[serde(default)]
    pub page: u64,
    /// Referrals in the run (Staffing Referrals' `num_records_total`).
    #[serde(default)]
    pub total: u64,
    /// The run's referrals by state, counted by RefAssured.
    #[serde(default)]
    pub counts: BTreeMap<String, u64>,
    #[serde(default)]
    pub lease: Option<Lease>,
}

impl SyncRun {
    pub fn count(&self, state: ItemState) -> u64 {
        self.counts.get(state.as_str()).copied().unwrap_or(0)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Lease {
    pub holder: String,
    pub until: String,
}

/// Where one referral stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemState {
    /// A JobDiva write is about to be sent or was sent without an answer (`step` says which).
    Writing,
    Done,
    /// A write's outcome is unknown and no search can settle it: a person checks JobDiva.
    NeedsPerson,
    /// Only a name matched: a person chooses.
    NeedsDecision,
    /// Refused (nothing written); tried again by the next run.
    Failed,
}

impl ItemState {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemState::Writing => "writing",
            ItemState::Done => "done",
            ItemState::NeedsPerson => "needs_person",
            ItemState::NeedsDecision => "needs_decision",
            ItemState::Failed => "failed",
        }
    }
}

/// The JobDiva write a `writing` record is at, in the order a referral's writes are made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Creating the applicant's candidate record (a search settles it).
    Candidate,
    /// The note on the applicant's record (cannot be read back).
    Note,
    /// The credit note on the ambassador's record (cannot be read back).
    Ambassador,
    /// Writing the JobDiva id back to Staffing Referrals (safe to repeat).
    AtsId,
}

/// One referral's record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncItem {
    #[serde(default, skip_serializing)]
    pub referral_id: u64,
    #[serde(default)]
    pub run_id: String,
    pub state: ItemState,
    #[serde(default)]
    pub step: Option<Step>,
    /// `created` or `noted`.
    #[serde(default)]
    pub action: Option<String>,
    #[serde(default)]
    pub jobdiva_id: Option<String>,
    #[serde(default)]
    pub ambassador_jobdiva_id: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
    /// What the console needs to show or finish it (the referral's names, the evidence).
    #[serde(default)]
    pub detail: serde_json::Value,
    #[serde(default, skip_serializing)]
    pub updated_at: String,
}

impl SyncItem {
    pub fn new(run_id: &str, state: ItemState) -> Self {
        SyncItem { referral_id: 0, run_id: run_id.into(), state, step: None, action: None, jobdiva_id: None, ambassador_jobdiva_id: None, reason: None, detail: serde_json::Value::Null, updated_at: String::new() }
    }
}

#[derive(Deserialize)]
struct Items {
    items: Vec<SyncItem>,
    #[serde(default)]
    total: u64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StartBody<'a> {
    since: Option<&'a str>,
    cutoff: &'a str,
    resume_source_id: u64,
    started_by: &'a str,
    total: u64,
}

#[derive(Serialize)]
struct LeaseBody<'a> {
    holder: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total: Option<u64>,
}

#[derive(Serialize)]
struct RecordBody<'a> {
    holder: &'a str,
    #[serde(flatten)]
    item: &'a SyncItem,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RulesBody<'a> {
    rules: &'a Rules,
    updated_by: &'a str,
}

impl RefAssured {
    /// The agency's status-back rule table; `None` until an admin saves one (the defaults apply).
    pub async fn status_rules(&self) -> Result<Option<Rules>, ApiError> {
        self.fetch(self.call("status rules", Method::Get, "program/status-rules"), "rules").await
    }

    /// Replace the rule table (saving the same table twice is harmless).
    pub async fn save_status_rules(&self, rules: &Rules, updated_by: &str) -> Result<Rules, ApiError> {
        let call = self.call("save status rules", Method::Put, "program/status-rules").json(&RulesBody { rules, updated_by }).repeatable();
        self.fetch(call, "rules").await
    }

    pub async fn sync_state(&self) -> Result<SyncState, ApiError> {
        self.fetch(self.call("sync state", Method::Get, "program/sync"), "sync").await
    }

    /// Open a run. Conflict `run_open` when one is open already (resume it instead).
    pub async fn start_run(&self, since: Option<&str>, cutoff: &str, resume_source_id: u64, started_by: &str, total: u64) -> Result<SyncRun, ApiError> {
        let body = StartBody { since, cutoff, resume_source_id, started_by, total };
        self.fetch(self.call("start sync", Method::Post, "program/sync/runs").json(&body), "run").await
    }

    /// Take or renew the run's lease for 60 s, saving the progress. Conflict `leased` when
    /// another console holds it.
    pub async fn lease_run(&self, run_id: &str, holder: &str, page: Option<u64>, total: Option<u64>) -> Result<SyncRun, ApiError> {
        let call = self.call("lease sync", Method::Put, &format!("program/sync/runs/{run_id}/lease")).json(&LeaseBody { holder, page, total }).repeatable();
        self.fetch(call, "run").await
    }

    pub async fn release_run(&self, run_id: &str, holder: &str) -> Result<SyncRun, ApiError> {
        let call = self.call("release sync", Method::Delete, &format!("program/sync/runs/{run_id}/lease")).json(&LeaseBody { holder, page: None, total: None }).repeatable();
        self.fetch(call, "run").await
    }

    /// Close the run: the next sync pulls referrals updated since its cutoff.
    pub async fn finish_run(&self, run_id: &str, holder: &str) -> Result<SyncState, ApiError> {
        let call = self.call("finish sync", Method::Post, &format!("program/sync/runs/{run_id}/finish")).json(&LeaseBody { holder, page: None, total: None }).repeatable();
        self.fetch(call, "sync").await
    }

    /// The records of these referrals (at most 100), those that have one.
    pub async fn sync_items(&self, referral_ids: &[u64]) -> Result<Vec<SyncItem>, ApiError> {
        if referral_ids.is_empty() {
            return Ok(Vec::new());
        }
        let ids = referral_ids.iter().map(u64::to_string).collect::<Vec<_>>().join(",");
        let call = self.call("sync records", Method::Get, &format!("program/referrals?ids={ids}"));
        let reply = self.transport.send(&call, false).await?;
        crate::api::decode::decode(call.endpoint, &reply.text).map(|i: Items| i.items)
    }

    /// Records in these states, 100 a page, and how many there are.
    pub async fn sync_items_in(&self, states: &[ItemState], page: u64) -> Result<(Vec<SyncItem>, u64), ApiError> {
        let states = states.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(",");
        let call = self.call("sync records", Method::Get, &format!("program/referrals?state={states}&page={page}"));
        let reply = self.transport.send(&call, false).await?;
        crate::api::decode::decode(call.endpoint, &reply.text).map(|i: Items| (i.items, i.total))
    }

    /// Record where a referral stands (the same record may be sent again).
    pub async fn record_item(&self, referral_id: u64, holder: &str, item: &SyncItem) -> Result<SyncItem, ApiError> {
        let call = self.call("record sync", Method::Put, &format!("program/referrals/{referral_id}")).json(&RecordBody { holder, item }).repeatable();
        self.fetch(call, "item").await
    }
}

/// Where an ambassador invitation of a JobDiva candidate stands (docs/api/refassured.md,
/// "Ambassador invitations").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InviteState {
    /// A write is about to be sent or was sent without an answer (`step`: `invite` or `note`).
    Writing,
    Done,
    /// The JobDiva note's outcome is unknown: a person checks JobDiva.
    NeedsPerson,
    /// Refused (nothing written); may be tried again.
    Failed,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InviteLinks {
    #[serde(default)]
    pub accept: Option<String>,
    #[serde(default)]
    pub apply: Option<String>,
    #[serde(default)]
    pub join: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Invite {
    #[serde(default, skip_serializing)]
    pub candidate_id: u64,
    pub state: InviteState,
    #[serde(default)]
    pub step: Option<String>,
    #[serde(default)]
    pub holder: String,
    #[serde(default)]
    pub sr_user_id: Option<u64>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub send_at: Option<String>,
    #[serde(default)]
    pub links: InviteLinks,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub by: String,
    #[serde(default, skip_serializing)]
    pub updated_at: String,
}

#[derive(Deserialize)]
struct Invites {
    invites: Vec<Invite>,
}

impl RefAssured {
    /// The invitation records of these JobDiva candidates (at most 100), those that have one.
    pub async fn invites(&self, candidate_ids: &[u64]) -> Result<Vec<Invite>, ApiError> {
        if candidate_ids.is_empty() {
            return Ok(Vec::new());
        }
        let ids = candidate_ids.iter().map(u64::to_string).collect::<Vec<_>>().join(",");
        let call = self.call("invite records", Method::Get, &format!("program/invites?ids={ids}"));
        let reply = self.transport.send(&call, false).await?;
        crate::api::decode::decode(call.endpoint, &reply.text).map(|i: Invites| i.invites)
    }

    /// Record where an invitation stands. Conflict `claimed` while another holder writes it,
    /// `settled` once it is done or waits for a person.
    pub async fn record_invite(&self, candidate_id: u64, invite: &Invite) -> Result<Invite, ApiError> {
        let call = self.call("record invite", Method::Put, &format!("program/invites/{candidate_id}")).json(invite).repeatable();
        self.fetch(call, "invite").await
    }
}
