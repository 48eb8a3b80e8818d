//! jamkoll never makes an outbound network call (docs/security.md): it reads files, writes
//! files, and `serve` listens on loopback. This test keeps it so: it fails when a crate that
//! makes outbound calls (an HTTP client, a TLS client stack, a telemetry or crash-reporting
//! SDK) enters the dependency graph, dev-dependencies and build tools included, since the
//! graph is one lock file for all of them.
//!
//! It reads the resolved graph with `cargo metadata --locked --offline`, so it needs no network
//! itself and fails (with the reason) when Cargo.lock is out of date.

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

fn metadata() -> Value {
    let output = Command::new(env!("CARGO"))
        .args(["metadata", "--locked", "--offline", "--format-version", "1"])
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
    let mut offenders = Vec::new();
    for (name, features) in &graph {
        if is_forbidden(name) {
            offenders.push(name.clone());
        }
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
