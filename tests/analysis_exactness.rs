//! The analysis is exact: on random small specs it agrees with brute-force enumeration.
//!
//! The schema has one attribute of each kind with small domains, so enumerating one
//! representative of every region that the criteria can tell apart covers every account:
//! whole numbers from -1 to 5 (the constants are 0 to 4), money at every constant and between
//! and beyond them, every leaf of a hierarchical enum, every rank of an ordered enum, every
//! subset of a set and both bools. Every fact the engine states is checked against the
//! reference evaluator on that enumeration: satisfiability, witnesses, the minimality of cores,
//! implication and the exact score range.

mod common;

use icpl::analysis::engine::{Analysis, Answer, Constraint};
use icpl::analysis::score::{self, ScoreSpace, Term};
use icpl::eval::{Records, Truth, eval};
use icpl::num::Num;
use icpl::sema::ir::{Expr, Record, Spec, Value};
use proptest::prelude::*;

const SCHEMA: &str = "account {
  n: int
  m: money
  b: bool
  e: enum { x { x1, x2 }, y { y1 }, z }
  o: ordered enum { lo, mid, hi }
  s: set { s1, s2, s3 }
}
";

fn atom() -> impl Strategy<Value = String> {
    let cmp = prop::sample::select(vec!["==", "!=", "<", "<=", ">", ">="]);
    let node = prop::sample::select(vec!["x", "x1", "x2", "y", "y1", "z"]);
    let rank = prop::sample::select(vec!["lo", "mid", "hi"]);
    let item = prop::sample::select(vec!["s1", "s2", "s3"]);
    prop_oneof![
        (cmp.clone(), 0..5i32).prop_map(|(c, k)| format!("n {c} {k}")),
        (0..5i32, 0..5i32).prop_map(|(a, b)| format!("n in {}..{}", a.min(b), a.max(b))),
        (0..5i32, 0..5i32).prop_map(|(a, b)| format!("n not in {}..{}", a.min(b), a.max(b))),
        (cmp.clone(), 0..5i32).prop_map(|(c, k)| format!("m {c} ${k}")),
        (0..5i32, 0..5i32).prop_map(|(a, b)| format!("m in ${}..${}", a.min(b), a.max(b))),
        Just("b".to_string()),
        Just("not b".to_string()),
        Just("b == false".to_string()),
        prop::collection::vec(node.clone(), 1..3).prop_map(|v| format!("e in [{}]", dedup(v))),
        prop::collection::vec(node, 1..3).prop_map(|v| format!("e not in [{}]", dedup(v))),
        (cmp, rank.clone()).prop_map(|(c, r)| format!("o {c} {r}")),
        (rank.clone(), rank).prop_map(|(a, b)| {
            let ord = |r: &str| {
                ["lo", "mid", "hi"]
                    .iter()
                    .position(|x| *x == r)
                    .unwrap_or(0)
            };
            let (a, b) = if ord(a) <= ord(b) { (a, b) } else { (b, a) };
            format!("o in {a}..{b}")
        }),
        item.clone().prop_map(|i| format!("s has {i}")),
        (
            prop::sample::select(vec!["any", "all", "none"]),
            prop::collection::vec(item, 1..3)
        )
            .prop_map(|(m, v)| format!("s has {m} [{}]", dedup(v))),
    ]
}

fn dedup(mut v: Vec<&str>) -> String {
    v.sort_unstable();
    v.dedup();
    v.join(", ")
}

fn expr() -> impl Strategy<Value = String> {
    atom().prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 2..4)
                .prop_map(|xs| format!("({})", xs.join(" and "))),
            prop::collection::vec(inner.clone(), 2..4)
                .prop_map(|xs| format!("({})", xs.join(" or "))),
            inner.prop_map(|x| format!("not ({x})")),
        ]
    })
}

