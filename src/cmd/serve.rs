//! `jamkoll serve`: a local web view for a research circle to read findings and triage them.
//!
//! Server-rendered HTML (axum on a one-thread tokio runtime), no external assets and no
//! JavaScript: every page is a plain link or form. It binds to a loopback address unless
//! `--allow-remote` is given, and every request must carry the random token of the URL it prints
//! on its first line of standard output; a missing or wrong token gets 403 and no data. Every
//! response says `Cache-Control: no-store`. The only files it writes are the verdict file and
//! its lock file (see `jamkoll_triage::LOCK_FILE`).
//!
//! The review's own HTML pages (the overview at `/rapport`, each unit's at `/sammanfattning`)
//! are written for a folder of files; `links` turns their links into served URLs with the
//! token, so every link of every served page leads to a page (tests/serve_chromium.rs crawls
//! them all).
//!
//! Findings are collected once at start (as `jamkoll triage list` does); verdicts are re-read
//! from the file on every request, so verdicts recorded meanwhile with `jamkoll triage` show.

mod links;
mod pages;

use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use anyhow::Context as _;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::Response;
use jamkoll_redact::Gate;
use jamkoll_rules::Engine;
use jamkoll_triage::{DecidedBy, Decision, Reason, Verdict, VerdictStore, now_utc};

use crate::cmd::rules::PackArgs;
use crate::cmd::triage::{DEFAULT_ROLE, Item, Select, collect, open_index};
use crate::cmd::{EXIT_OK, exit};
use crate::index_arg::IndexArg;

/// Arguments of `jamkoll serve`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Pages: the units with their findings by client gender; a unit's rules; a rule's findings in their sentences, filterable by gender, subject, scope and verdict, with keep/dismiss buttons that save at once; a rule's documentation and reflection question; and the HTML review itself (its overview and each unit's summary, with today's verdicts), whose links lead to the served pages. Every link carries the access token of the printed URL. Verdicts go to verdicts.jsonl in the index folder, under the lock (verdicts.lock) that `jamkoll triage`, `delete` and `gallra` also take; nothing else is written."
)]
pub struct Args {
    #[command(flatten)]
    index: IndexArg,
    #[command(flatten)]
    pack: PackArgs,
    /// The address to listen on (loopback only, unless --allow-remote).
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    addr: IpAddr,
    /// The port; 0 picks a free one.
    #[arg(long, default_value_t = 7878, value_name = "N")]
    port: u16,
    /// Allow an address other than loopback: anyone on that network who gets the URL can read
    /// excerpts of case texts.
    #[arg(long)]
    allow_remote: bool,
    /// The role recorded with verdicts made in the browser (never a name).
    #[arg(long, value_name = "ROLE", default_value = DEFAULT_ROLE)]
    by: String,
}

/// What every request reads.
pub(crate) struct App {
    /// The access token; every URL carries it as `t`.
    pub token: String,
    /// All findings of the index (every scope), collected at start.
    pub items: Vec<Item>,
    /// The rule pack (messages and documentation).
    pub pack: jamkoll_rules::RulePack,
    /// The verdicts, re-read from disk on every request.
    pub store: Mutex<VerdictStore>,
    /// The index folder (where the verdict file is).
    pub index_dir: std::path::PathBuf,
    /// Who the browser's verdicts are recorded as.
    pub by: DecidedBy,
    /// The gate for notes typed in the browser and for excerpts.
    pub gate: Gate,
    /// The index, for the texts of excerpts in unit summaries.
    pub index: jamkoll_index::Index,
    /// Every document's summary as `jamkoll review` computes it, for the unit summaries.
    pub summaries: Vec<(jamkoll_index::DocRef, jamkoll_review::DocSummary)>,
    /// The rules as the review renderer needs them.
    pub rule_infos: Vec<jamkoll_review::RuleInfo>,
    /// Per unit, whether the review breaks its figures down by gender (it has at least
    /// `min_cell` cases of women and of men); the pages' tallies follow the same rule.
    pub breakdown: std::collections::BTreeMap<String, bool>,
    /// The review's smallest count shown (its default).
    pub min_cell: u64,
}

