//! Larger tests of the SAT solver in `icpl::analysis::sat`: differential runs against varisat
//! on random 3-SAT near the phase transition, incremental queries under assumptions, long runs of
//! small queries on one solver, and budgets.

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

use icpl::analysis::sat::{Budget, Lit, Outcome, Solver, Var};
use icpl_testkit::Rng;
use varisat::ExtendFormula;

/// A clause as (variable index, positive) pairs.
type Clause = Vec<(usize, bool)>;

/// Random 3-SAT: `m` clauses of three distinct variables out of `n`.
fn random_3sat(rng: &mut Rng, n: usize, m: usize) -> Vec<Clause> {
    (0..m)
        .map(|_| {
            let mut vars = Vec::with_capacity(3);
            while vars.len() < 3 {
                let v = rng.below(n);
                if !vars.contains(&v) {
                    vars.push(v);
                }
            }
            vars.into_iter().map(|v| (v, rng.coin())).collect()
        })
        .collect()
}

fn ours(c: &[(usize, bool)]) -> Vec<Lit> {
    c.iter()
        .map(|&(v, p)| Lit::new(Var::from_index(v).unwrap_or_else(|| panic!("{v}")), p))
        .collect()
}

fn theirs(c: &[(usize, bool)]) -> Vec<varisat::Lit> {
    c.iter()
        .map(|&(v, p)| varisat::Lit::from_index(v, p))
        .collect()
}

fn back_to_theirs(c: &[Lit]) -> Vec<(usize, bool)> {
    c.iter().map(|l| (l.var().index(), l.is_pos())).collect()
}

fn new_solver(n: usize) -> Solver {
    let mut s = Solver::new();
    for _ in 0..n {
        s.new_var();
    }
    s
}

/// Varisat's answer for `clauses` under `assumptions`.
fn varisat_answer(clauses: &[Clause], assumptions: &[(usize, bool)]) -> bool {
    let mut v = varisat::Solver::new();
    for c in clauses {
        v.add_clause(&theirs(c));
    }
    v.assume(&theirs(assumptions));
    v.solve().unwrap_or_else(|e| panic!("varisat failed: {e}"))
}

fn assert_model(s: &Solver, clauses: &[Clause], assumptions: &[(usize, bool)]) {
    for c in clauses {
        assert!(
            ours(c).iter().any(|&l| s.lit_value(l)),
            "model violates {c:?}"
        );
    }
    for &l in &ours(assumptions) {
        assert!(s.lit_value(l), "model violates assumption {l:?}");
    }
}

#[test]
fn agrees_with_varisat_on_random_3sat_near_the_threshold() {
    let mut rng = Rng::new(0x01C9_15A7);
    let (mut sat, mut unsat) = (0, 0);
    for _ in 0..120 {
        let n = 60 + rng.below(91);
        let ratio = 4.0 + 0.5 * (rng.below(1001) as f64 / 1000.0);
        let m = (n as f64 * ratio).round() as usize;
        let clauses = random_3sat(&mut rng, n, m);

        let mut s = new_solver(n);
        let mut v = varisat::Solver::new();
        for c in &clauses {
            s.add_clause(&ours(c));
            v.add_clause(&theirs(c));
        }
        let expected = v.solve().unwrap_or_else(|e| panic!("varisat failed: {e}"));
        let outcome = s.solve(&[], Budget::UNLIMITED);
        assert_eq!(outcome == Outcome::Sat, expected, "n = {n}, m = {m}");
        if expected {
            assert_model(&s, &clauses, &[]);
            sat += 1;
        } else {
            assert!(s.failed_core().is_empty());
            unsat += 1;
        }
    }
    // Near the threshold both answers are common; otherwise the test would prove little.
    assert!(sat >= 20 && unsat >= 20, "{sat} sat, {unsat} unsat");
}

