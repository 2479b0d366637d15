//! The clients against the running sandbox, in headless Chromium (scripts/test.sh starts it and
//! sets SANDBOX_URL / SANDBOX_LARGE_URL at build time).
#![cfg(target_arch = "wasm32")]

use refassured_tab::api::error::ApiError;
use refassured_tab::api::jobdiva::auth::Credentials;
use refassured_tab::api::jobdiva::wire::*;
use refassured_tab::api::jobdiva::JobDiva;
use refassured_tab::api::refassured::{OptInStatus, PushKind, RefAssured};
use refassured_tab::api::staffing_referrals::{MatchedBy, ReferralFilter, StaffingReferrals, UserFilter};
use refassured_tab::api::transport::{RetryNotice, RetryPolicy, Transport};
use refassured_tab::domain::reference::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SANDBOX: &str = match option_env!("SANDBOX_URL") {
    Some(u) => u,
    None => "http://127.0.0.1:18787",
};
const LARGE: Option<&str> = option_env!("SANDBOX_LARGE_URL");
const KEY: &str = "sandbox-api-key";

fn ra() -> RefAssured {
    RefAssured::new(&format!("{SANDBOX}/refassured"), KEY)
}

fn fast(retry_attempts: u32) -> Transport {
    Transport { timeout_ms: 5_000, retry: RetryPolicy { attempts: retry_attempts, base_ms: 50, max_ms: 200 }, ..Transport::default() }
}

async fn admin(method: &str, path: &str, body: &str) -> String {
    let url = format!("{SANDBOX}/_sandbox/{path}");
    let b = match method {
        "POST" => gloo_net::http::Request::post(&url),
        "PUT" => gloo_net::http::Request::put(&url),
        "DELETE" => gloo_net::http::Request::delete(&url),
        _ => gloo_net::http::Request::get(&url),
    };
    let r = if body.is_empty() { b.send().await } else { b.header("Content-Type", "application/json").body(body).unwrap().send().await };
    r.unwrap().text().await.unwrap()
}

async fn reset() {
    admin("POST", "reset", "").await;
}

/// Requests logged for a path since the given sequence number.
async fn count(path_contains: &str, after: u64) -> usize {
    let log: serde_json::Value = serde_json::from_str(&admin("GET", &format!("requests?after={after}"), "").await).unwrap();
    log.as_array().unwrap().iter().filter(|e| e["path"].as_str().is_some_and(|p| p.contains(path_contains))).count()
}

async fn last_seq() -> u64 {
    let log: serde_json::Value = serde_json::from_str(&admin("GET", "requests", "").await).unwrap();
    log.as_array().unwrap().last().and_then(|e| e["seq"].as_u64()).unwrap_or(0)
}

#[wasm_bindgen_test]
async fn refassured_reads() {
    reset().await;
    let c = ra();
    assert_eq!(c.account().await.unwrap().key_status, "active");
    let bad = RefAssured::new(&format!("{SANDBOX}/refassured"), "wrong").account().await.unwrap_err();
    assert!(matches!(bad, ApiError::Unauthorized { .. }), "{bad:?}");
    assert!(c.surveys().await.unwrap().iter().any(|s| s.id == 2));
    let people = c.people("Ava", "Johnson", "ava.johnson@mail.example", "1").await.unwrap();
    assert_eq!(people[0].name.first, "Ava");

    let requests = c.requests(5_000_000_101).await.unwrap();
    assert_eq!(requests.len(), 2);
    let refs: Vec<&Reference> = requests.iter().flat_map(|r| &r.references).collect();
    assert!(refs.iter().any(|r| r.alerts.iter().any(|a| a.level == AlertLevel::Alert)));
    assert!(refs.iter().any(|r| r.alerts.iter().any(|a| a.level == AlertLevel::Warning)));
    let done = refs.iter().find(|r| r.report_available).unwrap();
    let report = c.report(done.id).await.unwrap();
    assert!(!report.answers.is_empty());
    let file = c.report_file(done.id).await.unwrap();
    assert!(file.bytes.starts_with(b"%PDF-1.4") && file.filename.ends_with(".pdf"), "{}", file.filename);
    let pending = refs.iter().find(|r| !r.report_available).unwrap();
    assert!(matches!(c.report(pending.id).await.unwrap_err(), ApiError::NotFound { .. }));
    assert!(c.requests(5_000_000_104).await.unwrap().is_empty());
}

