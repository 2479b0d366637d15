//! The referral program, run from the admin console: Staffing Referrals → JobDiva sync
//! (preview, then a resumable run), with its progress and every referral's outcome kept with
//! RefAssured (`api::refassured::program`), so that a reload, another browser or a second admin
//! goes on where it stopped and nothing is written twice.
//!
//! One referral, in order: find the applicant in JobDiva (ats_id, then email, then phone; a
//! name alone waits for a person), create them if absent, add the referral's note, credit the
//! ambassador with a note on their record when they are in JobDiva, and write the JobDiva id
//! back to Staffing Referrals. Before each JobDiva write the record says which write is next, so
//! a run that stops mid-way resumes safely: a candidate create is settled by searching again; a
//! note, which JobDiva cannot list, waits for a person.

use crate::api::error::{ApiError, Upstream};
use crate::api::jobdiva::wire::{NewCandidate, NewCandidateNote};
use crate::api::refassured::program::{ItemState, Step, SyncItem, SyncRun, SyncState};
use crate::api::services::Services;
use crate::api::staffing_referrals::ReferralFilter;
use crate::domain::contact_info::normalise_email;
use crate::domain::dedup::{Decision, Evidence};
use crate::domain::program::{ambassador_note, applicant_note, jobdiva_id, kind, person, searchable, Kind};
use crate::domain::referral::{Page, PropertyType, Referral, SrUser};
use crate::domain::report_note::for_jobdiva;
use crate::flows::opt_ins::{assess_candidate, unconfirmed_create};
use crate::flows::pushes::settle;
use futures::StreamExt;
use serde_json::json;
use std::cell::RefCell;
use std::rc::Rc;

/// Referrals per Staffing Referrals page during a sync (and per RefAssured lookup).
pub const PAGE_SIZE: u32 = 100;
/// Referrals worked on at once within a page.
pub const CONCURRENCY: usize = 4;

/// Replace a Select property type's options (`Update Property Type`; the options go as a JSON
/// array, as the seed sends them). Setting the same options twice is harmless, so the call may
/// be retried.
pub async fn save_options(s: &Services, id: u64, options: &[String]) -> Result<PropertyType, ApiError> {
    let json = serde_json::to_string(options).unwrap_or_else(|_| "[]".into());
    s.staffing.update_property_type(id, &vec![("options", json.as_str())]).await
}

