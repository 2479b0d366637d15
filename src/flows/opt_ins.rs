//! Opt-ins into JobDiva: the duplicate check, the create-or-note, the notification, and the
//! outcome recorded with RefAssured. Whatever fails when, at most one JobDiva record per person.

use crate::api::error::{ApiError, Upstream};
use crate::api::jobdiva::wire::{CandidateQuery, ContactQuery, NewCandidate, NewCandidateNote, NewContact, NewContactNote, NewContactPhone, NewLead};
use crate::api::services::Services;
use crate::domain::ats::{CandidateSummary, ContactSummary};
pub use crate::domain::ats::Links;
use crate::domain::contact_info::{normalise_email, normalise_phone, phone_search_forms};
use crate::domain::report_note::{for_jobdiva, NOTE_MAX_CHARS};
use crate::domain::dedup::{company_in, decide_candidate, decide_contact, record_link, role, sales_subject, talent_subject, Decision, Evidence, Person, SalesDecision};
use crate::domain::reference::{Notification, OptIn, Outcome};
use std::cell::Cell;

/// The agency's one-time setup step in JobDiva, word for word.
pub const SETUP_FIX: &str = "JobDiva: Settings → Connect → Resume Parameters → Manage Resume Sources → Add \"RefAssured\"";
/// How often an unknown create outcome is settled by searching before giving up.
const MAX_CREATE_TRIES: usize = 3;

thread_local! {
    /// The "RefAssured" resume source id, once found this session.
    static RESUME_SOURCE: Cell<Option<u64>> = const { Cell::new(None) };
}

#[derive(Clone, Debug, PartialEq)]
pub enum Assessment {
    Talent(Decision),
    Sales(SalesDecision),
}

/// What a recruiter chose for a possible match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// Follow the decision; stop at a possible match.
    Auto,
    /// Add a note to this existing record.
    UseExisting(u64),
    /// Create a new record after all.
    CreateNew,
    /// A person checked JobDiva after a write whose outcome was unknown, and found nothing: clear
    /// the opt-in's "needs a person" with RefAssured, then follow the decision.
    Checked,
    /// A person checked JobDiva after such a write and found it there: this record (its id), of
    /// this outcome action (`noted_candidate`, `created_contact` …). Nothing is written to
    /// JobDiva; the opt-in is recorded as done.
    Found(&'static str, u64),
}

/// The outcome actions a person may confirm for an opt-in of `kind`, with what each means.
pub fn confirmable(kind: &str) -> &'static [(&'static str, &'static str)] {
    if kind == "sales" {
        &[("noted_contact", "a note on an existing contact"), ("created_contact", "a new contact"), ("created_lead", "a new lead")]
    } else {
        &[("noted_candidate", "a note on an existing candidate"), ("created_candidate", "a new candidate")]
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Processed {
    Done(Outcome),
    /// A name-only match: the recruiter decides.
    NeedsDecision(Vec<Evidence>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum OptInError {
    /// JobDiva lacks the "RefAssured" resume source.
    Setup,
    /// Another tab is processing it.
    ClaimedElsewhere,
    /// Already processed (perhaps by another tab): reload.
    AlreadyResolved,
    /// JobDiva may have created the lead although the answer was lost; leads cannot be looked up
    /// through the API, so a person checks before it is tried again.
    LeadUncertain,
    /// Waiting for a person (recorded with RefAssured; every tab sees it): the reason.
    NeedsPerson(String),
    Api(ApiError),
}

impl OptInError {
    /// A JobDiva write whose outcome is unknown: it is recorded with RefAssured and waits for a
    /// person, never re-sent by a tab.
    fn is_unknown_write(&self) -> bool {
        matches!(self, OptInError::LeadUncertain | OptInError::Api(ApiError::Unconfirmed { .. }))
    }
}

impl From<ApiError> for OptInError {
    fn from(e: ApiError) -> Self {
        OptInError::Api(e)
    }
}

impl std::fmt::Display for OptInError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OptInError::Setup => write!(f, "JobDiva has no \"RefAssured\" resume source, so candidates cannot be created. An admin adds it in {SETUP_FIX}."),
            OptInError::ClaimedElsewhere => write!(f, "Another open tab is processing this opt-in right now."),
            OptInError::AlreadyResolved => write!(f, "This opt-in was already processed (perhaps in another tab)."),
            OptInError::LeadUncertain => write!(f, "JobDiva may have created the lead, but its answer was lost. Check JobDiva's leads before trying again."),
            OptInError::NeedsPerson(reason) => write!(f, "Waiting for a person to check JobDiva: {reason}"),
            OptInError::Api(e) => write!(f, "{e}"),
        }
    }
}

pub fn person(o: &OptIn) -> Person {
    let p = &o.person;
    Person::new(&p.name.first, &p.name.last, &p.name.email, &p.name.mobile, &p.current_company)
}

/// The "RefAssured" resume source, checked once per session.
pub async fn resume_source(s: &Services) -> Result<u64, OptInError> {
    if let Some(id) = RESUME_SOURCE.with(Cell::get) {
        return Ok(id);
    }
    let id = s.jobdiva.resume_sources().await?.into_iter().find(|r| r.name.trim().eq_ignore_ascii_case("RefAssured")).map(|r| r.id).ok_or(OptInError::Setup)?;
    RESUME_SOURCE.with(|c| c.set(Some(id)));
    Ok(id)
}

/// JobDiva ignores names and emails of two characters or fewer: such a search would return
/// everyone, so it is not made that way.
fn usable(v: &str) -> bool {
    v.chars().count() > 2
}

/// Run the searches at once and gather their hits (a missing search finds no one).
async fn gather<T, Fut: std::future::Future<Output = Result<Vec<T>, ApiError>>>(searches: Vec<Fut>) -> Result<Vec<T>, ApiError> {
    let mut hits = Vec::new();
    for r in futures::future::join_all(searches).await {
        hits.extend(r?);
    }
    Ok(hits)
}

/// A list this long (one candidate's opt-ins, in the tab) is assessed all at once: its
/// searches are one wave of requests, not several.
pub const ALL_AT_ONCE_UP_TO: usize = 8;
/// A longer list (the console's, up to hundreds) runs this many opt-ins at a time: two hundred
/// must not start eight hundred searches together (they would wait in the browser's queue and
/// time out).
pub const ASSESS_AT_ONCE: usize = 4;

/// How many opt-ins of a list of `n` are assessed at once.
pub fn lanes(n: usize) -> usize {
    if n <= ALL_AT_ONCE_UP_TO {
        n
    } else {
        ASSESS_AT_ONCE
    }
}

