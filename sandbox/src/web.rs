//! The app's port: `/health` and the built app at `/app/`.

use crate::deploy::{Page, Policy, Scope};
use crate::Config;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Json, Router};
use std::sync::Arc;
use tower::ServiceExt;
use tower_http::services::ServeDir;

pub fn app_router(config: Config, state: crate::AppState) -> Router {
    let config = Arc::new((config, state));
    Router::new()
        .route(
            "/health",
            get(|| async { Json(serde_json::json!({ "status": "ok" })) }),
        )
        .route("/", get(|| async { Redirect::temporary("/app/") }))
        .route("/app", get(|| async { Redirect::permanent("/app/") }))
        .route("/app/", get(tab_page))
        .route(
            "/app/console",
            get(|| async { Redirect::permanent("/app/console/") }),
        )
        .route("/app/console/", get(console_page))
        .route("/app/{*path}", get(asset))
        .with_state(config)
}

pub use crate::deploy::with_meta;

/// Add a policy's headers for one scope.
fn with_headers(mut r: Response, policy: &Policy, scope: Scope) -> Response {
    for (name, value) in policy.headers(scope) {
        if let (Ok(n), Ok(v)) = (HeaderName::try_from(name), HeaderValue::try_from(value)) {
            r.headers_mut().insert(n, v);
        }
    }
    r
}

/// The sandbox's deployment: the app calls only its own origin (the simulators are here), and
/// only the mock JobDiva page may frame the tab; nothing may frame the console.
fn sandbox_policy(config: &Config, page: Page, index_html: &str) -> Policy {
    Policy {
        frame_ancestors: match page {
            Page::Tab => allowed_origins(config),
            Page::Console => Vec::new(),
        },
        connect_src: Vec::new(),
        script_hashes: crate::deploy::inline_script_hashes(index_html),
    }
}

fn allowed_origins(config: &Config) -> Vec<String> {
    vec![
        config.host_origin(),
        format!("{}://localhost:{}", config.scheme(), config.host_port),
    ]
}

type Ctx = Arc<(Config, crate::AppState)>;

async fn tab_page(State(ctx): State<Ctx>) -> Response {
    index(ctx, Page::Tab).await
}

async fn console_page(State(ctx): State<Ctx>) -> Response {
    index(ctx, Page::Console).await
}

async fn index(ctx: Ctx, page: Page) -> Response {
    let (config, state) = (&ctx.0, &ctx.1);
    match tokio::fs::read_to_string(config.dist.join(page.file())).await {
        Ok(html) => {
            let body = with_meta(
                &html,
                "refassured-allowed-origins",
                &allowed_origins(config).join(" "),
            );
            let body = with_meta(
                &body,
                "jobdiva-candidate-url",
                &format!("{}/?candidateId={{id}}", config.host_origin()),
            );
            let body = with_meta(
                &body,
                "jobdiva-contact-url",
                &format!("{}/?contactId={{id}}", config.host_origin()),
            );
            let body = with_meta(&body, "jobdiva-api-base", "/jobdiva");
            let body = with_meta(&body, "staffingreferrals-api-base", "/staffingreferrals");
            let body = match state.settings().app_timeout_ms {
                Some(ms) => with_meta(&body, "refassured-timeout-ms", &ms.to_string()),
                None => body,
            };
            let policy = sandbox_policy(config, page, &body);
            let page = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response();
            with_headers(
                with_headers(page, &policy, Scope::Page),
                &policy,
                Scope::All,
            )
        }
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!(
                "The app is not built: {} has no {}. Run scripts/run.sh.",
                config.dist.display(),
                page.file()
            ),
        )
            .into_response(),
    }
}

/// A file of `dist/`: tower-http's `ServeDir` (content types, no way out of `dist/`).
async fn asset(State(ctx): State<Ctx>, Path(path): Path<String>, req: Request) -> Response {
    if path == "index.html" {
        return index(ctx, Page::Tab).await;
    }
    if path == "console/index.html" {
        return index(ctx, Page::Console).await;
    }
    let (mut parts, body) = req.into_parts();
    let Ok(uri) = format!("/{path}").parse() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    parts.uri = uri;
    let dir = ServeDir::new(&ctx.0.dist).append_index_html_on_directories(false);
    let r = match dir.oneshot(Request::from_parts(parts, body)).await {
        Ok(r) => r.into_response(),
        Err(e) => match e {},
    };
    // Assets need only the headers of every response (a CSP governs documents), and the hashed
    // ones may be cached for good.
    let policy = Policy::default();
    let r = with_headers(r, &policy, Scope::All);
    if r.status().is_success() && crate::deploy::is_hashed(&path) {
        with_headers(r, &policy, Scope::Hashed)
    } else {
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_only_the_named_meta() {
        let html = r#"<head><meta name="refassured-allowed-origins" content="https://*.jobdiva.com"><meta name="other" content="y"><title>x</title>"#;
        let out = with_meta(html, "refassured-allowed-origins", "http://127.0.0.1:9");
        assert_eq!(
            out,
            r#"<head><meta name="refassured-allowed-origins" content="http://127.0.0.1:9"><meta name="other" content="y"><title>x</title>"#
        );
        assert_eq!(with_meta("<p>no meta</p>", "other", "x"), "<p>no meta</p>");
    }
}
