//! Fault injection and the request log.
mod common;
use common::Sb;
use serde_json::json;

#[tokio::test]
async fn errors_and_429s_take_each_upstreams_form() {
    let sb = Sb::new();
    sb.admin("PUT", "faults", r#"[{"upstream": "staffingreferrals", "error_rate": 1.0, "remaining": 1},
                                   {"upstream": "refassured", "rate_429": 1.0, "remaining": 1},
                                   {"upstream": "jobdiva", "route": "UsersList", "rate_429": 1.0, "remaining": 1}]"#).await;
    let sr = sb.sr("GET", "campaigns", "").await;
    assert_eq!(sr.status, 500);
    assert_eq!(sr.json()["status"], "error");
    assert_eq!(
        sb.sr("GET", "campaigns", "").await.status,
        200,
        "remaining: 1 applies once"
    );
    let ra = sb.ra("GET", "account", "").await;
    assert_eq!(
        (ra.status, ra.json()["error"]["code"].as_str()),
        (429, Some("rate_limited"))
    );
    assert_eq!(ra.headers["retry-after"], "1");
    let jd = sb.jd("GET", "apiv2/bi/UsersList", "").await;
    assert_eq!(
        (jd.status, jd.text.as_str()),
        (429, "Request Limit Exceeded")
    );
}

#[tokio::test]
async fn an_error_after_acting_leaves_the_record_behind() {
    let sb = Sb::new();
    sb.admin("POST", "faults", r#"{"upstream": "jobdiva", "route": "createCandidate", "method": "POST", "error_after_rate": 1.0, "remaining": 1}"#).await;
    let r = sb
        .jd(
            "POST",
            "apiv2/jobdiva/createCandidate",
            r#"{"firstName": "Ghost", "lastName": "Record"}"#,
        )
        .await;
    assert_eq!(r.status, 500);
    let created = sb
        .admin("GET", "jobdiva/candidates?created=true", "")
        .await
        .json();
    assert_eq!(
        created[0]["firstName"], "Ghost",
        "the caller saw an error, yet JobDiva acted"
    );
}

#[tokio::test]
async fn malformed_bodies_hangs_and_latency() {
    let sb = Sb::new();
    sb.admin("PUT", "settings", r#"{"hang_ms": 300}"#).await;
    sb.admin(
        "PUT",
        "faults",
        r#"[{"upstream": "refassured", "route": "surveys", "malformed_rate": 1.0},
                                   {"upstream": "refassured", "route": "account", "hang_rate": 1.0},
                                   {"upstream": "staffingreferrals", "latency_ms": 120}]"#,
    )
    .await;
    let m = sb.ra("GET", "surveys", "").await;
    assert_eq!(m.status, 200);
    assert!(
        serde_json::from_str::<serde_json::Value>(&m.text).is_err(),
        "truncated JSON"
    );
    let t = std::time::Instant::now();
    let h = sb.ra("GET", "account", "").await;
    assert!(t.elapsed().as_millis() >= 300 && h.status >= 500);
    let t = std::time::Instant::now();
    sb.sr("GET", "campaigns", "").await;
    assert!(t.elapsed().as_millis() >= 120);
    let log = sb.admin("GET", "requests", "").await.json();
    let last = log.as_array().unwrap().last().unwrap();
    assert_eq!(last["upstream"], "staffingreferrals");
    assert!(last["end_ms"].as_u64().unwrap() - last["start_ms"].as_u64().unwrap() >= 120);
    assert_eq!(log.as_array().unwrap()[0]["fault"], "malformed");
    sb.admin("DELETE", "faults", "").await;
    assert_eq!(
        sb.ra("GET", "surveys", "").await.json()["surveys"][0]["id"],
        2
    );
}

#[tokio::test]
async fn the_dice_are_seeded() {
    let run = || async {
        let sb = Sb::new();
        sb.admin(
            "POST",
            "faults",
            r#"{"upstream": "staffingreferrals", "error_rate": 0.5}"#,
        )
        .await;
        let mut out = Vec::new();
        for _ in 0..20 {
            out.push(sb.sr("GET", "campaigns", "").await.status);
        }
        out
    };
    let (a, b) = (run().await, run().await);
    assert_eq!(a, b);
    assert!(a.contains(&200) && a.contains(&500), "{a:?}");
}

#[tokio::test]
async fn reset_restores_the_seed() {
    let sb = Sb::new();
    sb.jd(
        "POST",
        "apiv2/jobdiva/createCandidate",
        r#"{"firstName": "Temp", "lastName": "Person"}"#,
    )
    .await;
    assert_eq!(
        sb.admin("GET", "jobdiva/candidates?created=true", "")
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    sb.admin("POST", "reset", "").await;
    assert_eq!(
        sb.admin("GET", "jobdiva/candidates?created=true", "")
            .await
            .json(),
        json!([])
    );
    assert_eq!(sb.admin("GET", "requests", "").await.json(), json!([]));
}

#[tokio::test]
async fn a_dropped_connection_is_cut_mid_response() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let sb = Sb::new();
    sb.admin(
        "POST",
        "faults",
        r#"{"upstream": "refassured", "drop_rate": 1.0}"#,
    )
    .await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = sb.app.clone();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(
        b"GET /refassured/api/v1/account HTTP/1.1\r\nHost: x\r\nx-api-key: sandbox-api-key\r\n\r\n",
    )
    .await
    .unwrap();
    let mut raw = Vec::new();
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), s.read_to_end(&mut raw)).await;
    let text = String::from_utf8_lossy(&raw);
    assert!(
        !text.contains("\r\n0\r\n\r\n"),
        "no complete chunked body: {text}"
    );
    assert!(!text.contains("keyStatus"));
}

