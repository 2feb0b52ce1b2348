//! Small random specs with several ICPs and personas, whose every account and contact can be
//! enumerated: the schema has one attribute of a few kinds with tiny domains (whole numbers
//! from -1 to 4 for constants 0 to 3, every leaf of a hierarchical enum, every subset of a set,
//! both bools; every contact value), so one representative of every region the criteria can
//! tell apart covers all (account, contact) pairs. Each item and criterion is on a line of its
//! own, and [`Layout`] says which, so findings can be matched with what they are about.

use icpl::num::Num;
use icpl::sema::ir::{Record, Spec, Value};
use proptest::prelude::*;

pub const SCHEMA: &str = "account {
  n: int
  e: enum { x { x1, x2 }, y }
  s: set { s1, s2 }
  b: bool
}
contact {
  d: enum { d1, d2, d3 }
  r: ordered enum { lo, hi }
}
";

fn cmp() -> impl Strategy<Value = &'static str> + Clone {
    prop::sample::select(vec!["==", "!=", "<", "<=", ">", ">="])
}

pub fn account_atom() -> impl Strategy<Value = String> + Clone {
    let node = prop::sample::select(vec!["x", "x1", "x2", "y"]);
    let item = prop::sample::select(vec!["s1", "s2"]);
    prop_oneof![
        (cmp(), 0..4i32).prop_map(|(c, k)| format!("n {c} {k}")),
        (0..4i32, 0..4i32).prop_map(|(a, b)| format!("n in {}..{}", a.min(b), a.max(b))),
        prop::collection::vec(node.clone(), 1..3).prop_map(|v| format!("e in [{}]", dedup(v))),
        node.prop_map(|v| format!("e != {v}")),
        item.clone().prop_map(|i| format!("s has {i}")),
        (
            prop::sample::select(vec!["any", "all", "none"]),
            prop::collection::vec(item, 1..3)
        )
            .prop_map(|(m, v)| format!("s has {m} [{}]", dedup(v))),
        Just("b".to_string()),
        Just("not b".to_string()),
    ]
}

pub fn contact_atom() -> impl Strategy<Value = String> + Clone {
    let dept = prop::sample::select(vec!["d1", "d2", "d3"]);
    let rank = prop::sample::select(vec!["lo", "hi"]);
    prop_oneof![
        prop::collection::vec(dept.clone(), 1..3).prop_map(|v| format!("d in [{}]", dedup(v))),
        dept.prop_map(|v| format!("d != {v}")),
        (cmp(), rank).prop_map(|(c, r)| format!("r {c} {r}")),
    ]
}

fn dedup(mut v: Vec<&str>) -> String {
    v.sort_unstable();
    v.dedup();
    v.join(", ")
}

/// An expression over some atoms, at most two connectives deep.
pub fn expr(atom: impl Strategy<Value = String> + Clone + 'static) -> BoxedStrategy<String> {
    atom.prop_recursive(2, 6, 2, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 2..3)
                .prop_map(|xs| format!("({})", xs.join(" and "))),
            prop::collection::vec(inner.clone(), 2..3)
                .prop_map(|xs| format!("({})", xs.join(" or "))),
            inner.prop_map(|x| format!("not ({x})")),
        ]
    })
    .boxed()
}

#[derive(Clone, Debug)]
pub struct IcpGen {
    pub requires: Vec<String>,
    pub excludes: Vec<String>,
    pub signals: Vec<(i64, String)>,
    /// Tier thresholds, highest first, and whether a catch-all tier follows.
    pub tiers: Vec<i64>,
    pub catch_all: bool,
}

