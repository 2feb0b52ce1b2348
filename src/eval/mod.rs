//! The reference evaluator: the semantics of the compiled rules, for one account and contact.
//!
//! Evaluation is three-valued (Kleene): a criterion on a missing attribute is *unknown*, never
//! false; `and` is false when any operand is false, `or` true when any is true, and unknown
//! otherwise when any operand is unknown. A hierarchical enum value that is an inner node (coarse
//! data, such as `emea`) decides `in [..]` only when all of its leaves agree. This module and
//! `docs/json-format.md` state the same rules; the analysis is checked against it.

pub mod compiled;
pub mod examples;
pub mod row;

use crate::sema::ir::{AttrId, Cmp, EnumType, Expr, Record, Spec, Test, Value};

/// A three-valued truth.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Truth {
    True,
    False,
    Unknown,
}

impl Truth {
    pub fn from_bool(b: bool) -> Truth {
        if b { Truth::True } else { Truth::False }
    }

    /// Kleene conjunction of any number of truths (true for none).
    pub fn all(items: impl IntoIterator<Item = Truth>) -> Truth {
        let mut out = Truth::True;
        for t in items {
            match t {
                Truth::False => return Truth::False,
                Truth::Unknown => out = Truth::Unknown,
                Truth::True => {}
            }
        }
        out
    }

    /// Kleene disjunction of any number of truths (false for none).
    pub fn any(items: impl IntoIterator<Item = Truth>) -> Truth {
        let mut out = Truth::False;
        for t in items {
            match t {
                Truth::True => return Truth::True,
                Truth::Unknown => out = Truth::Unknown,
                Truth::False => {}
            }
        }
        out
    }
}

impl std::ops::Not for Truth {
    type Output = Truth;

    fn not(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        }
    }
}

/// The records an expression reads: the account and, for persona criteria, the contact.
#[derive(Clone, Copy, Debug)]
pub struct Records<'a> {
    pub account: &'a Record,
    pub contact: Option<&'a Record>,
}

impl Records<'_> {
    /// The value of an attribute, if the record holds one.
    pub fn value(&self, id: AttrId) -> Option<&Value> {
        let record = match id.entity {
            crate::sema::ir::Entity::Account => Some(self.account),
            crate::sema::ir::Entity::Contact => self.contact,
        }?;
        record.values.get(id.index as usize)?.as_ref()
    }
}

/// Evaluates an expression.
pub fn eval(spec: &Spec, expr: &Expr, records: Records) -> Truth {
    match expr {
        Expr::And(xs) => Truth::all(xs.iter().map(|x| eval(spec, x, records))),
        Expr::Or(xs) => Truth::any(xs.iter().map(|x| eval(spec, x, records))),
        Expr::Not(x) => !eval(spec, x, records),
        Expr::Atom(a) => match records.value(a.attr) {
            None => Truth::Unknown,
            Some(v) => atom(spec, a.attr, &a.test, v),
        },
    }
}

fn compare(cmp: Cmp, ord: std::cmp::Ordering) -> bool {
    use std::cmp::Ordering::*;
    match cmp {
        Cmp::Eq => ord == Equal,
        Cmp::Lt => ord == Less,
        Cmp::Le => ord != Greater,
        Cmp::Gt => ord == Greater,
        Cmp::Ge => ord != Less,
    }
}

/// `in` on an enum: true when every leaf under the value is covered by the listed values,
/// false when none is, unknown otherwise.
pub fn enum_in(e: &EnumType, value: u32, listed: &[u32]) -> Truth {
    let covered = |leaf: u32| listed.iter().any(|&s| e.is_within(leaf, s));
    let mut any = false;
    let mut all = true;
    for leaf in e.leaves_under(value) {
        if covered(leaf) {
            any = true;
        } else {
            all = false;
        }
    }
    match (any, all) {
        (_, true) => Truth::True,
        (false, false) => Truth::False,
        (true, false) => Truth::Unknown,
    }
}

