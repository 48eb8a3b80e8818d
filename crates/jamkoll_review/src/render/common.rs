//! Formatting shared by the renderers: counts, rates, ratios, stamps and footnotes.

use crate::input::Lang;
use crate::report::{Comparison, Count, Excerpt, Rate, Report, UnitReport, Why};
use crate::text::{int, interval, num, percent, pval, tr};
use jamkoll_core::Gender;

/// A count as shown in text: the number, "<5" when small, "×" when hidden as a complement,
/// "·" when the unit has no gender breakdown.
pub fn count(lang: Lang, c: Count, min_cell: u64) -> String {
    match (c.value, c.why) {
        (Some(v), _) => int(lang, v),
        (None, Some(Why::Small)) => format!("<{min_cell}"),
        (None, Some(Why::Complement)) => "×".into(),
        (None, _) => "·".into(),
    }
}

/// A share with its interval: "12,5 % (7,1–21,0)", or "–" when not shown.
pub fn rate(lang: Lang, r: &Rate) -> String {
    match (r.value, r.ci95) {
        (Some(v), Some([lo, hi])) => {
            format!(
                "{} ({})",
                percent(lang, v),
                interval(lang, lo * 100.0, hi * 100.0, 1)
            )
        }
        (Some(v), None) => percent(lang, v),
        _ => "–".into(),
    }
}

/// A rate ratio with its interval: "2,10 (1,30–3,40)", "*" when continuity corrected.
pub fn ratio(lang: Lang, c: &Comparison) -> String {
    match (c.rate_ratio, c.ci95) {
        (Some(rr), Some([lo, hi])) => format!(
            "{} ({}){}",
            num(lang, rr, 2),
            interval(lang, lo, hi, 2),
            if c.continuity_corrected { "*" } else { "" }
        ),
        _ => "–".into(),
    }
}

/// p or q, or "–".
pub fn p(lang: Lang, v: Option<f64>, bound: bool) -> String {
    v.map_or_else(|| "–".into(), |v| pval(lang, v, bound))
}

/// Findings per 1,000 words, or "–".
pub fn per_1000(lang: Lang, v: Option<f64>) -> String {
    v.map_or_else(|| "–".into(), |v| num(lang, v, 2))
}

/// The flag column.
pub fn flag(lang: Lang, c: &Comparison) -> &'static str {
    if c.flagged {
        tr(lang, "**Flaggad**", "**Flagged**")
    } else {
        ""
    }
}

/// Amount in kronor, rounded to whole kronor.
pub fn kronor(lang: Lang, v: Option<f64>) -> String {
    v.map_or_else(
        || "–".into(),
        |v| format!("{} kr", int(lang, v.max(0.0).round() as u64)),
    )
}

/// The one-paragraph stamp: version, rule pack, corpus, settings and filters.
pub fn stamp(r: &Report) -> String {
    let lang = r.settings.lang;
    let f = &r.settings.filters;
    let mut filters = Vec::new();
    if !f.units.is_empty() {
        filters.push(format!(
            "{} {}",
            tr(lang, "enheter", "units"),
            f.units.join(", ")
        ));
    }
    if let Some(a) = &f.area {
        filters.push(format!("{} {a}", tr(lang, "område", "area")));
    }
    if let Some(d) = &f.from {
        filters.push(format!("{} {d}", tr(lang, "från", "from")));
    }
    if let Some(d) = &f.to {
        filters.push(format!("{} {d}", tr(lang, "till", "to")));
    }
    let filters = if filters.is_empty() {
        tr(lang, "inga", "none").to_string()
    } else {
        filters.join("; ")
    };
    let w = |sv: &'static str, en: &'static str| tr(lang, sv, en);
    format!(
        "jamkoll {} · {} {} ({} {}) · {} {} {}, {} {}, {} {} · {} {} · α = {} · {} {} · {}: {}",
        r.generated_by.version,
        w("regelpaket", "rule pack"),
        r.rule_pack.hash,
        r.rule_pack.rules,
        w("regler", "rules"),
        w("korpus", "corpus"),
        int(lang, r.corpus.documents),
        w("dokument", "documents"),
        int(lang, r.corpus.cases),
        w("ärenden", "cases"),
        w("fingeravtryck", "fingerprint"),
        r.corpus.fingerprint,
        w("minsta cell", "minimum cell"),
        r.settings.min_cell,
        num(lang, r.settings.alpha, 2),
        r.tests.count,
        w("test", "tests"),
        w("filter", "filters"),
        filters
    ) + &dismissed_note(r)
        + &r.merged
            .as_ref()
            .map(|m| format!(" · {}", m.note))
            .unwrap_or_default()
}

