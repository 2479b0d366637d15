//! The sandbox: everything the tab talks to, on 127.0.0.1.
//!
//! Port `port` serves the built app at `/app/`, `/health`, and the simulators' roots
//! (`/jobdiva/` = `https://api.jobdiva.com/`, `/staffingreferrals/` = an agency's Staffing
//! Referrals domain, `/refassured/` = `https://api.refassured.com/`). Port `host_port` serves the
//! mock JobDiva candidate page. Nothing here shares a type with the app: it is written from the
//! documents in `../shared/` and `docs/api/`.

pub mod admin;
pub mod deploy;
pub mod host_page;
pub mod jobdiva;
pub mod program;
pub mod refassured;
pub mod staffing;
pub mod state;
pub mod util;
pub mod web;
pub mod world;

use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::serve::ListenerExt;
use axum::Router;
pub use state::{AppState, FaultRule, Settings, Shared};
use tower_http::cors::{AllowOrigin, CorsLayer};
pub use world::Scale;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;

/// The demo RefAssured API key (printed at start and in the README).
pub const DEMO_API_KEY: &str = "sandbox-api-key";

#[derive(Clone, Debug)]
pub struct Config {
    pub port: u16,
    pub host_port: u16,
    pub dist: PathBuf,
    pub seed: u64,
    pub scale: Scale,
    pub settings: Settings,
    pub faults: Vec<FaultRule>,
    /// HTTPS with HTTP/2 (a self-signed certificate made at start): what production serves,
    /// for benchmarks. Browsers speak HTTP/2 only over TLS.
    pub tls: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            port: 8787,
            host_port: 8788,
            dist: PathBuf::from("dist"),
            seed: 1,
            scale: Scale::Demo,
            settings: Settings::default(),
            faults: Vec::new(),
            tls: false,
        }
    }
}

/// The three simulators, each nested under its root and behind its request log and fault layer.
pub fn upstreams(state: AppState) -> Router {
    let behind = |up: state::Upstream| {
        middleware::from_fn_with_state((state.clone(), up), state::upstream_layer)
    };
    Router::new()
        .nest(
            "/jobdiva",
            jobdiva::router(state.clone())
                .layer(middleware::from_fn(correlation_id))
                .layer(behind(jobdiva::UPSTREAM)),
        )
        .nest(
            "/staffingreferrals",
            staffing::router().layer(behind(staffing::UPSTREAM)),
        )
        .nest(
            "/refassured",
            refassured::router(state.clone()).layer(behind(refassured::UPSTREAM)),
        )
        .with_state(state)
}

/// JobDiva answers with an `X-LI-UUID` correlation header.
async fn correlation_id(req: Request, next: Next) -> Response {
    let mut r = next.run(req).await;
    let id = format!("{:032x}", util::now_millis() ^ 0x5a5a_5a5a_5a5a);
    if let Ok(v) = HeaderValue::from_str(&id) {
        r.headers_mut().insert("x-li-uuid", v);
    }
    r
}

/// The browser tests call the simulators from another loopback origin: allow it (any origin,
/// echoed, as the upstreams' CORS would for an allowed one).
fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::mirror_request())
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            HeaderName::from_static("x-api-key"),
            HeaderName::from_static("idempotency-key"),
        ])
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .expose_headers([
            HeaderName::from_static("x-li-uuid"),
            header::RETRY_AFTER,
            header::CONTENT_DISPOSITION,
        ])
        .max_age(std::time::Duration::from_secs(600))
}

/// Everything on the app's port.
pub fn app(config: Config, state: AppState) -> Router {
    web::app_router(config, state.clone())
        .merge(upstreams(state.clone()))
        .merge(admin::router(state))
        .layer(cors())
}

impl Config {
    pub(crate) fn scheme(&self) -> &'static str {
        if self.tls {
            "https"
        } else {
            "http"
        }
    }
    pub fn app_origin(&self) -> String {
        format!("{}://127.0.0.1:{}", self.scheme(), self.port)
    }
    pub fn host_origin(&self) -> String {
        format!("{}://127.0.0.1:{}", self.scheme(), self.host_port)
    }
}

