//! Ambassadors: inviting a JobDiva candidate into the referral program (`Send Invitation`),
//! recording it in JobDiva as a note with the ambassador's links, and telling Staffing Referrals
//! to stop contacting one (`Update User` `status=inactive`).
//!
//! An invitation's writes, in order, each recorded first with RefAssured (docs/api/refassured.md,
//! "Ambassador invitations"), so that no tab or colleague sends the note twice:
//! 1. `invite`: Send Invitation, then `ats_id` = the JobDiva id (`Update User`). Both are safe
//!    to repeat: Staffing Referrals ignores an invitation for an ambassador it has by email.
//! 2. `note`: the JobDiva note with the links. JobDiva cannot list notes, so a note whose answer
//!    is lost is never re-sent: the record waits for a person.

use crate::api::error::{ApiError, Upstream};
use crate::api::jobdiva::wire::NewCandidateNote;
use crate::api::refassured::program::{Invite, InviteLinks, InviteState};
use crate::api::services::Services;
use crate::api::staffing_referrals::UserFilter;
use crate::domain::ats::Candidate;
use crate::domain::contact_info::PhoneKind;
use crate::domain::referral::SrUser;
use crate::domain::report_note::for_jobdiva;
use crate::flows::pushes::settle;

/// What the tab shows of a candidate in the ambassador program.
#[derive(Clone, Debug, PartialEq)]
pub struct Standing {
    /// The candidate's Staffing Referrals user (by JobDiva id, then email), if any.
    pub user: Option<SrUser>,
    /// Our invitation record, if this agency invited them through RefAssured.
    pub invite: Option<Invite>,
}

impl Standing {
    pub fn is_ambassador(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.role_name.as_deref().is_some_and(|r| r.eq_ignore_ascii_case("ambassador")))
    }
}

/// The candidate's Staffing Referrals user: by JobDiva id, then by email.
pub async fn find_user(s: &Services, candidate_id: u64, email: Option<&str>) -> Result<Option<SrUser>, ApiError> {
    let by_ats = UserFilter { ats_id: Some(candidate_id.to_string()), ..Default::default() };
    if let Some(u) = s.staffing.users(&by_ats, 0, 10).await?.data.into_iter().next() {
        return Ok(Some(u));
    }
    let Some(email) = email.map(str::trim).filter(|e| !e.is_empty()) else { return Ok(None) };
    let by_email = UserFilter { email: Some(email.to_string()), ..Default::default() };
    Ok(s.staffing.users(&by_email, 0, 10).await?.data.into_iter().next())
}

/// The candidate's standing in the ambassador program, from their id and email. Without the
/// email it is what the id alone tells: the tab asks that much with its first wave, before the
/// candidate has arrived, and the panel's own ask then shares those two requests (and asks by
/// email only if the id found no one).
pub async fn standing(s: &Services, candidate_id: u64, email: Option<&str>) -> Result<Standing, ApiError> {
    let ids = [candidate_id];
    let (user, invite) = futures::join!(find_user(s, candidate_id, email), s.refassured.invites(&ids));
    Ok(Standing { user: user?, invite: invite?.into_iter().next() })
}

/// A JobDiva candidate the admin may invite, and what the console would do.
#[derive(Clone, Debug, PartialEq)]
pub enum Prospect {
    /// Not in Staffing Referrals, has an email: will be invited.
    Invite(Candidate),
    /// Already a Staffing Referrals user (by JobDiva id or email): skipped.
    AlreadyUser { candidate: Candidate, role: String },
    /// Our invitation record exists (done, or waiting for a person): skipped.
    Invited { candidate: Candidate, state: InviteState },
    NoEmail(Candidate),
    NotInJobDiva(u64),
}

impl Prospect {
    pub fn id(&self) -> u64 {
        match self {
            Prospect::Invite(c) | Prospect::AlreadyUser { candidate: c, .. } | Prospect::Invited { candidate: c, .. } | Prospect::NoEmail(c) => c.id,
            Prospect::NotInJobDiva(id) => *id,
        }
    }
}