/// Runs `jamkoll serve`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if !args.addr.is_loopback() {
        anyhow::ensure!(
            args.allow_remote,
            "--addr {}: serve listens on a loopback address (127.0.0.1 or ::1) only, since its pages show excerpts of case texts; give --allow-remote to listen on another network, if you must",
            args.addr
        );
        eprintln!(
            "jamkoll: WARNING: listening on {} with --allow-remote: anyone on that network who gets the URL can read excerpts of case texts and record verdicts",
            args.addr
        );
    }
    let gate = Gate::new();
    let by = DecidedBy::new(&args.by, &gate).context("--by")?;
    let pack = args.pack.load()?;
    let index = open_index(&args.index)?;
    let engine = Engine::new(&pack);
    let items = collect(&index, &pack, &engine, &gate, &Select::default())?;
    let summaries = review_summaries(&index, &pack, &engine)?;
    drop(engine);
    let rule_infos: Vec<jamkoll_review::RuleInfo> = pack
        .rules()
        .iter()
        .map(|r| jamkoll_review::RuleInfo {
            id: r.id.clone(),
            category: r.category,
            message_sv: r.message.clone(),
            message_en: r.message_en.clone(),
            question_sv: r.doc.question.clone(),
            question_en: r.doc.question_en.clone(),
        })
        .collect();
    let store = VerdictStore::load(&args.index.dir)?;
    // Which units the review breaks down by gender: from their cases, which verdicts do not
    // change, so once.
    let settings = jamkoll_review::Settings::default();
    let mut agg = jamkoll_review::Aggregator::new(&rule_infos, &settings);
    for (_, summary) in &summaries {
        agg.push(summary.clone());
    }
    let breakdown = agg
        .finish(
            &jamkoll_review::Stamp::default(),
            &jamkoll_review::NoExcerpts,
        )
        .units
        .into_iter()
        .map(|u| (u.unit, !u.suppressed))
        .collect();
    let app = Arc::new(App {
        token: token()?,
        items,
        pack,
        store: Mutex::new(store),
        index_dir: args.index.dir.clone(),
        by,
        gate,
        index,
        summaries,
        rule_infos,
        breakdown,
        min_cell: settings.min_cell,
    });

    let listener = std::net::TcpListener::bind(SocketAddr::new(args.addr, args.port))
        .with_context(|| format!("cannot listen on {}:{}", args.addr, args.port))?;
    listener.set_nonblocking(true)?;
    let local = listener.local_addr()?;
    let host = match local.ip() {
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    outln!("http://{host}:{}/?t={}", local.port(), app.token);
    eprintln!(
        "jamkoll: serving {} finding(s) of {}; verdicts go to {}; stop with Ctrl-C",
        app.items.len(),
        args.index.dir.display(),
        VerdictStore::path_in(&args.index.dir).display()
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .context("cannot start the web server's runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let router = axum::Router::new().fallback(handle).with_state(app);
        axum::serve(listener, router).await
    })?;
    Ok(exit(EXIT_OK))
}

/// Every document's summary with today's findings, as `jamkoll review` reads them.
fn review_summaries(
    index: &jamkoll_index::Index,
    pack: &jamkoll_rules::RulePack,
    engine: &Engine,
) -> anyhow::Result<Vec<(jamkoll_index::DocRef, jamkoll_review::DocSummary)>> {
    let filters = jamkoll_review::Filters::default();
    let mut docs = crate::cmd::stored::Reviewer::new(index, pack, engine, &filters)?.start()?;
    let mut out = Vec::new();
    loop {
        let batch = docs.next_batch()?;
        if batch.is_empty() {
            break;
        }
        for s in batch {
            if let Some(summarised) = s? {
                out.push(summarised);
            }
        }
    }
    Ok(out)
}

/// `/sammanfattning?u=`: the unit's page of the HTML review (the same content and plots as
/// `jamkoll review --format html`), with today's verdicts applied and links that work here.
fn summary(app: &App, store: &VerdictStore, query: &[(String, String)]) -> Response {
    let unit = query
        .iter()
        .find(|(k, _)| k == "u")
        .map_or("", |(_, v)| v.as_str());
    let Some(report) = review(app, store) else {
        return review_failed();
    };
    match report.units.iter().find(|u| u.unit == unit) {
        Some(u) => html(links::served(
            app,
            &report,
            Some(unit),
            &jamkoll_review::render::html_unit(&report, u),
        )),
        None => plain(StatusCode::NOT_FOUND, "404: ingen sådan enhet"),
    }
}

