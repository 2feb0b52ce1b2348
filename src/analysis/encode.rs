//! From criteria to clauses: an exact propositional encoding of the criteria language.
//!
//! Every criterion compares one attribute with constants, so a fully known account is described
//! exactly by finitely many propositions:
//!
//! - a number attribute by an *order chain*: one variable per bound `x <= c` (and, for the
//!   continuous types, `x < c`), each implying the next larger bound. `int` bounds are whole
//!   numbers (`x < 6` is `x <= 5`), so every gap between two bounds holds a whole number and
//!   `x > 5 and x < 6` has no model; `money` and `percent` keep strict and non-strict bounds
//!   apart, so the same criterion on money has one (5.5);
//! - an enum by one variable per leaf, exactly one of them true (an account holds a leaf value;
//!   a node of the hierarchy is the disjunction of its leaves; an ordered enum's ranks are
//!   disjunctions too);
//! - a set by one independent variable per value; a bool by one variable.
//!
//! Bounds are added to a chain when a criterion first mentions them, linked to their neighbours,
//! so criteria from anywhere (another version of the spec, for a diff) can join one solver.
//! `and`/`or` become Tseitin gates, shared when they repeat.

use std::collections::HashMap;

use super::sat::{Lit, Solver, Var};
use crate::num::Num;
use crate::sema::ir::{AttrId, Cmp, EnumType, Expr, Record, Spec, Test, Type, Value};

/// A bound of an order chain: `x < value` (`strict`) or `x <= value`. Ordered so that a smaller
/// key implies every larger one: `x < 5` → `x <= 5` → `x < 6`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Bound {
    value: Num,
    /// `false` for `<`, `true` for `<=` (so `<` sorts first at the same value).
    inclusive: bool,
}

/// The propositions that describe one attribute.
#[derive(Debug)]
enum Domain {
    Bool(Var),
    /// Sorted bounds, each with its variable.
    Chain {
        whole: bool,
        bounds: Vec<(Bound, Var)>,
    },
    /// One variable per leaf, in the order of `leaves`.
    Leaves {
        leaves: Vec<u32>,
        vars: Vec<Var>,
    },
    /// One variable per value.
    Set(Vec<Var>),
}

/// The encoder: owns the solver and knows what every variable means.
pub struct Encoder {
    pub solver: Solver,
    domains: HashMap<AttrId, Domain>,
    /// `and` gates by their sorted inputs (`or` is an `and` of negations).
    gates: HashMap<Vec<Lit>, Lit>,
    true_lit: Lit,
}

impl Default for Encoder {
    fn default() -> Encoder {
        Encoder::new()
    }
}

impl Encoder {
    pub fn new() -> Encoder {
        let mut solver = Solver::new();
        let t = solver.new_var();
        let true_lit = Lit::pos(t);
        solver.add_clause(&[true_lit]);
        Encoder {
            solver,
            domains: HashMap::new(),
            gates: HashMap::new(),
            true_lit,
        }
    }

    pub fn true_lit(&self) -> Lit {
        self.true_lit
    }

    /// The literal that holds exactly when `expr` holds, for an account (and contact) that is
    /// fully known.
    pub fn expr(&mut self, spec: &Spec, expr: &Expr) -> Lit {
        match expr {
            Expr::And(xs) => {
                let lits: Vec<Lit> = xs.iter().map(|x| self.expr(spec, x)).collect();
                self.and(&lits)
            }
            Expr::Or(xs) => {
                let lits: Vec<Lit> = xs.iter().map(|x| self.expr(spec, x)).collect();
                self.or(&lits)
            }
            Expr::Not(x) => !self.expr(spec, x),
            Expr::Atom(a) => self.atom(spec, a.attr, &a.test),
        }
    }

    /// A gate for the conjunction of `lits` (shared with any equal gate).
    pub fn and(&mut self, lits: &[Lit]) -> Lit {
        let t = self.true_lit;
        let mut xs: Vec<Lit> = lits.iter().copied().filter(|&l| l != t).collect();
        xs.sort_unstable();
        xs.dedup();
        if xs.contains(&!t) || xs.windows(2).any(|w| w[0] == !w[1]) {
            return !t;
        }
        match xs.len() {
            0 => return t,
            1 => return xs[0],
            _ => {}
        }
        if let Some(&g) = self.gates.get(&xs) {
            return g;
        }
        let g = Lit::pos(self.solver.new_var());
        // g → every input; all inputs → g.
        let mut back: Vec<Lit> = Vec::with_capacity(xs.len() + 1);
        for &x in &xs {
            self.solver.add_clause(&[!g, x]);
            back.push(!x);
        }
        back.push(g);
        self.solver.add_clause(&back);
        self.gates.insert(xs, g);
        g
    }

