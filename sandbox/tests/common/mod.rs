//! Drives the sandbox's router in-process, exactly as HTTP requests would.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{HeaderMap, Request};
use axum::Router;
use http_body_util::BodyExt;
use sandbox::{AppState, Config, Settings, Shared};
use serde_json::Value;
use tower::ServiceExt;

pub struct Sb {
    pub app: Router,
    pub state: AppState,
}

pub struct Res {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
}

impl Res {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }
}

impl Sb {
    pub fn new() -> Self {
        Self::with(Settings::default())
    }
    pub fn with(settings: Settings) -> Self {
        Self::serving(Config {
            settings,
            ..Config::default()
        })
    }
    pub fn serving(config: Config) -> Self {
        let settings = config.settings.clone();
        let state = Shared::new(config.seed, config.scale, settings, Vec::new());
        Sb {
            app: sandbox::app(config, state.clone()),
            state,
        }
    }

    pub async fn call(&self, method: &str, uri: &str, headers: &[(&str, &str)], body: &str) -> Res {
        let mut req = Request::builder().method(method).uri(uri);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let resp = self
            .app
            .clone()
            .oneshot(req.body(Body::from(body.to_string())).unwrap())
            .await
            .unwrap();
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let bytes = resp
            .into_body()
            .collect()
            .await
            .map(|b| b.to_bytes().to_vec())
            .unwrap_or_default();
        Res {
            status,
            headers,
            text: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn jd_token(&self) -> String {
        let r = self
            .call(
                "POST",
                "/jobdiva/apiv2/v2/login",
                &[("content-type", "application/json")],
                r#"{"clientId": 1000, "userName": "api@refassured.com", "password": "sandbox"}"#,
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        r.json()["token"].as_str().unwrap().to_string()
    }

    /// A JobDiva call with a fresh token.
    pub async fn jd(&self, method: &str, path: &str, body: &str) -> Res {
        let token = self.jd_token().await;
        let auth = format!("Bearer {token}");
        self.call(
            method,
            &format!("/jobdiva/{path}"),
            &[
                ("authorization", &auth),
                ("content-type", "application/json"),
            ],
            body,
        )
        .await
    }

    pub async fn sr(&self, method: &str, path: &str, form: &str) -> Res {
        self.call(
            method,
            &format!("/staffingreferrals/api/v1/{path}"),
            &[
                ("authorization", "sandbox-sr-token"),
                ("content-type", "application/x-www-form-urlencoded"),
            ],
            form,
        )
        .await
    }

    pub async fn ra(&self, method: &str, path: &str, body: &str) -> Res {
        self.call(
            method,
            &format!("/refassured/api/v1/{path}"),
            &[
                ("x-api-key", "sandbox-api-key"),
                ("content-type", "application/json"),
            ],
            body,
        )
        .await
    }

    pub async fn admin(&self, method: &str, path: &str, body: &str) -> Res {
        self.call(
            method,
            &format!("/_sandbox/{path}"),
            &[("content-type", "application/json")],
            body,
        )
        .await
    }
}