fn atom(spec: &Spec, id: AttrId, test: &Test, value: &Value) -> Truth {
    let ty = &spec.attr(id).ty;
    match (test, value) {
        (Test::Compare(cmp, c), Value::Num(n)) => Truth::from_bool(compare(*cmp, n.cmp(c))),
        (Test::Between(lo, hi), Value::Num(n)) => Truth::from_bool(lo <= n && n <= hi),
        (Test::Bool(b), Value::Bool(v)) => Truth::from_bool(b == v),
        (Test::In(listed), Value::Enum(v)) => match ty.values() {
            Some(e) => enum_in(e, *v, listed),
            None => Truth::Unknown,
        },
        (Test::Rank(cmp, r), Value::Enum(v)) => Truth::from_bool(compare(*cmp, v.cmp(r))),
        (Test::RankBetween(lo, hi), Value::Enum(v)) => Truth::from_bool(lo <= v && v <= hi),
        (Test::Has(x), Value::Set(vs)) => Truth::from_bool(vs.contains(x)),
        (Test::HasAny(xs), Value::Set(vs)) => Truth::from_bool(xs.iter().any(|x| vs.contains(x))),
        (Test::HasAll(xs), Value::Set(vs)) => Truth::from_bool(xs.iter().all(|x| vs.contains(x))),
        // A value of the wrong kind is invalid data, rejected before evaluation; it decides
        // nothing here.
        _ => Truth::Unknown,
    }
}

/// Whether an account matches an ICP (or a contact a persona).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    Match,
    NoMatch,
    Unknown,
}

impl Status {
    pub fn from_truth(t: Truth) -> Status {
        match t {
            Truth::True => Status::Match,
            Truth::False => Status::NoMatch,
            Truth::Unknown => Status::Unknown,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Match => "match",
            Status::NoMatch => "no_match",
            Status::Unknown => "unknown",
        }
    }

    pub fn truth(self) -> Truth {
        match self {
            Status::Match => Truth::True,
            Status::NoMatch => Truth::False,
            Status::Unknown => Truth::Unknown,
        }
    }
}

/// The tier of a matching account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TierOutcome {
    /// The ICP has no tiers, the account does not match, or no tier is reached.
    None,
    /// The tier at this index of the ICP's tiers.
    Tier(usize),
    /// Unknown signals leave the score between tiers.
    Unknown,
}

/// What decided one criterion, for explanations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// `Require`, `Exclude` or a signal.
    pub role: Role,
    /// The index of the criterion in its list (requirements, exclusions or signals).
    pub index: usize,
    pub truth: Truth,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    Require,
    Exclude,
    Signal,
}

/// The result of evaluating one ICP for one account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IcpResult {
    pub status: Status,
    /// The sum of the weights of the signals that hold.
    pub score: i64,
    /// The range the score may take once unknown signals are known.
    pub score_min: i64,
    pub score_max: i64,
    pub tier: TierOutcome,
    /// The signals that hold, as indices into the ICP's signals.
    pub signals: Vec<usize>,
    /// The signals that are unknown.
    pub unknown_signals: Vec<usize>,
    /// Attributes missing from the record that leave a criterion or signal unknown.
    pub missing: Vec<AttrId>,
    /// Attributes whose coarse value (an inner node) leaves a criterion or signal unknown.
    pub coarse: Vec<AttrId>,
    /// The requirements and exclusions that decided a non-match, or were unknown.
    pub decisions: Vec<Decision>,
}

/// The attributes an expression reads that are missing or too coarse to decide it: called for
/// an expression whose value is unknown.
fn blame(
    spec: &Spec,
    e: &Expr,
    records: Records,
    missing: &mut Vec<AttrId>,
    coarse: &mut Vec<AttrId>,
) {
    match e {
        Expr::And(xs) | Expr::Or(xs) => {
            for x in xs {
                if eval(spec, x, records) == Truth::Unknown {
                    blame(spec, x, records, missing, coarse);
                }
            }
        }
        Expr::Not(x) => blame(spec, x, records, missing, coarse),
        Expr::Atom(a) => {
            let list = if records.value(a.attr).is_none() {
                missing
            } else {
                coarse
            };
            if !list.contains(&a.attr) {
                list.push(a.attr);
            }
        }
    }
}

/// The tier a score reaches, as an index into `tiers`.
pub fn tier_of(tiers: &[crate::sema::ir::Tier], score: i64) -> Option<usize> {
    tiers
        .iter()
        .position(|t| t.min_score.is_none_or(|m| score >= m))
}

/// The status requirements and exclusions give (with `start`, the truth of anything else the
/// match needs), the criteria that did not hold for it, and the attributes unknown ones read.
struct Decided {
    status: Status,
    decisions: Vec<Decision>,
    missing: Vec<AttrId>,
    coarse: Vec<AttrId>,
}