async fn bind(port: u16) -> std::io::Result<tokio::net::TcpListener> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| std::io::Error::new(e.kind(), format!("cannot listen on {addr}: {e}")))
}

/// Answers leave at once, as production servers send them: without TCP_NODELAY a small answer
/// can wait for the peer's delayed ACK (up to 40 ms on Linux), which added tens of ms per
/// request wave to the time-to-content benchmark.
fn no_delay(tcp: &mut tokio::net::TcpStream) {
    let _ = tcp.set_nodelay(true);
}

/// [`no_delay`] for the TLS listener (axum-server's accept chain).
#[derive(Clone, Copy)]
struct NoDelay;

impl<S> axum_server::accept::Accept<tokio::net::TcpStream, S> for NoDelay {
    type Stream = tokio::net::TcpStream;
    type Service = S;
    type Future = std::future::Ready<std::io::Result<(tokio::net::TcpStream, S)>>;
    fn accept(&self, mut stream: tokio::net::TcpStream, service: S) -> Self::Future {
        no_delay(&mut stream);
        std::future::ready(Ok((stream, service)))
    }
}

/// Serve both ports until Ctrl-C / SIGTERM.
pub async fn run(config: Config) -> std::io::Result<()> {
    if !config.dist.join("index.html").exists() {
        eprintln!(
            "sandbox: warning: {} has no index.html; build the app first (scripts/run.sh does)",
            config.dist.display()
        );
    }
    println!("sandbox: mock JobDiva page  {}/", config.host_origin());
    println!("sandbox: standalone tab     {}/app/", config.app_origin());
    println!("sandbox: health             {}/health", config.app_origin());
    println!("sandbox: RefAssured API key {DEMO_API_KEY}");

    let state = Shared::new(
        config.seed,
        config.scale,
        config.settings.clone(),
        config.faults.clone(),
    );
    println!(
        "sandbox: JobDiva            clientId {}, userName {}, password {}",
        jobdiva::CLIENT_ID,
        jobdiva::USERNAME,
        jobdiva::PASSWORD
    );
    println!("sandbox: Staffing Referrals token {}", staffing::TOKEN);
    let app = app(config.clone(), state);
    let host = host_page::router(config.clone());
    let shutdown = || async {
        let ctrl_c = tokio::signal::ctrl_c();
        #[cfg(unix)]
        {
            let mut term =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                    .expect("SIGTERM handler");
            tokio::select! { _ = ctrl_c => {}, _ = term.recv() => {} }
        }
        #[cfg(not(unix))]
        let _ = ctrl_c.await;
    };
    if config.tls {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let invalid =
            |e: rcgen::Error| std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string());
        let cert = rcgen::generate_simple_self_signed(vec![
            "127.0.0.1".to_string(),
            "localhost".to_string(),
        ])
        .map_err(invalid)?;
        let tls = axum_server::tls_rustls::RustlsConfig::from_pem(
            cert.cert.pem().into_bytes(),
            cert.signing_key.serialize_pem().into_bytes(),
        )
        .await?;
        let serve_tls = |port: u16| {
            let acceptor =
                axum_server::tls_rustls::RustlsAcceptor::new(tls.clone()).acceptor(NoDelay);
            axum_server::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).acceptor(acceptor)
        };
        let a = serve_tls(config.port).serve(app.into_make_service());
        let h = serve_tls(config.host_port).serve(host.into_make_service());
        tokio::select! {
            r = async { tokio::try_join!(a, h) } => { r?; }
            _ = shutdown() => {}
        }
        return Ok(());
    }
    let a = axum::serve(bind(config.port).await?.tap_io(no_delay), app)
        .with_graceful_shutdown(shutdown());
    let h = axum::serve(bind(config.host_port).await?.tap_io(no_delay), host)
        .with_graceful_shutdown(shutdown());
    tokio::try_join!(a, h)?;
    Ok(())
}
