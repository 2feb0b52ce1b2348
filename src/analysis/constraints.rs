//! The criteria of ICPs and personas as constraints and literals: what "an account matches this
//! ICP" and "a contact matches this persona" are, for every question the lints and the diff ask.

use super::engine::{Analysis, Constraint};
use super::sat::Lit;
use crate::sema::ir::{Criterion, Icp, Persona, Spec};
use crate::semantics::profile;

pub use crate::semantics::profile::Role;

/// A match condition's parts as constraints: each criterion must play its part
/// ([`profile::parts`]: requirements hold, exclusions fail), in the order of the parts.
fn profile_constraints<'e>(
    requires: &'e [Criterion],
    excludes: &'e [Criterion],
) -> Vec<Constraint<'e>> {
    profile::parts(requires, excludes)
        .map(|p| Constraint {
            expr: &p.criterion.expr,
            holds: p.role.must_hold(),
        })
        .collect()
}

/// Criteria with their role, in the order of [`profile_constraints`].
fn profile_criteria<'e>(
    requires: &'e [Criterion],
    excludes: &'e [Criterion],
) -> Vec<(&'e Criterion, Role)> {
    profile::parts(requires, excludes)
        .map(|p| (p.criterion, p.role))
        .collect()
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
    let icps: Vec<Lit> = p
        .icps
        .iter()
        .filter_map(|&i| spec.icps.get(i))
        .map(|icp| icp_match_lit(an, icp))
        .collect();
    profile::in_icps(an, !p.icps.is_empty(), icps)
}

/// The literal "the account matches this ICP".
pub fn icp_match_lit(an: &mut Analysis, icp: &Icp) -> Lit {
    let parts: Vec<(Role, Lit)> = profile::icp_parts(icp)
        .map(|p| (p.role, an.lit(&p.criterion.expr)))
        .collect();
    profile::holds(an, parts)
}

/// The literal "the persona's own criteria hold" (its ICPs aside).
pub fn persona_own_lit(an: &mut Analysis, p: &Persona) -> Lit {
    let parts: Vec<(Role, Lit)> = profile::persona_parts(p)
        .map(|p| (p.role, an.lit(&p.criterion.expr)))
        .collect();
    profile::holds(an, parts)
}
