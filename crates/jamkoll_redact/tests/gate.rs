//! The gate's true hits in every format and its look-alikes, through `scan` and `redact`.

use jamkoll_redact::{Certainty, Gate, IdentifierKind};
use std::sync::OnceLock;

fn gate() -> &'static Gate {
    static GATE: OnceLock<Gate> = OnceLock::new();
    GATE.get_or_init(Gate::new)
}

/// Asserts that `text` holds exactly one hit, of `kind`, covering exactly `value`.
#[track_caller]
fn one(text: &str, value: &str, kind: IdentifierKind) {
    let hits = gate().scan(text);
    let start = text.find(value).expect("value is in the text");
    let got: Vec<_> = hits
        .iter()
        .map(|h| (h.kind, &text[h.span.start..h.span.end]))
        .collect();
    assert_eq!(got, vec![(kind, value)], "in {text:?}");
    assert_eq!(hits[0].span.start, start);
    let redacted = gate().redact(text);
    let expected = text.replacen(value, kind.placeholder(), 1);
    assert_eq!(redacted.text, expected);
    assert_eq!(redacted.hits, hits);
    assert_eq!(gate().redact_cow(text), expected);
}

/// Asserts that `text` holds no identifier, and that redaction borrows it unchanged.
#[track_caller]
fn none(text: &str) {
    let hits = gate().scan(text);
    let got: Vec<_> = hits
        .iter()
        .map(|h| (h.kind, &text[h.span.start..h.span.end]))
        .collect();
    assert!(got.is_empty(), "false positive in {text:?}: {got:?}");
    assert!(matches!(
        gate().redact_cow(text),
        std::borrow::Cow::Borrowed(_)
    ));
    assert_eq!(gate().redact(text).text, text);
}

use IdentifierKind::*;

#[test]
fn personnummer_in_every_format() {
    for value in [
        "811228-9874",
        "811228+9874",
        "8112289874",
        "19811228-9874",
        "198112289874",
        "900101-1239",
        "20000229-1235",
        "000229-1235",
    ] {
        one(
            &format!("Klienten har personnummer {value} enligt ansökan."),
            value,
            Personnummer,
        );
        one(
            &format!("{value} är sökandens nummer."),
            value,
            Personnummer,
        );
        one(&format!("Pnr: {value}"), value, Personnummer);
        one(&format!("(pnr {value})."), value, Personnummer);
    }
}

#[test]
fn samordningsnummer_is_day_plus_sixty() {
    for value in ["701063-2342", "7010632342", "19701063-2342", "197010632342"] {
        one(
            &format!("Samordningsnummer {value} finns."),
            value,
            Samordningsnummer,
        );
    }
}

#[test]
fn personnummer_lookalikes_fail_the_date_or_luhn() {
    // Luhn fails.
    none("Nummer 811228-9875 i registret.");
    none("Nummer 8112289875 i registret.");
    // Month 13, day 32, 29 February in a year that is never leap, day 92.
    none("Ärende 811328-9873 och 811232-9870.");
    none("Ärende 19810229-1238.");
    none("Ärende 811292-9871.");
    // Nine and eleven digits.
    none("Referens 811228987 och 81122898741.");
    // Part of a longer number or a decimal.
    none("Kod 8112289874-12 och 0,8112289874 och 8112289874/2024.");
}

#[test]
fn phone_numbers_in_every_form() {
    for value in [
        "070-123 45 67",
        "0701234567",
        "070 123 45 67",
        "070-1234567",
        "+46 70 123 45 67",
        "+46701234567",
        "0046 70 123 45 67",
        "+46 (0)70 123 45 67",
        "+46 8 123 456 78",
        "08-123 456 78",
        "08-12 34 56",
        "08 123 456 78",
        "(08) 123 456 78",
        "031-12 34 56",
        "031-123456",
        "0910-123 45",
        "0910-12345",
        "073-987 65 43",
    ] {
        one(
            &format!("Ring mamman på {value} efter klockan tre."),
            value,
            Telefon,
        );
        one(&format!("Tel. {value}"), value, Telefon);
        one(&format!("{value}, hemnummer."), value, Telefon);
    }
}

#[test]
fn email_addresses() {
    for value in [
        "anna.svensson@example.se",
        "a_b-c+d@mail.kommun.se",
        "åsa.öberg@växjö.se",
        "X@Y.COM",
    ] {
        one(&format!("Mejla till {value}."), value, Epost);
        one(&format!("<{value}>"), value, Epost);
    }
}