    /// A gate for the disjunction of `lits`.
    pub fn or(&mut self, lits: &[Lit]) -> Lit {
        let negated: Vec<Lit> = lits.iter().map(|&l| !l).collect();
        !self.and(&negated)
    }

    fn atom(&mut self, spec: &Spec, id: AttrId, test: &Test) -> Lit {
        let attr = spec.attr(id);
        match (&attr.ty, test) {
            (Type::Bool, Test::Bool(b)) => {
                let v = self.bool_var(id);
                Lit::new(v, *b)
            }
            (Type::Int, Test::Compare(cmp, c)) => self.int_compare(id, *cmp, *c),
            (Type::Int, Test::Between(lo, hi)) => {
                let upper = self.int_le(id, *hi);
                let lower = self.int_le(id, step(*lo, -1));
                self.and(&[upper, !lower])
            }
            (Type::Money | Type::Percent, Test::Compare(cmp, c)) => self.real_compare(id, *cmp, *c),
            (Type::Money | Type::Percent, Test::Between(lo, hi)) => {
                let upper = self.bound(
                    id,
                    false,
                    Bound {
                        value: *hi,
                        inclusive: true,
                    },
                );
                let lower = self.bound(
                    id,
                    false,
                    Bound {
                        value: *lo,
                        inclusive: false,
                    },
                );
                self.and(&[upper, !lower])
            }
            (Type::Enum(e), Test::In(values)) => {
                let mut leaves: Vec<u32> = values.iter().flat_map(|&v| e.leaves_under(v)).collect();
                leaves.sort_unstable();
                leaves.dedup();
                self.leaf_or(id, e, &leaves)
            }
            (Type::Enum(e), Test::Rank(cmp, v)) => {
                let v = *v;
                let leaves: Vec<u32> = (0..e.values.len() as u32)
                    .filter(|&r| match cmp {
                        Cmp::Lt => r < v,
                        Cmp::Le => r <= v,
                        Cmp::Gt => r > v,
                        Cmp::Ge => r >= v,
                        Cmp::Eq => r == v,
                    })
                    .collect();
                self.leaf_or(id, e, &leaves)
            }
            (Type::Enum(e), Test::RankBetween(lo, hi)) => {
                let leaves: Vec<u32> = (*lo..=*hi).collect();
                self.leaf_or(id, e, &leaves)
            }
            (Type::Set(e), Test::Has(v)) => Lit::pos(self.set_vars(id, e)[*v as usize]),
            (Type::Set(e), Test::HasAny(vs)) => {
                let vars = self.set_vars(id, e);
                let lits: Vec<Lit> = vs.iter().map(|&v| Lit::pos(vars[v as usize])).collect();
                self.or(&lits)
            }
            (Type::Set(e), Test::HasAll(vs)) => {
                let vars = self.set_vars(id, e);
                let lits: Vec<Lit> = vs.iter().map(|&v| Lit::pos(vars[v as usize])).collect();
                self.and(&lits)
            }
            // The checker never builds a test that does not fit its attribute's type.
            _ => !self.true_lit,
        }
    }

    fn int_le(&mut self, id: AttrId, value: Num) -> Lit {
        self.bound(
            id,
            true,
            Bound {
                value,
                inclusive: true,
            },
        )
    }

    fn int_compare(&mut self, id: AttrId, cmp: Cmp, c: Num) -> Lit {
        match cmp {
            Cmp::Le => self.int_le(id, c),
            Cmp::Lt => self.int_le(id, step(c, -1)),
            Cmp::Gt => !self.int_le(id, c),
            Cmp::Ge => !self.int_le(id, step(c, -1)),
            Cmp::Eq => {
                let at_most = self.int_le(id, c);
                let below = self.int_le(id, step(c, -1));
                self.and(&[at_most, !below])
            }
        }
    }

