//! Staffing Referrals simulator: the behaviour `shared/seeds/staffing-referrals-api.txt` documents.
mod common;
use common::Sb;
use serde_json::Value;

#[tokio::test]
async fn token_and_envelope() {
    let sb = Sb::new();
    let r = sb
        .call(
            "GET",
            "/staffingreferrals/api/v1/campaigns",
            &[("authorization", "wrong")],
            "",
        )
        .await;
    assert_eq!(r.status, 401);
    assert_eq!(r.json()["status"], "error");
    assert!(r.json()["message"].is_string());
    let ok = sb.sr("GET", "campaigns", "").await.json();
    assert_eq!(ok["status"], "success");
    assert_eq!(ok["data"][0]["name"], "Sandbox Campaign");
    assert_eq!(ok["data"][0]["minimum_term_units"], "weeks");
    let types = sb.sr("GET", "property_types", "").await.json();
    assert_eq!(
        types["data"][2]["options"],
        serde_json::json!(["One", "Two", "Three"])
    );
    assert!(
        types["data"][1].get("is_required").is_none(),
        "as documented, absent when unset"
    );
}

#[tokio::test]
async fn pagination_has_the_six_fields() {
    let sb = Sb::new();
    let first = sb.sr("GET", "referrals?page_size=7", "").await.json();
    let total = first["num_records_total"].as_u64().unwrap();
    assert!(total >= 30);
    assert_eq!(first["num_records_returned"], 7);
    assert_eq!(first["page_index"], 0);
    assert_eq!(first["page_size"], 7);
    assert_eq!(first["num_records_remaining"].as_u64().unwrap(), total - 7);
    assert_eq!(
        first["num_pages_remaining"].as_u64().unwrap(),
        (total - 7).div_ceil(7)
    );
    // Walk every page: each record exactly once.
    let mut seen = std::collections::BTreeSet::new();
    let mut index = 0;
    loop {
        let page = sb
            .sr(
                "GET",
                &format!("referrals?page_size=7&page_index={index}"),
                "",
            )
            .await
            .json();
        for r in page["data"].as_array().unwrap() {
            assert!(seen.insert(r["id"].as_u64().unwrap()));
        }
        if page["num_pages_remaining"] == 0 {
            break;
        }
        index += 1;
    }
    assert_eq!(seen.len() as u64, total);
    let capped = sb.sr("GET", "users?page_size=5000", "").await.json();
    assert_eq!(capped["page_size"], 1000, "max 1000");
    let past = sb.sr("GET", "referrals?page_index=99", "").await.json();
    assert_eq!(
        (
            past["num_records_returned"].as_u64(),
            past["num_pages_remaining"].as_u64()
        ),
        (Some(0), Some(0))
    );
}

