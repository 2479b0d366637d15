//! The mock JobDiva candidate record: an ATS-looking page whose "RefAssured" tab is an iframe of
//! the app, opened with the embedding contract (docs/embedding.md).
//!
//! `/?candidateId=<id>&userEmail=<email>&userId=<id>&tab=<profile|notes|refassured>&embed=<url|message>`
//! - `embed=url` (default): the context in the iframe's address, the key in its fragment.
//! - `embed=message`: a bare iframe address; the page answers the tab's `refassured:ready`.
//!   Values are passed through as given (`candidateId=abc` shows the tab's error screen).

use crate::{Config, DEMO_API_KEY};
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use std::sync::Arc;

/// The candidate the page opens when none is named.
pub const DEMO_CANDIDATE_ID: u64 = 5_000_000_101;
pub const DEMO_USER_EMAIL: &str = "rachel.recruiter@agency.example";
pub const DEMO_USER_ID: u64 = 301;

#[derive(Deserialize, Default)]
pub struct PageQuery {
    #[serde(rename = "candidateId")]
    candidate_id: Option<String>,
    #[serde(rename = "userEmail")]
    user_email: Option<String>,
    #[serde(rename = "userId")]
    user_id: Option<String>,
    tab: Option<String>,
    embed: Option<String>,
    /// `key=` overrides the key the page passes (a wrong or empty key exercises the tab's errors).
    key: Option<String>,
}

pub fn router(config: Config) -> Router {
    Router::new()
        .route("/", get(page))
        .with_state(Arc::new(config))
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn url_encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The iframe address for the URL form of the contract.
pub fn frame_url(
    app_origin: &str,
    candidate: &str,
    email: &str,
    user_id: &str,
    key: &str,
) -> String {
    let mut url = format!("{app_origin}/app/?candidateId={}", url_encode(candidate));
    if !email.is_empty() {
        url += &format!("&userEmail={}", url_encode(email));
    }
    if !user_id.is_empty() {
        url += &format!("&userId={}", url_encode(user_id));
    }
    if !key.is_empty() {
        url += &format!("#key={}", url_encode(key));
    }
    url
}

/// A string as a JavaScript literal that is also safe inside `<script>`.
fn js_string(s: &str) -> String {
    serde_json::to_string(s)
        .unwrap_or_else(|_| "\"\"".into())
        .replace('<', "\\u003c")
}

async fn page(State(config): State<Arc<Config>>, Query(q): Query<PageQuery>) -> Html<String> {
    let candidate = q
        .candidate_id
        .unwrap_or_else(|| DEMO_CANDIDATE_ID.to_string());
    let email = q.user_email.unwrap_or_else(|| DEMO_USER_EMAIL.to_string());
    let user_id = q.user_id.unwrap_or_else(|| DEMO_USER_ID.to_string());
    let key = q.key.unwrap_or_else(|| DEMO_API_KEY.to_string());
    let by_message = q.embed.as_deref() == Some("message");
    let tab = match q.tab.as_deref() {
        Some("profile") => "profile",
        Some("notes") => "notes",
        _ => "refassured",
    };
    let app_origin = config.app_origin();
    let src = if by_message {
        format!("{app_origin}/app/")
    } else {
        frame_url(&app_origin, &candidate, &email, &user_id, &key)
    };
    Html(render(&PageParts {
        app_origin: &app_origin,
        candidate: &candidate,
        email: &email,
        user_id: &user_id,
        key: &key,
        src: &src,
        by_message,
        tab,
    }))
}

struct PageParts<'a> {
    app_origin: &'a str,
    candidate: &'a str,
    email: &'a str,
    user_id: &'a str,
    key: &'a str,
    src: &'a str,
    by_message: bool,
    tab: &'a str,
}

