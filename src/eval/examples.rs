//! Running `example` blocks: every `expect` is checked with the reference evaluator, and a
//! failure becomes a diagnostic that labels the expectation and the criteria that decided the
//! result (a requirement that does not hold, an exclusion that does, a criterion left unknown by a
//! missing value, the signals behind a tier).

use super::{Decision, Role, Status, TierOutcome, Truth, evaluate_icp, evaluate_persona};
use crate::diagnostics::{Diagnostic, Label, codes};
use crate::sema::english::describe;
use crate::sema::ir::{Example, ExpectationTarget, Icp, Record, Spec};
use crate::source::Span;

/// The outcome of running a spec's examples.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub examples: usize,
    pub expectations: usize,
    pub failed_examples: usize,
    /// One diagnostic per failed expectation.
    pub failures: Vec<Diagnostic>,
}

fn empty(spec: &Spec, contact: bool) -> Record {
    let n = if contact {
        spec.contact.attrs.len()
    } else {
        spec.account.attrs.len()
    };
    Record {
        values: vec![None; n],
    }
}

fn label(span: Span, message: impl Into<String>) -> Label {
    Label {
        span,
        message: Some(message.into()),
        primary: false,
    }
}

/// Labels for the criteria of an ICP that decided its result.
// PANIC SAFETY: a decision names a criterion of the profile it was evaluated for: `d.index` indexes
// `requires` or `excludes` of `icp` as its role says (the evaluator reports positions in those
// lists).
#[allow(clippy::indexing_slicing)]
fn icp_labels(spec: &Spec, icp: &Icp, decisions: &[Decision], record: &Record) -> Vec<Label> {
    decisions
        .iter()
        .map(|d| {
            let c = match d.role {
                Role::Require => &icp.requires[d.index],
                _ => &icp.excludes[d.index],
            };
            let text = describe(spec, &c.expr);
            let message = match (d.role, d.truth) {
                (Role::Require, Truth::False) => format!("does not hold: {}", lower(&text)),
                (_, Truth::True) => format!("excludes it: {}", lower(&text)),
                _ => {
                    let missing: Vec<String> = c
                        .expr
                        .attrs()
                        .into_iter()
                        .filter(|a| {
                            a.entity == crate::sema::ir::Entity::Account
                                && record
                                    .values
                                    .get(a.index as usize)
                                    .is_none_or(Option::is_none)
                        })
                        .map(|a| format!("`{}`", spec.attr(a).name))
                        .collect();
                    if missing.is_empty() {
                        "unknown: the example's value is too coarse to decide this".to_string()
                    } else {
                        format!("unknown: the example has no {}", missing.join(", "))
                    }
                }
            };
            label(c.span, message)
        })
        .collect()
}

fn lower(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) if !c.clone().next().is_some_and(char::is_uppercase) => {
            f.to_lowercase().chain(c).collect()
        }
        _ => s.to_string(),
    }
}

fn failure(
    example: &Example,
    span: Span,
    message: String,
    mut labels: Vec<Label>,
    help: Option<String>,
) -> Diagnostic {
    labels.insert(
        0,
        Label {
            span,
            message: Some("this expectation fails".into()),
            primary: true,
        },
    );
    Diagnostic {
        labels,
        help,
        ..Diagnostic::new(
            &codes::EXAMPLE_FAILED,
            format!("example `{}`: {message}", example.name),
        )
    }
}