/// How one referral was (or would be) matched in JobDiva.
#[derive(Clone, Debug, PartialEq)]
pub enum Plan {
    /// Already recorded with RefAssured: nothing is written again.
    Recorded(ItemState),
    /// In JobDiva: a note on this record. `by` says how it was found.
    Note { id: u64, by: &'static str },
    /// Not in JobDiva: the candidate is created, then noted.
    Create,
    /// Only a name matched: a person chooses.
    Decide(Vec<Evidence>),
    /// No email, phone or name to look for: nothing to do.
    Unusable,
}

/// Find the applicant (or the ambassador) in JobDiva: ats_id first (no search at all), then the
/// duplicate check on exact email and phone.
pub async fn locate(s: &Services, u: &SrUser) -> Result<Plan, ApiError> {
    if let Some(id) = jobdiva_id(u) {
        return Ok(Plan::Note { id, by: "JobDiva id" });
    }
    let p = person(u);
    if !searchable(&p) {
        return Ok(Plan::Unusable);
    }
    Ok(match assess_candidate(s, &p).await? {
        Decision::Match { key, profile } => Plan::Note { id: profile.id, by: key.label() },
        Decision::PossibleMatch { profiles } => Plan::Decide(profiles),
        Decision::New => Plan::Create,
    })
}

/// One page of the referrals updated since `since` (all of them when `None`), each with its
/// record if RefAssured has one (one lookup for the page).
async fn page_with_records(s: &Services, since: Option<&str>, page: u64) -> Result<Page<(Referral, Option<SyncItem>)>, ApiError> {
    let filter = ReferralFilter { since: since.map(String::from), ..Default::default() };
    let list = s.staffing.referrals(&filter, page, PAGE_SIZE).await?;
    let ids: Vec<u64> = list.data.iter().map(|r| r.id).collect();
    let mut known = s.refassured.sync_items(&ids).await?;
    Ok(list.map(|r| {
        let record = known.iter().position(|i| i.referral_id == r.id).map(|i| known.swap_remove(i));
        (r, record)
    }))
}

/// Settle referrals [`CONCURRENCY`] at a time; the first error that could not be recorded on its
/// referral comes back (after all of them ran).
async fn all_recorded<F: std::future::Future<Output = Result<SyncItem, ApiError>>>(settling: impl Iterator<Item = F>) -> Result<(), ApiError> {
    let results: Vec<Result<SyncItem, ApiError>> = futures::stream::iter(settling).buffer_unordered(CONCURRENCY).collect().await;
    results.into_iter().try_for_each(|r| r.map(drop))
}

/// One row of the preview: what the run would do with a referral.
#[derive(Clone, Debug, PartialEq)]
pub struct PreviewRow {
    pub referral_id: u64,
    pub applicant: String,
    pub email: String,
    pub kind: Kind,
    pub ambassador: String,
    pub plan: Plan,
}

/// One page of what a sync from `since` would pull, and what it would do with each referral
/// (searches only: nothing is written). Also `(pages remaining, referrals in all)`.
pub async fn preview_page(s: &Services, since: Option<&str>, page: u64) -> Result<(Vec<PreviewRow>, u64, u64), ApiError> {
    let list = page_with_records(s, since, page).await?;
    let rows = futures::stream::iter(list.data.iter().map(|(r, record)| {
        let recorded = record.as_ref().map(|i| i.state);
        async move {
            let plan = match recorded {
                Some(state) if state != ItemState::Failed => Plan::Recorded(state),
                _ => locate(s, &r.applicant).await?,
            };
            Ok::<_, ApiError>(PreviewRow {
                referral_id: r.id,
                applicant: r.applicant.full_name(),
                email: r.applicant.email.clone().unwrap_or_default(),
                kind: kind(r),
                ambassador: r.ambassador.as_ref().map(SrUser::full_name).unwrap_or_default(),
                plan,
            })
        }
    }))
    .buffered(CONCURRENCY)
    .collect::<Vec<_>>()
    .await
    .into_iter()
    .collect::<Result<Vec<_>, _>>()?;
    Ok((rows, list.num_pages_remaining, list.num_records_total))
}

/// A run under way in this console: the run, and the lease holder this console is.
#[derive(Clone, Debug)]
pub struct Runner {
    pub s: Services,
    pub run: SyncRun,
    pub holder: String,
    /// Ambassadors found in JobDiva during this run (Staffing Referrals user id → JobDiva id):
    /// a few ambassadors refer thousands of applicants, and each is searched for once per run.
    /// (A list: there are tens of them, and a map's code would cost the console bytes.)
    ambassadors: Rc<RefCell<Vec<(u64, u64)>>>,
}

/// Why a run stopped before its end.
#[derive(Clone, Debug, PartialEq)]
pub enum Stop {
    /// Another console holds the run.
    LeasedElsewhere,
    Api(ApiError),
}

impl From<ApiError> for Stop {
    fn from(e: ApiError) -> Self {
        match e {
            ApiError::Conflict { code, .. } if code == "leased" => Stop::LeasedElsewhere,
            e => Stop::Api(e),
        }
    }
}

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stop::LeasedElsewhere => write!(f, "Another admin's console is running this sync now. It goes on there; this page shows its progress."),
            Stop::Api(e) => write!(f, "The sync paused: {e} Nothing was lost; resume it when this is fixed."),
        }
    }
}

/// What one page of a run did.
#[derive(Clone, Debug, PartialEq)]
pub struct PageDone {
    pub run: SyncRun,
    pub pages_remaining: u64,
}

/// Open a run from the last sync's cutoff to now (`cutoff`), with the resume source the admin
/// chose. When a run is open already, it is the one to resume (returned as is).
pub async fn start(s: &Services, state: &SyncState, cutoff: &str, resume_source_id: u64, started_by: &str) -> Result<SyncRun, ApiError> {
    if let Some(run) = &state.run {
        return Ok(run.clone());
    }
    match s.refassured.start_run(state.since.as_deref(), cutoff, resume_source_id, started_by, 0).await {
        Ok(run) => Ok(run),
        // Opened meanwhile by another console: resume that one.
        Err(ApiError::Conflict { code, .. }) if code == "run_open" => s.refassured.sync_state().await?.run.ok_or(ApiError::Conflict { upstream: Upstream::RefAssured, code, message: String::new(), existing: None }),
        Err(e) => Err(e),
    }
}

impl Runner {
    pub fn new(s: Services, run: SyncRun, holder: String) -> Self {
        Runner { s, run, holder, ambassadors: Rc::default() }
    }

    /// Where the ambassador is in JobDiva: found once, then known for the rest of the run.
    async fn locate_ambassador(&self, a: &SrUser) -> Result<Plan, ApiError> {
        if let Some(&(_, id)) = self.ambassadors.borrow().iter().find(|(user, _)| *user == a.id) {
            return Ok(Plan::Note { id, by: "an earlier referral of this run" });
        }
        let plan = locate(&self.s, a).await?;
        if let Plan::Note { id, .. } = plan {
            self.ambassadors.borrow_mut().push((a.id, id));
        }
        Ok(plan)
    }

