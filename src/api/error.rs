//! One error type for every upstream, with the upstream's own message parsed from its format.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Upstream {
    JobDiva,
    RefAssured,
    StaffingReferrals,
}

impl Upstream {
    pub fn name(self) -> &'static str {
        match self {
            Upstream::JobDiva => "JobDiva",
            Upstream::RefAssured => "RefAssured",
            Upstream::StaffingReferrals => "Staffing Referrals",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The request never got an answer (offline, refused, or the connection dropped mid-body).
    Network { upstream: Upstream, endpoint: &'static str, detail: String },
    Timeout { upstream: Upstream, endpoint: &'static str, after_ms: u32 },
    /// The caller went away (the component unmounted).
    Aborted,
    /// 401: a bad or revoked key or token, or (JobDiva) an unknown route.
    Unauthorized { upstream: Upstream, message: String },
    RateLimited { upstream: Upstream, retry_after_s: Option<u32> },
    /// The same idempotent request is still being processed (RefAssured's 409
    /// `request_in_progress`): wait and send it again.
    InProgress { upstream: Upstream, retry_after_s: Option<u32> },
    /// 400: a missing parameter or malformed body (JobDiva's `apierror`).
    BadRequest { upstream: Upstream, message: String },
    NotFound { upstream: Upstream, message: String },
    /// 409: already done differently, or claimed elsewhere; `existing` is the upstream's JSON.
    Conflict { upstream: Upstream, code: String, message: String, existing: Option<String> },
    /// A rejected value or business rule (JobDiva's 500 `Error: …`, Staffing Referrals'
    /// `{"status":"error"}`, RefAssured's 422).
    Rejected { upstream: Upstream, status: u16, message: String },
    /// JobDiva BI's HTTP 200 with only a `message`.
    Soft { endpoint: &'static str, message: String },
    /// 5xx without a usable message, or an HTML error page.
    Server { upstream: Upstream, status: u16, message: String },
    /// The body is not what the endpoint promises.
    Decode { endpoint: &'static str, detail: String },
    /// The request could not be made from what was given (a header value the browser refuses,
    /// such as a key pasted with a stray character). Nothing was sent.
    BadInput { upstream: Upstream, detail: String },
    /// A write whose outcome is unknown (a bare 5xx, a timeout, a drop after sending): the
    /// upstream may have acted. It is never sent again automatically; a person checks first.
    Unconfirmed { upstream: Upstream, what: String },
    /// The upstream answered with a redirect, which API calls never follow (the key would go
    /// with it). Nothing is known to have been done.
    Redirected { upstream: Upstream, endpoint: &'static str },
}

impl ApiError {
    /// Whether trying the same request again may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self, ApiError::Network { .. } | ApiError::Timeout { .. } | ApiError::RateLimited { .. } | ApiError::InProgress { .. } | ApiError::Server { .. })
    }

    /// For a request that changes something: the upstream may have acted although we got no
    /// clean answer, so the caller must check before trying again.
    pub fn outcome_unknown(&self) -> bool {
        matches!(self, ApiError::Network { .. } | ApiError::Timeout { .. } | ApiError::InProgress { .. } | ApiError::Server { .. } | ApiError::Decode { .. })
    }

    pub fn upstream(&self) -> Option<Upstream> {
        match self {
            ApiError::Network { upstream, .. }
            | ApiError::Timeout { upstream, .. }
            | ApiError::Unauthorized { upstream, .. }
            | ApiError::RateLimited { upstream, .. }
            | ApiError::InProgress { upstream, .. }
            | ApiError::BadRequest { upstream, .. }
            | ApiError::NotFound { upstream, .. }
            | ApiError::Conflict { upstream, .. }
            | ApiError::Rejected { upstream, .. }
            | ApiError::Server { upstream, .. }
            | ApiError::BadInput { upstream, .. }
            | ApiError::Unconfirmed { upstream, .. }
            | ApiError::Redirected { upstream, .. } => Some(*upstream),
            ApiError::Soft { .. } => Some(Upstream::JobDiva),
            ApiError::Aborted | ApiError::Decode { .. } => None,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Network { upstream, .. } => write!(f, "Could not reach {}. Check the connection and try again.", upstream.name()),
            ApiError::Timeout { upstream, after_ms, .. } => {
                write!(f, "{} did not answer within {} seconds.", upstream.name(), after_ms.div_ceil(1000))
            }
            ApiError::Aborted => write!(f, "Cancelled."),
            ApiError::Unauthorized { upstream: Upstream::RefAssured, .. } => {
                write!(f, "RefAssured refused the API key. An admin can copy a current key from RefAssured → Settings → ATS Integration → JobDiva.")
            }
            ApiError::Unauthorized { upstream, message } if message.is_empty() => write!(f, "{} refused the request (not allowed).", upstream.name()),
            ApiError::Unauthorized { upstream, message } => write!(f, "{} refused the request: {message}", upstream.name()),
            // A header cannot make the tab promise an absurd wait.
            ApiError::RateLimited { upstream, retry_after_s: Some(s) } if *s <= 90 => write!(f, "{} is busy (too many requests). Try again in {s} s.", upstream.name()),
            ApiError::RateLimited { upstream, retry_after_s: Some(s) } if *s <= 3600 => {
                write!(f, "{} is busy (too many requests). Try again in about {} minutes.", upstream.name(), s.div_ceil(60))
            }
            ApiError::RateLimited { upstream, retry_after_s: Some(_) } => write!(f, "{} is busy (too many requests). Try again later.", upstream.name()),
            ApiError::RateLimited { upstream, .. } => write!(f, "{} is busy (too many requests). Try again in a minute.", upstream.name()),
            ApiError::InProgress { upstream, .. } => write!(f, "{} is still finishing this; try again in a moment (it will not be done twice).", upstream.name()),
            // An answer without a reason of its own (an HTML error page, an empty body) still says
            // who failed and what to do.
            ApiError::BadRequest { upstream, message } if message.is_empty() => write!(f, "{} could not take the request (HTTP 400).", upstream.name()),
            ApiError::NotFound { upstream, message } if message.is_empty() => {
                write!(f, "{} has no such address or record (HTTP 404). If this keeps happening, check the configured API address.", upstream.name())
            }
            ApiError::Rejected { upstream, status, message } if message.is_empty() => write!(f, "{} refused the request (HTTP {status}).", upstream.name()),
            ApiError::Conflict { upstream, message, .. } if message.is_empty() => write!(f, "{} refused it: it conflicts with what is already there.", upstream.name()),
            ApiError::BadRequest { upstream, message }
            | ApiError::NotFound { upstream, message }
            | ApiError::Rejected { upstream, message, .. }
            | ApiError::Conflict { upstream, message, .. } => write!(f, "{}: {message}", upstream.name()),
            ApiError::Soft { message, .. } => write!(f, "JobDiva: {message}"),
            ApiError::Server { upstream, status, message } if message.is_empty() => {
                write!(f, "{} had a problem (HTTP {status}). Try again.", upstream.name())
            }
            ApiError::Server { upstream, status, message } => write!(f, "{} had a problem (HTTP {status}): {message}", upstream.name()),
            ApiError::Decode { endpoint, detail } => write!(f, "Unexpected answer from {endpoint}: {detail}"),
            ApiError::Unconfirmed { upstream, what } => write!(
                f,
                "{} may have {what}, but its answer was lost. It will not be sent again automatically: check {} first.",
                upstream.name(),
                upstream.name()
            ),
            ApiError::BadInput { upstream, detail } => write!(f, "The request to {} could not be sent: {detail}", upstream.name()),
            ApiError::Redirected { upstream, endpoint } => {
                write!(f, "{} answered {endpoint} with a redirect to another address; the tab does not follow it (the key stays where it belongs). Check the configured API address.", upstream.name())
            }
        }
    }
}

impl std::error::Error for ApiError {}

/// A short, single-line excerpt of a body for messages (HTML pages are not shown raw).
fn excerpt(text: &str) -> String {
    let t = text.trim();
    if t.starts_with('<') {
        return String::new();
    }
    super::decode::short(&t.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Map a non-success answer to an error, reading each upstream's own error format.
pub fn from_status(upstream: Upstream, status: u16, text: &str, retry_after: Option<u32>) -> ApiError {
    let json = serde_json::from_str::<serde_json::Value>(text).ok();
    let field = |pointer: &str| -> Option<String> {
        match json.as_ref()?.pointer(pointer)? {
            serde_json::Value::String(s) => Some(super::decode::short(s)),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    // Through the relay, RefAssured refuses a bad key before any upstream is reached: that
    // refusal is RefAssured's, whichever upstream the call was for.
    let code = field("/error/code");
    let upstream = if code.as_deref() == Some("invalid_api_key") { Upstream::RefAssured } else { upstream };
    let message = match upstream {
        // Spring body `message`; 400 `apierror.message`; 429 plain text.
        Upstream::JobDiva => field("/message").or_else(|| field("/apierror/message")),
        Upstream::StaffingReferrals => field("/message"),
        Upstream::RefAssured => field("/error/message").or_else(|| field("/message")),
    }
    .unwrap_or_else(|| if json.is_some() { String::new() } else { excerpt(text) });
    match status {
        401 | 403 => ApiError::Unauthorized { upstream, message },
        404 => ApiError::NotFound { upstream, message },
        409 if code.as_deref() == Some("request_in_progress") => ApiError::InProgress { upstream, retry_after_s: retry_after },
        409 => ApiError::Conflict {
            upstream,
            code: code.unwrap_or_default(),
            message,
            existing: json.as_ref().and_then(|j| j.pointer("/error/existing")).filter(|e| !e.is_null()).map(|e| e.to_string()),
        },
        429 => ApiError::RateLimited { upstream, retry_after_s: retry_after },
        400 => ApiError::BadRequest { upstream, message },
        // JobDiva reports validation and business rules as 500 with a message of its own: a
        // refusal, so nothing was written.
        500 if upstream == Upstream::JobDiva && is_jobdiva_rule(&message) => ApiError::Rejected { upstream, status, message },
        s if s >= 500 => ApiError::Server { upstream, status, message },
        _ => ApiError::Rejected { upstream, status, message },
    }
}

/// JobDiva's own refusals (500 with these messages): nothing was written.
pub fn is_jobdiva_rule(m: &str) -> bool {
    ["Error:", "Parameter Check Failed", "Please specify", "Invalid username/password", "You are not allowed"].iter().any(|p| m.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(u: Upstream, status: u16, body: &str) -> ApiError {
        from_status(u, status, body, None)
    }

    #[test]
    fn answers_without_a_reason_still_say_who_failed_and_what_to_do() {
        let html = "<!doctype html><html><body><h1>404 Not Found</h1></body></html>";
        let e = err(Upstream::RefAssured, 404, html).to_string();
        assert!(e.starts_with("RefAssured has no such address or record (HTTP 404)"), "{e}");
        assert!(!e.contains('<'));
        assert_eq!(err(Upstream::JobDiva, 400, "").to_string(), "JobDiva could not take the request (HTTP 400).");
        assert_eq!(err(Upstream::StaffingReferrals, 422, "<p>x</p>").to_string(), "Staffing Referrals refused the request (HTTP 422).");
    }

    #[test]
    fn a_retry_after_cannot_make_the_tab_promise_an_absurd_wait() {
        let busy = |s: u32| ApiError::RateLimited { upstream: Upstream::JobDiva, retry_after_s: Some(s) }.to_string();
        assert!(busy(30).ends_with("Try again in 30 s."));
        assert!(busy(600).ends_with("Try again in about 10 minutes."));
        // The transport caps the header at 3600 s; anything above reads "later".
        assert!(busy(super::super::transport::retry_after_s(Some("999999")).unwrap()).ends_with("Try again in about 60 minutes."));
        assert!(busy(u32::MAX).ends_with("Try again later."));
    }

    #[test]
    fn jobdiva_errors() {
        let spring = r#"{"timestamp":"2026-11-22T10:00:00.000+0000","status":401,"error":"Unauthorized","message":"Full authentication is required to access this resource","path":"/apiv2/x"}"#;
        assert_eq!(err(Upstream::JobDiva, 401, spring), ApiError::Unauthorized { upstream: Upstream::JobDiva, message: "Full authentication is required to access this resource".into() });
        let rule = r#"{"status":500,"error":"Internal Server Error","message":"Error: Candidate(42) is not found."}"#;
        assert!(matches!(err(Upstream::JobDiva, 500, rule), ApiError::Rejected { message, .. } if message == "Error: Candidate(42) is not found."));
        let creds = r#"{"status":500,"message":"Invalid username/password"}"#;
        assert!(matches!(err(Upstream::JobDiva, 500, creds), ApiError::Rejected { .. }));
        let crash = r#"{"status":500,"message":"NullPointerException"}"#;
        assert!(matches!(err(Upstream::JobDiva, 500, crash), ApiError::Server { .. }));
        let bad = r#"{"apierror":{"status":"BAD_REQUEST","timestamp":"22-11-2026 10:00:00","message":"candidateId parameter is missing","debugMessage":"x"}}"#;
        assert_eq!(err(Upstream::JobDiva, 400, bad), ApiError::BadRequest { upstream: Upstream::JobDiva, message: "candidateId parameter is missing".into() });
        assert_eq!(err(Upstream::JobDiva, 429, "Request Limit Exceeded"), ApiError::RateLimited { upstream: Upstream::JobDiva, retry_after_s: None });
        let html = err(Upstream::JobDiva, 502, "<html><body>Bad Gateway</body></html>");
        assert_eq!(html, ApiError::Server { upstream: Upstream::JobDiva, status: 502, message: String::new() });
        assert!(html.is_transient());
    }

    #[test]
    fn staffing_referrals_and_refassured_errors() {
        let sr = err(Upstream::StaffingReferrals, 422, r#"{"status":"error","message":"Invalid status"}"#);
        assert_eq!(sr, ApiError::Rejected { upstream: Upstream::StaffingReferrals, status: 422, message: "Invalid status".into() });
        let ra = err(Upstream::RefAssured, 409, r#"{"error":{"code":"already_claimed","message":"Another tab is processing this opt-in.","existing":{"claimId":"b"}}}"#);
        assert_eq!(ra, ApiError::Conflict { upstream: Upstream::RefAssured, code: "already_claimed".into(), message: "Another tab is processing this opt-in.".into(), existing: Some(r#"{"claimId":"b"}"#.into()) });
        let busy = from_status(Upstream::RefAssured, 409, r#"{"error":{"code":"request_in_progress","message":"m"}}"#, Some(1));
        assert_eq!(busy, ApiError::InProgress { upstream: Upstream::RefAssured, retry_after_s: Some(1) });
        assert!(busy.is_transient() && busy.outcome_unknown());
        let key = err(Upstream::RefAssured, 401, r#"{"error":{"code":"invalid_api_key","message":"x"}}"#);
        assert!(key.to_string().contains("Settings → ATS Integration → JobDiva"));
        // A relayed JobDiva call refused for the key is RefAssured's refusal.
        let relayed = err(Upstream::JobDiva, 401, r#"{"error":{"code":"invalid_api_key","message":"x"}}"#);
        assert!(matches!(relayed, ApiError::Unauthorized { upstream: Upstream::RefAssured, .. }), "{relayed:?}");
        assert!(!key.is_transient());
        // Empty and non-JSON bodies never panic.
        assert!(matches!(err(Upstream::RefAssured, 503, ""), ApiError::Server { status: 503, .. }));
        let long = "x".repeat(5000);
        let e = err(Upstream::StaffingReferrals, 500, &long);
        assert!(e.to_string().chars().count() < 300);
        let huge = format!(r#"{{"status":"error","message":"{}"}}"#, "y".repeat(100_000));
        assert!(err(Upstream::StaffingReferrals, 422, &huge).to_string().chars().count() < 300, "an upstream's message is shown short");
    }

    #[test]
    fn outcome_knowledge() {
        let t = ApiError::Timeout { upstream: Upstream::JobDiva, endpoint: "createCandidate", after_ms: 8000 };
        assert!(t.outcome_unknown() && t.is_transient());
        assert_eq!(t.to_string(), "JobDiva did not answer within 8 seconds.");
        let r = ApiError::Rejected { upstream: Upstream::JobDiva, status: 500, message: "Error: x".into() };
        assert!(!r.outcome_unknown() && !r.is_transient());
    }
}
