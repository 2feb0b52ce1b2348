//! Hover: what the thing under the cursor is, in Markdown.
//!
//! Takes a [`Target`] and gives the text an editor shows for it: an attribute's type and
//! values, a value's place in its attribute, a criterion in plain English (the phrasing of
//! briefs, from [`crate::sema::english`]), an ICP's or persona's summary and rules, a tier's
//! threshold, a narrative field's documentation.

use std::fmt::Write as _;

use super::query::{Role, Target};
use crate::sema::english::describe;
use crate::sema::ir::{AttrId, Criterion, EnumType, Spec, Type};
use crate::sema::narrative::{FieldKind, Scope};

/// Enum values listed on one line at most this long; longer lists get a line each.
const ONE_LINE: usize = 72;

/// The Markdown for a target.
pub fn hover(spec: &Spec, target: &Target<'_>) -> String {
    match target {
        Target::Attr { ids, .. } => ids
            .iter()
            .map(|&id| attribute(spec, id))
            .collect::<Vec<_>>()
            .join("\n\n---\n\n"),
        Target::Value { attr, value, .. } => enum_value(spec, *attr, *value),
        Target::Icp { index, .. } => icp(spec, *index),
        Target::Persona { index, .. } => persona(spec, *index),
        Target::Tier { icp, tier, .. } => {
            let icp = spec.icp_at(*icp);
            let Some(tier) = icp.tiers.get(*tier) else {
                return String::new();
            };
            match tier.min_score {
                Some(min) => format!(
                    "tier `{}` of ICP `{}`: a fit score of at least {min}",
                    tier.name, icp.id
                ),
                None => format!(
                    "tier `{}` of ICP `{}`: every score the tiers above do not reach",
                    tier.name, icp.id
                ),
            }
        }
        Target::Field { def, .. } => {
            let kind = match def.kind {
                FieldKind::Text => "text: one string",
                FieldKind::List => "list of strings or names",
                FieldKind::Name => "a bare name",
            };
            let scope = match def.scope {
                Scope::Both => "ICPs and personas",
                Scope::Icp => "ICPs",
                Scope::Persona => "personas",
            };
            format!(
                "narrative field `{}` ({kind}; in {scope})\n\n{}\n\nBriefs show it under *{}*.",
                def.name, def.doc, def.heading
            )
        }
        Target::Criterion {
            role, criterion, ..
        } => {
            let text = describe(spec, &criterion.expr);
            match role {
                Role::Require => format!("**require**: {text}"),
                Role::Exclude => format!("**exclude** accounts where: {text}"),
                Role::Signal { name, weight } => {
                    format!("**signal** `{name}` ({weight:+} points) when: {text}")
                }
            }
        }
    }
}

/// `account.industry: enum { saas "SaaS", fintech }`, with its label.
fn attribute(spec: &Spec, id: AttrId) -> String {
    let attr = spec.attr(id);
    let mut decl = format!("{}.{}: {}", id.entity.as_str(), attr.name, attr.ty.name());
    if let Some(values) = attr.ty.values() {
        decl.push(' ');
        decl.push_str(&values_block(values));
    }
    if let Some(label) = &attr.label {
        let _ = write!(decl, " {label:?}");
    }
    let mut text = format!("```icp\n{decl}\n```\n\n");
    let what = match &attr.ty {
        Type::Int => "A whole number.".to_string(),
        Type::Money => "An amount of money (continuous).".to_string(),
        Type::Percent => "A percentage, in percentage points (continuous).".to_string(),
        Type::Bool => "`true` or `false`.".to_string(),
        Type::Enum(e) if e.ordered => {
            format!(
                "One of these {} values, ranked lowest first.",
                e.values.len()
            )
        }
        Type::Enum(e) if e.is_hierarchical() => format!(
            "One of these {} values; a parent stands for all the values below it.",
            e.values.len()
        ),
        Type::Enum(e) => format!("One of these {} values.", e.values.len()),
        Type::Set(e) => format!("Any number of these {} values.", e.values.len()),
    };
    let _ = write!(text, "{what} Briefs call it *{}*.", attr.display_label());
    text
}

/// The values of an enum in braces, nested for a hierarchy: on one line when short.
fn values_block(values: &EnumType) -> String {
    let one_line = format!("{{ {} }}", children(values, None));
    if one_line.len() <= ONE_LINE {
        return one_line;
    }
    let mut text = String::from("{\n");
    for v in roots(values) {
        let _ = writeln!(text, "  {}", value_decl(values, v));
    }
    text.push('}');
    text
}

/// The values whose parent is `parent`, as declared, separated by commas.
fn children(values: &EnumType, parent: Option<u32>) -> String {
    values
        .values
        .iter()
        .zip(0u32..)
        .filter(|(x, _)| x.parent == parent)
        .map(|(_, v)| value_decl(values, v))
        .collect::<Vec<_>>()
        .join(", ")
}

