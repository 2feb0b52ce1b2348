//! One conformance harness: every back end of the semantics runs on the same cases, and they
//! must agree exactly.
//!
//! The back ends:
//! - `reference`: the reference evaluator (`eval::evaluate_icp`, `evaluate_persona`);
//! - `compiled`: the compiled evaluator `icpl match` runs, on rows filled by the record decoder;
//! - `icpl match`: the command itself, reading the cases as JSON Lines files of accounts and
//!   contacts and writing JSON Lines;
//! - `json rules`: the JSON rules (`icpl build`) evaluated by an independent consumer written
//!   from docs/json-format.md in Python with exact decimals (`tests/harness/evaluate_rules.py`);
//! - `json-logic-js` and `json-logic-engine`: the JsonLogic target (`icpl build --target
//!   jsonlogic`) run by two JavaScript engines (ICP statuses and signals);
//! - `sat`: the analysis' encoding. With the case's known values assumed, a status or signal
//!   the reference evaluator decides must be entailed (its negation unsatisfiable): on a fully
//!   known record that is exactly the reference's answer, on a partial one Kleene's answer is
//!   sound for every completion.
//!
//! The cases: the hand-worked suite in `conformance/` (whose expected results the reference
//! must also give), the example project and the operator fixture with generated records, and
//! generated specs over every attribute type (sets of 1, 64, 200 and 5,000 values, a three-level
//! hierarchy, ordered ranks, numbers at the ends of the domain) with generated records that miss
//! values and carry coarse ones. Changing what any one back end means, alone, makes it disagree
//! with the others here.

// Test code states its expectations by panicking: the no-panic rule (the `[lints.clippy]`
// table of Cargo.toml) is for library code. `#[test]` functions are exempt through clippy.toml;
// this covers the helpers too.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::unreachable,
    clippy::indexing_slicing
)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use icpl::analysis::constraints::{icp_match_lit, persona_icp_lit, persona_own_lit};
use icpl::analysis::engine::Analysis;
use icpl::analysis::sat::{Lit, Outcome};
use icpl::compile::Compilation;
use icpl::eval::compiled::{IcpOutcome, Program};
use icpl::eval::row::{Row, attr_of};
use icpl::eval::{Records, Status, TierOutcome, Truth, eval, evaluate_icp, evaluate_persona};
use icpl::records::decode::Decoder;
use icpl::sema::ir::{AttrId, Entity, Record, Spec};
use icpl_testkit::Rng;
use icpl_testkit::generate;
use serde_json::{Value as J, json};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A spec and its cases.
struct Suite {
    name: String,
    /// Where the spec is (a file or folder), for the back ends that read it from disk.
    path: PathBuf,
    comp: Compilation,
    cases: Vec<Case>,
}

struct Case {
    name: String,
    account: J,
    contact: J,
    /// Hand-worked results, for the suite in `conformance/`.
    expected: Option<J>,
}

/// What a back end says about every case: one object per case, `{"icps": {id: {...}},
/// "personas": {id: {...}}}`, with the members that back end gives.
type Outcomes = Vec<J>;

fn truth_json(t: Truth) -> J {
    match t {
        Truth::True => J::Bool(true),
        Truth::False => J::Bool(false),
        Truth::Unknown => J::Null,
    }
}

fn names(spec: &Spec, ids: &[AttrId], qualified: bool) -> Vec<String> {
    ids.iter()
        .map(|&id| {
            let name = &spec.attr(id).name;
            match (qualified, id.entity) {
                (false, _) => name.clone(),
                (true, Entity::Account) => format!("account.{name}"),
                (true, Entity::Contact) => format!("contact.{name}"),
            }
        })
        .collect()
}

fn tier_json(spec: &Spec, icp: usize, tier: TierOutcome) -> (J, bool) {
    match tier {
        TierOutcome::Tier(t) => (J::from(spec.icps[icp].tiers[t].name.clone()), false),
        TierOutcome::None => (J::Null, false),
        TierOutcome::Unknown => (J::Null, true),
    }
}

