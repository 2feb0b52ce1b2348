//! Putting two versions of a spec into one vocabulary: the old version's criteria are rewritten
//! against the new schema, attribute by attribute and value by value, by name.
//!
//! A criterion translates when every attribute it reads still exists with the same kind of type
//! and every value it names still exists. Then both versions' criteria can be compared exactly
//! in one analysis. The schema changes themselves (attributes or values added, removed, changed
//! in type) are reported separately.

use crate::sema::ir::{Atom, AttrId, EnumType, Expr, Spec, Test, Type};

/// Why an old criterion cannot be read in the new schema.
pub type Untranslatable = String;

fn same_kind(a: &Type, b: &Type) -> bool {
    match (a, b) {
        (Type::Enum(x), Type::Enum(y)) => x.ordered == y.ordered,
        (Type::Set(_), Type::Set(_)) => true,
        _ => std::mem::discriminant(a) == std::mem::discriminant(b),
    }
}

/// The new attribute with the old one's name and kind of type.
fn attr(old: &Spec, new: &Spec, id: AttrId) -> Result<AttrId, Untranslatable> {
    let a = old.attr(id);
    let Some(n) = new.schema(id.entity).find(&a.name) else {
        return Err(format!("attribute `{}` no longer exists", a.name));
    };
    if !same_kind(&a.ty, &new.attr(n).ty) {
        return Err(format!(
            "attribute `{}` changed from {} to {}",
            a.name,
            a.ty.name(),
            new.attr(n).ty.name()
        ));
    }
    Ok(n)
}

fn value(old: &Spec, new: &Spec, from: AttrId, to: AttrId, v: u32) -> Result<u32, Untranslatable> {
    let (Some(oe), Some(ne)) = (old.attr(from).ty.values(), new.attr(to).ty.values()) else {
        return Err("not an enum or set".into());
    };
    let name = oe.name(v);
    ne.find(name).ok_or_else(|| {
        format!(
            "value `{name}` of `{}` no longer exists",
            old.attr(from).name
        )
    })
}

/// Whether every value the two versions share has the same parent in both.
fn same_hierarchy(old: &EnumType, new: &EnumType) -> bool {
    old.values.iter().all(|v| {
        let Some(n) = new.find(&v.name) else {
            return true;
        };
        let op = v.parent.map(|p| old.name(p));
        let np = new.value_at(n).parent.map(|p| new.name(p));
        op == np
    })
}

/// The old expression in the new schema.
pub fn expr(old: &Spec, new: &Spec, e: &Expr) -> Result<Expr, Untranslatable> {
    Ok(match e {
        Expr::And(xs) => Expr::And(
            xs.iter()
                .map(|x| expr(old, new, x))
                .collect::<Result<_, _>>()?,
        ),
        Expr::Or(xs) => Expr::Or(
            xs.iter()
                .map(|x| expr(old, new, x))
                .collect::<Result<_, _>>()?,
        ),
        Expr::Not(x) => Expr::Not(Box::new(expr(old, new, x)?)),
        Expr::Atom(a) => {
            let to = attr(old, new, a.attr)?;
            let v = |x: u32| value(old, new, a.attr, to, x);
            let vs = |xs: &[u32]| xs.iter().map(|&x| v(x)).collect::<Result<Vec<_>, _>>();
            // Ordered ranks must keep their order to mean the same.
            if let (Some(oe), Some(ne)) = (old.attr(a.attr).ty.values(), new.attr(to).ty.values())
                && oe.ordered
            {
                // The values both versions have, in each version's order.
                let kept: Vec<&str> = ne
                    .values
                    .iter()
                    .map(|x| x.name.as_str())
                    .filter(|n| oe.find(n).is_some())
                    .collect();
                let old_kept: Vec<&str> = oe
                    .values
                    .iter()
                    .map(|x| x.name.as_str())
                    .filter(|n| ne.find(n).is_some())
                    .collect();
                if kept != old_kept {
                    return Err(format!("the order of `{}` changed", old.attr(a.attr).name));
                }
            }
            // A value that moved in a hierarchy covers other leaves than it did.
            if let (Some(oe), Some(ne)) = (old.attr(a.attr).ty.values(), new.attr(to).ty.values())
                && !same_hierarchy(oe, ne)
            {
                return Err(format!(
                    "values of `{}` moved in its hierarchy",
                    old.attr(a.attr).name
                ));
            }
            let test = match &a.test {
                Test::Compare(c, n) => Test::Compare(*c, *n),
                Test::Between(l, h) => Test::Between(*l, *h),
                Test::Bool(b) => Test::Bool(*b),
                Test::In(xs) => Test::In(vs(xs)?),
                Test::Rank(c, x) => Test::Rank(*c, v(*x)?),
                Test::RankBetween(l, h) => Test::RankBetween(v(*l)?, v(*h)?),
                Test::Has(x) => Test::Has(v(*x)?),
                Test::HasAny(xs) => Test::HasAny(vs(xs)?),
                Test::HasAll(xs) => Test::HasAll(vs(xs)?),
            };
            Expr::Atom(Atom {
                attr: to,
                test,
                span: a.span,
            })
        }
    })
}

/// A change to the schema between two versions.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SchemaChange {
    pub entity: &'static str,
    pub attribute: String,
    pub what: String,
}

/// The schema changes between two versions, in the new schema's order, then removals.
pub fn schema_changes(old: &Spec, new: &Spec) -> Vec<SchemaChange> {
    let mut out = Vec::new();
    for (os, ns) in [(&old.account, &new.account), (&old.contact, &new.contact)] {
        let entity = ns.entity.as_str();
        for a in &ns.attrs {
            let change = |what: String| SchemaChange {
                entity,
                attribute: a.name.clone(),
                what,
            };
            let Some(o) = os.attrs.iter().find(|o| o.name == a.name) else {
                out.push(change(format!("added ({})", a.ty.name())));
                continue;
            };
            if !same_kind(&o.ty, &a.ty) {
                out.push(change(format!(
                    "changed from {} to {}",
                    o.ty.name(),
                    a.ty.name()
                )));
                continue;
            }
            if let (Some(oe), Some(ne)) = (o.ty.values(), a.ty.values()) {
                let added: Vec<String> = ne
                    .values
                    .iter()
                    .filter(|v| oe.find(&v.name).is_none())
                    .map(|v| format!("`{}`", v.name))
                    .collect();
                let removed: Vec<String> = oe
                    .values
                    .iter()
                    .filter(|v| ne.find(&v.name).is_none())
                    .map(|v| format!("`{}`", v.name))
                    .collect();
                if !added.is_empty() {
                    out.push(change(format!("values added: {}", added.join(", "))));
                }
                if !removed.is_empty() {
                    out.push(change(format!("values removed: {}", removed.join(", "))));
                }
                let moved: Vec<String> = ne
                    .values
                    .iter()
                    .filter_map(|v| {
                        let ov = oe.find(&v.name)?;
                        let op = oe.value_at(ov).parent.map(|p| oe.name(p).to_string());
                        let np = v.parent.map(|p| ne.name(p).to_string());
                        (op != np).then(|| format!("`{}`", v.name))
                    })
                    .collect();
                if !moved.is_empty() {
                    out.push(change(format!(
                        "values moved in the hierarchy: {}",
                        moved.join(", ")
                    )));
                }
            }
        }
        for a in &os.attrs {
            if ns.find(&a.name).is_none() {
                out.push(SchemaChange {
                    entity,
                    attribute: a.name.clone(),
                    what: "removed".into(),
                });
            }
        }
    }
    out
}
