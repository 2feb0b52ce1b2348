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

use icpl_testkit::brute;
use icpl_testkit::small::{SCHEMA, accounts, expr, icp, source};

use icpl::analysis::engine::{Analysis, Answer, Constraint};
use icpl::analysis::score::{self, ScoreSpace, Term};
use icpl::sema::ir::{Expr, Record, Spec};
use proptest::prelude::*;

fn holds(spec: &Spec, c: &Constraint, account: &Record) -> bool {
    brute::holds(spec, c.expr, account) == c.holds
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
            .map(|a| brute::score(spec, icp, a))
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
            let score = brute::score(spec, icp, &hit.witness.account);
            prop_assert!(all_hold(spec, &cs, &hit.witness.account));
            prop_assert_eq!(score, hit.score);
        }
    }
}