    /// Work through the run's next page: take (or renew) the lease, pull the page, settle each
    /// referral, and save the progress. Returns the run as RefAssured now counts it.
    pub async fn next_page(&mut self) -> Result<PageDone, Stop> {
        let page = self.run.page;
        self.run = self.s.refassured.lease_run(&self.run.id, &self.holder, Some(page), None).await?;
        let list = page_with_records(&self.s, self.run.since.as_deref(), page).await?;
        let this = &*self;
        // A refusal was recorded on its referral; what could not be recorded stops the run here,
        // before the progress moves past the page.
        all_recorded(list.data.iter().map(|(r, record)| this.referral(r, record.clone()))).await?;
        let remaining = if list.data.is_empty() { 0 } else { list.num_pages_remaining };
        self.run = self.s.refassured.lease_run(&self.run.id, &self.holder, Some(page + 1), Some(list.num_records_total)).await?;
        Ok(PageDone { run: self.run.clone(), pages_remaining: remaining })
    }

    /// After the last page: the referrals that earlier runs left `failed`, or that a person sent
    /// back to be written (their referrals were not updated, so no page of this run brought
    /// them), are tried again from their step, a hundred at a time under a renewed lease.
    /// Each failed one is tried once per run. A record still `writing` once every page is done
    /// was left by a stop during this phase (a 429 that outlasted the back-off pauses the run):
    /// no page brings it back, so it is resumed from its step here too, whichever run wrote it.
    /// Returns how many were tried.
    pub async fn retry_failed(&mut self) -> Result<usize, Stop> {
        let (mut todo, mut seen) = (Vec::new(), 0);
        for page in 0.. {
            let (items, total) = self.s.refassured.sync_items_in(&[ItemState::Failed, ItemState::Writing], page).await?;
            seen += items.len() as u64;
            let last = items.is_empty() || seen >= total;
            todo.extend(items.into_iter().filter(|i| i.state == ItemState::Writing || i.run_id != self.run.id));
            if last {
                break;
            }
        }
        for chunk in todo.chunks(PAGE_SIZE as usize) {
            self.run = self.s.refassured.lease_run(&self.run.id, &self.holder, None, None).await?;
            let this = &*self;
            all_recorded(chunk.iter().map(|i| this.retry(i))).await?;
        }
        Ok(todo.len())
    }

    /// One failed record again, with its referral as Staffing Referrals has it now.
    async fn retry(&self, item: &SyncItem) -> Result<SyncItem, ApiError> {
        let found = match item.detail["applicantId"].as_u64() {
            Some(applicant) => self.s.staffing.active_referral(applicant).await.map(|r| r.filter(|r| r.id == item.referral_id)),
            None => Ok(None),
        };
        let reason = match found {
            Ok(Some(r)) => return self.referral(&r, Some(item.clone())).await,
            Ok(None) => "Staffing Referrals no longer lists this referral as the applicant's active one; nothing was written.".to_string(),
            Err(e) if e.upstream() == Some(Upstream::RefAssured) => return Err(e),
            Err(e) => e.to_string(),
        };
        if item.state == ItemState::Writing {
            // A write stopped half-way cannot be resumed without its referral: it may have
            // landed, so a person checks (never written again on its own).
            let reason = format!("The sync stopped during this referral's JobDiva write and cannot resume it: {reason} Check JobDiva before it is written again.");
            return self.record(item.referral_id, &SyncItem { run_id: self.run.id.clone(), state: ItemState::NeedsPerson, reason: Some(reason), ..item.clone() }).await;
        }
        // Kept as it was, marked as seen by this run (with why): the next run looks again.
        self.record(item.referral_id, &SyncItem { run_id: self.run.id.clone(), reason: Some(reason), ..item.clone() }).await
    }

    /// The run walked every page: close it (the next sync starts from its cutoff).
    pub async fn finish(&self) -> Result<SyncState, Stop> {
        Ok(self.s.refassured.finish_run(&self.run.id, &self.holder).await?)
    }

    /// Let another console take over at once.
    pub async fn pause(&self) {
        drop(self.s.refassured.release_run(&self.run.id, &self.holder).await);
    }

    async fn record(&self, referral_id: u64, item: &SyncItem) -> Result<SyncItem, ApiError> {
        self.s.refassured.record_item(referral_id, &self.holder, item).await
    }

