//! The row: one record as the compiled evaluator reads it, one compact [`Slot`] per attribute
//! (account attributes first, then contact ones). The record readers fill rows; the compiled
//! evaluator reads them.
//!
//! A set whose type has at most [`SMALL_SET_VALUES`] values is one 128-bit mask in its slot. A
//! larger set keeps its bits in the row's `words`, 64 values a word, at a place fixed for the
//! spec by its [`Layout`]; its slot only says that it is present ([`Slot::Wide`]). So the common
//! case stays a single word compare, and a set of any size is exact.

use std::ops::Range;
use std::sync::Arc;

use crate::num::Num;
use crate::sema::ir::{AttrId, Entity, Record, Spec, Type, Value};

/// The most values a set type may have to be held in its slot (a 128-bit mask); larger sets
/// are held in the row's words.
pub const SMALL_SET_VALUES: usize = 128;

/// One attribute's value in a row.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Slot {
    Missing,
    Num(Num),
    Bool(bool),
    Enum(u32),
    /// A set of a type with at most [`SMALL_SET_VALUES`] values: the values present, one bit
    /// each.
    Set(u128),
    /// A set of a larger type: present, with its values in the row's words at the place the
    /// [`Layout`] gives.
    Wide,
}

/// Whether a type's values are held in the row's words rather than in its slot: a set type
/// of more than [`SMALL_SET_VALUES`] values.
pub fn is_wide(ty: &Type) -> bool {
    matches!(ty, Type::Set(e) if e.values.len() > SMALL_SET_VALUES)
}

/// Where the words of each large set live in a row. The account's come first, so that the
/// account part of a row is a prefix of both its slots and its words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    /// Per slot: the words of a large set attribute.
    wide: Box<[Option<(u32, u32)>]>,
    words: usize,
    account_slots: usize,
    account_words: usize,
}

impl Layout {
    /// The layout of a spec's rows.
    pub fn of(spec: &Spec) -> Layout {
        let mut wide = Vec::new();
        let mut words = 0usize;
        let mut account_words = 0;
        let attrs = spec.account.attrs.iter().chain(&spec.contact.attrs);
        for (slot, attr) in attrs.enumerate() {
            if slot == spec.account.attrs.len() {
                account_words = words;
            }
            match &attr.ty {
                Type::Set(e) if is_wide(&attr.ty) => {
                    let n = e.values.len().div_ceil(64);
                    wide.push(Some((words as u32, n as u32)));
                    words += n;
                }
                _ => wide.push(None),
            }
        }
        if spec.contact.attrs.is_empty() {
            account_words = words;
        }
        Layout {
            wide: wide.into_boxed_slice(),
            words,
            account_slots: spec.account.attrs.len(),
            account_words,
        }
    }

    /// The words of a slot that holds a large set (`None` for any other slot).
    pub fn words(&self, slot: usize) -> Option<Range<usize>> {
        let (start, len) = (*self.wide.get(slot)?)?;
        Some(start as usize..start as usize + len as usize)
    }

    /// Whether a slot holds a large set.
    pub fn is_wide(&self, slot: usize) -> bool {
        self.words(slot).is_some()
    }
}

/// A record as the compiled evaluator reads it: the account's slots, then the contact's, and
/// the words of the large sets.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub slots: Vec<Slot>,
    /// The values of the large sets, one bit each, 64 a word (see [`Layout`]). A slot's words
    /// mean something only while the slot is [`Slot::Wide`].
    pub words: Vec<u64>,
    layout: Arc<Layout>,
}

/// A value that does not fit its slot (only an IR value that the schema does not allow).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("set value {0} is outside its type")]
pub struct OutsideTheType(pub u32);

impl Row {
    /// A row with every attribute of the spec missing.
    pub fn empty(spec: &Spec) -> Row {
        let layout = Layout::of(spec);
        Row {
            slots: vec![Slot::Missing; spec.account.attrs.len() + spec.contact.attrs.len()],
            words: vec![0; layout.words],
            layout: Arc::new(layout),
        }
    }

    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// Clears every slot, keeping the allocation.
    pub fn clear(&mut self) {
        self.slots.iter_mut().for_each(|s| *s = Slot::Missing);
    }