/// Assess `items` in their order, [`lanes`] at a time, handing each answer to `each` as it
/// comes. The tab's first wave and its opt-in panel run this same schedule on the same list, so
/// each of the panel's searches starts when the first wave's identical one does, and joins it.
/// (Lanes, item `i` in lane `i % lanes`: the same schedule every time, and no stream machinery
/// in the tab's bundle.) Each lane after the first starts in a task of its own
/// ([`Backend::pause`](crate::api::transport::Backend::pause)): starting a request costs the
/// browser a millisecond or two, and the trace of a cold load showed the candidate's 15
/// searches started in one task of over 50 ms (docs/performance.md). Over a transport that
/// sends from a worker ([`Transport::from_a_worker`](crate::api::transport::Transport::from_a_worker):
/// the tab's first wave) starting a request costs the page little and there is no pause.
pub async fn assess_each(s: &Services, items: Vec<OptIn>, each: impl Fn(&OptIn, Result<Assessment, ApiError>)) {
    let (items, each, at_once) = (&items, &each, lanes(items.len()));
    futures::future::join_all((0..at_once).map(|lane| async move {
        if lane > 0 {
            s.transport().backend.pause().await;
        }
        for o in items.iter().skip(lane).step_by(at_once) {
            each(o, assess(s, o).await);
        }
    }))
    .await;
}

/// Search JobDiva by email, phone and name at once, and decide on exact values.
///
/// - A phone is searched in every form JobDiva may hold it in: its digits match as a prefix,
///   so `3125550147` misses a profile stored as `+1 312-555-0147` unless `13125550147` is
///   searched too.
/// - When both names are too short for JobDiva's name search (`Li Wu`), the full name is
///   looked up with the quick search instead, and its hits post-filtered exactly like the rest:
///   a same-name profile is then a decision for the recruiter, never created over silently.
pub async fn assess(s: &Services, o: &OptIn) -> Result<Assessment, ApiError> {
    let p = person(o);
    let phones = p.phone.as_deref().map(phone_search_forms).unwrap_or_default();
    let names_usable = usable(&p.first) || usable(&p.last);
    if o.kind == "sales" {
        let mut queries: Vec<ContactQuery> = Vec::new();
        if let Some(e) = p.email.clone().filter(|e| usable(e)) {
            queries.push(ContactQuery { email: e, ..Default::default() });
        }
        queries.extend(phones.iter().map(|ph| ContactQuery { phone: ph.clone(), ..Default::default() }));
        if names_usable {
            queries.push(ContactQuery { first_name: p.first.clone(), last_name: p.last.clone(), ..Default::default() });
        }
        let company = p.company.clone().map(|c| ContactQuery { company: c, ..Default::default() });
        let (hits, at_company) = futures::join!(
            gather(queries.iter().map(|q| s.jobdiva.search_contacts(q)).collect()),
            gather(company.iter().map(|q| s.jobdiva.search_contacts(q)).collect())
        );
        let at_company: Vec<ContactSummary> = at_company?;
        let known: Vec<String> = at_company.iter().map(|c| c.company.clone()).collect();
        let hits: Vec<ContactSummary> = [hits?, at_company].concat();
        let company_known = p.company.as_deref().is_some_and(|c| company_in(c, &known));
        return Ok(Assessment::Sales(decide_contact(&p, &hits, company_known)));
    }
    Ok(Assessment::Talent(assess_candidate(s, &p).await?))
}

/// The candidate half of [`assess`]: search JobDiva for a person by email, every phone form
/// and name (or the quick search for two-character names), and decide on exact values. The
/// referral program's sync matches applicants and ambassadors with it too.
pub async fn assess_candidate(s: &Services, p: &Person) -> Result<Decision, ApiError> {
    let phones = p.phone.as_deref().map(phone_search_forms).unwrap_or_default();
    let names_usable = usable(&p.first) || usable(&p.last);
    let mut queries: Vec<CandidateQuery> = Vec::new();
    if let Some(e) = p.email.clone().filter(|e| usable(e)) {
        queries.push(CandidateQuery { email: e, ..Default::default() });
    }
    queries.extend(phones.iter().map(|ph| CandidateQuery { phone: ph.clone(), ..Default::default() }));
    if names_usable {
        queries.push(CandidateQuery { first_name: p.first.clone(), last_name: p.last.clone(), ..Default::default() });
    }
    let full_name = format!("{} {}", p.first, p.last).trim().to_string();
    let quick = (!names_usable && !full_name.is_empty()).then_some(full_name);
    let (hits, quick_hits) = futures::join!(
        gather(queries.iter().map(|q| s.jobdiva.search_candidates(q)).collect()),
        gather(quick.iter().map(|name| s.jobdiva.quick_search(name, 200)).collect())
    );
    let hits: Vec<CandidateSummary> = [hits?, quick_hits?].concat();
    Ok(decide_candidate(p, &hits))
}

fn recipients(o: &OptIn) -> Vec<String> {
    let mut to: Vec<String> = std::iter::once(o.requestor.email.clone()).chain(o.lead_recipients.iter().cloned()).filter_map(|e| normalise_email(&e)).collect();
    to.sort();
    to.dedup();
    to
}

/// The idempotency key of the note an opt-in leaves in JobDiva (one note per opt-in, whichever
/// branch writes it).
fn note_key(o: &OptIn) -> String {
    format!("optin-note:{}", o.id)
}

fn opted_in_line(o: &OptIn, kind: &str) -> String {
    let p = &o.person;
    let line = format!(
        "{} {} ({}) opted in as a {kind} lead through RefAssured on {}, while giving a reference for JobDiva candidate {}. Email: {}. Phone: {}.",
        p.name.first,
        p.name.last,
        role(&p.current_title, &p.current_company),
        o.opted_in_at,
        o.external_candidate_id,
        if p.name.email.trim().is_empty() { "—" } else { p.name.email.trim() },
        if p.name.mobile.trim().is_empty() { "—" } else { p.name.mobile.trim() },
    )
    .replace(" ()", "");
    for_jobdiva(&line, NOTE_MAX_CHARS)
}

/// Process one opt-in under `claim_id`. Idempotent: every write carries a key derived from the
/// opt-in, so running it again after any failure finishes the job without doing anything twice.
/// A write whose outcome is unknown is recorded with RefAssured as waiting for a person, so no
/// tab sends it again until someone has checked JobDiva ([`Choice::Checked`]). A flow that stops
/// before the outcome releases its claim.
pub async fn process(s: &Services, o: &OptIn, choice: Choice, claim_id: &str, links: &Links) -> Result<Processed, OptInError> {
    if let Some(out) = &o.outcome {
        return Ok(Processed::Done(out.clone()));
    }
    let choice = match (choice, &o.attention) {
        (Choice::Found(action, id), _) => return confirm_found(s, o, action, id, claim_id, links).await,
        (Choice::Checked, _) => {
            s.refassured.clear_attention(o.id).await?;
            Choice::Auto
        }
        (_, Some(a)) => return Err(OptInError::NeedsPerson(a.reason.clone())),
        (c, None) => c,
    };
    hold(s, o, claim_id).await?;
    let result = claimed(s, o, choice, claim_id, links).await;
    match &result {
        Ok(Processed::Done(_)) | Err(OptInError::AlreadyResolved | OptInError::ClaimedElsewhere) => {}
        Err(e) if e.is_unknown_write() => {
            let reason = e.to_string();
            if let Err(not_recorded) = s.refassured.flag_opt_in(o.id, claim_id, &reason).await {
                // Said plainly: this tab will not re-send it, but other tabs do not know yet.
                return Err(OptInError::NeedsPerson(format!("{reason} (RefAssured could not record this for the other tabs: {not_recorded})")));
            }
            return Err(OptInError::NeedsPerson(reason));
        }
        // Stopped for a decision or an error: other tabs may go on at once (best effort: the
        // claim lapses by itself otherwise).
        Ok(Processed::NeedsDecision(_)) | Err(_) => drop(s.refassured.release_claim(o.id, claim_id).await),
    }
    result
}

