//! The analysis is exact: on random small specs it agrees with brute-force enumeration.
//!
//! The schema has one attribute of each kind with small domains, so enumerating one
//! representative of every region that the criteria can tell apart covers every account:
//! whole numbers from -1 to 5 (the constants are 0 to 4), money at every constant and between
//! and beyond them, every leaf of a hierarchical enum, every rank of an ordered enum, every
//! subset of a set and both bools. Every fact the engine states is checked against the
//! reference evaluator on that enumeration: satisfiability, witnesses, the minimality of cores,
//! implication and the exact score range.
//!
//! The lints are held to the same standard on random specs of several ICPs and personas
//! (`common::profiles`): every finding of the analysis lints is exactly the one the documented
//! rule gives on the enumeration (no finding missing, none extra, none vacuous: personas `for`
//! ICPs that match nobody, personas that match no contact of an ICP, exclusions that overlap),
//! and what each message and help claims is true there.

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

use icpl_testkit::brute;
use icpl_testkit::small::{SCHEMA, accounts, expr, icp, source};

use icpl::analysis::engine::{Analysis, Answer, Constraint};
use icpl::analysis::score::{self, ScoreSpace, Term};
use icpl::eval::{Records, Truth, eval};
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

/// The truth of each criterion on every enumerated (account, contact) pair.
type Bits = Vec<bool>;

fn truth(spec: &Spec, e: &Expr, pairs: &[(Record, Record)]) -> Bits {
    pairs
        .iter()
        .map(|(a, c)| {
            let t = eval(
                spec,
                e,
                Records {
                    account: a,
                    contact: Some(c),
                },
            );
            assert_ne!(t, Truth::Unknown, "a fully known pair gave unknown");
            t == Truth::True
        })
        .collect()
}

fn and(x: &Bits, y: &Bits) -> Bits {
    x.iter().zip(y).map(|(a, b)| *a && *b).collect()
}

fn or(x: &Bits, y: &Bits) -> Bits {
    x.iter().zip(y).map(|(a, b)| *a || *b).collect()
}

fn not(x: &Bits) -> Bits {
    x.iter().map(|a| !a).collect()
}

fn none(x: &Bits) -> bool {
    !x.iter().any(|&a| a)
}

fn all(x: &Bits) -> bool {
    x.iter().all(|&a| a)
}

/// `x` implies `y` on every pair.
fn implies(x: &Bits, y: &Bits) -> bool {
    none(&and(x, &not(y)))
}

/// One profile's criteria, in the order of the IR (requirements, then exclusions).
struct Crit {
    bits: Bits,
    require: bool,
    line: u32,
}

/// Which findings of the redundancy lints a profile gets, by the documented rule: exclusions
/// from last to first, then requirements from last to first; a criterion is redundant when
/// the criteria still active (and the context) decide it, and then stops counting.
fn redundant(crits: &[Crit], context: &Bits) -> Vec<(&'static str, u32)> {
    let n = crits.len();
    let mut active = vec![true; n];
    let order: Vec<usize> = (0..n)
        .rev()
        .filter(|&i| !crits[i].require)
        .chain((0..n).rev().filter(|&i| crits[i].require))
        .collect();
    let mut out = Vec::new();
    for i in order {
        let mut others = context.clone();
        for (j, c) in crits.iter().enumerate() {
            if j != i && active[j] {
                others = and(
                    &others,
                    &if c.require {
                        c.bits.clone()
                    } else {
                        not(&c.bits)
                    },
                );
            }
        }
        let against = if crits[i].require {
            not(&crits[i].bits)
        } else {
            crits[i].bits.clone()
        };
        if none(&and(&others, &against)) {
            active[i] = false;
            let code = if crits[i].require {
                "redundant-requirement"
            } else {
                "ineffective-exclusion"
            };
            out.push((code, crits[i].line));
        }
    }
    out
}

fn matches(crits: &[Crit], width: usize) -> Bits {
    let mut m = vec![true; width];
    for c in crits {
        m = and(
            &m,
            &if c.require {
                c.bits.clone()
            } else {
                not(&c.bits)
            },
        );
    }
    m
}

