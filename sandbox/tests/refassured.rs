//! RefAssured simulator: the public facts and the contract in docs/api/refassured.md.
mod common;
use common::Sb;
use serde_json::{json, Value};

const CREATE: &str = r#"{"Candidate": {"PersonFirst": "Jane", "personLast": "Smith",
    "personEmail": "jane.smith@example.com", "personMobile": "15551234567", "ExternalCandidateId": "5000000104"},
    "Source": "Automation", "Owner": {"Email": "recruiter@agency.com"}, "JobTitle": "Registered Nurse", "SurveyId": 2}"#;

#[tokio::test]
async fn the_key_is_required_and_revocable() {
    let sb = Sb::new();
    for key in [None, Some("wrong"), Some("revoked-api-key")] {
        let headers: Vec<(&str, &str)> = key.map(|k| vec![("x-api-key", k)]).unwrap_or_default();
        let r = sb
            .call("GET", "/refassured/api/v1/account", &headers, "")
            .await;
        assert_eq!(r.status, 401);
        assert_eq!(r.json()["error"]["code"], "invalid_api_key");
    }
    assert_eq!(
        sb.ra("GET", "account", "").await.json()["account"]["keyStatus"],
        "active"
    );
    sb.admin(
        "POST",
        "refassured/keys",
        r#"{"key": "sandbox-api-key", "active": false}"#,
    )
    .await;
    assert_eq!(sb.ra("GET", "account", "").await.status, 401);
}

#[tokio::test]
async fn people_needs_all_four_parameters() {
    let sb = Sb::new();
    let r = sb
        .ra("GET", "people?personfirst=Ava&personlast=Johnson", "")
        .await;
    assert_eq!(r.status, 422);
    assert!(r.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("personemail"));
    let ok = sb.ra("GET", "people?personfirst=ava&personlast=johnson&personemail=ava.johnson%40mail.example&personmobile=1", "").await.json();
    assert_eq!(ok["people"][0]["personFirst"], "Ava");
}

#[tokio::test]
async fn requests_are_created_from_the_documented_body_and_listed() {
    let sb = Sb::new();
    let r = sb.ra("POST", "ats-candidates/requests", CREATE).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let req = &r.json()["request"];
    assert_eq!(
        (
            req["candidate"]["personFirst"].as_str(),
            req["candidate"]["personLast"].as_str()
        ),
        (Some("Jane"), Some("Smith"))
    );
    assert_eq!(
        (
            req["jobTitle"].as_str(),
            req["surveyId"].as_u64(),
            req["owner"]["email"].as_str()
        ),
        (
            Some("Registered Nurse"),
            Some(2),
            Some("recruiter@agency.com")
        )
    );
    let list = sb
        .ra("GET", "ats-candidates/5000000104/requests", "")
        .await
        .json();
    assert_eq!(list["requests"][0]["id"], req["id"], "newest first");
    // Missing or wrong fields say which.
    let bad = sb
        .ra(
            "POST",
            "ats-candidates/requests",
            r#"{"Candidate": {"PersonFirst": "J"}, "Owner": {"Email": "a@b.c"}, "SurveyId": 2}"#,
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("personLast"));
    let survey = sb
        .ra(
            "POST",
            "ats-candidates/requests",
            &CREATE.replace("\"SurveyId\": 2", "\"SurveyId\": 99"),
        )
        .await;
    assert!(survey.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("SurveyId"));
}