#[test]
fn street_addresses() {
    for value in [
        "Storgatan 12",
        "Storgatan 12 B",
        "Storgatan 12B",
        "Västra Långgatan 3 lgh 1102",
        "Björkvägen 7",
        "Drottning Kristinas väg 5",
        "Sankt Eriksgatan 117",
        "Ringvägen 4, lgh 1203",
        "Skolgränd 2",
        "Stortorget 9",
    ] {
        one(
            &format!("Familjen bor på {value} sedan i våras."),
            value,
            Adress,
        );
        one(&format!("Adress: \"{value}\"."), value, Adress);
    }
}

#[test]
fn postal_code_and_town() {
    for value in [
        "123 45 Umeå",
        "12345 Umeå",
        "S-123 45 Umeå",
        "SE-903 26 Umeå",
        "903 26 Umeå",
        "417 05 Göteborg",
        "831 40 Östersund",
    ] {
        one(&format!("Postadress {value}."), value, Postadress);
    }
    let text = "Storgatan 12, 123 45 Umeå";
    let kinds: Vec<_> = gate().scan(text).iter().map(|h| h.kind).collect();
    assert_eq!(kinds, vec![Adress, Postadress]);
    assert_eq!(gate().redact(text).text, "[ADRESS], [ADRESS]");
}

#[test]
fn names_in_context_are_likely() {
    one("Samtal med handläggare Anna om planen.", "Anna", Namn);
    one("Hon bor med sambon Erik sedan två år.", "Erik", Namn);
    one("Anna Svensson kom till mötet.", "Anna Svensson", Namn);
    one("Mötet hölls med Anna och hennes bror.", "Anna", Namn);
    one("Hans Berg kom till mötet.", "Hans Berg", Namn);
    one("Björn berättar att han sover dåligt.", "Björn", Namn);
    one("Vi träffade Björn på kontoret.", "Björn", Namn);
    one("Sambon Rosa uppger att hon är trött.", "Rosa", Namn);
    one("Hon bor hos Johanssons sedan i maj.", "Johanssons", Namn);
    one("Mamman heter Xiomara enligt ansökan.", "Xiomara", Namn);
    one(
        "Hon har kontakt med Anna-Karin på boendet.",
        "Anna-Karin",
        Namn,
    );
    for hit in gate().scan("Handläggare Anna Svensson och sambon Erik.") {
        assert_eq!(hit.kind, Namn);
        assert_eq!(hit.certainty, Certainty::Likely);
    }
}

#[test]
fn names_that_are_ordinary_words_are_not_flagged_alone() {
    none("Hans mamma ringde i morse.");
    none("Hon hade en rosa jacka på sig.");
    none("Björn och varg finns i skogen, sa barnet.");
    none("Sten och grus låg på gården.");
    none("Inga uppgifter finns om inkomst.");
    none("Mina föräldrar hjälper till, säger hon.");
    none("Dag för dag blir det bättre.");
    none("Liv och hälsa är i fara.");
    none("Per månad betalar hon hyra.");
    none("Klara besked saknas.");
}

#[test]
fn placeholders_are_not_identifiers() {
    none("[NAMN] bor på [ADRESS] i [ORT] med [NAMN_1].");
    none("Sambon [NAMN] har telefon [TELEFON] och e-post [EPOST].");
    none("Personnummer [PERSONNUMMER], samordningsnummer [SAMORDNINGSNUMMER].");
}

#[test]
fn lookalikes_are_not_identifiers() {
    for text in [
        "Dnr 2024-1234 avser ansökan.",
        "SN 2023/456 är diarienumret.",
        "Ärendet har dnr SN 2022-00123.",
        "Beviljat belopp 12 450 kr för mars.",
        "Hyran är 3 500 kronor i månaden.",
        "Beslut 2024-03-05 om bistånd.",
        "Mötet den 5/3 flyttades till 12/3.",
        "Enligt 4 kap. 1 § SoL har hon rätt till bistånd.",
        "Enligt 11 kap. 1 § SoL inleds utredning.",
        "Besöket var kl. 08.30-09.15.",
        "Samtalet började 14:05 och slutade 14:50.",
        "Summa 1 234 567 kr.",
        "Ärendenummer 4711-2024-0815.",
        "Normen 2024 är 3 180 kr för en vuxen.",
        "Hon har 2 barn, 4 och 7 år gamla.",
        "Inkomsten var 23 456 kr i januari 2024.",
        "Beslutet fattades 2024-01-15 kl 10:00.",
        "Telefontid 09-11 varje vardag.",
        "Vecka 12 och 13 var hon sjuk.",
        "Punkt 3.2.1 i riktlinjerna.",
    ] {
        none(text);
    }
}

