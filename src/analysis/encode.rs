//! From criteria to clauses: an exact propositional encoding of the criteria language.
//!
//! Every criterion compares one attribute with constants, so a fully known account is described
//! exactly by finitely many propositions:
//!
//! - a number attribute by an *order chain*: one variable per bound `x <= c`, each implying the
//!   next larger bound. A test accepts one interval of the attribute's domain
//!   ([`crate::semantics::number`]), which is two bounds: `x <= hi` and not `x <= lo - step`.
//!   The domain is discrete (whole numbers for `int`, steps of 10^-18 for `money` and
//!   `percent`), so `employees > 5 and employees < 6` has no model while the same criterion on
//!   money has one (5.5); bounds at the ends of the domain are constants, so nothing lies beyond
//!   ±(2^53 - 1);
//! - an enum by one variable per leaf, exactly one of them true (an account holds a leaf value;
//!   a node of the hierarchy is the disjunction of its leaves; an ordered enum's ranks are
//!   disjunctions too);
//! - a set by one independent variable per value; a bool by one variable.
//!
//! Bounds are added to a chain when a criterion first mentions them, linked to their neighbours,
//! so criteria from anywhere (another version of the spec, for a diff) can join one solver.
//! `and`/`or` become Tseitin gates, shared when they repeat.

use std::collections::{BTreeMap, HashMap};

use super::sat::{Lit, Solver, Var};
use crate::num::Num;
use crate::sema::ir::{AttrId, EnumType, Expr, Record, Spec, Test, Type, Value};
use crate::semantics::number::{Interval, NumKind};
use crate::semantics::profile;
use crate::semantics::test::Accepts;
use crate::semantics::truth::Logic;

