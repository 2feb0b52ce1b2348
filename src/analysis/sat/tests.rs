//! Unit tests on hand-made formulas, and property tests against brute-force enumeration.

use super::*;
use proptest::prelude::*;

/// A solver with `n` fresh variables.
fn solver(n: usize) -> (Solver, Vec<Var>) {
    let mut s = Solver::new();
    let vars = (0..n).map(|_| s.new_var()).collect();
    (s, vars)
}

/// DIMACS-style literal: `3` is variable 2 (0-based) and `-3` its negation.
fn l(vars: &[Var], dimacs: i32) -> Lit {
    Lit::new(vars[dimacs.unsigned_abs() as usize - 1], dimacs > 0)
}

fn ls(vars: &[Var], dimacs: &[i32]) -> Vec<Lit> {
    dimacs.iter().map(|&d| l(vars, d)).collect()
}

/// Whether the assignment `bits` (bit `v` = value of variable `v`) satisfies `lit`.
fn holds(bits: u32, lit: Lit) -> bool {
    (bits >> lit.var().index() & 1 == 1) == lit.is_pos()
}

/// Brute force: some assignment of `n` variables satisfies all clauses and assumptions.
fn brute_sat(n: usize, clauses: &[Vec<Lit>], assumptions: &[Lit]) -> bool {
    (0..1u32 << n).any(|bits| {
        assumptions.iter().all(|&a| holds(bits, a))
            && clauses.iter().all(|c| c.iter().any(|&x| holds(bits, x)))
    })
}

/// Checks one answer against brute force: a model satisfies everything, a core is a subset of the
/// assumptions refuted by the clauses. Solves again with the core, so it mutates `s`.
fn check(
    s: &mut Solver,
    n: usize,
    clauses: &[Vec<Lit>],
    assumptions: &[Lit],
    outcome: Outcome,
) -> Result<(), TestCaseError> {
    let expected = brute_sat(n, clauses, assumptions);
    match outcome {
        Outcome::Sat => {
            prop_assert!(expected, "Sat but brute force finds no model");
            for c in clauses {
                prop_assert!(c.iter().any(|&x| s.lit_value(x)), "model violates {c:?}");
            }
            for &a in assumptions {
                prop_assert!(s.lit_value(a), "model violates assumption {a:?}");
            }
        }
        Outcome::Unsat => {
            prop_assert!(!expected, "Unsat but brute force finds a model");
            let core = s.failed_core().to_vec();
            for c in &core {
                prop_assert!(assumptions.contains(c), "core literal {c:?} not assumed");
            }
            prop_assert!(
                !brute_sat(n, clauses, &core),
                "core {core:?} is satisfiable"
            );
            prop_assert_eq!(s.solve(&core, Budget::UNLIMITED), Outcome::Unsat);
        }
        Outcome::Unknown => {}
    }
    Ok(())
}

/// Pigeonhole: `pigeons` pigeons in `holes` holes, each pigeon somewhere, no hole shared. With a
/// `guard`, every clause holds only when the guard is true. Returns the variables, pigeon by pigeon.
fn pigeonhole(s: &mut Solver, pigeons: usize, holes: usize, guard: Option<Lit>) -> Vec<Vec<Var>> {
    let x: Vec<Vec<Var>> = (0..pigeons)
        .map(|_| (0..holes).map(|_| s.new_var()).collect())
        .collect();
    let mut add = |mut c: Vec<Lit>| {
        c.extend(guard.map(|g| !g));
        s.add_clause(&c);
    };
    for row in &x {
        add(row.iter().map(|&v| Lit::pos(v)).collect());
    }
    for h in 0..holes {
        for (p, row) in x.iter().enumerate() {
            for other in &x[p + 1..] {
                add(vec![Lit::neg(row[h]), Lit::neg(other[h])]);
            }
        }
    }
    x
}

#[test]
fn literals_encode_variable_and_sign() {
    let v = Var::from_index(7).unwrap_or_else(|| panic!("7 is a variable index"));
    assert_eq!(v.index(), 7);
    assert!(Lit::pos(v).is_pos());
    assert!(!Lit::neg(v).is_pos());
    assert_eq!(!Lit::pos(v), Lit::neg(v));
    assert_eq!(Lit::new(v, false).var(), v);
    assert_eq!(!!Lit::neg(v), Lit::neg(v));
}

