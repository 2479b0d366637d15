use clap::{Parser, ValueEnum};
use sandbox::{Config, FaultRule, Scale, Settings};
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ScaleArg {
    Demo,
    Large,
}

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
    /// Seed of the demo data and of the fault dice.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// `large`: 100,000+ JobDiva candidates and 40,000+ referrals, for benchmarks.
    #[arg(long, value_enum, default_value_t = ScaleArg::Demo)]
    scale: ScaleArg,
    /// JobDiva access-token lifetime in seconds.
    #[arg(long, default_value_t = 86_400)]
    token_lifetime_secs: i64,
    /// JobDiva requests per endpoint per minute before 429 (unlimited when absent).
    #[arg(long)]
    jobdiva_quota_per_minute: Option<u32>,
    /// Fixed latency added to every upstream request, in milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// A fault rule as JSON (repeatable), e.g. '{"upstream":"jobdiva","route":"createCandidate","error_rate":0.3}'.
    #[arg(long = "fault")]
    faults: Vec<String>,
    /// Staffing Referrals' New Referral webhook URL (http:// on loopback).
    #[arg(long)]
    webhook_url: Option<String>,
    /// Optional webhook header, `Name: value`.
    #[arg(long)]
    webhook_header: Option<String>,
    /// Length of a webhook back-off "minute" in milliseconds.
    #[arg(long, default_value_t = 60_000)]
    webhook_minute_ms: u64,
    /// Start without JobDiva's "RefAssured" resume source (the setup step not done yet).
    #[arg(long)]
    no_refassured_source: bool,
    /// Pending opt-ins added to the seed, of distinct people (for fault runs at scale).
    #[arg(long, default_value_t = 0)]
    opt_ins: usize,
    /// Staffing Referrals referrals added to the seed, of distinct applicants (the sync's fault run).
    #[arg(long, default_value_t = 0)]
    referrals: usize,
    /// Serve HTTPS with HTTP/2 (self-signed certificate; for benchmarks).
    #[arg(long)]
    tls: bool,
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let mut faults = Vec::new();
    for f in &args.faults {
        match serde_json::from_str::<FaultRule>(f) {
            Ok(rule) => faults.push(rule),
            Err(e) => {
                eprintln!("sandbox: --fault {f}: {e}");
                std::process::exit(2);
            }
        }
    }
    if args.latency_ms > 0 {
        faults.push(FaultRule {
            upstream: "*".into(),
            latency_ms: args.latency_ms,
            ..Default::default()
        });
    }
    let settings = Settings {
        token_lifetime_secs: args.token_lifetime_secs,
        jobdiva_quota_per_minute: args.jobdiva_quota_per_minute,
        webhook_url: args.webhook_url,
        webhook_header: args.webhook_header,
        webhook_minute_ms: args.webhook_minute_ms,
        refassured_resume_source: !args.no_refassured_source,
        bulk_opt_ins: args.opt_ins,
        bulk_referrals: args.referrals,
        ..Settings::default()
    };
    let config = Config {
        port: args.port,
        host_port: args.host_port,
        dist: args.dist,
        seed: args.seed,
        scale: match args.scale {
            ScaleArg::Demo => Scale::Demo,
            ScaleArg::Large => Scale::Large,
        },
        settings,
        faults,
        tls: args.tls,
    };
    if let Err(e) = sandbox::run(config).await {
        eprintln!("sandbox: {e}");
        std::process::exit(1);
    }
}