    fn real_compare(&mut self, id: AttrId, cmp: Cmp, c: Num) -> Lit {
        let lt = Bound {
            value: c,
            inclusive: false,
        };
        let le = Bound {
            value: c,
            inclusive: true,
        };
        match cmp {
            Cmp::Lt => self.bound(id, false, lt),
            Cmp::Le => self.bound(id, false, le),
            Cmp::Gt => !self.bound(id, false, le),
            Cmp::Ge => !self.bound(id, false, lt),
            Cmp::Eq => {
                let at_most = self.bound(id, false, le);
                let below = self.bound(id, false, lt);
                self.and(&[at_most, !below])
            }
        }
    }

    /// The variable of a bound in an attribute's chain, created and linked to its neighbours
    /// when new.
    fn bound(&mut self, id: AttrId, whole: bool, bound: Bound) -> Lit {
        let domain = self.domains.entry(id).or_insert(Domain::Chain {
            whole,
            bounds: Vec::new(),
        });
        let Domain::Chain { bounds, .. } = domain else {
            return !self.true_lit;
        };
        match bounds.binary_search_by(|(b, _)| b.cmp(&bound)) {
            Ok(i) => Lit::pos(bounds[i].1),
            Err(i) => {
                let var = self.solver.new_var();
                let below = i.checked_sub(1).map(|j| bounds[j].1);
                let above = bounds.get(i).map(|(_, v)| *v);
                bounds.insert(i, (bound, var));
                // Monotone: a smaller bound implies a larger one.
                if let Some(b) = below {
                    self.solver.add_clause(&[Lit::neg(b), Lit::pos(var)]);
                }
                if let Some(a) = above {
                    self.solver.add_clause(&[Lit::neg(var), Lit::pos(a)]);
                }
                Lit::pos(var)
            }
        }
    }

    fn bool_var(&mut self, id: AttrId) -> Var {
        if let Some(Domain::Bool(v)) = self.domains.get(&id) {
            return *v;
        }
        let v = self.solver.new_var();
        self.domains.insert(id, Domain::Bool(v));
        v
    }

    fn set_vars(&mut self, id: AttrId, e: &EnumType) -> Vec<Var> {
        if let Some(Domain::Set(vars)) = self.domains.get(&id) {
            return vars.clone();
        }
        let vars: Vec<Var> = e.values.iter().map(|_| self.solver.new_var()).collect();
        self.domains.insert(id, Domain::Set(vars.clone()));
        vars
    }

    /// The leaf variables of an enum, created with their exactly-one constraint when new.
    fn leaf_vars(&mut self, id: AttrId, e: &EnumType) -> (Vec<u32>, Vec<Var>) {
        if let Some(Domain::Leaves { leaves, vars }) = self.domains.get(&id) {
            return (leaves.clone(), vars.clone());
        }
        let leaves: Vec<u32> = e.leaves().collect();
        let vars: Vec<Var> = leaves.iter().map(|_| self.solver.new_var()).collect();
        let lits: Vec<Lit> = vars.iter().map(|&v| Lit::pos(v)).collect();
        self.solver.add_clause(&lits);
        self.at_most_one(&lits);
        self.domains.insert(
            id,
            Domain::Leaves {
                leaves: leaves.clone(),
                vars: vars.clone(),
            },
        );
        (leaves, vars)
    }

    /// At most one of `lits`: pairwise for a few, a sequential counter for more.
    fn at_most_one(&mut self, lits: &[Lit]) {
        if lits.len() <= 6 {
            for i in 0..lits.len() {
                for j in i + 1..lits.len() {
                    self.solver.add_clause(&[!lits[i], !lits[j]]);
                }
            }
            return;
        }
        // s_i: one of lits[0..=i] is true.
        let s: Vec<Lit> = (0..lits.len() - 1)
            .map(|_| Lit::pos(self.solver.new_var()))
            .collect();
        for i in 0..lits.len() {
            if i < s.len() {
                self.solver.add_clause(&[!lits[i], s[i]]);
            }
            if i > 0 {
                self.solver.add_clause(&[!lits[i], !s[i - 1]]);
                if i < s.len() {
                    self.solver.add_clause(&[!s[i - 1], s[i]]);
                }
            }
        }
    }

    fn leaf_or(&mut self, id: AttrId, e: &EnumType, wanted: &[u32]) -> Lit {
        let (leaves, vars) = self.leaf_vars(id, e);
        let lits: Vec<Lit> = leaves
            .iter()
            .zip(&vars)
            .filter(|(l, _)| wanted.contains(l))
            .map(|(_, v)| Lit::pos(*v))
            .collect();
        self.or(&lits)
    }