/// `/rapport`: the overview page of the HTML review, its unit links leading to `/sammanfattning`.
fn report_overview(app: &App, store: &VerdictStore) -> Response {
    match review(app, store) {
        Some(report) => html(links::served(
            app,
            &report,
            None,
            &jamkoll_review::render::html_overview(&report),
        )),
        None => review_failed(),
    }
}

/// The answer when [`review`] failed (it said why on the terminal).
fn review_failed() -> Response {
    plain(StatusCode::INTERNAL_SERVER_ERROR, "500: se terminalen")
}

/// The review of the whole index as `jamkoll review` computes it, with today's verdicts;
/// `None` (with the error on standard error) when a text cannot be read.
fn review(app: &App, store: &VerdictStore) -> Option<jamkoll_review::Report> {
    let settings = jamkoll_review::Settings::default();
    let mut agg = jamkoll_review::Aggregator::new(&app.rule_infos, &settings);
    let dismissals = crate::cmd::triage::Dismissals::of(store);
    let mut refs = std::collections::HashMap::new();
    for (doc, summary) in &app.summaries {
        let mut summary = summary.clone();
        if let Err(e) = dismissals.apply(&app.index, *doc, &mut summary) {
            eprintln!("jamkoll: error: {e:#}");
            return None;
        }
        if !summary.findings.is_empty() {
            refs.insert(summary.id.clone(), *doc);
        }
        agg.push(summary);
    }
    let stamp = jamkoll_review::Stamp {
        jamkoll_version: env!("CARGO_PKG_VERSION").to_string(),
        rule_pack_hash: app.pack.hash().to_string(),
    };
    let source = Excerpts { app, refs };
    // The aggregator counts the dismissed findings per unit (`DocSummary::dismissed`).
    Some(agg.finish(&stamp, &source))
}

/// Excerpts for the unit summary: the sentence around the cue, through the gate.
struct Excerpts<'a> {
    app: &'a App,
    refs: std::collections::HashMap<String, jamkoll_index::DocRef>,
}

impl jamkoll_review::ExcerptSource for Excerpts<'_> {
    fn excerpt(
        &self,
        doc_id: &str,
        sentence: jamkoll_core::Span,
        _cue: jamkoll_core::Span,
    ) -> Option<String> {
        let text = self.app.index.text(*self.refs.get(doc_id)?).ok()?;
        let piece = jamkoll_triage::cut(&text, sentence)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        (!piece.is_empty()).then(|| self.app.gate.redact_cow(&piece).into_owned())
    }
}

/// 128 random bits as hex, from the operating system.
fn token() -> anyhow::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| anyhow::anyhow!("no randomness for the access token: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Requests larger than this are refused (a verdict form is a few hundred bytes).
const MAX_BODY: usize = 16 * 1024;

/// Every request: check the token, route, and set the headers every response carries.
async fn handle(State(app): State<Arc<App>>, req: Request) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let query: Vec<(String, String)> = req
        .uri()
        .query()
        .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default();
    let body = if method == Method::POST {
        match axum::body::to_bytes(req.into_body(), MAX_BODY).await {
            Ok(b) => b.to_vec(),
            Err(_) => return finish(plain(StatusCode::PAYLOAD_TOO_LARGE, "för stor begäran")),
        }
    } else {
        Vec::new()
    };
    let form: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    let given = query
        .iter()
        .chain(&form)
        .find(|(k, _)| k == "t")
        .map(|(_, v)| v.as_str());
    if !given.is_some_and(|t| same(t, &app.token)) {
        return finish(plain(
            StatusCode::FORBIDDEN,
            "403: fel eller saknad nyckel. Öppna adressen som jamkoll serve skrev ut.",
        ));
    }
    let response = match (method, path.as_str()) {
        (Method::GET, "/") => with_store(&app, |s| pages::overview(&app, s)),
        (Method::GET, "/enhet") => with_store(&app, |s| pages::unit(&app, s, &query)),
        (Method::GET, "/fynd") => with_store(&app, |s| pages::findings(&app, s, &query)),
        (Method::GET, "/regel") => pages::rule(&app, &query),
        (Method::GET, "/sammanfattning") => with_store(&app, |s| summary(&app, s, &query)),
        (Method::GET, "/rapport") => with_store(&app, |s| report_overview(&app, s)),
        (Method::POST, "/beslut") => decide(&app, &form),
        (Method::GET | Method::POST, _) => plain(StatusCode::NOT_FOUND, "404: ingen sådan sida"),
        _ => plain(StatusCode::METHOD_NOT_ALLOWED, "405"),
    };
    finish(response)
}

