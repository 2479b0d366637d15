//! The embedding contract v1 (docs/embedding.md): what the host page tells the tab.
//!
//! The host opens `…/?candidateId=<id>&userEmail=<email>[&userId=<id>]#key=<API key>`, or
//! answers the tab's `{type:"refassured:ready"}` message with
//! `{type:"refassured:context", candidateId, userEmail, userId, apiKey}`.

use super::contact_info::normalise_email;
use super::urlenc;

/// Message types of the contract.
pub const MSG_READY: &str = "refassured:ready";
pub const MSG_CONTEXT: &str = "refassured:context";
pub const MSG_RESIZE: &str = "refassured:resize";

/// A validated host context: the candidate whose record the tab sits in, and who is looking.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostContext {
    /// JobDiva candidate ids exceed 32 bits.
    pub candidate_id: u64,
    pub user_email: Option<String>,
    pub user_id: Option<u64>,
    /// The RefAssured API key. `None` only in standalone mode before the admin enters it.
    pub api_key: Option<String>,
}

/// The context as received, before validation; every field as text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawContext {
    pub candidate_id: Option<String>,
    pub user_email: Option<String>,
    pub user_id: Option<String>,
    pub api_key: Option<String>,
}

/// Why the tab cannot show a candidate. Each variant tells the user what is wrong and what
/// the admin should check (see [`ContextError::explain`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContextError {
    MissingCandidate,
    BadCandidateId(String),
    BadUserId(String),
    BadUserEmail(String),
    MissingKey,
    /// The key has a character no RefAssured key has (1-based position).
    BadKey(usize),
    MalformedMessage(String),
    HandshakeTimeout,
}

impl ContextError {
    /// `(headline, what to check)` for the error screen.
    pub fn explain(&self) -> (String, String) {
        const SETUP: &str = "In JobDiva, a Team Leader (Admin) checks Settings → My Team → Profile → \
             Manage RefAssured, and that the user has the “Allow to access RefAssured” permission.";
        match self {
            ContextError::MissingCandidate => (
                "JobDiva did not say which candidate this tab belongs to.".into(),
                format!("Open the RefAssured tab from a candidate record. {SETUP}"),
            ),
            ContextError::BadCandidateId(v) => (
                format!("“{}” is not a JobDiva candidate id.", shorten(v)),
                "Candidate ids are whole numbers. Reopen the tab from the candidate record; if it \
                 keeps happening, the tab's address in the JobDiva setup is wrong."
                    .into(),
            ),
            ContextError::BadUserId(v) => (
                format!("“{}” is not a JobDiva user id.", shorten(v)),
                "User ids are whole numbers. Check the tab's address in the JobDiva setup.".into(),
            ),
            ContextError::BadUserEmail(v) => (
                format!("“{}” is not an email address.", shorten(v)),
                "The recruiter's email is passed by JobDiva. Check the user's email in JobDiva.".into(),
            ),
            ContextError::BadKey(at) => (
                format!("The RefAssured API key has a character that cannot be part of a key (character {at})."),
                format!("Copy the key again from RefAssured (Settings → ATS Integration → JobDiva) as plain text. {SETUP}"),
            ),
            ContextError::MissingKey => (
                "The RefAssured API key was not passed to the tab.".into(),
                format!("Copy the key from RefAssured (Settings → ATS Integration → JobDiva). {SETUP}"),
            ),
            ContextError::MalformedMessage(why) => (
                "The JobDiva page sent the tab a message it could not read.".into(),
                format!("{why}. The host must send {{type: \"{MSG_CONTEXT}\", candidateId, userEmail, apiKey}}."),
            ),
            ContextError::HandshakeTimeout => (
                "The JobDiva page did not send the tab its context.".into(),
                format!(
                    "The tab asked its host page with a “{MSG_READY}” message and got no answer from an \
                     allowed origin. Reload the candidate record; if it persists, check the embedding setup."
                ),
            ),
        }
    }
}

/// At most 40 characters of `v` for a message (a 10 KB value cannot flood the screen).
pub fn shorten(v: &str) -> String {
    let mut s: String = v.chars().take(40).collect();
    if v.chars().count() > 40 {
        s.push('…');
    }
    s
}