#[tokio::test]
async fn referral_shape_and_filters() {
    let sb = Sb::new();
    let all = sb.sr("GET", "referrals", "").await.json();
    let r = &all["data"][0];
    for k in [
        "id",
        "ats_id",
        "status",
        "created_at",
        "updated_at",
        "is_manual",
        "is_referral_lead",
        "has_resume",
        "previous_referral_ids",
        "campaign",
        "applicant",
        "ambassador",
        "recruiter",
    ] {
        assert!(r.get(k).is_some(), "referral has {k}");
    }
    assert!(r["created_at"].as_str().unwrap().ends_with(" UTC"));
    let statuses: std::collections::BTreeSet<&str> = all["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses.into_iter().collect::<Vec<_>>(),
        vec![
            "Awaiting Payment",
            "Contacted",
            "Ineligible",
            "Lead",
            "Paid",
            "Placed"
        ]
    );
    let applicant = r["applicant"]["id"].as_u64().unwrap();
    let one = sb
        .sr("GET", &format!("referrals?applicant_id={applicant}"), "")
        .await
        .json();
    assert_eq!(one["data"].as_array().unwrap().len(), 1);
    let amb = r["ambassador"]["id"].as_u64().unwrap();
    let by_amb = sb
        .sr("GET", &format!("referrals?ambassador_id={amb}"), "")
        .await
        .json();
    assert!(by_amb["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["ambassador"]["id"] == amb));
    let future = sb
        .sr("GET", "referrals?since=2030-07-04T12:00:00-07:00", "")
        .await
        .json();
    assert_eq!(future["num_records_total"], 0);
    let bad = sb.sr("GET", "referrals?since=yesterday", "").await;
    assert_eq!(bad.json()["status"], "error");
}

#[tokio::test]
async fn update_status_with_the_six_values() {
    let sb = Sb::new();
    let id = sb.sr("GET", "referrals", "").await.json()["data"][0]["id"]
        .as_u64()
        .unwrap();
    for (sent, shown) in [
        ("lead", "Lead"),
        ("contacted", "Contacted"),
        ("placed", "Placed"),
        ("awaiting_payment", "Awaiting Payment"),
        ("paid", "Paid"),
        ("ineligible", "Ineligible"),
    ] {
        let r = sb
            .sr(
                "POST",
                &format!("referrals/{id}"),
                &format!("status={sent}"),
            )
            .await
            .json();
        assert_eq!(
            (r["status"].as_str(), r["data"]["status"].as_str()),
            (Some("success"), Some(shown))
        );
    }
    let bad = sb
        .sr("POST", &format!("referrals/{id}"), "status=hired")
        .await;
    assert_eq!(
        bad.json(),
        serde_json::json!({"status": "error", "message": "Invalid status"})
    );
    assert_eq!(
        sb.sr("POST", "referrals/999999", "status=lead")
            .await
            .json()["status"],
        "error"
    );
}

#[tokio::test]
async fn create_referral_looks_up_by_ats_id_then_email_then_phone() {
    let sb = Sb::new();
    let users = sb.sr("GET", "users?role_name=applicant", "").await.json();
    let with_phone = users["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["phone"].is_string() && u["ats_id"].is_null())
        .unwrap()
        .clone();
    // Phone only, in another format: the existing applicant, within 90 days: no new referral.
    let digits: String = with_phone["phone"]
        .as_str()
        .unwrap()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let form = format!("ambassador[email]=ambassador@email.com&ambassador[first_name]=Anne&recruiter[email]=rachel.recruiter%40agency.example&applicant[first_name]=X&applicant[phone]=%2B1+{}-{}-{}",
        &digits[0..3], &digits[3..6], &digits[6..]);
    let r = sb.sr("POST", "referrals", &form).await.json();
    assert_eq!(r["status"], "success", "{r}");
    assert_eq!(r["data"]["applicant"]["id"], with_phone["id"]);
    assert!(r["message"].as_str().unwrap().contains("90 days"));
    let users_before = sb.sr("GET", "users", "").await.json()["num_records_total"]
        .as_u64()
        .unwrap();

    // A new applicant and a new ambassador (form with bracket keys, as the doc's curl sends).
    let form = "ats_id=12345&recruiter[email]=rachel.recruiter%40agency.example&ambassador[email]=anne.new%40email.com&ambassador[first_name]=Anne&ambassador[last_name]=Ambassador&ambassador[phone]=505-555-5555&ambassador[ats_id]=abc123&applicant[email]=andrew.applicant%40email.com&applicant[first_name]=Andrew&applicant[last_name]=Applicant&applicant[phone]=505-555-1234&applicant[ats_id]=xyz123";
    let created = sb.sr("POST", "referrals", form).await.json();
    assert_eq!(created["status"], "success", "{created}");
    let d = &created["data"];
    assert_eq!(
        (d["status"].as_str(), d["ats_id"].as_str()),
        (Some("Lead"), Some("12345"))
    );
    assert_eq!(d["applicant"]["email"], "andrew.applicant@email.com");
    assert_eq!(d["ambassador"]["ats_id"], "abc123");
    let users_after = sb.sr("GET", "users", "").await.json()["num_records_total"]
        .as_u64()
        .unwrap();
    assert_eq!(users_after, users_before + 2);

    // ats_id wins over a different email.
    let again = sb.sr("POST", "referrals", "ambassador[email]=anne.new%40email.com&applicant[first_name]=Andrew&applicant[email]=other%40x.com&applicant[ats_id]=xyz123").await.json();
    assert_eq!(
        again["data"]["applicant"]["email"],
        "andrew.applicant@email.com"
    );

    let missing = sb
        .sr(
            "POST",
            "referrals",
            "ambassador[email]=a%40b.com&applicant[first_name]=Z",
        )
        .await
        .json();
    assert_eq!(missing["status"], "error");
    // JSON bodies work too.
    let json_body = r#"{"ambassador": {"email": "anne.new@email.com"}, "applicant": {"first_name": "Jay", "email_or_phone": "jay@x.example"}}"#;
    let j = sb
        .call(
            "POST",
            "/staffingreferrals/api/v1/referrals",
            &[
                ("authorization", "sandbox-sr-token"),
                ("content-type", "application/json"),
            ],
            json_body,
        )
        .await
        .json();
    assert_eq!(j["data"]["applicant"]["email"], "jay@x.example", "{j}");
}

#[tokio::test]
async fn users_filters_updates_and_deactivation() {
    let sb = Sb::new();
    for role in ["ambassador", "applicant", "recruiter", "admin"] {
        let r = sb
            .sr("GET", &format!("users?role_name={role}"), "")
            .await
            .json();
        assert!(r["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["role_name"] == role));
        assert!(r["num_records_total"].as_u64().unwrap() > 0, "{role}");
    }
    let by_email = sb
        .sr("GET", "users?email=RACHEL.RECRUITER%40agency.example", "")
        .await
        .json();
    assert_eq!(by_email["data"].as_array().unwrap().len(), 1);
    let rachel = by_email["data"][0].clone();
    assert_eq!(rachel["ats_id"], "301");
    let by_ats = sb.sr("GET", "users?ats_id=301", "").await.json();
    assert_eq!(by_ats["data"][0]["id"], rachel["id"]);
    let accepted = sb.sr("GET", "users?is_accepted=true", "").await.json();
    assert!(accepted["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|u| u["is_accepted"] == true));
    let id = rachel["id"].as_u64().unwrap();
    assert_eq!(
        sb.sr("GET", &format!("users/{id}"), "").await.json()["data"]["email"],
        rachel["email"]
    );

    let upd = sb
        .sr(
            "POST",
            &format!("users/{id}"),
            "first_name=John&last_name=Doe&ats_id=42",
        )
        .await
        .json();
    assert_eq!(
        (
            upd["data"]["first_name"].as_str(),
            upd["data"]["ats_id"].as_str()
        ),
        (Some("John"), Some("42"))
    );
    assert_eq!(
        sb.sr("POST", &format!("users/{id}"), "status=sleeping")
            .await
            .json()["status"],
        "error"
    );

    let sent = sb
        .sr(
            "POST",
            "users/send_access_email",
            "email=rob.recruiter%40agency.example",
        )
        .await
        .json();
    assert_eq!(
        sent["message"],
        "Sent access acount email to rob.recruiter@agency.example"
    );

    let recruiters = sb.sr("GET", "users?role_name=recruiter", "").await.json();
    let rob = recruiters["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["first_name"] == "Rob")
        .unwrap()["id"]
        .as_u64()
        .unwrap();
    let referrals_of_rob = sb.sr("GET", "referrals", "").await.json()["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["recruiter"]["id"] == rob)
        .count();
    let moved = sb
        .sr(
            "POST",
            &format!("users/{rob}/deactivate_recruiter"),
            &format!("new_recruiter_id={id}"),
        )
        .await
        .json();
    let msg = moved["message"].as_str().unwrap();
    assert!(
        msg.starts_with("Moved ")
            && msg.ends_with(&format!(
                "and {referrals_of_rob} referrals to recruiter {id}."
            )),
        "{msg}"
    );
    assert_eq!(moved["data"]["status"], "Inactive");
    let after = sb.sr("GET", "referrals", "").await.json()["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["recruiter"]["id"] == rob)
        .count();
    assert_eq!(after, 0);
}

#[tokio::test]
async fn invites_and_property_types() {
    let sb = Sb::new();
    let inv = sb.sr("POST", "invite/invite", "role=ambassador&user[email]=ambassador%40email.com&user[first_name]=Anne&user[last_name]=Ambassador&user[phone]=505-555-5555&send_at=2017-07-04T12:00:00-07:00").await.json();
    assert_eq!(inv["status"], "success", "{inv}");
    assert_eq!(inv["data"]["role_name"], "ambassador");
    assert!(inv["data"]["join_url"].is_null() || inv["data"]["apply_url"].is_string());
    let same = sb
        .sr(
            "POST",
            "invite/invite",
            "user[email]=AMBASSADOR%40email.com&user[first_name]=Other",
        )
        .await
        .json();
    assert_eq!(
        same["data"]["id"], inv["data"]["id"],
        "existing ambassador: ignored"
    );
    assert_eq!(
        sb.sr("POST", "invite/invite", "user[first_name]=NoEmail")
            .await
            .json()["status"],
        "error"
    );

    let opts = sb
        .sr(
            "POST",
            "property_types/58",
            "options=%5B%22One%22%2C%22Two%22%5D",
        )
        .await
        .json();
    assert_eq!(opts["data"]["options"], serde_json::json!(["One", "Two"]));
    let ty = sb.sr("POST", "property_types/58", "type=Text").await.json();
    assert_eq!(ty["status"], "error", "the type is immutable");
    assert_eq!(
        sb.sr("POST", "property_types/56", "placeholder=e.g.+RN")
            .await
            .json()["data"]["placeholder"],
        "e.g. RN"
    );
}

#[tokio::test]
async fn webhook_retries_with_doubling_back_off() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    // A receiver that fails three times, then accepts.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let received = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let rec = received.clone();
    tokio::spawn(async move {
        for n in 0.. {
            let Ok((mut s, _)) = listener.accept().await else {
                break;
            };
            let mut buf = vec![0u8; 65536];
            let len = s.read(&mut buf).await.unwrap_or(0);
            rec.lock()
                .unwrap()
                .push(String::from_utf8_lossy(&buf[..len]).into_owned());
            let status = if n < 3 {
                "500 Internal Server Error"
            } else {
                "200 OK"
            };
            let _ = s
                .write_all(format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\n\r\n").as_bytes())
                .await;
        }
    });
    let sb = Sb::with(sandbox::Settings {
        webhook_url: Some(format!("http://{addr}/hook")),
        webhook_header: Some("X-Hook-Secret: s3cret".into()),
        webhook_minute_ms: 40,
        ..Default::default()
    });
    let created = sb.sr("POST", "referrals", "ambassador[email]=anne%40new.example&ambassador[first_name]=Anne&recruiter[email]=rachel.recruiter%40agency.example&applicant[first_name]=Hook&applicant[email]=hook%40x.example").await.json();
    assert_eq!(created["status"], "success");
    let id = created["data"]["id"].as_u64().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let deliveries: Value = loop {
        let d = sb
            .admin("GET", "staffingreferrals/deliveries", "")
            .await
            .json();
        if d.as_array().unwrap().len() >= 4 || std::time::Instant::now() > deadline {
            break d;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    let d = deliveries.as_array().unwrap();
    assert_eq!(d.len(), 4, "{deliveries}");
    assert_eq!(
        d.iter()
            .map(|x| x["status"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        vec![500, 500, 500, 200]
    );
    assert!(d.iter().all(|x| x["referralId"] == id));
    // Gaps of 1, 2, 4 "minutes" (40 ms each here).
    let at: Vec<u64> = d.iter().map(|x| x["atMillis"].as_u64().unwrap()).collect();
    for (i, want) in [40u64, 80, 160].iter().enumerate() {
        let gap = at[i + 1] - at[i];
        assert!(
            gap >= *want && gap < want + 200,
            "gap {i}: {gap} ms, want ≈{want}"
        );
    }
    let first = &received.lock().unwrap()[0];
    assert!(first.contains("X-Hook-Secret: s3cret"));
    let body: Value = serde_json::from_str(first.split("\r\n\r\n").nth(1).unwrap()).unwrap();
    assert_eq!(body["id"], id);
    assert_eq!(body["applicant"]["email"], "hook@x.example");
}

#[tokio::test]
async fn webhook_gives_up_after_ten_attempts() {
    let sb = Sb::with(sandbox::Settings {
        webhook_url: Some("http://127.0.0.1:9/nothing".into()),
        webhook_minute_ms: 1,
        ..Default::default()
    });
    sb.sr("POST", "referrals", "ambassador[email]=anne%40new.example&ambassador[first_name]=Anne&recruiter[email]=rachel.recruiter%40agency.example&applicant[first_name]=Hook&applicant[email]=hook2%40x.example").await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let d = sb
        .admin("GET", "staffingreferrals/deliveries", "")
        .await
        .json();
    assert_eq!(d.as_array().unwrap().len(), 10, "{d}");
    assert!(d.as_array().unwrap().iter().all(|x| x["error"].is_string()));
}