    /// The literals "the set holds value i" of a set attribute, when it has a domain.
    pub fn set_lits(&self, id: AttrId) -> Option<Vec<Lit>> {
        match self.domains.get(&id) {
            Some(Domain::Set(vars)) => Some(vars.iter().map(|&v| Lit::pos(v)).collect()),
            _ => None,
        }
    }

    /// The value the current model gives an attribute, if the attribute has a domain.
    pub fn decode(&self, spec: &Spec, id: AttrId) -> Option<Value> {
        let domain = self.domains.get(&id)?;
        Some(match domain {
            Domain::Bool(v) => Value::Bool(self.solver.value(*v)),
            Domain::Set(vars) => Value::Set(
                (0..vars.len() as u32)
                    .filter(|&i| self.solver.value(vars[i as usize]))
                    .collect(),
            ),
            Domain::Leaves { leaves, vars } => {
                let at = vars.iter().position(|&v| self.solver.value(v))?;
                Value::Enum(leaves[at])
            }
            Domain::Chain { whole, bounds } => {
                let _ = spec;
                Value::Num(pick_number(*whole, bounds, |v| self.solver.value(v)))
            }
        })
    }

    /// Fills a record with the model's values for the given attributes.
    pub fn decode_into(
        &self,
        spec: &Spec,
        attrs: &[AttrId],
        account: &mut Record,
        contact: &mut Record,
    ) {
        for &id in attrs {
            let record = match id.entity {
                crate::sema::ir::Entity::Account => &mut *account,
                crate::sema::ir::Entity::Contact => &mut *contact,
            };
            if let Some(slot) = record.values.get_mut(id.index as usize) {
                *slot = self.decode(spec, id);
            }
        }
    }
}

/// `n + delta`, for whole-number bounds (stays within the magnitude limit).
fn step(n: Num, delta: i64) -> Num {
    Num::new(n.get() + delta as f64).unwrap_or(n)
}

/// A readable number in the region of the chain the model selects: the region just below the
/// first true bound (or above every bound when none is true).
fn pick_number(whole: bool, bounds: &[(Bound, Var)], value: impl Fn(Var) -> bool) -> Num {
    let first_true = bounds.iter().position(|(_, v)| value(*v));
    let below = |i: usize| bounds[i].0;
    match first_true {
        // Above every bound.
        None => match bounds.last() {
            None => Num::default(),
            Some((b, _)) if b.inclusive => above(whole, b.value),
            Some((b, _)) => b.value,
        },
        Some(i) => {
            let upper = below(i);
            let lower = i.checked_sub(1).map(below);
            match (lower, upper.inclusive) {
                // Exactly the bound's value: x <= v but not x < v.
                (Some(l), true) if l.value == upper.value && !l.inclusive => upper.value,
                (None, true) => upper.value,
                (None, false) => beneath(whole, upper.value),
                (Some(l), _) => between(whole, l, upper),
            }
        }
    }
}

fn above(whole: bool, v: Num) -> Num {
    let _ = whole;
    Num::new(v.get() + 1.0).unwrap_or(v)
}

fn beneath(whole: bool, v: Num) -> Num {
    let _ = whole;
    Num::new(v.get() - 1.0).unwrap_or(v)
}

/// A value in the region between two bounds: strictly above `lower` (or equal when the lower
/// bound is strict), at most `upper` (or strictly below when it is strict). Whole numbers for
/// `int`; a whole number when one fits, else the midpoint, for continuous types.
fn between(whole: bool, lower: Bound, upper: Bound) -> Num {
    let lo = lower.value.get();
    let hi = upper.value.get();
    if whole {
        // Bounds of int chains are all `<=`: the region is (lo, hi], and lo + 1 <= hi.
        return Num::new(lo + 1.0).unwrap_or(upper.value);
    }
    // The region is (lo, hi] or [lo, hi) etc.; prefer lo itself when the lower bound is strict
    // (`x < lo` false means x >= lo), else the next whole number above lo, else the midpoint.
    if !lower.inclusive {
        return lower.value;
    }
    let next = lo.floor() + 1.0;
    let fits = if upper.inclusive {
        next <= hi
    } else {
        next < hi
    };
    if fits {
        return Num::new(next).unwrap_or(upper.value);
    }
    Num::new((lo + hi) / 2.0).unwrap_or(upper.value)
}
