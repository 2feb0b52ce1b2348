//! One JSON Lines record decoded straight from the text of its line: member names are looked up
//! once per file and values go into the row as they are scanned, without building a JSON tree.
//! Only values that cannot fit their attribute (and unusual ids) are built into a
//! [`serde_json::Value`], to be shown in an error.

use std::collections::HashMap;
use std::fmt;
use std::hash::BuildHasherDefault;

use serde::Deserialize;
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::{CellError, Item, MAX_CACHED_MEMBERS, ReadError, Resolver, Use};
use crate::eval::row::{Row, Slot};
use crate::records::decode::{DecodeError, Decoder, Fnv, SetBuild};

/// The member names of a file with what each is for, in the order they were first seen.
#[derive(Default)]
pub(super) struct Members {
    entries: Vec<(Box<str>, Use)>,
    by_name: HashMap<Box<str>, usize, BuildHasherDefault<Fnv>>,
    /// The entry expected next: records of one file usually list members in the same order.
    next: usize,
}

/// A member name resolved: an entry of [`Members`], or (past [`MAX_CACHED_MEMBERS`]) one
/// resolved for this occurrence only.
enum Key {
    Cached(usize),
    Fresh(Box<str>, Use),
}

impl Members {
    fn lookup(&mut self, name: &str, resolver: &Resolver<'_>) -> Result<Key, ReadError> {
        let found = match self.entries.get(self.next) {
            Some((n, _)) if **n == *name => Some(self.next),
            _ => self.by_name.get(name).copied(),
        };
        if let Some(i) = found {
            self.next = i + 1;
            return Ok(Key::Cached(i));
        }
        let u = resolver.resolve(name)?;
        if self.entries.len() >= MAX_CACHED_MEMBERS {
            return Ok(Key::Fresh(name.into(), u));
        }
        let i = self.entries.len();
        self.entries.push((name.into(), u));
        self.by_name.insert(name.into(), i);
        self.next = i + 1;
        Ok(Key::Cached(i))
    }
}

/// Decodes one line into `row` and `item`. A line that is not one JSON object is an error; a
/// value that does not fit its attribute is added to `item.errors`.
pub(super) fn decode_line(
    text: &str,
    members: &mut Members,
    resolver: &Resolver<'_>,
    row: &mut Row,
    item: &mut Item,
) -> Result<(), LineError> {
    members.next = 0;
    let mut failure = None;
    let mut de = serde_json::Deserializer::from_str(text);
    let record = RecordSeed {
        members,
        resolver,
        row,
        item,
        failure: &mut failure,
    };
    let result = record.deserialize(&mut de).and_then(|()| de.end());
    match (result, failure) {
        (_, Some(e)) => Err(LineError::Read(e)),
        (Ok(()), None) => Ok(()),
        (Err(e), None) if e.classify() == serde_json::error::Category::Data => {
            Err(LineError::NotAnObject)
        }
        (Err(e), None) => Err(LineError::Syntax(e)),
    }
}

/// Why a line could not be read.
pub(super) enum LineError {
    /// Valid JSON, but not an object.
    NotAnObject,
    /// Not valid JSON.
    Syntax(serde_json::Error),
    /// A member name that cannot be resolved (a bad column mapping).
    Read(ReadError),
}

struct RecordSeed<'a, 'r> {
    members: &'a mut Members,
    resolver: &'a Resolver<'r>,
    row: &'a mut Row,
    item: &'a mut Item,
    failure: &'a mut Option<ReadError>,
}

impl<'de> DeserializeSeed<'de> for RecordSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RecordSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let RecordSeed {
            members,
            resolver,
            row,
            item,
            failure,
        } = self;
        let line = item.line;
        loop {
            let key = map.next_key_seed(KeySeed {
                members: &mut *members,
                resolver,
                failure: &mut *failure,
            })?;
            let (name, u) = match &key {
                None => return Ok(()),
                Some(Key::Cached(i)) => {
                    let (n, u) = &members.entries[*i];
                    (&**n, u)
                }
                Some(Key::Fresh(n, u)) => (&**n, u),
            };
            map.next_value_seed(Scalars(Member {
                name,
                u,
                line,
                row: &mut *row,
                item: &mut *item,
            }))?;
        }
    }
}

struct KeySeed<'a, 'r> {
    members: &'a mut Members,
    resolver: &'a Resolver<'r>,
    failure: &'a mut Option<ReadError>,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_, '_> {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_, '_> {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Key, E> {
        self.members.lookup(name, self.resolver).map_err(|e| {
            let message = e.to_string();
            *self.failure = Some(e);
            E::custom(message)
        })
    }
}