/// The stamp's note on findings dismissed at triage, when there are any.
fn dismissed_note(r: &Report) -> String {
    let lang = r.settings.lang;
    match r.corpus.dismissed {
        0 => String::new(),
        n => format!(
            " · {} {}",
            int(lang, n),
            tr(
                lang,
                "fynd avfärdade vid triage räknas inte",
                "findings dismissed at triage are not counted"
            )
        ),
    }
}

/// The footnotes that explain each figure in plain language, with a worked example from the
/// unit when it has a flagged row with a ratio.
pub fn footnotes(r: &Report, unit: Option<&UnitReport>) -> Vec<String> {
    let lang = r.settings.lang;
    let m = r.settings.min_cell;
    let alpha = num(lang, r.settings.alpha, 2);
    let mut notes: Vec<String> = match lang {
        Lang::Sv => vec![
            "**Andel** = ärenden med minst ett fynd som skribenten själv står för (inte nekade, återgivna eller hypotetiska formuleringar), delat med alla ärenden med kvinnor respektive män i enheten. Inom parentes ett 95-procentigt konfidensintervall (Wilson): det spann där den verkliga andelen troligen ligger.".into(),
            "**Kvot K/M** = andelen för kvinnor delad med andelen för män. En kvot på 2,1 (1,3–3,4) betyder att ärenden om kvinnor hade fynd i kategorin ungefär dubbelt så ofta som ärenden om män, och att den verkliga kvoten med hänsyn till slumpen troligen ligger mellan 1,3 och 3,4. En kvot på 1 betyder ingen skillnad; ett intervall som omfattar 1 betyder att skillnaden kan bero på slumpen. En kvot under 1 betyder att fynden var vanligare i männens ärenden. * = ett av talen var 0, så 0,5 har lagts till i varje ruta för att kunna räkna.".into(),
            format!("**p** = Fishers exakta test: hur sannolikt en minst så stor skillnad vore om kvinnor och män i själva verket behandlades lika i texterna. **q** = p justerat för att rapporten gör många test på en gång (Benjamini–Hochberg). En rad **flaggas** när q < {alpha}: då väntas högst {} av 100 flaggor vara falsklarm. ≤ betyder att raden har ett dolt tal: p och q visas då bara som övre gränser, räknade så att det dolda talet inte kan avslöjas. Om raden flaggas avgörs ändå av de verkliga talen, så en sådan rad kan vara flaggad fast gränsen är högre än {alpha}; flaggan säger bara att skillnaden är signifikant, inte vad det dolda talet är. q saknas (–) för rader med så få ärenden att de inte skulle kunna bli signifikanta; de räknas inte med i justeringen.", num(lang, r.settings.alpha * 100.0, 0)),
            "**Per 1 000 ord** = antal fynd per 1 000 skrivna ord i kvinnornas respektive männens ärenden. Längre texter ger fler fynd; måttet tar hänsyn till det. Att det skrivs olika mycket om kvinnor och män är i sig en skillnad att reflektera över.".into(),
            format!("**Små tal**: tal från 1 till {} visas som <{m}. × är ett tal som dolts för att ett litet tal inte ska kunna räknas fram ur summor eller ur det andra könet. · = enheten redovisas utan uppdelning på kön. Andelar, kvoter och utdrag visas aldrig för dolda tal.", m.saturating_sub(1)),
            "Ett fynd är en fråga att reflektera över, inte ett bevis på särbehandling. Siffrorna gäller texterna, aldrig en enskild handläggare, och verkliga skillnader mellan klienter kan finnas.".into(),
        ],
        Lang::En => vec![
            "**Share** = cases with at least one finding the writer stands for (not negated, reported or hypothetical wording), divided by all cases of women or of men in the unit. In brackets a 95 % confidence interval (Wilson): the range in which the true share probably lies.".into(),
            "**Ratio W/M** = the women's share divided by the men's. A ratio of 2.1 (1.3–3.4) means that cases about women had a finding in the category about twice as often as cases about men, and that, allowing for chance, the true ratio probably lies between 1.3 and 3.4. A ratio of 1 means no difference; an interval that includes 1 means the difference may be chance. A ratio below 1 means the findings were more common in the men's cases. * = one of the counts was 0, so 0.5 was added to every cell to compute it.".into(),
            format!("**p** = Fisher's exact test: how likely a difference at least this large would be if women and men were in fact treated alike in the texts. **q** = p adjusted for the many tests the report makes at once (Benjamini–Hochberg). A row is **flagged** when q < {alpha}: then at most {} in 100 flags are expected to be false alarms. ≤ means the row has a hidden count: p and q are then shown only as upper bounds, computed so that the hidden count cannot be revealed. Whether the row is flagged is still decided on the true counts, so such a row can be flagged although its bound is above {alpha}; the flag tells only that the difference is significant, not what the hidden count is. q is missing (–) for rows with so few cases that they could never be significant; they are left out of the adjustment.", num(lang, r.settings.alpha * 100.0, 0)),
            "**Per 1,000 words** = findings per 1,000 words written in the women's and the men's cases. Longer texts give more findings; this measure allows for it. That more is written about one gender is itself a difference to reflect on.".into(),
            format!("**Small counts**: counts from 1 to {} are shown as <{m}. × is a count hidden so that a small count cannot be worked out from totals or from the other gender. · = the unit is reported without a gender breakdown. Shares, ratios and excerpts are never shown for hidden counts.", m.saturating_sub(1)),
            "A finding is a question to reflect on, not proof of unequal treatment. The figures concern the texts, never an individual caseworker, and real differences between clients may exist.".into(),
        ],
    };
    let example = unit.and_then(|u| {
        u.categories
            .iter()
            .find(|c| c.comparison.flagged && c.comparison.rate_ratio.is_some())
    });
    if let Some(c) = example
        && let (Some(rr), Some([lo, hi])) = (c.comparison.rate_ratio, c.comparison.ci95)
    {
        let (rr_s, lo_s, hi_s) = (num(lang, rr, 2), num(lang, lo, 2), num(lang, hi, 2));
        notes[1].push_str(&match lang {
            Lang::Sv => format!(
                " I den här enheten: {} {rr_s} ({lo_s}–{hi_s}) betyder att ärenden om kvinnor hade sådana fynd {rr_s} gånger så ofta som ärenden om män, troligen mellan {lo_s} och {hi_s} gånger.",
                c.label
            ),
            Lang::En => format!(
                " In this unit: {} {rr_s} ({lo_s}–{hi_s}) means that cases about women had such findings {rr_s} times as often as cases about men, probably between {lo_s} and {hi_s} times.",
                c.label
            ),
        });
    }
    notes
}