#[test]
fn incremental_assumptions_agree_with_varisat() {
    let mut rng = Rng::new(42);
    for round in 0..4 {
        let n = 80;
        // Under the threshold: satisfiable, but assumptions often make it unsatisfiable.
        let mut clauses = random_3sat(&mut rng, n, 300);
        let mut s = new_solver(n);
        for c in &clauses {
            s.add_clause(&ours(c));
        }
        let mut v = varisat::Solver::new();
        for c in &clauses {
            v.add_clause(&theirs(c));
        }
        let (mut sat, mut unsat) = (0, 0);
        for query in 0..300 {
            if query % 50 == 49 {
                // New clauses between solves, for both solvers.
                let more = random_3sat(&mut rng, n, 8);
                for c in &more {
                    s.add_clause(&ours(c));
                    v.add_clause(&theirs(c));
                }
                clauses.extend(more);
            }
            let k = 1 + rng.below(20);
            let assumptions: Vec<(usize, bool)> =
                (0..k).map(|_| (rng.below(n), rng.coin())).collect();
            v.assume(&theirs(&assumptions));
            let expected = v.solve().unwrap_or_else(|e| panic!("varisat failed: {e}"));
            let outcome = s.solve(&ours(&assumptions), Budget::UNLIMITED);
            assert_eq!(
                outcome == Outcome::Sat,
                expected,
                "round {round}, query {query}"
            );
            if expected {
                assert_model(&s, &clauses, &assumptions);
                sat += 1;
            } else {
                let core = back_to_theirs(s.failed_core());
                assert!(
                    core.iter().all(|c| assumptions.contains(c)),
                    "core not assumed"
                );
                assert!(core.len() <= assumptions.len());
                assert!(
                    !varisat_answer(&clauses, &core),
                    "core {core:?} is satisfiable"
                );
                unsat += 1;
            }
        }
        assert!(sat >= 30 && unsat >= 30, "{sat} sat, {unsat} unsat");
    }
}

/// An ICP-shaped formula: numeric attributes in order encoding (`x <= c_i` implies
/// `x <= c_{i+1}`), enums with exactly one value, and criteria as assumption literals that each
/// imply one atom. Queries assume the criteria of two random profiles, as an overlap check does.
struct IcpLike {
    num_vars: usize,
    clauses: Vec<Clause>,
    /// Criterion literals per profile.
    profiles: Vec<Vec<(usize, bool)>>,
}

fn icp_like(rng: &mut Rng, attributes: usize, thresholds: usize, profiles: usize) -> IcpLike {
    let mut next = 0;
    let mut fresh = |count: usize| {
        let first = next;
        next += count;
        first..next
    };
    let mut clauses = Vec::new();
    let mut atoms: Vec<(usize, bool)> = Vec::new();
    for a in 0..attributes {
        let vars: Vec<usize> = fresh(thresholds).collect();
        if a % 2 == 0 {
            // Numeric: le[i] -> le[i + 1].
            for w in vars.windows(2) {
                clauses.push(vec![(w[0], false), (w[1], true)]);
            }
        } else {
            // Enum: at least one value, at most one (pairwise).
            clauses.push(vars.iter().map(|&v| (v, true)).collect());
            for i in 0..vars.len() {
                for j in i + 1..vars.len() {
                    clauses.push(vec![(vars[i], false), (vars[j], false)]);
                }
            }
        }
        atoms.extend(vars.iter().flat_map(|&v| [(v, true), (v, false)]));
    }
    let mut criteria_of = Vec::new();
    for _ in 0..profiles {
        let k = 2 + rng.below(10);
        let mut criteria = Vec::new();
        for _ in 0..k {
            let c = fresh(1).start;
            // Criterion c implies one atom, or the disjunction of two (an `in` list).
            let mut clause = vec![(c, false), atoms[rng.below(atoms.len())]];
            if rng.below(3) == 0 {
                clause.push(atoms[rng.below(atoms.len())]);
            }
            clauses.push(clause);
            criteria.push((c, true));
        }
        criteria_of.push(criteria);
    }
    IcpLike {
        num_vars: next,
        clauses,
        profiles: criteria_of,
    }
}

