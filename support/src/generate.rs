//! Random specs over every attribute type, and random records for any spec, for the
//! conformance harness.
//!
//! The generated schema has an attribute of every kind: a whole number, money, a percentage, a
//! bool, a hierarchical enum three levels deep, an ordered enum, and sets of 1, 64, 200 and
//! 5,000 values; the contact has an ordered enum, a hierarchical enum, a bool and a number.
//! Constants sit at the edges: the ends of the number domain, the word boundaries of set masks
//! (values 63, 64, 127, 128, 129, 250 and 4,999), inner nodes of the hierarchy. Records miss
//! values, carry coarse enum values (inner nodes) and hold set values far apart.

use icpl::num::{Num, parse_decimal};
use icpl::sema::ir::{Spec, Test, Type};
use icpl::semantics::number::NumKind;
use serde_json::{Value as J, json};

use crate::rng::Rng;

/// The sizes of the generated set attributes, and their value prefixes.
pub const SETS: [(&str, usize, &str); 4] = [
    ("s1", 1, "a"),
    ("s64", 64, "b"),
    ("s200", 200, "c"),
    ("s5000", 5000, "t"),
];

/// Value indices where set masks change words.
const SET_EDGES: [usize; 10] = [0, 1, 63, 64, 122, 127, 128, 129, 250, 4999];

/// The generated schema.
pub fn schema() -> String {
    let mut s = String::from(
        "account {\n  n: int\n  m: money\n  p: percent\n  b: bool\n  e: enum { x { x1, x2 }, y { y1 { y11, y12 }, y2 }, z }\n  o: ordered enum { lo, mid, hi, top }\n",
    );
    for (name, size, prefix) in SETS {
        let values: Vec<String> = (0..size).map(|i| format!("{prefix}{i}")).collect();
        s.push_str(&format!("  {name}: set {{ {} }}\n", values.join(", ")));
    }
    s.push_str("}\ncontact {\n  r: ordered enum { ic, manager, director, vp }\n  d: enum { sales, finance { fp, fa }, it }\n  c: bool\n  k: int\n}\n");
    s
}

const INTS: [&str; 7] = [
    "-9007199254740991",
    "-3",
    "0",
    "5",
    "100",
    "9007199254740990",
    "9007199254740991",
];
const MONEY: [&str; 6] = ["-$5", "$0", "$0.5", "$1.25", "$20M", "$1.5B"];
const PERCENT: [&str; 5] = ["0%", "12.5%", "50%", "99.99%", "100%"];
const ENUM: [&str; 9] = ["x", "x1", "x2", "y", "y1", "y11", "y12", "y2", "z"];
const RANKS: [&str; 4] = ["lo", "mid", "hi", "top"];
const CMP: [&str; 6] = ["==", "!=", "<", "<=", ">", ">="];

fn set_value(rng: &mut Rng) -> (usize, String) {
    let set = rng.below(SETS.len());
    let (_, size, prefix) = SETS[set];
    (set, format!("{prefix}{}", rng.pick(&SET_EDGES) % size))
}

fn set_values(rng: &mut Rng, set: usize) -> Vec<String> {
    let (_, size, prefix) = SETS[set];
    let mut out: Vec<String> = (0..1 + rng.below(3))
        .map(|_| format!("{prefix}{}", rng.pick(&SET_EDGES) % size))
        .collect();
    out.sort();
    out.dedup();
    out
}

fn range<'a>(rng: &mut Rng, xs: &[&'a str], key: impl Fn(&str) -> Num) -> (&'a str, &'a str) {
    let (a, b) = (*rng.pick(xs), *rng.pick(xs));
    if key(a) <= key(b) { (a, b) } else { (b, a) }
}

fn num_of(literal: &str) -> Num {
    let t = literal.replace('$', "");
    parse_decimal(&t).unwrap_or_default()
}