    /// Settle one referral, resuming where its record says it stopped.
    pub async fn referral(&self, r: &Referral, existing: Option<SyncItem>) -> Result<SyncItem, ApiError> {
        let mut item = match existing {
            Some(i) if matches!(i.state, ItemState::Done | ItemState::NeedsPerson | ItemState::NeedsDecision) => return Ok(i),
            Some(i) => SyncItem { run_id: self.run.id.clone(), ..i },
            None => SyncItem::new(&self.run.id, ItemState::Writing),
        };
        if !item.detail.is_object() {
            item.detail = json!({});
        }
        item.detail["applicant"] = json!(r.applicant.full_name());
        item.detail["email"] = json!(r.applicant.email);
        // So that a run can find the referral again when it is not among the updated ones.
        item.detail["applicantId"] = json!(r.applicant.id);
        item.detail["kind"] = json!(kind(r).label());
        let from = match (item.state, item.step) {
            // A note may have been written: JobDiva cannot list notes to tell.
            (ItemState::Writing, Some(step @ (Step::Note | Step::Ambassador))) => {
                let on = if step == Step::Note { "the applicant's" } else { "the ambassador's" };
                item.state = ItemState::NeedsPerson;
                item.reason = Some(format!("The sync stopped while adding the note to {on} JobDiva record; check whether it is there before it is sent again."));
                return self.record(r.id, &item).await;
            }
            (_, Some(step)) if item.jobdiva_id.is_some() => step,
            _ => Step::Candidate,
        };
        match self.steps(r, &mut item, from).await {
            Ok(()) => {
                item.state = ItemState::Done;
                item.step = None;
                item.reason = None;
                self.record(r.id, &item).await
            }
            // A JobDiva write without a clean answer (every write is settled into this).
            Err(e @ ApiError::Unconfirmed { .. }) => {
                item.state = ItemState::NeedsPerson;
                item.reason = Some(format!("{e} JobDiva may have written it; check before it is sent again."));
                self.record(r.id, &item).await
            }
            Err(ApiError::Conflict { code, message, .. }) if code == "needs_decision" => {
                item.state = ItemState::NeedsDecision;
                item.step = None;
                item.reason = Some(message);
                self.record(r.id, &item).await
            }
            // RefAssured itself failed, or a 429 outlasted the back-off: the run pauses.
            Err(e) if e.upstream() == Some(Upstream::RefAssured) || matches!(e, ApiError::RateLimited { .. }) => Err(e),
            // Refused, or a search or a Staffing Referrals write (safe to repeat) that failed
            // after its retries: nothing was left unknown; the next run tries this step again.
            Err(e) => {
                item.state = ItemState::Failed;
                item.reason = Some(e.to_string());
                self.record(r.id, &item).await
            }
        }
    }

    /// Mark the next write in the record, so a stop after it is known.
    async fn at(&self, r: &Referral, item: &mut SyncItem, step: Step) -> Result<(), ApiError> {
        item.state = ItemState::Writing;
        item.step = Some(step);
        *item = SyncItem { referral_id: r.id, ..self.record(r.id, item).await? };
        Ok(())
    }

    async fn steps(&self, r: &Referral, item: &mut SyncItem, from: Step) -> Result<(), ApiError> {
        let note = |id: u64, text: String| NewCandidateNote { candidateid: id, note: text, recruiterid: None, action: None };
        if from == Step::Candidate {
            // A person chose "create a new candidate" for a name-only match.
            let plan = if item.detail["choice"] == "create" { Plan::Create } else { locate(&self.s, &r.applicant).await? };
            let id = match plan {
                Plan::Note { id, by } => {
                    item.action = Some(format!("noted (matched by {by})"));
                    id
                }
                Plan::Decide(profiles) => {
                    item.detail["evidence"] = json!(profiles.iter().map(|p| json!({"id": p.id, "name": p.name, "matched": p.matched_value})).collect::<Vec<_>>());
                    return Err(ApiError::Conflict { upstream: Upstream::JobDiva, code: "needs_decision".into(), message: "Only the name matches a JobDiva profile: a person decides.".into(), existing: None });
                }
                Plan::Unusable => return Err(ApiError::Rejected { upstream: Upstream::StaffingReferrals, status: 422, message: "The applicant has no email, phone or name to look for in JobDiva.".into() }),
                Plan::Create | Plan::Recorded(_) => {
                    self.at(r, item, Step::Candidate).await?;
                    let id = self.create(r).await?;
                    item.action = Some("created".into());
                    id
                }
            };
            item.jobdiva_id = Some(id.to_string());
        }
        let id: u64 = item.jobdiva_id.as_deref().and_then(|i| i.parse().ok()).unwrap_or_default();
        if from <= Step::Note {
            self.at(r, item, Step::Note).await?;
            settle(self.s.jobdiva.create_candidate_note(&note(id, applicant_note(r)), Some(&format!("sr-note:{}", r.id))).await, "added the note")?;
        }
        if from <= Step::Ambassador {
            if let (Kind::Ambassador { .. }, Some(a)) = (kind(r), &r.ambassador) {
                match self.locate_ambassador(a).await? {
                    Plan::Note { id: amb, .. } => {
                        item.ambassador_jobdiva_id = Some(amb.to_string());
                        self.at(r, item, Step::Ambassador).await?;
                        settle(self.s.jobdiva.create_candidate_note(&note(amb, ambassador_note(r, id)), Some(&format!("sr-ambassador:{}", r.id))).await, "added the note")?;
                    }
                    // Never a new record for an ambassador: the credit waits until they are in JobDiva.
                    _ => item.detail["ambassador"] = json!("not in JobDiva (no record created)"),
                }
            }
        }
        if jobdiva_id(&r.applicant) != Some(id) {
            self.at(r, item, Step::AtsId).await?;
            let ats = id.to_string();
            self.s.staffing.update_user(r.applicant.id, &vec![("ats_id", ats.as_str())]).await?;
        }
        Ok(())
    }

