//! How the app is deployed: its settings in `index.html` and the headers it is served with, from
//! one template (`static/headers`). The sandbox serves the app this way, and the `release` binary
//! writes a release this way (docs/deploy.md).

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use std::collections::BTreeMap;

/// The header template, `<scope> <Name>: <value>` per line (`page`, `all`, `hashed`).
pub const TEMPLATE: &str = include_str!("../../static/headers");

/// Which responses a header goes on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// `index.html` (the tab and the console).
    Page,
    /// Every response.
    All,
    /// Trunk's content-hashed files.
    Hashed,
}

/// The deployment's values for the template's placeholders.
#[derive(Clone, Debug, Default)]
pub struct Policy {
    /// Origins allowed to frame the tab (the postMessage allow-list).
    pub frame_ancestors: Vec<String>,
    /// Origins the app may call besides its own (RefAssured's API, direct-access bases).
    pub connect_src: Vec<String>,
    /// `'sha256-…'` of each inline script of `index.html`.
    pub script_hashes: Vec<String>,
}

impl Policy {
    /// The headers for one scope, in template order.
    pub fn headers(&self, scope: Scope) -> Vec<(String, String)> {
        let join = |v: &[String]| v.join(" ");
        let frame = if self.frame_ancestors.is_empty() {
            "'none'".to_string()
        } else {
            join(&self.frame_ancestors)
        };
        TEMPLATE
            .lines()
            .filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let (s, rest) = l.split_once(' ')?;
                let (name, value) = rest.split_once(": ")?;
                let s = match s {
                    "page" => Scope::Page,
                    "all" => Scope::All,
                    "hashed" => Scope::Hashed,
                    _ => return None,
                };
                (s == scope).then(|| {
                    let value = value
                        .replace("{frame_ancestors}", &frame)
                        .replace("{connect_src}", &join(&self.connect_src))
                        .replace("{script_hashes}", &join(&self.script_hashes))
                        .replace("  ", " ")
                        .replace(" ;", ";");
                    (name.to_string(), value)
                })
            })
            .collect()
    }
}

/// `'sha256-…'` for each inline `<script>` of an HTML page (Trunk's loader), for `script-src`.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find("<script") {
        let after = &rest[open..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let tag = &after[..tag_end];
        let body_start = tag_end + 1;
        let Some(close) = after[body_start..].find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            let body = &after[body_start..body_start + close];
            let digest = ring::digest::digest(&ring::digest::SHA256, body.as_bytes());
            out.push(format!("'sha256-{}'", STANDARD.encode(digest.as_ref())));
        }
        rest = &after[body_start + close..];
    }
    out
}

