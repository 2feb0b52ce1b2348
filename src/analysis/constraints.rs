//! The criteria of ICPs and personas as constraints and literals: what "an account matches this
//! ICP" and "a contact matches this persona" are, for every question the lints and the diff ask.

use super::engine::{Analysis, Constraint};
use super::sat::Lit;
use crate::sema::ir::{Criterion, Icp, Persona, Spec};

/// Whether a criterion is a requirement or an exclusion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Require,
    Exclude,
}

impl Role {
    /// A label for a criterion in a conflict: "requires: ..." / "excludes: ...".
    pub fn label(self, english: &str) -> String {
        match self {
            Role::Require => format!("requires: {}", lower_first(english)),
            Role::Exclude => format!("excludes: {}", lower_first(english)),
        }
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        // Keep acronyms and labels that start with two capitals as written.
        Some(first) if !c.clone().next().is_some_and(char::is_uppercase) => {
            first.to_lowercase().chain(c).collect()
        }
        _ => s.to_string(),
    }
}

/// Requirements that must hold and exclusions that must not, in that order.
fn profile_constraints<'e>(
    requires: &'e [Criterion],
    excludes: &'e [Criterion],
) -> Vec<Constraint<'e>> {
    let mut cs: Vec<Constraint> = requires
        .iter()
        .map(|c| Constraint::holds(&c.expr))
        .collect();
    cs.extend(excludes.iter().map(|c| Constraint::fails(&c.expr)));
    cs
}

/// Criteria with their role, in the order of [`profile_constraints`].
fn profile_criteria<'e>(
    requires: &'e [Criterion],
    excludes: &'e [Criterion],
) -> Vec<(&'e Criterion, Role)> {
    let mut out: Vec<(&Criterion, Role)> = requires.iter().map(|c| (c, Role::Require)).collect();
    out.extend(excludes.iter().map(|c| (c, Role::Exclude)));
    out
}

/// The constraints that make an account match an ICP: every requirement holds, no exclusion
/// does.
pub fn icp_constraints(icp: &Icp) -> Vec<Constraint<'_>> {
    profile_constraints(&icp.requires, &icp.excludes)
}

/// The criteria of an ICP in the order of [`icp_constraints`], with their role.
pub fn icp_criteria(icp: &Icp) -> Vec<(&Criterion, Role)> {
    profile_criteria(&icp.requires, &icp.excludes)
}

/// A persona's own constraints (without its ICPs').
pub fn persona_constraints(p: &Persona) -> Vec<Constraint<'_>> {
    profile_constraints(&p.requires, &p.excludes)
}

/// A persona's own criteria in the order of [`persona_constraints`], with their role.
pub fn persona_criteria(p: &Persona) -> Vec<(&Criterion, Role)> {
    profile_criteria(&p.requires, &p.excludes)
}

/// The literal "the contact's account matches one of the persona's ICPs" (true without `for`).
pub fn persona_icp_lit(an: &mut Analysis, spec: &Spec, p: &Persona) -> Lit {
    if p.icps.is_empty() {
        return an.and(&[]);
    }
    let mut options = Vec::new();
    for &i in &p.icps {
        let lit = icp_match_lit(an, &spec.icps[i]);
        options.push(lit);
    }
    an.or(&options)
}

/// The literal "the account matches this ICP".
pub fn icp_match_lit(an: &mut Analysis, icp: &Icp) -> Lit {
    let lits = an.lits(&icp_constraints(icp));
    an.and(&lits)
}

/// The literal "the persona's own criteria hold" (its ICPs aside).
pub fn persona_own_lit(an: &mut Analysis, p: &Persona) -> Lit {
    let lits = an.lits(&persona_constraints(p));
    an.and(&lits)
}