/// One random atom on an account attribute (and, with `contact`, on contact ones too).
pub fn atom(rng: &mut Rng, contact: bool) -> String {
    let kinds = if contact { 13 } else { 10 };
    match rng.below(kinds) {
        0 => format!("n {} {}", rng.pick(&CMP), rng.pick(&INTS)),
        1 => {
            let (a, b) = range(rng, &INTS, num_of);
            format!("n in {a}..{b}")
        }
        2 => format!("m {} {}", rng.pick(&CMP), rng.pick(&MONEY)),
        3 => {
            let (a, b) = range(rng, &MONEY, num_of);
            let not = if rng.one_in(3) { "not " } else { "" };
            format!("m {not}in {a}..{b}")
        }
        4 => format!("p {} {}", rng.pick(&CMP), rng.pick(&PERCENT)),
        5 => ["b", "not b", "b == false", "b != true"][rng.below(4)].to_string(),
        6 => {
            let mut vs: Vec<&str> = (0..1 + rng.below(3)).map(|_| *rng.pick(&ENUM)).collect();
            vs.sort_unstable();
            vs.dedup();
            match rng.below(3) {
                0 => format!("e == {}", vs[0]),
                1 => format!("e not in [{}]", vs.join(", ")),
                _ => format!("e in [{}]", vs.join(", ")),
            }
        }
        7 => {
            if rng.one_in(2) {
                format!("o {} {}", rng.pick(&CMP), rng.pick(&RANKS))
            } else {
                let (a, b) = (rng.below(4), rng.below(4));
                format!("o in {}..{}", RANKS[a.min(b)], RANKS[a.max(b)])
            }
        }
        8 => {
            let (set, v) = set_value(rng);
            format!("{} has {v}", SETS[set].0)
        }
        9 => {
            let set = rng.below(SETS.len());
            let how = ["any", "all", "none"][rng.below(3)];
            format!(
                "{} has {how} [{}]",
                SETS[set].0,
                set_values(rng, set).join(", ")
            )
        }
        10 => format!(
            "r {} {}",
            rng.pick(&CMP),
            rng.pick(&["ic", "manager", "director", "vp"])
        ),
        11 => format!(
            "d in [{}]",
            rng.pick(&["sales", "finance", "fp", "fa", "it", "sales, fa"])
        ),
        _ => ["c", "not c", "k >= 2", "k < 0"][rng.below(4)].to_string(),
    }
}

/// A random criterion: an atom, or a small `and` / `or` / `not` of atoms.
pub fn criterion(rng: &mut Rng, contact: bool) -> String {
    match rng.below(5) {
        0 => format!("{} and {}", atom(rng, contact), atom(rng, contact)),
        1 => format!("{} or {}", atom(rng, contact), atom(rng, contact)),
        2 => format!("not ({} or {})", atom(rng, contact), atom(rng, contact)),
        _ => atom(rng, contact),
    }
}

/// A random spec: the schema, two or three ICPs and two personas.
pub fn spec(rng: &mut Rng) -> String {
    let mut s = schema();
    let icps = 2 + rng.below(2);
    for i in 0..icps {
        s.push_str(&format!("icp i{i} {{\n"));
        for _ in 0..rng.below(3) {
            s.push_str(&format!("  require {}\n", criterion(rng, false)));
        }
        for _ in 0..rng.below(2) {
            s.push_str(&format!("  exclude {}\n", criterion(rng, false)));
        }
        let signals = rng.below(5);
        if signals > 0 {
            s.push_str("  score {\n");
            for k in 0..signals {
                let w = 1 + rng.below(40) as i64;
                let w = if rng.one_in(3) { -w } else { w };
                s.push_str(&format!("    g{k} {w:+} when {}\n", criterion(rng, false)));
            }
            s.push_str("  }\n");
            if rng.one_in(2) {
                s.push_str("  tiers { A >= 30, B >= 10, C }\n");
            } else if rng.one_in(2) {
                s.push_str("  tiers { A >= 20, B >= 0 }\n");
            }
        }
        s.push_str("}\n");
    }
    for j in 0..2 {
        let named: Vec<String> = (0..icps)
            .filter(|_| rng.one_in(2))
            .map(|i| format!("i{i}"))
            .collect();
        let for_clause = if named.is_empty() {
            String::new()
        } else {
            format!(" for {}", named.join(", "))
        };
        s.push_str(&format!("persona q{j}{for_clause} {{\n"));
        for _ in 0..1 + rng.below(2) {
            s.push_str(&format!("  require {}\n", criterion(rng, true)));
        }
        if rng.one_in(2) {
            s.push_str(&format!("  exclude {}\n", criterion(rng, true)));
        }
        s.push_str("}\n");
    }
    s
}

