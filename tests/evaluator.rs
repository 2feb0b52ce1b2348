//! The evaluators: the compiled one agrees with the reference one on random specs and records
//! (missing and coarse values included, sets of every size), and `icpl test` behaves as
//! documented. `icpl match` is tested in `tests/records.rs`.

// Test code states its expectations by panicking: the no-panic rule (the `[lints.clippy]`
// table of Cargo.toml) is for library code. `#[test]` functions are exempt through clippy.toml;
// this covers the helpers too.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::unreachable,
    clippy::indexing_slicing
)]

mod common;

use std::path::Path;
use std::process::Command;

use icpl::eval::compiled::{IcpOutcome, Program};
use icpl::eval::row::{Row, slot_of};
use icpl::eval::{Status, TierOutcome, evaluate_icp};
use icpl::sema::ir::{Record, Value};
use icpl_testkit::small::{SCHEMA, expr, record};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn the_compiled_evaluator_agrees_with_the_reference(
        req in prop::collection::vec(expr(), 1..3),
        excl in prop::collection::vec(expr(), 0..2),
        signals in prop::collection::vec((-20i64..30, expr()), 0..4),
        records in prop::collection::vec(record(), 1..20),
    ) {
        let mut text = format!("{SCHEMA}icp t {{\n");
        for r in &req { text.push_str(&format!("  require {r}\n")); }
        for e in &excl { text.push_str(&format!("  exclude {e}\n")); }
        if !signals.is_empty() {
            text.push_str("  score {\n");
            for (k, (w, c)) in signals.iter().enumerate() {
                let w = if *w == 0 { 1 } else { *w };
                text.push_str(&format!("    s{k} {w:+} when {c}\n"));
            }
            text.push_str("  }\n  tiers { A >= 20, B >= 0, C }\n");
        }
        text.push_str("}\n");
        let comp = common::compile_text_unlinted(&text);
        prop_assume!(!comp.has_errors());
        let spec = &comp.spec;
        let program = Program::compile(spec);
        for values in records {
            let record = Record { values: values.clone() };
            let mut row = Row::empty(spec);
            for (i, v) in values.iter().enumerate() {
                if let Some(v) = v {
                    let id = icpl::sema::ir::AttrId { entity: icpl::sema::ir::Entity::Account, index: i as u32 };
                    row.put(slot_of(spec, id), v).unwrap_or_else(|e| panic!("{e}"));
                }
            }
            let r = evaluate_icp(spec, &spec.icps[0], &record);
            let mut out = IcpOutcome::default();
            program.icp(0, &row, &mut out);
            prop_assert_eq!(Some(r.status), out.status, "{}\n{:?}", text, values);
            prop_assert_eq!((r.score, r.score_min, r.score_max), (out.score, out.score_min, out.score_max));
            prop_assert_eq!(Some(r.tier), out.tier);
            prop_assert_eq!(&r.signals, &out.signals);
            prop_assert_eq!(&r.unknown_signals, &out.unknown_signals);
            let missing: Vec<usize> = r.missing.iter().map(|&a| slot_of(spec, a)).collect();
            let coarse: Vec<usize> = r.coarse.iter().map(|&a| slot_of(spec, a)).collect();
            prop_assert_eq!(missing, out.missing.clone());
            prop_assert_eq!(coarse, out.coarse.clone());
            // Missing data never reads as a non-match: a record with nothing known is never
            // no_match unless a criterion needs no data.
            if values.iter().all(Option::is_none) {
                prop_assert_ne!(r.status, Status::NoMatch);
            }
            if r.status != Status::Match {
                prop_assert_eq!(r.tier, TierOutcome::None);
            }
        }
    }
}

/// The sizes of set types the set tests cover: one mask word, the edges of the 64- and 128-bit
/// masks, and types held in the row's words.
const SET_SIZES: [usize; 9] = [1, 63, 64, 65, 127, 128, 129, 200, 5000];

/// A value of a set of `n` values: often one at an edge of a word, else any.
fn set_value(n: usize) -> impl Strategy<Value = usize> {
    let edges = vec![
        0usize, 1, 63, 64, 65, 122, 127, 128, 129, 191, 192, 199, 250, 4095, 4999,
    ];
    prop_oneof![
        prop::sample::select(edges).prop_map(move |v| v.min(n - 1)),
        Just(n - 1),
        (0..n),
    ]
}

fn set_expr(n: usize) -> impl Strategy<Value = String> {
    let list = move || {
        prop::collection::btree_set(set_value(n), 1..5).prop_map(|vs| {
            vs.iter()
                .map(|v| format!("t{v}"))
                .collect::<Vec<_>>()
                .join(", ")
        })
    };
    let atom = prop_oneof![
        set_value(n).prop_map(|v| format!("tools has t{v}")),
        list().prop_map(|l| format!("tools has any [{l}]")),
        list().prop_map(|l| format!("tools has all [{l}]")),
        list().prop_map(|l| format!("tools has none [{l}]")),
    ];
    atom.prop_recursive(2, 6, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 2..3)
                .prop_map(|xs| format!("({})", xs.join(" and "))),
            prop::collection::vec(inner.clone(), 2..3)
                .prop_map(|xs| format!("({})", xs.join(" or "))),
            inner.prop_map(|x| format!("not ({x})")),
        ]
    })
}

/// A spec with one set attribute of `n` values and one ICP with the given criteria.
fn set_spec(n: usize, requires: &[String], signals: &[String]) -> String {
    let values: Vec<String> = (0..n).map(|i| format!("t{i}")).collect();
    let mut text = format!(
        "account {{\n  tools: set {{ {} }}\n}}\nicp t {{\n",
        values.join(", ")
    );
    for r in requires {
        text.push_str(&format!("  require {r}\n"));
    }
    if !signals.is_empty() {
        text.push_str("  score {\n");
        for (k, c) in signals.iter().enumerate() {
            text.push_str(&format!("    s{k} +{} when {c}\n", k + 1));
        }
        text.push_str("  }\n");
    }
    text.push_str("}\n");
    text
}

