//! Direct access with a JobDiva API user: sign-in, and a token kept in memory, refreshed a
//! minute before its `exp` and on a 401, one refresh at a time however many calls ask.

use super::wire::{Login, TokenPair};
use crate::api::decode::decode;
use crate::api::error::{ApiError, Upstream};
use crate::api::transport::{Call, Method, Transport};
use crate::domain::jwt;
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use std::cell::RefCell;

/// Refresh this long before `exp`.
const REFRESH_MARGIN_S: i64 = 60;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    pub client_id: i64,
    pub user_name: String,
    pub password: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tokens {
    pub token: String,
    pub refresh: String,
    pub exp: Option<i64>,
    pub refresh_exp: Option<i64>,
}

type Refreshing = Shared<LocalBoxFuture<'static, Result<Tokens, ApiError>>>;

/// The tokens of one signed-in API user, in memory only.
#[derive(Default)]
pub struct Session {
    tokens: RefCell<Option<Tokens>>,
    inflight: RefCell<Option<Refreshing>>,
}

/// Seconds since 1970, from the browser's clock (0 natively: every token is then fresh).
pub fn now_s() -> i64 {
    #[cfg(target_arch = "wasm32")]
    {
        (js_sys::Date::now() / 1000.0) as i64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}

fn tokens_from(endpoint: &'static str, text: &str) -> Result<Tokens, ApiError> {
    let pair: TokenPair = decode(endpoint, text)?;
    if pair.token.is_empty() {
        return Err(ApiError::Decode { endpoint, detail: "no token in the answer".into() });
    }
    Ok(Tokens { exp: jwt::expiry(&pair.token), refresh_exp: jwt::expiry(&pair.refreshtoken), token: pair.token, refresh: pair.refreshtoken })
}

impl Session {
    pub fn set(&self, t: Tokens) {
        *self.tokens.borrow_mut() = Some(t);
    }

    /// A usable access token. `failed`: the token a call was refused with; if it is still the
    /// current one, it is replaced. However many calls ask at once, one refresh happens.
    pub async fn token(&self, base: &str, credentials: &Credentials, transport: &Transport, failed: Option<&str>) -> Result<String, ApiError> {
        let current = self.tokens.borrow().clone();
        if let Some(t) = &current {
            let fresh = t.exp.is_none_or(|exp| exp - REFRESH_MARGIN_S > now_s());
            if fresh && failed != Some(t.token.as_str()) {
                return Ok(t.token.clone());
            }
        }
        let pending = self.inflight.borrow().clone();
        let job = match pending {
            Some(job) => job,
            None => {
                let (base, creds, transport) = (base.to_string(), credentials.clone(), transport.clone());
                let job = async move { renew(&base, &creds, &transport, current).await }.boxed_local().shared();
                *self.inflight.borrow_mut() = Some(job.clone());
                job
            }
        };
        let result = job.await;
        self.inflight.borrow_mut().take();
        match result {
            Ok(t) => {
                self.set(t.clone());
                Ok(t.token)
            }
            Err(e) => {
                self.tokens.borrow_mut().take();
                Err(e)
            }
        }
    }
}

pub async fn login(base: &str, c: &Credentials, t: &Transport) -> Result<Tokens, ApiError> {
    // Signing in creates nothing: safe to repeat.
    let body = Login { client_id: c.client_id, user_name: &c.user_name, password: &c.password };
    let call = Call::new(Upstream::JobDiva, "v2/login", Method::Post, format!("{base}/apiv2/v2/login")).json(&body).repeatable();
    let r = t.send(&call, false).await?;
    tokens_from("v2/login", &r.text)
}

/// Refresh with the refresh token while it lasts; sign in again when it is refused or spent.
async fn renew(base: &str, c: &Credentials, t: &Transport, held: Option<Tokens>) -> Result<Tokens, ApiError> {
    if let Some(held) = held.filter(|h| !h.refresh.is_empty() && h.refresh_exp.is_none_or(|e| e > now_s())) {
        // Not retried: a refresh token is good once.
        let call = Call::new(Upstream::JobDiva, "v2/apiRefreshToken", Method::Get, format!("{base}/apiv2/v2/apiRefreshToken"))
            .header("Authorization", format!("Bearer {}", held.refresh))
            .once();
        match t.send(&call, false).await {
            Ok(r) => return tokens_from("v2/apiRefreshToken", &r.text),
            Err(ApiError::Unauthorized { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    login(base, c, t).await
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::api::scripted::{run, Scripted};

    #[test]
    fn tokens_carry_their_expiry() {
        let t = tokens_from("v2/login", r#"{"token": "eyJhbGciOiJIUzUxMiJ9.eyJzdWIiOiJhcGlAcmVmYXNzdXJlZC5jb20iLCJleHAiOjE3OTUwMDAwMDB9.c2ln", "refreshtoken": "r"}"#).unwrap();
        assert_eq!(t.exp, Some(1_795_000_000));
        assert!(tokens_from("v2/login", r#"{"refreshtoken": "r"}"#).is_err());
    }

    #[test]
    fn a_refused_token_is_replaced_once_for_every_waiting_call() {
        let net = Scripted::new(|c, _| match c.endpoint {
            "v2/login" => Scripted::ok(r#"{"token": "fresh", "refreshtoken": ""}"#),
            _ => Scripted::status(500, "unexpected"),
        });
        let t = Transport::over(net.clone());
        let s = Session::default();
        s.set(Tokens { token: "old".into(), refresh: String::new(), exp: None, refresh_exp: None });
        let creds = Credentials { client_id: 1000, user_name: "api@refassured.com".into(), password: "p".into() };
        let (a, b) = run(async { futures::join!(s.token("b", &creds, &t, Some("old")), s.token("b", &creds, &t, Some("old"))) });
        assert_eq!((a.unwrap(), b.unwrap()), ("fresh".to_string(), "fresh".to_string()));
        assert_eq!(net.to("v2/login").len(), 1, "one sign-in for both");
        assert!(matches!(&net.to("v2/login")[0].body, crate::api::transport::Body::Json(b) if b == r#"{"clientId":1000,"userName":"api@refassured.com","password":"p"}"#));
    }
}
