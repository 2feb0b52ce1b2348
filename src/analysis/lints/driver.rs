//! Runs the lints: every ICP (one analysis each), then every persona, then the whole spec.

use super::context::Context;
use super::facts::{Profile, exists};
use super::finding::Finding;
use super::registry::{Check, LINTS, LintDef};
use crate::analysis::constraints::{icp_constraints, persona_constraints, persona_icp_lit};
use crate::diagnostics::Level;

/// Runs every lint whose level is not `allow` and gives its findings with their level: first
/// every ICP (one analysis each), then every persona, then the whole spec.
pub fn run(cx: &mut Context, level: &dyn Fn(&LintDef) -> Level) -> Vec<(Finding, Level)> {
    let enabled: Vec<(&'static LintDef, Level)> = LINTS
        .iter()
        .map(|d| (*d, level(d)))
        .filter(|(_, l)| *l != Level::Allow)
        .collect();
    let mut out = Vec::new();
    let spec = cx.spec;
    cx.facts.icp_sat = vec![None; spec.icps.len()];
    cx.facts.persona_sat = vec![None; spec.personas.len()];
    for i in 0..spec.icps.len() {
        if cx.budget.exhausted() {
            cx.unknown(
                Profile::Icp(i),
                spec.icp_at(i).id_span,
                "anything about it (the run used its whole budget before it)",
            );
            continue;
        }
        let mut an = cx.analysis();
        let sat = an.satisfiable(&icp_constraints(spec.icp_at(i)));
        if let Some(slot) = cx.facts.icp_sat.get_mut(i) {
            *slot = sat;
        }
        for &(def, lvl) in &enabled {
            let f = match def.check {
                Check::Icp(f) | Check::Profiles { icp: f, .. } => f,
                _ => continue,
            };
            let mut found = Vec::new();
            f(cx, i, &mut an, &mut found);
            out.extend(found.into_iter().map(|x| (x, lvl)));
        }
        cx.absorb(&an);
    }
    for p in 0..spec.personas.len() {
        let persona = spec.persona_at(p);
        if cx.budget.exhausted() {
            cx.unknown(
                Profile::Persona(p),
                persona.id_span,
                "anything about it (the run used its whole budget before it)",
            );
            continue;
        }
        let mut an = cx.analysis();
        let mut lits = vec![persona_icp_lit(&mut an, spec, persona)];
        lits.extend(an.lits(&persona_constraints(persona)));
        let sat = exists(an.solve(&lits));
        if let Some(slot) = cx.facts.persona_sat.get_mut(p) {
            *slot = sat;
        }
        for &(def, lvl) in &enabled {
            let f = match def.check {
                Check::Persona(f) | Check::Profiles { persona: f, .. } => f,
                _ => continue,
            };
            let mut found = Vec::new();
            f(cx, p, &mut an, &mut found);
            out.extend(found.into_iter().map(|x| (x, lvl)));
        }
        cx.absorb(&an);
    }
    for &(def, lvl) in &enabled {
        if let Check::Spec(f) = def.check {
            let mut found = Vec::new();
            f(cx, &mut found);
            out.extend(found.into_iter().map(|x| (x, lvl)));
        }
    }
    out
}