fn non_empty(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

impl RawContext {
    /// Read the context from the tab's address: the query carries the candidate and user, the
    /// fragment carries the key (fragments are never sent to a server).
    pub fn from_url(query: &str, fragment: &str) -> Self {
        let q = urlenc::parse_pairs(query);
        let f = urlenc::parse_pairs(fragment);
        let get = |pairs: &[(String, String)], k: &str| {
            pairs.iter().find(|(name, _)| name == k).map(|(_, v)| v.clone())
        };
        RawContext {
            candidate_id: get(&q, "candidateId"),
            user_email: get(&q, "userEmail"),
            user_id: get(&q, "userId"),
            api_key: get(&f, "key"),
        }
    }

    /// Whether the address carried a context at all (otherwise: standalone or postMessage).
    pub fn is_present(&self) -> bool {
        self.candidate_id.is_some()
    }

    /// Validate. The key is required when `require_key` (embedded mode).
    pub fn validate(self, require_key: bool) -> Result<HostContext, ContextError> {
        let candidate = non_empty(self.candidate_id).ok_or(ContextError::MissingCandidate)?;
        let candidate_id = parse_id(&candidate).ok_or(ContextError::BadCandidateId(candidate))?;
        let user_id = match non_empty(self.user_id) {
            None => None,
            Some(u) => Some(parse_id(&u).ok_or(ContextError::BadUserId(u))?),
        };
        let user_email = match non_empty(self.user_email) {
            None => None,
            Some(e) if e.len() <= MAX_EMAIL && normalise_email(&e).is_some() => Some(e),
            Some(e) => return Err(ContextError::BadUserEmail(e)),
        };
        let api_key = match self.api_key.as_deref().map(clean_key) {
            None => None,
            Some(Ok(k)) => Some(k).filter(|k| !k.is_empty()),
            Some(Err(at)) => return Err(ContextError::BadKey(at)),
        };
        if require_key && api_key.is_none() {
            return Err(ContextError::MissingKey);
        }
        Ok(HostContext { candidate_id, user_email, user_id, api_key })
    }
}

/// The longest email address there is (RFC 5321's path limit).
pub const MAX_EMAIL: usize = 254;

/// Characters a paste from rich text adds around or inside a key and that no key has:
/// zero-width space / non-joiner / joiner, word joiner, byte-order mark, soft hyphen.
const PASTE_ARTEFACTS: &[char] = &['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{00AD}'];

/// A key as pasted → the key: whitespace and invisible paste artefacts removed. A key is
/// printable ASCII (it travels in an HTTP header), so anything else left is refused with its
/// 1-based position, instead of failing later inside the browser's `fetch`.
pub fn clean_key(raw: &str) -> Result<String, usize> {
    let key: String = raw.chars().filter(|c| !c.is_whitespace() && !PASTE_ARTEFACTS.contains(c)).collect();
    match key.chars().position(|c| !c.is_ascii_graphic()) {
        Some(i) => Err(i + 1),
        None => Ok(key),
    }
}

/// A positive whole number that fits 64 bits, digits only (no sign, no exponent).
pub fn parse_id(s: &str) -> Option<u64> {
    let s = s.trim();
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<u64>().ok().filter(|&n| n > 0)
}

/// The fragment with `key=` removed, other parameters kept (for `history.replaceState`).
pub fn fragment_without_key(fragment: &str) -> String {
    let rest: Vec<_> = urlenc::parse_pairs(fragment).into_iter().filter(|(k, _)| k != "key").collect();
    urlenc::join_pairs(&rest)
}

/// Parse the allow-list (space- or comma-separated origins; `https://*.jobdiva.com` matches any
/// subdomain at any depth, never the bare domain's look-alikes such as `evil-jobdiva.com`).
pub fn parse_allow_list(s: &str) -> Vec<String> {
    s.split([' ', ',', '\n', '\t']).map(str::trim).filter(|p| !p.is_empty()).map(String::from).collect()
}

/// Whether a message's origin is on the allow-list.
pub fn origin_allowed(origin: &str, allow: &[String]) -> bool {
    if origin.is_empty() || origin == "null" {
        return false;
    }
    allow.iter().any(|pattern| match pattern.split_once("://*.") {
        Some((scheme, suffix)) => match origin.split_once("://") {
            Some((o_scheme, host)) => {
                o_scheme == scheme && host.len() > suffix.len() + 1 && host.ends_with(&format!(".{suffix}"))
            }
            None => false,
        },
        None => pattern == origin,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(q: &str, f: &str) -> HostContext {
        RawContext::from_url(q, f).validate(true).expect("valid")
    }
    fn err(q: &str, f: &str) -> ContextError {
        RawContext::from_url(q, f).validate(true).expect_err("invalid")
    }

    #[test]
    fn reads_the_documented_url() {
        let c = ok("?candidateId=5000000001&userEmail=rec%40agency.com&userId=7", "#key=abc%2F123");
        assert_eq!(c.candidate_id, 5_000_000_001);
        assert_eq!(c.user_email.as_deref(), Some("rec@agency.com"));
        assert_eq!(c.user_id, Some(7));
        assert_eq!(c.api_key.as_deref(), Some("abc/123"));
    }

    #[test]
    fn user_fields_are_optional() {
        let c = ok("candidateId=12", "key=k");
        assert_eq!((c.user_email, c.user_id), (None, None));
    }

    #[test]
    fn rejects_bad_input_with_a_reason() {
        assert_eq!(err("", "key=k"), ContextError::MissingCandidate);
        assert_eq!(err("candidateId=%20", "key=k"), ContextError::MissingCandidate);
        assert_eq!(err("candidateId=12a", "key=k"), ContextError::BadCandidateId("12a".into()));
        assert_eq!(err("candidateId=-4", "key=k"), ContextError::BadCandidateId("-4".into()));
        assert_eq!(err("candidateId=0", "key=k"), ContextError::BadCandidateId("0".into()));
        assert_eq!(
            err("candidateId=99999999999999999999", "key=k"),
            ContextError::BadCandidateId("99999999999999999999".into())
        );
        assert_eq!(err("candidateId=1&userId=x", "key=k"), ContextError::BadUserId("x".into()));
        assert_eq!(err("candidateId=1&userEmail=nope", "key=k"), ContextError::BadUserEmail("nope".into()));
        assert_eq!(err("candidateId=1", ""), ContextError::MissingKey);
        assert_eq!(err("candidateId=1", "key="), ContextError::MissingKey);
    }

    #[test]
    fn key_is_optional_when_not_required() {
        let c = RawContext::from_url("candidateId=3", "").validate(false).unwrap();
        assert_eq!(c.api_key, None);
    }

    #[test]
    fn every_error_explains_itself() {
        for e in [
            ContextError::MissingCandidate,
            ContextError::BadCandidateId("x".repeat(100)),
            ContextError::BadUserId("y".into()),
            ContextError::BadUserEmail("z".into()),
            ContextError::MissingKey,
            ContextError::MalformedMessage("no candidateId".into()),
            ContextError::HandshakeTimeout,
        ] {
            let (head, fix) = e.explain();
            assert!(!head.is_empty() && !fix.is_empty());
            assert!(head.chars().count() < 120, "{head}");
        }
    }

    #[test]
    fn scrubs_only_the_key_from_the_fragment() {
        assert_eq!(fragment_without_key("#key=secret"), "");
        assert_eq!(fragment_without_key("#key=secret&panel=optins"), "panel=optins");
        assert_eq!(fragment_without_key(""), "");
    }

    #[test]
    fn origin_allow_list() {
        let allow = parse_allow_list("https://*.jobdiva.com, http://127.0.0.1:8788 https://www1.jobdiva.com");
        assert!(origin_allowed("https://www2.jobdiva.com", &allow));
        assert!(origin_allowed("https://a.b.jobdiva.com", &allow));
        assert!(origin_allowed("http://127.0.0.1:8788", &allow));
        assert!(!origin_allowed("http://127.0.0.1:8789", &allow));
        assert!(!origin_allowed("https://jobdiva.com.evil.com", &allow));
        assert!(!origin_allowed("https://evil-jobdiva.com", &allow));
        assert!(!origin_allowed("http://www2.jobdiva.com", &allow));
        assert!(!origin_allowed("https://.jobdiva.com", &allow));
        assert!(!origin_allowed("null", &allow));
        assert!(!origin_allowed("", &allow));
    }

    #[test]
    fn a_pasted_key_loses_what_the_paste_added_and_anything_else_is_refused_with_its_place() {
        assert_eq!(clean_key("  abc123\u{200B}\n").unwrap(), "abc123");
        assert_eq!(clean_key("\u{FEFF}ab\u{00AD}c\u{2060}").unwrap(), "abc");
        assert_eq!(clean_key("abcé1"), Err(4), "Cyrillic, accents, emoji: not a key");
        assert_eq!(clean_key("ab\u{0}c"), Err(3), "NUL");
        assert_eq!(clean_key("😀"), Err(1));
        let e = RawContext::from_url("candidateId=3", "key=ab%E2%80%8Bc").validate(true).unwrap();
        assert_eq!(e.api_key.as_deref(), Some("abc"), "an encoded zero-width space in the address");
        assert_eq!(RawContext::from_url("candidateId=3", "key=ab%0Ac").validate(true).unwrap().api_key.as_deref(), Some("abc"), "an encoded newline");
        assert_eq!(RawContext::from_url("candidateId=3", "key=ab%D0%B6").validate(true).unwrap_err(), ContextError::BadKey(3));
    }

    #[test]
    fn a_huge_email_is_refused_and_quoted_short() {
        let huge = format!("{}@example.com", "a".repeat(1_000_000));
        let e = RawContext { candidate_id: Some("3".into()), user_email: Some(huge), user_id: None, api_key: Some("k".into()) }.validate(true).unwrap_err();
        assert!(matches!(e, ContextError::BadUserEmail(_)));
        let (headline, _) = e.explain();
        assert!(headline.chars().count() < 80, "{headline}");
    }
}