/// Take the opt-in's claim, or renew it (the same claim id): it is this flow's for the next
/// 120 s. Renewed before every JobDiva write, so that a flow slowed down by retries never
/// writes after its claim lapsed and another tab took the opt-in over.
async fn hold(s: &Services, o: &OptIn, claim_id: &str) -> Result<(), OptInError> {
    match s.refassured.claim_opt_in(o.id, claim_id).await {
        Ok(_) => Ok(()),
        Err(ApiError::Conflict { code, .. }) if code == "already_resolved" => Err(OptInError::AlreadyResolved),
        Err(ApiError::Conflict { code, message, .. }) if code == "needs_attention" => Err(OptInError::NeedsPerson(message)),
        Err(ApiError::Conflict { .. }) => Err(OptInError::ClaimedElsewhere),
        Err(e) => Err(e.into()),
    }
}

/// The writes, under a claim held.
async fn claimed(s: &Services, o: &OptIn, choice: Choice, claim_id: &str, links: &Links) -> Result<Processed, OptInError> {
    let (action, id, link) = if o.kind == "sales" { sales(s, o, choice, claim_id, links).await? } else { talent(s, o, choice, claim_id, links).await? };
    let Some(id) = id else { return Ok(Processed::NeedsDecision(action)) };
    let (action_name, link) = link;
    finish(s, o, action_name, id, link, claim_id).await
}

/// A person found in JobDiva the write whose answer was lost: the outcome is recorded as they
/// say (RefAssured takes it while the opt-in waits for a person: no tab holds a claim then), and
/// the requestor and team are told, as after any outcome. JobDiva is not written to.
async fn confirm_found(s: &Services, o: &OptIn, action: &'static str, record_id: u64, claim_id: &str, links: &Links) -> Result<Processed, OptInError> {
    if !confirmable(&o.kind).iter().any(|(a, _)| *a == action) || record_id == 0 {
        return Err(OptInError::Api(ApiError::BadRequest { upstream: Upstream::RefAssured, message: "Give the JobDiva record's id, and what it is.".into() }));
    }
    let link = record_link(if action.ends_with("candidate") { &links.candidate } else { &links.contact }, record_id);
    finish(s, o, action, record_id, link, claim_id).await
}

/// The email to the requestor and team (once: keyed), then the outcome.
async fn finish(s: &Services, o: &OptIn, action_name: &'static str, id: u64, link: String, claim_id: &str) -> Result<Processed, OptInError> {
    let p = &o.person;
    let name = format!("{} {}", p.name.first, p.name.last);
    let subject = if o.kind == "sales" { sales_subject(&name, &p.current_title, &p.current_company) } else { talent_subject(&name, &p.current_title, &p.current_company) };
    let to = recipients(o);
    let text = format!("{}\n\nOpen in JobDiva: {link}", opted_in_line(o, if o.kind == "sales" { "sales" } else { "talent" }));
    let notified = if to.is_empty() {
        Vec::new()
    } else {
        s.refassured.notify(&Notification { to: to.clone(), subject, text, link }, &format!("optin-notify:{}", o.id)).await?;
        to
    };
    let outcome = Outcome { action: action_name.into(), ats_record_id: id.to_string(), notified, resolved_at: None };
    match s.refassured.record_outcome(o.id, claim_id, &outcome).await {
        Ok(done) => Ok(Processed::Done(done.outcome.unwrap_or(outcome))),
        Err(ApiError::Conflict { code, .. }) if code == "already_claimed" => Err(OptInError::ClaimedElsewhere),
        Err(ApiError::Conflict { .. }) => Err(OptInError::AlreadyResolved),
        Err(e) => Err(e.into()),
    }
}