/// The case's records as the reference evaluator reads them, and as a row, both through the
/// record decoder `icpl match` uses.
fn decode(spec: &Spec, case: &Case) -> (Record, Record, Row) {
    let mut row = Row::empty(spec);
    let mut fill = |entity: Entity, value: &J| -> Record {
        let schema = spec.schema(entity);
        let mut rec = Record {
            values: vec![None; schema.attrs.len()],
        };
        if let J::Object(members) = value {
            for (name, v) in members {
                let id = schema
                    .find(name)
                    .unwrap_or_else(|| panic!("case `{}`: unknown attribute {name}", case.name));
                let decoder = Decoder::new(spec, id, Default::default());
                decoder
                    .json(v, &mut row)
                    .unwrap_or_else(|e| panic!("case `{}`: {name}: {}", case.name, e.message));
                rec.values[id.index as usize] = row.value(decoder.slot());
            }
        }
        rec
    };
    let a = fill(Entity::Account, &case.account);
    let c = fill(Entity::Contact, &case.contact);
    (a, c, row)
}

fn reference(suite: &Suite) -> Outcomes {
    let spec = &suite.comp.spec;
    suite
        .cases
        .iter()
        .map(|case| {
            let (account, contact, _) = decode(spec, case);
            let mut icps = serde_json::Map::new();
            let mut statuses = Vec::new();
            for (i, icp) in spec.icps.iter().enumerate() {
                let r = evaluate_icp(spec, icp, &account);
                statuses.push(r.status);
                let (tier, tier_unknown) = tier_json(spec, i, r.tier);
                let records = Records {
                    account: &account,
                    contact: None,
                };
                let signals: Vec<J> = icp
                    .signals
                    .iter()
                    .map(|s| truth_json(eval(spec, &s.when.expr, records)))
                    .collect();
                icps.insert(
                    icp.id.clone(),
                    json!({
                        "status": r.status.as_str(),
                        "score": r.score,
                        "score_range": [r.score_min, r.score_max],
                        "tier": tier,
                        "tier_unknown": tier_unknown,
                        "missing": names(spec, &r.missing, false),
                        "coarse": names(spec, &r.coarse, false),
                        "signals": signals,
                    }),
                );
            }
            let mut personas = serde_json::Map::new();
            for p in &spec.personas {
                let r = evaluate_persona(spec, p, &account, &contact, &statuses);
                personas.insert(
                    p.id.clone(),
                    json!({
                        "status": r.status.as_str(),
                        "missing": names(spec, &r.missing, true),
                        "coarse": names(spec, &r.coarse, true),
                    }),
                );
            }
            json!({ "icps": icps, "personas": personas })
        })
        .collect()
}

fn compiled(suite: &Suite) -> Outcomes {
    let spec = &suite.comp.spec;
    let program = Program::compile(spec);
    let slots =
        |slots: &[usize]| -> Vec<AttrId> { slots.iter().map(|&s| attr_of(spec, s)).collect() };
    suite
        .cases
        .iter()
        .map(|case| {
            let (_, _, row) = decode(spec, case);
            let mut icps = serde_json::Map::new();
            let mut outcomes = Vec::new();
            for (i, icp) in spec.icps.iter().enumerate() {
                let mut out = IcpOutcome::default();
                program.icp(i, &row, &mut out);
                let (tier, tier_unknown) =
                    tier_json(spec, i, out.tier.unwrap_or(TierOutcome::None));
                let signals: Vec<J> = (0..icp.signals.len())
                    .map(|k| {
                        if out.signals.contains(&k) {
                            J::Bool(true)
                        } else if out.unknown_signals.contains(&k) {
                            J::Null
                        } else {
                            J::Bool(false)
                        }
                    })
                    .collect();
                icps.insert(
                    icp.id.clone(),
                    json!({
                        "status": out.status.unwrap_or(Status::Unknown).as_str(),
                        "score": out.score,
                        "score_range": [out.score_min, out.score_max],
                        "tier": tier,
                        "tier_unknown": tier_unknown,
                        "missing": names(spec, &slots(&out.missing), false),
                        "coarse": names(spec, &slots(&out.coarse), false),
                        "signals": signals,
                    }),
                );
                outcomes.push(out);
            }
            let mut personas = serde_json::Map::new();
            for (k, p) in spec.personas.iter().enumerate() {
                let (mut missing, mut coarse) = (Vec::new(), Vec::new());
                let status = program.persona(k, &row, &outcomes, &mut missing, &mut coarse);
                personas.insert(
                    p.id.clone(),
                    json!({
                        "status": status.as_str(),
                        "missing": names(spec, &slots(&missing), true),
                        "coarse": names(spec, &slots(&coarse), true),
                    }),
                );
            }
            json!({ "icps": icps, "personas": personas })
        })
        .collect()
}