#[tokio::test]
async fn cors_lets_the_browser_tests_call_in() {
    let sb = Sb::new();
    let pre = sb
        .call(
            "OPTIONS",
            "/refassured/api/v1/account",
            &[
                ("origin", "http://127.0.0.1:4000"),
                ("access-control-request-headers", "x-api-key"),
                ("access-control-request-method", "GET"),
            ],
            "",
        )
        .await;
    assert!(
        (200..300).contains(&pre.status),
        "preflight answered {}",
        pre.status
    );
    assert_eq!(
        pre.headers["access-control-allow-origin"],
        "http://127.0.0.1:4000"
    );
    assert!(pre.headers["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .contains("x-api-key"));
}

/// Every request is numbered once, under one lock, even when many finish at the same time: a
/// test's "exactly one request since N" can rely on the log.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_requests_each_get_one_sequence_number() {
    let sb = std::sync::Arc::new(Sb::new());
    let calls = (0..200).map(|i| {
        let sb = sb.clone();
        tokio::spawn(async move {
            sb.ra("GET", if i % 2 == 0 { "account" } else { "surveys" }, "")
                .await
                .status
        })
    });
    for c in calls {
        assert_eq!(c.await.unwrap(), 200);
    }
    let log = sb.admin("GET", "requests", "").await.json();
    let mut seqs: Vec<u64> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["seq"].as_u64().unwrap())
        .collect();
    assert_eq!(seqs.len(), 200);
    seqs.sort_unstable();
    seqs.dedup();
    assert_eq!(
        seqs,
        (1..=200).collect::<Vec<_>>(),
        "one number each, none shared or skipped"
    );
    let after = sb.admin("GET", "requests?after=150", "").await.json();
    assert_eq!(after.as_array().unwrap().len(), 50);
}

/// A sandbox holding JobDiva's createCandidate, and one such request sent and held (its
/// status once it is answered).
async fn one_create_held() -> (std::sync::Arc<Sb>, tokio::task::JoinHandle<u16>) {
    let sb = std::sync::Arc::new(Sb::new());
    sb.admin(
        "POST",
        "faults",
        r#"{"upstream": "jobdiva", "route": "createCandidate", "hold": true}"#,
    )
    .await;
    let held = {
        let sb = sb.clone();
        tokio::spawn(async move {
            sb.jd(
                "POST",
                "apiv2/jobdiva/createCandidate",
                r#"{"firstName": "Held", "lastName": "Back"}"#,
            )
            .await
            .status
        })
    };
    while sb.admin("GET", "held", "").await.json()["held"] != 1 {
        tokio::task::yield_now().await;
    }
    (sb, held)
}

/// A held request whose client goes away (a test closed its page) is no longer counted as held:
/// a count left behind would let a later test's wait for its own held request pass at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_held_request_dropped_by_its_client_is_no_longer_counted() {
    let (sb, gone) = one_create_held().await;
    gone.abort();
    assert!(gone.await.unwrap_err().is_cancelled());
    assert_eq!(sb.admin("GET", "held", "").await.json()["held"], 0);
    sb.admin("POST", "release", "").await;
}

/// A `hold` rule keeps requests waiting (the upstream has not acted) until the release, which
/// also removes the rule: transient states are tested without a clock.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn held_requests_wait_for_the_release() {
    let (sb, held) = one_create_held().await;
    assert!(!held.is_finished());
    let created = sb
        .admin("GET", "jobdiva/candidates?created=true", "")
        .await
        .json();
    assert_eq!(
        created.as_array().unwrap().len(),
        0,
        "held before JobDiva acted"
    );
    assert_eq!(sb.admin("POST", "release", "").await.json()["released"], 1);
    assert_eq!(held.await.unwrap(), 200);
    assert_eq!(sb.admin("GET", "held", "").await.json()["held"], 0);
    assert!(
        sb.admin("GET", "faults", "")
            .await
            .json()
            .as_array()
            .unwrap()
            .is_empty(),
        "the hold rule is gone"
    );
    let r = sb
        .jd(
            "POST",
            "apiv2/jobdiva/createCandidate",
            r#"{"firstName": "Not", "lastName": "Held"}"#,
        )
        .await;
    assert_eq!(r.status, 200);
}
