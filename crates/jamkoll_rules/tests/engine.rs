//! The engine on real Swedish sentences: every match kind, every scope, referents.

use std::path::Path;
use std::sync::OnceLock;

use jamkoll_core::{Area, DutyDomain, Gender, Role, Scope, Subject};
use jamkoll_rules::{Config, Doc, Engine, Kind, RulePack};

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pack");
        let pack = RulePack::load_without_shipped(&[dir], &Config::default())
            .unwrap_or_else(|e| panic!("{e}"));
        Engine::new(&pack)
    })
}

/// (rule, cue, subject, scope) of every finding.
fn check(text: &str, gender: Gender, area: Option<&str>) -> Vec<(String, String, Subject, Scope)> {
    let area = area.map(Area::new);
    let doc = Doc {
        text,
        client_gender: gender,
        area: area.as_ref(),
    };
    engine()
        .check_case(&[doc])
        .into_iter()
        .flatten()
        .map(|f| {
            (
                f.rule.clone(),
                text[f.span.start..f.span.end].to_string(),
                f.subject,
                f.scope,
            )
        })
        .collect()
}

fn one(text: &str) -> (String, String, Subject, Scope) {
    let mut v = check(text, Gender::Okant, None);
    assert_eq!(v.len(), 1, "{text}: {v:?}");
    v.remove(0)
}

#[test]
fn lexical_matches_inflected_forms() {
    assert_eq!(
        one("Mamman påstod att brevet aldrig kom."),
        (
            "tvivel".into(),
            "påstod".into(),
            Subject::Kvinna,
            Scope::Asserted
        )
    );
    assert_eq!(
        one("Pappan hävdade att han hade betalat."),
        (
            "tvivel".into(),
            "hävdade".into(),
            Subject::Man,
            Scope::Asserted
        )
    );
    assert_eq!(
        one("Flickan var aggressiva mot personalen.").2,
        Subject::Flicka
    );
}

#[test]
fn lexical_unless_cancels_injury_documentation() {
    assert!(check("Hon hade ett ovårdat sår på armen.", Gender::Kvinna, None).is_empty());
    assert_eq!(one("Hon var ovårdad vid besöket.").2, Subject::Kvinna);
}

#[test]
fn negation_is_clause_local() {
    assert_eq!(one("Hon är inte aggressiv.").3, Scope::Negated);
    assert_eq!(
        one("Det finns inga tecken på att hon är aggressiv.").3,
        Scope::Negated
    );
    // The negation of the first clause does not reach the second.
    let f = one("Han har inte sökt arbete men påstår att han är sjuk.");
    assert_eq!(
        (f.1.as_str(), f.2, f.3),
        ("påstår", Subject::Man, Scope::Asserted)
    );
}

#[test]
fn reported_speech_is_the_persons_account() {
    assert_eq!(
        one("Hon berättar att hon blir hysterisk när han dricker.").3,
        Scope::Reported
    );
    assert_eq!(
        one("Mamman säger: ”Jag blir så arg och hysterisk ibland.”").3,
        Scope::Reported
    );
    // The doubt verb itself is the writer's word, in the main clause.
    assert_eq!(one("Mamman påstår att hon är frisk.").3, Scope::Asserted);
    // The authority's view is not a reported account.
    assert_eq!(
        one("Socialtjänsten bedömer att pappan är hotfull.").3,
        Scope::Asserted
    );
}

#[test]
fn hypothetical_conditions() {
    assert_eq!(
        one("Om han blir aggressiv ska personalen larma.").3,
        Scope::Hypothetical
    );
    assert_eq!(
        one("Hon kan eventuellt bli hotfull.").3,
        Scope::Hypothetical
    );
}

#[test]
fn referents_pronoun_role_noun_client_unknown() {
    // Pronoun resolved through a child noun.
    let v = check(
        "Dottern kom hem sent. Hon var aggressiv mot mamman.",
        Gender::Kvinna,
        None,
    );
    assert_eq!(v[0].2, Subject::Flicka, "{v:?}");
    // Role noun.
    assert_eq!(one("Fadern var hotfull i telefon.").2, Subject::Man);
    // Client word takes the record's gender.
    let v = check("Sökande påstår att hyran är betald.", Gender::Man, None);
    assert_eq!(v[0].2, Subject::Man);
    // Nothing decides it.
    let v = check("Sambon påstår att hyran är betald.", Gender::Okant, None);
    assert_eq!(v[0].2, Subject::Okant);
    // hen gives okänt.
    assert_eq!(one("Hen var aggressiv.").2, Subject::Okant);
    // A placeholder resolves through the pronoun after it.
    let v = check(
        "[NAMN] var hotfull under samtalet och hon skrek.",
        Gender::Man,
        None,
    );
    assert_eq!(v[0].2, Subject::Kvinna);
}