/// Is `name` one of Trunk's content-hashed files (`name-0123456789abcdef.ext`; the hash is a
/// 64-bit number in hex without leading zeros, so it may be shorter than 16)?
pub fn is_hashed(name: &str) -> bool {
    let stem = name.rsplit('/').next().unwrap_or(name);
    let stem = stem.split_once('.').map_or(stem, |(s, _)| s);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, h)| {
        (10..=16).contains(&h.len()) && h.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// Set a `<meta name="…" content="…">` of `index.html`.
pub fn with_meta(index_html: &str, name: &str, value: &str) -> String {
    let tag = format!(r#"<meta name="{name}" content=""#);
    match index_html.find(&tag) {
        Some(start) => {
            let value_start = start + tag.len();
            let value_end = index_html[value_start..]
                .find('"')
                .map_or(index_html.len(), |i| value_start + i);
            format!(
                "{}{}{}",
                &index_html[..value_start],
                value,
                &index_html[value_end..]
            )
        }
        None => index_html.to_string(),
    }
}

/// A release's settings: what goes into `index.html` and the headers. Read from a `KEY=value`
/// file, each key overridable from the environment; a release is refused with an unset or
/// malformed value (`validate`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    pub api_base: String,
    pub allowed_origins: Vec<String>,
    pub candidate_url: String,
    pub contact_url: String,
    pub jobdiva_api_base: String,
    pub staffing_api_base: String,
    pub timeout_ms: u32,
    /// JobDiva's action type for report notes; empty for none (the default).
    pub note_action: String,
}

/// The keys of a release configuration, with what each is.
pub const KEYS: &[(&str, &str)] = &[
    (
        "REFASSURED_API_BASE",
        "RefAssured's API, e.g. https://api.refassured.com",
    ),
    (
        "ALLOWED_HOST_ORIGINS",
        "JobDiva origins that may frame the tab, space-separated, e.g. https://*.jobdiva.com",
    ),
    (
        "JOBDIVA_CANDIDATE_URL",
        "link to a JobDiva candidate, with {id}",
    ),
    (
        "JOBDIVA_CONTACT_URL",
        "link to a JobDiva contact, with {id}",
    ),
    (
        "JOBDIVA_API_BASE",
        "JobDiva's API for the console's direct access, e.g. https://api.jobdiva.com",
    ),
    (
        "STAFFINGREFERRALS_API_BASE",
        "the agency's Staffing Referrals domain for direct access, or \"none\"",
    ),
    (
        "TIMEOUT_MS",
        "how long one upstream request may take, 1000-120000 ms",
    ),
    (
        "JOBDIVA_NOTE_ACTION",
        "optional: JobDiva's action type for report notes, e.g. Reference Check",
    ),
];

/// `https://host[:port]`, or `http://` on loopback (local test releases); no path.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split('/').next()?;
    let loopback =
        host.starts_with("127.0.0.1") || host.starts_with("localhost") || host.starts_with("[::1]");
    let ok_scheme = scheme == "https" || (scheme == "http" && loopback);
    let ok_host = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c));
    (ok_scheme && ok_host).then(|| format!("{scheme}://{host}"))
}

impl Settings {
    /// Parse and check a configuration: `pairs` from the file, then the environment on top.
    pub fn from_pairs(pairs: &BTreeMap<String, String>) -> Result<Settings, Vec<String>> {
        let mut problems = Vec::new();
        let mut get = |k: &str| match pairs.get(k).map(|v| v.trim()).filter(|v| !v.is_empty()) {
            Some(v) => v.to_string(),
            None => {
                problems.push(format!(
                    "{k} is not set ({})",
                    KEYS.iter().find(|(n, _)| *n == k).map_or("", |(_, d)| d)
                ));
                String::new()
            }
        };
        let s = Settings {
            api_base: get("REFASSURED_API_BASE"),
            allowed_origins: get("ALLOWED_HOST_ORIGINS")
                .split_whitespace()
                .map(String::from)
                .collect(),
            candidate_url: get("JOBDIVA_CANDIDATE_URL"),
            contact_url: get("JOBDIVA_CONTACT_URL"),
            jobdiva_api_base: get("JOBDIVA_API_BASE"),
            staffing_api_base: get("STAFFINGREFERRALS_API_BASE"),
            timeout_ms: 0,
            note_action: pairs
                .get("JOBDIVA_NOTE_ACTION")
                .map(|v| v.trim().to_string())
                .unwrap_or_default(),
        };
        let timeout = get("TIMEOUT_MS");
        let mut s = s;
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut bad = |k: &str, v: &str, why: &str| problems.push(format!("{k}={v}: {why}"));
        for (k, v) in [
            ("REFASSURED_API_BASE", &s.api_base),
            ("JOBDIVA_API_BASE", &s.jobdiva_api_base),
        ] {
            if origin_of(v).is_none() {
                bad(
                    k,
                    v,
                    "not an https:// address (http:// only on 127.0.0.1 or localhost)",
                );
            }
        }
        if s.staffing_api_base != "none" && origin_of(&s.staffing_api_base).is_none() {
            bad(
                "STAFFINGREFERRALS_API_BASE",
                &s.staffing_api_base,
                "not an https:// address, nor \"none\"",
            );
        }
        for (k, v) in [
            ("JOBDIVA_CANDIDATE_URL", &s.candidate_url),
            ("JOBDIVA_CONTACT_URL", &s.contact_url),
        ] {
            if origin_of(v).is_none() || !v.contains("{id}") || v.contains('"') {
                bad(k, v, "not an https:// address with {id} in it");
            }
        }
        for o in &s.allowed_origins {
            let plain = o.replacen("://*.", "://", 1);
            if origin_of(&plain).as_deref() != Some(plain.as_str()) {
                bad(
                    "ALLOWED_HOST_ORIGINS",
                    o,
                    "not an origin (scheme://host[:port], *. allowed first, no path)",
                );
            }
        }
        if s.note_action.contains(['"', '<', '>']) {
            bad(
                "JOBDIVA_NOTE_ACTION",
                &s.note_action.clone(),
                "an action type has no quotes or angle brackets",
            );
        }
        match timeout.parse::<u32>() {
            Ok(ms) if (1000..=120_000).contains(&ms) => s.timeout_ms = ms,
            _ => bad(
                "TIMEOUT_MS",
                &timeout,
                "not a number of milliseconds from 1000 to 120000",
            ),
        }
        if problems.is_empty() {
            Ok(s)
        } else {
            Err(problems)
        }
    }

