//! Writes a release of the app (docs/deploy.md): the built `dist/` with `index.html` configured
//! for one deployment, and the headers it must be served with, from `static/headers`.
//!
//! `release --dist dist --config scripts/release.env --out release`
//! Every key of the configuration file may be overridden by an environment variable of the same
//! name. Refuses (exit 2, each problem named) when a value is unset or malformed.

use sandbox::deploy::{headers_file, nginx_snippet, Page, Settings, KEYS};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::exit;

/// Where the app is served from (Trunk's `public_url`).
const ROOT: &str = "/app/";

fn arg(args: &[String], name: &str) -> Option<PathBuf> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from)
}

fn fail(message: &str) -> ! {
    eprintln!("release: {message}");
    exit(2)
}

fn read_config(path: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", path.display())));
    let mut pairs = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((k, v)) = line.split_once('=') else {
            fail(&format!("{}:{}: not KEY=value", path.display(), n + 1))
        };
        if !KEYS.iter().any(|(key, _)| *key == k.trim()) {
            fail(&format!(
                "{}:{}: unknown key {}",
                path.display(),
                n + 1,
                k.trim()
            ));
        }
        pairs.insert(k.trim().to_string(), v.trim().to_string());
    }
    for (k, _) in KEYS {
        if let Ok(v) = std::env::var(k) {
            pairs.insert(k.to_string(), v);
        }
    }
    pairs
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dist), Some(config), Some(out)) = (
        arg(&args, "--dist"),
        arg(&args, "--config"),
        arg(&args, "--out"),
    ) else {
        fail("usage: release --dist <built app> --config <KEY=value file> --out <directory>")
    };
    let settings = Settings::from_pairs(&read_config(&config)).unwrap_or_else(|problems| {
        eprintln!(
            "release: {} is not a complete, valid configuration:",
            config.display()
        );
        for p in problems {
            eprintln!("  - {p}");
        }
        exit(2)
    });
    let _ = std::fs::remove_dir_all(&out);
    let app = out.join(ROOT.trim_matches('/'));
    copy_dir(&dist, &app).unwrap_or_else(|e| fail(&format!("copying {}: {e}", dist.display())));
    let write = |path: PathBuf, text: String| {
        std::fs::write(&path, text).unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())))
    };
    // Each page configured, and its policy from what was written.
    let policies = Page::ALL.map(|page| {
        let html = std::fs::read_to_string(dist.join(page.file())).unwrap_or_else(|e| {
            fail(&format!(
                "{}: no {} ({e}); build the app first",
                dist.display(),
                page.file()
            ))
        });
        let html = settings.configure(&html);
        let policy = settings.policy(page, &html);
        if policy.script_hashes.is_empty() {
            fail(&format!(
                "{} has no inline loader script: is this Trunk's output?",
                page.file()
            ));
        }
        write(app.join(page.file()), html);
        policy
    });
    let [tab, console] = &policies;
    write(out.join("_headers"), headers_file(tab, console, ROOT));
    write(out.join("nginx.conf"), nginx_snippet(tab, console, ROOT));
    println!(
        "release: {} ready ({}index.html, {}console/index.html, _headers, nginx.conf)",
        out.display(),
        ROOT,
        ROOT
    );
}
