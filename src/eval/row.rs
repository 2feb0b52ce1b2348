//! The row: one record as the compiled evaluator reads it, one compact [`Slot`] per attribute
//! (account attributes first, then contact ones). The record readers fill rows; the compiled
//! evaluator reads them.

use crate::num::Num;
use crate::sema::ir::{AttrId, Entity, Spec, Value};

/// The most values a set attribute may have for the compact row (a 128-bit mask).
pub const MAX_SET_VALUES: usize = 128;

/// One attribute's value in a row.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Slot {
    Missing,
    Num(Num),
    Bool(bool),
    Enum(u32),
    /// The values present, one bit each.
    Set(u128),
}

/// A record as the compiled evaluator reads it: the account's slots, then the contact's.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub slots: Vec<Slot>,
}

impl Row {
    /// A row with every attribute of the spec missing.
    pub fn empty(spec: &Spec) -> Row {
        Row {
            slots: vec![Slot::Missing; spec.account.attrs.len() + spec.contact.attrs.len()],
        }
    }

    /// Clears every slot, keeping the allocation.
    pub fn clear(&mut self) {
        self.slots.iter_mut().for_each(|s| *s = Slot::Missing);
    }
}

/// The slot of an attribute in a row.
pub fn slot_of(spec: &Spec, id: AttrId) -> usize {
    match id.entity {
        Entity::Account => id.index as usize,
        Entity::Contact => spec.account.attrs.len() + id.index as usize,
    }
}

/// The attribute of a slot.
pub fn attr_of(spec: &Spec, slot: usize) -> AttrId {
    let n = spec.account.attrs.len();
    if slot < n {
        AttrId {
            entity: Entity::Account,
            index: slot as u32,
        }
    } else {
        AttrId {
            entity: Entity::Contact,
            index: (slot - n) as u32,
        }
    }
}

/// A slot from an IR value (for the conformance suite and tests).
pub fn slot_from_value(v: &Value) -> Slot {
    match v {
        Value::Num(n) => Slot::Num(*n),
        Value::Bool(b) => Slot::Bool(*b),
        Value::Enum(x) => Slot::Enum(*x),
        Value::Set(xs) => Slot::Set(
            xs.iter()
                .filter(|&&x| (x as usize) < MAX_SET_VALUES)
                .fold(0, |m, &x| m | (1u128 << x)),
        ),
    }
}

impl Row {
    /// The value of a slot as the reference evaluator reads it.
    pub fn value(&self, slot: usize) -> Option<Value> {
        match self.slots.get(slot)? {
            Slot::Missing => None,
            Slot::Num(n) => Some(Value::Num(*n)),
            Slot::Bool(b) => Some(Value::Bool(*b)),
            Slot::Enum(v) => Some(Value::Enum(*v)),
            Slot::Set(bits) => Some(Value::Set(
                (0..MAX_SET_VALUES as u32)
                    .filter(|i| bits & (1u128 << i) != 0)
                    .collect(),
            )),
        }
    }

    /// The account part of the row as an IR record.
    pub fn account_record(&self, spec: &Spec) -> crate::sema::ir::Record {
        crate::sema::ir::Record {
            values: (0..spec.account.attrs.len())
                .map(|slot| self.value(slot))
                .collect(),
        }
    }
}
