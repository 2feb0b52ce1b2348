//! Who matches: each profile of each version as one literal of the analysis, and the exact
//! comparison of two of them (who is let in, who is shut out, with examples and regions).

use super::report::{Direction, Matching, Verdict};
use super::{Differ, region, translate};
use crate::analysis::Answer;
use crate::analysis::constraints::icp_match_lit;
use crate::analysis::engine::attrs_of;
use crate::analysis::sat::{Lit, Outcome};
use crate::sema::english::describe;
use crate::sema::ir::{AttrId, Criterion, Expr, Spec};

/// Criteria as (expression, must hold) pairs in the new schema, or why they cannot be.
pub(super) type Translated = Result<Vec<(Expr, bool)>, String>;

/// A profile's criteria (requirements, then exclusions) read in the new schema.
pub(super) fn constraints(
    old: &Spec,
    new: &Spec,
    requires: &[Criterion],
    excludes: &[Criterion],
) -> Translated {
    let mut out = Vec::new();
    for c in requires {
        out.push((translate::expr(old, new, &c.expr)?, true));
    }
    for c in excludes {
        out.push((translate::expr(old, new, &c.expr)?, false));
    }
    Ok(out)
}

/// A profile's criteria (requirements, then exclusions) of the new version.
pub(super) fn own(requires: &[Criterion], excludes: &[Criterion]) -> Vec<(Expr, bool)> {
    let mut out: Vec<(Expr, bool)> = requires.iter().map(|c| (c.expr.clone(), true)).collect();
    out.extend(excludes.iter().map(|c| (c.expr.clone(), false)));
    out
}

impl Differ<'_, '_> {
    /// The criteria of old ICP `o` in the new schema. `o` is an ICP of the old version, which
    /// has one entry each; were it not, the ICP is reported as not comparable rather than
    /// compared as something else.
    pub(super) fn old_icp_expr(&self, o: usize) -> Translated {
        self.old_icp_exprs.get(o).cloned().unwrap_or_else(|| {
            Err(format!(
                "internal error: the old version has no ICP number {o}"
            ))
        })
    }

    /// The literal of "all these criteria hold as given".
    pub(super) fn lit_of(&mut self, cs: &[(Expr, bool)]) -> Lit {
        let lits: Vec<Lit> = cs
            .iter()
            .map(|(e, holds)| {
                let l = self.an.lit(e);
                if *holds { l } else { !l }
            })
            .collect();
        self.an.and(&lits)
    }

    /// Whether no account satisfies all the literals (`None` past the bound).
    pub(super) fn never(&mut self, lits: &[Lit]) -> Option<bool> {
        match self.an.solve(lits) {
            Outcome::Sat => Some(false),
            Outcome::Unsat => Some(true),
            Outcome::Unknown => None,
        }
    }

    /// Whether two literals hold for exactly the same accounts (`None` past the bound).
    pub(super) fn same_lits(&mut self, a: Lit, b: Lit) -> Option<bool> {
        if a == b {
            return Some(true);
        }
        if !self.never(&[a, !b])? {
            return Some(false);
        }
        self.never(&[b, !a])
    }

    /// Whether a profile literal that holds for the same accounts as another is a rule at all:
    /// some account satisfies it. Two profiles that match nobody agree on every account, but
    /// that does not make one the other renamed.
    fn same_and_some(&mut self, a: Lit, b: Lit) -> Option<bool> {
        if !self.same_lits(a, b)? {
            return Some(false);
        }
        self.never(&[b]).map(|none| !none)
    }

    /// Whether an old ICP is a new one renamed: they match exactly the same accounts, and some.
    pub(super) fn icps_equivalent(&mut self, o: usize, n: usize) -> Option<bool> {
        self.fresh();
        let Ok(old) = self.old_icp_expr(o) else {
            return Some(false);
        };
        let a = self.lit_of(&old);
        let b = icp_match_lit(&mut self.an, self.new.spec.icp_at(n));
        self.same_and_some(a, b)
    }

    /// The literal of "the account matches one of these old ICPs" (true for none).
    pub(super) fn old_icps_lit(&mut self, icps: &[usize]) -> Result<Lit, String> {
        if icps.is_empty() {
            return Ok(self.an.and(&[]));
        }
        let mut lits = Vec::new();
        for &i in icps {
            let cs = self.old_icp_expr(i)?;
            lits.push(self.lit_of(&cs));
        }
        Ok(self.an.or(&lits))
    }

    pub(super) fn new_icps_lit(&mut self, icps: &[usize]) -> Lit {
        if icps.is_empty() {
            return self.an.and(&[]);
        }
        let spec = self.new.spec;
        let lits: Vec<Lit> = icps
            .iter()
            .map(|&i| icp_match_lit(&mut self.an, spec.icp_at(i)))
            .collect();
        self.an.or(&lits)
    }