fn write_lines(path: &Path, lines: impl Iterator<Item = J>) {
    let text: String = lines.map(|l| format!("{l}\n")).collect();
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// `icpl match` on the cases: each case is an account and a contact of it.
fn icpl_match(suite: &Suite, dir: &Path) -> Outcomes {
    let spec = &suite.comp.spec;
    let with_id = |record: &J, id: J, extra: Option<(&str, J)>| {
        let mut obj = record.as_object().cloned().unwrap_or_default();
        obj.insert("id".into(), id);
        if let Some((k, v)) = extra {
            obj.insert(k.into(), v);
        }
        J::Object(obj)
    };
    let accounts = dir.join("accounts.jsonl");
    let contacts = dir.join("contacts.jsonl");
    write_lines(
        &accounts,
        suite
            .cases
            .iter()
            .enumerate()
            .map(|(k, c)| with_id(&c.account, json!(format!("a{k}")), None)),
    );
    write_lines(
        &contacts,
        suite.cases.iter().enumerate().map(|(k, c)| {
            with_id(
                &c.contact,
                json!(format!("c{k}")),
                Some(("account_id", json!(format!("a{k}")))),
            )
        }),
    );
    let out = Command::new(env!("CARGO_BIN_EXE_icpl"))
        .arg("match")
        .arg(&suite.path)
        .arg("--accounts")
        .arg(&accounts)
        .arg("--contacts")
        .arg(&contacts)
        .output()
        .unwrap_or_else(|e| panic!("cannot run icpl: {e}"));
    assert!(
        out.status.success(),
        "suite `{}`: icpl match failed: {}",
        suite.name,
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<J> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(lines.len(), suite.cases.len(), "suite `{}`", suite.name);
    lines
        .iter()
        .map(|line| {
            let mut icps = serde_json::Map::new();
            for icp in &spec.icps {
                let r = &line["icps"][&icp.id];
                let listed = |key: &str, id: &str| {
                    r[key]
                        .as_array()
                        .is_some_and(|xs| xs.iter().any(|x| x == id))
                };
                let signals: Vec<J> = icp
                    .signals
                    .iter()
                    .map(|s| {
                        if listed("signals", &s.id) {
                            J::Bool(true)
                        } else if listed("unknown_signals", &s.id) {
                            J::Null
                        } else {
                            J::Bool(false)
                        }
                    })
                    .collect();
                let mut view = json!({
                    "status": r["status"],
                    "tier": r["tier"],
                    "tier_unknown": r.get("tier_unknown").cloned().unwrap_or(J::Bool(false)),
                    "missing": r["missing"],
                    "coarse": r.get("coarse").cloned().unwrap_or(json!([])),
                    "signals": signals,
                });
                // `icpl match` writes a score only for a match, and the range of an unknown
                // result; a non-match carries neither (docs/matching.md).
                match r["status"].as_str() {
                    Some("match") => {
                        let score = r["score"].clone();
                        view["score_range"] = match r.get("score_range") {
                            Some(range) => range.clone(),
                            None => json!([score, score]),
                        };
                        view["score"] = score;
                    }
                    Some("unknown") => {
                        assert!(r["score"].is_null(), "an unknown result has no score: {r}");
                        view["score_range"] = r["score_range"].clone();
                    }
                    _ => assert!(
                        r["score"].is_null() && r.get("score_range").is_none(),
                        "a non-match has no score: {r}"
                    ),
                }
                icps.insert(icp.id.clone(), view);
            }
            let mut personas = serde_json::Map::new();
            for p in &spec.personas {
                let r = &line["personas"][&p.id];
                personas.insert(
                    p.id.clone(),
                    json!({
                        "status": r["status"],
                        "missing": r["missing"],
                        "coarse": r.get("coarse").cloned().unwrap_or(json!([])),
                    }),
                );
            }
            json!({ "icps": icps, "personas": personas })
        })
        .collect()
}

fn cases_file(suite: &Suite, dir: &Path) -> PathBuf {
    let path = dir.join("cases.jsonl");
    write_lines(
        &path,
        suite
            .cases
            .iter()
            .map(|c| json!({ "account": c.account, "contact": c.contact })),
    );
    path
}

/// The JSON rules, evaluated by the independent Python consumer.
fn json_rules(suite: &Suite, dir: &Path) -> Outcomes {
    let comp = &suite.comp;
    let text = icpl::emit::json::to_string(&icpl::emit::json::rules(
        &comp.spec,
        comp.map(),
        &comp.config,
    ));
    json_rules_of(suite, dir, &text)
}

/// The JSON rules `text`, evaluated by the independent Python consumer.
fn json_rules_of(suite: &Suite, dir: &Path, text: &str) -> Outcomes {
    let rules = dir.join("rules.json");
    std::fs::write(&rules, text).unwrap_or_else(|e| panic!("{e}"));
    let cases = cases_file(suite, dir);
    let out = Command::new("python3")
        .arg(root().join("tests/harness/evaluate_rules.py"))
        .arg(&rules)
        .arg(&cases)
        .output()
        .unwrap_or_else(|e| panic!("cannot run python3 (install Python 3): {e}"));
    assert!(
        out.status.success(),
        "suite `{}`: evaluate_rules.py failed: {}",
        suite.name,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// The JsonLogic target, run by a JavaScript engine: ICP statuses and signals.
fn jsonlogic(suite: &Suite, dir: &Path, engine: &str) -> Outcomes {
    let node_modules = root().join("tests/jsonlogic/node_modules").join(engine);
    assert!(
        node_modules.exists(),
        "{engine} is not installed: run `npm ci --prefix tests/jsonlogic` (.ci/run does)"
    );
    let text = icpl::emit::jsonlogic::to_string(&suite.comp.spec)
        .unwrap_or_else(|e| panic!("suite `{}`: {e:?}", suite.name));
    jsonlogic_of(suite, dir, engine, &text)
}

/// The JsonLogic rules `text`, run by a JavaScript engine.
fn jsonlogic_of(suite: &Suite, dir: &Path, engine: &str, text: &str) -> Outcomes {
    let rules = dir.join("rules.jsonlogic.json");
    std::fs::write(&rules, text).unwrap_or_else(|e| panic!("{e}"));
    let accounts = dir.join("accounts.only.jsonl");
    write_lines(&accounts, suite.cases.iter().map(|c| c.account.clone()));
    let out = Command::new("node")
        .arg(root().join("tests/jsonlogic/evaluate.js"))
        .arg(&rules)
        .arg(&accounts)
        .arg(engine)
        .output()
        .unwrap_or_else(|e| panic!("cannot run node (install Node.js): {e}"));
    assert!(
        out.status.success(),
        "suite `{}`: node failed with {engine}: {}",
        suite.name,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let r: J = serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
            let icps: serde_json::Map<String, J> = r
                .as_object()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(|(id, v)| {
                    (
                        id,
                        json!({ "status": v["status"], "signals": v["signals"] }),
                    )
                })
                .collect();
            json!({ "icps": icps })
        })
        .collect()
}

/// Holds the SAT encoding to the reference evaluator: with the case's known values assumed, a
/// status or signal the reference decides is entailed.
fn sat(suite: &Suite, expected: &Outcomes) {
    let spec = &suite.comp.spec;
    let mut an = Analysis::new(spec);
    // The literals of every status and signal, encoded before the values are assumed (a set
    // has propositions only for the values criteria mention).
    let icp_lits: Vec<Lit> = spec
        .icps
        .iter()
        .map(|icp| icp_match_lit(&mut an, icp))
        .collect();
    let signal_lits: Vec<Vec<Lit>> = spec
        .icps
        .iter()
        .map(|icp| icp.signals.iter().map(|s| an.lit(&s.when.expr)).collect())
        .collect();
    let persona_lits: Vec<Lit> = spec
        .personas
        .iter()
        .map(|p| {
            let in_icps = persona_icp_lit(&mut an, spec, p);
            let own = persona_own_lit(&mut an, p);
            an.and(&[in_icps, own])
        })
        .collect();
    let entails = |an: &mut Analysis, known: &[Lit], lit: Lit, truth: &J, what: &str| {
        let claim = match truth.as_bool() {
            Some(true) => lit,
            Some(false) => !lit,
            None => return,
        };
        let mut assumptions = known.to_vec();
        assumptions.push(!claim);
        assert_eq!(
            an.solve(&assumptions),
            Outcome::Unsat,
            "suite `{}`: the encoding does not entail {what} = {truth}",
            suite.name
        );
        // The known values themselves are consistent (the record is a model of them).
        assumptions.pop();
        assumptions.push(claim);
        assert_eq!(
            an.solve(&assumptions),
            Outcome::Sat,
            "suite `{}`: {what}",
            suite.name
        );
    };
    for (case, want) in suite.cases.iter().zip(expected) {
        let (account, contact, _) = decode(spec, case);
        let mut known = Vec::new();
        for (entity, record) in [(Entity::Account, &account), (Entity::Contact, &contact)] {
            for (i, v) in record.values.iter().enumerate() {
                if let Some(v) = v {
                    known.push(an.value_lit(
                        AttrId {
                            entity,
                            index: i as u32,
                        },
                        v,
                    ));
                }
            }
        }
        let status = |s: &J| match s.as_str() {
            Some("match") => J::Bool(true),
            Some("no_match") => J::Bool(false),
            _ => J::Null,
        };
        for (i, icp) in spec.icps.iter().enumerate() {
            let r = &want["icps"][&icp.id];
            let what = format!("case `{}`, ICP `{}` status", case.name, icp.id);
            entails(&mut an, &known, icp_lits[i], &status(&r["status"]), &what);
            for (k, s) in icp.signals.iter().enumerate() {
                let what = format!("case `{}`, signal `{}`", case.name, s.id);
                entails(&mut an, &known, signal_lits[i][k], &r["signals"][k], &what);
            }
        }
        for (k, p) in spec.personas.iter().enumerate() {
            let r = &want["personas"][&p.id];
            let what = format!("case `{}`, persona `{}`", case.name, p.id);
            entails(
                &mut an,
                &known,
                persona_lits[k],
                &status(&r["status"]),
                &what,
            );
        }
    }
}

/// Every member a back end gives equals the reference's.
fn agree(suite: &Suite, backend: &str, reference: &Outcomes, other: &Outcomes) {
    assert_eq!(
        reference.len(),
        other.len(),
        "suite `{}`, {backend}",
        suite.name
    );
    for ((case, want), got) in suite.cases.iter().zip(reference).zip(other) {
        for kind in ["icps", "personas"] {
            let Some(got) = got.get(kind).and_then(J::as_object) else {
                continue;
            };
            for (id, members) in got {
                for (member, value) in members.as_object().into_iter().flatten() {
                    let expected = &want[kind][id][member];
                    assert_eq!(
                        value, expected,
                        "suite `{}`, case `{}` ({} / {}): {backend} says {kind} `{id}` {member} = {value}, the reference {expected}",
                        suite.name, case.name, case.account, case.contact
                    );
                }
            }
        }
    }
}

fn check_expected(suite: &Suite, reference: &Outcomes) {
    for (case, got) in suite.cases.iter().zip(reference) {
        let Some(expected) = &case.expected else {
            continue;
        };
        for kind in ["icps", "personas"] {
            for (id, want) in expected[kind].as_object().into_iter().flatten() {
                for (member, value) in want.as_object().into_iter().flatten() {
                    assert_eq!(
                        &got[kind][id][member], value,
                        "case `{}`, {kind} `{id}`: member `{member}` differs from the hand-worked result\n  got: {}",
                        case.name, got[kind][id]
                    );
                }
                if got[kind][id]["tier_unknown"] == J::Bool(true)
                    && want.get("tier").is_some()
                    && want.get("tier_unknown").is_none()
                {
                    panic!(
                        "case `{}`, {kind} `{id}`: the tier is unknown but the case expects a tier",
                        case.name
                    );
                }
            }
        }
    }
}

/// Runs every back end on a suite.
fn run(suite: &Suite) {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = tmp.path();
    let reference = reference(suite);
    check_expected(suite, &reference);
    agree(
        suite,
        "the compiled evaluator",
        &reference,
        &compiled(suite),
    );
    agree(suite, "icpl match", &reference, &icpl_match(suite, dir));
    agree(
        suite,
        "the JSON rules (Python)",
        &reference,
        &json_rules(suite, dir),
    );
    for engine in ["json-logic-js", "json-logic-engine"] {
        agree(suite, engine, &reference, &jsonlogic(suite, dir, engine));
    }
    sat(suite, &reference);
}

fn generated_cases(spec: &Spec, rng: &mut Rng, n: usize) -> Vec<Case> {
    (0..n)
        .map(|k| Case {
            name: format!("generated {k}"),
            account: generate::record(rng, spec, Entity::Account),
            contact: if rng.one_in(6) {
                json!({})
            } else {
                generate::record(rng, spec, Entity::Contact)
            },
            expected: None,
        })
        .collect()
}

fn suite_from(name: &str, path: PathBuf, seed: u64, n: usize) -> Suite {
    let comp = common::compile_file(&path);
    common::assert_no_errors(&comp);
    let cases = generated_cases(&comp.spec, &mut Rng::new(seed), n);
    Suite {
        name: name.into(),
        path,
        comp,
        cases,
    }
}

#[test]
fn the_hand_worked_suite() {
    let path = root().join("conformance/spec.icp");
    let comp = common::compile_file(&path);
    common::assert_no_errors(&comp);
    let text = std::fs::read_to_string(root().join("conformance/cases.jsonl")).unwrap_or_default();
    let cases: Vec<Case> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let case: J = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
            Case {
                name: case["name"].as_str().unwrap_or("?").to_string(),
                account: case["account"].clone(),
                contact: case.get("contact").cloned().unwrap_or(json!({})),
                expected: Some(case["expected"].clone()),
            }
        })
        .collect();
    assert!(
        cases.len() >= 20,
        "the suite has only {} cases",
        cases.len()
    );
    run(&Suite {
        name: "conformance".into(),
        path,
        comp,
        cases,
    });
}

/// The harness catches a back end changed alone: the JSON rules and the JsonLogic rules, each
/// with one comparison of the conformance spec turned around (`employees >= 100` read as
/// `employees < 100`) and nothing else changed, disagree with the reference on generated
/// records.
#[test]
fn a_back_end_changed_alone_disagrees_with_the_others() {
    let suite = suite_from(
        "conformance spec",
        root().join("conformance/spec.icp"),
        7,
        300,
    );
    let reference = reference(&suite);
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = tmp.path();
    let disagrees = |backend: &str, outcomes: &Outcomes| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            agree(&suite, backend, &reference, outcomes)
        }))
        .is_err()
    };

    let comp = &suite.comp;
    let rules = icpl::emit::json::to_string(&icpl::emit::json::rules(
        &comp.spec,
        comp.map(),
        &comp.config,
    ));
    // As emitted, the consumer agrees; with the first `ge` made `lt`, it must not.
    assert!(!disagrees(
        "the JSON rules",
        &json_rules_of(&suite, dir, &rules)
    ));
    let changed = rules.replacen("\"op\": \"ge\"", "\"op\": \"lt\"", 1);
    assert_ne!(
        changed, rules,
        "the rules hold no `ge` comparison to change"
    );
    assert!(
        disagrees(
            "the changed JSON rules",
            &json_rules_of(&suite, dir, &changed)
        ),
        "a JSON rule changed alone went unnoticed"
    );

    let logic = icpl::emit::jsonlogic::to_string(&comp.spec).unwrap_or_else(|e| panic!("{e:?}"));
    let engine = "json-logic-js";
    assert!(!disagrees(
        engine,
        &jsonlogic_of(&suite, dir, engine, &logic)
    ));
    // `{"<=": [100, employees]}` (employees >= 100) made `{">": [100, employees]}`.
    let changed = logic.replacen("\"<=\": [", "\">\": [", 1);
    assert_ne!(changed, logic, "the JsonLogic rules hold no `<=` to change");
    assert!(
        disagrees(engine, &jsonlogic_of(&suite, dir, engine, &changed)),
        "a JsonLogic rule changed alone went unnoticed"
    );
}