/// The numbers worth trying for a number attribute of a spec: every constant a test compares
/// it with and its neighbours, zero, and the ends of the domain. Decimal neighbours are a
/// hundredth away, so that every value has at most 15 significant digits (what JSON consumers
/// that read doubles compare exactly).
fn interesting(spec: &Spec, attr: icpl::sema::ir::AttrId) -> Vec<Num> {
    let kind = NumKind::of(&spec.attr(attr).ty).unwrap_or(NumKind::Whole);
    let step = match kind {
        NumKind::Whole => Num::ONE,
        NumKind::Decimal => parse_decimal("0.01").unwrap_or(Num::ONE),
    };
    let mut out = vec![Num::ZERO, Num::MIN, Num::MAX];
    let mut visit = |e: &icpl::sema::ir::Expr| {
        e.for_each_atom(&mut |a| {
            if a.attr != attr {
                return;
            }
            let cs = match &a.test {
                Test::Compare(_, c) => vec![*c],
                Test::Between(lo, hi) => vec![*lo, *hi],
                _ => vec![],
            };
            for c in cs {
                out.push(c);
                out.extend(c.checked_sub(step));
                out.extend(c.checked_add(step));
            }
        })
    };
    for icp in &spec.icps {
        for c in icp.requires.iter().chain(&icp.excludes) {
            visit(&c.expr);
        }
        for s in &icp.signals {
            visit(&s.when.expr);
        }
    }
    for p in &spec.personas {
        for c in p.requires.iter().chain(&p.excludes) {
            visit(&c.expr);
        }
    }
    out.retain(|n| kind.contains(*n) && n.is_double_safe());
    out.sort();
    out.dedup();
    out
}

fn number_json(n: Num) -> J {
    match n.as_i64() {
        Some(i) => json!(i),
        None => json!(n.to_f64()),
    }
}

/// A random record of one entity as a JSON object: each attribute missing one time in five,
/// enum values anywhere in the hierarchy (inner nodes are coarse data), sets with values far
/// apart.
pub fn record(rng: &mut Rng, spec: &Spec, entity: icpl::sema::ir::Entity) -> J {
    let schema = spec.schema(entity);
    let mut obj = serde_json::Map::new();
    for (i, attr) in schema.attrs.iter().enumerate() {
        if rng.one_in(5) {
            continue;
        }
        let id = icpl::sema::ir::AttrId {
            entity,
            index: i as u32,
        };
        let v = match &attr.ty {
            Type::Int | Type::Money | Type::Percent => {
                let choices = interesting(spec, id);
                number_json(*rng.pick(&choices))
            }
            Type::Bool => json!(rng.one_in(2)),
            Type::Enum(e) => json!(e.name(rng.below(e.values.len()) as u32)),
            Type::Set(e) => {
                let n = e.values.len();
                let mut members: Vec<usize> = (0..rng.below(5))
                    .map(|_| {
                        if rng.one_in(2) {
                            *rng.pick(&SET_EDGES) % n
                        } else {
                            rng.below(n)
                        }
                    })
                    .collect();
                members.sort_unstable();
                members.dedup();
                json!(
                    members
                        .iter()
                        .map(|&v| e.name(v as u32))
                        .collect::<Vec<_>>()
                )
            }
        };
        obj.insert(attr.name.clone(), v);
    }
    J::Object(obj)
}
