//! Small random specs whose every account can be enumerated: one attribute of each kind with
//! small domains, so one representative of every region the criteria can tell apart covers
//! all accounts (whole numbers from -1 to 5 for constants 0 to 4, money at every constant and
//! between and beyond them, every leaf, rank, subset and bool).
//!
//! The property-test strategies (random criteria, ICPs and partial records over [`SCHEMA`])
//! need the `proptest` feature.

use icpl::num::Num;
use icpl::sema::ir::{Record, Spec, Value};
#[cfg(feature = "proptest")]
use proptest::prelude::*;

pub const SCHEMA: &str = "account {
  n: int
  m: money
  b: bool
  e: enum { x { x1, x2 }, y { y1 }, z }
  o: ordered enum { lo, mid, hi }
  s: set { s1, s2, s3 }
}
";

#[cfg(feature = "proptest")]
pub fn atom() -> impl Strategy<Value = String> {
    let cmp = prop::sample::select(vec!["==", "!=", "<", "<=", ">", ">="]);
    let node = prop::sample::select(vec!["x", "x1", "x2", "y", "y1", "z"]);
    let rank = prop::sample::select(vec!["lo", "mid", "hi"]);
    let item = prop::sample::select(vec!["s1", "s2", "s3"]);
    prop_oneof![
        (cmp.clone(), 0..5i32).prop_map(|(c, k)| format!("n {c} {k}")),
        (0..5i32, 0..5i32).prop_map(|(a, b)| format!("n in {}..{}", a.min(b), a.max(b))),
        (0..5i32, 0..5i32).prop_map(|(a, b)| format!("n not in {}..{}", a.min(b), a.max(b))),
        (cmp.clone(), 0..5i32).prop_map(|(c, k)| format!("m {c} ${k}")),
        (0..5i32, 0..5i32).prop_map(|(a, b)| format!("m in ${}..${}", a.min(b), a.max(b))),
        Just("b".to_string()),
        Just("not b".to_string()),
        Just("b == false".to_string()),
        prop::collection::vec(node.clone(), 1..3).prop_map(|v| format!("e in [{}]", dedup(v))),
        prop::collection::vec(node, 1..3).prop_map(|v| format!("e not in [{}]", dedup(v))),
        (cmp, rank.clone()).prop_map(|(c, r)| format!("o {c} {r}")),
        (rank.clone(), rank).prop_map(|(a, b)| {
            let ord = |r: &str| {
                ["lo", "mid", "hi"]
                    .iter()
                    .position(|x| *x == r)
                    .unwrap_or(0)
            };
            let (a, b) = if ord(a) <= ord(b) { (a, b) } else { (b, a) };
            format!("o in {a}..{b}")
        }),
        item.clone().prop_map(|i| format!("s has {i}")),
        (
            prop::sample::select(vec!["any", "all", "none"]),
            prop::collection::vec(item, 1..3)
        )
            .prop_map(|(m, v)| format!("s has {m} [{}]", dedup(v))),
    ]
}

pub fn dedup(mut v: Vec<&str>) -> String {
    v.sort_unstable();
    v.dedup();
    v.join(", ")
}

#[cfg(feature = "proptest")]
pub fn expr() -> impl Strategy<Value = String> {
    atom().prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 2..4)
                .prop_map(|xs| format!("({})", xs.join(" and "))),
            prop::collection::vec(inner.clone(), 2..4)
                .prop_map(|xs| format!("({})", xs.join(" or "))),
            inner.prop_map(|x| format!("not ({x})")),
        ]
    })
}

#[cfg(feature = "proptest")]
/// A random ICP: requirements, exclusions and signals.
pub fn icp() -> impl Strategy<Value = (Vec<String>, Vec<String>, Vec<(i64, String)>)> {
    (
        prop::collection::vec(expr(), 1..4),
        prop::collection::vec(expr(), 0..3),
        prop::collection::vec((-20i64..30, expr()), 0..4),
    )
}

pub fn source(req: &[String], excl: &[String], signals: &[(i64, String)]) -> String {
    format!("{SCHEMA}{}", icp_block("t", req, excl, signals, ""))
}

/// One ICP block; `tiers` is the text of a `tiers { ... }` statement, or empty.
pub fn icp_block(
    id: &str,
    req: &[String],
    excl: &[String],
    signals: &[(i64, String)],
    tiers: &str,
) -> String {
    let mut s = format!("icp {id} {{\n");
    for r in req {
        s.push_str(&format!("  require {r}\n"));
    }
    for e in excl {
        s.push_str(&format!("  exclude {e}\n"));
    }
    if !signals.is_empty() {
        s.push_str("  score {\n");
        for (k, (w, c)) in signals.iter().enumerate() {
            let w = if *w == 0 { 1 } else { *w };
            s.push_str(&format!("    s{k} {w:+} when {c}\n"));
        }
        s.push_str("  }\n");
    }
    if !tiers.is_empty() {
        s.push_str(&format!("  {tiers}\n"));
    }
    s.push_str("}\n");
    s
}

/// `k / 2`, exactly.
pub fn half(k: i64) -> Num {
    Num::from_units(i128::from(k) * 500_000_000_000_000_000).unwrap_or_default()
}

/// A random partial record over [`SCHEMA`], in attribute order: each value may be missing, and
/// enum values may be inner nodes (coarse data).
#[cfg(feature = "proptest")]
pub fn record() -> impl Strategy<Value = Vec<Option<Value>>> {
    let num = |lo: i64, hi: i64| {
        prop::option::of((lo..hi).prop_map(|k| Value::Num(Num::from_i64(k).unwrap_or_default())))
    };
    (
        num(-1, 6),
        prop::option::of((-2i64..12).prop_map(|k| Value::Num(half(k)))),
        prop::option::of(any::<bool>().prop_map(Value::Bool)),
        prop::option::of((0u32..6).prop_map(Value::Enum)),
        prop::option::of((0u32..3).prop_map(Value::Enum)),
        prop::option::of(
            (0u32..8).prop_map(|m| Value::Set((0..3).filter(|i| m & (1 << i) != 0).collect())),
        ),
    )
        .prop_map(|(n, m, b, e, o, s)| vec![n, m, b, e, o, s])
}

/// Every account the enumeration covers.
pub fn accounts(spec: &Spec) -> Vec<Record> {
    let id = |name: &str| {
        spec.account
            .find(name)
            .map(|a| a.index as usize)
            .unwrap_or(0)
    };
    let (n, m, b, e, o, s) = (id("n"), id("m"), id("b"), id("e"), id("o"), id("s"));
    let width = spec.account.attrs.len();
    let mut out = Vec::new();
    let money: Vec<Num> = (-2..=10).map(half).collect();
    let leaves: Vec<u32> = spec.account.attrs[e]
        .ty
        .values()
        .map(|x| x.leaves().collect())
        .unwrap_or_default();
    for nv in -1..=5i64 {
        for &mv in &money {
            for bv in [false, true] {
                for &ev in &leaves {
                    for ov in 0..3u32 {
                        for sv in 0..8u32 {
                            let mut values = vec![None; width];
                            values[n] = Num::from_i64(nv).map(Value::Num);
                            values[m] = Some(Value::Num(mv));
                            values[b] = Some(Value::Bool(bv));
                            values[e] = Some(Value::Enum(ev));
                            values[o] = Some(Value::Enum(ov));
                            values[s] =
                                Some(Value::Set((0..3).filter(|i| sv & (1 << i) != 0).collect()));
                            out.push(Record { values });
                        }
                    }
                }
            }
        }
    }
    out
}