    /// The words of a large set's slot (empty for any other slot).
    pub fn set_words(&self, slot: usize) -> &[u64] {
        self.layout
            .words(slot)
            .and_then(|r| self.words.get(r))
            .unwrap_or_default()
    }

    /// The words of a large set's slot, to write (empty for any other slot).
    pub fn set_words_mut(&mut self, slot: usize) -> &mut [u64] {
        match self.layout.words(slot) {
            Some(r) => self.words.get_mut(r).unwrap_or_default(),
            None => &mut [],
        }
    }

    /// The account's part of the row: its slots and its words.
    pub fn account_part(&self) -> (&[Slot], &[u64]) {
        (
            self.slots
                .get(..self.layout.account_slots)
                .unwrap_or_default(),
            self.words
                .get(..self.layout.account_words)
                .unwrap_or_default(),
        )
    }

    /// Puts an account's part (from [`Row::account_part`] of a row of the same spec) into the
    /// row.
    pub fn set_account_part(&mut self, slots: &[Slot], words: &[u64]) {
        if let Some(dst) = self.slots.get_mut(..slots.len()) {
            dst.copy_from_slice(slots);
        }
        if let Some(dst) = self.words.get_mut(..words.len()) {
            dst.copy_from_slice(words);
        }
    }

    /// Puts an IR value into a slot.
    pub fn put(&mut self, slot: usize, v: &Value) -> Result<(), OutsideTheType> {
        let s = match v {
            Value::Num(n) => Slot::Num(*n),
            Value::Bool(b) => Slot::Bool(*b),
            Value::Enum(x) => Slot::Enum(*x),
            Value::Set(xs) if self.layout.is_wide(slot) => {
                let words = self.set_words_mut(slot);
                words.iter_mut().for_each(|w| *w = 0);
                for &x in xs {
                    let w = words.get_mut(x as usize / 64).ok_or(OutsideTheType(x))?;
                    *w |= 1u64 << (x % 64);
                }
                Slot::Wide
            }
            Value::Set(xs) => {
                let mut bits = 0u128;
                for &x in xs {
                    bits |= 1u128.checked_shl(x).ok_or(OutsideTheType(x))?;
                }
                Slot::Set(bits)
            }
        };
        if let Some(dst) = self.slots.get_mut(slot) {
            *dst = s;
        }
        Ok(())
    }

    /// The value of a slot as the reference evaluator reads it.
    pub fn value(&self, slot: usize) -> Option<Value> {
        match self.slots.get(slot)? {
            Slot::Missing => None,
            Slot::Num(n) => Some(Value::Num(*n)),
            Slot::Bool(b) => Some(Value::Bool(*b)),
            Slot::Enum(v) => Some(Value::Enum(*v)),
            Slot::Set(bits) => Some(Value::Set(
                (0..SMALL_SET_VALUES as u32)
                    .filter(|i| bits & (1u128 << i) != 0)
                    .collect(),
            )),
            Slot::Wide => Some(Value::Set(
                self.set_words(slot)
                    .iter()
                    .enumerate()
                    .flat_map(|(w, &bits)| {
                        (0..64u32)
                            .filter(move |i| bits & (1u64 << i) != 0)
                            .map(move |i| w as u32 * 64 + i)
                    })
                    .collect(),
            )),
        }
    }

    /// The account part of the row as an IR record.
    pub fn account_record(&self, spec: &Spec) -> Record {
        Record {
            values: (0..spec.account.attrs.len())
                .map(|slot| self.value(slot))
                .collect(),
        }
    }

    /// The contact part of the row as an IR record.
    pub fn contact_record(&self, spec: &Spec) -> Record {
        let start = spec.account.attrs.len();
        Record {
            values: (start..start + spec.contact.attrs.len())
                .map(|slot| self.value(slot))
                .collect(),
        }
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