/// A new reference check for the seeded candidate 5000000104 (who has none), by Rachel.
fn request_for_5000000104(first: &str, last: &str, job_title: &str) -> NewRequest {
    NewRequest {
        candidate: NewRequestCandidate { first: first.into(), last: last.into(), email: "jane.smith@example.com".into(), mobile: "15551234567".into(), external_candidate_id: "5000000104".into() },
        source: "JobDiva".into(),
        owner: NewRequestOwner { email: "rachel.recruiter@agency.example".into() },
        job_title: job_title.into(),
        survey_id: 2,
    }
}

#[wasm_bindgen_test]
async fn refassured_writes_are_idempotent() {
    reset().await;
    let c = ra();
    let body = request_for_5000000104("Jane", "Smith", "Registered Nurse");
    let a = c.create_request(&body, "req-test-1").await.unwrap();
    let b = c.create_request(&body, "req-test-1").await.unwrap();
    assert_eq!(a.id, b.id);
    assert_eq!(c.requests(5_000_000_104).await.unwrap().len(), 1);

    let reference = c.requests(5_000_000_101).await.unwrap()[0].references[0].id;
    let push = c.record_push(reference, PushKind::Note, "900001").await.unwrap();
    assert_eq!(c.record_push(reference, PushKind::Note, "900001").await.unwrap(), push);
    assert!(matches!(c.record_push(reference, PushKind::Note, "900002").await.unwrap_err(), ApiError::Conflict { .. }));

    let opt = c.opt_ins(OptInStatus::Pending, None).await.unwrap()[0].clone();
    c.claim_opt_in(opt.id, "tab-a").await.unwrap();
    let taken = c.claim_opt_in(opt.id, "tab-b").await.unwrap_err();
    assert!(matches!(&taken, ApiError::Conflict { code, .. } if code == "already_claimed"), "{taken:?}");
    let outcome = Outcome { action: "noted_candidate".into(), ats_record_id: "5000000141".into(), notified: vec!["a@b.co".into()], resolved_at: None };
    let done = c.record_outcome(opt.id, "tab-a", &outcome).await.unwrap();
    assert_eq!(done.status, "resolved");
    assert_eq!(c.opt_ins(OptInStatus::Resolved, None).await.unwrap().len(), 1);

    let n = Notification { to: vec!["rachel.recruiter@agency.example".into()], subject: "New Candidate Opt-In! X - Y at Z".into(), text: "t".into(), link: "l".into() };
    let s1 = c.notify(&n, "notify-test").await.unwrap();
    let s2 = c.notify(&n, "notify-test").await.unwrap();
    assert_eq!(s1.id, s2.id);
}

#[wasm_bindgen_test]
async fn jobdiva_through_the_relay() {
    reset().await;
    let jd = JobDiva::relay(&ra());
    assert!(jd.check_session().await.unwrap());
    assert!(jd.validate_user("rachel.recruiter@agency.example").await.unwrap());
    let cand = jd.candidate(5_000_000_101, &["Shift Preference"]).await.unwrap().unwrap();
    assert_eq!(cand.id, 5_000_000_101);
    assert_eq!(cand.user_fields[0].1, "Nights");
    assert!(jd.candidate(42, &[]).await.unwrap().is_none());
    let found = jd.search_candidates(&CandidateQuery { phone: "(646) 555-01".into(), ..Default::default() }).await.unwrap();
    assert_eq!(found[0].last_name, "Osei");
    assert_eq!(jd.quick_search("kevin", 5).await.unwrap()[0].first_name, "Kevin");
    let contacts = jd.search_contacts(&ContactQuery { email: "paul.buyer@mercy.example".into(), ..Default::default() }).await.unwrap();
    assert_eq!(contacts[0].company, "MERCY GENERAL HOSPITAL");
    let subs = jd.submittals(&[5_000_000_102, 5_000_000_103]).await.unwrap();
    assert!(!subs.is_empty());
    let jobs = jd.jobs(&subs.iter().map(|s| s.job_id).collect::<Vec<_>>()).await.unwrap();
    assert!(jobs.iter().all(|j| j.description_html.as_deref().is_some_and(|d| d.starts_with("<p>"))));
    // 250 ids: three BI calls of ≤ 100, no soft error.
    let after = last_seq().await;
    let many: Vec<u64> = (5_000_000_101..5_000_000_351).collect();
    jd.submittals(&many).await.unwrap();
    assert_eq!(count("CandidatesSubmittalsDetail", after).await, 3 * 2, "three relayed calls (relay + upstream entries)");
    assert!(jd.users().await.unwrap().iter().any(|u| u.id == 301 && u.recruiter));
    assert_eq!(jd.user_by_email("rachel.recruiter@agency.example").await.unwrap().unwrap().id, 301);
    assert_eq!(jd.user_by_id(303).await.unwrap().unwrap().email, "sara.sales@agency.example");
    assert!(jd.resume_sources().await.unwrap().iter().any(|s| s.name == "RefAssured"));
    assert_eq!(jd.user_fields().await.unwrap()[0].name, "Shift Preference");
}

