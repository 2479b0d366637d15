//! The app's port: `/health` and the built app at `/app/`.

use crate::Config;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Json, Router};
use std::path::{Component, PathBuf};
use std::sync::Arc;

pub fn app_router(config: Config) -> Router {
    let config = Arc::new(config);
    Router::new()
        .route("/health", get(|| async { Json(serde_json::json!({ "status": "ok" })) }))
        .route("/", get(|| async { Redirect::temporary("/app/") }))
        .route("/app", get(|| async { Redirect::permanent("/app/") }))
        .route("/app/", get(index))
        .route("/app/{*path}", get(asset))
        .with_state(config)
}

const ALLOW_META: &str = r#"<meta name="refassured-allowed-origins" content=""#;

/// The deployment sets which host origins may send the tab its context. The sandbox deploys the
/// app next to its mock JobDiva page, so it writes that page's origins into the allow-list.
pub fn with_allow_list(index_html: &str, origins: &str) -> String {
    match index_html.find(ALLOW_META) {
        Some(start) => {
            let value_start = start + ALLOW_META.len();
            let value_end = index_html[value_start..].find('"').map_or(index_html.len(), |i| value_start + i);
            format!("{}{}{}", &index_html[..value_start], origins, &index_html[value_end..])
        }
        None => index_html.to_string(),
    }
}

async fn index(State(config): State<Arc<Config>>) -> Response {
    match tokio::fs::read_to_string(config.dist.join("index.html")).await {
        Ok(html) => {
            let origins = format!("{} http://localhost:{}", config.host_origin(), config.host_port);
            let body = with_allow_list(&html, &origins);
            ([(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")], body)
                .into_response()
        }
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("The app is not built: {} has no index.html. Run scripts/run.sh.", config.dist.display()),
        )
            .into_response(),
    }
}

fn content_type(path: &std::path::Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "wasm" => "application/wasm",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "html" => "text/html; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "json" => "application/json",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// A file of `dist/`, refusing anything that would leave it.
fn safe_join(root: &std::path::Path, rel: &str) -> Option<PathBuf> {
    let rel = std::path::Path::new(rel);
    if rel.components().all(|c| matches!(c, Component::Normal(_))) {
        Some(root.join(rel))
    } else {
        None
    }
}

async fn asset(State(config): State<Arc<Config>>, Path(path): Path<String>) -> Response {
    if path == "index.html" {
        return index(State(config)).await;
    }
    let Some(file) = safe_join(&config.dist, &path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match tokio::fs::read(&file).await {
        Ok(bytes) => ([(header::CONTENT_TYPE, content_type(&file))], bytes).into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_only_the_allow_list() {
        let html = r#"<head><meta name="refassured-allowed-origins" content="https://*.jobdiva.com"><title>x</title>"#;
        let out = with_allow_list(html, "http://127.0.0.1:9");
        assert_eq!(out, r#"<head><meta name="refassured-allowed-origins" content="http://127.0.0.1:9"><title>x</title>"#);
        assert_eq!(with_allow_list("<p>no meta</p>", "x"), "<p>no meta</p>");
    }

    #[test]
    fn never_serves_outside_dist() {
        let root = std::path::Path::new("/srv/dist");
        assert!(safe_join(root, "app.wasm").is_some());
        assert!(safe_join(root, "snippets/x.js").is_some());
        assert!(safe_join(root, "../secret").is_none());
        assert!(safe_join(root, "/etc/passwd").is_none());
        assert!(safe_join(root, "a/../../b").is_none());
    }
}
