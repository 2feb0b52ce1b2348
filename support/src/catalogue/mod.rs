//! Generates a large, realistic spec: the schema, thousands of ICPs and personas, deterministic
//! for a given seed.
//!
//! Every ICP has 4-8 requirements and exclusions mixing every operator, a score block of 3-6
//! signals, tiers and narrative fields; every persona has a `for` clause naming existing ICPs
//! (a few have none, as B2C personas may), criteria over contact attributes and some account
//! attributes, a role and narrative lists.
//!
//! The spec is meant to be *clean*: it must check with no diagnostic at all, analysis lints
//! included, the way a well-kept catalogue does. So:
//! - the ICPs partition the market: each pins one cell of industry x country x company-size
//!   band x funding stage (28,416 cells), so no two ICPs overlap, and the overlap analysis can
//!   tell so from its cheap prefilter;
//! - within one ICP, the other requirements, the exclusions and each signal talk about
//!   attributes of their own, and no test is always or never true, so nothing is redundant,
//!   contradictory, always or never firing;
//! - tier thresholds are chosen among the scores the signals can add up to, so every tier is
//!   reachable;
//! - an ICP has at most five personas, a persona's account criterion uses an attribute that
//!   none of its ICPs constrains, and every persona has goals and pains;
//! - `reviewed` dates lie within 170 days before [`TODAY`], the date the harness gives `icpl`
//!   (through `ICPL_TODAY`) so that `stale-review` judges the same way on any day.
//!
//! Nothing here repeats a list value, uses a zero weight, orders tiers wrongly or repeats a
//! `for` name, which the checker would warn about.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

pub mod model;
pub mod schema;
pub mod text;

use self::model::{
    Attr, AttrRef, CmpOp, Entity, Expr, IcplWriter, Lit, Schema, Test, Ty, Value, is_leaf,
    is_within, leaves_under, values_of,
};
use crate::rng::Rng;

/// How big a spec to generate and how to lay it out.
#[derive(Clone, Debug)]
pub struct GenOptions {
    pub icps: usize,
    pub personas: usize,
    pub seed: u64,
    /// Everything in one `spec.icp` instead of a folder tree.
    pub single_file: bool,
    pub icps_per_file: usize,
    pub personas_per_file: usize,
}

