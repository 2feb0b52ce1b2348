//! The JsonLogic output means what icpl means: a real JsonLogic engine (json-logic-js, from
//! npm, installed into tests/jsonlogic by `npm ci --prefix tests/jsonlogic`) evaluates it on
//! random records, and every ICP status and signal agrees with the reference evaluator.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use icpl::eval::{Records, Truth, eval, evaluate_icp};
use icpl::sema::ir::{Expr, Record, Spec, Test, Type, Value};
use serde_json::{Value as J, json};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/jsonlogic")
}

/// A small deterministic generator (xorshift), so that failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Every numeric constant the spec compares an attribute with, and its neighbours.
fn interesting(spec: &Spec, attr: usize) -> Vec<f64> {
    let mut out = vec![0.0, 1e12];
    let mut visit = |e: &Expr| {
        e.for_each_atom(&mut |a| {
            if a.attr.index as usize != attr || a.attr.entity != icpl::sema::ir::Entity::Account {
                return;
            }
            let cs: Vec<f64> = match &a.test {
                Test::Compare(_, c) => vec![c.to_f64()],
                Test::Between(lo, hi) => vec![lo.to_f64(), hi.to_f64()],
                _ => vec![],
            };
            for c in cs {
                out.extend([c - 1.0, c - 0.5, c, c + 0.5, c + 1.0]);
            }
        });
    };
    for icp in &spec.icps {
        for c in icp.requires.iter().chain(&icp.excludes) {
            visit(&c.expr);
        }
        for s in &icp.signals {
            visit(&s.when.expr);
        }
    }
    out
}

fn random_record(spec: &Spec, rng: &mut Rng) -> (Record, J) {
    let mut values = Vec::new();
    let mut obj = serde_json::Map::new();
    for (i, attr) in spec.account.attrs.iter().enumerate() {
        if rng.below(5) == 0 {
            values.push(None);
            continue;
        }
        let (v, j) = match &attr.ty {
            Type::Int | Type::Money | Type::Percent => {
                let choices = interesting(spec, i);
                let mut x = choices[rng.below(choices.len())];
                if attr.ty == Type::Int {
                    x = x.floor();
                }
                (
                    Value::Num(icpl::num::parse_decimal(&x.to_string()).unwrap_or_default()),
                    json!(x),
                )
            }
            Type::Bool => {
                let b = rng.below(2) == 0;
                (Value::Bool(b), json!(b))
            }
            Type::Enum(e) => {
                let v = rng.below(e.values.len()) as u32;
                (Value::Enum(v), json!(e.name(v)))
            }
            Type::Set(e) => {
                let members: Vec<u32> = (0..e.values.len() as u32)
                    .filter(|_| rng.below(3) == 0)
                    .collect();
                let names: Vec<&str> = members.iter().map(|&v| e.name(v)).collect();
                (Value::Set(members), json!(names))
            }
        };
        values.push(Some(v));
        obj.insert(attr.name.clone(), j);
    }
    (Record { values }, J::Object(obj))
}

fn truth(t: Truth) -> J {
    match t {
        Truth::True => J::Bool(true),
        Truth::False => J::Bool(false),
        Truth::Unknown => J::Null,
    }
}

/// The JsonLogic engines every rule is run in: the reference implementation, and a compiling
/// one that is stricter about operand types (it throws on `==` with an array, for one).
const ENGINES: [&str; 2] = ["json-logic-js", "json-logic-engine"];

