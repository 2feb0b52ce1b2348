//! The number domain is exact in every stage: decimals that round to the same double stay
//! apart, and the ends of the domain (±(2^53 - 1)) are handled as ends, by the analysis, the
//! diff, both evaluators and the JSON rules.
//!
//! Random criteria compare an `int` and a `money` attribute with constants at the edges: the
//! ends of the domain and their neighbours, and decimals that differ beyond the precision of a
//! double. Every account that the criteria can tell apart is enumerated (each constant and the
//! numbers next to it), and every answer is checked against the reference evaluator on them.

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

use icpl::analysis::engine::{Analysis, Answer, Constraint};
use icpl::compile::Compilation;
use icpl::diff::{self, Verdict, Version};
use icpl::eval::compiled::{IcpOutcome, Program};
use icpl::eval::row::{Row, slot_of};
use icpl::eval::{Status, evaluate_icp};
use icpl::num::{Num, parse_decimal};
use icpl::sema::ir::{Record, Value};
use icpl_testkit::brute::matches;
use proptest::prelude::*;

const SCHEMA: &str = "account {\n  n: int\n  m: money\n}\n";

const INTS: &[&str] = &[
    "-9007199254740991",
    "-9007199254740990",
    "-1",
    "0",
    "1",
    "9007199254740990",
    "9007199254740991",
];

const MONEY: &[&str] = &[
    "-9007199254740991",
    "0",
    "0.3",
    "0.30000000000000001",
    "0.30000000000000002",
    "0.300000000000000001",
    "1",
    "1.000000000000000001",
    "9007199254740990.999999999999999999",
    "9007199254740991",
];

fn money_literal(c: &str) -> String {
    match c.strip_prefix('-') {
        Some(rest) => format!("-${rest}"),
        None => format!("${c}"),
    }
}

fn atom() -> impl Strategy<Value = String> {
    let cmp = prop::sample::select(vec!["==", "!=", "<", "<=", ">", ">="]);
    let int = prop::sample::select(INTS.to_vec());
    let money = prop::sample::select(MONEY.to_vec());
    prop_oneof![
        (cmp.clone(), int.clone()).prop_map(|(c, k)| format!("n {c} {k}")),
        (int.clone(), int).prop_map(|(a, b)| {
            let (a, b) = order(a, b);
            format!("n in {a}..{b}")
        }),
        (cmp, money.clone()).prop_map(|(c, k)| format!("m {c} {}", money_literal(k))),
        (money.clone(), money).prop_map(|(a, b)| {
            let (a, b) = order(a, b);
            format!("m in {}..{}", money_literal(a), money_literal(b))
        }),
    ]
}

fn order<'a>(a: &'a str, b: &'a str) -> (&'a str, &'a str) {
    if num(a) <= num(b) { (a, b) } else { (b, a) }
}

fn num(text: &str) -> Num {
    parse_decimal(text).unwrap_or_else(|e| panic!("{text}: {e:?}"))
}

fn criterion() -> impl Strategy<Value = String> {
    prop_oneof![
        atom(),
        (atom(), atom()).prop_map(|(a, b)| format!("{a} and {b}")),
        (atom(), atom()).prop_map(|(a, b)| format!("{a} or {b}")),
        atom().prop_map(|a| format!("not ({a})")),
    ]
}

fn icp_text(requires: &[String], excludes: &[String]) -> String {
    let mut s = format!("{SCHEMA}icp t {{\n");
    for r in requires {
        s.push_str(&format!("  require {r}\n"));
    }
    for e in excludes {
        s.push_str(&format!("  exclude {e}\n"));
    }
    s.push_str("}\n");
    s
}

fn version() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(criterion(), 1..3),
        prop::collection::vec(criterion(), 0..2),
    )
        .prop_map(|(r, e)| icp_text(&r, &e))
}

/// Each constant and its neighbours in the domain, and the ends of the domain.
fn representatives(constants: &[&str], step: Num) -> Vec<Num> {
    let mut out = vec![Num::MIN, Num::ZERO, Num::MAX];
    for c in constants {
        let c = num(c);
        out.push(c);
        out.extend(c.checked_sub(step));
        out.extend(c.checked_add(step));
    }
    out.sort();
    out.dedup();
    out
}

fn accounts() -> Vec<Record> {
    let ints = representatives(INTS, Num::ONE);
    let money = representatives(MONEY, Num::UNIT);
    let mut out = Vec::new();
    for &n in &ints {
        for &m in &money {
            out.push(Record {
                values: vec![Some(Value::Num(n)), Some(Value::Num(m))],
            });
        }
    }
    out
}

fn compile(text: &str) -> Compilation {
    let comp = common::compile_text_unlinted(text);
    common::assert_no_errors(&comp);
    comp
}