    /// Create the applicant in JobDiva. A lost answer is settled by searching for them again.
    async fn create(&self, r: &Referral) -> Result<u64, ApiError> {
        let a = &r.applicant;
        let p = person(a);
        let new = NewCandidate {
            first_name: for_jobdiva(a.first_name.as_deref().unwrap_or("").trim(), 100),
            last_name: for_jobdiva(a.last_name.as_deref().unwrap_or("").trim(), 100),
            email: a.email.as_deref().and_then(normalise_email).filter(|e| e.chars().count() <= 100).unwrap_or_default(),
            cellphone: p.phone.clone().unwrap_or_default().chars().take(20).collect(),
            titleskillcertification: for_jobdiva(a.job_title.as_deref().unwrap_or(""), 200),
            narrative: for_jobdiva(&format!("Referred through Staffing Referrals (referral {}).", r.id), 340),
            resume_source: Some(self.run.resume_source_id),
            ..Default::default()
        };
        match self.s.jobdiva.create_candidate(&new, Some(&format!("sr-candidate:{}", r.id))).await {
            Ok(id) => Ok(id),
            Err(e) if e.outcome_unknown() => match assess_candidate(&self.s, &p).await {
                Ok(Decision::Match { profile, .. }) => Ok(profile.id),
                // Not there after JobDiva's own 5xx: it did not create it. The next run creates
                // it (its record says the create is next, and the search comes first).
                Ok(_) if matches!(e, ApiError::Server { .. }) => Err(ApiError::Rejected { upstream: Upstream::JobDiva, status: 500, message: format!("{e} A search found no new profile, so nothing was created.") }),
                // No answer, or a broken one, or the search failed too: it may be there or land
                // yet, so a person checks.
                _ => Err(unconfirmed_create(&e, "the candidate")),
            },
            Err(e) => Err(e),
        }
    }
}

/// A person settled a referral the sync could not: recorded with RefAssured (outside any run),
/// and the next run acts on it.
#[derive(Clone, Debug, PartialEq)]
pub enum Resolution {
    /// The write whose outcome was unknown is in JobDiva: the referral is done.
    WasWritten,
    /// It is not in JobDiva: the next run writes it again.
    NotWritten,
    /// A name-only match: note this JobDiva record.
    UseExisting(u64),
    /// A name-only match: create a new candidate after all.
    CreateNew,
}