#[test]
fn luby_sequence() {
    let seq: Vec<u64> = (0..15).map(luby).collect();
    assert_eq!(seq, [1, 1, 2, 1, 1, 2, 4, 1, 1, 2, 1, 1, 2, 4, 8]);
}

#[test]
fn empty_formula_is_sat() {
    let mut s = Solver::new();
    assert_eq!(s.solve(&[], Budget::UNLIMITED), Outcome::Sat);
    let (mut s, v) = solver(3);
    assert_eq!(s.solve(&[], Budget::UNLIMITED), Outcome::Sat);
    assert_eq!(s.solve(&[Lit::neg(v[1])], Budget::UNLIMITED), Outcome::Sat);
    assert!(!s.value(v[1]));
    assert_eq!(s.num_clauses(), 0);
}

#[test]
fn unit_clauses_fix_values() {
    let (mut s, v) = solver(3);
    s.add_clause(&ls(&v, &[1]));
    s.add_clause(&ls(&v, &[-2]));
    s.add_clause(&ls(&v, &[-1, 2, 3]));
    assert_eq!(s.solve(&[], Budget::UNLIMITED), Outcome::Sat);
    assert!(s.value(v[0]) && !s.value(v[1]) && s.value(v[2]));
    // The third clause became the unit 3 at level 0: nothing is stored.
    assert_eq!(s.num_clauses(), 0);
    assert_eq!(s.solve(&ls(&v, &[-3]), Budget::UNLIMITED), Outcome::Unsat);
    assert_eq!(s.failed_core(), &ls(&v, &[-3])[..]);
}

#[test]
fn simple_unsat() {
    let (mut s, v) = solver(2);
    for c in [[1, 2], [-1, 2], [1, -2], [-1, -2]] {
        s.add_clause(&ls(&v, &c));
    }
    assert_eq!(s.solve(&[], Budget::UNLIMITED), Outcome::Unsat);
    assert!(s.failed_core().is_empty());
    // Permanently: with assumptions too, and the core stays empty.
    assert_eq!(s.solve(&ls(&v, &[1]), Budget::UNLIMITED), Outcome::Unsat);
    assert!(s.failed_core().is_empty());
}

#[test]
fn contradicting_assumptions() {
    let (mut s, v) = solver(3);
    s.add_clause(&ls(&v, &[1, 2, 3]));
    assert_eq!(
        s.solve(&ls(&v, &[2, 3, -2]), Budget::UNLIMITED),
        Outcome::Unsat
    );
    let mut core = s.failed_core().to_vec();
    core.sort();
    assert_eq!(core, ls(&v, &[2, -2]));
    // Repeated assumptions are fine.
    assert_eq!(
        s.solve(&ls(&v, &[2, 2, 3, 2]), Budget::UNLIMITED),
        Outcome::Sat
    );
    assert!(s.value(v[1]) && s.value(v[2]));
}

#[test]
fn core_names_only_the_guilty_assumptions() {
    // a -> x, b -> !x: assuming c, a, d, b fails because of a and b only.
    let (mut s, v) = solver(5);
    s.add_clause(&ls(&v, &[-1, 5]));
    s.add_clause(&ls(&v, &[-2, -5]));
    assert_eq!(
        s.solve(&ls(&v, &[3, 1, 4, 2]), Budget::UNLIMITED),
        Outcome::Unsat
    );
    let mut core = s.failed_core().to_vec();
    core.sort();
    assert_eq!(core, ls(&v, &[1, 2]));
    assert_eq!(s.stats().conflicts, 0, "refuted by propagation alone");
    assert_eq!(
        s.solve(&ls(&v, &[3, 1, 4]), Budget::UNLIMITED),
        Outcome::Sat
    );
}