fn version_of(comp: &Compilation) -> Version<'_> {
    Version {
        label: "v".into(),
        spec: &comp.spec,
        map: comp.map(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 120, ..ProptestConfig::default() })]

    /// Satisfiability, witnesses and both evaluators agree with enumeration.
    #[test]
    fn analysis_and_evaluators_are_exact_at_the_edges(text in version()) {
        let comp = compile(&text);
        let spec = &comp.spec;
        let icp = &spec.icps[0];
        let all = accounts();
        let program = Program::compile(spec);
        let mut out = IcpOutcome::default();
        for a in &all {
            let reference = evaluate_icp(spec, icp, a);
            let mut row = Row::empty(spec);
            for (i, v) in a.values.iter().enumerate() {
                if let (Some(v), Some(id)) = (v, spec.account.attrs.get(i).and_then(|x| spec.account.find(&x.name))) {
                    row.put(slot_of(spec, id), v).unwrap_or_else(|e| panic!("{e:?}"));
                }
            }
            program.icp(0, &row, &mut out);
            prop_assert_eq!(out.status, Some(reference.status), "{:?}\n{}", a, text);
            prop_assert_ne!(reference.status, Status::Unknown, "{:?}\n{}", a, text);
        }
        let brute = all.iter().any(|a| matches(spec, icp, a));
        let mut cs: Vec<Constraint> = icp.requires.iter().map(|c| Constraint::holds(&c.expr)).collect();
        cs.extend(icp.excludes.iter().map(|c| Constraint::fails(&c.expr)));
        let mut an = Analysis::new(spec);
        match an.check(&cs) {
            Answer::Sat(w) => {
                prop_assert!(brute, "engine found a match that enumeration does not:\n{}", text);
                prop_assert!(matches(spec, icp, &w.account), "the witness breaks the criteria:\n{}\n{:?}", text, w.account);
            }
            Answer::Unsat(_) => prop_assert!(!brute, "engine says no match, enumeration finds one:\n{}", text),
            Answer::Unknown => prop_assert!(false, "a tiny query hit the bound"),
        }
    }

    /// The diff's verdicts and examples agree with enumeration.
    #[test]
    fn diff_is_exact_at_the_edges(old in version(), new in version()) {
        let (oc, nc) = (compile(&old), compile(&new));
        let report = diff::diff(&version_of(&oc), &version_of(&nc));
        let (os, ns) = (&oc.spec, &nc.spec);
        let (oi, ni) = (&os.icps[0], &ns.icps[0]);
        let all = accounts();
        let context = format!("old:\n{old}\nnew:\n{new}");
        let m = report.icps[0].matching.as_ref().ok_or_else(|| TestCaseError::fail("no matching"))?;
        let let_in = all.iter().any(|a| matches(ns, ni, a) && !matches(os, oi, a));
        let shut_out = all.iter().any(|a| matches(os, oi, a) && !matches(ns, ni, a));
        let expected = match (let_in, shut_out) {
            (false, false) => Verdict::Equivalent,
            (true, false) => Verdict::Broader,
            (false, true) => Verdict::Narrower,
            (true, true) => Verdict::Both,
        };
        prop_assert_eq!(m.verdict, expected, "{}", context);
        for (dir, new_side) in [(&m.lets_in, true), (&m.shuts_out, false)] {
            let Some(d) = dir else { continue };
            let w = &d.example.witness.account;
            let (inn, out) = (matches(ns, ni, w), matches(os, oi, w));
            prop_assert!(if new_side { inn && !out } else { out && !inn }, "example {:?} outside its region\n{}", w, context);
        }
    }
}

/// The examples of the issue: decimals that round to one double are different numbers.
#[test]
fn decimals_beyond_double_precision_stay_apart() {
    let text = "account { revenue: money }\nicp t {\n  require revenue > $0.3 and revenue < $0.30000000000000001\n}\n";
    let comp = common::compile_text(text);
    common::assert_no_errors(&comp);
    assert!(
        !comp
            .diagnostics
            .iter()
            .any(|d| d.code == "unsatisfiable-icp"),
        "{:?}",
        comp.diagnostics
    );
    let old = compile("account { revenue: money }\nicp t { require revenue > $0.3 }\n");
    let new =
        compile("account { revenue: money }\nicp t { require revenue > $0.30000000000000001 }\n");
    let report = diff::diff(&version_of(&old), &version_of(&new));
    let m = report.icps[0].matching.as_ref().map(|m| m.verdict);
    assert_eq!(m, Some(Verdict::Narrower));
    // The JSON rules carry the decimal as written.
    let rules = icpl::emit::json::rules(&new.spec, new.map(), &new.config);
    let mut bytes = Vec::new();
    icpl::emit::json::write(&rules, &mut bytes).unwrap_or_else(|e| panic!("{e}"));
    let json = String::from_utf8_lossy(&bytes);
    assert!(json.contains("\"value\": 0.30000000000000001"), "{json}");
}

/// Literals beyond the domain are errors with their reason, never rounded or clamped.
#[test]
fn literals_outside_the_domain_are_reported() {
    for (literal, code) in [
        ("9007199254740992", "number-too-large"),
        ("-9007199254740992", "number-too-large"),
        ("9007199254740991.5", "number-too-large"),
        ("1.0000000000000000001", "number-too-precise"),
        ("0.0000000000000000000001k", "number-too-precise"),
    ] {
        let text = format!(
            "account {{ m: money }}\nicp t {{ require m > {} }}\n",
            money_literal(literal)
        );
        let comp = common::compile_text_unlinted(&text);
        let codes: Vec<_> = comp.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, vec![code], "{literal}");
    }
    // Within the domain, at its ends and at its finest step, nothing is reported.
    for literal in [
        "9007199254740991",
        "-9007199254740991",
        "0.000000000000000001",
        "0.000000000000000000001k",
    ] {
        let text = format!(
            "account {{ m: money }}\nicp t {{ require m > {} }}\n",
            money_literal(literal)
        );
        let comp = common::compile_text_unlinted(&text);
        assert!(
            comp.diagnostics.is_empty(),
            "{literal}: {:?}",
            comp.diagnostics
        );
    }
}
