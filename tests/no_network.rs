//! jamkoll never makes an outbound network call (docs/security.md): it reads files, writes
//! files, and `serve` listens on loopback. This test keeps it so: it fails when a crate that
//! makes outbound calls (an HTTP client, a TLS client stack, a telemetry or crash-reporting
//! SDK) enters the dependency graph, dev-dependencies and build tools included, since the
//! graph is one lock file for all of them.
//!
//! Crate names are read from Cargo.lock itself, which lists every platform's packages (a
//! Windows-only HTTP client would count too). Features are read from `cargo metadata --locked
//! --offline --filter-platform <host>`: metadata for every platform would need the sources of
//! Windows-only crates, which a fresh Linux machine has never downloaded (and `--offline` may
//! not fetch). Neither needs the network, and both fail with the reason when Cargo.lock is out
//! of date.

use std::process::Command;

use serde_json::Value;

/// Crates whose job is to call out: HTTP clients, TLS client stacks, telemetry and crash
/// reporting. Matched on the whole name, or on the prefix for the families ending in `*`.
const FORBIDDEN: &[&str] = &[
    "reqwest",
    "ureq",
    "curl",
    "curl-sys",
    "isahc",
    "surf",
    "attohttpc",
    "minreq",
    "ehttp",
    "http-client",
    "awc",
    "hyper-tls",
    "hyper-rustls",
    "native-tls",
    "tokio-native-tls",
    "openssl",
    "openssl-sys",
    "rustls",
    "tokio-rustls",
    "webpki-roots",
    "trust-dns-resolver",
    "hickory-resolver",
    "opentelemetry*",
    "tracing-opentelemetry",
    "sentry*",
    "datadog*",
    "posthog*",
    "segment",
    "bugsnag*",
    "honeycomb*",
    "newrelic*",
    "prometheus-push*",
    "tonic",
];

/// Crates that are fine as a server but call out with a feature: `(crate, feature)`.
const FORBIDDEN_FEATURES: &[(&str, &str)] = &[
    ("hyper", "client"),
    ("hyper-util", "client"),
    ("hyper-util", "client-legacy"),
];

fn is_forbidden(name: &str) -> bool {
    FORBIDDEN.iter().any(|f| match f.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => name == *f,
    })
}

/// The host's target triple, from `rustc -vV`.
fn host() -> String {
    let out = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .arg("-vV")
        .output()
        .expect("rustc runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .expect("rustc -vV names the host")
        .trim()
        .to_string()
}

/// Every package name in Cargo.lock, for all platforms.
fn locked_names() -> Vec<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock");
    let text = std::fs::read_to_string(&path).expect("Cargo.lock is committed");
    let lock: toml::Table = text.parse().expect("Cargo.lock is TOML");
    lock.get("package")
        .and_then(|p| p.as_array())
        .expect("Cargo.lock lists packages")
        .iter()
        .filter_map(|p| p.get("name")?.as_str().map(str::to_string))
        .collect()
}

fn metadata() -> Value {
    let host = host();
    let output = Command::new(env!("CARGO"))
        .args(["metadata", "--locked", "--offline", "--format-version", "1"])
        .args(["--filter-platform", &host])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo metadata --locked --offline failed (is Cargo.lock up to date and committed?):\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON")
}

/// `(name, enabled features)` of every package in the resolved graph.
fn resolved(meta: &Value) -> Vec<(String, Vec<String>)> {
    let names: std::collections::HashMap<&str, &str> = meta["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .filter_map(|p| Some((p["id"].as_str()?, p["name"].as_str()?)))
        .collect();
    meta["resolve"]["nodes"]
        .as_array()
        .expect("resolve.nodes")
        .iter()
        .map(|node| {
            let id = node["id"].as_str().unwrap_or_default();
            let features = node["features"]
                .as_array()
                .map(|f| {
                    f.iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            (names.get(id).copied().unwrap_or(id).to_string(), features)
        })
        .collect()
}

#[test]
fn no_crate_that_calls_out_is_in_the_dependency_graph() {
    let meta = metadata();
    let graph = resolved(&meta);
    assert!(
        graph.iter().any(|(name, _)| name == "tantivy"),
        "the resolved graph looks wrong: tantivy is missing"
    );
    let names = locked_names();
    assert!(
        names.iter().any(|n| n == "windows-sys"),
        "Cargo.lock looks wrong: it should list other platforms' crates too"
    );
    let mut offenders: Vec<String> = names.into_iter().filter(|n| is_forbidden(n)).collect();
    for (name, features) in &graph {
        for (krate, feature) in FORBIDDEN_FEATURES {
            if name == krate && features.iter().any(|f| f == feature) {
                offenders.push(format!("{name} with feature `{feature}`"));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "crates that make outbound network calls entered the dependency graph: {}.\n\
         jamkoll must never call out (docs/security.md). Remove the dependency or, if it \
         truly never calls out, argue it in docs/security.md and adjust this test.",
        offenders.join(", ")
    );
}

#[test]
fn the_check_knows_what_it_looks_for() {
    assert!(is_forbidden("reqwest"));
    assert!(is_forbidden("opentelemetry_sdk"));
    assert!(is_forbidden("sentry-core"));
    assert!(!is_forbidden("tantivy"));
    assert!(!is_forbidden("serde"));
    assert!(!is_forbidden("surfaces"));
}