#[test]
fn duplicate_literals_and_tautologies() {
    let (mut s, v) = solver(2);
    s.add_clause(&ls(&v, &[1, 1, 1]));
    s.add_clause(&ls(&v, &[2, -2]));
    s.add_clause(&ls(&v, &[-1, 2, -1, 2]));
    assert_eq!(
        s.num_clauses(),
        0,
        "a unit, a tautology and a clause reduced to a unit"
    );
    assert_eq!(s.solve(&[], Budget::UNLIMITED), Outcome::Sat);
    assert!(s.value(v[0]) && s.value(v[1]));
    let (mut s, v) = solver(3);
    s.add_clause(&ls(&v, &[1, 2, 1, 3, 2]));
    assert_eq!(s.num_clauses(), 1);
    assert_eq!(s.solve(&ls(&v, &[-1, -2]), Budget::UNLIMITED), Outcome::Sat);
    assert!(s.value(v[2]));
}

#[test]
fn clauses_added_after_solving() {
    let (mut s, v) = solver(3);
    s.add_clause(&ls(&v, &[1, 2]));
    assert_eq!(s.solve(&ls(&v, &[-1]), Budget::UNLIMITED), Outcome::Sat);
    assert!(s.value(v[1]));
    s.add_clause(&ls(&v, &[-2, 3]));
    s.add_clause(&ls(&v, &[-3, -1]));
    assert_eq!(s.solve(&ls(&v, &[2]), Budget::UNLIMITED), Outcome::Sat);
    assert!(s.value(v[1]) && s.value(v[2]) && !s.value(v[0]));
    s.add_clause(&ls(&v, &[-2]));
    assert_eq!(s.solve(&[], Budget::UNLIMITED), Outcome::Sat);
    assert!(s.value(v[0]) && !s.value(v[1]) && !s.value(v[2]));
    // Now `1` is a level-0 fact, so this clause is refuted as it is added.
    s.add_clause(&ls(&v, &[-1]));
    assert_eq!(s.solve(&[], Budget::UNLIMITED), Outcome::Unsat);
    assert!(s.failed_core().is_empty());
    // A new variable after Unsat changes nothing.
    let w = s.new_var();
    s.add_clause(&[Lit::pos(w)]);
    assert_eq!(s.solve(&[], Budget::UNLIMITED), Outcome::Unsat);
}

#[test]
fn empty_clause_makes_solver_unsat_for_good() {
    let (mut s, v) = solver(2);
    s.add_clause(&[]);
    assert_eq!(s.solve(&[], Budget::UNLIMITED), Outcome::Unsat);
    s.add_clause(&ls(&v, &[1]));
    assert_eq!(s.solve(&ls(&v, &[1]), Budget::UNLIMITED), Outcome::Unsat);
    assert!(s.failed_core().is_empty());
    // Also when a clause is refuted by level-0 facts.
    let (mut s, v) = solver(2);
    s.add_clause(&ls(&v, &[1]));
    s.add_clause(&ls(&v, &[2]));
    s.add_clause(&ls(&v, &[-1, -2]));
    assert_eq!(s.solve(&[], Budget::UNLIMITED), Outcome::Unsat);
}

#[test]
fn assumption_false_at_level_zero_is_its_own_core() {
    let (mut s, v) = solver(3);
    s.add_clause(&ls(&v, &[-1]));
    s.add_clause(&ls(&v, &[2, 3]));
    assert_eq!(s.solve(&ls(&v, &[2, 1]), Budget::UNLIMITED), Outcome::Unsat);
    assert_eq!(s.failed_core(), &ls(&v, &[1])[..]);
}

#[test]
fn pigeonhole_6_5_is_unsat() {
    let mut s = Solver::new();
    pigeonhole(&mut s, 6, 5, None);
    assert_eq!(s.solve(&[], Budget::UNLIMITED), Outcome::Unsat);
    assert!(s.stats().conflicts > 0);
}