/// What a unit without excerpts says instead (a merged report says why it has none).
pub fn no_excerpts(r: &Report) -> &str {
    if let Some(m) = &r.merged {
        return &m.note;
    }
    tr(
        r.settings.lang,
        "Inga utdrag: inget är flaggat, eller inget utdrag kunde visas säkert.",
        "No excerpts: nothing is flagged, or no excerpt could be shown safely.",
    )
}

/// A run of excerpts under one heading: a flagged rule (or a category) and a gender.
pub struct ExcerptGroup<'a> {
    /// The rule id, or the category's display name when the category as a whole was flagged.
    pub head: String,
    /// Whether `head` is a rule id (renderers set it as code).
    pub is_rule: bool,
    /// The client gender of the excerpts' cases.
    pub gender: Gender,
    /// The excerpts, in report order.
    pub excerpts: Vec<&'a Excerpt>,
}

/// Groups a unit's excerpts (already in report order) by heading and gender, so every renderer
/// shows the same headings over the same excerpts.
pub fn excerpt_groups<'a>(lang: Lang, excerpts: &'a [Excerpt]) -> Vec<ExcerptGroup<'a>> {
    let mut groups: Vec<ExcerptGroup<'a>> = Vec::new();
    for e in excerpts {
        let head = e
            .rule
            .clone()
            .unwrap_or_else(|| crate::text::category(lang, e.category).to_string());
        match groups.last_mut() {
            Some(g) if g.head == head && g.gender == e.gender => g.excerpts.push(e),
            _ => groups.push(ExcerptGroup {
                head,
                is_rule: e.rule.is_some(),
                gender: e.gender,
                excerpts: vec![e],
            }),
        }
    }
    groups
}

/// The column headers of the language-and-responsibility table; the last column (the flag) is
/// headed by `flag_header` (HTML names it, Markdown leaves it blank).
pub fn comparison_headers(lang: Lang, flag_header: &'static str) -> [&'static str; 10] {
    [
        tr(lang, "Kategori / regel", "Category / rule"),
        tr(lang, "Kvinnor: ärenden", "Women: cases"),
        tr(lang, "Kvinnor: andel (95 % KI)", "Women: share (95 % CI)"),
        tr(lang, "Män: ärenden", "Men: cases"),
        tr(lang, "Män: andel (95 % KI)", "Men: share (95 % CI)"),
        tr(lang, "Per 1 000 ord K / M", "Per 1,000 words W / M"),
        tr(lang, "Kvot K/M (95 % KI)", "Ratio W/M (95 % CI)"),
        "p",
        "q",
        flag_header,
    ]
}