fn roots(values: &EnumType) -> impl Iterator<Item = u32> + '_ {
    values
        .values
        .iter()
        .zip(0u32..)
        .filter(|(x, _)| x.parent.is_none())
        .map(|(_, v)| v)
}

/// `emea "EMEA" { uk, germany }`.
fn value_decl(values: &EnumType, v: u32) -> String {
    let value = values.value_at(v);
    let mut text = value.name.clone();
    if let Some(label) = &value.label {
        let _ = write!(text, " {label:?}");
    }
    if !values.is_leaf(v) {
        let _ = write!(text, " {{ {} }}", children(values, Some(v)));
    }
    text
}

/// A value: its attribute, its label, where it sits in a hierarchy or an order.
fn enum_value(spec: &Spec, attr: AttrId, v: u32) -> String {
    let a = spec.attr(attr);
    let Some(values) = a.ty.values() else {
        return String::new();
    };
    let mut text = format!(
        "value `{}` of `{}.{}` ({}), shown as *{}*",
        values.name(v),
        attr.entity.as_str(),
        a.name,
        a.ty.name(),
        values.display(v)
    );
    let mut path = Vec::new();
    let mut at = values.value_at(v).parent;
    while let Some(p) = at {
        path.push(format!("`{}`", values.name(p)));
        at = values.value_at(p).parent;
    }
    if !path.is_empty() {
        path.reverse();
        let _ = write!(text, "\n\nWithin {}.", path.join(" › "));
    }
    if !values.is_leaf(v) {
        let leaves: Vec<String> = values
            .leaves_under(v)
            .map(|l| format!("`{}`", values.name(l)))
            .collect();
        let _ = write!(text, "\n\nStands for {}.", leaves.join(", "));
    }
    if values.ordered {
        let _ = write!(
            text,
            "\n\nRank {} of {}, lowest first.",
            v + 1,
            values.values.len()
        );
    }
    text
}

/// The criteria of a list as Markdown bullets, under a heading; nothing for an empty list.
fn criteria(spec: &Spec, heading: &str, list: &[Criterion], out: &mut String) {
    if list.is_empty() {
        return;
    }
    let _ = write!(out, "\n\n**{heading}**\n");
    for c in list {
        let _ = write!(out, "\n- {}", describe(spec, &c.expr));
    }
}

/// An ICP: its name, summary, rules, scoring and personas.
fn icp(spec: &Spec, index: usize) -> String {
    let icp = spec.icp_at(index);
    let mut text = format!("**ICP** `{}`: {}", icp.id, icp.name);
    if let Some(summary) = &icp.summary {
        let _ = write!(text, "\n\n{summary}");
    }
    if icp.requires.is_empty() && icp.excludes.is_empty() {
        text.push_str("\n\nMatches every account (no `require` and no `exclude`).");
    }
    criteria(spec, "Requires", &icp.requires, &mut text);
    criteria(spec, "Excludes", &icp.excludes, &mut text);
    if !icp.signals.is_empty() {
        let tiers: Vec<String> = icp
            .tiers
            .iter()
            .map(|t| match t.min_score {
                Some(min) => format!("{} ≥ {min}", t.name),
                None => t.name.clone(),
            })
            .collect();
        let _ = write!(
            text,
            "\n\n**Score**: {} signal{}",
            icp.signals.len(),
            if icp.signals.len() == 1 { "" } else { "s" }
        );
        if !tiers.is_empty() {
            let _ = write!(text, "; tiers {}", tiers.join(", "));
        }
    }
    let personas: Vec<String> = spec
        .personas_of(index)
        .map(|(_, p)| format!("`{}`", p.id))
        .collect();
    if !personas.is_empty() {
        let _ = write!(text, "\n\n**Personas**: {}", personas.join(", "));
    }
    if let Some(owner) = &icp.owner {
        let _ = write!(text, "\n\nOwner: {owner}");
    }
    text
}

/// A persona: its name, ICPs, summary and rules.
fn persona(spec: &Spec, index: usize) -> String {
    let p = spec.persona_at(index);
    let mut text = format!("**persona** `{}`: {}", p.id, p.name);
    if !p.icps.is_empty() {
        let icps: Vec<String> = p
            .icps
            .iter()
            .filter_map(|&i| spec.icps.get(i))
            .map(|i| format!("`{}`", i.id))
            .collect();
        let _ = write!(text, ", for {}", icps.join(", "));
    }
    if let Some(summary) = &p.summary {
        let _ = write!(text, "\n\n{summary}");
    }
    if let Some(role) = &p.role {
        let _ = write!(text, "\n\nRole: {role}");
    }
    criteria(spec, "Requires", &p.requires, &mut text);
    criteria(spec, "Excludes", &p.excludes, &mut text);
    if let Some(owner) = &p.owner {
        let _ = write!(text, "\n\nOwner: {owner}");
    }
    text
}