#[test]
fn budget_stops_hard_query_and_solver_stays_usable() {
    let mut s = Solver::new();
    let guard = Lit::pos(s.new_var());
    let x = pigeonhole(&mut s, 9, 8, Some(guard));
    let before = s.stats().conflicts;
    assert_eq!(s.solve(&[guard], Budget::conflicts(100)), Outcome::Unknown);
    assert_eq!(
        s.stats().conflicts - before,
        100,
        "exactly the budget is analysed"
    );
    assert!(s.failed_core().is_empty());
    // Easy queries on the same solver: without the guard every clause can be switched off...
    assert_eq!(s.solve(&[!guard], Budget::conflicts(100)), Outcome::Sat);
    assert!(!s.lit_value(guard));
    // ...with it, two pigeons in one hole fail at once, and the core names them (not the guard,
    // which the clauses alone do not refute).
    let two = [guard, Lit::pos(x[0][3]), Lit::pos(x[5][3])];
    assert_eq!(s.solve(&two, Budget::conflicts(0)), Outcome::Unsat);
    let core = s.failed_core().to_vec();
    assert!(core.len() >= 2 && core.iter().all(|c| two.contains(c)));
    assert_eq!(s.solve(&core, Budget::UNLIMITED), Outcome::Unsat);
    // A zero budget still answers a query that needs no conflict.
    assert_eq!(
        s.solve(&[!guard, Lit::pos(x[1][1])], Budget::conflicts(0)),
        Outcome::Sat
    );
    assert!(s.value(x[1][1]));
}

#[test]
fn reduction_under_a_tiny_learned_clause_limit() {
    // Reductions at almost every decision: reasons must survive, answers must stay right.
    let mut s = Solver::new();
    s.learnts_floor = 4.0;
    let guard = Lit::pos(s.new_var());
    let x = pigeonhole(&mut s, 7, 6, Some(guard));
    assert_eq!(s.solve(&[guard], Budget::UNLIMITED), Outcome::Unsat);
    assert_eq!(s.failed_core(), &[guard]);
    assert!(
        s.num_learnts() < 100,
        "{} learned clauses kept",
        s.num_learnts()
    );
    // Pigeons 0..6 in holes 0..6 in order; pigeon 6 then has nowhere to go.
    let mut diagonal: Vec<Lit> = (0..6).map(|p| Lit::pos(x[p][p])).collect();
    assert_eq!(s.solve(&diagonal, Budget::UNLIMITED), Outcome::Sat);
    diagonal.push(guard);
    assert_eq!(s.solve(&diagonal, Budget::UNLIMITED), Outcome::Unsat);
    assert!(s.failed_core().contains(&guard));
}

#[test]
fn unknown_then_unlimited_finishes() {
    let mut s = Solver::new();
    pigeonhole(&mut s, 6, 5, None);
    assert_eq!(s.solve(&[], Budget::conflicts(5)), Outcome::Unknown);
    assert_eq!(s.solve(&[], Budget::conflicts(5)), Outcome::Unknown);
    assert_eq!(s.solve(&[], Budget::UNLIMITED), Outcome::Unsat);
}

#[test]
fn stats_accumulate() {
    let mut s = Solver::new();
    pigeonhole(&mut s, 5, 4, None);
    s.solve(&[], Budget::UNLIMITED);
    let st = s.stats();
    assert_eq!(st.solves, 1);
    assert!(st.conflicts > 0 && st.decisions > 0 && st.propagations > 0);
}

#[test]
fn every_variable_has_a_model_value() {
    // Unconstrained variables get a value too, and `value` of a later variable is just false.
    let (mut s, v) = solver(4);
    s.add_clause(&ls(&v, &[1, 2]));
    assert_eq!(s.solve(&[], Budget::UNLIMITED), Outcome::Sat);
    assert!(s.value(v[0]) || s.value(v[1]));
    let w = s.new_var();
    assert!(!s.value(w));
}

