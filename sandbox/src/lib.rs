//! The sandbox: everything the tab talks to, on 127.0.0.1.
//!
//! Port `port` serves the built app at `/app/`, `/health`, and the simulators' roots
//! (`/jobdiva/` = `https://api.jobdiva.com/`, `/staffingreferrals/` = an agency's Staffing
//! Referrals domain, `/refassured/` = `https://api.refassured.com/`). Port `host_port` serves the
//! mock JobDiva candidate page. Nothing here shares a type with the app: it is written from the
//! documents in `../shared/` and `docs/api/`.

pub mod host_page;
pub mod web;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;

/// The demo RefAssured API key (printed at start and in the README).
pub const DEMO_API_KEY: &str = "sandbox-api-key";

#[derive(Clone, Debug)]
pub struct Config {
    pub port: u16,
    pub host_port: u16,
    pub dist: PathBuf,
}

impl Config {
    pub fn app_origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
    pub fn host_origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.host_port)
    }
}

async fn bind(port: u16) -> std::io::Result<tokio::net::TcpListener> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| std::io::Error::new(e.kind(), format!("cannot listen on {addr}: {e}")))
}

/// Serve both ports until Ctrl-C / SIGTERM.
pub async fn run(config: Config) -> std::io::Result<()> {
    let app_listener = bind(config.port).await?;
    let host_listener = bind(config.host_port).await?;
    if !config.dist.join("index.html").exists() {
        eprintln!("sandbox: warning: {} has no index.html; build the app first (scripts/run.sh does)", config.dist.display());
    }
    println!("sandbox: mock JobDiva page  {}/", config.host_origin());
    println!("sandbox: standalone tab     {}/app/", config.app_origin());
    println!("sandbox: health             {}/health", config.app_origin());
    println!("sandbox: RefAssured API key {DEMO_API_KEY}");

    let app = web::app_router(config.clone());
    let host = host_page::router(config.clone());
    let shutdown = || async {
        let ctrl_c = tokio::signal::ctrl_c();
        #[cfg(unix)]
        {
            let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                .expect("SIGTERM handler");
            tokio::select! { _ = ctrl_c => {}, _ = term.recv() => {} }
        }
        #[cfg(not(unix))]
        let _ = ctrl_c.await;
    };
    let a = axum::serve(app_listener, app).with_graceful_shutdown(shutdown());
    let h = axum::serve(host_listener, host).with_graceful_shutdown(shutdown());
    tokio::try_join!(a, h)?;
    Ok(())
}