    /// `index.html` with these settings.
    pub fn configure(&self, index_html: &str) -> String {
        let staffing = if self.staffing_api_base == "none" {
            ""
        } else {
            &self.staffing_api_base
        };
        [
            ("refassured-allowed-origins", self.allowed_origins.join(" ")),
            ("refassured-api-base", self.api_base.clone()),
            ("jobdiva-candidate-url", self.candidate_url.clone()),
            ("jobdiva-contact-url", self.contact_url.clone()),
            ("refassured-timeout-ms", self.timeout_ms.to_string()),
            ("jobdiva-api-base", self.jobdiva_api_base.clone()),
            ("staffingreferrals-api-base", staffing.to_string()),
            ("jobdiva-note-action", self.note_action.clone()),
        ]
        .iter()
        .fold(index_html.to_string(), |html, (name, value)| {
            with_meta(&html, name, value)
        })
    }

    /// The header policy for a page's `index_html` (already configured). The tab talks only to
    /// RefAssured and may be framed by the allowed JobDiva origins; the console also reaches the
    /// direct-access bases and may be framed by nobody.
    pub fn policy(&self, page: Page, index_html: &str) -> Policy {
        let bases: &[&String] = match page {
            Page::Tab => &[&self.api_base],
            Page::Console => &[
                &self.api_base,
                &self.jobdiva_api_base,
                &self.staffing_api_base,
            ],
        };
        let mut connect: Vec<String> = bases.iter().filter_map(|u| origin_of(u)).collect();
        connect.dedup();
        Policy {
            frame_ancestors: match page {
                Page::Tab => self.allowed_origins.clone(),
                Page::Console => Vec::new(),
            },
            connect_src: connect,
            script_hashes: inline_script_hashes(index_html),
        }
    }
}

/// The app's two pages: the tab (`index.html`) and the admin console (`console/index.html`),
/// each a bundle of its own.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Page {
    Tab,
    Console,
}

impl Page {
    pub const ALL: [Page; 2] = [Page::Tab, Page::Console];

    /// The page's file under the app's root.
    pub fn file(self) -> &'static str {
        match self {
            Page::Tab => "index.html",
            Page::Console => "console/index.html",
        }
    }

    /// The page's address under the app's root.
    pub fn dir(self) -> &'static str {
        match self {
            Page::Tab => "",
            Page::Console => "console/",
        }
    }
}

/// A page's headers: its own and those of every response.
fn page_headers(policy: &Policy) -> Vec<(String, String)> {
    let mut page = policy.headers(Scope::Page);
    page.extend(policy.headers(Scope::All));
    page
}