#[wasm_bindgen_test]
async fn jobdiva_creates_through_the_relay_happen_once() {
    reset().await;
    let jd = JobDiva::relay(&ra());
    let note = NewCandidateNote { candidateid: 5_000_000_101, note: "Reference report".into(), recruiterid: Some(301), action: Some("Reference Check".into()) };
    let a = jd.create_candidate_note(&note, Some("note:test")).await.unwrap();
    let b = jd.create_candidate_note(&note, Some("note:test")).await.unwrap();
    assert_eq!(a, b);
    assert!(admin("GET", "jobdiva/notes", "").await.matches("\"id\"").count() == 1);
    let missing = jd.create_candidate_note(&NewCandidateNote { candidateid: 42, ..note.clone() }, None).await.unwrap_err();
    assert!(matches!(&missing, ApiError::Rejected { message, .. } if message == "Error: Candidate(42) is not found."), "{missing:?}");

    let id = jd.create_candidate(&NewCandidate { first_name: "Priscilla".into(), last_name: "Newcomb".into(), email: "p@n.example".into(), resume_source: Some(17), ..Default::default() }, Some("cand:test")).await.unwrap();
    assert!(id > u64::from(u32::MAX));
    let contact = jd.create_contact(&NewContact { company: "Summit Health".into(), firstname: "Nadia".into(), lastname: "Staffing".into(), ..Default::default() }, None).await.unwrap();
    assert!(jd.create_contact_note(&NewContactNote { contactid: contact, note: "Sales opt-in".into(), recruiterid: None }, None).await.unwrap());
    let lead = jd.create_lead(&NewLead { first_name: "Gary".into(), last_name: "Prospect".into(), company: "Unknown Co".into(), ..Default::default() }, None).await.unwrap();
    assert!(lead > 0);
    let att = jd.upload_attachment(&NewAttachment { candidateid: id, name: "Reference".into(), filename: "r.pdf".into(), filecontent: "JVBERi0xLjQK".into(), attachmenttype: 1, description: "".into() }, None).await.unwrap();
    assert!(att > 0);
}

#[wasm_bindgen_test]
async fn jobdiva_direct_refreshes_once_for_twenty_concurrent_calls() {
    reset().await;
    let jd = JobDiva::direct(&format!("{SANDBOX}/jobdiva"), Credentials { client_id: 1000, user_name: "api@refassured.com".into(), password: "sandbox".into() });
    assert!(jd.check_session().await.unwrap(), "signs in on first use");
    admin("POST", "jobdiva/expire-tokens", "").await;
    let after = last_seq().await;
    let calls = (0..20).map(|_| jd.users());
    let results = futures::future::join_all(calls).await;
    assert!(results.iter().all(Result::is_ok), "{:?}", results.iter().find(|r| r.is_err()));
    assert_eq!(count("apiRefreshToken", after).await, 1, "exactly one refresh");
    assert_eq!(count("v2/login", after).await, 0);

    // A refused refresh (spent refresh token) falls back to signing in again.
    let bad = JobDiva::direct(&format!("{SANDBOX}/jobdiva"), Credentials { client_id: 1000, user_name: "api@refassured.com".into(), password: "wrong".into() });
    let e = bad.users().await.unwrap_err();
    assert!(matches!(&e, ApiError::Rejected { message, .. } if message == "Invalid username/password"), "{e:?}");
}

