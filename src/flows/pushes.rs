//! Completed reports into the candidate's JobDiva notes and attachments, at most once.
//!
//! JobDiva's creates are not idempotent and notes cannot be read back, so a write is sent once:
//! - answered with an id: recorded with RefAssured (every tab and colleague then sees it);
//! - answered 2xx with a broken body: JobDiva acted, so it is recorded as done, id unknown;
//! - refused by JobDiva (500 `Error: …`): nothing was written; a refused note action type is
//!   dropped and the note sent once more without it;
//! - no clean answer (bare 5xx, timeout, drop): recorded with RefAssured as *unconfirmed* (a
//!   [`Push`] with `unconfirmed` set), so every tab says "check JobDiva" and none re-sends it
//!   until a person settles it ([`settle_unconfirmed`]).
//!
//! Through the relay the write carries an idempotency key derived from the reference, so a
//! double click or a second tab sending at the same moment shares the first one's answer.

use crate::api::error::{ApiError, Upstream};
use crate::api::jobdiva::wire::{NewAttachment, NewCandidateNote};
use crate::api::refassured::PushKind;
use crate::api::services::Services;
use crate::domain::ats::Candidate;
use crate::domain::reference::{Push, RefRequest, Reference};
use crate::domain::report_note::{for_jobdiva, note_text};
use base64::Engine;

/// JobDiva attachment type for reference reports.
pub const ATTACHMENT_TYPE: u32 = 1;
/// What RefAssured records as the JobDiva id when JobDiva acted but its answer was unreadable.
pub const UNKNOWN_ID: &str = "unknown";

/// How a JobDiva write ended, for the caller to record.
pub(crate) fn settle<T: std::fmt::Display>(result: Result<T, ApiError>, what: &str) -> Result<String, ApiError> {
    match result {
        Ok(id) => Ok(id.to_string()),
        // A 2xx whose body is cut short: JobDiva acted.
        Err(ApiError::Decode { .. }) => Ok(UNKNOWN_ID.into()),
        Err(e) if e.outcome_unknown() => Err(ApiError::Unconfirmed { upstream: e.upstream().unwrap_or(Upstream::JobDiva), what: what.into() }),
        Err(e) => Err(e),
    }
}

fn is_bad_action(e: &ApiError) -> bool {
    matches!(e, ApiError::Rejected { upstream: Upstream::JobDiva, message, .. } if message.contains("Invalid Action Type"))
}

/// Put a completed report into the candidate's JobDiva notes, at most once.
pub async fn push_note(s: &Services, candidate: &Candidate, request: &RefRequest, reference: &Reference, recruiter_id: Option<u64>) -> Result<Push, ApiError> {
    if let Some(p) = &reference.ats_push.note {
        return Ok(p.clone());
    }
    let report = s.refassured.report(reference.id).await?;
    let mut note = NewCandidateNote {
        candidateid: candidate.id,
        note: note_text(&candidate.full_name(), &request.job_title, reference, &report),
        recruiterid: recruiter_id,
        action: s.note_action.clone().filter(|a| !a.trim().is_empty()),
    };
    let key = format!("note:{}:{}", candidate.id, reference.id);
    let mut sent = s.jobdiva.create_candidate_note(&note, Some(&key)).await;
    if note.action.is_some() && sent.as_ref().err().is_some_and(is_bad_action) {
        // Refused, so nothing was written: once more without the optional action.
        note.action = None;
        sent = s.jobdiva.create_candidate_note(&note, Some(&format!("{key}:plain"))).await;
    }
    match settle(sent, "added the note") {
        Ok(id) => s.refassured.record_push(reference.id, PushKind::Note, &id).await,
        Err(e @ ApiError::Unconfirmed { .. }) => unconfirmed(s, reference.id, PushKind::Note, e).await,
        Err(e) => Err(e),
    }
}

/// A push with no clean answer: recorded for every tab as unconfirmed, never re-sent. If
/// RefAssured cannot be reached either, this tab still shows it.
async fn unconfirmed(s: &Services, reference_id: u64, kind: PushKind, e: ApiError) -> Result<Push, ApiError> {
    let reason = e.to_string();
    Ok(match s.refassured.record_unconfirmed_push(reference_id, kind, &reason).await {
        Ok(p) => p,
        Err(_) => Push { at: String::new(), ats_record_id: String::new(), unconfirmed: Some(reason) },
    })
}

/// A person checked JobDiva for an unconfirmed push: `there` records it done (id unknown);
/// otherwise it is cleared and may be sent again (`None`).
pub async fn settle_unconfirmed(s: &Services, reference_id: u64, kind: PushKind, there: bool) -> Result<Option<Push>, ApiError> {
    if there {
        Ok(Some(s.refassured.record_push(reference_id, kind, UNKNOWN_ID).await?))
    } else {
        s.refassured.clear_unconfirmed_push(reference_id, kind).await.map(|_| None)
    }
}