/// A JSON value as the decoding needs it: strings borrowed, `null`, and anything else built.
enum Scalar<'a> {
    Str(&'a str),
    Null,
    Other(Value),
}

/// What to do with one JSON value, seen as a [`Scalar`] (or, for arrays, element by element).
trait OnScalar: Sized {
    fn on(self, s: Scalar<'_>);

    fn on_seq<'de, A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        let v = Value::deserialize(SeqAccessDeserializer::new(seq))?;
        self.on(Scalar::Other(v));
        Ok(())
    }

    /// Skips the value when nothing reads it.
    fn skips(&self) -> bool {
        false
    }
}

/// The visitor that turns any JSON value into a call of [`OnScalar`].
struct Scalars<T>(T);

impl<'de, T: OnScalar> DeserializeSeed<'de> for Scalars<T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        if self.0.skips() {
            IgnoredAny::deserialize(d).map(|_| ())
        } else {
            d.deserialize_any(self)
        }
    }
}

impl<'de, T: OnScalar> Visitor<'de> for Scalars<T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.0.on(Scalar::Str(v));
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.0.on(Scalar::Null);
        Ok(())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.0.on(Scalar::Other(Value::Bool(v)));
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.0.on(Scalar::Other(Value::Number(v.into())));
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.0.on(Scalar::Other(Value::Number(v.into())));
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        let n = serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number);
        self.0.on(Scalar::Other(n));
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        self.0.on_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let v = Value::deserialize(MapAccessDeserializer::new(map))?;
        self.0.on(Scalar::Other(v));
        Ok(())
    }
}

/// One member's value, going where its use says.
struct Member<'a> {
    name: &'a str,
    u: &'a Use,
    line: u64,
    row: &'a mut Row,
    item: &'a mut Item,
}

impl Member<'_> {
    /// Undoes what an earlier occurrence of this member in the record did: when a name is
    /// given twice, the last value counts, as in a JSON object read whole.
    fn forget(&mut self) {
        match self.u {
            Use::Ignored => {}
            Use::Id => self.item.id.clear(),
            Use::Account => self.item.account.clear(),
            Use::Attr { slot, .. } => {
                if let Some(dst) = self.row.slots.get_mut(*slot) {
                    *dst = Slot::Missing;
                }
                if !self.item.errors.is_empty() {
                    self.item.errors.retain(|e| e.column != self.name);
                }
            }
        }
    }

    fn put(
        self,
        decode: impl FnOnce(&mut Row) -> Result<(), DecodeError>,
        shown: impl FnOnce() -> String,
    ) {
        if !matches!(self.u, Use::Attr { .. }) {
            return;
        }
        if let Err(error) = decode(self.row) {
            self.item.errors.push(CellError {
                line: self.line,
                column: self.name.to_string(),
                value: shown(),
                error,
            });
        }
    }
}

impl OnScalar for Member<'_> {
    fn skips(&self) -> bool {
        matches!(self.u, Use::Ignored)
    }

    fn on(mut self, s: Scalar<'_>) {
        self.forget();
        match self.u {
            Use::Ignored => {}
            Use::Id | Use::Account => {
                let dst = if matches!(self.u, Use::Id) {
                    &mut self.item.id
                } else {
                    &mut self.item.account
                };
                match s {
                    Scalar::Null => {}
                    Scalar::Str(t) => dst.push_str(t.trim()),
                    Scalar::Other(v) => dst.push_str(&v.to_string()),
                }
            }
            Use::Attr { decoder, .. } => match s {
                Scalar::Null => {}
                Scalar::Str(t) if t.trim().is_empty() => {}
                Scalar::Str(t) => {
                    self.put(|row| decoder.text(t, row), || Value::from(t).to_string())
                }
                Scalar::Other(v) => self.put(|row| decoder.json(&v, row), || v.to_string()),
            },
        }
    }

    fn on_seq<'de, A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        let decoder = match self.u {
            Use::Attr { decoder, .. } if decoder.is_set() => decoder,
            _ => {
                let v = Value::deserialize(SeqAccessDeserializer::new(seq))?;
                self.on(Scalar::Other(v));
                return Ok(());
            }
        };
        self.forget();
        let mut set = decoder.set_begin(self.row);
        let mut bad = None;
        while seq
            .next_element_seed(Scalars(SetItem {
                decoder,
                set: &mut set,
                row: &mut *self.row,
                bad: &mut bad,
            }))?
            .is_some()
        {}
        match bad {
            None => decoder.set_end(set, self.row),
            Some((shown, error)) => self.put(|_| Err(error), || shown),
        }
        Ok(())
    }
}