#[wasm_bindgen_test]
async fn rate_limits_back_off_and_report_progress() {
    reset().await;
    admin("PUT", "faults", r#"[{"upstream": "jobdiva", "route": "UsersList", "rate_429": 1.0, "remaining": 2}]"#).await;
    let notices: Rc<RefCell<Vec<RetryNotice>>> = Rc::default();
    let sink = notices.clone();
    let t = Transport { on_retry: Some(Rc::new(move |n: &RetryNotice| sink.borrow_mut().push(n.clone()))), ..fast(4) };
    let jd = JobDiva::relay(&ra().with_transport(t));
    assert!(!jd.users().await.unwrap().is_empty(), "succeeds after two 429s");
    {
        let n = notices.borrow();
        assert_eq!(n.iter().map(|x| x.next_attempt).collect::<Vec<_>>(), vec![2, 3]);
        assert!(n[0].reason.contains("busy"));
    }
    // Out of attempts: the error says so.
    admin("PUT", "faults", r#"[{"upstream": "jobdiva", "route": "UsersList", "rate_429": 1.0}]"#).await;
    let e = JobDiva::relay(&ra().with_transport(fast(2))).users().await.unwrap_err();
    assert!(matches!(e, ApiError::RateLimited { .. }), "{e:?}");
    admin("DELETE", "faults", "").await;
}

#[wasm_bindgen_test]
async fn creates_are_not_retried_blindly() {
    reset().await;
    admin("PUT", "faults", r#"[{"upstream": "jobdiva", "route": "createLead", "error_after_rate": 1.0, "remaining": 1}]"#).await;
    let jd = JobDiva::relay(&ra().with_transport(fast(4)));
    let e = jd.create_lead(&NewLead { first_name: "G".into(), last_name: "P".into(), ..Default::default() }, None).await.unwrap_err();
    assert!(e.outcome_unknown(), "{e:?}");
    assert_eq!(admin("GET", "jobdiva/leads", "").await.matches("\"id\"").count(), 1, "sent once, and JobDiva acted");
}

#[wasm_bindgen_test]
async fn hangs_time_out_malformed_bodies_and_drops_are_typed() {
    reset().await;
    errors_are_typed(Transport { timeout_ms: 400, ..fast(1) }).await;
}

/// A hang, a malformed body and a dropped answer over `t` (a 400 ms timeout), each as its error.
async fn errors_are_typed(t: Transport) {
    admin("PUT", "settings", r#"{"hang_ms": 3000}"#).await;
    admin("PUT", "faults", r#"[{"upstream": "refassured", "route": "account", "hang_rate": 1.0},
        {"upstream": "refassured", "route": "surveys", "malformed_rate": 1.0},
        {"upstream": "refassured", "route": "opt-ins", "drop_rate": 1.0}]"#).await;
    let c = ra().with_transport(t);
    let t = c.account().await.unwrap_err();
    assert!(matches!(t, ApiError::Timeout { after_ms: 400, .. }), "{t:?}");
    let m = c.surveys().await.unwrap_err();
    assert!(matches!(&m, ApiError::Decode { detail, .. } if detail.contains("not valid JSON")), "{m:?}");
    let d = c.opt_ins(OptInStatus::Pending, None).await.unwrap_err();
    assert!(matches!(d, ApiError::Network { .. }), "{d:?}");
    admin("DELETE", "faults", "").await;
    admin("PUT", "settings", r#"{"hang_ms": 120000}"#).await;
}

/// The tab's duplicate checks leave from a worker: the same answers, the same typed errors,
/// and what may not go there (a write, a binary answer) goes from the page.
#[wasm_bindgen_test]
async fn from_a_worker_the_answers_and_the_errors_are_the_same() {
    reset().await;
    let c = ra().with_transport(fast(1).from_a_worker());
    assert_eq!(c.account().await.unwrap().key_status, "active");
    let bad = RefAssured::new(&format!("{SANDBOX}/refassured"), "wrong").with_transport(fast(1).from_a_worker()).account().await.unwrap_err();
    assert!(matches!(bad, ApiError::Unauthorized { .. }), "{bad:?}");
    let jd = JobDiva::relay(&c);
    let found = jd.search_candidates(&CandidateQuery { phone: "(646) 555-01".into(), ..Default::default() }).await.unwrap();
    assert_eq!(found[0].last_name, "Osei");
    let contacts = jd.search_contacts(&ContactQuery { email: "paul.buyer@mercy.example".into(), ..Default::default() }).await.unwrap();
    assert_eq!(contacts[0].company, "MERCY GENERAL HOSPITAL");
    let done = c.requests(5_000_000_101).await.unwrap().into_iter().flat_map(|r| r.references).find(|r| r.report_available).unwrap();
    assert!(c.report_file(done.id).await.unwrap().bytes.starts_with(b"%PDF-1.4"));
    // Bodies come as bytes from both (the worker hands over an ArrayBuffer): text beyond ASCII
    // reads the same.
    let named = request_for_5000000104("Zoë", "Ñúñez-大野 🙂", "Infirmière — nuit");
    ra().create_request(&named, "req-worker-utf8").await.unwrap();
    let (from_worker, from_page) = (c.requests(5_000_000_104).await.unwrap(), ra().requests(5_000_000_104).await.unwrap());
    assert_eq!((from_worker[0].candidate.last.as_str(), from_worker[0].job_title.as_str()), ("Ñúñez-大野 🙂", "Infirmière — nuit"));
    assert_eq!(from_worker, from_page);
    // A write goes once, from the page, with its idempotency key.
    let after = last_seq().await;
    let note = NewCandidateNote { candidateid: 5_000_000_101, note: "From the worker test".into(), recruiterid: Some(301), action: None };
    jd.create_candidate_note(&note, Some("note:worker-test")).await.unwrap();
    assert_eq!(count("createCandidateNote", after).await, 2, "one relayed call (relay + upstream entries)");

    errors_are_typed(Transport { timeout_ms: 400, ..fast(1) }.from_a_worker()).await;
    assert!(refassured_tab::api::worker::running(), "every answer came from the worker");
}

/// The page's shell sends the first wave before the app has started (`index.html`): the
/// transport takes the answer of exactly the request it would send, once, and types a failure
/// (the shell's timeout) as its own.
#[wasm_bindgen_test]
async fn a_request_the_shell_sent_is_taken_once_and_only_for_that_request() {
    reset().await;
    let js = |args: &str, body: &str| js_sys::Function::new_with_args(args, body);
    let url = format!("{SANDBOX}/refassured/api/v1/account");
    let asks = |key: &str| wasm_bindgen::JsValue::from_str(&format!("GET {url}\nx-api-key: {key}\n"));
    let send = js("url, key", "return fetch(url, { headers: { 'x-api-key': key }, redirect: 'manual' })");
    let sent = js_sys::Map::new();
    sent.set(&asks(KEY), &send.call2(&wasm_bindgen::JsValue::NULL, &url.as_str().into(), &KEY.into()).unwrap());
    // A request with another key is not this one.
    sent.set(&asks("another"), &js_sys::Promise::resolve(&wasm_bindgen::JsValue::NULL));
    js_sys::Reflect::set(&js_sys::global(), &"raFirstWave".into(), &sent).unwrap();
    refassured_tab::api::browser::take_the_shell_s_requests();
    while count("/account", 0).await < 1 {}
    let after = last_seq().await;
    let c = ra().with_transport(fast(1));
    assert_eq!(c.account().await.unwrap().key_status, "active");
    assert_eq!(count("/account", after).await, 0, "the shell's answer, not another request");
    assert_eq!(sent.size(), 1, "taken, and only that one");
    assert_eq!(c.account().await.unwrap().key_status, "active");
    assert_eq!(count("/account", after).await, 1, "taken once: the next is sent");
    // The shell's request timed out (its `AbortSignal.timeout`).
    let timed_out = js("", "return Promise.reject(new DOMException('signal timed out', 'TimeoutError'))").call0(&wasm_bindgen::JsValue::NULL).unwrap();
    sent.set(&asks(KEY), &timed_out);
    let e = c.account().await.unwrap_err();
    assert!(matches!(e, ApiError::Timeout { after_ms: 5_000, .. }), "{e:?}");
    js_sys::Reflect::delete_property(js_sys::global().unchecked_ref::<js_sys::Object>(), &"raFirstWave".into()).unwrap();
}

#[wasm_bindgen_test]
async fn an_abort_cancels_the_request() {
    reset().await;
    // The answer is held until the release: the abort surely comes first.
    admin("PUT", "faults", r#"[{"upstream": "refassured", "route": "account", "hold": true}]"#).await;
    let controller = web_sys::AbortController::new().unwrap();
    let c = ra().with_transport(fast(3).with_signal(controller.signal()));
    let pending = c.account();
    let abort = async {
        while !admin("GET", "held", "").await.contains("\"held\":1") {}
        controller.abort();
    };
    let (result, ()) = futures::join!(pending, abort);
    assert_eq!(result.unwrap_err(), ApiError::Aborted);
    admin("POST", "release", "").await;
    admin("DELETE", "faults", "").await;
}

#[wasm_bindgen_test]
async fn staffing_referrals_through_the_relay() {
    reset().await;
    let sr = StaffingReferrals::relay(&ra());
    let page = sr.referrals(&ReferralFilter::default(), 0, 7).await.unwrap();
    assert_eq!((page.data.len(), page.page_size), (7, 7));
    let all = sr.all_referrals(&ReferralFilter::default(), 7, 3).await.unwrap();
    assert_eq!(all.len() as u64, page.num_records_total);

    // ats_id → email → phone.
    let (u, by) = sr.find_applicant(Some("5000000101"), None, None).await.unwrap().unwrap();
    assert_eq!((by, u.first_name.as_deref()), (MatchedBy::AtsId, Some("Ava")));
    let applicants = sr.users(&UserFilter { role_name: Some("applicant".into()), ..Default::default() }, 0, 1000).await.unwrap().data;
    let email_user = applicants.iter().find(|u| u.ats_id.is_none() && u.phone.is_none()).unwrap();
    let (found, by) = sr.find_applicant(Some("nope"), Some(&email_user.email.clone().unwrap().to_lowercase()), None).await.unwrap().unwrap();
    assert_eq!((by, found.id), (MatchedBy::Email, email_user.id), "email matches case-insensitively");
    let phone_user = applicants.into_iter().find(|u| u.phone.is_some() && u.ats_id.is_none()).unwrap();
    let digits: String = phone_user.phone.clone().unwrap().chars().filter(char::is_ascii_digit).collect();
    let (found, by) = sr.find_applicant(None, Some("unknown@x.example"), Some(&format!("+1 {digits}"))).await.unwrap().unwrap();
    assert_eq!((by, found.id), (MatchedBy::Phone, phone_user.id));
    assert!(sr.find_applicant(None, Some("nobody@x.example"), Some("9999999999")).await.unwrap().is_none());

    let active = sr.active_referral(u.id).await.unwrap().unwrap();
    let updated = sr.update_referral_status(active.id, "awaiting_payment").await.unwrap();
    assert_eq!(updated.status, "Awaiting Payment");
    let bad = sr.update_referral_status(active.id, "hired").await.unwrap_err();
    assert!(matches!(&bad, ApiError::Rejected { message, .. } if message == "Invalid status"), "{bad:?}");

    let (created, msg) = sr.create_referral(&vec![("ambassador[email]", "anne@new.example"), ("ambassador[first_name]", "Anne"),
        ("recruiter[email]", "rachel.recruiter@agency.example"), ("applicant[first_name]", "Zed"), ("applicant[email]", "zed@x.example")]).await.unwrap();
    assert_eq!((created.status.as_str(), msg), ("Lead", None));
    assert!(sr.campaigns().await.unwrap().iter().any(|c| c.id == 48));
    let types = sr.property_types().await.unwrap();
    assert_eq!(types.len(), 3);
    let updated = sr.update_property_type(58, &vec![("options", r#"["One","Two"]"#)]).await.unwrap();
    assert_eq!(updated.options, vec!["One".to_string(), "Two".to_string()]);
    let user = sr.user(u.id).await.unwrap();
    assert_eq!(sr.update_user(user.id, &vec![("phone", "505-555-0000")]).await.unwrap().phone.as_deref(), Some("505-555-0000"));
    let invited = sr.invite(&vec![("user[email]", "newamb@x.example"), ("user[first_name]", "New")]).await.unwrap();
    assert_eq!(invited.role_name.as_deref(), Some("ambassador"));
    assert!(sr.send_access_email("rob.recruiter@agency.example").await.unwrap().starts_with("Sent access acount email"));
    let recruiters = sr.users(&UserFilter { role_name: Some("recruiter".into()), ..Default::default() }, 0, 100).await.unwrap().data;
    let (msg, user) = sr.deactivate_recruiter(recruiters[1].id, recruiters[0].id).await.unwrap();
    assert!(msg.starts_with("Moved ") && user.status.as_deref() == Some("Inactive"), "{msg}");
}

#[wasm_bindgen_test]
async fn staffing_referrals_direct_and_bad_token() {
    reset().await;
    let sr = StaffingReferrals::direct(&format!("{SANDBOX}/staffingreferrals"), "sandbox-sr-token");
    assert!(!sr.campaigns().await.unwrap().is_empty());
    let e = StaffingReferrals::direct(&format!("{SANDBOX}/staffingreferrals"), "wrong").campaigns().await.unwrap_err();
    assert!(matches!(e, ApiError::Unauthorized { .. }), "{e:?}");
}

/// Every referral of the large data set: ceil(N / 1000) requests, decoded in wasm.
#[wasm_bindgen_test]
async fn walks_forty_thousand_referrals() {
    let Some(large) = LARGE else { return };
    let sr = StaffingReferrals::direct(&format!("{large}/staffingreferrals"), "sandbox-sr-token");
    let log = |url: String| async move { gloo_net::http::Request::get(&url).send().await.unwrap().text().await.unwrap() };
    let before = log(format!("{large}/_sandbox/requests?upstream=staffingreferrals")).await.matches("\"seq\"").count();
    let started = js_sys::Date::now();
    let all = sr.all_referrals(&ReferralFilter::default(), 1000, 4).await.unwrap();
    let ms = js_sys::Date::now() - started;
    assert!(all.len() >= 40_000);
    let mut ids: Vec<u64> = all.iter().map(|r| r.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all.len(), "no page twice");
    let requests = log(format!("{large}/_sandbox/requests?upstream=staffingreferrals")).await.matches("\"seq\"").count() - before;
    assert_eq!(requests, all.len().div_ceil(1000));
    web_sys::console::log_1(&format!("walked {} referrals in {} requests, {:.0} ms ({:.0} records/s)", all.len(), requests, ms, all.len() as f64 / (ms / 1000.0)).into());
    // Decoding alone (serde_json from the text into the wire types, then the domain records),
    // on one full page: once to warm up (the first decode also grows wasm memory), then ten
    // times, timed with the high-resolution clock.
    let page = gloo_net::http::Request::get(&format!("{large}/staffingreferrals/api/v1/referrals?page_index=0&page_size=1000"))
        .header("Authorization", "sandbox-sr-token")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let decode = || refassured_tab::api::staffing_referrals::page::<refassured_tab::api::staffing_referrals::wire::Referral, refassured_tab::domain::referral::Referral>("referrals", &page).unwrap();
    assert_eq!(decode().data.len(), 1000);
    let clock = web_sys::window().unwrap().performance().unwrap();
    // Five rounds of ten pages: the median round is the figure (one slow round on a shared
    // machine does not make it), the spread says how noisy the machine was.
    let mut rates: Vec<f64> = (0..5)
        .map(|_| {
            let started = clock.now();
            for _ in 0..10 {
                assert_eq!(decode().data.len(), 1000);
            }
            10_000.0 / ((clock.now() - started) / 1000.0)
        })
        .collect();
    rates.sort_by(f64::total_cmp);
    web_sys::console::log_1(&format!("decoded 5 rounds of 10 pages of 1000 referrals ({} KB each): median {:.0} records/s (slowest {:.0}, fastest {:.0})", page.len() / 1024, rates[2], rates[0], rates[4]).into());
}

/// The tab's first loads, started before the first render, are shared: a panel asking exactly
/// the same while one is in flight takes its answer (one request upstream); anything else, and
/// anything after it was answered, is sent.
#[wasm_bindgen_test]
async fn identical_requests_share_a_shared_one_in_flight() {
    reset().await;
    // join! sends all three before any answer can arrive: the shared one is in flight.
    let start = last_seq().await;
    let early = ra().with_transport(fast(1).shared());
    let panel = ra().with_transport(fast(1));
    let (a, b, c) = futures::join!(early.requests(5_000_000_101), panel.requests(5_000_000_101), panel.requests(5_000_000_102));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert!(!a.is_empty() && a == b, "the panel got the early request's answer");
    assert!(c.is_ok());
    assert_eq!(count("ats-candidates/5000000101/requests", start).await, 1, "one request for both");
    assert_eq!(count("ats-candidates/5000000102/requests", start).await, 1);
    // Once answered, the same request is sent again (a refresh is a refresh).
    panel.requests(5_000_000_101).await.unwrap();
    assert_eq!(count("ats-candidates/5000000101/requests", start).await, 2);
}
