//! The app's port: the built app under /app/, with the deployment's settings in index.html.
mod common;

use common::Sb;
use sandbox::Config;

/// A `dist/` with an index, a wasm file and, beside it, a file that must never be served.
fn dist() -> std::path::PathBuf {
    let root = std::env::temp_dir().join(format!("sandbox-web-{}", std::process::id()));
    let dist = root.join("dist");
    std::fs::create_dir_all(dist.join("snippets")).unwrap();
    std::fs::write(
        dist.join("index.html"),
        r#"<meta name="jobdiva-api-base" content="https://api.jobdiva.com">"#,
    )
    .unwrap();
    std::fs::write(dist.join("app_bg.wasm"), b"\0asm").unwrap();
    std::fs::write(dist.join("snippets/x.js"), "export {}").unwrap();
    std::fs::write(root.join("secret.txt"), "not for the browser").unwrap();
    dist
}

#[tokio::test]
async fn serves_the_built_app_and_nothing_outside_it() {
    let sb = Sb::serving(Config {
        dist: dist(),
        ..Config::default()
    });
    let wasm = sb.call("GET", "/app/app_bg.wasm", &[], "").await;
    assert_eq!(wasm.status, 200);
    // Streaming compilation needs the wasm MIME type.
    assert_eq!(wasm.headers["content-type"], "application/wasm");
    let js = sb.call("GET", "/app/snippets/x.js", &[], "").await;
    assert!(js.headers["content-type"]
        .to_str()
        .unwrap()
        .contains("javascript"));
    for escape in [
        "/app/../secret.txt",
        "/app/%2e%2e/secret.txt",
        "/app/..%2fsecret.txt",
        "/app//etc/passwd",
    ] {
        let r = sb.call("GET", escape, &[], "").await;
        assert!(
            !r.text.contains("not for the browser") && r.status != 200,
            "{escape} answered {}",
            r.status
        );
    }
    assert_eq!(sb.call("GET", "/app/missing.js", &[], "").await.status, 404);
}

#[tokio::test]
async fn index_html_carries_the_sandbox_s_deployment_settings() {
    let sb = Sb::serving(Config {
        dist: dist(),
        ..Config::default()
    });
    for path in ["/app/", "/app/index.html"] {
        let r = sb.call("GET", path, &[], "").await;
        assert_eq!(r.status, 200);
        assert_eq!(r.headers["cache-control"], "no-cache");
        assert!(
            r.text.contains(r#"content="/jobdiva""#),
            "{path}: {}",
            r.text
        );
    }
}