/// A narrative field value.
#[derive(Clone, Debug)]
pub enum Narr {
    Text(String),
    List(Vec<String>),
    /// A list of bare words (`channels [linkedin, webinars]`).
    Words(Vec<&'static str>),
}

#[derive(Clone, Debug)]
pub struct Signal {
    pub name: &'static str,
    pub weight: i64,
    pub when: Expr,
}

#[derive(Clone, Debug)]
pub struct Icp {
    pub name: String,
    pub title: String,
    pub reviewed: String,
    pub requires: Vec<Expr>,
    pub excludes: Vec<Expr>,
    pub signals: Vec<Signal>,
    /// Tier names with their thresholds; the last one has none.
    pub tiers: Vec<(&'static str, Option<i64>)>,
    /// Narrative fields in the order they are written (`summary` and `owner` first).
    pub narrative: Vec<(&'static str, Narr)>,
    /// A custom section, if any.
    pub section: Option<(&'static str, Vec<String>)>,
    /// A bit per account attribute that a requirement or exclusion constrains.
    pub constrained: u32,
}

#[derive(Clone, Debug)]
pub struct Persona {
    pub name: String,
    pub title: String,
    /// Indices into the spec's ICPs.
    pub for_icps: Vec<usize>,
    pub requires: Vec<Expr>,
    pub excludes: Vec<Expr>,
    /// A value of the contact attribute `decision_role`.
    pub role: &'static str,
    pub narrative: Vec<(&'static str, Narr)>,
}

/// The whole generated spec, before rendering.
#[derive(Clone, Debug)]
pub struct GenSpec {
    pub schema: Schema,
    pub icps: Vec<Icp>,
    pub personas: Vec<Persona>,
}

/// The attributes one profile may still use: each criterion and each signal takes attributes
/// of its own, so that none can imply, contradict or duplicate another. `reserve` counts the
/// attributes promised to the items still to come (one each), which extra attributes for
/// compound criteria may not eat into.
struct Plan {
    entity: Entity,
    free: Vec<usize>,
    reserve: usize,
}

impl Plan {
    fn new(entity: Entity, mut free: Vec<usize>, items: usize, rng: &mut Rng) -> Plan {
        rng.shuffle(&mut free);
        assert!(free.len() >= items, "more criteria than attributes");
        Plan {
            entity,
            free,
            reserve: items,
        }
    }

    /// Starts the next item: how many attributes beyond its first it may take.
    fn begin(&mut self) -> usize {
        self.reserve = self.reserve.saturating_sub(1);
        self.free.len().saturating_sub(1 + self.reserve)
    }

    fn take(&mut self) -> usize {
        self.free
            .pop()
            .expect("the plan keeps an attribute for every item")
    }
}

/// Employee bands that partition the int line: `None` is an open end.
const EMPLOYEE_BANDS: [(Option<i64>, Option<i64>); 8] = [
    (None, Some(9)),
    (Some(10), Some(49)),
    (Some(50), Some(99)),
    (Some(100), Some(249)),
    (Some(250), Some(499)),
    (Some(500), Some(999)),
    (Some(1000), Some(4999)),
    (Some(5000), None),
];

/// The account attributes that segment the market, by name.
const SEGMENT_ATTRS: [&str; 4] = ["industry", "region", "employees", "funding_stage"];

/// The date the harness tells `icpl` it is (`ICPL_TODAY`), so that `stale-review` judges the
/// generated `reviewed` dates the same way on any day.
pub const TODAY: &str = "2026-03-31";

struct Gen<'a> {
    schema: &'a Schema,
    rng: Rng,
    /// Account attribute indices of [`SEGMENT_ATTRS`].
    segment: [usize; 4],
    /// Market cells (industry, leaf region, employee band, funding stage), one per ICP, drawn
    /// without repeats while there are enough.
    cells: Vec<(usize, usize, usize, usize)>,
    /// Personas per ICP so far (at most [`MAX_PERSONAS`]).
    persona_count: Vec<usize>,
}

/// Personas an ICP may have before `too-many-personas` warns.
const MAX_PERSONAS: usize = 5;

impl Gen<'_> {
    // ---------------------------------------------------------------------------------------
    // Criteria.

    /// One test on one attribute, with an operator that suits its type.
    fn atom(&mut self, r: AttrRef) -> Expr {
        let attr = self.schema.attr(r);
        let test = match &attr.ty {
            Ty::Int(c) => self.numeric(c, Lit::Int, true),
            Ty::Money(c) => self.numeric(c, Lit::Money, false),
            Ty::Percent(c) => self.numeric(c, Lit::Percent, false),
            Ty::Bool => match self.rng.below(10) {
                0..=5 => Test::Bare,
                6..=7 => return Expr::Not(Box::new(Expr::Atom(r, Test::Bare))),
                _ => Test::Cmp(CmpOp::Eq, Lit::Bool(self.rng.chance(50))),
            },
            Ty::Enum {
                ordered: true,
                values,
            } => self.ordered(values.len()),
            Ty::Enum {
                ordered: false,
                values,
            } => self.unordered(values),
            Ty::Set(values) => self.set(values.len()),
        };
        Expr::Atom(r, test)
    }

    fn numeric(&mut self, consts: &[i64], lit: fn(i64) -> Lit, exact: bool) -> Test {
        let n = consts.len();
        // A constant away from both ends, so that `<` and `>` never test an extreme.
        let mid = consts[self.rng.between(1, n - 2)];
        let range = |g: &mut Self| {
            let (i, j) = loop {
                let i = g.rng.below(n);
                let j = g.rng.below(n);
                if i < j {
                    break (i, j);
                }
            };
            (lit(consts[i]), lit(consts[j]))
        };
        match self.rng.below(100) {
            0..=24 => Test::Cmp(CmpOp::Ge, lit(mid)),
            25..=34 => Test::Cmp(CmpOp::Gt, lit(mid)),
            35..=49 => Test::Cmp(CmpOp::Lt, lit(mid)),
            50..=57 => Test::Cmp(CmpOp::Le, lit(mid)),
            58..=82 => {
                let (lo, hi) = range(self);
                Test::InRange {
                    negated: false,
                    lo,
                    hi,
                }
            }
            83..=89 => {
                let (lo, hi) = range(self);
                Test::InRange {
                    negated: true,
                    lo,
                    hi,
                }
            }
            90..=94 if exact => Test::Cmp(CmpOp::Eq, lit(mid)),
            _ if exact => Test::Cmp(CmpOp::Ne, lit(mid)),
            _ => Test::Cmp(CmpOp::Ge, lit(mid)),
        }
    }

    fn ordered(&mut self, n: usize) -> Test {
        let mid = self.rng.between(1, n - 2);
        match self.rng.below(100) {
            0..=29 => {
                let op = *self
                    .rng
                    .pick(&[CmpOp::Ge, CmpOp::Ge, CmpOp::Gt, CmpOp::Lt, CmpOp::Le]);
                Test::Cmp(op, Lit::Value(mid))
            }
            30..=64 => {
                // Never the whole scale, which every value is in.
                let (i, j) = loop {
                    let i = self.rng.below(n - 1);
                    let j = self.rng.between(i + 1, n - 1);
                    if (i, j) != (0, n - 1) {
                        break (i, j);
                    }
                };
                Test::InRange {
                    negated: self.rng.chance(25),
                    lo: Lit::Value(i),
                    hi: Lit::Value(j),
                }
            }
            65..=79 => Test::Cmp(CmpOp::Eq, Lit::Value(self.rng.below(n))),
            80..=84 => Test::Cmp(CmpOp::Ne, Lit::Value(self.rng.below(n))),
            _ => {
                let k = self.rng.between(2, 3);
                Test::InList {
                    negated: false,
                    values: self.rng.distinct(n, k),
                }
            }
        }
    }

    fn unordered(&mut self, values: &[Value]) -> Test {
        match self.rng.below(100) {
            0..=14 => Test::Cmp(CmpOp::Eq, Lit::Value(self.rng.below(values.len()))),
            15..=24 => Test::Cmp(CmpOp::Ne, Lit::Value(self.rng.below(values.len()))),
            25..=79 => {
                let k = self.rng.between(1, 4);
                Test::InList {
                    negated: false,
                    values: self.disjoint_values(values, k),
                }
            }
            _ => {
                let k = self.rng.between(1, 3);
                Test::InList {
                    negated: true,
                    values: self.disjoint_values(values, k),
                }
            }
        }
    }

    /// Up to `k` values of which none lies within another (in a hierarchical enum, listing
    /// `emea` and `germany` together would say the same thing twice), and which together do
    /// not cover every leaf (that list would hold for every account).
    fn disjoint_values(&mut self, values: &[Value], k: usize) -> Vec<usize> {
        let leaves = (0..values.len()).filter(|&v| is_leaf(values, v)).count();
        let mut out: Vec<usize> = Vec::new();
        let mut covered = 0;
        for _ in 0..k * 4 {
            if out.len() == k {
                break;
            }
            let v = self.rng.below(values.len());
            let under = leaves_under(values, v).len();
            if covered + under < leaves
                && out
                    .iter()
                    .all(|&o| !is_within(values, v, o) && !is_within(values, o, v))
            {
                out.push(v);
                covered += under;
            }
        }
        if out.is_empty() {
            // A leaf on its own never covers a list of more than one value.
            let leaf = (0..values.len())
                .find(|&v| is_leaf(values, v))
                .expect("an enum has leaves");
            out.push(leaf);
        }
        out
    }

    fn set(&mut self, n: usize) -> Test {
        match self.rng.below(100) {
            0..=34 => Test::Has(self.rng.below(n)),
            35..=64 => {
                let k = self.rng.between(2, 3);
                Test::HasAny(self.rng.distinct(n, k))
            }
            65..=79 => Test::HasAll(self.rng.distinct(n, 2)),
            _ => {
                let k = self.rng.between(1, 3);
                Test::HasNone(self.rng.distinct(n, k))
            }
        }
    }

    /// An attribute from the plan; `qualify` is the chance in percent of writing it with its
    /// `account.`/`contact.` qualifier.
    fn attr_ref(&mut self, plan: &mut Plan, qualify: u32) -> AttrRef {
        AttrRef {
            entity: plan.entity,
            index: plan.take(),
            qualified: self.rng.chance(qualify),
        }
    }

    /// One `require`/`exclude` criterion: mostly a single test, sometimes a combination with
    /// `and`, `or`, `not` and parentheses, as far as the plan has attributes to spare.
    fn criterion(&mut self, plan: &mut Plan, qualify: u32) -> Expr {
        let spare = plan.begin();
        let mut atom = |g: &mut Self| {
            let r = g.attr_ref(plan, qualify);
            g.atom(r)
        };
        let roll = self.rng.below(100);
        match (roll, spare) {
            (60..=74, 1..) => Expr::Or(vec![atom(self), atom(self)]),
            (75..=81, 1..) => Expr::Not(Box::new(Expr::Or(vec![atom(self), atom(self)]))),
            (82..=89, 2..) => Expr::And(vec![Expr::Or(vec![atom(self), atom(self)]), atom(self)]),
            (90..=95, 1..) => Expr::And(vec![atom(self), Expr::Not(Box::new(atom(self)))]),
            (96.., 2..) => Expr::Or(vec![Expr::And(vec![atom(self), atom(self)]), atom(self)]),
            _ => atom(self),
        }
    }

    /// A signal condition: usually one test.
    fn signal_condition(&mut self, plan: &mut Plan) -> Expr {
        let spare = plan.begin();
        let r = self.attr_ref(plan, 0);
        let first = self.atom(r);
        match (self.rng.below(100), spare) {
            (80..=89, 1..) => {
                let r = self.attr_ref(plan, 0);
                Expr::And(vec![first, self.atom(r)])
            }
            (90.., 1..) => {
                let r = self.attr_ref(plan, 0);
                Expr::Or(vec![first, self.atom(r)])
            }
            _ => first,
        }
    }

    /// The tests that pin an ICP to its market cell, grouped into 2-4 `require` criteria.
    fn segment_criteria(&mut self, cell: (usize, usize, usize, usize)) -> Vec<Expr> {
        let (industry, region, band, stage) = cell;
        let account = |index| AttrRef {
            entity: Entity::Account,
            index,
            qualified: false,
        };
        let [a_ind, a_reg, a_emp, a_stage] = self.segment.map(account);
        let one_of = |g: &mut Self, r: AttrRef, v: usize| {
            if g.rng.chance(50) {
                Expr::Atom(r, Test::Cmp(CmpOp::Eq, Lit::Value(v)))
            } else {
                Expr::Atom(
                    r,
                    Test::InList {
                        negated: false,
                        values: vec![v],
                    },
                )
            }
        };
        let industry = one_of(self, a_ind, industry);
        let region = one_of(self, a_reg, region);
        let stages = values_of(self.schema.attr(a_stage)).len();
        let stage = match stage {
            0 if self.rng.chance(50) => Expr::Atom(a_stage, Test::Cmp(CmpOp::Le, Lit::Value(0))),
            s if s + 1 == stages && self.rng.chance(50) => {
                Expr::Atom(a_stage, Test::Cmp(CmpOp::Ge, Lit::Value(s)))
            }
            s => one_of(self, a_stage, s),
        };
        let employees = match EMPLOYEE_BANDS[band] {
            (None, Some(hi)) if self.rng.chance(50) => {
                Expr::Atom(a_emp, Test::Cmp(CmpOp::Lt, Lit::Int(hi + 1)))
            }
            (None, Some(hi)) => Expr::Atom(a_emp, Test::Cmp(CmpOp::Le, Lit::Int(hi))),
            (Some(lo), None) if self.rng.chance(50) => {
                Expr::Atom(a_emp, Test::Cmp(CmpOp::Ge, Lit::Int(lo)))
            }
            (Some(lo), None) => Expr::Atom(a_emp, Test::Cmp(CmpOp::Gt, Lit::Int(lo - 1))),
            (Some(lo), Some(hi)) => Expr::Atom(
                a_emp,
                Test::InRange {
                    negated: false,
                    lo: Lit::Int(lo),
                    hi: Lit::Int(hi),
                },
            ),
            (None, None) => unreachable!("every band has an end"),
        };
        let mut atoms = vec![industry, region, employees, stage];
        self.rng.shuffle(&mut atoms);
        // Join some neighbours with `and`: 4 atoms become 2, 3 or 4 criteria.
        let groups = self.rng.between(2, 4);
        let mut out: Vec<Expr> = Vec::new();
        for (k, a) in atoms.into_iter().enumerate() {
            if k >= groups {
                match out.last_mut() {
                    Some(Expr::And(items)) => items.push(a),
                    Some(last) => {
                        let prev = std::mem::replace(last, Expr::And(Vec::new()));
                        *last = Expr::And(vec![prev, a]);
                    }
                    None => out.push(a),
                }
            } else {
                out.push(a);
            }
        }
        out
    }

    // ---------------------------------------------------------------------------------------
    // Profiles.

    fn icp(&mut self, i: usize) -> Icp {
        let (name, title) = text::icp_name(&mut self.rng, i);
        let cell = self.cells[i % self.cells.len()];
        let mut requires = self.segment_criteria(cell);
        let n_sig = self.rng.between(3, 6);
        let n_exc = self.rng.between(1, 2);
        let n_req = self.rng.between(1, 3).min(8 - requires.len() - n_exc);

        // Every other account attribute, each used by one item at most.
        let free: Vec<usize> = (0..self.schema.account.len())
            .filter(|a| !self.segment.contains(a))
            .collect();
        let mut plan = Plan::new(Entity::Account, free, n_req + n_exc + n_sig, &mut self.rng);
        for _ in 0..n_req {
            requires.push(self.criterion(&mut plan, 3));
        }
        let excludes: Vec<Expr> = (0..n_exc).map(|_| self.criterion(&mut plan, 3)).collect();
        let mut constrained = 0u32;
        for e in requires.iter().chain(&excludes) {
            mark_attrs(e, &mut constrained);
        }

        let names = self.rng.distinct(text::SIGNALS.len(), n_sig);
        let mut signals = Vec::new();
        for (k, &s) in names.iter().enumerate() {
            // The first signal is a strong positive one, so the tiers have a score to split.
            let weight = if k == 0 {
                5 * self.rng.between(4, 8) as i64
            } else if self.rng.chance(75) {
                5 * self.rng.between(1, 8) as i64
            } else {
                -5 * self.rng.between(1, 4) as i64
            };
            signals.push(Signal {
                name: text::SIGNALS[s],
                weight,
                when: self.signal_condition(&mut plan),
            });
        }
        let tiers = self.tiers(&signals);

        let mut narrative = vec![
            ("summary", Narr::Text(text::icp_summary(&mut self.rng))),
            ("owner", Narr::Text(text::owner(&mut self.rng))),
        ];
        let k = self.rng.between(1, 3);
        narrative.push((
            "pains",
            Narr::List(text::sample(&mut self.rng, text::PAINS, k)),
        ));
        if self.rng.chance(40) {
            let k = self.rng.between(1, 2);
            narrative.push((
                "goals",
                Narr::List(text::sample(&mut self.rng, text::GOALS, k)),
            ));
        }
        if self.rng.chance(40) {
            let k = self.rng.between(1, 2);
            let v = text::sample(&mut self.rng, text::TRIGGERS, k);
            narrative.push(("triggers", Narr::List(v)));
        }
        if self.rng.chance(30) {
            let k = self.rng.between(1, 3);
            let v = text::sample(&mut self.rng, text::COMPETITORS, k);
            narrative.push(("competitors", Narr::List(v)));
        }
        narrative.push((
            "buying_process",
            Narr::Text(text::pick(&mut self.rng, text::BUYING_PROCESSES)),
        ));
        if self.rng.chance(40) {
            narrative.push(("budget", Narr::Text(text::budget(&mut self.rng))));
        }
        if self.rng.chance(25) {
            let v = text::pick(&mut self.rng, text::CUSTOMER_BASES);
            narrative.push(("customer_base", Narr::Text(v)));
        }
        if self.rng.chance(25) {
            let v = text::pick(&mut self.rng, text::ONBOARDING);
            narrative.push(("onboarding", Narr::Text(v)));
        }
        if self.rng.chance(30) {
            let v = text::pick(&mut self.rng, text::VALUE_PROPS);
            narrative.push(("value_proposition", Narr::Text(v)));
        }
        let section = self.rng.chance(10).then(|| {
            let k = self.rng.between(1, 2);
            (
                *self.rng.pick(text::SECTION_TITLES),
                text::sample(&mut self.rng, text::SECTION_NOTES, k),
            )
        });
        Icp {
            name,
            title,
            reviewed: text::recent_date(&mut self.rng, TODAY, 170),
            requires,
            excludes,
            signals,
            tiers,
            narrative,
            section,
            constrained,
        }
    }

    /// 2-4 tiers whose thresholds are scores the signals can add up to. The signals use
    /// attributes of their own, so every subset of them can fire together: a threshold taken
    /// from those sums is reached by some account, and the catch-all tier by the lowest sum.
    fn tiers(&mut self, signals: &[Signal]) -> Vec<(&'static str, Option<i64>)> {
        let mut sums: Vec<i64> = (0..1u32 << signals.len())
            .map(|mask| {
                signals
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| mask & (1 << k) != 0)
                    .map(|(_, s)| s.weight)
                    .sum()
            })
            .collect();
        sums.sort_unstable();
        sums.dedup();
        let candidates: Vec<i64> = sums.into_iter().filter(|&s| s > 0).collect();
        let names = *self.rng.pick(text::TIER_NAMES);
        let count = self.rng.between(2, 4).min(candidates.len() + 1);
        let m = candidates.len();
        let mut out: Vec<(&'static str, Option<i64>)> = (1..count)
            .map(|k| (names[k - 1], Some(candidates[m * (count - k) / count])))
            .collect();
        out.push((names[out.len()], None));
        out
    }

    /// Up to `k` ICPs for a persona, each with room for one more persona.
    fn persona_icps(&mut self, k: usize, n_icps: usize) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for _ in 0..k * 8 {
            if out.len() == k {
                break;
            }
            let i = self.rng.below(n_icps);
            if self.persona_count[i] < MAX_PERSONAS && !out.contains(&i) {
                out.push(i);
            }
        }
        for &i in &out {
            self.persona_count[i] += 1;
        }
        out
    }

    fn persona(&mut self, j: usize, icps: &[Icp]) -> Persona {
        let (name, title) = text::persona_name(&mut self.rng, j);
        let for_icps = if self.rng.chance(95) {
            let k = self.rng.between(1, 3);
            self.persona_icps(k, icps.len())
        } else {
            Vec::new()
        };
        let n_req = self.rng.between(2, 4);
        let n_exc = usize::from(self.rng.chance(30));
        let contact_attrs = (0..self.schema.contact.len()).collect();
        let mut contact = Plan::new(Entity::Contact, contact_attrs, n_req + n_exc, &mut self.rng);
        let mut requires: Vec<Expr> = (0..n_req)
            .map(|_| self.criterion(&mut contact, 10))
            .collect();
        // An account criterion, on an attribute that none of its ICPs constrains (so it can
        // neither contradict nor repeat them).
        let taken = for_icps.iter().fold(0u32, |m, &i| m | icps[i].constrained);
        let free: Vec<usize> = (0..self.schema.account.len())
            .filter(|a| taken & (1 << a) == 0)
            .collect();
        if !free.is_empty() && self.rng.chance(40) {
            let mut account = Plan::new(Entity::Account, free, 1, &mut self.rng);
            requires.push(self.criterion(&mut account, 30));
        }
        let excludes: Vec<Expr> = (0..n_exc)
            .map(|_| self.criterion(&mut contact, 10))
            .collect();

        let roles = values_of(&self.schema.contact[2]);
        let role = self.rng.pick(roles).name;
        let mut narrative = vec![("summary", Narr::Text(text::persona_summary(&mut self.rng)))];
        if self.rng.chance(20) {
            narrative.push(("owner", Narr::Text(text::owner(&mut self.rng))));
        }
        let k = self.rng.between(1, 3);
        narrative.push((
            "titles",
            Narr::List(text::sample(&mut self.rng, text::TITLES, k)),
        ));
        if self.rng.chance(40) {
            let v = text::pick(&mut self.rng, text::BACKGROUNDS);
            narrative.push(("background", Narr::Text(v)));
        }
        if self.rng.chance(30) {
            let v = text::pick(&mut self.rng, text::REPORTS_TO);
            narrative.push(("reports_to", Narr::Text(v)));
        }
        let k = self.rng.between(1, 3);
        narrative.push((
            "goals",
            Narr::List(text::sample(&mut self.rng, text::GOALS, k)),
        ));
        let k = self.rng.between(1, 3);
        narrative.push((
            "pains",
            Narr::List(text::sample(&mut self.rng, text::PAINS, k)),
        ));
        if self.rng.chance(35) {
            let k = self.rng.between(1, 2);
            let v = text::sample(&mut self.rng, text::MOTIVATIONS, k);
            narrative.push(("motivations", Narr::List(v)));
        }
        let k = self.rng.between(1, 2);
        let v = text::sample(&mut self.rng, text::OBJECTIONS, k);
        narrative.push(("objections", Narr::List(v)));
        if self.rng.chance(35) {
            let v = text::pick(&mut self.rng, text::BUYING_BEHAVIOURS);
            narrative.push(("buying_behaviour", Narr::Text(v)));
        }
        let k = self.rng.between(2, 4);
        let channels = self
            .rng
            .distinct(text::CHANNELS.len(), k)
            .into_iter()
            .map(|c| text::CHANNELS[c])
            .collect();
        narrative.push(("channels", Narr::Words(channels)));
        if self.rng.chance(30) {
            let v = text::pick(&mut self.rng, text::COMMUNICATION);
            narrative.push(("communication", Narr::Text(v)));
        }
        narrative.push((
            "messaging",
            Narr::Text(text::pick(&mut self.rng, text::MESSAGES)),
        ));
        Persona {
            name,
            title,
            for_icps,
            requires,
            excludes,
            role,
            narrative,
        }
    }
}

/// Sets the bit of every account attribute an expression tests.
fn mark_attrs(e: &Expr, mask: &mut u32) {
    match e {
        Expr::Atom(r, _) => {
            if r.entity == Entity::Account {
                *mask |= 1 << r.index;
            }
        }
        Expr::And(items) | Expr::Or(items) => items.iter().for_each(|x| mark_attrs(x, mask)),
        Expr::Not(inner) => mark_attrs(inner, mask),
    }
}

/// Generates the spec's content (deterministic for `opts.seed`).
pub fn generate(opts: &GenOptions) -> GenSpec {
    let schema = schema::schema();
    let index = |name: &str| {
        schema
            .account
            .iter()
            .position(|a| a.name == name)
            .expect("the schema has every segment attribute")
    };
    let segment = SEGMENT_ATTRS.map(index);
    let count = |a: usize| values_of(&schema.account[a]).len();
    let regions = values_of(&schema.account[segment[1]]);
    let leaves: Vec<usize> = (0..regions.len())
        .filter(|&v| is_leaf(regions, v))
        .collect();
    let (industries, stages) = (count(segment[0]), count(segment[3]));
    let n_cells = industries * leaves.len() * EMPLOYEE_BANDS.len() * stages;

    let mut rng = Rng::new(opts.seed);
    let cells = rng
        .distinct(n_cells, opts.icps.min(n_cells))
        .into_iter()
        .map(|c| {
            let (c, stage) = (c / stages, c % stages);
            let (c, band) = (c / EMPLOYEE_BANDS.len(), c % EMPLOYEE_BANDS.len());
            let (industry, leaf) = (c / leaves.len(), c % leaves.len());
            (industry, leaves[leaf], band, stage)
        })
        .collect();
    let mut g = Gen {
        schema: &schema,
        rng,
        segment,
        cells,
        persona_count: vec![0; opts.icps],
    };
    let icps: Vec<Icp> = (0..opts.icps).map(|i| g.icp(i)).collect();
    let personas = if icps.is_empty() {
        Vec::new()
    } else {
        (0..opts.personas).map(|j| g.persona(j, &icps)).collect()
    };
    GenSpec {
        schema,
        icps,
        personas,
    }
}

// -------------------------------------------------------------------------------------------
// Rendering as icpl text.

/// An icpl string literal (the generated text never holds quotes or backslashes, but stay safe).
fn quoted(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out.push('"');
}

fn enum_body(values: &[Value], parent: Option<usize>, indent: usize, out: &mut String) {
    let children: Vec<usize> = (0..values.len())
        .filter(|&v| values[v].parent == parent)
        .collect();
    let nested = children
        .iter()
        .any(|&c| values.iter().any(|v| v.parent == Some(c)));
    if nested || parent.is_none() && values.iter().any(|v| v.parent.is_some()) {
        // One value per line for a tree.
        out.push_str("{\n");
        for &c in &children {
            out.push_str(&" ".repeat(indent + 2));
            value_decl(values, c, indent + 2, out);
            out.push('\n');
        }
        out.push_str(&" ".repeat(indent));
        out.push('}');
    } else {
        out.push_str("{ ");
        for (k, &c) in children.iter().enumerate() {
            if k > 0 {
                out.push_str(", ");
            }
            value_decl(values, c, indent, out);
        }
        out.push_str(" }");
    }
}

fn value_decl(values: &[Value], v: usize, indent: usize, out: &mut String) {
    out.push_str(values[v].name);
    if let Some(label) = values[v].label {
        out.push(' ');
        quoted(label, out);
    }
    if values.iter().any(|x| x.parent == Some(v)) {
        out.push(' ');
        enum_body(values, Some(v), indent, out);
    }
}

fn attr_decl(a: &Attr, out: &mut String) {
    out.push_str("  ");
    out.push_str(a.name);
    out.push_str(": ");
    match &a.ty {
        Ty::Int(_) => out.push_str("int"),
        Ty::Money(_) => out.push_str("money"),
        Ty::Percent(_) => out.push_str("percent"),
        Ty::Bool => out.push_str("bool"),
        Ty::Enum { ordered, values } => {
            out.push_str(if *ordered { "ordered enum " } else { "enum " });
            enum_body(values, None, 2, out);
        }
        Ty::Set(values) => {
            out.push_str("set ");
            enum_body(values, None, 2, out);
        }
    }
    if let Some(label) = a.label {
        out.push(' ');
        quoted(label, out);
    }
    out.push('\n');
}

/// The schema file.
pub fn render_schema(schema: &Schema) -> String {
    let mut out = String::from(
        "# Generated by icpl-bench: the vocabulary every generated ICP and persona uses.\n\naccount {\n",
    );
    for a in &schema.account {
        attr_decl(a, &mut out);
    }
    out.push_str("}\n\ncontact {\n");
    for a in &schema.contact {
        attr_decl(a, &mut out);
    }
    out.push_str("}\n");
    out
}

fn narrative(items: &[(&'static str, Narr)], out: &mut String) {
    for (field, value) in items {
        let _ = write!(out, "  {field} ");
        match value {
            Narr::Text(t) => quoted(t, out),
            Narr::List(items) if items.len() > 1 => {
                out.push_str("[\n");
                for item in items {
                    out.push_str("    ");
                    quoted(item, out);
                    out.push_str(",\n");
                }
                out.push_str("  ]");
            }
            Narr::List(items) => {
                out.push('[');
                if let Some(item) = items.first() {
                    quoted(item, out);
                }
                out.push(']');
            }
            Narr::Words(words) => {
                let _ = write!(out, "[{}]", words.join(", "));
            }
        }
        out.push('\n');
    }
}

fn criteria(w: &IcplWriter, keyword: &str, items: &[Expr], out: &mut String) {
    for e in items {
        let _ = write!(out, "  {keyword} ");
        w.expr(e, out);
        out.push('\n');
    }
}

/// One ICP block.
pub fn render_icp(schema: &Schema, icp: &Icp, out: &mut String) {
    let w = IcplWriter { schema };
    let _ = write!(out, "icp {} ", icp.name);
    quoted(&icp.title, out);
    out.push_str(" {\n");
    narrative(&icp.narrative[..2], out);
    let _ = writeln!(out, "  reviewed {}\n", icp.reviewed);
    criteria(&w, "require", &icp.requires, out);
    criteria(&w, "exclude", &icp.excludes, out);
    out.push_str("\n  score {\n");
    for s in &icp.signals {
        let _ = write!(out, "    {} {:+} when ", s.name, s.weight);
        w.expr(&s.when, out);
        out.push('\n');
    }
    out.push_str("  }\n  tiers { ");
    for (k, (name, threshold)) in icp.tiers.iter().enumerate() {
        if k > 0 {
            out.push_str(", ");
        }
        out.push_str(name);
        if let Some(t) = threshold {
            let _ = write!(out, " >= {t}");
        }
    }
    out.push_str(" }\n\n");
    narrative(&icp.narrative[2..], out);
    if let Some((title, notes)) = &icp.section {
        out.push_str("  section ");
        quoted(title, out);
        out.push_str(" [");
        for (k, n) in notes.iter().enumerate() {
            if k > 0 {
                out.push_str(", ");
            }
            quoted(n, out);
        }
        out.push_str("]\n");
    }
    out.push_str("}\n");
}

/// One persona block.
pub fn render_persona(schema: &Schema, p: &Persona, icps: &[Icp], out: &mut String) {
    let w = IcplWriter { schema };
    let _ = write!(out, "persona {} ", p.name);
    quoted(&p.title, out);
    if !p.for_icps.is_empty() {
        out.push_str(" for ");
        for (k, &i) in p.for_icps.iter().enumerate() {
            if k > 0 {
                out.push_str(", ");
            }
            out.push_str(&icps[i].name);
        }
    }
    out.push_str(" {\n");
    narrative(&p.narrative[..1], out);
    criteria(&w, "require", &p.requires, out);
    criteria(&w, "exclude", &p.excludes, out);
    let _ = writeln!(out, "  role {}", p.role);
    narrative(&p.narrative[1..], out);
    out.push_str("}\n");
}

/// What was written: the spec folder (or file) and the `.icp` bytes in it.
#[derive(Clone, Debug)]
pub struct Written {
    /// What to pass to `icpl`: the spec folder, or the single file.
    pub path: PathBuf,
    pub files: usize,
    pub icp_bytes: u64,
}

fn write_file(path: &Path, text: &str, written: &mut Written) -> io::Result<()> {
    fs::write(path, text)?;
    written.files += 1;
    written.icp_bytes += text.len() as u64;
    Ok(())
}

const HEADER: &str = "# Generated by icpl-bench (deterministic; do not edit).\n\n";

/// Writes the spec under `dir` (which must exist): `schema.icp`, `icps/*.icp`,
/// `personas/*.icp` and `icpl.toml`, or a single `spec.icp`.
pub fn write_spec(spec: &GenSpec, opts: &GenOptions, dir: &Path) -> io::Result<Written> {
    let mut written = Written {
        path: dir.to_path_buf(),
        files: 0,
        icp_bytes: 0,
    };
    let schema_text = render_schema(&spec.schema);
    if opts.single_file {
        let mut text = String::with_capacity(64 << 20);
        text.push_str(&schema_text);
        for icp in &spec.icps {
            text.push('\n');
            render_icp(&spec.schema, icp, &mut text);
        }
        for p in &spec.personas {
            text.push('\n');
            render_persona(&spec.schema, p, &spec.icps, &mut text);
        }
        let path = dir.join("spec.icp");
        write_file(&path, &text, &mut written)?;
        written.path = path;
        return Ok(written);
    }

    fs::write(
        dir.join("icpl.toml"),
        "# Generated by icpl-bench.\n[project]\nname = \"icpl-bench generated spec\"\n",
    )?;
    write_file(&dir.join("schema.icp"), &schema_text, &mut written)?;
    let icp_dir = dir.join("icps");
    let persona_dir = dir.join("personas");
    fs::create_dir_all(&icp_dir)?;
    fs::create_dir_all(&persona_dir)?;
    for (k, chunk) in spec.icps.chunks(opts.icps_per_file.max(1)).enumerate() {
        let mut text = String::from(HEADER);
        for (n, icp) in chunk.iter().enumerate() {
            if n > 0 {
                text.push('\n');
            }
            render_icp(&spec.schema, icp, &mut text);
        }
        write_file(
            &icp_dir.join(format!("icps_{k:04}.icp")),
            &text,
            &mut written,
        )?;
    }
    for (k, chunk) in spec
        .personas
        .chunks(opts.personas_per_file.max(1))
        .enumerate()
    {
        let mut text = String::from(HEADER);
        for (n, p) in chunk.iter().enumerate() {
            if n > 0 {
                text.push('\n');
            }
            render_persona(&spec.schema, p, &spec.icps, &mut text);
        }
        let path = persona_dir.join(format!("personas_{k:04}.icp"));
        write_file(&path, &text, &mut written)?;
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> (GenSpec, GenOptions) {
        let opts = GenOptions {
            icps: 40,
            personas: 80,
            seed: 42,
            single_file: true,
            icps_per_file: 50,
            personas_per_file: 50,
        };
        (generate(&opts), opts)
    }

    fn text_of(spec: &GenSpec) -> String {
        let mut text = render_schema(&spec.schema);
        for icp in &spec.icps {
            render_icp(&spec.schema, icp, &mut text);
        }
        for p in &spec.personas {
            render_persona(&spec.schema, p, &spec.icps, &mut text);
        }
        text
    }

    #[test]
    fn generation_is_deterministic() {
        let (a, _) = small();
        let (b, _) = small();
        assert_eq!(text_of(&a), text_of(&b));
    }

    #[test]
    fn generated_spec_checks_without_diagnostics() {
        let (spec, _) = small();
        let loaded = icpl::source::load_texts(
            Path::new("."),
            vec![("spec.icp".to_string(), text_of(&spec))],
        );
        // At the day the harness pins with `ICPL_TODAY`, so that `stale-review` judges the
        // generated dates the same way on any day.
        let today = icpl::sema::date::Date::parse(TODAY);
        assert!(today.is_some(), "TODAY is not a date: {TODAY}");
        let options = icpl::compile::Options { lints: true, today };
        let comp = icpl::compile::compile_with(loaded, options);
        let messages: Vec<String> = comp
            .diagnostics
            .iter()
            .take(5)
            .map(|d| format!("{d:?}"))
            .collect();
        assert!(messages.is_empty(), "{messages:#?}");
    }

    #[test]
    fn review_dates_are_recent() {
        let (spec, _) = small();
        for icp in &spec.icps {
            assert!(icp.reviewed.as_str() <= TODAY, "{}", icp.reviewed);
            assert!(icp.reviewed.as_str() >= "2025-10-12", "{}", icp.reviewed);
        }
    }

    #[test]
    fn at_most_five_personas_per_icp() {
        let (spec, _) = small();
        let mut count = vec![0; spec.icps.len()];
        for p in &spec.personas {
            for &i in &p.for_icps {
                count[i] += 1;
            }
        }
        assert!(count.iter().all(|&c| c <= MAX_PERSONAS));
    }

    #[test]
    fn tiers_fall() {
        let (spec, _) = small();
        for icp in &spec.icps {
            let thresholds: Vec<i64> = icp.tiers.iter().filter_map(|t| t.1).collect();
            assert!(
                thresholds.windows(2).all(|w| w[0] > w[1]),
                "{:?}",
                icp.tiers
            );
            assert!(icp.tiers.last().is_some_and(|t| t.1.is_none()));
        }
    }
}