/// The lint codes the enumeration decides.
const DECIDED: &[&str] = &[
    "unsatisfiable-icp",
    "unsatisfiable-persona",
    "persona-misses-icp",
    "matches-every-account",
    "redundant-requirement",
    "ineffective-exclusion",
    "signal-never-fires",
    "signal-always-fires",
    "unreachable-tier",
    "overlapping-icps",
    "equivalent-icps",
    "indistinguishable-personas",
    "analysis-incomplete",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    /// Every finding of the analysis lints, and every claim their messages make, agrees with
    /// enumeration on random specs of several ICPs and personas (personas `for` several ICPs,
    /// some of which may match nobody; personas that match nobody of an ICP; exclusions that
    /// overlap each other).
    #[test]
    fn lints_agree_with_enumeration(g in common::profiles::spec_gen()) {
        let (text, layout) = g.render();
        let comp = common::compile_text(&text);
        let lint_errors_only = comp.diagnostics.iter().all(|d| {
            d.severity != icpl::diagnostics::Severity::Error
                || icpl::analysis::lints::lint(d.code.as_str()).is_some()
        });
        prop_assume!(lint_errors_only);
        let spec = &comp.spec;
        let pairs = common::profiles::pairs(spec);
        let width = pairs.len();
        let mut expected: Vec<(&str, u32)> = Vec::new();

        // ICPs.
        let mut icp_match = Vec::new();
        for (i, icp) in spec.icps.iter().enumerate() {
            let crits: Vec<Crit> = icp.requires.iter().map(|c| (c, true)).chain(icp.excludes.iter().map(|c| (c, false)))
                .zip(&layout.icp_criteria[i])
                .map(|((c, require), &line)| Crit { bits: truth(spec, &c.expr, &pairs), require, line })
                .collect();
            let m = matches(&crits, width);
            let line = layout.icp[i];
            if none(&m) {
                expected.push(("unsatisfiable-icp", line));
            } else {
                if all(&m) {
                    expected.push(("matches-every-account", line));
                } else {
                    expected.extend(redundant(&crits, &vec![true; width]));
                }
                let mut scores = vec![0i64; width];
                for (s, &sline) in icp.signals.iter().zip(&layout.signals[i]) {
                    let fires = truth(spec, &s.when.expr, &pairs);
                    if none(&and(&m, &fires)) {
                        expected.push(("signal-never-fires", sline));
                    }
                    if implies(&m, &fires) {
                        expected.push(("signal-always-fires", sline));
                    }
                    for (k, f) in fires.iter().enumerate() {
                        if *f { scores[k] += s.weight; }
                    }
                }
                let mut above: Option<i64> = None;
                for t in &icp.tiers {
                    let reached = (0..width).any(|k| m[k]
                        && t.min_score.is_none_or(|lo| scores[k] >= lo)
                        && above.is_none_or(|hi| scores[k] < hi));
                    if !reached {
                        expected.push(("unreachable-tier", layout.tiers[i].unwrap_or(0)));
                    }
                    above = t.min_score;
                }
            }
            icp_match.push(m);
        }
        for a in 0..spec.icps.len() {
            for b in a + 1..spec.icps.len() {
                let (ma, mb) = (&icp_match[a], &icp_match[b]);
                if none(ma) || none(mb) || none(&and(ma, mb)) {
                    continue;
                }
                if ma == mb {
                    expected.push(("equivalent-icps", layout.icp[b]));
                } else {
                    expected.push(("overlapping-icps", layout.icp[b]));
                }
            }
        }

        // Personas.
        let mut own_bits = Vec::new();
        for (p, persona) in spec.personas.iter().enumerate() {
            let crits: Vec<Crit> = persona.requires.iter().map(|c| (c, true)).chain(persona.excludes.iter().map(|c| (c, false)))
                .zip(&layout.persona_criteria[p])
                .map(|((c, require), &line)| Crit { bits: truth(spec, &c.expr, &pairs), require, line })
                .collect();
            let own = matches(&crits, width);
            let context = if persona.icps.is_empty() {
                vec![true; width]
            } else {
                persona.icps.iter().fold(vec![false; width], |acc, &i| or(&acc, &icp_match[i]))
            };
            let line = layout.persona[p];
            if none(&and(&own, &context)) {
                let all_dead = !persona.icps.is_empty() && persona.icps.iter().all(|&i| none(&icp_match[i]));
                if !all_dead {
                    expected.push(("unsatisfiable-persona", line));
                }
            } else {
                for &i in &persona.icps {
                    if !none(&icp_match[i]) && none(&and(&own, &icp_match[i])) {
                        expected.push(("persona-misses-icp", line));
                    }
                }
                expected.extend(redundant(&crits, &context));
            }
            own_bits.push((own.clone(), context));
        }
        let mut told: Vec<(usize, usize)> = Vec::new();
        for (i, m) in icp_match.iter().enumerate() {
            if none(m) {
                continue;
            }
            let of: Vec<usize> = (0..spec.personas.len()).filter(|&p| spec.personas[p].icps.contains(&i)).collect();
            for (x, &a) in of.iter().enumerate() {
                for &b in &of[x + 1..] {
                    let (oa, ob) = (&own_bits[a].0, &own_bits[b].0);
                    let (ia, ib) = (and(oa, m), and(ob, m));
                    if none(&ia) || none(&ib) || ia != ib || told.contains(&(a, b)) {
                        continue;
                    }
                    told.push((a, b));
                    expected.push(("indistinguishable-personas", layout.persona[b]));
                }
            }
        }

        let mut found: Vec<(&str, u32)> = Vec::new();
        for d in &comp.diagnostics {
            let line = d.primary_span().and_then(|s| comp.map().range(s)).map_or(0, |(_, l, _)| l.line);
            check_claims(spec, &pairs, &layout, &icp_match, &own_bits, d, line, &text)?;
            if let Some(code) = DECIDED.iter().find(|c| d.code == **c) {
                found.push((code, line));
            }
        }
        expected.sort_unstable();
        found.sort_unstable();
        prop_assert_eq!(found, expected, "{}", text);
    }
}

