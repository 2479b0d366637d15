//! JobDiva simulator: the behaviour `shared/reference/jobdiva-api.md` documents.
mod common;
use common::Sb;
use serde_json::Value;

#[tokio::test]
async fn login_gives_a_jwt_pair_and_bad_credentials_are_a_500() {
    let sb = Sb::new();
    let r = sb
        .call(
            "POST",
            "/jobdiva/apiv2/v2/login",
            &[("content-type", "application/json")],
            r#"{"clientId": 1000, "userName": "api@refassured.com", "password": "sandbox"}"#,
        )
        .await;
    assert_eq!(r.status, 200);
    let v = r.json();
    for k in ["token", "refreshtoken"] {
        assert_eq!(
            v[k].as_str().unwrap().split('.').count(),
            3,
            "JWT-shaped {k}"
        );
    }
    let bad = sb
        .call(
            "POST",
            "/jobdiva/apiv2/v2/login",
            &[("content-type", "application/json")],
            r#"{"clientId": 1000, "userName": "api@refassured.com", "password": "nope"}"#,
        )
        .await;
    assert_eq!(bad.status, 500, "never 401 for bad credentials");
    assert_eq!(bad.json()["message"], "Invalid username/password");
    let get = sb.call("GET", "/jobdiva/apiv2/v2/authenticate?clientid=1000&username=api%40refassured.com&password=sandbox", &[], "").await;
    assert_eq!(get.status, 200);
    assert!(get.json()["token"].is_string());
}

#[tokio::test]
async fn missing_tokens_and_unknown_routes_get_springs_401() {
    let sb = Sb::new();
    let r = sb.call("GET", "/jobdiva/apiv2/bi/UsersList", &[], "").await;
    assert_eq!(r.status, 401);
    let v = r.json();
    assert_eq!(v["error"], "Unauthorized");
    assert_eq!(
        v["message"],
        "Full authentication is required to access this resource"
    );
    // JobDiva quotes its own path (the sandbox serves it under /jobdiva).
    assert_eq!(v["path"], "/apiv2/bi/UsersList");
    assert!(v["timestamp"].is_string());
    // A valid token on an unknown route: still 401.
    let unknown = sb.jd("GET", "apiv2/jobdiva/noSuchThing", "").await;
    assert_eq!(unknown.status, 401);
    // Token without "Bearer " works too.
    let token = sb.jd_token().await;
    let bare = sb
        .call(
            "GET",
            "/jobdiva/apiv2/checkJobDivaSession",
            &[("authorization", &token)],
            "",
        )
        .await;
    assert_eq!((bare.status, bare.text.as_str()), (200, "true"));
    assert!(bare.headers.contains_key("x-li-uuid"));
}

#[tokio::test]
async fn expired_tokens_refresh_once() {
    let sb = Sb::with(sandbox::Settings {
        token_lifetime_secs: 0,
        ..Default::default()
    });
    let login = sb
        .call(
            "POST",
            "/jobdiva/apiv2/v2/login",
            &[("content-type", "application/json")],
            r#"{"clientId": 1000, "userName": "api@refassured.com", "password": "sandbox"}"#,
        )
        .await
        .json();
    let (token, refresh) = (
        login["token"].as_str().unwrap(),
        login["refreshtoken"].as_str().unwrap(),
    );
    let expired = sb
        .call(
            "GET",
            "/jobdiva/apiv2/checkJobDivaSession",
            &[("authorization", &format!("Bearer {token}"))],
            "",
        )
        .await;
    assert_eq!(expired.status, 401);
    let bearer = format!("Bearer {refresh}");
    let r = sb
        .call(
            "GET",
            "/jobdiva/apiv2/v2/apiRefreshToken",
            &[("authorization", &bearer)],
            "",
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(r.json()["token"].is_string() && r.json()["refreshtoken"].is_string());
    let again = sb
        .call(
            "GET",
            "/jobdiva/apiv2/v2/apiRefreshToken",
            &[("authorization", &bearer)],
            "",
        )
        .await;
    assert_eq!(again.status, 401, "a refresh token is good once");
    // An access token is not a refresh token.
    let wrong = sb
        .call(
            "GET",
            "/jobdiva/apiv2/v2/apiRefreshToken",
            &[("authorization", &format!("Bearer {token}"))],
            "",
        )
        .await;
    assert_eq!(wrong.status, 401);
}

fn names(rows: &Value) -> Vec<String> {
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r["first name"].as_str().unwrap(),
                r["last name"].as_str().unwrap()
            )
        })
        .collect()
}