/// Upload the report's file as a candidate attachment, at most once (as [`push_note`]).
pub async fn attach_report(s: &Services, candidate_id: u64, reference: &Reference) -> Result<Push, ApiError> {
    if let Some(p) = &reference.ats_push.attachment {
        return Ok(p.clone());
    }
    let file = s.refassured.report_file(reference.id).await?;
    let attachment = NewAttachment {
        candidateid: candidate_id,
        name: for_jobdiva(&format!("RefAssured reference - {} {}", reference.person.first, reference.person.last), 100),
        filename: file.filename,
        filecontent: base64::engine::general_purpose::STANDARD.encode(&file.bytes),
        attachmenttype: ATTACHMENT_TYPE,
        description: "Reference report from RefAssured".into(),
    };
    let sent = s.jobdiva.upload_attachment(&attachment, Some(&format!("attachment:{candidate_id}:{}", reference.id))).await;
    match settle(sent, "attached the report") {
        Ok(id) => s.refassured.record_push(reference.id, PushKind::Attachment, &id).await,
        Err(e @ ApiError::Unconfirmed { .. }) => unconfirmed(s, reference.id, PushKind::Attachment, e).await,
        Err(e) => Err(e),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::api::scripted::{run, Scripted};
    use crate::api::transport::{Answer, Body};
    use crate::domain::reference::{AtsPush, Owner, PersonName};
    use crate::flows::testing::services;

    const REPORT: &str = r#"{"report": {"referenceId": 7, "overallScore": 90, "answers": [{"question": "Q?", "answer": "<script>x</script>"}]}}"#;

    fn reference() -> Reference {
        Reference {
            id: 7,
            request_id: 6,
            person: PersonName { first: "Liam".into(), last: "Lee".into(), ..Default::default() },
            relationship: "manager".into(),
            title: String::new(),
            company: String::new(),
            status: "completed".into(),
            sent_at: None,
            opened_at: None,
            submitted_at: None,
            reminder_count: 0,
            score: Some(90.0),
            alerts: vec![],
            report_available: true,
            ats_push: AtsPush::default(),
        }
    }

    fn request() -> RefRequest {
        RefRequest {
            id: 6,
            external_candidate_id: "5".into(),
            candidate: PersonName::default(),
            job_title: "ICU Nurse".into(),
            survey_id: None,
            owner: Owner { email: "r@a.co".into(), name: String::new() },
            source: String::new(),
            status: "completed".into(),
            created_at: String::new(),
            references_required: 1,
            references_completed: 1,
            references: vec![],
        }
    }

    fn candidate() -> Candidate {
        Candidate { id: 5, first_name: "Ava".into(), last_name: "Johnson".into(), ..Default::default() }
    }

    /// The upstreams, with JobDiva's note answered by `note(n)` (n = notes sent before).
    fn net(mut note: impl FnMut(&str, usize) -> Result<Answer, ApiError> + 'static) -> std::rc::Rc<Scripted> {
        let mut notes = 0;
        Scripted::new(move |c, _| match c.endpoint {
            "report" => Scripted::ok(REPORT),
            "createCandidateNote" => {
                notes += 1;
                let Body::Json(b) = &c.body else { unreachable!() };
                note(b, notes - 1)
            }
            "record push" => match &c.body {
                // Echo the body as the push (an unconfirmed one carries its reason).
                Body::Json(b) => Scripted::ok(&format!(r#"{{"push": {}}}"#, b.replacen('{', r#"{"at": "now", "#, 1))),
                _ => Scripted::ok(r#"{"push": null}"#),
            },
            other => panic!("unexpected call {other}"),
        })
    }

    #[test]
    fn a_note_is_written_once_and_recorded() {
        let n = net(|body, _| {
            assert!(!body.contains("<script>") && body.contains("‹script›"), "markup neutralised: {body}");
            assert!(!body.contains("action"), "no action type by default");
            Scripted::ok("900001")
        });
        let p = run(push_note(&services(&n), &candidate(), &request(), &reference(), None)).unwrap();
        assert_eq!(p.ats_record_id, "900001");
        assert_eq!(n.to("createCandidateNote").len(), 1);
        assert_eq!(n.to("createCandidateNote")[0].headers.iter().find(|(k, _)| *k == "Idempotency-Key").map(|(_, v)| v.as_str()), Some("note:5:7"));
        // Already pushed: nothing is sent.
        let mut done = reference();
        done.ats_push.note = Some(p.clone());
        let again = net(|_, _| panic!("sent again"));
        assert_eq!(run(push_note(&services(&again), &candidate(), &request(), &done, None)).unwrap(), p);
        assert!(again.calls().is_empty());
    }

    #[test]
    fn an_unknown_outcome_is_never_sent_again() {
        let dropped = || Err(ApiError::Network { upstream: Upstream::JobDiva, endpoint: "createCandidateNote", detail: "reset".into() });
        let timeout = || Err(ApiError::Timeout { upstream: Upstream::JobDiva, endpoint: "createCandidateNote", after_ms: 15_000 });
        let cases: Vec<Box<dyn Fn() -> Result<Answer, ApiError>>> = vec![Box::new(|| Scripted::status(500, r#"{"status":500,"message":"Internal error"}"#)), Box::new(|| Scripted::status(502, "<html>")), Box::new(dropped), Box::new(timeout)];
        for answer in cases {
            let n = net(move |_, _| answer());
            let p = run(push_note(&services(&n), &candidate(), &request(), &reference(), None)).unwrap();
            let reason = p.unconfirmed.clone().expect("unconfirmed");
            assert!(reason.contains("check JobDiva first"), "{reason}");
            assert_eq!(n.to("createCandidateNote").len(), 1, "sent once");
            let recorded = n.to("record push");
            assert_eq!(recorded.len(), 1, "recorded for every tab");
            assert!(matches!(&recorded[0].body, Body::Json(b) if b.contains(r#""unconfirmed":true"#) && !b.contains("atsRecordId")), "not as done");
            // Another tab (the reference now shows the unconfirmed push): nothing is sent.
            let mut seen = reference();
            seen.ats_push.note = Some(p.clone());
            let again = net(|_, _| panic!("sent again"));
            assert_eq!(run(push_note(&services(&again), &candidate(), &request(), &seen, None)).unwrap(), p);
            assert!(again.calls().is_empty());
        }
    }

    #[test]
    fn a_person_settles_an_unconfirmed_push_either_way() {
        let n = net(|_, _| unreachable!());
        let there = run(settle_unconfirmed(&services(&n), 7, PushKind::Attachment, true)).unwrap().unwrap();
        assert_eq!((there.ats_record_id.as_str(), there.unconfirmed.is_none()), (UNKNOWN_ID, true));
        assert_eq!(run(settle_unconfirmed(&services(&n), 7, PushKind::Note, false)).unwrap(), None);
        let calls = n.to("record push");
        assert!(calls[0].url.ends_with("references/7/ats-push/attachment"));
        assert!(calls[1].url.ends_with("references/7/ats-push/note") && calls[1].method == crate::api::transport::Method::Delete);
    }

    #[test]
    fn when_refassured_is_unreachable_too_the_tab_still_says_check_jobdiva() {
        let n = Scripted::new(|c, _| match c.endpoint {
            "report" => Scripted::ok(REPORT),
            "createCandidateNote" => Scripted::status(502, ""),
            _ => Scripted::status(503, ""),
        });
        let p = run(push_note(&services(&n), &candidate(), &request(), &reference(), None)).unwrap();
        assert!(p.unconfirmed.is_some());
        assert_eq!(n.to("createCandidateNote").len(), 1);
    }

    #[test]
    fn a_cut_short_answer_means_jobdiva_acted() {
        let n = net(|_, _| Scripted::ok("90000"));
        let n2 = net(|_, _| Scripted::ok("{\"id\": 9"));
        assert_eq!(run(push_note(&services(&n), &candidate(), &request(), &reference(), None)).unwrap().ats_record_id, "90000");
        let p = run(push_note(&services(&n2), &candidate(), &request(), &reference(), None)).unwrap();
        assert_eq!(p.ats_record_id, UNKNOWN_ID, "done, the id unknown");
        assert_eq!(n2.to("createCandidateNote").len(), 1);
    }

    #[test]
    fn a_refused_action_type_is_dropped_and_the_note_sent_once_more() {
        let n = net(|body, i| match i {
            0 => {
                assert!(body.contains(r#""action":"Reference Check""#));
                Scripted::status(500, r#"{"status":500,"message":"Error: Invalid Action Type(Reference Check)."}"#)
            }
            _ => {
                assert!(!body.contains("action"));
                Scripted::ok("900002")
            }
        });
        let s = crate::api::services::Services { note_action: Some("Reference Check".into()), ..services(&n) };
        assert_eq!(run(push_note(&s, &candidate(), &request(), &reference(), None)).unwrap().ats_record_id, "900002");
        assert_eq!(n.to("createCandidateNote").len(), 2);
        // Any other refusal: nothing written, nothing recorded, and said as JobDiva said it.
        let refused = net(|_, _| Scripted::status(500, r#"{"status":500,"message":"Error: Candidate(5) is not found."}"#));
        let e = run(push_note(&services(&refused), &candidate(), &request(), &reference(), None)).unwrap_err();
        assert!(matches!(&e, ApiError::Rejected { message, .. } if message.contains("not found")), "{e:?}");
        assert_eq!(refused.to("createCandidateNote").len(), 1);
    }

    #[test]
    fn a_second_tab_waits_for_the_first_and_shares_its_note() {
        // RefAssured's relay answers 409 request_in_progress while the first send with the key
        // runs, then the stored answer: the transport waits and asks again, and no second note
        // reaches JobDiva.
        let n = net(|_, i| if i == 0 { Scripted::answer(409, r#"{"error":{"code":"request_in_progress","message":"m"}}"#, Some("1")) } else { Scripted::ok("900003") });
        assert_eq!(run(push_note(&services(&n), &candidate(), &request(), &reference(), None)).unwrap().ats_record_id, "900003");
        assert_eq!(n.slept(), vec![1000]);
    }
}