#[test]
fn the_conformance_spec_on_generated_records() {
    run(&suite_from(
        "conformance spec",
        root().join("conformance/spec.icp"),
        42,
        1500,
    ));
}

#[test]
fn the_example_project_on_generated_records() {
    run(&suite_from(
        "example project",
        root().join("specs"),
        0x9e37_79b9_7f4a_7c15,
        1500,
    ));
}

#[test]
fn the_operator_fixture_on_generated_records() {
    run(&suite_from(
        "operators",
        root().join("tests/fixtures/build/operators.icp"),
        7,
        1500,
    ));
}

/// Random specs over every attribute type, sets of 1 to 5,000 values included.
#[test]
fn generated_specs_over_every_type() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut rng = Rng::new(0x5eed_1234_abcd_0001);
    let schema_len = generate::schema().len();
    for k in 0..12 {
        let text = generate::spec(&mut rng);
        let path = tmp.path().join(format!("spec{k}.icp"));
        std::fs::write(&path, &text).unwrap_or_else(|e| panic!("{e}"));
        // Random criteria may contradict each other: the lints would say so, and the rules
        // still mean something, so they are compiled without them.
        let loaded = icpl::source::load_spec(&path).unwrap_or_else(|e| panic!("{e}"));
        let comp = icpl::compile::compile_with(loaded, icpl::compile::Options::rules_only());
        common::assert_no_errors(&comp);
        let cases = generated_cases(&comp.spec, &mut rng, 250);
        run(&Suite {
            name: format!(
                "generated spec {k}, after its schema:\n{}",
                &text[schema_len..]
            ),
            path,
            comp,
            cases,
        });
    }
}

#[test]
fn the_shipped_rules_are_current() {
    let comp = common::compile_file(&root().join("conformance/spec.icp"));
    let rules = icpl::emit::json::to_string(&icpl::emit::json::rules(
        &comp.spec,
        comp.map(),
        &comp.config,
    ));
    let shipped =
        std::fs::read_to_string(root().join("conformance/rules.json")).unwrap_or_default();
    assert!(
        rules == shipped,
        "conformance/rules.json is out of date: run `cargo run -- build conformance/spec.icp -o conformance/rules.json`"
    );
}
