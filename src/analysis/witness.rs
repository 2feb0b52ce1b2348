//! Example accounts and contacts as text, in the syntax of an `example` block: how the lints and
//! the diff show a witness.

use super::engine::Witness;
use crate::sema::ir::{Spec, Type, Value};

/// An example account (and contact) in the syntax of an `example` block.
pub fn show_witness(spec: &Spec, w: &Witness) -> String {
    let mut parts = Vec::new();
    for (name, schema, record) in [
        ("account", &spec.account, &w.account),
        ("contact", &spec.contact, &w.contact),
    ] {
        let fields: Vec<String> = schema
            .attrs
            .iter()
            .zip(&record.values)
            .filter_map(|(a, v)| {
                v.as_ref()
                    .map(|v| format!("{}: {}", a.name, show_value(&a.ty, v)))
            })
            .collect();
        if !fields.is_empty() {
            parts.push(format!("{name} {{ {} }}", fields.join(", ")));
        }
    }
    if parts.is_empty() {
        "any account".to_string()
    } else {
        parts.join(" ")
    }
}

/// A value in the syntax of an `example` record.
pub fn show_value(ty: &Type, v: &Value) -> String {
    match (ty, v) {
        (Type::Money, Value::Num(n)) => crate::num::show_money(*n).replace(',', "_"),
        (Type::Percent, Value::Num(n)) => format!("{n}%"),
        (_, Value::Num(n)) => n.to_string(),
        (_, Value::Bool(b)) => b.to_string(),
        (Type::Enum(e) | Type::Set(e), Value::Enum(x)) => e.name(*x).to_string(),
        (Type::Enum(e) | Type::Set(e), Value::Set(xs)) => format!(
            "[{}]",
            xs.iter().map(|&x| e.name(x)).collect::<Vec<_>>().join(", ")
        ),
        _ => "?".to_string(),
    }
}