#[test]
fn pure_variables_are_completed_in_the_model() {
    // Criteria shape: c1 -> x, c2 -> !x, c3 -> (x or y). The criteria only occur negated.
    let (mut s, v) = solver(5);
    let (c1, c2, c3, x, y) = (1, 2, 3, 4, 5);
    s.add_clause(&ls(&v, &[-c1, x]));
    s.add_clause(&ls(&v, &[-c2, -x]));
    s.add_clause(&ls(&v, &[-c3, x, y]));
    assert_eq!(s.solve(&ls(&v, &[c2]), Budget::UNLIMITED), Outcome::Sat);
    assert!(s.lit_value(l(&v, c2)) && !s.value(v[0]) && !s.value(v[3]));
    assert_eq!(s.solve(&ls(&v, &[c1, c3]), Budget::UNLIMITED), Outcome::Sat);
    assert!(s.value(v[0]) && s.value(v[2]) && s.value(v[3]) && !s.value(v[1]));
    // The model stays as it was when a clause makes a completed variable impure.
    let before: Vec<bool> = v.iter().map(|&x| s.value(x)).collect();
    s.add_clause(&ls(&v, &[c2, y]));
    let after: Vec<bool> = v.iter().map(|&x| s.value(x)).collect();
    assert_eq!(before, after);
    assert_eq!(
        s.solve(&ls(&v, &[-c2, -y]), Budget::UNLIMITED),
        Outcome::Unsat
    );
    assert_eq!(
        s.solve(&ls(&v, &[c1, c2]), Budget::UNLIMITED),
        Outcome::Unsat
    );
    let mut core = s.failed_core().to_vec();
    core.sort();
    assert_eq!(core, ls(&v, &[c1, c2]));
}

/// A random clause over `n` variables: up to `max_len` literals, rarely only one (units fix
/// variables at level 0 and leave little for assumptions to do).
fn clause(n: usize, max_len: usize) -> impl Strategy<Value = Vec<(usize, bool)>> {
    prop_oneof![
        1 => prop::collection::vec((0..n, any::<bool>()), 1..=1),
        9 => prop::collection::vec((0..n, any::<bool>()), 2..=max_len),
    ]
}

fn to_lits(vars: &[Var], raw: &[(usize, bool)]) -> Vec<Lit> {
    raw.iter().map(|&(v, p)| Lit::new(vars[v], p)).collect()
}

/// A formula: variable count, clauses, and several assumption sets.
type Case = (usize, Vec<Vec<(usize, bool)>>, Vec<Vec<(usize, bool)>>);