pub async fn resolve(s: &Services, item: &SyncItem, how: Resolution) -> Result<SyncItem, ApiError> {
    let mut next = SyncItem { run_id: String::new(), reason: None, ..item.clone() };
    match how {
        Resolution::WasWritten => {
            next.state = ItemState::Done;
            next.step = None;
            next.action = Some(format!("{} (confirmed by a person)", item.action.as_deref().unwrap_or("written")));
        }
        Resolution::NotWritten => next.state = ItemState::Failed,
        Resolution::UseExisting(id) => {
            next.state = ItemState::Failed;
            next.step = Some(Step::Note);
            next.jobdiva_id = Some(id.to_string());
            next.action = Some("noted (chosen by a person)".into());
        }
        Resolution::CreateNew => {
            next.state = ItemState::Failed;
            next.step = Some(Step::Candidate);
            next.detail["choice"] = json!("create");
        }
    }
    s.refassured.record_item(item.referral_id, "", &next).await
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    //! One referral's writes over a scripted JobDiva / Staffing Referrals / RefAssured: matching,
    //! creation, and resuming from every record a stopped run can leave.
    use super::*;
    use crate::api::scripted::{run, Scripted};
    use crate::api::transport::{Answer, Body, Call};
    use crate::flows::testing::services;
    use serde_json::{json, Value};

    #[derive(Default)]
    struct World {
        /// (id, email) of JobDiva candidates.
        profiles: Vec<(u64, String)>,
        notes: Vec<u64>,
        records: Vec<Value>,
        ats_written: Vec<String>,
        /// The next note is answered this way: "5xx" (bare) or "refused" (JobDiva's `Error:`).
        note_fault: Option<&'static str>,
        /// RefAssured's failed records (for the retry after the last page).
        failed: Vec<Value>,
        leases: usize,
    }

    fn body(c: &Call) -> Value {
        match &c.body {
            Body::Json(b) => serde_json::from_str(b).unwrap_or(Value::Null),
            Body::Form(f) => Value::String(f.clone()),
            _ => Value::Null,
        }
    }

    fn fake(world: Rc<RefCell<World>>) -> Rc<Scripted> {
        Scripted::new(move |c, _| {
            let mut w = world.borrow_mut();
            let b = body(c);
            let answer: Result<Answer, ApiError> = match c.endpoint {
                "searchCandidateProfile" => {
                    let email = b["email"].as_str().unwrap_or("").to_lowercase();
                    let rows: Vec<Value> = w.profiles.iter().filter(|(_, e)| !email.is_empty() && e.starts_with(&email)).map(|(id, e)| json!({"id": id, "first name": "Ann", "last name": "Lee", "email": e})).collect();
                    Scripted::ok(&Value::Array(rows).to_string())
                }
                "quickCandidateProfileSearch" => Scripted::ok("[]"),
                "createCandidate" => {
                    let id = 7000 + w.profiles.len() as u64;
                    let email = b["email"].as_str().unwrap_or("").to_string();
                    w.profiles.push((id, email));
                    Scripted::ok(&id.to_string())
                }
                "createCandidateNote" => match w.note_fault.take() {
                    Some("5xx") => {
                        w.notes.push(b["candidateid"].as_u64().unwrap_or(0));
                        Scripted::status(502, "")
                    }
                    Some(_) => Scripted::status(500, "Error: the candidate does not exist"),
                    None => {
                        w.notes.push(b["candidateid"].as_u64().unwrap_or(0));
                        Scripted::ok("900001")
                    }
                },
                "record sync" => {
                    w.records.push(b.clone());
                    Scripted::ok(&json!({ "item": b }).to_string())
                }
                "sync records" => Scripted::ok(&json!({"items": w.failed, "total": w.failed.len()}).to_string()),
                "lease sync" => {
                    w.leases += 1;
                    Scripted::ok(&json!({"run": {"id": "run-1", "cutoff": "2026-11-23T00:00:00Z", "resumeSourceId": 12}}).to_string())
                }
                // Staffing Referrals' active referral of applicant 1 is referral 900.
                "referrals" if c.url.contains("applicant_id=1&") => Scripted::ok(&json!({"status": "success", "num_pages_remaining": 0, "num_records_total": 1, "page_size": 1000, "data": [{
                    "id": 900, "status": "Lead", "applicant": {"id": 1, "first_name": "Ann", "last_name": "Lee", "email": "ann@x.example"}}]}).to_string()),
                "referrals" => Scripted::ok(r#"{"status":"success","num_pages_remaining":0,"num_records_total":0,"page_size":1000,"data":[]}"#),
                "update user" => {
                    w.ats_written.push(b.as_str().unwrap_or("").to_string());
                    Scripted::ok(r#"{"status":"success","data":{"id":1}}"#)
                }
                other => panic!("unexpected call {other}"),
            };
            answer
        })
    }

    fn referral(ats_id: Option<&str>) -> Referral {
        let user = |id: u64, first: &str, email: &str| SrUser { id, first_name: Some(first.into()), last_name: Some("Lee".into()), email: Some(email.into()), ..Default::default() };
        Referral {
            id: 900,
            ats_id: None,
            status: "Lead".into(),
            created_at: None,
            updated_at: None,
            is_referral_lead: false,
            campaign: None,
            applicant: SrUser { ats_id: ats_id.map(String::from), ..user(1, "Ann", "ann@x.example") },
            ambassador: Some(user(5, "Rob", "rob@x.example")),
            recruiter: Some(user(5, "Rob", "rob@x.example")),
            opportunity: None,
        }
    }

    fn runner(net: &Rc<Scripted>) -> Runner {
        let run = SyncRun { id: "run-1".into(), cutoff: "2026-11-23T00:00:00Z".into(), resume_source_id: 12, ..Default::default() };
        Runner::new(services(net), run, "h".into())
    }

    fn item(state: ItemState, step: Option<Step>, id: Option<&str>) -> SyncItem {
        SyncItem { referral_id: 900, step, jobdiva_id: id.map(String::from), ..SyncItem::new("run-0", state) }
    }

    #[test]
    fn a_new_applicant_is_created_noted_and_linked_back_each_write_recorded_first() {
        let w = Rc::new(RefCell::new(World::default()));
        let net = fake(w.clone());
        let done = run(runner(&net).referral(&referral(None), None)).unwrap();
        assert_eq!((done.state, done.jobdiva_id.as_deref(), done.action.as_deref()), (ItemState::Done, Some("7000"), Some("created")));
        let w = w.borrow();
        assert_eq!((w.profiles.len(), w.notes.clone()), (1, vec![7000]));
        assert_eq!(w.ats_written, vec!["ats_id=7000"]);
        let steps: Vec<&str> = w.records.iter().map(|r| r["step"].as_str().unwrap_or(r["state"].as_str().unwrap())).collect();
        assert_eq!(steps, ["candidate", "note", "ats_id", "done"]);
    }

    #[test]
    fn an_ats_id_is_trusted_without_a_search_and_an_existing_email_gets_a_note_only() {
        let w = Rc::new(RefCell::new(World::default()));
        let net = fake(w.clone());
        let done = run(runner(&net).referral(&referral(Some("5000000101")), None)).unwrap();
        assert_eq!(done.jobdiva_id.as_deref(), Some("5000000101"));
        assert!(net.to("searchCandidateProfile").is_empty(), "no JobDiva search");
        assert!(w.borrow().ats_written.is_empty(), "Staffing Referrals already holds it");

        let w = Rc::new(RefCell::new(World { profiles: vec![(42, "ann@x.example".into())], ..Default::default() }));
        let net = fake(w.clone());
        let done = run(runner(&net).referral(&referral(None), None)).unwrap();
        assert_eq!((done.jobdiva_id.as_deref(), done.action.as_deref()), (Some("42"), Some("noted (matched by email)")));
        assert!(net.to("createCandidate").is_empty());
    }

    #[test]
    fn an_ambassador_is_searched_for_once_per_run_and_credited_for_each_referral() {
        let w = Rc::new(RefCell::new(World { profiles: vec![(50, "amy@x.example".into())], ..Default::default() }));
        let net = fake(w.clone());
        let runner = runner(&net);
        let amy = SrUser { id: 6, first_name: Some("Amy".into()), last_name: Some("Poe".into()), email: Some("amy@x.example".into()), ..Default::default() };
        for (id, email) in [(900, "ann@x.example"), (901, "bo@x.example")] {
            let mut r = referral(None);
            r.id = id;
            r.is_referral_lead = true;
            r.ambassador = Some(amy.clone());
            r.applicant.id = id;
            r.applicant.email = Some(email.into());
            let done = run(runner.referral(&r, None)).unwrap();
            assert_eq!((done.state, done.ambassador_jobdiva_id.as_deref()), (ItemState::Done, Some("50")));
        }
        let amy_searches = net.to("searchCandidateProfile").iter().filter(|c| body(c)["email"] == "amy@x.example").count();
        assert_eq!(amy_searches, 1, "the ambassador's email searched once");
        assert_eq!(w.borrow().notes.iter().filter(|&&n| n == 50).count(), 2, "one credit per referral");
    }

    #[test]
    fn a_resumed_run_never_writes_twice() {
        // Stopped while noting: the note may be there; a person checks.
        let w = Rc::new(RefCell::new(World::default()));
        let net = fake(w.clone());
        let out = run(runner(&net).referral(&referral(None), Some(item(ItemState::Writing, Some(Step::Note), Some("42"))))).unwrap();
        assert_eq!(out.state, ItemState::NeedsPerson);
        assert!(w.borrow().notes.is_empty() && net.to("createCandidate").is_empty());
        // Stopped while creating, and the create landed: the search finds it; no second create.
        let w = Rc::new(RefCell::new(World { profiles: vec![(7000, "ann@x.example".into())], ..Default::default() }));
        let net = fake(w.clone());
        let out = run(runner(&net).referral(&referral(None), Some(item(ItemState::Writing, Some(Step::Candidate), None)))).unwrap();
        assert_eq!((out.state, out.jobdiva_id.as_deref()), (ItemState::Done, Some("7000")));
        assert!(net.to("createCandidate").is_empty());
        // Done, waiting for a person or a decision: untouched.
        for state in [ItemState::Done, ItemState::NeedsPerson, ItemState::NeedsDecision] {
            let net = fake(Rc::new(RefCell::new(World::default())));
            run(runner(&net).referral(&referral(None), Some(item(state, None, Some("42"))))).unwrap();
            assert!(net.calls().is_empty(), "{state:?}");
        }
    }

    #[test]
    fn after_the_last_page_earlier_failures_and_a_persons_choices_are_tried_again_once() {
        // Referral 900 failed in an earlier run (its referral was not updated since, so no page
        // brings it back); referral 901 failed in this run already; 902's applicant has no
        // active referral any more.
        let failed = |id: u64, run: &str, applicant: u64| json!({"referralId": id, "runId": run, "state": "failed", "step": "candidate", "reason": "JobDiva refused", "detail": {"applicantId": applicant}});
        let w = Rc::new(RefCell::new(World { failed: vec![failed(900, "run-0", 1), failed(901, "run-1", 1), failed(902, "", 2)], ..Default::default() }));
        let net = fake(w.clone());
        let mut r = runner(&net);
        assert_eq!(run(r.retry_failed()).unwrap(), 2, "900 and 902; 901 was tried by this run");
        assert!(net.to("sync records").iter().all(|c| c.url.contains("state=failed,writing")), "failed and stuck records are listed");
        let w = w.borrow();
        assert_eq!((w.profiles.len(), w.notes.len(), w.leases), (1, 1, 1), "900 created and noted once, under a renewed lease");
        // The records sent carry no referral id (it is in the path): told apart by applicant.
        let last = |applicant: u64| w.records.iter().rev().find(|i| i["detail"]["applicantId"] == applicant).cloned();
        assert_eq!(last(1).map(|i| i["state"].clone()), Some(json!("done")));
        let gone = last(2).unwrap();
        assert_eq!((gone["state"].as_str(), gone["runId"].as_str()), (Some("failed"), Some("run-1")), "kept, seen by this run");
        assert!(gone["reason"].as_str().unwrap().contains("no longer lists this referral"));
    }

    #[test]
    fn a_write_this_runs_retry_phase_left_unfinished_is_resumed_when_the_run_is() {
        // The retry phase paused (a 429 outlasted the back-off) after recording "the create is
        // next" for referral 900: no page brings it back, so the resumed retry phase does.
        let stuck = json!({"referralId": 900, "runId": "run-1", "state": "writing", "step": "candidate", "detail": {"applicantId": 1}});
        let w = Rc::new(RefCell::new(World { failed: vec![stuck], ..Default::default() }));
        let net = fake(w.clone());
        let mut r = runner(&net);
        assert_eq!(run(r.retry_failed()).unwrap(), 1);
        let w = w.borrow();
        assert_eq!((w.profiles.len(), w.notes.len()), (1, 1), "searched first, then created and noted once");
        assert_eq!(w.records.last().map(|i| i["state"].clone()), Some(json!("done")));
        drop(w);

        // Its referral gone from Staffing Referrals: the write may have landed, so a person checks.
        let stuck = json!({"referralId": 902, "runId": "run-1", "state": "writing", "step": "note", "jobdivaId": "42", "detail": {"applicantId": 2}});
        let w = Rc::new(RefCell::new(World { failed: vec![stuck], ..Default::default() }));
        let net = fake(w.clone());
        run(runner(&net).retry_failed()).unwrap();
        let w = w.borrow();
        assert!(w.notes.is_empty(), "nothing written again");
        assert_eq!(w.records.last().map(|i| i["state"].clone()), Some(json!("needs_person")));
    }

    #[test]
    fn a_lost_note_waits_for_a_person_and_a_refused_one_is_retried_from_the_note() {
        let w = Rc::new(RefCell::new(World { note_fault: Some("5xx"), ..Default::default() }));
        let net = fake(w.clone());
        let out = run(runner(&net).referral(&referral(None), None)).unwrap();
        assert_eq!(out.state, ItemState::NeedsPerson);
        assert_eq!(w.borrow().notes.len(), 1, "sent once, never again");

        let w = Rc::new(RefCell::new(World { note_fault: Some("refused"), ..Default::default() }));
        let net = fake(w.clone());
        let failed = run(runner(&net).referral(&referral(None), None)).unwrap();
        assert_eq!((failed.state, failed.step, failed.jobdiva_id.as_deref()), (ItemState::Failed, Some(Step::Note), Some("7000")));
        let done = run(runner(&net).referral(&referral(None), Some(failed))).unwrap();
        assert_eq!(done.state, ItemState::Done);
        let w = w.borrow();
        assert_eq!((w.profiles.len(), w.notes.len()), (1, 1), "one candidate, one note");
    }
}