/// The propositions that describe one attribute.
#[derive(Debug)]
enum Domain {
    Bool(Var),
    /// The bounds `x <= v` of an order chain, sorted by `v`, each with its variable; every
    /// `v` is a number of the attribute's domain below its largest number.
    Chain {
        kind: NumKind,
        bounds: Vec<(Num, Var)>,
    },
    /// One variable per leaf, in the order of `leaves`.
    Leaves {
        leaves: Vec<u32>,
        vars: Vec<Var>,
    },
    /// One variable per value a criterion mentions, by value.
    Set(BTreeMap<u32, Var>),
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
        profile::expr(self, expr, &mut |enc, a| enc.atom(spec, a.attr, &a.test))
    }

    /// A gate for the conjunction of `lits` (shared with any equal gate).
    pub fn and(&mut self, lits: &[Lit]) -> Lit {
        let t = self.true_lit;
        let mut xs: Vec<Lit> = lits.iter().copied().filter(|&l| l != t).collect();
        xs.sort_unstable();
        xs.dedup();
        if xs.contains(&!t) || xs.windows(2).any(|w| matches!(w, [a, b] if *a == !*b)) {
            return !t;
        }
        match xs.as_slice() {
            [] => return t,
            [x] => return *x,
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

    /// The literal of an atom: what its test accepts ([`crate::semantics::test`]) in the
    /// attribute's propositions.
    fn atom(&mut self, spec: &Spec, id: AttrId, test: &Test) -> Lit {
        let ty = &spec.attr(id).ty;
        match Accepts::of(ty, test) {
            Accepts::Numbers(kind, interval) => self.interval(id, kind, interval),
            Accepts::Bool(b) => {
                let v = self.bool_var(id);
                Lit::new(v, b)
            }
            Accepts::Leaves(leaves) => match ty.values() {
                Some(e) => self.leaf_or(id, e, &leaves),
                None => !self.true_lit,
            },
            Accepts::SetAny(values) => {
                let lits: Vec<Lit> = values.iter().map(|&v| self.set_lit(id, v)).collect();
                self.or(&lits)
            }
            Accepts::SetAll(values) => {
                let lits: Vec<Lit> = values.iter().map(|&v| self.set_lit(id, v)).collect();
                self.and(&lits)
            }
            Accepts::Nothing => !self.true_lit,
        }
    }

    /// The literal "the attribute holds this value": for a coarse enum value, one of the
    /// leaves under it; for a set, exactly the held values among those the criteria encoded so
    /// far mention (no other value has a proposition). For checking a record against the
    /// encoding.
    pub fn value(&mut self, spec: &Spec, id: AttrId, value: &Value) -> Lit {
        let ty = &spec.attr(id).ty;
        match (ty, value) {
            (_, Value::Num(n)) => match NumKind::of(ty) {
                Some(kind) => self.interval(id, kind, Interval::new(kind, n.units(), n.units())),
                None => !self.true_lit,
            },
            (Type::Bool, Value::Bool(b)) => Lit::new(self.bool_var(id), *b),
            (Type::Enum(e), Value::Enum(v)) if (*v as usize) < e.values.len() => {
                let leaves: Vec<u32> = e.leaves_under(*v).collect();
                self.leaf_or(id, e, &leaves)
            }
            (Type::Set(_), Value::Set(held)) => {
                let lits: Vec<Lit> = match self.domains.get(&id) {
                    Some(Domain::Set(vars)) => vars
                        .iter()
                        .map(|(v, &var)| Lit::new(var, held.binary_search(v).is_ok()))
                        .collect(),
                    _ => Vec::new(),
                };
                self.and(&lits)
            }
            _ => !self.true_lit,
        }
    }

    /// The literal "the attribute's value lies in the interval".
    fn interval(&mut self, id: AttrId, kind: NumKind, interval: Interval) -> Lit {
        let Some((lo, hi)) = interval.bounds else {
            return !self.true_lit;
        };
        let upper = self.at_most(id, kind, hi.units());
        let below = self.at_most(id, kind, lo.units() - 1);
        self.and(&[upper, !below])
    }

    /// The literal `x <= units` (units of 10^-18) of a number attribute's order chain: true at
    /// or above the largest number of the domain, false below the smallest; otherwise the
    /// chain's variable for the largest number of the domain at most `units`, created and
    /// linked to its neighbours when new.
    fn at_most(&mut self, id: AttrId, kind: NumKind, units: i128) -> Lit {
        let Some(value) = kind.at_most(units) else {
            return !self.true_lit;
        };
        if value >= Num::MAX {
            return self.true_lit;
        }
        let domain = self.domains.entry(id).or_insert(Domain::Chain {
            kind,
            bounds: Vec::new(),
        });
        let Domain::Chain { bounds, .. } = domain else {
            return !self.true_lit;
        };
        // The chain is sorted by bound: `i` is where `value` is or belongs.
        let i = bounds.partition_point(|(b, _)| *b < value);
        let above = bounds.get(i).copied();
        if let Some((b, var)) = above
            && b == value
        {
            return Lit::pos(var);
        }
        let var = self.solver.new_var();
        let below = i
            .checked_sub(1)
            .and_then(|j| bounds.get(j))
            .map(|(_, v)| *v);
        bounds.insert(i, (value, var));
        // Monotone: a smaller bound implies a larger one.
        if let Some(b) = below {
            self.solver.add_clause(&[Lit::neg(b), Lit::pos(var)]);
        }
        if let Some((_, a)) = above {
            self.solver.add_clause(&[Lit::neg(var), Lit::pos(a)]);
        }
        Lit::pos(var)
    }

    fn bool_var(&mut self, id: AttrId) -> Var {
        if let Some(Domain::Bool(v)) = self.domains.get(&id) {
            return *v;
        }
        let v = self.solver.new_var();
        self.domains.insert(id, Domain::Bool(v));
        v
    }

    /// The literal "the set holds value `v`", its variable created when first needed: values
    /// no criterion mentions have no variable, so a set of thousands of values costs what its
    /// criteria mention.
    fn set_lit(&mut self, id: AttrId, v: u32) -> Lit {
        let domain = self
            .domains
            .entry(id)
            .or_insert_with(|| Domain::Set(BTreeMap::new()));
        let Domain::Set(vars) = domain else {
            return !self.true_lit;
        };
        let solver = &mut self.solver;
        Lit::pos(*vars.entry(v).or_insert_with(|| solver.new_var()))
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
            for (i, &a) in lits.iter().enumerate() {
                for &b in lits.iter().skip(i + 1) {
                    self.solver.add_clause(&[!a, !b]);
                }
            }
            return;
        }
        // s_i: one of lits[0..=i] is true.
        let s: Vec<Lit> = (1..lits.len())
            .map(|_| Lit::pos(self.solver.new_var()))
            .collect();
        for (i, &lit) in lits.iter().enumerate() {
            let this = s.get(i).copied();
            let before = i.checked_sub(1).and_then(|j| s.get(j)).copied();
            if let Some(si) = this {
                self.solver.add_clause(&[!lit, si]);
            }
            if let Some(prev) = before {
                self.solver.add_clause(&[!lit, !prev]);
                if let Some(si) = this {
                    self.solver.add_clause(&[!prev, si]);
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
            Some(Domain::Set(vars)) => Some(vars.values().map(|&v| Lit::pos(v)).collect()),
            _ => None,
        }
    }

    /// The value the current model gives an attribute. An attribute without variables (no
    /// criterion reads it, or every test on it is constant, such as `n <= 9007199254740991`)
    /// may hold any value: the simplest of its type is given.
    pub fn decode(&self, spec: &Spec, id: AttrId) -> Option<Value> {
        let Some(domain) = self.domains.get(&id) else {
            return Some(match &spec.attr(id).ty {
                Type::Int | Type::Money | Type::Percent => Value::Num(Num::ZERO),
                Type::Bool => Value::Bool(false),
                Type::Enum(e) => Value::Enum(e.leaves().next()?),
                Type::Set(_) => Value::Set(Vec::new()),
            });
        };
        Some(match domain {
            Domain::Bool(v) => Value::Bool(self.solver.value(*v)),
            // Values without a variable are held by no model: no criterion needs them.
            Domain::Set(vars) => Value::Set(
                vars.iter()
                    .filter(|&(_, &var)| self.solver.value(var))
                    .map(|(&v, _)| v)
                    .collect(),
            ),
            Domain::Leaves { leaves, vars } => {
                let (&leaf, _) = leaves
                    .iter()
                    .zip(vars)
                    .find(|&(_, &v)| self.solver.value(v))?;
                Value::Enum(leaf)
            }
            Domain::Chain { kind, bounds } => {
                Value::Num(pick_number(*kind, bounds, |v| self.solver.value(v)))
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

/// Solver literals as a logic, for the semantic core's rules: `and` and `or` are Tseitin gates.
/// On fully known accounts a literal is true or false, and the gates are the two-valued
/// connectives Kleene's agree with there.
impl Logic for Encoder {
    type V = Lit;

    fn constant(&self, b: bool) -> Lit {
        if b { self.true_lit } else { !self.true_lit }
    }

    fn negate(x: Lit) -> Lit {
        !x
    }

    fn all(&mut self, xs: impl IntoIterator<Item = Lit>) -> Lit {
        let xs: Vec<Lit> = xs.into_iter().collect();
        self.and(&xs)
    }

    fn any(&mut self, xs: impl IntoIterator<Item = Lit>) -> Lit {
        let xs: Vec<Lit> = xs.into_iter().collect();
        self.or(&xs)
    }
}

/// A readable number in the region of the chain the model selects: above the last false bound
/// and at most the first true one (the domain's ends where there is none). The number with the
/// fewest digits after the point is chosen, the smallest such one when the region is bounded
/// below, else the largest; so the example sits next to the criterion's constant.
///
/// The region always holds a number of the domain: its upper end. The chain's bounds are
/// numbers of the domain below [`Num::MAX`] (`Encoder::at_most` answers the constant true at or
/// above it), sorted and distinct, so the region is never empty and the upper end is either a
/// bound or the largest number; that end is the answer should no readable number be found.
fn pick_number(kind: NumKind, bounds: &[(Num, Var)], value: impl Fn(Var) -> bool) -> Num {
    if bounds.is_empty() {
        return Num::ZERO;
    }
    let first_true = bounds.iter().position(|(_, v)| value(*v));
    let (lower, upper) = match first_true {
        Some(i) => (i.checked_sub(1).and_then(|j| bounds.get(j)), bounds.get(i)),
        None => (bounds.last(), None),
    };
    let upper = upper.map_or(Num::MAX, |(b, _)| *b);
    let lo = lower.map_or(Num::MIN.units() - 1, |(b, _)| b.units());
    readable(kind, lo, upper.units()).unwrap_or(upper)
}

/// The number of the domain in `(lo, hi]` (units) with the fewest digits after the point: when
/// whole numbers fit, the smallest of them (the largest when the region is open below), so the
/// example sits next to the criterion's constant; otherwise the one nearest the middle of the
/// region (`$199.5` between `$199` and `$200`).
fn readable(kind: NumKind, lo: i128, hi: i128) -> Option<Num> {
    let open_below = lo < Num::MIN.units();
    let places = match kind {
        NumKind::Whole => 0,
        NumKind::Decimal => crate::num::PLACES,
    };
    for k in 0..=places {
        let q = 10i128.pow(crate::num::PLACES - k);
        let smallest = (lo.div_euclid(q) + 1) * q;
        let largest = hi.div_euclid(q) * q;
        if smallest > largest {
            continue;
        }
        let candidate = if k == 0 || open_below {
            if open_below { largest } else { smallest }
        } else {
            // The multiple of `q` nearest the middle, kept within the region.
            let middle = lo + (hi - lo) / 2;
            (middle.div_euclid(q) * q + if middle.rem_euclid(q) * 2 > q { q } else { 0 })
                .clamp(smallest, largest)
        };
        return Num::from_units(candidate);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::sat::{Budget, Outcome};
    use crate::sema::ir::Entity;

    fn num(units: i128) -> Num {
        Num::from_units(units).unwrap_or_else(|| panic!("{units} units is a number"))
    }

    /// At the ends of the number domain the order chain needs no clamping: `x <= c` at or above
    /// the largest number is the constant true, below the smallest the constant false, and a
    /// bound next to either end is a real variable whose regions decode to numbers inside the
    /// domain.
    #[test]
    fn order_chain_at_the_number_limits() {
        let id = AttrId {
            entity: Entity::Account,
            index: 0,
        };
        for kind in [NumKind::Whole, NumKind::Decimal] {
            let mut enc = Encoder::new();
            let t = enc.true_lit();
            assert_eq!(enc.at_most(id, kind, Num::MAX.units()), t);
            assert_eq!(enc.at_most(id, kind, i128::MAX), t);
            assert_eq!(enc.at_most(id, kind, Num::MIN.units() - 1), !t);
            assert_eq!(
                enc.at_most(id, kind, Num::MIN.units() - Num::ONE.units()),
                !t
            );
            assert!(enc.domains.is_empty(), "no variable for a constant bound");

            // `x <= MAX - 1` and `x <= MIN`: the chain's ends.
            let below_max = enc.at_most(id, kind, Num::MAX.units() - Num::ONE.units());
            let at_min = enc.at_most(id, kind, Num::MIN.units());
            assert_ne!(below_max, t);
            assert_ne!(at_min, !t);
            // The same bound asked again is the same variable.
            assert_eq!(enc.at_most(id, kind, Num::MIN.units()), at_min);
            let Some(Domain::Chain { bounds, .. }) = enc.domains.get(&id) else {
                panic!("a chain for the attribute");
            };
            // Above every bound: the largest number; at most the first: the smallest.
            assert_eq!(pick_number(kind, bounds, |_| false), Num::MAX);
            assert_eq!(pick_number(kind, bounds, |_| true), Num::MIN);
            // Between the two bounds: a number of the domain strictly inside.
            let (lo, _) = bounds[0];
            let middle = pick_number(kind, bounds, |v| v == bounds[1].1);
            assert!(middle > lo && middle <= num(Num::MAX.units() - Num::ONE.units()));
            assert!(kind.contains(middle));
        }
    }

    /// Decoding a solved chain gives a value the model's bounds accept, up to the limits.
    #[test]
    fn decoded_numbers_satisfy_the_model_at_the_limits() {
        let id = AttrId {
            entity: Entity::Account,
            index: 0,
        };
        for kind in [NumKind::Whole, NumKind::Decimal] {
            for (lo, hi) in [
                (Num::MAX.units() - Num::ONE.units() + 1, Num::MAX.units()),
                (Num::MIN.units(), Num::MIN.units()),
                (Num::MIN.units(), Num::MAX.units()),
            ] {
                let mut enc = Encoder::new();
                let lit = enc.interval(id, kind, Interval::new(kind, lo, hi));
                assert_eq!(enc.solver.solve(&[lit], Budget::UNLIMITED), Outcome::Sat);
                let Some(Domain::Chain { bounds, .. }) = enc.domains.get(&id) else {
                    // The whole domain needs no chain.
                    assert_eq!((lo, hi), (Num::MIN.units(), Num::MAX.units()));
                    continue;
                };
                let n = pick_number(kind, bounds, |v| enc.solver.value(v));
                assert!(lo <= n.units() && n.units() <= hi, "{n:?} in {lo}..={hi}");
                assert!(kind.contains(n));
            }
        }
    }
}