/// A random ICP: requirements, exclusions and signals.
fn icp() -> impl Strategy<Value = (Vec<String>, Vec<String>, Vec<(i64, String)>)> {
    (
        prop::collection::vec(expr(), 1..4),
        prop::collection::vec(expr(), 0..3),
        prop::collection::vec((-20i64..30, expr()), 0..4),
    )
}

fn source(req: &[String], excl: &[String], signals: &[(i64, String)]) -> String {
    let mut s = format!("{SCHEMA}icp t {{\n");
    for r in req {
        s.push_str(&format!("  require {r}\n"));
    }
    for e in excl {
        s.push_str(&format!("  exclude {e}\n"));
    }
    if !signals.is_empty() {
        s.push_str("  score {\n");
        for (k, (w, c)) in signals.iter().enumerate() {
            let w = if *w == 0 { 1 } else { *w };
            s.push_str(&format!("    s{k} {w:+} when {c}\n"));
        }
        s.push_str("  }\n");
    }
    s.push_str("}\n");
    s
}

/// Every account the enumeration covers.
fn accounts(spec: &Spec) -> Vec<Record> {
    let id = |name: &str| {
        spec.account
            .find(name)
            .map(|a| a.index as usize)
            .unwrap_or(0)
    };
    let (n, m, b, e, o, s) = (id("n"), id("m"), id("b"), id("e"), id("o"), id("s"));
    let width = spec.account.attrs.len();
    let mut out = Vec::new();
    let money: Vec<f64> = (-2..=10).map(|k| f64::from(k) / 2.0).collect();
    let leaves: Vec<u32> = spec.account.attrs[e]
        .ty
        .values()
        .map(|x| x.leaves().collect())
        .unwrap_or_default();
    for nv in -1..=5i64 {
        for &mv in &money {
            for bv in [false, true] {
                for &ev in &leaves {
                    for ov in 0..3u32 {
                        for sv in 0..8u32 {
                            let mut values = vec![None; width];
                            values[n] = Some(Value::Num(Num::from_i64(nv)));
                            values[m] = Num::new(mv).map(Value::Num);
                            values[b] = Some(Value::Bool(bv));
                            values[e] = Some(Value::Enum(ev));
                            values[o] = Some(Value::Enum(ov));
                            values[s] =
                                Some(Value::Set((0..3).filter(|i| sv & (1 << i) != 0).collect()));
                            out.push(Record { values });
                        }
                    }
                }
            }
        }
    }
    out
}

fn holds(spec: &Spec, c: &Constraint, account: &Record) -> bool {
    let t = eval(
        spec,
        c.expr,
        Records {
            account,
            contact: None,
        },
    );
    assert_ne!(t, Truth::Unknown, "a fully known account gave unknown");
    (t == Truth::True) == c.holds
}