/// Compares the token without stopping at the first difference.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Sets the headers of every response: nothing is cached, the token never leaves in a
/// Referer, and the page may load nothing from anywhere.
fn finish(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    response
}

/// A plain-text response.
pub(crate) fn plain(status: StatusCode, text: &str) -> Response {
    let mut r = Response::new(Body::from(text.to_string()));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

/// An HTML response.
pub(crate) fn html(page: String) -> Response {
    let mut r = Response::new(Body::from(page));
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    r
}

/// Runs `page` with the verdicts as they are on disk now.
fn with_store(app: &App, page: impl FnOnce(&VerdictStore) -> Response) -> Response {
    let Ok(mut store) = app.store.lock() else {
        return plain(StatusCode::INTERNAL_SERVER_ERROR, "500");
    };
    match VerdictStore::load(&app.index_dir) {
        Ok(fresh) => *store = fresh,
        Err(e @ jamkoll_triage::Error::Busy { .. }) => {
            eprintln!("jamkoll: {e}");
            return plain(
                StatusCode::SERVICE_UNAVAILABLE,
                "503: verdiktfilen används av ett annat jamkoll-kommando (se terminalen); ladda om sidan om en stund",
            );
        }
        Err(e) => {
            eprintln!("jamkoll: error: {e}");
            return plain(
                StatusCode::INTERNAL_SERVER_ERROR,
                "500: verdiktfilen kan inte läsas; se terminalen",
            );
        }
    }
    page(&store)
}

/// `POST /beslut`: records a keep or dismiss and sends the browser back where it was.
fn decide(app: &App, form: &[(String, String)]) -> Response {
    let field = |k: &str| {
        form.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let Some(item) =
        field("fp").and_then(|fp| app.items.iter().find(|i| i.fingerprint.as_str() == fp))
    else {
        return plain(StatusCode::BAD_REQUEST, "400: okänt fynd");
    };
    let decision = match field("beslut").map(str::parse::<Decision>) {
        Some(Ok(d)) => d,
        _ => return plain(StatusCode::BAD_REQUEST, "400: beslut saknas"),
    };
    let reason = match decision {
        Decision::Keep => None,
        Decision::Dismiss => {
            match Reason::parse(field("skal").unwrap_or(""), field("anteckning"), &app.gate) {
                Ok(r) => Some(r),
                Err(e) => {
                    return plain(
                        StatusCode::BAD_REQUEST,
                        &format!("400: {e}. Gå tillbaka och rätta."),
                    );
                }
            }
        }
    };
    let verdict = Verdict {
        fingerprint: item.fingerprint.clone(),
        rule: item.finding.rule.clone(),
        doc_id: item.doc_id.clone(),
        verdict: decision,
        reason,
        decided_by: app.by.clone(),
        decided_at: now_utc(),
    };
    // `record` takes the verdicts' lock and re-reads the file under it, so verdicts recorded
    // meanwhile by `jamkoll triage` are kept.
    let Ok(mut store) = app.store.lock() else {
        return plain(StatusCode::INTERNAL_SERVER_ERROR, "500");
    };
    match store.record(verdict) {
        Ok(_) => {}
        Err(e @ jamkoll_triage::Error::Busy { .. }) => {
            eprintln!("jamkoll: {e}");
            return plain(
                StatusCode::SERVICE_UNAVAILABLE,
                "503: verdiktfilen används av ett annat jamkoll-kommando (se terminalen). \
                 Beslutet sparades inte; gå tillbaka och försök igen när det är klart.",
            );
        }
        Err(e) => {
            eprintln!("jamkoll: error: {e}");
            return plain(
                StatusCode::INTERNAL_SERVER_ERROR,
                "500: beslutet kunde inte sparas; se terminalen",
            );
        }
    }
    drop(store);
    // Back to the page the form was on; only a local path is followed.
    let home = format!("/?t={}", app.token);
    let back = field("tillbaka")
        .filter(|b| b.starts_with('/') && !b.starts_with("//") && !b.contains('\\'))
        .filter(|b| b.contains(&format!("t={}", app.token)))
        .unwrap_or(&home);
    let location = format!("{back}#f-{}", item.fingerprint);
    let mut r = Response::new(Body::empty());
    *r.status_mut() = StatusCode::SEE_OTHER;
    if let Ok(v) = HeaderValue::from_str(&location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}