    /// A persona's match literal in the old version, in the new schema, with its criteria.
    pub(super) fn old_persona(&mut self, p: usize) -> Result<(Lit, Vec<(Expr, bool)>), String> {
        let persona = self.old.spec.persona_at(p);
        let cs = constraints(
            self.old.spec,
            self.new.spec,
            &persona.requires,
            &persona.excludes,
        )?;
        let own = self.lit_of(&cs);
        let icps = self.old_icps_lit(&persona.icps)?;
        let mut all = cs;
        for &i in &persona.icps {
            all.extend(self.old_icp_expr(i)?);
        }
        Ok((self.an.and(&[own, icps]), all))
    }

    pub(super) fn new_persona(&mut self, p: usize) -> (Lit, Vec<(Expr, bool)>) {
        let spec = self.new.spec;
        let persona = spec.persona_at(p);
        let cs = own(&persona.requires, &persona.excludes);
        let own_lit = self.lit_of(&cs);
        let icps = self.new_icps_lit(&persona.icps);
        let mut all = cs;
        for &i in &persona.icps {
            all.extend(own(&spec.icp_at(i).requires, &spec.icp_at(i).excludes));
        }
        (self.an.and(&[own_lit, icps]), all)
    }

    /// Whether an old persona is a new one renamed: they match exactly the same contacts, and
    /// some.
    pub(super) fn personas_equivalent(&mut self, o: usize, n: usize) -> Option<bool> {
        self.fresh();
        let Ok((a, _)) = self.old_persona(o) else {
            return Some(false);
        };
        let (b, _) = self.new_persona(n);
        self.same_and_some(a, b)
    }

    /// Compares who matches: `old` and `new` are the versions' literals, `exprs` every
    /// criterion of both (for witnesses and region descriptions), `changed` the attributes of
    /// criteria that differ (tried first for a region).
    pub(super) fn matching(
        &mut self,
        old: Lit,
        new: Lit,
        exprs: &[&Expr],
        changed: &[AttrId],
    ) -> Matching {
        if old == new {
            // The same criteria up to the analysis' normal form: nothing to ask the solver.
            return Matching {
                verdict: Verdict::Equivalent,
                reason: None,
                lets_in: None,
                shuts_out: None,
            };
        }
        let mut attrs = changed.to_vec();
        for a in attrs_of(exprs.iter().copied()) {
            if !attrs.contains(&a) {
                attrs.push(a);
            }
        }
        let direction = |d: &mut Self, inside: [Lit; 2]| -> Result<Option<Direction>, ()> {
            match d.an.check_lits(&inside, &attrs) {
                Answer::Sat(w) => {
                    let example = d.example(&w);
                    let region = region::describe(
                        &mut d.an,
                        &region::Region {
                            inside: &inside,
                            within: &inside[..1],
                        },
                        &attrs,
                        exprs,
                    );
                    Ok(Some(Direction {
                        region: region.as_ref().map(|p| describe(d.new.spec, p)),
                        region_expr: region,
                        example,
                    }))
                }
                Answer::Unsat(_) => Ok(None),
                Answer::Unknown => Err(()),
            }
        };
        let lets_in = direction(self, [new, !old]);
        let shuts_out = direction(self, [old, !new]);
        let verdict = match (&lets_in, &shuts_out) {
            (Err(()), _) | (_, Err(())) => Verdict::Unknown,
            (Ok(None), Ok(None)) => Verdict::Equivalent,
            (Ok(Some(_)), Ok(None)) => Verdict::Broader,
            (Ok(None), Ok(Some(_))) => Verdict::Narrower,
            (Ok(Some(_)), Ok(Some(_))) => Verdict::Both,
        };
        Matching {
            verdict,
            reason: None,
            lets_in: lets_in.ok().flatten(),
            shuts_out: shuts_out.ok().flatten(),
        }
    }

    /// The attributes of criteria on one side that have no same-meaning criterion (by
    /// literal) on the other.
    pub(super) fn changed_attrs(&mut self, a: &[(Expr, bool)], b: &[(Expr, bool)]) -> Vec<AttrId> {
        let la: Vec<Lit> = a.iter().map(|(e, _)| self.an.lit(e)).collect();
        let lb: Vec<Lit> = b.iter().map(|(e, _)| self.an.lit(e)).collect();
        let mut out: Vec<AttrId> = Vec::new();
        for ((e, _), l) in a.iter().zip(&la).chain(b.iter().zip(&lb)) {
            if la.contains(l) && lb.contains(l) {
                continue;
            }
            for attr in e.attrs() {
                if !out.contains(&attr) {
                    out.push(attr);
                }
            }
        }
        out
    }
}