/// Runs every example of a spec.
// PANIC SAFETY: `results` and `statuses` have one entry per ICP of `spec`, in order (computed
// above); an expectation names an ICP, tier or persona of `spec` (sema resolved it); an
// evaluation's tier, signals and decisions index the tiers, signals and criteria of the profile
// evaluated; a persona's `icp_spans` parallel its `icps`.
#[allow(clippy::indexing_slicing)]
pub fn run(spec: &Spec) -> Report {
    let mut report = Report::default();
    for example in &spec.examples {
        report.examples += 1;
        let before = report.failures.len();
        let account = example
            .account
            .clone()
            .unwrap_or_else(|| empty(spec, false));
        let contact = example.contact.clone().unwrap_or_else(|| empty(spec, true));
        let results: Vec<_> = spec
            .icps
            .iter()
            .map(|icp| evaluate_icp(spec, icp, &account))
            .collect();
        let statuses: Vec<Status> = results.iter().map(|r| r.status).collect();
        for expect in &example.expects {
            report.expectations += 1;
            match &expect.target {
                ExpectationTarget::Icp { icp: i, tier } => {
                    let icp = spec.icp_at(*i);
                    let r = &results[*i];
                    let got_tier = match r.tier {
                        TierOutcome::Tier(t) => Some(t),
                        _ => None,
                    };
                    let holds = match (r.status, tier) {
                        (Status::Match, None) => Some(true),
                        (Status::Match, Some(t)) => match r.tier {
                            TierOutcome::Unknown => None,
                            _ => Some(got_tier == Some(*t)),
                        },
                        (Status::NoMatch, _) => Some(false),
                        (Status::Unknown, _) => None,
                    };
                    let passed = match holds {
                        Some(h) => h != expect.negated,
                        None => false,
                    };
                    if passed {
                        continue;
                    }
                    let wanted = match (expect.negated, tier) {
                        (false, None) => format!("expected it to match ICP `{}`", icp.id),
                        (false, Some(t)) => {
                            format!("expected ICP `{}` tier {}", icp.id, icp.tiers[*t].name)
                        }
                        (true, None) => format!("expected it not to match ICP `{}`", icp.id),
                        (true, Some(t)) => format!(
                            "expected it not to be in ICP `{}` tier {}",
                            icp.id, icp.tiers[*t].name
                        ),
                    };
                    let got = match (r.status, r.tier) {
                        (Status::NoMatch, _) => "it does not match".to_string(),
                        (Status::Unknown, _) => "the result is unknown".to_string(),
                        (Status::Match, TierOutcome::Tier(t)) => {
                            format!(
                                "it matches in tier {} with a score of {}",
                                icp.tiers[t].name, r.score
                            )
                        }
                        (Status::Match, TierOutcome::Unknown) => format!(
                            "it matches, but the tier is unknown (score between {} and {})",
                            r.score_min, r.score_max
                        ),
                        (Status::Match, TierOutcome::None) if !icp.tiers.is_empty() => {
                            format!("it matches with a score of {} but reaches no tier", r.score)
                        }
                        (Status::Match, TierOutcome::None) => "it matches".to_string(),
                    };
                    let mut labels = icp_labels(spec, icp, &r.decisions, &account);
                    if r.status == Status::Match {
                        for &s in &r.signals {
                            let sig = &icp.signals[s];
                            labels.push(label(sig.span, format!("fires: {:+}", sig.weight)));
                        }
                        for &s in &r.unknown_signals {
                            let sig = &icp.signals[s];
                            labels.push(label(
                                sig.span,
                                format!("unknown: {:+} or nothing", sig.weight),
                            ));
                        }
                    }
                    let help = match r.status {
                        Status::Unknown => Some(
                            "give the example the missing values, or fix the expectation"
                                .to_string(),
                        ),
                        _ => Some(
                            "fix the example or the expectation, or the ICP if it is wrong"
                                .to_string(),
                        ),
                    };
                    report.failures.push(failure(
                        example,
                        expect.span,
                        format!("{wanted}, but {got}"),
                        labels,
                        help,
                    ));
                }
                ExpectationTarget::Persona(p) => {
                    let persona = spec.persona_at(*p);
                    let r = evaluate_persona(spec, persona, &account, &contact, &statuses);
                    let passed = match r.status {
                        Status::Match => !expect.negated,
                        Status::NoMatch => expect.negated,
                        Status::Unknown => false,
                    };
                    if passed {
                        continue;
                    }
                    let wanted = if expect.negated {
                        format!("expected the contact not to match persona `{}`", persona.id)
                    } else {
                        format!("expected the contact to match persona `{}`", persona.id)
                    };
                    let got = match r.status {
                        Status::Match => "it does",
                        Status::NoMatch => "it does not",
                        Status::Unknown => "the result is unknown",
                    };
                    let mut labels = Vec::new();
                    // The persona's ICPs, when none of them lets the account in.
                    if !persona.icps.is_empty()
                        && !persona.icps.iter().any(|&i| statuses[i] == Status::Match)
                    {
                        for (k, &i) in persona.icps.iter().enumerate() {
                            let what = match statuses[i] {
                                Status::NoMatch => "the account does not match this ICP",
                                _ => "whether the account matches this ICP is unknown",
                            };
                            labels.push(label(persona.icp_spans[k], what));
                        }
                    }
                    let records = (&account, &contact);
                    for d in &r.decisions {
                        let c = match d.role {
                            Role::Require => &persona.requires[d.index],
                            _ => &persona.excludes[d.index],
                        };
                        let text = lower(&describe(spec, &c.expr));
                        let message = match (d.role, d.truth) {
                            (Role::Require, Truth::False) => format!("does not hold: {text}"),
                            (_, Truth::True) => format!("excludes it: {text}"),
                            _ => {
                                let _ = records;
                                "unknown: the example does not give the values this reads"
                                    .to_string()
                            }
                        };
                        labels.push(label(c.span, message));
                    }
                    report.failures.push(failure(
                        example,
                        expect.span,
                        format!("{wanted}, but {got}"),
                        labels,
                        Some(
                            "fix the example or the expectation, or the persona if it is wrong"
                                .into(),
                        ),
                    ));
                }
            }
        }
        if report.failures.len() > before {
            report.failed_examples += 1;
        }
    }
    report
}