/// Look a candidate up for a bulk invitation (JobDiva, then Staffing Referrals and our record).
pub async fn prospect(s: &Services, id: u64) -> Result<Prospect, ApiError> {
    let Some(c) = s.jobdiva.candidate(id, &[]).await? else { return Ok(Prospect::NotInJobDiva(id)) };
    let st = standing(s, c.id, c.email.as_deref()).await?;
    Ok(match (st.invite, st.user) {
        (Some(r), _) if matches!(r.state, InviteState::Done | InviteState::NeedsPerson) => Prospect::Invited { candidate: c, state: r.state },
        // Ours, stopped part-way: inviting again resumes it (`invite` knows each step).
        (Some(_), _) => Prospect::Invite(c),
        (_, Some(u)) => Prospect::AlreadyUser { candidate: c, role: u.role_name.unwrap_or_else(|| "a user".into()) },
        _ if c.email.as_deref().is_none_or(|e| e.trim().is_empty()) => Prospect::NoEmail(c),
        _ => Prospect::Invite(c),
    })
}

/// Ambassadors who have accepted their invitation (`is_accepted=true`), first page, and how
/// many there are.
pub async fn accepted(s: &Services) -> Result<(Vec<SrUser>, u64), ApiError> {
    let f = UserFilter { role_name: Some("ambassador".into()), is_accepted: true, ..Default::default() };
    let p = s.staffing.users(&f, 0, 50).await?;
    Ok((p.data, p.num_records_total))
}

/// How an invitation is sent.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InviteOptions {
    /// The recruiter the invitation comes from (their Staffing Referrals email).
    pub recruiter_email: String,
    /// ISO-8601: when the ambassador's email flow starts (none: now).
    pub send_at: Option<String>,
    /// Create the ambassador without sending them any email.
    pub squelch: bool,
    /// Who invites (shown in the note and the record).
    pub by: String,
    /// This tab or console (the record's claim).
    pub holder: String,
}

fn invite_error(message: String) -> ApiError {
    ApiError::Conflict { upstream: Upstream::RefAssured, code: "invite".into(), message, existing: None }
}

/// The JobDiva note recording an invitation, with the ambassador's links.
pub fn invite_note(candidate: &Candidate, user: &SrUser, o: &InviteOptions) -> String {
    let mut lines = vec![format!(
        "Invited to the Staffing Referrals referral program as an ambassador by {}{}.",
        if o.by.is_empty() { "a recruiter" } else { &o.by },
        match (&o.send_at, o.squelch) {
            (_, true) => " (no invitation email: created quietly)".to_string(),
            (Some(at), false) => format!("; the invitation emails start {at}"),
            (None, false) => String::new(),
        }
    )];
    for (label, url) in [("Accept the invitation", &user.accept_url), ("Referral link (apply)", &user.apply_url), ("Join link", &user.join_url)] {
        if let Some(u) = url.as_deref().filter(|u| !u.is_empty()) {
            lines.push(format!("{label}: {u}"));
        }
    }
    lines.push(format!("Staffing Referrals user {} · {} {}", user.id, candidate.first_name, candidate.last_name));
    for_jobdiva(&lines.join("\n"), 4000)
}