#[test]
fn duty_bearer_and_domain() {
    let doc = Doc {
        text: "Mamman måste skydda barnen från pappan.",
        client_gender: Gender::Kvinna,
        area: None,
    };
    let f = engine().check(&doc);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(
        (f[0].subject, f[0].domain, f[0].role),
        (Subject::Kvinna, Some(DutyDomain::Barn), Some(Role::Mother))
    );
    // V2-inverted subject.
    assert_eq!(
        one("Därför behöver pappan se till att barnen kommer i tid.").2,
        Subject::Man
    );
    // Object of active urging; the authority is never the bearer.
    assert_eq!(
        one("Handläggaren uppmanar mamman att skydda barnen.").2,
        Subject::Kvinna
    );
    assert!(check("Socialtjänsten ska skydda barnen.", Gender::Kvinna, None).is_empty());
    // Nominal duty.
    assert_eq!(one("Ansvaret för barnen ligger på pappan.").2, Subject::Man);
    // Passive duty, with the bearer's domain.
    let v = check("Sökande förväntas söka heltidsarbete.", Gender::Man, None);
    assert_eq!((v[0].0.as_str(), v[0].2), ("ansvar-arbete", Subject::Man));
    // Needs are not duties.
    assert!(check("Hon behöver hjälp med barnen.", Gender::Kvinna, None).is_empty());
}

#[test]
fn agentless_violence() {
    assert_eq!(
        one("Det har förekommit våld i hemmet.").0,
        "vald-utan-gorare"
    );
    // The doer is not guessed from the victim's gender ...
    assert_eq!(
        one("Hon har blivit misshandlad flera gånger.").2,
        Subject::Okant
    );
    assert_eq!(
        one("Han har blivit misshandlad flera gånger.").2,
        Subject::Okant
    );
    // ... but a partner the text names with a gender is the hidden doer.
    assert_eq!(
        check(
            "Maken dricker mycket. Hon har blivit misshandlad flera gånger.",
            Gender::Kvinna,
            None
        )[0]
        .2,
        Subject::Man
    );
    assert!(check("Hon blev slagen av sin sambo.", Gender::Kvinna, None).is_empty());
    assert!(check("Pappan har slagit mamman.", Gender::Kvinna, None).is_empty());
}

#[test]
fn absence_at_document_level() {
    let text = "Mamman berättar om sonens skolgång. Mamman är orolig. Pappan har inte kontaktats.";
    let v = check(text, Gender::Kvinna, Some("barn_unga"));
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(
        (v[0].0.as_str(), v[0].2),
        ("franvarande-foralder", Subject::Man)
    );
    // Only in its areas.
    assert!(check(text, Gender::Kvinna, Some("ekonomiskt_bistand")).is_empty());
}

#[test]
fn findings_are_sorted_and_carry_sentences() {
    let text = "Hon var hotfull. Han påstår att han är sjuk.";
    let doc = Doc::new(text);
    let f = engine().check(&doc);
    assert_eq!(f.len(), 2);
    assert!(f[0].span.start < f[1].span.start);
    assert_eq!(
        &text[f[1].sentence.start..f[1].sentence.end],
        "Han påstår att han är sjuk."
    );
}

#[test]
fn many_documents_in_parallel_match_one_by_one() {
    let texts = [
        "Hon var hotfull.",
        "Inget här.",
        "Han påstår att han är sjuk.",
    ];
    let docs: Vec<Doc<'_>> = texts.iter().map(|t| Doc::new(t)).collect();
    let all = engine().check_all(&docs);
    for (d, f) in docs.iter().zip(all) {
        assert_eq!(engine().check(d), f);
    }
}