#[test]
fn many_small_queries_on_one_solver_stay_bounded_and_agree_with_varisat() {
    let mut rng = Rng::new(7);
    let f = icp_like(&mut rng, 30, 12, 200);
    let mut s = new_solver(f.num_vars);
    let mut v = varisat::Solver::new();
    for c in &f.clauses {
        s.add_clause(&ours(c));
        v.add_clause(&theirs(c));
    }
    let (mut sat, mut unsat) = (0, 0);
    for _ in 0..5_000 {
        let a = &f.profiles[rng.below(f.profiles.len())];
        let b = &f.profiles[rng.below(f.profiles.len())];
        let assumptions: Vec<(usize, bool)> = a.iter().chain(b).copied().collect();
        v.assume(&theirs(&assumptions));
        let expected = v.solve().unwrap_or_else(|e| panic!("varisat failed: {e}"));
        let outcome = s.solve(&ours(&assumptions), Budget::conflicts(10_000));
        assert_eq!(outcome == Outcome::Sat, expected);
        if expected {
            sat += 1;
        } else {
            let core = back_to_theirs(s.failed_core());
            assert!(!core.is_empty() && core.iter().all(|c| assumptions.contains(c)));
            unsat += 1;
        }
    }
    assert!(sat > 100 && unsat > 100, "{sat} sat, {unsat} unsat");
    assert!(
        s.num_learnts() <= 5_000,
        "{} learned clauses kept",
        s.num_learnts()
    );
    assert_eq!(s.stats().solves, 5_000);
}

#[test]
fn budgets_bound_every_call() {
    // Random 3-SAT at the threshold, large enough to need thousands of conflicts.
    let mut rng = Rng::new(99);
    let n = 150;
    let clauses = random_3sat(&mut rng, n, 639);
    let mut s = new_solver(n);
    for c in &clauses {
        s.add_clause(&ours(c));
    }
    for budget in [0, 1, 2, 10, 100, 300] {
        let before = s.stats().conflicts;
        let outcome = s.solve(&[], Budget::conflicts(budget));
        let spent = s.stats().conflicts - before;
        assert!(spent <= budget, "budget {budget}, spent {spent}");
        if outcome == Outcome::Sat {
            assert_model(&s, &clauses, &[]);
        }
    }
    // And the final unlimited answer matches varisat's.
    let outcome = s.solve(&[], Budget::UNLIMITED);
    assert_ne!(outcome, Outcome::Unknown);
    assert_eq!(outcome == Outcome::Sat, varisat_answer(&clauses, &[]));
}

#[test]
fn same_calls_same_answers_models_and_cores() {
    let run = || {
        let mut rng = Rng::new(5);
        let n = 100;
        let clauses = random_3sat(&mut rng, n, 400);
        let mut s = new_solver(n);
        for c in &clauses {
            s.add_clause(&ours(c));
        }
        let mut log = Vec::new();
        for _ in 0..200 {
            let k = 1 + rng.below(12);
            let assumptions: Vec<(usize, bool)> =
                (0..k).map(|_| (rng.below(n), rng.coin())).collect();
            let outcome = s.solve(&ours(&assumptions), Budget::UNLIMITED);
            let model: Vec<bool> = (0..n)
                .map(|i| s.value(Var::from_index(i).unwrap_or_else(|| panic!("{i}"))))
                .collect();
            log.push((outcome, model, s.failed_core().to_vec()));
        }
        log
    };
    assert_eq!(run(), run());
}

#[test]
fn learned_clauses_stay_bounded_over_many_conflicts() {
    // Random 3-SAT under the threshold with many assumptions per query: most queries are
    // unsatisfiable and need conflicts, tens of thousands in all.
    let mut rng = Rng::new(3);
    let n = 120;
    let clauses = random_3sat(&mut rng, n, 480);
    let mut s = new_solver(n);
    for c in &clauses {
        s.add_clause(&ours(c));
    }
    let mut most = 0;
    for _ in 0..3000 {
        let k = 3 + rng.below(10);
        let assumptions: Vec<(usize, bool)> = (0..k).map(|_| (rng.below(n), rng.coin())).collect();
        match s.solve(&ours(&assumptions), Budget::UNLIMITED) {
            Outcome::Sat => assert_model(&s, &clauses, &assumptions),
            Outcome::Unsat => {
                let core = s.failed_core().to_vec();
                assert!(!core.is_empty(), "the clauses alone are satisfiable");
                assert_eq!(s.solve(&core, Budget::UNLIMITED), Outcome::Unsat);
            }
            Outcome::Unknown => panic!("no budget was set"),
        }
        most = most.max(s.num_learnts());
    }
    assert!(s.stats().conflicts > 20_000, "{:?}", s.stats());
    // The limit is 2,000 learned clauses at the start of each call (the problem has fewer than
    // 6,000 clauses), and each reduction halves the database.
    assert!(most <= 2_500, "up to {most} learned clauses kept");
}