/// Invite the candidate as an ambassador, at most once. Returns the settled record (`done`,
/// or `needs_person` when the note's outcome is unknown).
pub async fn invite(s: &Services, candidate: &Candidate, o: &InviteOptions) -> Result<Invite, ApiError> {
    let existing = s.refassured.invites(&[candidate.id]).await?.into_iter().next();
    let mut record = match existing {
        Some(r) if matches!(r.state, InviteState::Done | InviteState::NeedsPerson) => return Ok(r),
        // A note was sent without an answer: never again.
        Some(mut r) if r.state == InviteState::Writing && r.step.as_deref() == Some("note") => {
            r.state = InviteState::NeedsPerson;
            r.reason = Some("The JobDiva note was sent but its answer was lost: check the candidate's notes.".into());
            r.holder = o.holder.clone();
            return s.refassured.record_invite(candidate.id, &r).await;
        }
        Some(r) => r,
        None => {
            let email = candidate.email.as_deref().map(str::trim).filter(|e| !e.is_empty());
            let Some(email) = email else {
                return Err(invite_error("The candidate has no email: Staffing Referrals invites by email.".into()));
            };
            if let Some(u) = find_user(s, candidate.id, Some(email)).await? {
                return Err(invite_error(format!("Already in Staffing Referrals as {} ({}).", u.role_name.as_deref().unwrap_or("a user"), u.email.as_deref().unwrap_or(email))));
            }
            Invite {
                candidate_id: candidate.id,
                state: InviteState::Writing,
                step: None,
                holder: String::new(),
                sr_user_id: None,
                email: Some(email.to_string()),
                send_at: o.send_at.clone(),
                links: InviteLinks::default(),
                reason: None,
                by: o.by.clone(),
                updated_at: String::new(),
            }
        }
    };
    record.holder = o.holder.clone();
    let mut user = None;
    if record.step.as_deref() != Some("note") || record.sr_user_id.is_none() {
        // 1. invite (and ats_id): both safe to repeat.
        record.state = InviteState::Writing;
        record.step = Some("invite".into());
        record = s.refassured.record_invite(candidate.id, &record).await?;
        let u = match send_invitation(s, candidate, record.email.as_deref().unwrap_or_default(), o).await {
            Ok(u) => u,
            Err(e) if e.outcome_unknown() => return Err(e),
            Err(e) => {
                record.state = InviteState::Failed;
                record.reason = Some(e.to_string());
                s.refassured.record_invite(candidate.id, &record).await?;
                return Err(e);
            }
        };
        let id_text = candidate.id.to_string();
        s.staffing.update_user(u.id, &vec![("ats_id", id_text.as_str())]).await?;
        record.sr_user_id = Some(u.id);
        record.links = InviteLinks { accept: u.accept_url.clone(), apply: u.apply_url.clone(), join: u.join_url.clone() };
        user = Some(u);
    }
    let user = match user {
        Some(u) => u,
        None => s.staffing.user(record.sr_user_id.unwrap_or_default()).await?,
    };
    // 2. the note, recorded first.
    record.state = InviteState::Writing;
    record.step = Some("note".into());
    record.reason = None;
    record = s.refassured.record_invite(candidate.id, &record).await?;
    let note = NewCandidateNote { candidateid: candidate.id, note: invite_note(candidate, &user, o), recruiterid: None, action: None };
    match settle(s.jobdiva.create_candidate_note(&note, None).await, "the invitation note") {
        Ok(_) => {
            record.state = InviteState::Done;
            record.step = None;
        }
        Err(e @ ApiError::Unconfirmed { .. }) => {
            record.state = InviteState::NeedsPerson;
            record.reason = Some(e.to_string());
        }
        Err(e) => {
            // Refused: nothing written; the next try starts from the note.
            record.state = InviteState::Failed;
            record.reason = Some(e.to_string());
            s.refassured.record_invite(candidate.id, &record).await?;
            return Err(e);
        }
    }
    s.refassured.record_invite(candidate.id, &record).await
}

async fn send_invitation(s: &Services, c: &Candidate, email: &str, o: &InviteOptions) -> Result<SrUser, ApiError> {
    let phone = c.phones.iter().find(|p| p.kind == PhoneKind::Cell).or_else(|| c.phones.first()).map(|p| p.number.clone()).unwrap_or_default();
    let mut fields: Vec<(&str, &str)> = vec![
        ("role", "ambassador"),
        ("user[email]", email),
        ("user[first_name]", c.first_name.as_str()),
        ("user[last_name]", c.last_name.as_str()),
        ("user[source]", "JobDiva"),
    ];
    // None given: Staffing Referrals' default recruiter sends it.
    if !o.recruiter_email.trim().is_empty() {
        fields.push(("user[recruiter_email]", o.recruiter_email.trim()));
    }
    if !phone.is_empty() {
        fields.push(("user[phone]", phone.as_str()));
    }
    if o.squelch {
        fields.push(("user[is_squelch_email]", "true"));
    }
    if let Some(at) = &o.send_at {
        fields.push(("send_at", at.as_str()));
    }
    s.staffing.invite(&fields).await
}