/// Evaluates one ICP both ways on one record and checks that they agree.
fn both_agree(spec: &icpl::sema::ir::Spec, value: Option<Value>) -> Result<Status, TestCaseError> {
    let program = Program::compile(spec);
    let record = Record {
        values: vec![value.clone()],
    };
    let mut row = Row::empty(spec);
    if let Some(v) = &value {
        row.put(0, v)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
    }
    prop_assert_eq!(row.value(0), value.clone(), "the row holds the set exactly");
    let r = evaluate_icp(spec, &spec.icps[0], &record);
    let mut out = IcpOutcome::default();
    program.icp(0, &row, &mut out);
    prop_assert_eq!(Some(r.status), out.status, "{:?}", value);
    prop_assert_eq!(&r.signals, &out.signals, "{:?}", value);
    prop_assert_eq!(&r.unknown_signals, &out.unknown_signals);
    prop_assert_eq!(
        (r.score, r.score_min, r.score_max),
        (out.score, out.score_min, out.score_max)
    );
    Ok(r.status)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Set criteria over types of every size (in one mask word, at the edges of the 64- and
    /// 128-bit masks, and in the row's words) give the reference evaluator's results.
    #[test]
    fn sets_of_any_size_agree_with_the_reference(
        (n, requires, signals, records) in prop::sample::select(SET_SIZES.to_vec()).prop_flat_map(|n| (
            Just(n),
            prop::collection::vec(set_expr(n), 1..3),
            prop::collection::vec(set_expr(n), 0..3),
            prop::collection::vec(
                prop::option::of(prop::collection::btree_set(set_value(n), 0..8)),
                1..12,
            ),
        ))
    ) {
        let text = set_spec(n, &requires, &signals);
        let comp = common::compile_text_unlinted(&text);
        prop_assert!(!comp.has_errors(), "{:?}", comp.diagnostics);
        for r in records {
            let value = r.map(|vs| Value::Set(vs.into_iter().map(|v| v as u32).collect()));
            both_agree(&comp.spec, value)?;
        }
    }
}

/// The wrap-around that sets of more than 128 values once suffered: a value and the value 128
/// (or 64) places away are different values, in both directions, for every size.
#[test]
fn set_values_128_apart_are_different_values() {
    for n in SET_SIZES {
        for (tested, held) in [
            (250, 122),
            (122, 250),
            (128, 0),
            (0, 128),
            (129, 1),
            (64, 0),
            (4999, 4999 - 128),
        ] {
            if tested >= n || held >= n {
                continue;
            }
            let comp =
                common::compile_text_unlinted(&set_spec(n, &[format!("tools has t{tested}")], &[]));
            assert!(!comp.has_errors(), "{:?}", comp.diagnostics);
            let status = both_agree(&comp.spec, Some(Value::Set(vec![held as u32])))
                .unwrap_or_else(|e| panic!("{n} values, has t{tested}, holds t{held}: {e}"));
            let expected = if tested == held {
                Status::Match
            } else {
                Status::NoMatch
            };
            assert_eq!(status, expected, "{n} values, has t{tested}, holds t{held}");
            let status = both_agree(&comp.spec, Some(Value::Set(vec![tested as u32])))
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(status, Status::Match, "{n} values, holds t{tested}");
        }
    }
}

fn icpl(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_icpl"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("{e}"))
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn icpl_test_passes_the_example_project_and_explains_failures() {
    let out = icpl(&["test", "specs"], repo());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("5 examples (9 expectations): 5 passed, 0 failed"));

    let dir = temp();
    std::fs::write(
        dir.path().join("a.icp"),
        "account { employees: int, region: enum { emea { uk, germany }, apac { japan } } }
icp mid {
  require employees >= 200
  require region in [uk]
  score { big +10 when employees >= 1000 }
  tiers { A >= 10, B }
}
example \"too small\" {
  account { employees: 50, region: uk }
  expect mid
}
example \"coarse region\" {
  account { employees: 500, region: emea }
  expect mid tier B
}
example \"fine\" {
  account { employees: 5000, region: uk }
  expect mid tier A
  expect not mid tier B
}
",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = icpl(&["test", "a.icp"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("example `too small`: expected it to match ICP `mid`, but it does not match"),
        "{err}"
    );
    assert!(
        err.contains("does not hold: companies with at least 200 employees"),
        "{err}"
    );
    assert!(
        err.contains(
            "example `coarse region`: expected ICP `mid` tier B, but the result is unknown"
        ),
        "{err}"
    );
    assert!(
        err.contains("unknown: the example's value is too coarse to decide this"),
        "{err}"
    );
    assert!(
        err.contains("3 examples (4 expectations): 1 passed, 2 failed"),
        "{err}"
    );

    let out = icpl(&["test", "a.icp", "--format", "json"], dir.path());
    let doc: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc["diagnostics"].as_array().map(Vec::len), Some(2));
    assert_eq!(doc["diagnostics"][0]["code"], "example-failed");
    assert_eq!(doc["diagnostics"][0]["line"], 10);
}

#[test]
fn icpl_test_fails_on_a_spec_with_errors() {
    let dir = temp();
    std::fs::write(
        dir.path().join("a.icp"),
        "icp a { require nope > 1 }\nexample \"e\" { expect a }\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = icpl(&["test", "a.icp"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("the examples were not run"));
}