type Step = (Vec<Evidence>, Option<u64>, (&'static str, String));

fn needs(profiles: Vec<Evidence>) -> Step {
    (profiles, None, ("", String::new()))
}

async fn talent(s: &Services, o: &OptIn, choice: Choice, claim_id: &str, links: &Links) -> Result<Step, OptInError> {
    let note = |id: u64, matched: &str| NewCandidateNote {
        candidateid: id,
        note: format!("{} {matched}", opted_in_line(o, "talent")).trim().to_string(),
        recruiterid: None,
        action: None,
    };
    let Assessment::Talent(decision) = assess(s, o).await? else { unreachable!("talent assessment") };
    let existing = match (&decision, choice) {
        (Decision::Match { key, profile }, _) => Some((profile.id, format!("Matched an existing profile by {}.", key.label()))),
        (Decision::PossibleMatch { profiles }, Choice::UseExisting(id)) if profiles.iter().any(|p| p.id == id) => Some((id, "Matched by name, confirmed by a recruiter.".to_string())),
        (Decision::PossibleMatch { profiles }, Choice::Auto | Choice::Checked | Choice::UseExisting(_) | Choice::Found(..)) => return Ok(needs(profiles.clone())),
        (Decision::PossibleMatch { .. }, Choice::CreateNew) | (Decision::New, _) => None,
    };
    if let Some((id, why)) = existing {
        hold(s, o, claim_id).await?;
        note_once(s.jobdiva.create_candidate_note(&note(id, &why), Some(&note_key(o))).await)?;
        return Ok((Vec::new(), Some(id), ("noted_candidate", record_link(&links.candidate, id))));
    }
    let source = resume_source(s).await?;
    let p = &o.person;
    let digits = normalise_phone(&p.name.mobile).unwrap_or_default();
    let new = NewCandidate {
        first_name: for_jobdiva(p.name.first.trim(), 100),
        last_name: for_jobdiva(p.name.last.trim(), 100),
        email: normalise_email(&p.name.email).filter(|e| e.chars().count() <= 100).unwrap_or_default(),
        cellphone: digits.chars().take(20).collect(),
        titleskillcertification: for_jobdiva(&role(&p.current_title, &p.current_company), 200),
        narrative: for_jobdiva(&format!("Opted in as a talent lead through RefAssured ({}).", o.opted_in_at), 340),
        resume_source: Some(source),
        ..Default::default()
    };
    let key = format!("optin-candidate:{}", o.id);
    let id = create_once(
        || hold(s, o, claim_id),
        || s.jobdiva.create_candidate(&new, Some(&key)),
        || async {
            // Did the lost create land? Look for exactly this person again.
            match assess(s, o).await? {
                Assessment::Talent(Decision::Match { profile, .. }) => Ok(Some(profile.id)),
                _ => Ok(None),
            }
        },
    )
    .await?;
    hold(s, o, claim_id).await?;
    note_once(s.jobdiva.create_candidate_note(&note(id, "Created by RefAssured: no existing profile matched by email or phone."), Some(&note_key(o))).await)?;
    Ok((Vec::new(), Some(id), ("created_candidate", record_link(&links.candidate, id))))
}

async fn sales(s: &Services, o: &OptIn, choice: Choice, claim_id: &str, links: &Links) -> Result<Step, OptInError> {
    let Assessment::Sales(decision) = assess(s, o).await? else { unreachable!("sales assessment") };
    let p = &o.person;
    let note = NewContactNote { contactid: 0, note: opted_in_line(o, "sales"), recruiterid: None };
    let existing = match (&decision, choice) {
        (SalesDecision::Match { contact, .. }, _) => Some(contact.id),
        (SalesDecision::PossibleMatch { contacts }, Choice::UseExisting(id)) if contacts.iter().any(|c| c.id == id) => Some(id),
        (SalesDecision::PossibleMatch { contacts }, Choice::Auto | Choice::Checked | Choice::UseExisting(_) | Choice::Found(..)) => return Ok(needs(contacts.clone())),
        _ => None,
    };
    if let Some(id) = existing {
        hold(s, o, claim_id).await?;
        note_once(s.jobdiva.create_contact_note(&NewContactNote { contactid: id, ..note }, Some(&note_key(o))).await)?;
        return Ok((Vec::new(), Some(id), ("noted_contact", record_link(&links.contact, id))));
    }
    let company = match &decision {
        SalesDecision::NewContact { company } => Some(company.clone()),
        _ => None,
    };
    let phone = normalise_phone(&p.name.mobile);
    if let Some(company) = company {
        let contact = NewContact {
            company,
            firstname: for_jobdiva(p.name.first.trim(), 100),
            lastname: for_jobdiva(p.name.last.trim(), 100),
            title: for_jobdiva(&p.current_title, 200),
            email: normalise_email(&p.name.email).unwrap_or_default(),
            phones: phone.iter().map(|n| NewContactPhone { phone: n.clone(), ext: String::new(), kind: "Work Phone".into(), action: 1 }).collect(),
        };
        let key = format!("optin-contact:{}", o.id);
        let created = create_once(
            || hold(s, o, claim_id),
            || s.jobdiva.create_contact(&contact, Some(&key)),
            || async {
                match assess(s, o).await? {
                    Assessment::Sales(SalesDecision::Match { contact, .. }) => Ok(Some(contact.id)),
                    _ => Ok(None),
                }
            },
        )
        .await;
        match created {
            Ok(id) => {
                hold(s, o, claim_id).await?;
                note_once(s.jobdiva.create_contact_note(&NewContactNote { contactid: id, ..note }, Some(&note_key(o))).await)?;
                return Ok((Vec::new(), Some(id), ("created_contact", record_link(&links.contact, id))));
            }
            // The company is gone after all: a lead instead (nothing was created).
            Err(OptInError::Api(ApiError::Rejected { message, .. })) if message.contains("does not exist") => {}
            Err(e) => return Err(e),
        }
    }
    let lead = NewLead {
        first_name: for_jobdiva(p.name.first.trim(), 100),
        last_name: for_jobdiva(p.name.last.trim(), 100),
        email: normalise_email(&p.name.email).unwrap_or_default(),
        phone: phone.unwrap_or_default(),
        company: for_jobdiva(&p.current_company, 200),
        title: for_jobdiva(&p.current_title, 200),
        note: note.note.clone(),
        owner_id: None,
    };
    hold(s, o, claim_id).await?;
    match s.jobdiva.create_lead(&lead, Some(&format!("optin-lead:{}", o.id))).await {
        Ok(id) => Ok((Vec::new(), Some(id), ("created_lead", record_link(&links.contact, id)))),
        // JobDiva created it; its id is unknown (the lead is found in JobDiva by name).
        Err(ApiError::Decode { .. }) => Ok((Vec::new(), Some(0), ("created_lead", String::new()))),
        Err(e) if e.outcome_unknown() => Err(OptInError::LeadUncertain),
        Err(e) => Err(e.into()),
    }
}

/// A note is sent once: a 2xx (even with a broken body) means JobDiva wrote it; no clean answer
/// means it may have, and it is not sent again (JobDiva cannot list notes to check).
fn note_once<T: std::fmt::Display>(sent: Result<T, ApiError>) -> Result<(), OptInError> {
    super::pushes::settle(sent, "added the note").map(drop).map_err(Into::into)
}

/// Create once: after an answer that leaves the outcome unknown, look the record up (`find`)
/// before anything else, so a create that landed is never repeated. Sent again only when JobDiva
/// answered a bare 5xx and the search shows nothing: it had finished, without a record. A
/// create that got no answer (a timeout, a lost connection) may still land after the search,
/// so it waits for a person instead; so does a 2xx with a broken body the search cannot see.
async fn create_once<H, HF, C, CF, F, FF>(hold: H, create: C, find: F) -> Result<u64, OptInError>
where
    H: Fn() -> HF,
    HF: std::future::Future<Output = Result<(), OptInError>>,
    C: Fn() -> CF,
    CF: std::future::Future<Output = Result<u64, ApiError>>,
    F: Fn() -> FF,
    FF: std::future::Future<Output = Result<Option<u64>, ApiError>>,
{
    let mut last = None;
    for _ in 0..MAX_CREATE_TRIES {
        hold().await?;
        match create().await {
            Ok(id) => return Ok(id),
            Err(e) if e.outcome_unknown() => match find().await {
                Ok(Some(id)) => return Ok(id),
                Ok(None) if matches!(e, ApiError::Server { .. }) => last = Some(e),
                // No answer or a broken one, or the search failed too: a person checks.
                _ => return Err(OptInError::Api(unconfirmed_create(&e, "the record"))),
            },
            Err(e) => return Err(e.into()),
        }
    }
    Err(last.map(OptInError::Api).unwrap_or(OptInError::Api(ApiError::Server { upstream: Upstream::JobDiva, status: 0, message: String::new() })))
}

/// A create whose outcome the search could not settle: it waits for a person. Only JobDiva's
/// own bare 5xx followed by a search that finds nothing is settled (nothing was created): after
/// a timeout or a lost connection the create may still land after the search.
pub(crate) fn unconfirmed_create(e: &ApiError, what: &str) -> ApiError {
    let what = match e {
        // A 2xx with a broken body: JobDiva did create it, yet the search cannot see it.
        ApiError::Decode { .. } => format!("created {what}"),
        ApiError::Server { .. } => format!("created {what} (it answered an error, and the search to check failed)"),
        _ => format!("created {what} (no answer came in time, and a search does not show it yet)"),
    };
    ApiError::Unconfirmed { upstream: Upstream::JobDiva, what }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    //! Every decision branch over a small stateful fake of JobDiva and RefAssured, searched the
    //! way JobDiva searches (prefix matches; names and emails of two characters or fewer
    //! ignored; phone digits as a prefix), with faults injected per call.
    use super::*;
    use crate::api::scripted::{run, Scripted};
    use crate::api::transport::{Answer, Body, Call};
    use crate::domain::reference::{OptInPerson, Owner, PersonName};
    use crate::flows::testing::services;
    use serde_json::{json, Value};
    use std::cell::RefCell;
    use std::rc::Rc;

    #[test]
    fn one_candidates_opt_ins_are_assessed_at_once_and_a_long_list_four_at_a_time() {
        assert_eq!((lanes(0), lanes(1), lanes(5), lanes(ALL_AT_ONCE_UP_TO)), (0, 1, 5, ALL_AT_ONCE_UP_TO));
        assert_eq!((lanes(ALL_AT_ONCE_UP_TO + 1), lanes(200)), (ASSESS_AT_ONCE, ASSESS_AT_ONCE));
    }

    #[test]
    fn each_lane_after_the_first_starts_its_searches_in_a_task_of_its_own() {
        let net = fake(Rc::new(RefCell::new(World::default())));
        let s = services(&net);
        let list = vec![opt_in("talent", "Ann", "Lee", "ann@x.co", ""), opt_in("talent", "Bob", "Ray", "bob@x.co", ""), opt_in("talent", "Cy", "Dee", "cy@x.co", "")];
        let seen = RefCell::new(0);
        run(assess_each(&s, list, |_, r| {
            assert!(r.is_ok());
            *seen.borrow_mut() += 1;
        }));
        assert_eq!(*seen.borrow(), 3);
        // Three lanes, two boundaries; the first lane's searches went out before the first.
        let paused = net.paused();
        assert_eq!(paused.len(), 2, "{paused:?}");
        assert!(paused[0] > 0, "{paused:?}");
    }

    #[derive(Clone)]
    struct Profile {
        id: u64,
        first: &'static str,
        last: &'static str,
        email: &'static str,
        phone: &'static str,
    }

    #[derive(Default)]
    struct World {
        candidates: Vec<Profile>,
        created: Vec<Value>,
        notes: Vec<Value>,
        leads: Vec<Value>,
        notified: usize,
        outcome: Option<Value>,
        claimed_by_other: bool,
        /// Another tab takes the claim over after this many claims (this flow's lapsed).
        claims_before_lapse: Option<usize>,
        /// JobDiva's searches fail once a create was sent.
        searches_fail_after_create: bool,
        /// RefAssured's "needs a person" on the opt-in, and whether this flow's claim was let go.
        attention: Option<String>,
        released: bool,
        no_resume_source: bool,
        /// A fault for the next call to an endpoint: "5xx-after", "5xx", "429", "timeout", "drop",
        /// "cut".
        faults: Vec<(&'static str, &'static str)>,
    }

    fn digits(s: &str) -> String {
        s.chars().filter(char::is_ascii_digit).collect()
    }

    fn prefix(hay: &str, needle: &str) -> bool {
        hay.to_lowercase().starts_with(&needle.to_lowercase())
    }

    fn row(p: &Profile) -> Value {
        json!({"id": p.id, "first name": p.first, "last name": p.last, "email": p.email, "phone 1": format!("Cell Phone: {} ext()", p.phone)})
    }

    fn body(c: &Call) -> Value {
        match &c.body {
            Body::Json(b) => serde_json::from_str(b).unwrap(),
            _ => Value::Null,
        }
    }

    fn fake(world: Rc<RefCell<World>>) -> Rc<Scripted> {
        Scripted::new(move |c, _| {
            let mut w = world.borrow_mut();
            let fault = w.faults.iter().position(|(e, _)| *e == c.endpoint).map(|i| w.faults.remove(i).1);
            if c.endpoint == "createCandidate" && w.searches_fail_after_create {
                w.faults.extend(std::iter::repeat_n(("searchCandidateProfile", "5xx"), 40));
            }
            match fault {
                Some("5xx") => return Scripted::status(500, r#"{"status":500,"message":"Internal error"}"#),
                Some("429") => return Scripted::status(429, "Request Limit Exceeded"),
                // No answer in time: JobDiva has not acted yet, but may still.
                Some("timeout") => return Err(ApiError::Timeout { upstream: c.upstream, endpoint: c.endpoint, after_ms: 15_000 }),
                _ => {}
            }
            let b = body(c);
            let s = |k: &str| b[k].as_str().unwrap_or("").to_string();
            let long = |v: String| if v.chars().count() <= 2 { String::new() } else { v };
            let answer: Result<Answer, ApiError> = match c.endpoint {
                "claim opt-in" if w.attention.is_some() => Scripted::status(409, r#"{"error":{"code":"needs_attention","message":"A person must check JobDiva first."}}"#),
                "flag opt-in" => {
                    w.attention = b["reason"].as_str().map(String::from);
                    Scripted::ok(&json!({"optIn": opt_in_json()}).to_string())
                }
                "clear opt-in" => {
                    w.attention = None;
                    Scripted::ok(&json!({"optIn": opt_in_json()}).to_string())
                }
                "release opt-in" => {
                    w.released = true;
                    Scripted::ok(&json!({"optIn": opt_in_json()}).to_string())
                }
                "claim opt-in" if w.claims_before_lapse == Some(0) => Scripted::status(409, r#"{"error":{"code":"already_claimed","message":"Another tab."}}"#),
                "claim opt-in" if w.claims_before_lapse.is_some() => {
                    w.claims_before_lapse = w.claims_before_lapse.map(|n| n - 1);
                    Scripted::ok(&json!({"optIn": opt_in_json()}).to_string())
                }
                "claim opt-in" if w.claimed_by_other => Scripted::status(409, r#"{"error":{"code":"already_claimed","message":"Another tab."}}"#),
                "claim opt-in" => Scripted::ok(&json!({"optIn": opt_in_json()}).to_string()),
                "searchCandidateProfile" => {
                    let (first, last, email, phone) = (long(s("firstName")), long(s("lastName")), long(s("email")), digits(&s("phone")));
                    let hits: Vec<Value> = w
                        .candidates
                        .iter()
                        .filter(|p| (first.is_empty() || prefix(p.first, &first)) && (last.is_empty() || prefix(p.last, &last)) && (email.is_empty() || prefix(p.email, &email)) && (phone.is_empty() || digits(p.phone).starts_with(&phone)))
                        .map(row)
                        .collect();
                    Scripted::ok(&Value::Array(hits).to_string())
                }
                "quickCandidateProfileSearch" => {
                    let value = c.url.split("value=").nth(1).unwrap().split('&').next().unwrap().replace('+', " ");
                    let hits: Vec<Value> = w.candidates.iter().filter(|p| prefix(&format!("{} {}", p.first, p.last), &value)).map(row).collect();
                    Scripted::ok(&Value::Array(hits).to_string())
                }
                "ResumeSourceList" if w.no_resume_source => Scripted::ok(r#"{"message":"ok","data":[{"ID":"1","NAME":"Indeed"}]}"#),
                "ResumeSourceList" => Scripted::ok(r#"{"message":"ok","data":[{"ID":"1","NAME":"Indeed"},{"ID":"17","NAME":"RefAssured"}]}"#),
                "createCandidate" => {
                    let id = 6_000_000_000 + w.candidates.len() as u64;
                    let first: &'static str = Box::leak(s("firstName").into_boxed_str());
                    let last: &'static str = Box::leak(s("lastName").into_boxed_str());
                    let email: &'static str = Box::leak(s("email").into_boxed_str());
                    let phone: &'static str = Box::leak(s("cellphone").into_boxed_str());
                    w.candidates.push(Profile { id, first, last, email, phone });
                    w.created.push(b.clone());
                    Scripted::ok(&id.to_string())
                }
                "createCandidateNote" | "createContactNote" => {
                    w.notes.push(b.clone());
                    Scripted::ok(if c.endpoint == "createContactNote" { "true" } else { "900001" })
                }
                "createLead" => {
                    w.leads.push(b.clone());
                    Scripted::ok("700001")
                }
                "SearchContacts" => Scripted::ok("[]"),
                "notify" => {
                    w.notified += 1;
                    Scripted::status(202, r#"{"notification": {"id": 1, "to": ["r@a.co"], "subject": "s", "sentAt": "t"}}"#)
                }
                "record outcome" => {
                    w.outcome = Some(b.clone());
                    let mut o = opt_in_json();
                    o["outcome"] = b.clone();
                    Scripted::ok(&json!({ "optIn": o }).to_string())
                }
                other => panic!("unexpected call {other}"),
            };
            // Faults after the upstream acted.
            match fault {
                Some("5xx-after") => Scripted::status(502, ""),
                Some("drop") => Err(ApiError::Network { upstream: c.upstream, endpoint: c.endpoint, detail: "connection reset".into() }),
                Some("cut") => Scripted::ok("{\"id\": 9"),
                _ => answer,
            }
        })
    }

    fn opt_in_json() -> Value {
        json!({"id": 1, "kind": "talent", "referenceId": 2, "requestId": 3, "externalCandidateId": "5", "person": {}, "optedInAt": "t",
               "requestor": {"email": "r@a.co"}, "status": "pending"})
    }

    fn opt_in(kind: &str, first: &str, last: &str, email: &str, mobile: &str) -> OptIn {
        OptIn {
            id: 1,
            kind: kind.into(),
            reference_id: 2,
            request_id: 3,
            external_candidate_id: "5".into(),
            person: OptInPerson { name: PersonName { first: first.into(), last: last.into(), email: email.into(), mobile: mobile.into() }, current_title: "Nurse".into(), current_company: "Mercy".into() },
            opted_in_at: "2026-11-01T08:00:00Z".into(),
            requestor: Owner { email: "r@a.co".into(), name: "Rachel".into() },
            lead_recipients: vec!["team@a.co".into()],
            status: "pending".into(),
            claim: None,
            outcome: None,
            attention: None,
        }
    }

    fn links() -> Links {
        Links { candidate: "https://jd.example/c/{id}".into(), contact: "https://jd.example/k/{id}".into() }
    }

    fn world(candidates: &[Profile]) -> Rc<RefCell<World>> {
        Rc::new(RefCell::new(World { candidates: candidates.to_vec(), ..Default::default() }))
    }

    fn go(w: &Rc<RefCell<World>>, o: &OptIn, choice: Choice) -> (Result<Processed, OptInError>, Rc<Scripted>) {
        let net = fake(w.clone());
        let r = run(process(&services(&net), o, choice, "claim-1", &links()));
        (r, net)
    }

    const MARIA: Profile = Profile { id: 101, first: "Maria", last: "Gonzalez", email: "maria.gonzalez@mail.example", phone: "3035550142" };
    const LI_WU: Profile = Profile { id: 102, first: "Li", last: "Wu", email: "li.wu@old.example", phone: "7735550123" };
    const DANIEL: Profile = Profile { id: 103, first: "Daniel", last: "Rivera", email: "daniel@old.example", phone: "+1 312-555-0147" };

    #[test]
    fn an_email_match_gets_a_note_only() {
        let w = world(&[MARIA]);
        let (r, _) = go(&w, &opt_in("talent", "Maria", "Gonzalez", " Maria.Gonzalez@Mail.Example ", ""), Choice::Auto);
        let Ok(Processed::Done(out)) = r else { panic!("{r:?}") };
        assert_eq!((out.action.as_str(), out.ats_record_id.as_str()), ("noted_candidate", "101"));
        let w = w.borrow();
        assert!(w.created.is_empty(), "nothing created");
        assert_eq!(w.notes.len(), 1);
        assert_eq!(w.notes[0]["candidateid"], 101);
        assert_eq!(w.notified, 1);
        assert_eq!(w.outcome.as_ref().unwrap()["notified"], json!(["r@a.co", "team@a.co"]));
    }

    #[test]
    fn a_phone_stored_with_a_country_code_is_found() {
        let w = world(&[DANIEL]);
        let (r, net) = go(&w, &opt_in("talent", "Dan", "Rivera", "dan@newjob.example", "312-555-0147"), Choice::Auto);
        let Ok(Processed::Done(out)) = r else { panic!("{r:?}") };
        assert_eq!((out.action.as_str(), out.ats_record_id.as_str()), ("noted_candidate", "103"), "matched by phone");
        assert!(net.to("searchCandidateProfile").iter().any(|c| matches!(&c.body, Body::Json(b) if b.contains("13125550147"))));
        assert!(w.borrow().created.is_empty());
    }

    #[test]
    fn two_character_names_are_asked_about_not_created_over() {
        let w = world(&[LI_WU]);
        let (r, net) = go(&w, &opt_in("talent", "Li", "Wu", "li.wu@new.example", "8475550100"), Choice::Auto);
        assert_eq!(net.to("quickCandidateProfileSearch").len(), 1, "JobDiva ignores both names: the full name is looked up instead");
        let Ok(Processed::NeedsDecision(profiles)) = r else { panic!("{r:?}") };
        assert_eq!(profiles.iter().map(|p| p.id).collect::<Vec<_>>(), vec![102]);
        assert!(w.borrow().created.is_empty() && w.borrow().notes.is_empty(), "nothing written before the recruiter decides");
        // "Same person: add a note".
        let (r, _) = go(&w, &opt_in("talent", "Li", "Wu", "li.wu@new.example", "8475550100"), Choice::UseExisting(102));
        assert!(matches!(r, Ok(Processed::Done(ref o)) if o.action == "noted_candidate" && o.ats_record_id == "102"), "{r:?}");
        // "Different person: create a new candidate".
        let w2 = world(&[LI_WU]);
        let (r, _) = go(&w2, &opt_in("talent", "Li", "Wu", "li.wu@new.example", "8475550100"), Choice::CreateNew);
        assert!(matches!(r, Ok(Processed::Done(ref o)) if o.action == "created_candidate"), "{r:?}");
        assert_eq!(w2.borrow().created.len(), 1);
    }

    #[test]
    fn someone_new_is_created_once_with_the_resume_source_and_a_note() {
        let w = world(&[MARIA]);
        let o = opt_in("talent", "Priscilla", "<b>Newcomb</b>", "priscilla@mail.example", "(303) 555-0188");
        let (r, _) = go(&w, &o, Choice::Auto);
        let Ok(Processed::Done(out)) = r else { panic!("{r:?}") };
        assert_eq!(out.action, "created_candidate");
        let w = w.borrow();
        assert_eq!(w.created.len(), 1);
        assert_eq!(w.created[0]["resumeSource"], 17);
        assert_eq!(w.created[0]["lastName"], "‹b›Newcomb‹/b›", "markup neutralised in the new candidate");
        assert_eq!(w.notes.len(), 1);
    }

    #[test]
    fn without_the_resume_source_nothing_is_created() {
        let w = world(&[]);
        w.borrow_mut().no_resume_source = true;
        let (r, _) = go(&w, &opt_in("talent", "Priscilla", "Newcomb", "p@mail.example", ""), Choice::Auto);
        assert_eq!(r.unwrap_err(), OptInError::Setup);
        assert!(w.borrow().created.is_empty());
        assert!(OptInError::Setup.to_string().contains("Settings → Connect → Resume Parameters → Manage Resume Sources → Add \"RefAssured\""));
    }

    #[test]
    fn a_create_that_landed_behind_a_5xx_or_a_drop_is_found_not_repeated() {
        for fault in ["5xx-after", "drop", "cut"] {
            let w = world(&[]);
            w.borrow_mut().faults.push(("createCandidate", fault));
            let (r, net) = go(&w, &opt_in("talent", "Priscilla", "Newcomb", "priscilla@mail.example", ""), Choice::Auto);
            let Ok(Processed::Done(out)) = r else { panic!("{fault}: {r:?}") };
            assert_eq!(out.action, "created_candidate", "{fault}");
            assert_eq!(w.borrow().created.len(), 1, "{fault}: one candidate");
            assert_eq!(net.to("createCandidate").len(), 1, "{fault}: the search settled it");
        }
    }

    #[test]
    fn a_create_whose_answer_was_lost_and_whose_search_failed_too_waits_for_a_person() {
        for first in ["5xx", "timeout"] {
            let w = world(&[]);
            w.borrow_mut().faults.push(("createCandidate", first));
            w.borrow_mut().searches_fail_after_create = true;
            let (r, net) = go(&w, &opt_in("talent", "Priscilla", "Newcomb", "p.newcomb@mail.example", ""), Choice::Auto);
            assert!(matches!(r, Err(OptInError::NeedsPerson(_))), "{first}: {r:?}");
            assert_eq!(net.to("createCandidate").len(), 1, "{first}: sent once");
            assert!(w.borrow().attention.is_some(), "{first}: recorded for every tab");
        }
    }

    #[test]
    fn a_create_that_got_no_answer_and_is_not_found_yet_waits_for_a_person() {
        // The search runs while JobDiva may still be at work on the first create: finding no
        // one proves nothing, so nothing is sent again.
        let endpoint = "createCandidate";
        let w = world(&[]);
        w.borrow_mut().faults.push((endpoint, "timeout"));
        let (r, net) = go(&w, &opt_in("talent", "Priscilla", "Newcomb", "p.newcomb@mail.example", ""), Choice::Auto);
        let Err(OptInError::NeedsPerson(reason)) = r else { panic!("{endpoint}: {r:?}") };
        assert!(reason.contains("no answer came in time"), "{reason}");
        assert_eq!(net.to(endpoint).len(), 1, "{endpoint}: sent once");
        assert!(w.borrow().attention.is_some(), "{endpoint}: recorded for every tab");
        assert!(w.borrow().outcome.is_none());
    }

    #[test]
    fn a_create_refused_before_acting_is_tried_again_after_the_search_finds_no_one() {
        let w = world(&[]);
        w.borrow_mut().faults.push(("createCandidate", "5xx"));
        let (r, net) = go(&w, &opt_in("talent", "Priscilla", "Newcomb", "priscilla@mail.example", ""), Choice::Auto);
        assert!(matches!(r, Ok(Processed::Done(_))), "{r:?}");
        assert_eq!(net.to("createCandidate").len(), 2);
        assert_eq!(w.borrow().created.len(), 1);
        // A 429 means nothing was done: the transport waits and sends it again.
        let w = world(&[]);
        w.borrow_mut().faults.push(("createCandidate", "429"));
        let (r, net) = go(&w, &opt_in("talent", "Priscilla", "Newcomb", "priscilla@mail.example", ""), Choice::Auto);
        assert!(matches!(r, Ok(Processed::Done(_))), "{r:?}");
        assert_eq!((net.to("createCandidate").len(), w.borrow().created.len()), (2, 1));
    }

    #[test]
    fn a_note_whose_answer_was_lost_is_not_sent_again() {
        let w = world(&[MARIA]);
        w.borrow_mut().faults.push(("createCandidateNote", "5xx-after"));
        let (r, net) = go(&w, &opt_in("talent", "Maria", "Gonzalez", "maria.gonzalez@mail.example", ""), Choice::Auto);
        assert!(matches!(r, Err(OptInError::NeedsPerson(_))), "{r:?}");
        assert_eq!(net.to("createCandidateNote").len(), 1);
        assert_eq!(w.borrow().notes.len(), 1, "JobDiva has it once");
        assert!(w.borrow().outcome.is_none(), "not recorded as done");
    }

    #[test]
    fn a_lead_whose_answer_was_lost_waits_for_a_person_in_every_tab() {
        let w = world(&[]);
        w.borrow_mut().faults.push(("createLead", "drop"));
        let gary = opt_in("sales", "Gary", "Prospect", "gary@unknownco.example", "");
        let (r, net) = go(&w, &gary, Choice::Auto);
        assert!(matches!(r, Err(OptInError::NeedsPerson(ref why)) if why.contains("may have created the lead")), "{r:?}");
        assert_eq!((net.to("createLead").len(), w.borrow().leads.len()), (1, 1));
        // Recorded with RefAssured, so every tab and colleague sees it.
        assert_eq!(net.to("flag opt-in").len(), 1);
        assert!(w.borrow().attention.is_some());
        // Another tab, with the opt-in as RefAssured now lists it: nothing is sent at all.
        let listed = OptIn { attention: Some(crate::domain::reference::Attention { reason: "lost".into(), at: "t".into() }), ..gary.clone() };
        let (r, net) = go(&w, &listed, Choice::Auto);
        assert!(matches!(r, Err(OptInError::NeedsPerson(_))), "{r:?}");
        assert_eq!(net.calls().len(), 0, "no claim, no search, no create");
        // A tab that loaded the list before it was flagged: RefAssured refuses the claim.
        let (r, net) = go(&w, &gary, Choice::Auto);
        assert!(matches!(r, Err(OptInError::NeedsPerson(_))), "{r:?}");
        assert_eq!(net.to("createLead").len(), 0);
        // A person checked JobDiva and found no lead: cleared, then created once.
        let (r, net) = go(&w, &listed, Choice::Checked);
        assert!(matches!(r, Ok(Processed::Done(_))), "{r:?}");
        assert_eq!((net.to("clear opt-in").len(), net.to("createLead").len(), w.borrow().leads.len()), (1, 1, 2));
    }

    #[test]
    fn a_note_whose_answer_was_lost_is_recorded_for_a_person_too() {
        let w = world(&[MARIA]);
        w.borrow_mut().faults.push(("createCandidateNote", "drop"));
        let (r, net) = go(&w, &opt_in("talent", "Maria", "Gonzalez", "maria.gonzalez@mail.example", ""), Choice::Auto);
        assert!(matches!(r, Err(OptInError::NeedsPerson(_))), "{r:?}");
        assert_eq!((net.to("createCandidateNote").len(), net.to("flag opt-in").len()), (1, 1));
    }

    #[test]
    fn a_person_who_finds_the_lost_note_in_jobdiva_marks_it_done_and_nothing_is_written() {
        let w = world(&[MARIA]);
        w.borrow_mut().faults.push(("createCandidateNote", "drop"));
        let maria = opt_in("talent", "Maria", "Gonzalez", "maria.gonzalez@mail.example", "");
        let (r, _) = go(&w, &maria, Choice::Auto);
        assert!(matches!(r, Err(OptInError::NeedsPerson(_))), "{r:?}");
        let waiting = OptIn { attention: Some(crate::domain::reference::Attention { reason: "lost".into(), at: String::new() }), ..maria.clone() };
        // Not something a talent opt-in can be, or no id: refused before anything is sent.
        for bad in [Choice::Found("created_lead", 5), Choice::Found("noted_candidate", 0)] {
            let (r, net) = go(&w, &waiting, bad);
            assert!(matches!(r, Err(OptInError::Api(ApiError::BadRequest { .. }))), "{r:?}");
            assert!(net.calls().is_empty());
        }
        let (r, net) = go(&w, &waiting, Choice::Found("noted_candidate", MARIA.id));
        assert!(matches!(r, Ok(Processed::Done(ref o)) if o.action == "noted_candidate" && o.ats_record_id == MARIA.id.to_string()), "{r:?}");
        let endpoints: Vec<&str> = net.calls().iter().map(|c| c.endpoint).collect();
        assert_eq!(endpoints, ["notify", "record outcome"], "no claim, no search, no JobDiva write");
        assert_eq!(w.borrow().notes.len(), 1, "the one note the lost answer left");
    }

    #[test]
    fn a_flow_that_stops_for_a_decision_lets_its_claim_go() {
        let w = world(&[LI_WU]);
        let (r, net) = go(&w, &opt_in("talent", "Li", "Wu", "li.wu@new.example", "8475550100"), Choice::Auto);
        assert!(matches!(r, Ok(Processed::NeedsDecision(_))), "{r:?}");
        assert_eq!(net.to("release opt-in").len(), 1);
        assert!(w.borrow().released);
    }

    #[test]
    fn another_tabs_claim_stops_before_any_write() {
        let w = world(&[MARIA]);
        w.borrow_mut().claimed_by_other = true;
        let (r, net) = go(&w, &opt_in("talent", "Maria", "Gonzalez", "maria.gonzalez@mail.example", ""), Choice::Auto);
        assert_eq!(r.unwrap_err(), OptInError::ClaimedElsewhere);
        assert_eq!(net.calls().len(), 1, "only the claim");
    }

    #[test]
    fn every_write_is_made_under_a_claim_renewed_just_before_it() {
        let w = world(&[]);
        let (r, net) = go(&w, &opt_in("talent", "New", "Person", "new.person@mail.example", "3125550100"), Choice::Auto);
        assert!(matches!(r, Ok(Processed::Done(_))), "{r:?}");
        let calls = net.calls();
        let writes: Vec<usize> = calls.iter().enumerate().filter(|(_, c)| c.endpoint.starts_with("create")).map(|(i, _)| i).collect();
        assert_eq!(writes.len(), 2, "the candidate and its note");
        for i in writes {
            let before = calls[..i].iter().rev().find(|c| c.upstream == Upstream::RefAssured).map(|c| c.endpoint);
            assert_eq!(before, Some("claim opt-in"), "{} is preceded by a renewal", calls[i].endpoint);
        }
    }

    #[test]
    fn a_flow_whose_claim_lapsed_writes_nothing_more() {
        // The claim lapsed during the duplicate check (slow retries): another tab holds it now.
        let w = world(&[]);
        w.borrow_mut().claims_before_lapse = Some(1);
        let (r, _) = go(&w, &opt_in("talent", "New", "Person", "new.person@mail.example", "3125550100"), Choice::Auto);
        assert_eq!(r.unwrap_err(), OptInError::ClaimedElsewhere);
        assert!(w.borrow().created.is_empty() && w.borrow().notes.is_empty(), "nothing written");
        // It lapsed after the create: the candidate stays, its note is left to the tab that
        // holds the claim now (whose search will find the candidate).
        let w = world(&[]);
        w.borrow_mut().claims_before_lapse = Some(2);
        let (r, _) = go(&w, &opt_in("talent", "New", "Person", "new.person@mail.example", "3125550100"), Choice::Auto);
        assert_eq!(r.unwrap_err(), OptInError::ClaimedElsewhere);
        assert_eq!((w.borrow().created.len(), w.borrow().notes.len()), (1, 0));
    }

    #[test]
    fn a_sales_opt_in_at_an_unknown_company_becomes_a_lead() {
        let w = world(&[]);
        let (r, _) = go(&w, &opt_in("sales", "Gary", "Prospect", "gary@unknownco.example", "6025550144"), Choice::Auto);
        assert!(matches!(r, Ok(Processed::Done(ref o)) if o.action == "created_lead" && o.ats_record_id == "700001"), "{r:?}");
        assert_eq!(w.borrow().leads.len(), 1);
    }
}
