//! Go to definition: where the thing under the cursor is declared.
//!
//! Takes a [`Target`] and gives the spans of its declarations: an attribute's name in the
//! schema (two for a persona's unqualified name that both schemas declare), a value's name in
//! its enum, an ICP's or persona's id, a tier's name. Criteria and narrative fields declare
//! nothing and have no definition.

use super::query::Target;
use crate::sema::ir::Spec;
use crate::source::Span;

/// The declarations of a target (none for what is not declared anywhere).
pub fn definition(spec: &Spec, target: &Target<'_>) -> Vec<Span> {
    match target {
        Target::Attr { ids, .. } => ids.iter().map(|&id| spec.attr(id).name_span).collect(),
        Target::Value { attr, value, .. } => spec
            .attr(*attr)
            .ty
            .values()
            .and_then(|v| v.values.get(*value as usize))
            .map(|v| v.span)
            .into_iter()
            .collect(),
        Target::Icp { index, .. } => spec
            .icps
            .get(*index)
            .map(|i| i.id_span)
            .into_iter()
            .collect(),
        Target::Persona { index, .. } => spec
            .personas
            .get(*index)
            .map(|p| p.id_span)
            .into_iter()
            .collect(),
        Target::Tier { icp, tier, .. } => spec
            .icps
            .get(*icp)
            .and_then(|i| i.tiers.get(*tier))
            .map(|t| t.span)
            .into_iter()
            .collect(),
        Target::Field { .. } | Target::Criterion { .. } => Vec::new(),
    }
}