#[derive(Clone, Debug)]
pub struct PersonaGen {
    /// ICPs by index (into the spec's ICPs), in order, without repeats.
    pub icps: Vec<usize>,
    pub requires: Vec<String>,
    pub excludes: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct SpecGen {
    pub icps: Vec<IcpGen>,
    pub personas: Vec<PersonaGen>,
}

fn icp_gen() -> impl Strategy<Value = IcpGen> {
    let a = expr(account_atom());
    // Mostly plain atoms, so that ICPs often match someone and overlap in varied ways.
    let simple = prop_oneof![3 => account_atom(), 1 => a.clone()];
    (
        prop::collection::vec(simple.clone(), 0..3),
        prop::collection::vec(simple, 0..3),
        prop::collection::vec((-10i64..15, a), 0..3),
        prop::collection::vec(-5i64..20, 0..3),
        any::<bool>(),
    )
        .prop_map(|(requires, excludes, signals, mut tiers, catch_all)| {
            tiers.sort_unstable_by(|x, y| y.cmp(x));
            tiers.dedup();
            let signals: Vec<(i64, String)> = signals
                .into_iter()
                .map(|(w, c)| (if w == 0 { 1 } else { w }, c))
                .collect();
            let has_tiers = !signals.is_empty() && (!tiers.is_empty() || catch_all);
            IcpGen {
                requires,
                excludes,
                tiers: if has_tiers { tiers } else { Vec::new() },
                catch_all: has_tiers && catch_all,
                signals,
            }
        })
}

fn persona_gen(icps: usize) -> impl Strategy<Value = PersonaGen> {
    let any = prop_oneof![
        2 => contact_atom(),
        1 => account_atom(),
        1 => expr(prop_oneof![account_atom(), contact_atom(), contact_atom()]),
    ];
    (
        prop::collection::vec(0..icps, 0..4),
        prop::collection::vec(any.clone(), 0..3),
        prop::collection::vec(any, 0..2),
    )
        .prop_map(|(mut for_list, requires, excludes)| {
            let mut seen = Vec::new();
            for_list.retain(|i| {
                let fresh = !seen.contains(i);
                seen.push(*i);
                fresh
            });
            PersonaGen {
                icps: for_list,
                requires,
                excludes,
            }
        })
}

/// A spec of one to three ICPs and zero to three personas.
pub fn spec_gen() -> impl Strategy<Value = SpecGen> {
    prop::collection::vec(icp_gen(), 1..4).prop_flat_map(|icps| {
        let n = icps.len();
        prop::collection::vec(persona_gen(n), 0..4).prop_map(move |personas| SpecGen {
            icps: icps.clone(),
            personas,
        })
    })
}

/// Where each item and criterion of a rendered spec is (1-based lines).
#[derive(Clone, Debug, Default)]
pub struct Layout {
    pub icp: Vec<u32>,
    /// Per ICP: its requirements, then its exclusions.
    pub icp_criteria: Vec<Vec<u32>>,
    pub signals: Vec<Vec<u32>>,
    pub tiers: Vec<Option<u32>>,
    pub persona: Vec<u32>,
    /// Per persona: its requirements, then its exclusions.
    pub persona_criteria: Vec<Vec<u32>>,
}

impl SpecGen {
    pub fn render(&self) -> (String, Layout) {
        let mut out = String::from(SCHEMA);
        let mut layout = Layout::default();
        let mut line = SCHEMA.lines().count() as u32;
        let mut push = |out: &mut String, text: String| -> u32 {
            out.push_str(&text);
            out.push('\n');
            line += 1;
            line
        };
        for (k, icp) in self.icps.iter().enumerate() {
            layout.icp.push(push(&mut out, format!("icp i{k} {{")));
            let mut crit = Vec::new();
            for r in &icp.requires {
                crit.push(push(&mut out, format!("  require {r}")));
            }
            for e in &icp.excludes {
                crit.push(push(&mut out, format!("  exclude {e}")));
            }
            layout.icp_criteria.push(crit);
            let mut sigs = Vec::new();
            if !icp.signals.is_empty() {
                push(&mut out, "  score {".into());
                for (j, (w, c)) in icp.signals.iter().enumerate() {
                    sigs.push(push(&mut out, format!("    g{j} {w:+} when {c}")));
                }
                push(&mut out, "  }".into());
            }
            layout.signals.push(sigs);
            let mut tiers: Vec<String> = icp
                .tiers
                .iter()
                .enumerate()
                .map(|(j, t)| format!("T{j} >= {t}"))
                .collect();
            if icp.catch_all {
                tiers.push("Rest".into());
            }
            layout.tiers.push(if tiers.is_empty() {
                None
            } else {
                Some(push(
                    &mut out,
                    format!("  tiers {{ {} }}", tiers.join(", ")),
                ))
            });
            push(&mut out, "}".into());
        }
        for (k, p) in self.personas.iter().enumerate() {
            let header = if p.icps.is_empty() {
                format!("persona p{k} {{")
            } else {
                let ids: Vec<String> = p.icps.iter().map(|i| format!("i{i}")).collect();
                format!("persona p{k} for {} {{", ids.join(", "))
            };
            layout.persona.push(push(&mut out, header));
            let mut crit = Vec::new();
            for r in &p.requires {
                crit.push(push(&mut out, format!("  require {r}")));
            }
            for e in &p.excludes {
                crit.push(push(&mut out, format!("  exclude {e}")));
            }
            layout.persona_criteria.push(crit);
            push(&mut out, "  goals [\"g\"]".into());
            push(&mut out, "  pains [\"p\"]".into());
            push(&mut out, "}".into());
        }
        (out, layout)
    }
}

/// Every (account, contact) pair the enumeration covers.
pub fn pairs(spec: &Spec) -> Vec<(Record, Record)> {
    let acc = |name: &str| spec.account.find(name).map_or(0, |a| a.index as usize);
    let con = |name: &str| spec.contact.find(name).map_or(0, |a| a.index as usize);
    let leaves: Vec<u32> = spec.account.attrs[acc("e")]
        .ty
        .values()
        .map(|x| x.leaves().collect())
        .unwrap_or_default();
    let (aw, cw) = (spec.account.attrs.len(), spec.contact.attrs.len());
    let mut accounts = Vec::new();
    for n in -1..=4i64 {
        for &e in &leaves {
            for s in 0..4u32 {
                for b in [false, true] {
                    let mut values = vec![None; aw];
                    values[acc("n")] = Num::from_i64(n).map(Value::Num);
                    values[acc("e")] = Some(Value::Enum(e));
                    values[acc("s")] =
                        Some(Value::Set((0..2).filter(|i| s & (1 << i) != 0).collect()));
                    values[acc("b")] = Some(Value::Bool(b));
                    accounts.push(Record { values });
                }
            }
        }
    }
    let mut out = Vec::new();
    for a in &accounts {
        for d in 0..3u32 {
            for r in 0..2u32 {
                let mut values = vec![None; cw];
                values[con("d")] = Some(Value::Enum(d));
                values[con("r")] = Some(Value::Enum(r));
                out.push((a.clone(), Record { values }));
            }
        }
    }
    out
}