/// The absence rules' facts come from the prefilter's candidates in `analyse` (a sentence with
/// no cue of a pattern skips it) and from every pattern in every sentence in `case_facts`: both
/// must give the same facts, on the demo data and on the cliff guard's sentence pool, each
/// sentence pool line a document in a child investigation.
#[test]
fn absence_facts_from_the_prefilter_equal_facts_from_every_pattern() {
    let pack = RulePack::embedded().unwrap_or_else(|e| panic!("{e}"));
    let engine = Engine::new(&pack);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let demo = std::fs::read_to_string(root.join("../../fixtures/demo/assessments.jsonl"))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut docs: Vec<(String, Option<String>)> = demo
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}"));
            let text = v["text"].as_str().unwrap_or_default().to_string();
            (text, v["area"].as_str().map(str::to_string))
        })
        .collect();
    let pool = std::fs::read_to_string(root.join("tests/cliff_guard/sentences.txt"))
        .unwrap_or_else(|e| panic!("{e}"));
    let lines: Vec<&str> = pool.lines().filter(|l| !l.is_empty()).collect();
    for chunk in lines.chunks(7) {
        docs.push((chunk.join(" "), Some("barn_unga".to_string())));
    }
    let mut with_facts = 0;
    for (text, area) in &docs {
        let area = area.as_deref().map(Area::new);
        let doc = Doc {
            text,
            client_gender: Gender::Okant,
            area: area.as_ref(),
        };
        let (_, cued) = engine.analyse(&doc);
        assert_eq!(cued, engine.case_facts(&doc), "{text}");
        with_facts += usize::from(cued != Default::default());
    }
    assert!(
        with_facts > 50,
        "only {with_facts} documents gave absence facts"
    );
}

/// The absence rules' anchors feed the prefilter but not `rules cues` (ripgrep's cues in the
/// benchmark): they find nothing of their own, and the benchmark's baseline stays comparable.
#[test]
fn absence_anchors_stay_out_of_the_cue_forms() {
    let pack = RulePack::embedded().unwrap_or_else(|e| panic!("{e}"));
    assert!(pack.rules().iter().any(|r| r.kind == Kind::Absence));
    let absence = Engine::with_filter(&pack, |r| r.kind == Kind::Absence);
    assert!(absence.cue_forms().is_empty(), "{:?}", absence.cue_forms());
    let others = Engine::with_filter(&pack, |r| r.kind != Kind::Absence);
    assert_eq!(Engine::new(&pack).cue_forms(), others.cue_forms());
}

/// [`absence_facts_from_the_prefilter_equal_facts_from_every_pattern`] for absence rules whose
/// patterns open with `@person` or hold compound heads (`*samtal`), which the prefilter anchors
/// by the Aho-Corasick scan over the folded text or at an offset.
#[test]
fn absence_facts_agree_for_person_and_compound_patterns() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let folder = dir.path().join("osynliggorande");
    std::fs::create_dir_all(&folder).unwrap_or_else(|e| panic!("{e}"));
    let rule = |id: &str, who: &str, lists: &str| {
        format!(
            r#"id = "{id}"
category = "osynliggorande"
status = "stable"
message = "Testregel."

[doc]
what = "Testregel."
why = "Testregel."
research = []
question = "Ingen."

[match]
kind = "absence"
who = "{who}"
areas = ["barn_unga"]
{lists}
"#
        )
    };
    let child = rule(
        "test-barn",
        "child",
        r#"patterns = ["@person ..2 =inte =hörts", "*samtal =med @person ..3 =inte"]
heard = ["@person ..3 =berättar|=säger", "*samtal"]
unless = ["*barn ..2 =observeras|=observerades"]"#,
    );
    let parent = rule(
        "test-foralder",
        "parent",
        r#"patterns = ["@person =har =inte =kontaktats", "*kontakt =saknas"]"#,
    );
    for (name, text) in [("test-barn", child), ("test-foralder", parent)] {
        std::fs::write(folder.join(format!("{name}.toml")), text).unwrap_or_else(|e| panic!("{e}"));
    }
    let pack = RulePack::load_without_shipped(&[dir.path().to_path_buf()], &Config::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let engine = Engine::new(&pack);
    let texts = [
        "Sonen har inte hörts. Barnsamtalet med dottern har inte genomförts.",
        "Föräldrasamtal med pappan hölls i maj. Dottern berättar att hon trivs.",
        "Mamman har inte kontaktats. Umgängeskontakt saknas sedan i våras.",
        "Småbarnet observerades i hemmet. Barnsamtal med [NAMN] har inte hållits.",
        "Pappan säger att sonen mår bra. Ingen har talat med barnen.",
    ];
    let area = Area::new("barn_unga");
    let mut with_facts = 0;
    for text in texts {
        let doc = Doc {
            text,
            client_gender: Gender::Okant,
            area: Some(&area),
        };
        let (_, cued) = engine.analyse(&doc);
        assert_eq!(cued, engine.case_facts(&doc), "{text}");
        with_facts += usize::from(cued != Default::default());
    }
    assert_eq!(with_facts, texts.len());
}