/// The ICP with an id (`i3` is the fourth).
fn icp_index(id: &str) -> usize {
    id.trim_start_matches('i').parse().unwrap_or(usize::MAX)
}

/// The ids quoted with backticks in a message, in order.
fn quoted(message: &str) -> Vec<&str> {
    message.split('`').skip(1).step_by(2).collect()
}

/// The numbers in a text, in order.
fn numbers(text: &str) -> Vec<i64> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '-'))
        .filter_map(|t| t.parse().ok())
        .collect()
}

/// A criterion a finding is at: its truth, the profile's context (its ICPs, for a persona),
/// every criterion of the profile (truth, and whether it is a requirement) and its index.
type Located = (Bits, Bits, Vec<(Bits, bool)>, usize);

/// What a finding's message and help claim is true on the enumeration.
#[allow(clippy::too_many_arguments)]
fn check_claims(
    spec: &Spec,
    pairs: &[(Record, Record)],
    layout: &common::profiles::Layout,
    icp_match: &[Bits],
    own: &[(Bits, Bits)],
    d: &icpl::diagnostics::Diagnostic,
    line: u32,
    text: &str,
) -> Result<(), TestCaseError> {
    let msg = d.message.as_str();
    let help = d.help.as_deref().unwrap_or("");
    // The profile (and criterion) a criterion-level finding is about.
    let criterion = || -> Option<Located> {
        for (i, lines) in layout.icp_criteria.iter().enumerate() {
            if let Some(k) = lines.iter().position(|&l| l == line) {
                let icp = &spec.icps[i];
                let crits: Vec<(Bits, bool)> = icp
                    .requires
                    .iter()
                    .map(|c| (truth(spec, &c.expr, pairs), true))
                    .chain(
                        icp.excludes
                            .iter()
                            .map(|c| (truth(spec, &c.expr, pairs), false)),
                    )
                    .collect();
                return Some((crits[k].0.clone(), vec![true; pairs.len()], crits, k));
            }
        }
        for (p, lines) in layout.persona_criteria.iter().enumerate() {
            if let Some(k) = lines.iter().position(|&l| l == line) {
                let persona = &spec.personas[p];
                let crits: Vec<(Bits, bool)> = persona
                    .requires
                    .iter()
                    .map(|c| (truth(spec, &c.expr, pairs), true))
                    .chain(
                        persona
                            .excludes
                            .iter()
                            .map(|c| (truth(spec, &c.expr, pairs), false)),
                    )
                    .collect();
                return Some((crits[k].0.clone(), own[p].1.clone(), crits, k));
            }
        }
        None
    };
    match d.code.as_str() {
        "ineffective-exclusion" => {
            let Some((e, context, crits, k)) = criterion() else {
                prop_assert!(
                    false,
                    "ineffective-exclusion at line {} is not at a criterion:\n{}",
                    line,
                    text
                );
                return Ok(());
            };
            let requirements = crits
                .iter()
                .filter(|c| c.1)
                .fold(context.clone(), |acc, c| and(&acc, &c.0));
            let own_requirements = crits
                .iter()
                .filter(|c| c.1)
                .fold(vec![true; pairs.len()], |acc, c| and(&acc, &c.0));
            let others = crits
                .iter()
                .enumerate()
                .filter(|(j, c)| *j != k && !c.1)
                .fold(vec![false; pairs.len()], |acc, (_, c)| or(&acc, &c.0));
            let claim = if msg == "this exclusion can never hold" {
                none(&e)
            } else if msg.contains("that the requirements and the persona's ICPs let in") {
                none(&and(&requirements, &e))
            } else if msg.contains("never removes") {
                none(&and(&own_requirements, &e))
            } else if msg.starts_with("of the") {
                implies(&and(&requirements, &e), &others)
            } else if msg.starts_with("every") {
                implies(&e, &others)
            } else {
                false
            };
            prop_assert!(claim, "false claim at line {}: {}\n{}", line, msg, text);
        }
        "required-and-excluded" => {
            // "`e` value `x1` is ...": no account or contact the profile matches holds it.
            let ids = quoted(msg);
            let Some((_, _, crits, _)) = criterion() else {
                prop_assert!(
                    false,
                    "required-and-excluded at line {} is not at a criterion",
                    line
                );
                return Ok(());
            };
            let context = layout
                .persona_criteria
                .iter()
                .position(|ls| ls.contains(&line))
                .map_or(vec![true; pairs.len()], |p| own[p].1.clone());
            let m = crits.iter().fold(context, |acc, c| {
                and(&acc, &if c.1 { c.0.clone() } else { not(&c.0) })
            });
            let (attr, value) = (ids[0], ids[1]);
            let test = if attr == "s" {
                format!("s has {value}")
            } else {
                format!("{attr} in [{value}]")
            };
            let probe = common::compile_text_unlinted(&format!(
                "{}persona probe {{ require {test} }}\n",
                common::profiles::SCHEMA
            ));
            let Some(held) = probe.spec.personas.first().and_then(|p| p.requires.first()) else {
                prop_assert!(false, "cannot read the claim of: {}", msg);
                return Ok(());
            };
            let held = truth(&probe.spec, &held.expr, pairs);
            prop_assert!(
                none(&and(&m, &held)),
                "false claim at line {}: {}\n{}",
                line,
                msg,
                text
            );
        }
        "redundant-requirement" if msg.starts_with("this requirement holds for every") => {
            let Some((r, ..)) = criterion() else {
                prop_assert!(
                    false,
                    "redundant-requirement at line {} is not at a criterion",
                    line
                );
                return Ok(());
            };
            prop_assert!(all(&r), "false claim at line {}: {}\n{}", line, msg, text);
        }
        "unsatisfiable-icp" => {
            let i = layout
                .icp
                .iter()
                .position(|&l| l == line)
                .unwrap_or(usize::MAX);
            if let Some(icp) = spec.icps.get(i) {
                if help.starts_with("this requirement can never hold") {
                    prop_assert!(
                        icp.requires
                            .iter()
                            .any(|c| none(&truth(spec, &c.expr, pairs))),
                        "{}\n{}",
                        help,
                        text
                    );
                }
                if help.starts_with("this exclusion holds for every") {
                    prop_assert!(
                        icp.excludes
                            .iter()
                            .any(|c| all(&truth(spec, &c.expr, pairs))),
                        "{}\n{}",
                        help,
                        text
                    );
                }
                if help.starts_with("these") {
                    prop_assert!(
                        icp.excludes.is_empty() || help.contains("cannot all hold"),
                        "{}",
                        help
                    );
                }
            }
        }
        "overlapping-icps" => {
            let ids = quoted(msg);
            if msg.starts_with("every account that matches") {
                let (a, b) = (icp_index(ids[0]), icp_index(ids[1]));
                prop_assert!(
                    implies(&icp_match[a], &icp_match[b]),
                    "false claim: {}\n{}",
                    msg,
                    text
                );
            } else {
                let (a, b) = (icp_index(ids[0]), icp_index(ids[1]));
                prop_assert!(
                    !implies(&icp_match[a], &icp_match[b])
                        && !implies(&icp_match[b], &icp_match[a]),
                    "{}\n{}",
                    msg,
                    text
                );
            }
        }
        "unreachable-tier" => {
            let i = layout
                .tiers
                .iter()
                .position(|&l| l == Some(line))
                .unwrap_or(usize::MAX);
            let Some(icp) = spec.icps.get(i) else {
                return Ok(());
            };
            let m = &icp_match[i];
            let scores: Vec<i64> = (0..pairs.len())
                .filter(|&k| m[k])
                .map(|k| {
                    icp.signals
                        .iter()
                        .filter(|s| truth(spec, &s.when.expr, &pairs[k..=k])[0])
                        .map(|s| s.weight)
                        .sum()
                })
                .collect();
            let (min, max) = (scores.iter().copied().min(), scores.iter().copied().max());
            let ns = numbers(help);
            if help.starts_with("the highest score") {
                prop_assert_eq!(ns.first().copied(), max, "{}\n{}", help, text);
            } else if help.starts_with("every matching account scores at least") {
                prop_assert_eq!(ns.first().copied(), min, "{}\n{}", help, text);
            } else if help.starts_with("matching accounts score from") {
                prop_assert_eq!(
                    (ns.first().copied(), ns.get(1).copied()),
                    (min, max),
                    "{}\n{}",
                    help,
                    text
                );
            }
        }
        _ => {}
    }
    Ok(())
}