/// The release's headers as Netlify / Cloudflare Pages `_headers` under `root` (e.g. `/app/`),
/// with the tab's and the console's policies.
pub fn headers_file(tab: &Policy, console: &Policy, root: &str) -> String {
    let block = |path: &str, hs: Vec<(String, String)>| {
        let mut s = format!("{path}\n");
        for (n, v) in hs {
            s += &format!("  {n}: {v}\n");
        }
        s
    };
    let mut blocks = vec![block(&format!("{root}*"), tab.headers(Scope::All))];
    for (page, policy) in [(Page::Tab, tab), (Page::Console, console)] {
        blocks.push(block(
            &format!("{root}{}", page.dir()),
            page_headers(policy),
        ));
        blocks.push(block(
            &format!("{root}{}", page.file()),
            page_headers(policy),
        ));
    }
    for ext in ["wasm", "js", "css"] {
        blocks.push(block(&format!("{root}*.{ext}"), tab.headers(Scope::Hashed)));
    }
    blocks.join("\n")
}

/// The same headers as an nginx snippet for `location {root}`.
pub fn nginx_snippet(tab: &Policy, console: &Policy, root: &str) -> String {
    let add = |hs: Vec<(String, String)>| {
        hs.into_iter()
            .map(|(n, v)| format!("    add_header {n} \"{v}\" always;\n"))
            .collect::<String>()
    };
    let mut hashed = tab.headers(Scope::Hashed);
    hashed.extend(tab.headers(Scope::All));
    let pages: String = [(Page::Tab, tab), (Page::Console, console)]
        .iter()
        .map(|(page, policy)| {
            let headers = add(page_headers(policy));
            format!(
                "location = {root}{dir} {{\n    try_files /{file} =404;\n{headers}}}\n\
                 location = {root}{file} {{\n{headers}}}\n",
                dir = page.dir(),
                file = page.file(),
            )
        })
        .collect();
    format!(
        "# RefAssured tab and console: generated by scripts/release.sh from static/headers.\n\
         # nginx does not inherit add_header into a location that sets its own: each repeats all.\n\
         types {{ application/wasm wasm; }}\n\
         {pages}\
         location ~ ^{root}.+-[0-9a-f]{{10,16}}(_bg)?\\.(js|wasm|css)$ {{\n{hashed}}}\n\
         location {root} {{\n{all}}}\n",
        hashed = add(hashed),
        all = add(tab.headers(Scope::All)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(extra: &[(&str, &str)]) -> BTreeMap<String, String> {
        let mut m: BTreeMap<String, String> = [
            ("REFASSURED_API_BASE", "https://api.refassured.com"),
            (
                "ALLOWED_HOST_ORIGINS",
                "https://*.jobdiva.com https://www1.jobdiva.com",
            ),
            (
                "JOBDIVA_CANDIDATE_URL",
                "https://www1.jobdiva.com/candidates/{id}",
            ),
            (
                "JOBDIVA_CONTACT_URL",
                "https://www1.jobdiva.com/contacts/{id}",
            ),
            ("JOBDIVA_API_BASE", "https://api.jobdiva.com"),
            ("STAFFINGREFERRALS_API_BASE", "none"),
            ("TIMEOUT_MS", "15000"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        for (k, v) in extra {
            m.insert(k.to_string(), v.to_string());
        }
        m
    }

    #[test]
    fn a_complete_configuration_fills_index_html_and_the_policy() {
        let s = Settings::from_pairs(&pairs(&[])).unwrap();
        let html = r#"<meta name="refassured-api-base" content="/refassured"><script type="module">init()</script><script src="/x.js"></script>"#;
        let out = s.configure(html);
        assert!(out.contains(r#"content="https://api.refassured.com""#));
        let p = s.policy(Page::Console, &out);
        assert_eq!(p.script_hashes.len(), 1, "only the inline script");
        let tab = &s.policy(Page::Tab, &out).headers(Scope::Page)[0].1;
        assert!(
            tab.contains("connect-src 'self' https://api.refassured.com;"),
            "the tab reaches RefAssured only: {tab}"
        );
        assert!(tab.contains("frame-ancestors https://*.jobdiva.com https://www1.jobdiva.com;"));
        let csp = &p.headers(Scope::Page)[0];
        assert_eq!(csp.0, "Content-Security-Policy");
        assert!(
            csp.1.contains("frame-ancestors 'none';"),
            "nothing frames the console: {}",
            csp.1
        );
        assert!(
            csp.1
                .contains("connect-src 'self' https://api.refassured.com https://api.jobdiva.com;"),
            "{}",
            csp.1
        );
        assert!(
            csp.1
                .contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
            "{}",
            csp.1
        );
        assert!(!csp.1.contains("unsafe-inline") && !csp.1.contains('{'));
    }

    #[test]
    fn unset_and_malformed_values_are_refused_each_by_name() {
        let mut m = pairs(&[("REFASSURED_API_BASE", ""), ("TIMEOUT_MS", "")]);
        m.remove("JOBDIVA_API_BASE");
        let e = Settings::from_pairs(&m).unwrap_err();
        assert_eq!(e.len(), 3, "{e:?}");
        assert!(e
            .iter()
            .any(|p| p.starts_with("REFASSURED_API_BASE is not set")));
        for (k, v) in [
            ("REFASSURED_API_BASE", "http://api.refassured.com"),
            ("ALLOWED_HOST_ORIGINS", "https://jobdiva.com/path"),
            ("ALLOWED_HOST_ORIGINS", "*"),
            (
                "JOBDIVA_CANDIDATE_URL",
                "https://www1.jobdiva.com/candidates/",
            ),
            ("TIMEOUT_MS", "5"),
            ("STAFFINGREFERRALS_API_BASE", "agency.staffingreferrals.com"),
        ] {
            let e = Settings::from_pairs(&pairs(&[(k, v)])).unwrap_err();
            assert!(e.len() == 1 && e[0].starts_with(k), "{k}={v}: {e:?}");
        }
        assert!(
            Settings::from_pairs(&pairs(&[(
                "REFASSURED_API_BASE",
                "http://127.0.0.1:18787/refassured"
            )]))
            .is_ok(),
            "loopback http for local test releases"
        );
    }

    #[test]
    fn hashed_names_are_trunk_s() {
        assert!(is_hashed("refassured-tab-cc1de690dad0d092_bg.wasm"));
        assert!(is_hashed("/app/refassured-tab-cc1de690dad0d092.js"));
        assert!(is_hashed("style-52b5e27b3978100f.css"));
        assert!(is_hashed("refassured-console-19a5e0d6c463c14_bg.wasm"));
        assert!(!is_hashed("index.html"));
        assert!(!is_hashed("snippets/gloo-x/inline0.js"));
    }

    #[test]
    fn release_files_carry_every_header() {
        let p = Policy {
            frame_ancestors: vec!["https://*.jobdiva.com".into()],
            connect_src: vec![],
            script_hashes: vec!["'sha256-x'".into()],
        };
        let console = Policy::default();
        let h = headers_file(&p, &console, "/app/");
        assert!(h.contains("/app/index.html\n  Content-Security-Policy: "));
        assert!(h.contains("/app/console/index.html\n  Content-Security-Policy: "));
        assert!(h.contains("immutable"));
        let n = nginx_snippet(&p, &console, "/app/");
        assert_eq!(n.matches("X-Content-Type-Options").count(), 6);
        assert!(n.contains("try_files /console/index.html"));
        assert!(n.contains("application/wasm"));
    }

    #[test]
    fn nothing_may_frame_without_an_allowed_origin() {
        let csp = &Policy::default().headers(Scope::Page)[0].1;
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    }
}