#[tokio::test]
async fn an_idempotency_key_makes_a_retry_harmless() {
    let sb = Sb::new();
    let h = [
        ("x-api-key", "sandbox-api-key"),
        ("content-type", "application/json"),
        ("idempotency-key", "req-1"),
    ];
    let a = sb
        .call(
            "POST",
            "/refassured/api/v1/ats-candidates/requests",
            &h,
            CREATE,
        )
        .await;
    let b = sb
        .call(
            "POST",
            "/refassured/api/v1/ats-candidates/requests",
            &h,
            CREATE,
        )
        .await;
    assert_eq!((a.status, b.status), (201, 200));
    assert_eq!(a.json()["request"]["id"], b.json()["request"]["id"]);
    let list = sb
        .ra("GET", "ats-candidates/5000000104/requests", "")
        .await
        .json();
    assert_eq!(list["requests"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn references_reports_alerts_and_files() {
    let sb = Sb::new();
    let list = sb
        .ra("GET", "ats-candidates/5000000101/requests", "")
        .await
        .json();
    let requests = list["requests"].as_array().unwrap();
    assert_eq!(requests.len(), 2);
    let refs: Vec<&Value> = requests
        .iter()
        .flat_map(|r| r["references"].as_array().unwrap())
        .collect();
    let levels: Vec<&str> = refs
        .iter()
        .flat_map(|r| r["alerts"].as_array().unwrap())
        .map(|a| a["level"].as_str().unwrap())
        .collect();
    assert!(levels.contains(&"alert") && levels.contains(&"warning"));
    let done = refs.iter().find(|r| r["status"] == "completed").unwrap();
    assert_eq!(done["reportAvailable"], true);
    assert!(done["submittedAt"].as_str().unwrap().ends_with('Z'));
    assert!(done["atsPush"]["note"].is_null());
    let id = done["id"].as_u64().unwrap();
    let report = sb
        .ra("GET", &format!("references/{id}/report"), "")
        .await
        .json();
    let answers = report["report"]["answers"].as_array().unwrap();
    assert!(
        answers
            .iter()
            .any(|a| a["answer"].as_str().unwrap().contains("<b>")),
        "seeded hostile text stays raw"
    );
    assert!(
        answers.iter().any(|a| a["rating"].is_null())
            && answers.iter().any(|a| a["rating"].is_u64())
    );
    let file = sb
        .call(
            "GET",
            &format!("/refassured/api/v1/references/{id}/report/file"),
            &[("x-api-key", "sandbox-api-key")],
            "",
        )
        .await;
    assert_eq!(file.headers["content-type"], "application/pdf");
    assert!(file.text.starts_with("%PDF-1.4") && file.text.trim_end().ends_with("%%EOF"));
    assert!(file.headers["content-disposition"]
        .to_str()
        .unwrap()
        .contains(".pdf"));
    let pending = refs.iter().find(|r| r["status"] != "completed").unwrap()["id"]
        .as_u64()
        .unwrap();
    assert_eq!(
        sb.ra("GET", &format!("references/{pending}/report"), "")
            .await
            .json()["error"]["code"],
        "report_not_ready"
    );
    assert_eq!(
        sb.ra("GET", "ats-candidates/5000000104/requests", "")
            .await
            .json(),
        json!({"requests": []}),
        "the empty state"
    );
}

/// The id of candidate 5000000101's first reference.
async fn first_reference(sb: &Sb) -> u64 {
    let list = sb
        .ra("GET", "ats-candidates/5000000101/requests", "")
        .await
        .json();
    list["requests"][0]["references"][0]["id"].as_u64().unwrap()
}

#[tokio::test]
async fn a_report_is_pushed_once() {
    let sb = Sb::new();
    let id = first_reference(&sb).await;
    let path = format!("references/{id}/ats-push/note");
    let a = sb.ra("PUT", &path, r#"{"atsRecordId": "900123"}"#).await;
    assert_eq!(a.status, 200);
    assert_eq!(
        sb.ra("PUT", &path, r#"{"atsRecordId": "900123"}"#)
            .await
            .json()["push"]["at"],
        a.json()["push"]["at"]
    );
    let other = sb.ra("PUT", &path, r#"{"atsRecordId": "900999"}"#).await;
    assert_eq!(other.status, 409);
    assert_eq!(other.json()["error"]["existing"]["atsRecordId"], "900123");
    let after = sb
        .ra("GET", "ats-candidates/5000000101/requests", "")
        .await
        .json();
    assert_eq!(
        after["requests"][0]["references"][0]["atsPush"]["note"]["atsRecordId"],
        "900123"
    );
}

/// A push whose answer was lost is recorded as unconfirmed for every tab; a person settles it:
/// "it is there" (a record id replaces it) or "it is not there" (cleared, may be sent again).
/// A confirmed push is never cleared nor turned back into an unconfirmed one.
#[tokio::test]
async fn an_unconfirmed_push_is_shared_until_a_person_settles_it() {
    let sb = Sb::new();
    let id = first_reference(&sb).await;
    let path = format!("references/{id}/ats-push/attachment");
    let lost =
        r#"{"unconfirmed": true, "reason": "JobDiva may have attached it; its answer was lost."}"#;
    let u = sb.ra("PUT", &path, lost).await.json();
    assert_eq!(u["push"]["unconfirmed"], true);
    assert!(u["push"]["atsRecordId"].is_null());
    let shown = sb
        .ra("GET", "ats-candidates/5000000101/requests", "")
        .await
        .json();
    assert_eq!(
        shown["requests"][0]["references"][0]["atsPush"]["attachment"]["reason"],
        "JobDiva may have attached it; its answer was lost."
    );
    // Not there: cleared.
    let cleared = sb.ra("DELETE", &path, "").await;
    assert_eq!(cleared.status, 200);
    assert!(cleared.json()["push"].is_null());
    // Lost again, then a person finds it: the record id replaces the unconfirmed push.
    sb.ra("PUT", &path, lost).await;
    let found = sb
        .ra("PUT", &path, r#"{"atsRecordId": "unknown"}"#)
        .await
        .json();
    assert_eq!(found["push"]["atsRecordId"], "unknown");
    assert!(found["push"].get("unconfirmed").is_none());
    // Confirmed stays confirmed.
    assert_eq!(
        sb.ra("PUT", &path, lost).await.json()["push"]["atsRecordId"],
        "unknown"
    );
    assert_eq!(sb.ra("DELETE", &path, "").await.status, 409);
    assert_eq!(sb.ra("PUT", &path, "{}").await.status, 422);
}

#[tokio::test]
async fn opt_ins_are_claimed_and_resolved_once() {
    let sb = Sb::new();
    let list = sb.ra("GET", "opt-ins", "").await.json();
    let all = list["optIns"].as_array().unwrap();
    assert!(all.len() >= 9);
    assert!(all.iter().any(|o| o["kind"] == "sales") && all.iter().any(|o| o["kind"] == "talent"));
    let o = &all[0];
    for k in [
        "personFirst",
        "personLast",
        "personEmail",
        "personMobile",
        "currentTitle",
        "currentCompany",
    ] {
        assert!(o["person"].get(k).is_some(), "{k}");
    }
    assert!(o["leadRecipients"].as_array().unwrap().len() >= 1);
    let id = o["id"].as_u64().unwrap();
    let claim = |c: &'static str| format!(r#"{{"claimId": "{c}"}}"#);
    assert_eq!(
        sb.ra("POST", &format!("opt-ins/{id}/claim"), &claim("tab-a"))
            .await
            .status,
        200
    );
    assert_eq!(
        sb.ra("POST", &format!("opt-ins/{id}/claim"), &claim("tab-a"))
            .await
            .status,
        200,
        "the holder renews"
    );
    let b = sb
        .ra("POST", &format!("opt-ins/{id}/claim"), &claim("tab-b"))
        .await;
    assert_eq!(
        (b.status, b.json()["error"]["code"].as_str()),
        (409, Some("already_claimed"))
    );
    let out = r#"{"claimId": "tab-a", "action": "created_candidate", "atsRecordId": "5000000200", "notified": ["rachel.recruiter@agency.example"]}"#;
    let b_out = sb
        .ra(
            "PUT",
            &format!("opt-ins/{id}/outcome"),
            &out.replace("tab-a", "tab-b"),
        )
        .await;
    assert_eq!(
        b_out.status, 409,
        "a second tab cannot record while another holds the claim"
    );
    let r = sb.ra("PUT", &format!("opt-ins/{id}/outcome"), out).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["optIn"]["status"], "resolved");
    assert_eq!(
        sb.ra("PUT", &format!("opt-ins/{id}/outcome"), out)
            .await
            .status,
        200,
        "the same outcome again is fine"
    );
    let diff = sb
        .ra(
            "PUT",
            &format!("opt-ins/{id}/outcome"),
            &out.replace("created_candidate", "noted_candidate"),
        )
        .await;
    assert_eq!(diff.status, 409);
    assert_eq!(
        diff.json()["error"]["existing"]["action"],
        "created_candidate"
    );
    let late = sb
        .ra("POST", &format!("opt-ins/{id}/claim"), &claim("tab-c"))
        .await;
    assert_eq!(late.json()["error"]["code"], "already_resolved");
    let pending = sb.ra("GET", "opt-ins", "").await.json()["optIns"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(pending, all.len() - 1);
    assert_eq!(
        sb.ra("GET", "opt-ins?status=resolved", "").await.json()["optIns"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn notifications_land_in_the_outbox() {
    let sb = Sb::new();
    let body = r#"{"to": ["rachel.recruiter@agency.example", "tom.teamlead@agency.example"], "subject": "New Candidate Opt-In! Priscilla Newcomb - Travel Nurse at Harbor Medical Center", "text": "…", "link": "https://www1.jobdiva.com/candidate/5000000200"}"#;
    let h = [
        ("x-api-key", "sandbox-api-key"),
        ("content-type", "application/json"),
        ("idempotency-key", "notify-1"),
    ];
    assert_eq!(
        sb.call("POST", "/refassured/api/v1/notifications", &h, body)
            .await
            .status,
        202
    );
    assert_eq!(
        sb.call("POST", "/refassured/api/v1/notifications", &h, body)
            .await
            .status,
        202,
        "replayed"
    );
    let outbox = sb.admin("GET", "refassured/outbox", "").await.json();
    assert_eq!(outbox.as_array().unwrap().len(), 1);
    assert_eq!(
        outbox[0]["subject"],
        "New Candidate Opt-In! Priscilla Newcomb - Travel Nurse at Harbor Medical Center"
    );
    assert_eq!(
        sb.ra("POST", "notifications", r#"{"to": [], "subject": "x"}"#)
            .await
            .status,
        422
    );
}

#[tokio::test]
async fn the_relay_reaches_jobdiva_and_staffing_referrals_with_the_key_only() {
    let sb = Sb::new();
    let detail = sb
        .ra(
            "GET",
            "relay/jobdiva/apiv2/bi/CandidateDetail?candidateId=5000000101",
            "",
        )
        .await;
    assert_eq!(detail.status, 200, "{}", detail.text);
    assert_eq!(
        detail.json()["data"][0]["ID"],
        "5000000101",
        "JobDiva's own body, unchanged"
    );
    let refs = sb
        .ra("GET", "relay/staffingreferrals/api/v1/users?ats_id=301", "")
        .await
        .json();
    assert_eq!(refs["data"][0]["email"], "rachel.recruiter@agency.example");
    // Upstream errors pass through unchanged.
    let err = sb
        .ra("GET", "relay/jobdiva/apiv2/bi/CandidateDetail", "")
        .await;
    assert_eq!(err.status, 400);
    assert!(err.json()["apierror"].is_object());
    // A relayed create with an Idempotency-Key happens once, however often it is sent.
    let h = [
        ("x-api-key", "sandbox-api-key"),
        ("content-type", "application/json"),
        ("idempotency-key", "note:40002"),
    ];
    let body = r#"{"candidateid": 5000000101, "note": "Reference report"}"#;
    let a = sb
        .call(
            "POST",
            "/refassured/api/v1/relay/jobdiva/apiv2/jobdiva/createCandidateNote",
            &h,
            body,
        )
        .await;
    let b = sb
        .call(
            "POST",
            "/refassured/api/v1/relay/jobdiva/apiv2/jobdiva/createCandidateNote",
            &h,
            body,
        )
        .await;
    assert_eq!(a.status, 200);
    assert_eq!(a.text, b.text, "the same bare note id");
    assert_eq!(
        sb.admin("GET", "jobdiva/notes", "")
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // Without the key: nothing.
    let no_key = sb
        .call(
            "GET",
            "/refassured/api/v1/relay/jobdiva/apiv2/bi/UsersList",
            &[],
            "",
        )
        .await;
    assert_eq!(no_key.status, 401);
    // The relay logs in once and reuses its token.
    let logins = sb
        .admin("GET", "requests?upstream=jobdiva", "")
        .await
        .json()
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["path"] == "/jobdiva/apiv2/v2/login")
        .count();
    assert_eq!(logins, 1);
}

#[tokio::test]
async fn a_retry_while_the_first_is_in_flight_is_told_to_wait() {
    let sb = Sb::new();
    sb.admin("PUT", "settings", r#"{"hang_ms": 400}"#).await;
    sb.admin("POST", "faults", r#"{"upstream": "jobdiva", "route": "createCandidateNote", "hang_after_rate": 1.0, "remaining": 1}"#).await;
    let h = [
        ("x-api-key", "sandbox-api-key"),
        ("content-type", "application/json"),
        ("idempotency-key", "note:slow"),
    ];
    let body = r#"{"candidateid": 5000000101, "note": "Reference report"}"#;
    let path = "/refassured/api/v1/relay/jobdiva/apiv2/jobdiva/createCandidateNote";
    let first = sb.call("POST", path, &h, body);
    let second = async {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        sb.call("POST", path, &h, body).await
    };
    let (a, b) = tokio::join!(first, second);
    assert_eq!(a.status, 200);
    assert_eq!(
        (b.status, b.json()["error"]["code"].as_str()),
        (409, Some("request_in_progress"))
    );
    assert_eq!(b.headers["retry-after"], "1");
    let c = sb.call("POST", path, &h, body).await;
    assert_eq!(c.text, a.text, "afterwards, the first answer");
    assert_eq!(
        sb.admin("GET", "jobdiva/notes", "")
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn the_relay_logs_in_again_when_its_token_expires() {
    let sb = Sb::new();
    assert_eq!(
        sb.ra("GET", "relay/jobdiva/apiv2/bi/UsersList", "")
            .await
            .status,
        200
    );
    sb.admin("POST", "jobdiva/expire-tokens", "").await;
    assert_eq!(
        sb.ra("GET", "relay/jobdiva/apiv2/bi/UsersList", "")
            .await
            .status,
        200,
        "signed in again"
    );
    let log = sb
        .admin("GET", "requests?upstream=jobdiva", "")
        .await
        .json();
    let paths: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        vec![
            "/jobdiva/apiv2/v2/login",
            "/jobdiva/apiv2/bi/UsersList",
            "/jobdiva/apiv2/bi/UsersList",
            "/jobdiva/apiv2/v2/login",
            "/jobdiva/apiv2/bi/UsersList"
        ]
    );
}

#[tokio::test]
async fn a_relay_401_that_survives_a_new_login_is_a_502() {
    // Every token is born expired: the relay signs in twice, then says what it means.
    let sb = Sb::with(sandbox::Settings {
        token_lifetime_secs: 0,
        ..Default::default()
    });
    let r = sb.ra("GET", "relay/jobdiva/apiv2/bi/UsersList", "").await;
    assert_eq!(r.status, 502);
    assert_eq!(r.json()["error"]["code"], "upstream_error");
}

#[tokio::test]
async fn work_finishes_when_the_caller_hangs_up() {
    use tokio::io::AsyncWriteExt;
    let sb = Sb::new();
    sb.admin("PUT", "settings", r#"{"hang_ms": 300}"#).await;
    sb.admin("POST", "faults", r#"{"upstream": "jobdiva", "route": "createCandidateNote", "hang_after_rate": 1.0, "remaining": 1}"#).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = sb.app.clone();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let body = r#"{"candidateid": 5000000101, "note": "Reference report"}"#;
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let req = format!("POST /refassured/api/v1/relay/jobdiva/apiv2/jobdiva/createCandidateNote HTTP/1.1\r\nHost: x\r\nx-api-key: sandbox-api-key\r\nidempotency-key: note:gone\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}", body.len());
    s.write_all(req.as_bytes()).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    drop(s); // the caller times out and hangs up
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let h = [
        ("x-api-key", "sandbox-api-key"),
        ("content-type", "application/json"),
        ("idempotency-key", "note:gone"),
    ];
    let retry = sb
        .call(
            "POST",
            "/refassured/api/v1/relay/jobdiva/apiv2/jobdiva/createCandidateNote",
            &h,
            body,
        )
        .await;
    assert_eq!(retry.status, 200, "{}", retry.text);
    let notes = sb.admin("GET", "jobdiva/notes", "").await.json();
    assert_eq!(notes.as_array().unwrap().len(), 1);
    assert_eq!(
        retry.text,
        notes[0]["id"].to_string(),
        "the first call's note id"
    );
}

/// Claim opt-in `id` for `tab`.
async fn claim(sb: &Sb, id: u64, tab: &str) -> common::Res {
    sb.ra(
        "POST",
        &format!("opt-ins/{id}/claim"),
        &format!(r#"{{"claimId": "{tab}"}}"#),
    )
    .await
}

/// A write whose outcome is unknown is recorded on the opt-in: every tab sees it, and no tab can
/// claim the opt-in until a person has checked JobDiva and cleared it.
#[tokio::test]
async fn an_opt_in_waiting_for_a_person_cannot_be_claimed_until_cleared() {
    let sb = Sb::new();
    let list = sb.ra("GET", "opt-ins", "").await.json();
    let id = list["optIns"][0]["id"].as_u64().unwrap();
    assert!(list["optIns"][0]["attention"].is_null());
    let claimed = claim(&sb, id, "tab-a").await;
    assert_eq!(claimed.status, 200);
    let missing = sb
        .ra(
            "PUT",
            &format!("opt-ins/{id}/attention"),
            r#"{"claimId": "tab-a"}"#,
        )
        .await;
    assert_eq!(missing.status, 422, "a reason is required");
    let flagged = sb
        .ra(
            "PUT",
            &format!("opt-ins/{id}/attention"),
            r#"{"claimId": "tab-a", "reason": "JobDiva may have created the lead."}"#,
        )
        .await;
    assert_eq!(flagged.status, 200);
    let o = &flagged.json()["optIn"];
    assert_eq!(
        o["attention"]["reason"],
        "JobDiva may have created the lead."
    );
    assert!(o["claim"].is_null(), "the claim goes with it");
    // Every tab sees it; none may claim, not even the one that flagged it.
    let seen = sb.ra("GET", "opt-ins", "").await.json();
    assert!(seen["optIns"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["id"] == id && x["attention"].is_object()));
    for tab in ["tab-a", "tab-b"] {
        let r = claim(&sb, id, tab).await;
        assert_eq!(
            (r.status, r.json()["error"]["code"].as_str()),
            (409, Some("needs_attention"))
        );
    }
    let cleared = sb
        .ra("DELETE", &format!("opt-ins/{id}/attention"), "")
        .await;
    assert!(cleared.json()["optIn"]["attention"].is_null());
    assert_eq!(claim(&sb, id, "tab-b").await.status, 200);
}

/// A person who found the write in JobDiva records the outcome while the opt-in waits: taken
/// without a claim (none is held then), and the attention goes with it.
#[tokio::test]
async fn a_person_resolves_an_opt_in_waiting_for_them_with_the_record_they_found() {
    let sb = Sb::new();
    let id = sb.ra("GET", "opt-ins", "").await.json()["optIns"][0]["id"]
        .as_u64()
        .unwrap();
    assert_eq!(claim(&sb, id, "tab-a").await.status, 200);
    let flag = r#"{"claimId": "tab-a", "reason": "JobDiva may have added the note."}"#;
    let path = format!("opt-ins/{id}/attention");
    assert_eq!(sb.ra("PUT", &path, flag).await.status, 200);
    let body = r#"{"claimId": "person-1", "action": "noted_candidate", "atsRecordId": "5000000101", "notified": []}"#;
    let done = sb.ra("PUT", &format!("opt-ins/{id}/outcome"), body).await;
    assert_eq!(done.status, 200);
    let o = &done.json()["optIn"];
    assert_eq!(
        (o["status"].as_str(), o["outcome"]["atsRecordId"].as_str()),
        (Some("resolved"), Some("5000000101"))
    );
    assert!(o["attention"].is_null());
}

/// A flow that stops (a decision to make, an error) releases its claim: another tab may go on
/// at once; a release with another tab's claim id changes nothing.
#[tokio::test]
async fn a_released_claim_frees_the_opt_in_at_once() {
    let sb = Sb::new();
    let id = sb.ra("GET", "opt-ins", "").await.json()["optIns"][0]["id"]
        .as_u64()
        .unwrap();
    assert_eq!(claim(&sb, id, "tab-a").await.status, 200);
    let other = sb
        .ra(
            "DELETE",
            &format!("opt-ins/{id}/claim"),
            r#"{"claimId": "tab-b"}"#,
        )
        .await;
    assert!(
        other.json()["optIn"]["claim"].is_object(),
        "not tab-b's to release"
    );
    let r = sb
        .ra(
            "DELETE",
            &format!("opt-ins/{id}/claim"),
            r#"{"claimId": "tab-a"}"#,
        )
        .await;
    assert!(r.json()["optIn"]["claim"].is_null());
    assert_eq!(claim(&sb, id, "tab-b").await.status, 200);
}

/// The referral program's sync records: one open run at a time, leased by one console, its
/// progress and the referrals' records seen by every console, and `since` moved on at its end.
#[tokio::test]
async fn a_sync_run_is_leased_by_one_console_and_its_records_are_shared() {
    let sb = Sb::new();
    let state = sb.ra("GET", "program/sync", "").await.json();
    assert!(state["sync"]["since"].is_null() && state["sync"]["run"].is_null());
    let bad = sb
        .ra(
            "POST",
            "program/sync/runs",
            r#"{"cutoff": "yesterday", "resumeSourceId": 12}"#,
        )
        .await;
    assert_eq!(bad.status, 422);
    let body = r#"{"cutoff": "2026-11-23T10:00:00Z", "resumeSourceId": 12, "startedBy": "ann@agency.example"}"#;
    let run = sb.ra("POST", "program/sync/runs", body).await;
    assert_eq!(run.status, 201);
    let id = run.json()["run"]["id"].as_str().unwrap().to_string();
    assert_eq!(
        sb.ra("POST", "program/sync/runs", body).await.status,
        409,
        "one open run"
    );

    let lease = |holder: &'static str, page: u64| {
        let (sb, id) = (&sb, id.clone());
        async move {
            sb.ra(
                "PUT",
                &format!("program/sync/runs/{id}/lease"),
                &format!(r#"{{"holder": "{holder}", "page": {page}, "total": 250}}"#),
            )
            .await
        }
    };
    assert_eq!(lease("a", 1).await.status, 200);
    let taken = lease("b", 0).await;
    assert_eq!(taken.status, 409);
    assert_eq!(taken.json()["error"]["code"], "leased");
    // Only the holder writes the run's records; a person's resolution (no run id) always lands.
    let record = |holder: &'static str, run: &str, state: &str| {
        format!(
            r#"{{"holder": "{holder}", "runId": "{run}", "state": "{state}", "step": "note", "jobdivaId": "42"}}"#
        )
    };
    assert_eq!(
        sb.ra("PUT", "program/referrals/900", &record("b", &id, "writing"))
            .await
            .status,
        409
    );
    assert_eq!(
        sb.ra("PUT", "program/referrals/900", &record("a", &id, "writing"))
            .await
            .status,
        200
    );
    assert_eq!(
        sb.ra(
            "PUT",
            "program/referrals/901",
            &record("a", &id, "needs_person")
        )
        .await
        .status,
        200
    );
    assert_eq!(
        sb.ra("PUT", "program/referrals/902", &record("", "", "done"))
            .await
            .status,
        200
    );
    assert_eq!(
        sb.ra(
            "PUT",
            "program/referrals/903",
            &record("a", &id, "sideways")
        )
        .await
        .status,
        422
    );
    let found = sb
        .ra("GET", "program/referrals?ids=900,901,999", "")
        .await
        .json();
    assert_eq!(found["items"].as_array().unwrap().len(), 2);
    assert_eq!(found["items"][0]["step"], "note");
    let waiting = sb
        .ra("GET", "program/referrals?state=needs_person", "")
        .await
        .json();
    assert_eq!(
        (
            waiting["total"].as_u64(),
            waiting["items"][0]["referralId"].as_u64()
        ),
        (Some(1), Some(901))
    );
    let seen = sb.ra("GET", "program/sync", "").await.json();
    let open = &seen["sync"]["run"];
    assert_eq!(
        (open["page"].as_u64(), open["total"].as_u64()),
        (Some(1), Some(250))
    );
    assert_eq!(
        (
            open["counts"]["writing"].as_u64(),
            open["counts"]["needs_person"].as_u64()
        ),
        (Some(1), Some(1))
    );
    assert_eq!(open["lease"]["holder"], "a");

    // Let go: another console takes over, and finishing moves `since` to the cutoff.
    let release = sb
        .ra(
            "DELETE",
            &format!("program/sync/runs/{id}/lease"),
            r#"{"holder": "a"}"#,
        )
        .await;
    assert_eq!(release.status, 200);
    assert_eq!(lease("b", 3).await.status, 200);
    let done = sb
        .ra(
            "POST",
            &format!("program/sync/runs/{id}/finish"),
            r#"{"holder": "b"}"#,
        )
        .await;
    assert_eq!(done.status, 200);
    assert_eq!(done.json()["sync"]["since"], "2026-11-23T10:00:00Z");
    assert!(done.json()["sync"]["run"].is_null());
}

/// Status back's rule table: none until saved, status keys or null only, the same for everyone.
#[tokio::test]
async fn status_rules_are_kept_for_every_admin_and_checked() {
    let sb = Sb::new();
    let none = sb.ra("GET", "program/status-rules", "").await;
    assert_eq!(none.status, 200);
    assert!(none.json()["rules"].is_null(), "defaults apply until saved");
    let body = r#"{"rules": {"submitted": null, "started": "placed", "ended": "awaiting_payment"}, "updatedBy": "anne@agency.example"}"#;
    let saved = sb.ra("PUT", "program/status-rules", body).await;
    assert_eq!(saved.status, 200);
    assert_eq!(
        saved.json()["rules"],
        serde_json::json!({"submitted": null, "started": "placed", "ended": "awaiting_payment"})
    );
    assert_eq!(
        sb.ra("GET", "program/status-rules", "").await.json(),
        saved.json()
    );
    for bad in [
        r#"{"rules": {"started": "Placed!"}}"#,
        r#"{"rules": {"hired": "placed"}}"#,
        r#"{}"#,
    ] {
        let r = sb.ra("PUT", "program/status-rules", bad).await;
        assert_eq!(r.status, 422, "{bad}");
        assert_eq!(r.json()["error"]["code"], "invalid_request");
    }
    assert_eq!(
        sb.ra("GET", "program/status-rules", "").await.json(),
        saved.json(),
        "a refused table changes nothing"
    );
}

/// Ambassador invitation records: one holder writes at a time, a settled record stays settled
/// (unless a person resolves it), and lookups return what exists.
#[tokio::test]
async fn invitation_records_are_claimed_by_one_holder_and_stay_settled() {
    let sb = Sb::new();
    let put = |holder: &'static str, state: &'static str, step: &'static str| {
        let sb = &sb;
        async move {
            sb.ra(
                "PUT",
                "program/invites/5000000105",
                &format!(r#"{{"state": "{state}", "step": "{step}", "holder": "{holder}", "email": "a@b.example"}}"#),
            )
            .await
        }
    };
    assert_eq!(put("tab-a", "writing", "invite").await.status, 200);
    let other = put("tab-b", "writing", "invite").await;
    assert_eq!(other.status, 409);
    assert_eq!(other.json()["error"]["code"], "claimed");
    assert_eq!(put("tab-a", "writing", "note").await.status, 200);
    assert_eq!(put("tab-a", "needs_person", "note").await.status, 200);
    let back = put("tab-a", "writing", "note").await;
    assert_eq!(back.status, 409);
    assert_eq!(back.json()["error"]["code"], "settled");
    let found = sb
        .ra("GET", "program/invites?ids=5000000105,42", "")
        .await
        .json();
    assert_eq!(found["invites"].as_array().unwrap().len(), 1);
    assert_eq!(found["invites"][0]["state"], "needs_person");
    assert_eq!(found["invites"][0]["candidateId"], 5000000105u64);
    let resolved = sb
        .ra(
            "PUT",
            "program/invites/5000000105",
            r#"{"state": "done", "holder": "console", "resolvedBy": "anne@agency.example"}"#,
        )
        .await;
    assert_eq!(resolved.status, 200);
    assert_eq!(resolved.json()["invite"]["state"], "done");
    assert_eq!(
        sb.ra(
            "PUT",
            "program/invites/5000000105",
            r#"{"state": "maybe", "holder": "x"}"#
        )
        .await
        .status,
        422
    );
}
