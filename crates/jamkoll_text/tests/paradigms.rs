//! The cue lemmas of the rule pack get exactly their paradigms from the embedded lexicon
//! (hunspell-sv, strong-verb table and overrides). Each test names the lemma it guards.

use jamkoll_text::Lexicon;

fn forms(lemma: &str) -> Vec<&'static str> {
    Lexicon::swedish()
        .forms(lemma)
        .unwrap_or_else(|| panic!("{lemma} is not a known lemma"))
}

#[track_caller]
fn has_all(lemma: &str, expected: &[&str]) {
    let got = forms(lemma);
    for f in expected {
        assert!(got.contains(f), "{lemma} lacks {f}; has {got:?}");
    }
}

#[track_caller]
fn has_none(lemma: &str, unwanted: &[&str]) {
    let got = forms(lemma);
    for f in unwanted {
        assert!(!got.contains(f), "{lemma} wrongly has {f}");
    }
}

#[test]
fn pasta() {
    has_all(
        "påstå",
        &["påstår", "påstod", "påstått", "påstås", "påstådd"],
    );
}

#[test]
fn havda() {
    has_all("hävda", &["hävdar", "hävdade", "hävdat", "hävdas"]);
}

#[test]
fn mamma_and_pappa_without_papper() {
    has_all("mamma", &["mamman", "mammor", "mammorna", "mammans"]);
    has_all("pappa", &["pappan", "pappor", "papporna", "pappans"]);
    has_none("pappa", &["papper", "papperna", "pappers"]);
    assert_eq!(Lexicon::swedish().lemmas("papper"), ["papper"]);
}

#[test]
fn aggressiv_hysterisk_ovardad_moderlig() {
    has_all("aggressiv", &["aggressivt", "aggressiva"]);
    has_all("hysterisk", &["hysteriskt", "hysteriska"]);
    has_all("ovårdad", &["ovårdat", "ovårdade"]);
    has_all("moderlig", &["moderligt", "moderliga"]);
}

#[test]
fn kvinna_and_man() {
    has_all("kvinna", &["kvinnan", "kvinnor", "kvinnorna", "kvinnans"]);
    has_all("man", &["mannen", "män", "männen", "mannens"]);
    has_none("man", &["manisk", "manet"]);
}

#[test]
fn forvanta_and_uppmana() {
    has_all(
        "förvänta",
        &["förväntas", "förväntades", "förväntats", "förväntar"],
    );
    has_all(
        "uppmana",
        &["uppmanas", "uppmanades", "uppmanar", "uppmanat"],
    );
}

#[test]
fn misshandla_without_the_doer() {
    has_all(
        "misshandla",
        &["misshandlades", "misshandlad", "misshandlat", "misshandlar"],
    );
    has_none("misshandla", &["misshandlaren", "misshandlare"]);
    has_all("misshandlare", &["misshandlaren"]);
}

#[test]
fn sla() {
    has_all(
        "slå",
        &["slog", "slagen", "slagits", "slogs", "slår", "slagna"],
    );
    has_none("slå", &["slån"]);
}

#[test]
fn utsatta_and_other_strong_compounds() {
    has_all(
        "utsätta",
        &["utsattes", "utsätts", "utsatts", "utsatt", "utsätter"],
    );
    has_all(
        "ifrågasätta",
        &["ifrågasätter", "ifrågasatte", "ifrågasatt"],
    );
    has_all("ålägga", &["ålägger", "ålades", "ålagts"]);
    has_none("ålägga", &["åla"]);
    has_all("undvika", &["undviker", "undvek", "undvikit"]);
    has_all("säga", &["säger", "sa", "sade", "sagt"]);
    has_all("förekomma", &["förekommer", "förekom", "förekommit"]);
}

#[test]
fn forsorjare_is_its_own_lemma() {
    has_all("försörjare", &["försörjaren", "försörjarna"]);
    has_none("försörja", &["försörjare"]);
    has_all("försörja", &["försörjer", "försörjde", "försörjt"]);
}

#[test]
fn ha_is_not_han() {
    has_all("ha", &["har", "hade", "haft"]);
    has_none("ha", &["han", "hans"]);
}

#[test]
fn unknown_lemma_is_none() {
    let lex = Lexicon::swedish();
    assert!(lex.forms("xyzzyord").is_none());
    assert!(!lex.contains_lemma("mammor"));
    assert!(lex.contains_lemma("mamma"));
}

#[test]
fn compound_heads() {
    let lex = Lexicon::swedish();
    let head = |w: &str| {
        let h = lex
            .compound_head(w)
            .unwrap_or_else(|| panic!("no head for {w}"));
        (h.head.to_string(), h.lemmas)
    };
    let mamma = lex.lemma_id("mamma").expect("known");
    let pappa = lex.lemma_id("pappa").expect("known");
    for w in [
        "småbarnsmamman",
        "ensamståendemamma",
        "tvåbarnsmammor",
        "ensamstående-mamman",
    ] {
        assert!(lex.has_head(w, mamma), "{w}: {:?}", head(w));
    }
    for w in ["trebarnspappa", "styvpappan", "bonuspappor"] {
        assert!(lex.has_head(w, pappa), "{w}: {:?}", head(w));
    }
    assert!(!lex.has_head("papperskorg", pappa));
    // A known word is not split into a short left part: "mamman" is not mam+man.
    let man = lex.lemma_id("man").expect("known");
    for w in ["mamman", "småbarnsmamman", "pappan"] {
        assert!(!lex.has_head(w, man), "{w} is not a *man");
    }
    assert!(lex.has_head(
        "familjeförsörjaren",
        lex.lemma_id("försörjare").expect("known")
    ));
    assert_eq!(head("trebarnspappa"), ("pappa".to_string(), vec!["pappa"]));
    assert_eq!(
        head("småbarnsmamman"),
        ("mamman".to_string(), vec!["mamma"])
    );
}

#[test]
fn people_nouns_for_referents() {
    has_all("pojke", &["pojken", "pojkar", "pojkarna"]);
    has_all("make", &["maken", "makar"]);
    has_none("maka", &["makar", "makade"]);
    has_all("son", &["sonen", "söner"]);
    has_none("son", &["sonisk"]);
    has_all("far", &["fars", "fäder"]);
    has_none("far", &["faras"]);
    has_all("mor", &["mors", "mödrar"]);
    has_all("moder", &["modern", "mödrar"]);
    has_all("bror", &["brodern", "bröder"]);
    has_all("dotter", &["dottern", "döttrar"]);
    has_none("flicka", &["flickade"]);
    has_none("han", &["hann"]);
}