fn decide(
    spec: &Spec,
    requires: &[crate::sema::ir::Criterion],
    excludes: &[crate::sema::ir::Criterion],
    records: Records,
    start: Truth,
) -> Decided {
    let mut missing = Vec::new();
    let mut coarse = Vec::new();
    let mut decisions = Vec::new();
    let mut truths = vec![start];
    for (role, list) in [(Role::Require, requires), (Role::Exclude, excludes)] {
        for (index, c) in list.iter().enumerate() {
            let t = eval(spec, &c.expr, records);
            let in_match = if role == Role::Require { t } else { !t };
            if in_match != Truth::True {
                decisions.push(Decision {
                    role,
                    index,
                    truth: t,
                });
            }
            if t == Truth::Unknown {
                blame(spec, &c.expr, records, &mut missing, &mut coarse);
            }
            truths.push(in_match);
        }
    }
    let status = Status::from_truth(Truth::all(truths));
    // A non-match is decided by the criteria that failed; unknown ones do not matter then.
    if status == Status::NoMatch {
        decisions.retain(|d| d.truth != Truth::Unknown);
        missing.clear();
        coarse.clear();
    }
    Decided {
        status,
        decisions,
        missing,
        coarse,
    }
}

/// Evaluates an ICP for an account.
pub fn evaluate_icp(spec: &Spec, icp: &crate::sema::ir::Icp, account: &Record) -> IcpResult {
    let records = Records {
        account,
        contact: None,
    };
    let Decided {
        status,
        decisions,
        mut missing,
        mut coarse,
    } = decide(spec, &icp.requires, &icp.excludes, records, Truth::True);
    let mut score = 0;
    let mut unknown_pos = 0;
    let mut unknown_neg = 0;
    let mut signals = Vec::new();
    let mut unknown_signals = Vec::new();
    for (i, s) in icp.signals.iter().enumerate() {
        match eval(spec, &s.when.expr, records) {
            Truth::True => {
                score += s.weight;
                signals.push(i);
            }
            Truth::False => {}
            Truth::Unknown => {
                if s.weight > 0 {
                    unknown_pos += s.weight;
                } else {
                    unknown_neg += s.weight;
                }
                unknown_signals.push(i);
                if status != Status::NoMatch {
                    blame(spec, &s.when.expr, records, &mut missing, &mut coarse);
                }
            }
        }
    }
    let (score_min, score_max) = (score + unknown_neg, score + unknown_pos);
    let tier = if status != Status::Match || icp.tiers.is_empty() {
        TierOutcome::None
    } else {
        match (
            tier_of(&icp.tiers, score_min),
            tier_of(&icp.tiers, score_max),
        ) {
            (a, b) if a == b => a.map_or(TierOutcome::None, TierOutcome::Tier),
            _ => TierOutcome::Unknown,
        }
    };
    missing.sort();
    coarse.sort();
    IcpResult {
        status,
        score,
        score_min,
        score_max,
        tier,
        signals,
        unknown_signals,
        missing,
        coarse,
        decisions,
    }
}

/// The result of evaluating one persona for a contact and its account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonaResult {
    pub status: Status,
    pub missing: Vec<AttrId>,
    pub coarse: Vec<AttrId>,
    /// The persona's criteria that decided a non-match, or were unknown.
    pub decisions: Vec<Decision>,
}

/// Evaluates a persona for a contact; `icp_status` gives the account's status for each ICP of
/// the spec (index-aligned with `spec.icps`). When the persona is unknown because none of its
/// ICPs is known to match and some is unknown, the attributes that leave those ICPs' status
/// unknown are the persona's missing (or coarse) attributes too: they would decide it.
pub fn evaluate_persona(
    spec: &Spec,
    persona: &crate::sema::ir::Persona,
    account: &Record,
    contact: &Record,
    icp_status: &[Status],
) -> PersonaResult {
    let records = Records {
        account,
        contact: Some(contact),
    };
    let in_icp = if persona.icps.is_empty() {
        Truth::True
    } else {
        Truth::any(
            persona
                .icps
                .iter()
                .map(|&i| icp_status.get(i).map_or(Truth::Unknown, |s| s.truth())),
        )
    };
    let Decided {
        status,
        decisions,
        mut missing,
        mut coarse,
    } = decide(spec, &persona.requires, &persona.excludes, records, in_icp);
    if status == Status::Unknown && in_icp == Truth::Unknown {
        for &i in &persona.icps {
            let (Some(icp), Some(Status::Unknown)) = (spec.icps.get(i), icp_status.get(i)) else {
                continue;
            };
            let account_only = Records {
                account,
                contact: None,
            };
            let d = decide(
                spec,
                &icp.requires,
                &icp.excludes,
                account_only,
                Truth::True,
            );
            missing.extend(d.missing);
            coarse.extend(d.coarse);
        }
    }
    missing.sort();
    missing.dedup();
    coarse.sort();
    coarse.dedup();
    PersonaResult {
        status,
        missing,
        coarse,
        decisions,
    }
}
