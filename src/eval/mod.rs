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

use crate::sema::ir::{AttrId, Criterion, Expr, Icp, Persona, Record, Spec, Value};
use crate::semantics::profile::{self, Part};
use crate::semantics::score::{self, Score};
use crate::semantics::test::Accepts;
use crate::semantics::truth::Kleene;

pub use crate::semantics::profile::{Role, Status};
pub use crate::semantics::score::TierOutcome;
pub use crate::semantics::truth::Truth;

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

/// Evaluates an expression: each atom by what its test accepts
/// ([`crate::semantics::test`]), unknown when the record has no value; the connectives by
/// Kleene's logic.
pub fn eval(spec: &Spec, expr: &Expr, records: Records) -> Truth {
    profile::expr(&mut Kleene, expr, &mut |_, a| match records.value(a.attr) {
        None => Truth::Unknown,
        Some(v) => {
            let ty = &spec.attr(a.attr).ty;
            Accepts::of(ty, &a.test).truth(ty.values(), v)
        }
    })
}

/// What decided one criterion, for explanations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// Whether it is a requirement or an exclusion.
    pub role: Role,
    /// The index of the criterion among the requirements or among the exclusions.
    pub index: usize,
    pub truth: Truth,
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

/// The status a match condition gives (with `in_icps`, the truth of the persona's ICPs, true
/// for an ICP), the criteria that did not play their part, and the attributes that unknown
/// ones read.
struct Decided {
    status: Status,
    decisions: Vec<Decision>,
    missing: Vec<AttrId>,
    coarse: Vec<AttrId>,
}

fn decide<'a>(
    spec: &Spec,
    parts: impl Iterator<Item = Part<'a>>,
    records: Records,
    in_icps: Truth,
) -> Decided {
    let mut missing = Vec::new();
    let mut coarse = Vec::new();
    let mut decisions = Vec::new();
    let mut truths = Vec::new();
    for part in parts {
        let t = eval(spec, &part.criterion.expr, records);
        if part.role.in_match::<Kleene>(t) != Truth::True {
            decisions.push(Decision {
                role: part.role,
                index: part.index,
                truth: t,
            });
        }
        if t == Truth::Unknown {
            blame(
                spec,
                &part.criterion.expr,
                records,
                &mut missing,
                &mut coarse,
            );
        }
        truths.push((part.role, t));
    }
    let status = Status::from_truth(profile::persona_holds(&mut Kleene, in_icps, truths));
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
pub fn evaluate_icp(spec: &Spec, icp: &Icp, account: &Record) -> IcpResult {
    let records = Records {
        account,
        contact: None,
    };
    let Decided {
        status,
        decisions,
        mut missing,
        mut coarse,
    } = decide(spec, profile::icp_parts(icp), records, Truth::True);
    let mut signals = Vec::new();
    let mut unknown_signals = Vec::new();
    let mut score = Score::default();
    for (i, s) in icp.signals.iter().enumerate() {
        let t = eval(spec, &s.when.expr, records);
        score.add(t == Truth::True, t == Truth::Unknown, s.weight);
        match t {
            Truth::True => signals.push(i),
            Truth::False => {}
            Truth::Unknown => {
                unknown_signals.push(i);
                if status != Status::NoMatch {
                    blame(spec, &s.when.expr, records, &mut missing, &mut coarse);
                }
            }
        }
    }
    let thresholds = score::thresholds(&icp.tiers);
    missing.sort();
    coarse.sort();
    IcpResult {
        status,
        score: score.known,
        score_min: score.min,
        score_max: score.max,
        tier: score::tier_outcome(&thresholds, status, score),
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
    /// Attributes (of the contact, or of the account when an ICP of the persona is unknown for
    /// it) whose missing values leave the persona unknown.
    pub missing: Vec<AttrId>,
    pub coarse: Vec<AttrId>,
    /// The persona's criteria that decided a non-match, or were unknown.
    pub decisions: Vec<Decision>,
}

/// Evaluates a persona for a contact; `icp_status` gives the account's status for each ICP of
/// the spec (index-aligned with `spec.icps`).
pub fn evaluate_persona(
    spec: &Spec,
    persona: &Persona,
    account: &Record,
    contact: &Record,
    icp_status: &[Status],
) -> PersonaResult {
    let records = Records {
        account,
        contact: Some(contact),
    };
    let status_of = |i: usize| icp_status.get(i).map_or(Truth::Unknown, |s| s.truth());
    let in_icps = profile::in_icps(
        &mut Kleene,
        !persona.icps.is_empty(),
        persona.icps.iter().map(|&i| status_of(i)),
    );
    let Decided {
        status,
        decisions,
        mut missing,
        mut coarse,
    } = decide(spec, profile::persona_parts(persona), records, in_icps);
    // Unknown because the account's ICPs are: name what leaves each unknown ICP open.
    if status == Status::Unknown && in_icps == Truth::Unknown {
        let account_only = Records {
            account,
            contact: None,
        };
        for &i in &persona.icps {
            if let (Truth::Unknown, Some(icp)) = (status_of(i), spec.icps.get(i)) {
                let d = decide(spec, profile::icp_parts(icp), account_only, Truth::True);
                missing.extend(d.missing);
                coarse.extend(d.coarse);
            }
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

/// The criteria of an ICP or persona by role and index, for explanations.
pub fn criterion<'a>(
    requires: &'a [Criterion],
    excludes: &'a [Criterion],
    role: Role,
    index: usize,
) -> Option<&'a Criterion> {
    match role {
        Role::Require => requires.get(index),
        Role::Exclude => excludes.get(index),
    }
}