fn all_hold(spec: &Spec, cs: &[Constraint], a: &Record) -> bool {
    cs.iter().all(|c| holds(spec, c, a))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, ..ProptestConfig::default() })]

    #[test]
    fn satisfiability_witnesses_and_cores_are_exact((req, excl, signals) in icp()) {
        let text = source(&req, &excl, &signals);
        let comp = common::compile_text(&text);
        prop_assume!(!comp.has_errors());
        let spec = &comp.spec;
        let icp = &spec.icps[0];
        let mut cs: Vec<Constraint> = icp.requires.iter().map(|c| Constraint::holds(&c.expr)).collect();
        cs.extend(icp.excludes.iter().map(|c| Constraint::fails(&c.expr)));
        let all = accounts(spec);
        let brute = all.iter().any(|a| all_hold(spec, &cs, a));
        let mut an = Analysis::new(spec);
        match an.check(&cs) {
            Answer::Sat(w) => {
                prop_assert!(brute, "engine found a match that enumeration does not:\n{text}");
                prop_assert!(all_hold(spec, &cs, &w.account), "the witness does not satisfy the criteria:\n{text}\n{w:?}");
            }
            Answer::Unsat(core) => {
                prop_assert!(!brute, "engine says no match, enumeration finds one:\n{text}");
                let subset: Vec<Constraint> = core.iter().map(|&k| cs[k]).collect();
                prop_assert!(!all.iter().any(|a| all_hold(spec, &subset, a)), "the core is satisfiable:\n{text}");
                for skip in 0..subset.len() {
                    let smaller: Vec<Constraint> = subset.iter().enumerate().filter(|(k, _)| *k != skip).map(|(_, c)| *c).collect();
                    prop_assert!(all.iter().any(|a| all_hold(spec, &smaller, a)), "the core is not minimal:\n{text}\ncore {core:?}");
                }
            }
            Answer::Unknown => prop_assert!(false, "a tiny query hit the bound"),
        }
    }

    #[test]
    fn implication_is_exact(a in expr(), b in expr()) {
        let text = format!("{SCHEMA}icp t {{\n  require {a}\n  exclude {b}\n}}\n");
        let comp = common::compile_text(&text);
        prop_assume!(!comp.has_errors());
        let spec = &comp.spec;
        let (ea, eb): (&Expr, &Expr) = (&spec.icps[0].requires[0].expr, &spec.icps[0].excludes[0].expr);
        let mut an = Analysis::new(spec);
        let engine = an.implies(&[Constraint::holds(ea)], eb);
        let brute = accounts(spec).iter().all(|acc| {
            !holds(spec, &Constraint::holds(ea), acc) || holds(spec, &Constraint::holds(eb), acc)
        });
        prop_assert_eq!(engine, Some(brute), "{}", text);
    }

    #[test]
    fn score_extremes_and_ranges_are_exact((req, excl, signals) in icp(), low in -30i64..40, width in 1i64..30) {
        prop_assume!(!signals.is_empty());
        let text = source(&req, &excl, &signals);
        let comp = common::compile_text(&text);
        prop_assume!(!comp.has_errors());
        let spec = &comp.spec;
        let icp = &spec.icps[0];
        let mut cs: Vec<Constraint> = icp.requires.iter().map(|c| Constraint::holds(&c.expr)).collect();
        cs.extend(icp.excludes.iter().map(|c| Constraint::fails(&c.expr)));
        let mut an = Analysis::new(spec);
        let base = an.lits(&cs);
        let terms: Vec<Term> = icp.signals.iter().map(|s| Term { lit: an.lit(&s.when.expr), weight: s.weight }).collect();
        let attrs = icpl::analysis::engine::attrs_of(icp.signals.iter().map(|s| &s.when.expr).chain(cs.iter().map(|c| c.expr)));
        let space = ScoreSpace { base: &base, terms: &terms, attrs: &attrs };
        let scores: Vec<i64> = accounts(spec)
            .iter()
            .filter(|a| all_hold(spec, &cs, a))
            .map(|a| icp.signals.iter().filter(|s| holds(spec, &Constraint::holds(&s.when.expr), a)).map(|s| s.weight).sum())
            .collect();
        let max = score::extreme(&mut an, &space, true).expect("within bounds");
        let min = score::extreme(&mut an, &space, false).expect("within bounds");
        prop_assert_eq!(max.as_ref().map(|s| s.score), scores.iter().copied().max(), "{}", text);
        prop_assert_eq!(min.as_ref().map(|s| s.score), scores.iter().copied().min(), "{}", text);
        let high = low + width;
        let found = score::in_range(&mut an, &space, Some(low), Some(high)).expect("within bounds");
        let brute = scores.iter().any(|&s| s >= low && s < high);
        prop_assert_eq!(found.is_some(), brute, "range [{}, {}) on\n{}", low, high, text);
        if let Some(hit) = found {
            // The example really scores in the range.
            let score: i64 = icp.signals.iter().filter(|s| holds(spec, &Constraint::holds(&s.when.expr), &hit.witness.account)).map(|s| s.weight).sum();
            prop_assert!(all_hold(spec, &cs, &hit.witness.account));
            prop_assert_eq!(score, hit.score);
        }
    }
}
