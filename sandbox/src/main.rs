use clap::Parser;
use sandbox::Config;
use std::path::PathBuf;

/// Local simulators of JobDiva, RefAssured and Staffing Referrals, the built app, and a mock
/// JobDiva candidate page that embeds it. Binds 127.0.0.1 only.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// Port of the app (`/app/`), the simulators and `/_sandbox/`.
    #[arg(long, default_value_t = 8787)]
    port: u16,
    /// Port of the mock JobDiva candidate page (a different origin, as in production).
    #[arg(long, default_value_t = 8788)]
    host_port: u16,
    /// The built app (Trunk's output).
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/../dist"))]
    dist: PathBuf,
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let config = Config { port: args.port, host_port: args.host_port, dist: args.dist };
    if let Err(e) = sandbox::run(config).await {
        eprintln!("sandbox: {e}");
        std::process::exit(1);
    }
}