fn render(p: &PageParts) -> String {
    let tab_button = |id: &str, label: &str| {
        let selected = p.tab == id;
        format!(
            r#"<button role="tab" id="tab-{id}" aria-controls="panel-{id}" aria-selected="{selected}" tabindex="{}" data-tab="{id}">{label}</button>"#,
            if selected { 0 } else { -1 }
        )
    };
    let hidden = |id: &str| if p.tab == id { "" } else { " hidden" };
    format!(
        r##"<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Candidate {cand_html} · JobDiva (sandbox)</title>
<style>
 body{{margin:0;font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;background:#eef1f5;color:#1d2733}}
 .bar{{background:#17375e;color:#fff;padding:10px 18px;display:flex;gap:16px;align-items:center}}
 .bar b{{font-size:16px;letter-spacing:.5px}} .bar span{{opacity:.8}}
 .record{{max-width:1180px;margin:16px auto;background:#fff;border:1px solid #cfd6df;border-radius:4px}}
 .who{{padding:14px 18px;border-bottom:1px solid #e1e5ea}} .who h1{{margin:0;font-size:20px}}
 [role=tablist]{{display:flex;gap:2px;padding:0 12px;background:#f5f7fa;border-bottom:1px solid #cfd6df}}
 [role=tab]{{border:0;background:none;padding:10px 14px;font:inherit;cursor:pointer;border-bottom:3px solid transparent}}
 [role=tab][aria-selected=true]{{border-bottom-color:#e5792b;font-weight:600}}
 [role=tab]:focus-visible{{outline:2px solid #17375e;outline-offset:-2px}}
 [role=tabpanel]{{padding:14px 18px}}
 #refassured-frame{{width:100%;height:480px;border:0;display:block}}
 .sandbox-note{{font-size:12px;color:#5b6776}}
</style></head>
<body>
<div class="bar"><b>JobDiva</b><span>Sandbox · mock candidate record</span></div>
<div class="record">
 <div class="who"><h1>Candidate <span id="host-candidate-id">{cand_html}</span></h1>
  <div class="sandbox-note">Signed in as {email_html} · the RefAssured tab below is the app, embedded as JobDiva embeds it ({mode}).</div></div>
 <div role="tablist" aria-label="Candidate record">{t1}{t2}{t3}</div>
 <div role="tabpanel" id="panel-profile" aria-labelledby="tab-profile"{h1}><p>Profile fields of the candidate live here in JobDiva.</p></div>
 <div role="tabpanel" id="panel-notes" aria-labelledby="tab-notes"{h2}><p>Notes added by RefAssured appear in JobDiva's Notes.</p></div>
 <div role="tabpanel" id="panel-refassured" aria-labelledby="tab-refassured"{h3}>
  <iframe id="refassured-frame" title="RefAssured" data-src="{src_html}"></iframe>
 </div>
</div>
<script>
(() => {{
  const APP_ORIGIN = {app_origin_js};
  const BY_MESSAGE = {by_message};
  const CONTEXT = {{ type: "refassured:context", candidateId: {cand_js}, userEmail: {email_js}, userId: {user_js}, apiKey: {key_js} }};
  const frame = document.getElementById("refassured-frame");
  const tabs = [...document.querySelectorAll('[role=tab]')];
  function load() {{ if (!frame.getAttribute("src")) frame.setAttribute("src", frame.dataset.src); }}
  function select(tab) {{
    for (const t of tabs) {{
      const on = t === tab;
      t.setAttribute("aria-selected", on); t.tabIndex = on ? 0 : -1;
      document.getElementById(t.getAttribute("aria-controls")).hidden = !on;
    }}
    if (tab.dataset.tab === "refassured") load();
  }}
  tabs.forEach((t, i) => {{
    t.addEventListener("click", () => select(t));
    t.addEventListener("keydown", (e) => {{
      const d = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
      if (d) {{ const n = tabs[(i + d + tabs.length) % tabs.length]; n.focus(); select(n); }}
    }});
  }});
  window.addEventListener("message", (e) => {{
    if (e.origin !== APP_ORIGIN || e.source !== frame.contentWindow) return;
    const d = e.data || {{}};
    if (d.type === "refassured:resize" && Number.isFinite(d.height)) {{
      frame.style.height = Math.max(160, Math.min(d.height, 20000)) + "px";
      frame.dataset.resized = String(d.height);
    }} else if (d.type === "refassured:ready" && BY_MESSAGE) {{
      frame.contentWindow.postMessage(CONTEXT, APP_ORIGIN);
    }}
  }});
  if (document.getElementById("tab-refassured").getAttribute("aria-selected") === "true") load();
}})();
</script>
</body></html>"##,
        cand_html = html_escape(p.candidate),
        email_html = html_escape(p.email),
        mode = if p.by_message {
            "context by postMessage"
        } else {
            "context in the address"
        },
        t1 = tab_button("profile", "Profile"),
        t2 = tab_button("notes", "Notes"),
        t3 = tab_button("refassured", "RefAssured"),
        h1 = hidden("profile"),
        h2 = hidden("notes"),
        h3 = hidden("refassured"),
        src_html = html_escape(p.src),
        app_origin_js = js_string(p.app_origin),
        by_message = p.by_message,
        cand_js = js_string(p.candidate),
        email_js = js_string(p.email),
        user_js = js_string(p.user_id),
        key_js = js_string(p.key),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_url_follows_the_contract() {
        let u = frame_url(
            "http://127.0.0.1:8787",
            "5000000101",
            "a b@x.com",
            "7",
            "k/ey",
        );
        assert_eq!(u, "http://127.0.0.1:8787/app/?candidateId=5000000101&userEmail=a+b%40x.com&userId=7#key=k%2Fey");
        assert_eq!(frame_url("o", "1", "", "", ""), "o/app/?candidateId=1");
    }

    #[test]
    fn page_values_cannot_break_out() {
        let page = render(&PageParts {
            app_origin: "http://127.0.0.1:1",
            candidate: "</script><script>alert(1)</script>",
            email: "\"><img>",
            user_id: "1",
            key: "k",
            src: "x\"onload=\"y",
            by_message: true,
            tab: "refassured",
        });
        assert!(!page.contains("</script><script>alert"));
        assert!(!page.contains("\"><img>"));
        assert!(!page.contains("x\"onload"));
    }
}
