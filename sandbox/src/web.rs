//! The app's port: `/health` and the built app at `/app/`.

use crate::Config;
use axum::extract::{Path, Request, State};
use axum::http::{header, StatusCode};
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
        .route("/app/", get(index))
        .route("/app/{*path}", get(asset))
        .with_state(config)
}

/// Set a `<meta name="…" content="…">` of the deployed index.html (the sandbox deploys the app
/// next to its mock JobDiva page: the allow-list and record links point at that page).
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

type Ctx = Arc<(Config, crate::AppState)>;

async fn index(State(ctx): State<Ctx>) -> Response {
    let (config, state) = (&ctx.0, &ctx.1);
    match tokio::fs::read_to_string(config.dist.join("index.html")).await {
        Ok(html) => {
            let origins = format!(
                "{} http://localhost:{}",
                config.host_origin(),
                config.host_port
            );
            let body = with_meta(&html, "refassured-allowed-origins", &origins);
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
            (
                [
                    (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                    (header::CACHE_CONTROL, "no-cache"),
                ],
                body,
            )
                .into_response()
        }
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!(
                "The app is not built: {} has no index.html. Run scripts/run.sh.",
                config.dist.display()
            ),
        )
            .into_response(),
    }
}

/// A file of `dist/`: tower-http's `ServeDir` (content types, no way out of `dist/`).
async fn asset(State(ctx): State<Ctx>, Path(path): Path<String>, req: Request) -> Response {
    if path == "index.html" {
        return index(State(ctx)).await;
    }
    let (mut parts, body) = req.into_parts();
    let Ok(uri) = format!("/{path}").parse() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    parts.uri = uri;
    let dir = ServeDir::new(&ctx.0.dist).append_index_html_on_directories(false);
    match dir.oneshot(Request::from_parts(parts, body)).await {
        Ok(r) => r.into_response(),
        Err(e) => match e {},
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