/// One element of an array given for a set; the first bad one is kept (shown, and why).
struct SetItem<'a> {
    decoder: &'a Decoder,
    set: &'a mut SetBuild,
    row: &'a mut Row,
    bad: &'a mut Option<(String, DecodeError)>,
}

impl OnScalar for SetItem<'_> {
    fn on(self, s: Scalar<'_>) {
        if self.bad.is_some() {
            return;
        }
        let failed = match s {
            Scalar::Str(t) => match self.decoder.set_add(self.set, self.row, t.as_bytes()) {
                Ok(()) => return,
                Err(e) => (Value::from(t).to_string(), e),
            },
            Scalar::Null => ("null".to_string(), self.decoder.not_a_set_item("null")),
            Scalar::Other(v) => {
                let shown = v.to_string();
                let e = self.decoder.not_a_set_item(&shown);
                (shown, e)
            }
        };
        *self.bad = Some(failed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(n: i64) -> crate::num::Num {
        crate::num::Num::from_i64(n).unwrap_or_default()
    }
    use crate::compile::compile;
    use crate::config::MatchConfig;
    use crate::sema::ir::Entity;
    use crate::source::load_texts;
    use std::path::Path;

    const SPEC: &str = "account {\n n: int\n m: money\n p: percent\n b: bool\n e: enum { saas \"SaaS\", retail }\n s: set { a, b }\n}\n";
    const ATTRS: [&str; 6] = ["n", "m", "p", "b", "e", "s"];

    /// Values of every JSON kind, good and bad for each attribute type.
    const VALUES: &[&str] = &[
        "null",
        "\"\"",
        "\"  \"",
        "0",
        "450",
        "-3",
        "4.5",
        "1e3",
        "18446744073709551615",
        "true",
        "false",
        "\"2k\"",
        "\"$1.5M\"",
        "\"25%\"",
        "\"yes\"",
        "\"SaaS\"",
        "\"retail\"",
        "\"sass\"",
        "\"re\\u0074ail\"",
        "\"a; b\"",
        "\"[]\"",
        "[]",
        "[\"a\"]",
        "[\"b\", \"A\"]",
        "[\"a\", \"c\"]",
        "[\"a\", 5]",
        "[null]",
        "[[\"a\"]]",
        "{}",
        "{\"a\": [1, {\"b\": null}]}",
    ];

    fn setup() -> crate::compile::Compilation {
        compile(load_texts(
            Path::new("/"),
            vec![("a.icp".into(), SPEC.into())],
        ))
    }

    fn accounts<'a>(spec: &'a crate::sema::ir::Spec, config: &'a MatchConfig) -> Resolver<'a> {
        Resolver {
            spec,
            entity: Entity::Account,
            config,
        }
    }

    fn read_line(
        text: &str,
        resolver: &Resolver<'_>,
        members: &mut Members,
    ) -> Result<(Row, Item), String> {
        let mut row = Row::empty(resolver.spec);
        let mut item = Item {
            line: 7,
            ..Item::default()
        };
        match decode_line(text, members, resolver, &mut row, &mut item) {
            Ok(()) => Ok((row, item)),
            Err(LineError::NotAnObject) => Err("not an object".into()),
            Err(LineError::Syntax(e)) => Err(format!("syntax: {e}")),
            Err(LineError::Read(e)) => Err(format!("read: {e}")),
        }
    }

    /// Decoding straight from the text gives what decoding a parsed value gives.
    #[test]
    fn streaming_agrees_with_decoding_parsed_values() {
        let comp = setup();
        let config = MatchConfig::default();
        let resolver = accounts(&comp.spec, &config);
        let mut members = Members::default();
        let mut checked = 0;
        for (slot, attr) in ATTRS.iter().enumerate() {
            let decoder = Decoder::new(
                &comp.spec,
                crate::sema::ir::AttrId {
                    entity: Entity::Account,
                    index: slot as u32,
                },
            );
            for v in VALUES {
                let line = format!("{{\"id\": 9, \"other\": {v}, \"{attr}\": {v}}}");
                let (row, item) = read_line(&line, &resolver, &mut members)
                    .unwrap_or_else(|e| panic!("{line}: {e}"));
                let parsed: Value = serde_json::from_str(v).unwrap_or_else(|e| panic!("{e}"));
                let mut alone = Row::empty(&comp.spec);
                let expected = match &parsed {
                    Value::Null => Ok(None),
                    Value::String(s) if s.trim().is_empty() => Ok(None),
                    other => decoder
                        .json(other, &mut alone)
                        .map(|()| alone.value(slot))
                        .map_err(|e| e.message),
                };
                let got = match item.errors.as_slice() {
                    [] => Ok(row.value(slot)),
                    [e] => {
                        assert_eq!((e.line, e.column.as_str()), (7, *attr), "{line}");
                        Err(e.error.message.clone())
                    }
                    more => panic!("{line}: {more:?}"),
                };
                assert_eq!(got, expected, "{line}");
                assert_eq!(item.id, "9");
                checked += 1;
            }
        }
        assert_eq!(checked, ATTRS.len() * VALUES.len());
    }

    #[test]
    fn bad_lines_and_odd_members() {
        let comp = setup();
        let mut config = MatchConfig::default();
        let resolver = accounts(&comp.spec, &config);
        let mut members = Members::default();
        let mut run = |text: &str| read_line(text, &resolver, &mut members);
        assert_eq!(run("[1, 2]").err().as_deref(), Some("not an object"));
        assert_eq!(run("\"a\"").err().as_deref(), Some("not an object"));
        assert!(run("{\"n\": 1").is_err_and(|e| e.starts_with("syntax:")));
        assert!(run("{\"n\": 1} x").is_err_and(|e| e.starts_with("syntax:")));
        // An escaped member name, members in a new order, a member given twice (the last wins).
        let (row, item) = run("{\"s\": [\"b\"], \"\\u006e\": 3, \"id\": \" x \", \"n\": 4}")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (row.slots[0], row.slots[5]),
            (Slot::Num(whole(4)), Slot::Set(2))
        );
        assert_eq!(item.id, "x");
        // The last of a repeated member counts, also when it is null or an earlier one was bad.
        let (row, item) = run(
            "{\"id\": \"a\", \"id\": \"b\", \"n\": 3, \"n\": null, \"e\": \"x\", \"e\": \"retail\", \"s\": [\"zz\"], \"s\": [\"a\"]}",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(item.id, "b");
        assert!(item.errors.is_empty(), "{:?}", item.errors);
        assert_eq!(
            (row.slots[0], row.slots[4], row.slots[5]),
            (Slot::Missing, Slot::Enum(1), Slot::Set(1))
        );
        // The shown value of a bad set item is the item.
        let (_, item) = run("{\"s\": [\"a\", \"zz\", 3]}").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(item.errors.len(), 1);
        assert_eq!(item.errors[0].value, "\"zz\"");
        assert_eq!(item.errors[0].column, "s");
        // A mapping to an attribute that does not exist stops the file.
        config.columns.insert("Size".into(), "size".into());
        let resolver = accounts(&comp.spec, &config);
        let e = read_line("{\"Size\": 3}", &resolver, &mut Members::default());
        assert!(
            e.as_ref()
                .is_err_and(|e| e.contains("maps column `Size` to `size`")),
            "{e:?}"
        );
    }

    /// Deep nesting in a member that is read is an error, not a stack overflow; in an ignored
    /// member it is skipped without recursing.
    #[test]
    fn deeply_nested_values_are_rejected_or_skipped() {
        let comp = setup();
        let config = MatchConfig::default();
        let resolver = accounts(&comp.spec, &config);
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let line = format!("{{\"ignored\": {deep}, \"n\": 5}}");
        let (row, item) =
            read_line(&line, &resolver, &mut Members::default()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((row.slots[0], item.errors.len()), (Slot::Num(whole(5)), 0));
        for member in ["s", "n", "id"] {
            let line = format!("{{\"{member}\": {deep}}}");
            let got = read_line(&line, &resolver, &mut Members::default());
            assert!(
                got.as_ref().is_err_and(|e| e.contains("recursion limit")),
                "{member}: {:?}",
                got.err()
            );
        }
    }

    #[test]
    fn member_names_past_the_cache_are_still_resolved() {
        let comp = setup();
        let config = MatchConfig::default();
        let resolver = accounts(&comp.spec, &config);
        let mut members = Members::default();
        let names: Vec<String> = (0..MAX_CACHED_MEMBERS + 5)
            .map(|i| format!("\"x{i}\": {i}"))
            .collect();
        let line = format!("{{{}, \"n\": 12}}", names.join(", "));
        let (row, _) = read_line(&line, &resolver, &mut members).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(row.slots[0], Slot::Num(whole(12)));
        assert_eq!(members.entries.len(), MAX_CACHED_MEMBERS);
        let (row, _) = read_line(&line, &resolver, &mut members).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(row.slots[0], Slot::Num(whole(12)));
    }
}