fn agree_on(spec_path: &Path, records: usize, seed: u64) {
    for engine in ENGINES {
        assert!(
            dir().join("node_modules").join(engine).exists(),
            "{engine} is not installed: run `npm ci --prefix tests/jsonlogic` (.ci/run does)"
        );
    }
    let comp = common::compile_file(spec_path);
    common::assert_no_errors(&comp);
    let spec = &comp.spec;
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let rules = tmp.path().join("rules.json");
    std::fs::write(
        &rules,
        icpl::emit::jsonlogic::to_string(spec).unwrap_or_else(|e| panic!("{e:?}")),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut rng = Rng(seed);
    let mut generated = Vec::new();
    let mut lines = String::new();
    for _ in 0..records {
        let (record, json) = random_record(spec, &mut rng);
        lines.push_str(&json.to_string());
        lines.push('\n');
        generated.push(record);
    }
    let data = tmp.path().join("records.jsonl");
    std::fs::write(&data, &lines).unwrap_or_else(|e| panic!("{e}"));
    for engine in ENGINES {
        check_engine(engine, spec, &rules, &data, &generated, &lines);
    }
}

/// Runs one engine on the records and compares every ICP status and signal with icpl's.
fn check_engine(
    engine_name: &str,
    spec: &Spec,
    rules: &Path,
    data: &Path,
    generated: &[Record],
    lines: &str,
) {
    let records = generated.len();
    let out = Command::new("node")
        .arg(dir().join("evaluate.js"))
        .arg(rules)
        .arg(data)
        .arg(engine_name)
        .output()
        .unwrap_or_else(|e| panic!("cannot run node (install Node.js): {e}"));
    assert!(
        out.status.success(),
        "node failed with {engine_name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let results: Vec<J> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(results.len(), records);
    for (k, (record, engine)) in generated.iter().zip(&results).enumerate() {
        for icp in &spec.icps {
            let r = evaluate_icp(spec, icp, record);
            let expected_signals: Vec<J> = icp
                .signals
                .iter()
                .map(|s| {
                    truth(eval(
                        spec,
                        &s.when.expr,
                        Records {
                            account: record,
                            contact: None,
                        },
                    ))
                })
                .collect();
            let expected = json!({ "status": r.status.as_str(), "signals": expected_signals });
            assert_eq!(
                engine[&icp.id],
                expected,
                "record {k} ({}), ICP `{}`: {engine_name} disagrees with icpl",
                lines.lines().nth(k).unwrap_or(""),
                icp.id
            );
        }
    }
}

#[test]
fn json_logic_js_agrees_on_the_example_project() {
    agree_on(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("specs"),
        3000,
        0x9e37_79b9_7f4a_7c15,
    );
}

#[test]
fn json_logic_js_agrees_on_the_conformance_spec() {
    agree_on(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("conformance/spec.icp"),
        3000,
        42,
    );
}

#[test]
fn json_logic_js_agrees_on_the_operator_fixture() {
    agree_on(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/build/operators.icp"),
        2000,
        7,
    );
}

/// Constants that doubles cannot compare exactly are refused, with where they are; whole
/// numbers and short decimals are written.
#[test]
fn constants_engines_cannot_compare_exactly_are_refused() {
    let spec = |criterion: &str| {
        let text = format!(
            "account {{\n  revenue: money\n  employees: int\n}}\nicp t {{\n  require {criterion}\n}}\n"
        );
        let comp = common::compile_text_unlinted(&text);
        common::assert_no_errors(&comp);
        comp
    };
    for ok in [
        "revenue > $0.3",
        "employees <= 9007199254740991",
        "revenue > $123456789012.345",
        "revenue in $0.000000000000000001..$1",
    ] {
        let comp = spec(ok);
        assert!(icpl::emit::jsonlogic::document(&comp.spec).is_ok(), "{ok}");
    }
    for bad in [
        "revenue > $0.30000000000000001",
        "revenue in $1..$1234567890123.4567",
        "not (revenue == $0.1000000000000001)",
    ] {
        let comp = spec(bad);
        let problems = icpl::emit::jsonlogic::document(&comp.spec)
            .err()
            .unwrap_or_else(|| panic!("{bad} was written"));
        assert_eq!(problems.len(), 1, "{bad}");
        assert_eq!(problems[0].code, "inexact-constant", "{bad}");
        let span = problems[0].primary_span().unwrap_or_default();
        assert!(comp.map().slice(span).starts_with("revenue"), "{bad}");
    }
}
