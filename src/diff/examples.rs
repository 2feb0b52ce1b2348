//! Example accounts (and contacts) in the report: the values that matter, as JSON and in the
//! syntax of an `example` block.

use serde_json::{Map, Value as Json};

use super::Differ;
use super::report::Example;
use crate::analysis::Witness;
use crate::analysis::witness::show_witness;
use crate::sema::ir::{Record, Schema, Value};

impl Differ<'_, '_> {
    /// An example of the report from a witness (which is in the new schema).
    pub(super) fn example(&self, w: &Witness) -> Example {
        let spec = self.new.spec;
        Example {
            account: record_json(&spec.account, &w.account),
            contact: record_json(&spec.contact, &w.contact),
            text: show_witness(spec, w),
            witness: w.clone(),
        }
    }
}

/// A record as a JSON object: the attributes it holds, by name.
pub fn record_json(schema: &Schema, r: &Record) -> Map<String, Json> {
    let mut out = Map::new();
    for (a, v) in schema.attrs.iter().zip(&r.values) {
        let Some(v) = v else { continue };
        let names = a.ty.values();
        let json = match v {
            Value::Num(n) => n.to_json(),
            Value::Bool(b) => Json::Bool(*b),
            Value::Enum(x) => Json::String(names.map_or(String::new(), |e| e.name(*x).to_string())),
            Value::Set(xs) => Json::Array(
                xs.iter()
                    .map(|&x| Json::String(names.map_or(String::new(), |e| e.name(x).to_string())))
                    .collect(),
            ),
        };
        out.insert(a.name.clone(), json);
    }
    out
}