fn case(max_clauses: usize) -> impl Strategy<Value = Case> {
    (1usize..=12).prop_flat_map(move |n| {
        (
            Just(n),
            prop::collection::vec(clause(n, 5), 0..max_clauses),
            prop::collection::vec(prop::collection::vec((0..n, any::<bool>()), 0..10), 1..6),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// One formula, several assumption sets: every answer agrees with brute force.
    #[test]
    fn agrees_with_brute_force((n, raw, queries) in case(50), tiny_db in any::<bool>()) {
        let (mut s, vars) = solver(n);
        if tiny_db {
            s.learnts_floor = 1.0;
        }
        let clauses: Vec<Vec<Lit>> = raw.iter().map(|c| to_lits(&vars, c)).collect();
        for c in &clauses {
            s.add_clause(c);
        }
        for q in &queries {
            let assumptions = to_lits(&vars, q);
            let outcome = s.solve(&assumptions, Budget::UNLIMITED);
            prop_assert_ne!(outcome, Outcome::Unknown);
            check(&mut s, n, &clauses, &assumptions, outcome)?;
        }
    }

    /// Clauses arrive in batches between solves; each step is checked against all clauses so far.
    #[test]
    fn incremental_agrees_with_brute_force(
        (n, steps) in (1usize..=12).prop_flat_map(|n| (
            Just(n),
            prop::collection::vec(
                (
                    prop::collection::vec(clause(n, 5), 0..12),
                    prop::collection::vec((0..n, any::<bool>()), 0..10),
                ),
                1..8,
            ),
        )),
        tiny_db in any::<bool>(),
    ) {
        let (mut s, vars) = solver(n);
        if tiny_db {
            s.learnts_floor = 1.0;
        }
        let mut clauses = Vec::new();
        for (batch, query) in &steps {
            // Adding clauses leaves the last model as it was.
            let model: Vec<bool> = vars.iter().map(|&v| s.value(v)).collect();
            for c in batch {
                let c = to_lits(&vars, c);
                s.add_clause(&c);
                clauses.push(c);
            }
            let unchanged: Vec<bool> = vars.iter().map(|&v| s.value(v)).collect();
            prop_assert_eq!(model, unchanged);
            let assumptions = to_lits(&vars, query);
            let outcome = s.solve(&assumptions, Budget::UNLIMITED);
            prop_assert_ne!(outcome, Outcome::Unknown);
            check(&mut s, n, &clauses, &assumptions, outcome)?;
        }
    }

    /// Tiny budgets: answers given are still right, and Unknown leaves a usable solver.
    #[test]
    fn budgets_never_give_wrong_answers(
        (n, raw, queries) in case(60),
        budgets in prop::collection::vec(0u64..4, 6),
    ) {
        let (mut s, vars) = solver(n);
        let clauses: Vec<Vec<Lit>> = raw.iter().map(|c| to_lits(&vars, c)).collect();
        for c in &clauses {
            s.add_clause(c);
        }
        for (q, &b) in queries.iter().zip(&budgets) {
            let assumptions = to_lits(&vars, q);
            let outcome = s.solve(&assumptions, Budget::conflicts(b));
            check(&mut s, n, &clauses, &assumptions, outcome)?;
        }
        let outcome = s.solve(&[], Budget::UNLIMITED);
        check(&mut s, n, &clauses, &[], outcome)?;
    }

    /// The same calls give the same answers, models and cores.
    #[test]
    fn deterministic((n, raw, queries) in case(50)) {
        let run = || {
            let (mut s, vars) = solver(n);
            let mut log = Vec::new();
            for c in &raw {
                s.add_clause(&to_lits(&vars, c));
            }
            for q in &queries {
                let outcome = s.solve(&to_lits(&vars, q), Budget::UNLIMITED);
                let model: Vec<bool> = vars.iter().map(|&v| s.value(v)).collect();
                log.push((outcome, model, s.failed_core().to_vec()));
            }
            log
        };
        prop_assert_eq!(run(), run());
    }
}

/// Past the number of variables a literal can number, the solver answers nothing rather than
/// something wrong.
#[test]
fn running_out_of_variables_gives_unknown() {
    let mut s = Solver::with_var_limit(2);
    let a = s.new_var();
    let b = s.new_var();
    s.add_clause(&[Lit::pos(a), Lit::pos(b)]);
    assert_eq!(s.solve(&[], Budget::conflicts(100)), Outcome::Sat);
    let _c = s.new_var();
    assert_eq!(s.solve(&[], Budget::conflicts(100)), Outcome::Unknown);
    assert_eq!(Var::from_index(usize::MAX), None);
}

/// A literal of a variable the solver never created (one of another solver, or one named by
/// index) is a caller bug: whether it comes in a clause or an assumption, at any index, the
/// solver neither panics nor answers about variables it does not have, but answers Unknown
/// from then on, with no model and no core.
#[test]
fn literals_of_variables_never_created_give_unknown() {
    let foreign = |i: usize| Lit::pos(Var::from_index(i).unwrap());
    for index in [2, 3, 1000, (1 << 31) - 1] {
        for in_clause in [true, false] {
            let (mut s, vars) = solver(2);
            s.add_clause(&ls(&vars, &[1, 2]));
            assert_eq!(s.solve(&ls(&vars, &[1]), Budget::UNLIMITED), Outcome::Sat);
            if in_clause {
                s.add_clause(&[foreign(index), l(&vars, -1)]);
                assert_eq!(s.solve(&[], Budget::UNLIMITED), Outcome::Unknown);
            } else {
                assert_eq!(
                    s.solve(&[foreign(index)], Budget::UNLIMITED),
                    Outcome::Unknown
                );
            }
            assert!(!s.value(vars[0]) && !s.lit_value(foreign(index)));
            assert!(s.failed_core().is_empty());
            // Later calls, even well-formed ones, do not answer either.
            assert_eq!(
                s.solve(&ls(&vars, &[2]), Budget::UNLIMITED),
                Outcome::Unknown
            );
            assert_eq!(s.num_vars(), 2);
        }
    }
}