#[test]
fn hits_are_sorted_and_disjoint_and_hold_no_value() {
    let text = "Anna Svensson, 811228-9874, bor på Storgatan 12, 123 45 Umeå, tel 070-123 45 67, \
                anna@example.se.";
    let hits = gate().scan(text);
    let kinds: Vec<_> = hits.iter().map(|h| h.kind).collect();
    assert_eq!(
        kinds,
        vec![Namn, Personnummer, Adress, Postadress, Telefon, Epost]
    );
    for pair in hits.windows(2) {
        assert!(pair[0].span.end <= pair[1].span.start);
    }
    let debug = format!("{hits:?}");
    for value in ["Anna", "9874", "Storgatan", "Umeå", "45 67", "example"] {
        assert!(!debug.contains(value), "Debug shows a value: {debug}");
    }
    let json = serde_json::to_string(&hits[1]).expect("serialises");
    assert_eq!(
        json,
        r#"{"kind":"personnummer","span":{"start":15,"end":26},"certainty":"certain"}"#
    );
}

#[test]
fn placeholders_and_wire_names() {
    let all = [
        Personnummer,
        Samordningsnummer,
        Telefon,
        Epost,
        Adress,
        Postadress,
        Namn,
    ];
    let placeholders: Vec<_> = all.iter().map(|k| k.placeholder()).collect();
    assert_eq!(
        placeholders,
        [
            "[PERSONNUMMER]",
            "[SAMORDNINGSNUMMER]",
            "[TELEFON]",
            "[EPOST]",
            "[ADRESS]",
            "[ADRESS]",
            "[NAMN]"
        ]
    );
    let names: Vec<_> = all.iter().map(|k| k.as_str()).collect();
    assert_eq!(
        names,
        [
            "personnummer",
            "samordningsnummer",
            "telefon",
            "epost",
            "adress",
            "postadress",
            "namn"
        ]
    );
}

#[test]
fn gate_is_send_sync_and_handles_odd_text() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Gate>();
    for text in [
        "",
        "@",
        "@@.",
        "0",
        "+46",
        "(0",
        "Å",
        "ÅÄÖ 123 45",
        "a@b",
        "07",
        "\u{a0}0701234567",
    ] {
        let _ = gate().scan(text);
        let _ = gate().redact(text);
    }
}

#[test]
fn numbers_glued_to_letters_are_still_found() {
    // Letters do not hide a number: redacting a glued name must not expose one.
    one("pnr8112289874 enligt ansökan", "8112289874", Personnummer);
    one("tel0701234567 dagtid", "0701234567", Telefon);
}

#[test]
fn a_joiner_then_a_letter_does_not_hide_a_number() {
    // File names and labels: a hyphen or underscore before a word still leaves the number.
    one(
        "pnr 811228-9874-intyg enligt ansökan",
        "811228-9874",
        Personnummer,
    );
    one("fil 811228-9874_scan bifogas", "811228-9874", Personnummer);
    // A joiner before another digit makes it a longer code, as before.
    none("ärende 811228-9874-2 avslutat");
}

#[test]
fn stop_names_inside_a_sentence() {
    // Frequent words need a verb, a function word or punctuation after them.
    none("Enligt Hans egen uppgift dricker han inte.");
    one("Vi träffade Hans på kontoret.", "Hans", Namn);
    one("Vi ringde till Hans.", "Hans", Namn);
    // Rarer words capitalised inside a sentence are names.
    one("Hos Lisa finns inga barn.", "Lisa", Namn);
    one("Mötet med Björn gick bra.", "Björn", Namn);
}

#[test]
fn apply_placeholders_replaces_a_filtered_subset() {
    let text = "Sambon Erik har pnr 811228-9874.";
    let hits = gate().scan(text);
    let names: Vec<_> = hits.iter().copied().filter(|h| h.kind == Namn).collect();
    assert_eq!(
        jamkoll_redact::apply_placeholders(text, &names),
        "Sambon [NAMN] har pnr 811228-9874."
    );
    // Hits from another text are skipped, not a panic.
    let foreign = gate().scan("Åsa Öberg och Anna Svensson och Erik Berg kom.");
    let _ = jamkoll_redact::apply_placeholders("kort", &foreign);
}

#[test]
fn gate_debug_is_short() {
    let debug = format!("{:?}", gate());
    assert!(debug.len() < 200, "{debug}");
}

#[test]
fn identifiers_at_every_offset_of_the_fast_skip() {
    // The scan skips 32-byte chunks; a capital Å/Ä/Ö is two bytes and may straddle a chunk edge.
    for k in 0..80 {
        let pad = "å".repeat(k / 2) + &"a".repeat(k % 2);
        one(&format!("{pad} möte med Öberg idag"), "Öberg", Namn);
        one(
            &format!("{pad} nummer 811228-9874 idag"),
            "811228-9874",
            Personnummer,
        );
        one(
            &format!("{pad} tel +46 70 123 45 67 idag"),
            "+46 70 123 45 67",
            Telefon,
        );
    }
}
