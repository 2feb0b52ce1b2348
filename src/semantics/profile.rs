//! When an ICP or a persona holds, and the status that gives.
//!
//! - An account matches an ICP when every requirement holds and no exclusion holds.
//! - A contact matches a persona when its account matches one of the persona's ICPs (any account
//!   when the persona names none) and the persona's own requirements hold and exclusions do not.
//!
//! The rules are stated over any [`Logic`], so the reference evaluator (with [`Kleene`] truths),
//! the compiled evaluator, the SAT encoding and the emitters all take them from here. An
//! expression is stated in a logic by [`expr`], given the meaning of each atom.
//!
//! [`Kleene`]: super::truth::Kleene

use super::truth::{Logic, Truth};
use crate::sema::ir::{Atom, Criterion, Expr, Icp, Persona};

/// The part a criterion plays in a profile's match condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// Must hold for a match.
    Require,
    /// Must not hold for a match.
    Exclude,
}

impl Role {
    /// Whether the criterion must hold (rather than fail) for a match.
    pub fn must_hold(self) -> bool {
        self == Role::Require
    }

    /// How a conflict names a criterion by its part: "requires: ..." / "excludes: ...", given
    /// the criterion in plain English.
    pub fn label(self, english: &str) -> String {
        let verb = match self {
            Role::Require => "requires",
            Role::Exclude => "excludes",
        };
        format!("{verb}: {}", lower_first(english))
    }

    /// The statement "this criterion plays its part": the criterion for a requirement, its
    /// negation for an exclusion.
    pub fn in_match<L: Logic>(self, x: L::V) -> L::V {
        match self {
            Role::Require => x,
            Role::Exclude => L::negate(x),
        }
    }
}

/// `Tech stack ...` → `tech stack ...`; acronyms and labels that start with two capitals stay as
/// written.
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) if !c.clone().next().is_some_and(char::is_uppercase) => {
            first.to_lowercase().chain(c).collect()
        }
        _ => s.to_string(),
    }
}

/// One criterion of a profile's match condition.
#[derive(Clone, Copy, Debug)]
pub struct Part<'a> {
    pub role: Role,
    /// The index of the criterion among the requirements or among the exclusions.
    pub index: usize,
    pub criterion: &'a Criterion,
}

/// The criteria of a match condition: the requirements, then the exclusions.
pub fn parts<'a>(
    requires: &'a [Criterion],
    excludes: &'a [Criterion],
) -> impl Iterator<Item = Part<'a>> + Clone {
    let part = |role| {
        move |(index, criterion)| Part {
            role,
            index,
            criterion,
        }
    };
    requires
        .iter()
        .enumerate()
        .map(part(Role::Require))
        .chain(excludes.iter().enumerate().map(part(Role::Exclude)))
}

/// The criteria of an ICP's match condition.
pub fn icp_parts(icp: &Icp) -> impl Iterator<Item = Part<'_>> + Clone {
    parts(&icp.requires, &icp.excludes)
}

/// The criteria of a persona's own match condition (its ICPs aside).
pub fn persona_parts(persona: &Persona) -> impl Iterator<Item = Part<'_>> + Clone {
    parts(&persona.requires, &persona.excludes)
}

/// The match condition from each part's role and statement: every part plays its part.
pub fn holds<L: Logic>(l: &mut L, parts: impl IntoIterator<Item = (Role, L::V)>) -> L::V {
    l.all(parts.into_iter().map(|(role, x)| role.in_match::<L>(x)))
}

/// Whether a persona's account is in its ICPs, from the statement "the account matches ICP i"
/// for each ICP the persona names: any of them; any account when it names none.
pub fn in_icps<L: Logic>(
    l: &mut L,
    names_icps: bool,
    icps: impl IntoIterator<Item = L::V>,
) -> L::V {
    if names_icps {
        l.any(icps)
    } else {
        l.constant(true)
    }
}

/// A persona's match condition: its account is in its ICPs, and its own parts play their part.
pub fn persona_holds<L: Logic>(
    l: &mut L,
    in_icps: L::V,
    parts: impl IntoIterator<Item = (Role, L::V)>,
) -> L::V {
    let own = holds(l, parts);
    l.all([in_icps, own])
}

/// An expression in a logic, given the statement of each atom.
pub fn expr<L: Logic>(l: &mut L, e: &Expr, atom: &mut impl FnMut(&mut L, &Atom) -> L::V) -> L::V {
    match e {
        Expr::And(xs) => {
            let xs: Vec<L::V> = xs.iter().map(|x| expr(l, x, atom)).collect();
            l.all(xs)
        }
        Expr::Or(xs) => {
            let xs: Vec<L::V> = xs.iter().map(|x| expr(l, x, atom)).collect();
            l.any(xs)
        }
        Expr::Not(x) => L::negate(expr(l, x, atom)),
        Expr::Atom(a) => atom(l, a),
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