#[tokio::test]
async fn search_is_prefix_case_insensitive_and_ignores_short_names() {
    let sb = Sb::new();
    let r = sb
        .jd(
            "POST",
            "apiv2/jobdiva/searchCandidateProfile",
            r#"{"firstName": "mAR", "lastName": "gonz"}"#,
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(names(&r.json()), vec!["Maria Gonzalez"]);
    let row = &r.json()[0];
    for k in [
        "id",
        "first name",
        "middle initial",
        "last name",
        "email",
        "alternate email",
        "address1",
        "address2",
        "city",
        "state",
        "zipcode",
        "country",
        "phone 1",
        "phone 2",
        "phone 3",
        "phone 4",
    ] {
        assert!(row.get(k).is_some(), "row has {k:?}");
    }
    assert_eq!(row["phone 1"], "Cell Phone: 3035550142 ext()");
    // Substring is not prefix.
    let mid = sb
        .jd(
            "POST",
            "apiv2/jobdiva/searchCandidateProfile",
            r#"{"lastName": "onzalez"}"#,
        )
        .await;
    assert_eq!(mid.json(), Value::Array(vec![]));
    // Two characters or fewer: silently ignored, so this matches everyone (sorted, ≤ 201).
    let short = sb
        .jd(
            "POST",
            "apiv2/jobdiva/searchCandidateProfile",
            r#"{"firstName": "Bo", "lastName": "Li"}"#,
        )
        .await
        .json();
    let all = names(&short);
    assert!(
        all.len() > 40,
        "ignored names match everyone: {}",
        all.len()
    );
    let mut sorted = all.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(
        all.iter()
            .map(|n| n.split(' ').next().unwrap().to_lowercase())
            .collect::<Vec<_>>(),
        sorted
            .iter()
            .map(|n| n.split(' ').next().unwrap().to_lowercase())
            .collect::<Vec<_>>()
    );
    let email_short = sb
        .jd(
            "POST",
            "apiv2/jobdiva/searchCandidateProfile",
            r#"{"email": "ma", "lastName": "Osei"}"#,
        )
        .await;
    assert_eq!(names(&email_short.json()), vec!["Kevin Osei"]);
    // Phone: digits prefix over all four phones; formatting is ignored.
    let phone = sb
        .jd(
            "POST",
            "apiv2/jobdiva/searchCandidateProfile",
            r#"{"phone": "(646) 555-01"}"#,
        )
        .await;
    assert_eq!(names(&phone.json()), vec!["Kevin Osei"]);
    assert_eq!(phone.json()[0]["phone 1"], "Work Phone: 6465550199 ext()");
    // Email prefix, case-insensitive.
    let email = sb
        .jd(
            "POST",
            "apiv2/jobdiva/searchCandidateProfile",
            r#"{"email": "LAURA.CHEN@"}"#,
        )
        .await;
    assert_eq!(names(&email.json()), vec!["Laura Chen"]);
    let limited = sb
        .jd(
            "POST",
            "apiv2/jobdiva/searchCandidateProfile",
            r#"{"maxreturned": 3}"#,
        )
        .await;
    assert_eq!(limited.json().as_array().unwrap().len(), 3);
    let quick = sb
        .jd(
            "GET",
            "apiv2/jobdiva/quickCandidateProfileSearch?value=kevin&maxReturned=5",
            "",
        )
        .await;
    assert_eq!(names(&quick.json()), vec!["Kevin Osei"]);
}

#[tokio::test]
async fn created_candidates_are_found_and_never_deduplicated() {
    let sb = Sb::new();
    let body = r#"{"firstName": "Priscilla", "lastName": "Newcomb", "email": "priscilla.newcomb@mail.example", "cellphone": "3035550188", "resumeSource": 17}"#;
    let a = sb.jd("POST", "apiv2/jobdiva/createCandidate", body).await;
    assert_eq!(a.status, 200);
    let id = a.text.parse::<u64>().expect("a bare number");
    assert!(id > u64::from(u32::MAX));
    let found = sb
        .jd(
            "POST",
            "apiv2/jobdiva/searchCandidateProfile",
            r#"{"email": "priscilla.newcomb"}"#,
        )
        .await
        .json();
    assert_eq!(found[0]["id"], id);
    let b = sb.jd("POST", "apiv2/jobdiva/createCandidate", body).await;
    assert_ne!(b.text, a.text, "JobDiva has no duplicate check");
    let detail = sb
        .jd(
            "GET",
            &format!("apiv2/bi/CandidateDetail?candidateId={id}"),
            "",
        )
        .await
        .json();
    assert_eq!(detail["data"][0]["RESUMESOURCE"], "17");

    let no_last = sb
        .jd(
            "POST",
            "apiv2/jobdiva/createCandidate",
            r#"{"firstName": "X"}"#,
        )
        .await;
    assert_eq!(no_last.status, 500);
    assert_eq!(
        no_last.json()["message"],
        "Parameter Check Failed \r\nError: Please set both firstname and lastname."
    );
    let long_email = format!(
        r#"{{"firstName": "A", "lastName": "B", "email": "{}@x.com"}}"#,
        "a".repeat(100)
    );
    assert_eq!(
        sb.jd("POST", "apiv2/jobdiva/createCandidate", &long_email)
            .await
            .status,
        500
    );
    let long_phone = r#"{"firstName": "A", "lastName": "B", "cellphone": "123456789012345678901"}"#;
    assert_eq!(
        sb.jd("POST", "apiv2/jobdiva/createCandidate", long_phone)
            .await
            .status,
        500
    );
    let bad_source = sb
        .jd(
            "POST",
            "apiv2/jobdiva/createCandidate",
            r#"{"firstName": "A", "lastName": "B", "resumeSource": 999}"#,
        )
        .await;
    assert_eq!(bad_source.status, 500);
    assert!(bad_source.json()["message"]
        .as_str()
        .unwrap()
        .contains("999"));
    let malformed = sb
        .jd("POST", "apiv2/jobdiva/createCandidate", r#"{"firstName": "#)
        .await;
    assert_eq!(malformed.status, 400);
    assert_eq!(
        malformed.json()["apierror"]["message"],
        "Malformed JSON request"
    );
    assert_eq!(malformed.json()["apierror"]["status"], "BAD_REQUEST");
}

#[tokio::test]
async fn notes_and_attachments() {
    let sb = Sb::new();
    let ok = sb.jd("POST", "apiv2/jobdiva/createCandidateNote",
        r#"{"candidateid": 5000000101, "note": "Reference report", "recruiterid": 301, "action": "Reference Check"}"#).await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    ok.text.parse::<u64>().expect("bare note id");
    let missing = sb
        .jd(
            "POST",
            "apiv2/jobdiva/createCandidateNote",
            r#"{"candidateid": 42, "note": "x"}"#,
        )
        .await;
    assert_eq!(
        (missing.status, missing.json()["message"].as_str().unwrap()),
        (500, "Error: Candidate(42) is not found.")
    );
    let action = sb
        .jd(
            "POST",
            "apiv2/jobdiva/createCandidateNote",
            r#"{"candidateid": 5000000101, "note": "x", "action": "Dance"}"#,
        )
        .await;
    assert_eq!(
        action.json()["message"],
        "Error: Invalid Action Type(Dance)."
    );
    let date = sb
        .jd(
            "POST",
            "apiv2/jobdiva/createCandidateNote",
            r#"{"candidateid": 5000000101, "note": "x", "actionDate": "2026-11-22T10:00:00"}"#,
        )
        .await;
    assert_eq!(
        date.json()["message"],
        "Error: 'actionDate' is invalid unless 'action' is set."
    );
    let notes = sb
        .admin("GET", "jobdiva/notes?candidateId=5000000101", "")
        .await
        .json();
    assert_eq!(
        notes.as_array().unwrap().len(),
        1,
        "failed calls store nothing"
    );

    let att = sb.jd("POST", "api/jobdiva/uploadCandidateAttachment",
        r#"{"candidateid": 5000000101, "name": "Reference", "filename": "r.pdf", "filecontent": "JVBERi0xLjQK", "attachmenttype": 1}"#).await;
    assert_eq!(att.status, 200, "{}", att.text);
    att.text.parse::<u64>().unwrap();
    let bad = sb.jd("POST", "api/jobdiva/uploadCandidateAttachment",
        r#"{"candidateid": 5000000101, "name": "R", "filename": "r.pdf", "filecontent": "!!not base64!!", "attachmenttype": 1}"#).await;
    assert_eq!(bad.status, 500);
    let stored = sb.admin("GET", "jobdiva/attachments", "").await.json();
    assert_eq!(stored[0]["size"], 9);
}

#[tokio::test]
async fn bi_rows_are_uppercase_strings_in_the_envelope() {
    let sb = Sb::new();
    let r = sb
        .jd(
            "GET",
            "apiv2/bi/CandidateDetail?candidateId=5000000101&userFieldsName=Shift%20Preference",
            "",
        )
        .await;
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(
        v["message"],
        "Query \"Candidate Detail\" completed successfully"
    );
    let row = v["data"][0].as_object().unwrap();
    assert!(
        row.values().all(Value::is_string),
        "every value a string: {row:?}"
    );
    assert_eq!(row["ID"], "5000000101");
    assert_eq!(row["ADDRESS2"], "Null");
    assert_eq!(row["Shift Preference"], "Nights");
    for k in row.keys().filter(|k| *k != "Shift Preference") {
        assert_eq!(k, &k.to_uppercase());
    }
    let missing = sb.jd("GET", "apiv2/bi/CandidateDetail", "").await;
    assert_eq!(missing.status, 400);
    assert_eq!(
        missing.json()["apierror"]["message"],
        "candidateId parameter is missing"
    );

    let ids: Vec<String> = (0..101)
        .map(|i| format!("candidateIds={}", 5_000_000_101u64 + i))
        .collect();
    let soft = sb
        .jd(
            "GET",
            &format!("apiv2/bi/CandidatesSubmittalsDetail?{}", ids.join("&")),
            "",
        )
        .await;
    assert_eq!(soft.status, 200, "a soft error is HTTP 200");
    assert_eq!(
        soft.json(),
        serde_json::json!({"message": "Error:  Please provide no more than 100 record IDs at a time."})
    );
    let subs = sb
        .jd(
            "GET",
            "apiv2/bi/CandidatesSubmittalsDetail?candidateIds=5000000102&candidateIds=5000000103",
            "",
        )
        .await
        .json();
    let rows = subs["data"].as_array().unwrap();
    assert!(!rows.is_empty());
    assert!(rows
        .iter()
        .all(|r| r.as_object().unwrap().values().all(Value::is_string)));
    let job_id = rows[0]["JOBID"].as_str().unwrap();
    let jobs = sb
        .jd("GET", &format!("apiv2/bi/JobsDetail?jobIds={job_id}"), "")
        .await
        .json();
    assert!(jobs["data"][0]["JOBDESCRIPTION"]
        .as_str()
        .unwrap()
        .starts_with("<p>"));
    assert!(jobs["data"][0]["COMPANYNAME"].is_string());
    let bad = sb
        .jd("GET", "apiv2/bi/JobsDetail?jobIds=abc", "")
        .await
        .json();
    assert_eq!(bad["message"], "Error: Invalid record ID: abc");
    let none = sb.jd("GET", "apiv2/bi/JobsDetail", "").await.json();
    assert_eq!(
        none["message"],
        "Error: Insufficient Parameter.  Please provide record ID."
    );

    let sources = sb.jd("GET", "apiv2/bi/ResumeSourceList", "").await.json();
    assert!(sources["data"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["NAME"] == "RefAssured" && r["ID"] == "17"));
    let users = sb.jd("GET", "apiv2/bi/UsersList", "").await.json();
    assert!(users["data"]
        .as_array()
        .unwrap()
        .iter()
        .any(|u| u["EMAIL"] == "rachel.recruiter@agency.example" && u["RECRUITERFLAG"] == "1"));
    let user = sb
        .jd(
            "GET",
            "apiv2/bi/UserDetail?userEmail=RACHEL.recruiter@agency.example",
            "",
        )
        .await
        .json();
    assert_eq!(user["data"][0]["USERID"], "301");
    let fields = sb.jd("GET", "apiv2/bi/UserfieldsList", "").await.json();
    assert_eq!(fields["data"][0]["FIELDNAME"], "Shift Preference");
    assert_eq!(
        sb.jd(
            "GET",
            "apiv2/validateUser?username=rachel.recruiter@agency.example",
            ""
        )
        .await
        .text,
        "true"
    );
}

#[tokio::test]
async fn the_resume_source_can_be_missing() {
    let sb = Sb::with(sandbox::Settings {
        refassured_resume_source: false,
        ..Default::default()
    });
    let sources = sb.jd("GET", "apiv2/bi/ResumeSourceList", "").await.json();
    assert!(!sources["data"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["NAME"] == "RefAssured"));
    let create = sb
        .jd(
            "POST",
            "apiv2/jobdiva/createCandidate",
            r#"{"firstName": "A", "lastName": "B", "resumeSource": 17}"#,
        )
        .await;
    assert_eq!(create.status, 500);
}

#[tokio::test]
async fn contacts_and_leads() {
    let sb = Sb::new();
    let found = sb
        .jd(
            "GET",
            "api/jobdiva/SearchContacts?email=paul.buyer%40mercy.example",
            "",
        )
        .await
        .json();
    assert_eq!(found[0]["company name"], "MERCY GENERAL HOSPITAL");
    assert_eq!(found[0]["phone 1"], "Work Phone: 3035550110 ext()");
    let contact_id = found[0]["id"].as_u64().unwrap();
    let by_company = sb
        .jd("GET", "api/jobdiva/SearchContacts?company=summit", "")
        .await
        .json();
    assert_eq!(by_company[0]["last name"], "Hiring");

    let note = sb
        .jd(
            "POST",
            "apiv2/jobdiva/createContactNote",
            &format!(r#"{{"contactid": {contact_id}, "note": "Sales opt-in"}}"#),
        )
        .await;
    assert_eq!((note.status, note.text.as_str()), (200, "true"));
    let missing = sb
        .jd(
            "POST",
            "apiv2/jobdiva/createContactNote",
            r#"{"contactid": 1, "note": "x"}"#,
        )
        .await;
    assert_eq!(missing.json()["message"], "Error: Contact 1 is not found.");

    let no_company = sb
        .jd(
            "POST",
            "apiv2/jobdiva/createContact",
            r#"{"company": "Nope Inc", "firstname": "A", "lastname": "B"}"#,
        )
        .await;
    assert_eq!(
        no_company.json()["message"],
        "Error: Company(NOPE INC) does not exist."
    );
    let two_defaults = sb.jd("POST", "apiv2/jobdiva/createContact", r#"{"company": "summit health", "firstname": "A", "lastname": "B",
        "addresses": [{"address1": "1", "defaultAddress": true}, {"address1": "2", "defaultAddress": true}]}"#).await;
    assert_eq!(two_defaults.status, 500);
    let created = sb.jd("POST", "apiv2/jobdiva/createContact", r#"{"company": "summit health", "firstname": "Nadia", "lastname": "Staffing",
        "email": "nadia@summit.example", "phones": [{"phone": "2065550175", "ext": "", "type": "Work Phone", "action": 1}],
        "addresses": [{"address1": "1 Main", "city": "Seattle", "defaultAddress": true}]}"#).await;
    assert_eq!(created.status, 200, "{}", created.text);
    created.text.parse::<u64>().unwrap();
    let stored = sb
        .admin("GET", "jobdiva/contacts?created=true", "")
        .await
        .json();
    assert_eq!(stored[0]["company"], "SUMMIT HEALTH", "company upper-cased");

    let lead = sb
        .jd(
            "POST",
            "apiv2/jobdiva/createLead",
            r#"{"firstName": "Gary", "lastName": "Prospect", "company": "Unknown Co"}"#,
        )
        .await;
    assert_eq!(lead.status, 200);
    lead.text.parse::<u64>().unwrap();
}

#[tokio::test]
async fn quotas_answer_429() {
    let sb = Sb::with(sandbox::Settings {
        jobdiva_quota_per_minute: Some(2),
        ..Default::default()
    });
    let token = sb.jd_token().await;
    let auth = format!("Bearer {token}");
    for _ in 0..2 {
        assert_eq!(
            sb.call(
                "GET",
                "/jobdiva/apiv2/bi/UsersList",
                &[("authorization", &auth)],
                ""
            )
            .await
            .status,
            200
        );
    }
    let r = sb
        .call(
            "GET",
            "/jobdiva/apiv2/bi/UsersList",
            &[("authorization", &auth)],
            "",
        )
        .await;
    assert_eq!((r.status, r.text.as_str()), (429, "Request Limit Exceeded"));
    assert!(r.headers.get("retry-after").is_none());
    // Counted per endpoint.
    assert_eq!(
        sb.call(
            "GET",
            "/jobdiva/apiv2/bi/UserfieldsList",
            &[("authorization", &auth)],
            ""
        )
        .await
        .status,
        200
    );
}