/// Tell Staffing Referrals to stop contacting an ambassador (`status=inactive`; safe to repeat).
pub async fn stop_contacting(s: &Services, sr_user_id: u64) -> Result<SrUser, ApiError> {
    s.staffing.update_user(sr_user_id, &vec![("status", "inactive")]).await
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    //! Invitations over a scripted Staffing Referrals / JobDiva / RefAssured.
    use super::*;
    use crate::api::scripted::{run, Scripted};
    use crate::api::transport::{Answer, Body, Call};
    use crate::flows::testing::services;
    use serde_json::{json, Value};
    use std::cell::RefCell;
    use std::rc::Rc;

    #[derive(Default)]
    struct World {
        /// The invitation record RefAssured holds.
        record: Option<Value>,
        records: Vec<String>,
        /// (email, role) of Staffing Referrals users.
        users: Vec<(String, String)>,
        invites: usize,
        ats_written: usize,
        notes: Vec<String>,
        /// "lost" (sent, no answer) or "refused" (JobDiva's `Error:`).
        note_fault: Option<&'static str>,
        /// Another tab holds the record.
        claimed: bool,
    }

    fn form(c: &Call) -> String {
        match &c.body {
            Body::Form(f) => f.clone(),
            _ => String::new(),
        }
    }

    fn fake(world: Rc<RefCell<World>>) -> Rc<Scripted> {
        Scripted::new(move |c, _| {
            let mut w = world.borrow_mut();
            let user = |id: u64, email: &str, role: &str| json!({"id": id, "email": email, "role_name": role, "accept_url": "https://sr.example/enter/abc", "apply_url": "https://sr.example/apply/ann", "join_url": "https://sr.example/join/ann"});
            let answer: Result<Answer, ApiError> = match c.endpoint {
                "invite records" => Scripted::ok(&json!({"invites": w.record.iter().collect::<Vec<_>>()}).to_string()),
                "record invite" if w.claimed => Scripted::status(409, r#"{"error":{"code":"claimed","message":"Another tab is inviting this candidate right now."}}"#),
                "record invite" => {
                    let Body::Json(b) = &c.body else { panic!("json body") };
                    let v: Value = serde_json::from_str(b).unwrap();
                    w.records.push(format!("{}/{}", v["state"].as_str().unwrap(), v["step"].as_str().unwrap_or("-")));
                    w.record = Some(v.clone());
                    Scripted::ok(&json!({"invite": v}).to_string())
                }
                "users" => {
                    let url = c.url.to_lowercase();
                    let found: Vec<Value> = w.users.iter().filter(|(e, _)| url.contains(&format!("email={}", e.replace('@', "%40")))).map(|(e, r)| user(9, e, r)).collect();
                    Scripted::ok(&json!({"status": "success", "num_pages_remaining": 0, "num_records_total": found.len(), "page_size": 10, "data": found}).to_string())
                }
                "invite" => {
                    w.invites += 1;
                    assert!(form(c).contains("role=ambassador") && form(c).contains("user%5Brecruiter_email%5D=rachel%40agency.example"), "{}", form(c));
                    Scripted::ok(&json!({"status": "success", "data": user(77, "ann@mail.example", "ambassador")}).to_string())
                }
                "update user" => {
                    w.ats_written += 1;
                    assert_eq!(form(c), "ats_id=5001");
                    Scripted::ok(&json!({"status": "success", "data": user(77, "ann@mail.example", "ambassador")}).to_string())
                }
                "user" => Scripted::ok(&json!({"status": "success", "data": user(77, "ann@mail.example", "ambassador")}).to_string()),
                "createCandidateNote" => {
                    let Body::Json(b) = &c.body else { panic!("json body") };
                    match w.note_fault.take() {
                        Some("lost") => {
                            w.notes.push(b.clone());
                            Scripted::status(502, "")
                        }
                        Some(_) => Scripted::status(500, "Error: Candidate(5001) is not found."),
                        None => {
                            w.notes.push(b.clone());
                            Scripted::ok("4242")
                        }
                    }
                }
                other => panic!("unexpected call {other}"),
            };
            answer
        })
    }

    fn candidate() -> Candidate {
        Candidate { id: 5001, first_name: "Ann".into(), last_name: "Lee".into(), email: Some("ann@mail.example".into()), ..Default::default() }
    }

    fn options() -> InviteOptions {
        InviteOptions { recruiter_email: "rachel@agency.example".into(), send_at: Some("2026-12-01T09:00:00-05:00".into()), squelch: false, by: "rachel@agency.example".into(), holder: "tab-a".into() }
    }

    #[test]
    fn an_invitation_is_recorded_before_each_write_and_noted_once_with_the_links() {
        let w = Rc::new(RefCell::new(World::default()));
        let net = fake(w.clone());
        let done = run(invite(&services(&net), &candidate(), &options())).unwrap();
        assert_eq!(done.state, InviteState::Done);
        assert_eq!(done.sr_user_id, Some(77));
        let w = w.borrow();
        assert_eq!(w.records, vec!["writing/invite", "writing/note", "done/-"]);
        assert_eq!((w.invites, w.ats_written, w.notes.len()), (1, 1, 1));
        let note: Value = serde_json::from_str(&w.notes[0]).unwrap();
        let text = note["note"].as_str().unwrap();
        assert!(text.contains("the invitation emails start 2026-12-01T09:00:00-05:00"), "{text}");
        assert!(text.contains("Accept the invitation: https://sr.example/enter/abc") && text.contains("Referral link (apply): https://sr.example/apply/ann"), "{text}");
        assert!(net.to("invite").iter().all(|c| form(c).contains("send_at=2026-12-01T09%3A00%3A00-05%3A00")));
        // Asked again (another tab, a colleague): nothing is written.
        drop(w);
        let again = run(invite(&services(&net), &candidate(), &options())).unwrap();
        assert_eq!(again.state, InviteState::Done);
        assert_eq!(net.to("invite").len(), 1);
        assert_eq!(net.to("createCandidateNote").len(), 1);
    }

    #[test]
    fn a_lost_note_waits_for_a_person_and_is_never_sent_again() {
        let w = Rc::new(RefCell::new(World { note_fault: Some("lost"), ..Default::default() }));
        let net = fake(w.clone());
        let first = run(invite(&services(&net), &candidate(), &options())).unwrap();
        assert_eq!(first.state, InviteState::NeedsPerson);
        assert!(first.reason.is_some());
        let again = run(invite(&services(&net), &candidate(), &options())).unwrap();
        assert_eq!(again.state, InviteState::NeedsPerson);
        assert_eq!(net.to("createCandidateNote").len(), 1, "sent once, its answer lost, never re-sent");
        // A tab that stopped after sending (record left at the note step) is settled the same way.
        let w2 = Rc::new(RefCell::new(World { record: Some(json!({"state": "writing", "step": "note", "srUserId": 77, "holder": "tab-b"})), ..Default::default() }));
        let net2 = fake(w2.clone());
        assert_eq!(run(invite(&services(&net2), &candidate(), &options())).unwrap().state, InviteState::NeedsPerson);
        assert!(net2.to("createCandidateNote").is_empty() && net2.to("invite").is_empty());
    }

    #[test]
    fn a_refused_note_is_retried_from_the_note_without_inviting_again() {
        let w = Rc::new(RefCell::new(World { note_fault: Some("refused"), ..Default::default() }));
        let net = fake(w.clone());
        let e = run(invite(&services(&net), &candidate(), &options())).unwrap_err();
        assert!(e.to_string().contains("not found"), "{e}");
        assert_eq!(w.borrow().record.as_ref().unwrap()["state"], "failed");
        let done = run(invite(&services(&net), &candidate(), &options())).unwrap();
        assert_eq!(done.state, InviteState::Done);
        assert_eq!(net.to("invite").len(), 1, "the invitation is not sent again");
        assert_eq!(w.borrow().notes.len(), 1);
    }

    #[test]
    fn someone_already_in_staffing_referrals_or_another_tab_s_claim_stops_it_before_any_write() {
        let w = Rc::new(RefCell::new(World { users: vec![("ann@mail.example".into(), "applicant".into())], ..Default::default() }));
        let net = fake(w.clone());
        let e = run(invite(&services(&net), &candidate(), &options())).unwrap_err();
        assert!(e.to_string().contains("Already in Staffing Referrals as applicant"), "{e}");
        assert!(net.to("invite").is_empty() && net.to("record invite").is_empty());

        let w = Rc::new(RefCell::new(World { claimed: true, ..Default::default() }));
        let net = fake(w.clone());
        let e = run(invite(&services(&net), &candidate(), &options())).unwrap_err();
        assert!(e.to_string().contains("Another tab is inviting"), "{e}");
        assert!(net.to("invite").is_empty());

        let no_email = Candidate { email: None, ..candidate() };
        let net = fake(Rc::new(RefCell::new(World::default())));
        assert!(run(invite(&services(&net), &no_email, &options())).unwrap_err().to_string().contains("no email"));
        assert!(net.to("record invite").is_empty());
    }

    #[test]
    fn the_standing_by_id_alone_asks_no_email_and_the_panel_s_asks_by_email_only_after_it() {
        // Staffing Referrals knows Ann by her email only.
        let w = Rc::new(RefCell::new(World { users: vec![("ann@mail.example".into(), "ambassador".into())], ..Default::default() }));
        let net = fake(w);
        let early = run(standing(&services(&net), 5001, None)).unwrap();
        assert_eq!((early.user, early.invite), (None, None));
        let asked: Vec<String> = net.calls().iter().map(|c| format!("{} {}", c.endpoint, c.url.split('?').nth(1).unwrap_or(""))).collect();
        assert_eq!(asked.len(), 2, "{asked:?}");
        assert!(asked.iter().any(|a| a.starts_with("users ") && a.contains("ats_id=5001")) && asked.iter().any(|a| a.starts_with("invite records ")), "{asked:?}");
        // The panel's: the same two requests (shared with the early ones in the tab), then the email.
        let c = candidate();
        let full = run(standing(&services(&net), c.id, c.email.as_deref())).unwrap();
        assert!(full.is_ambassador());
        let urls: Vec<String> = net.calls().iter().map(|c| c.url.clone()).collect();
        let (early, panel) = urls.split_at(2);
        assert_eq!(panel.len(), 3, "{urls:#?}");
        assert!(early.iter().all(|u| panel.contains(u)), "the early two, asked again identically: {urls:#?}");
        assert!(panel.iter().any(|u| u.contains("/users?email=ann%40mail.example")), "{urls:#?}");
    }

    #[test]
    fn stop_contacting_sets_the_user_inactive() {
        let net = Scripted::new(|c, _| {
            assert_eq!((c.endpoint, form(c).as_str()), ("update user", "status=inactive"));
            assert!(c.url.ends_with("users/77"));
            Scripted::ok(r#"{"status":"success","data":{"id":77,"status":"Inactive","role_name":"ambassador"}}"#)
        });
        assert_eq!(run(stop_contacting(&services(&net), 77)).unwrap().status.as_deref(), Some("Inactive"));
    }

    #[test]
    fn a_prospect_is_skipped_for_a_settled_record_an_existing_user_or_no_email_and_resumed_otherwise() {
        let cand = |email: &str| json!({"message": "ok", "data": [{"ID": "5001", "FIRSTNAME": "Ann", "LASTNAME": "Lee", "EMAIL": email}]}).to_string();
        let case = |email: &'static str, record: Option<&'static str>, user: bool| {
            let net = Scripted::new(move |c, _| match c.endpoint {
                "CandidateDetail" if c.url.contains("candidateId=42") => Scripted::ok(r#"{"message": "ok", "data": []}"#),
                "CandidateDetail" => Scripted::ok(&cand(email)),
                "invite records" => Scripted::ok(&json!({"invites": record.map(|s| vec![json!({"state": s, "step": "invite"})]).unwrap_or_default()}).to_string()),
                "users" if user && c.url.contains("ats_id=5001") => Scripted::ok(r#"{"status":"success","num_pages_remaining":0,"num_records_total":1,"page_size":10,"data":[{"id":9,"role_name":"applicant"}]}"#),
                "users" => Scripted::ok(r#"{"status":"success","num_pages_remaining":0,"num_records_total":0,"page_size":10,"data":[]}"#),
                other => panic!("unexpected {other}"),
            });
            (net.clone(), move |id: u64| run(prospect(&services(&net), id)).unwrap())
        };
        let verdict = |p: Prospect| match p {
            Prospect::Invite(_) => "invite".to_string(),
            Prospect::AlreadyUser { role, .. } => format!("user {role}"),
            Prospect::Invited { state, .. } => format!("invited {state:?}"),
            Prospect::NoEmail(_) => "no email".into(),
            Prospect::NotInJobDiva(id) => format!("not in JobDiva {id}"),
        };
        assert_eq!(verdict(case("a@x.example", None, false).1(5001)), "invite");
        assert_eq!(verdict(case("a@x.example", None, true).1(5001)), "user applicant");
        assert_eq!(verdict(case("a@x.example", Some("done"), true).1(5001)), "invited Done");
        assert_eq!(verdict(case("a@x.example", Some("needs_person"), false).1(5001)), "invited NeedsPerson");
        assert_eq!(verdict(case("a@x.example", Some("writing"), true).1(5001)), "invite", "ours, stopped part-way: resumed");
        assert_eq!(verdict(case("Null", None, false).1(5001)), "no email");
        let (net, ask) = case("a@x.example", None, false);
        assert_eq!(verdict(ask(42)), "not in JobDiva 42");
        assert!(net.to("users").is_empty(), "nothing else asked");
    }
}
