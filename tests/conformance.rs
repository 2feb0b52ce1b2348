//! The conformance suite (`conformance/`): both evaluators (the reference one over the IR and
//! the compiled one `icpl match` uses) give the expected results, and the shipped compiled rules
//! are current.

mod common;

use std::path::PathBuf;

use icpl::eval::compiled::{IcpOutcome, Program};
use icpl::eval::row::{Row, attr_of, slot_of};
use icpl::eval::{Status, TierOutcome, evaluate_icp, evaluate_persona};
use icpl::records::decode::Decoder;
use icpl::sema::ir::{Entity, Record, Spec};
use serde_json::{Value as J, json};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("conformance")
}

/// A record and a row from a case's JSON records.
fn records(spec: &Spec, account: &J, contact: &J) -> (Record, Record, Row) {
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
                    .unwrap_or_else(|| panic!("unknown attribute {name}"));
                let decoder = Decoder::new(spec, id, Default::default());
                decoder
                    .json(v, &mut row)
                    .unwrap_or_else(|e| panic!("{name}: {}", e.message));
                rec.values[id.index as usize] = row.value(decoder.slot());
            }
        }
        rec
    };
    let a = fill(Entity::Account, account);
    let c = fill(Entity::Contact, contact);
    (a, c, row)
}

/// An ICP result in the suite's terms.
fn icp_json(
    spec: &Spec,
    icp: usize,
    status: Status,
    score: i64,
    range: (i64, i64),
    tier: TierOutcome,
    missing: &[usize],
) -> J {
    let tiers = &spec.icps[icp].tiers;
    let mut out = json!({
        "status": status.as_str(),
        "score": score,
        "score_range": [range.0, range.1],
        "tier": match tier { TierOutcome::Tier(t) => J::from(tiers[t].name.clone()), _ => J::Null },
        "missing": missing.iter().map(|&s| spec.attr(attr_of(spec, s)).name.clone()).collect::<Vec<_>>(),
    });
    if tier == TierOutcome::Unknown {
        out["tier_unknown"] = J::Bool(true);
    }
    out
}

fn check_subset(case: &str, what: &str, expected: &J, actual: &J) {
    let J::Object(want) = expected else {
        panic!("{case}: expected must be an object")
    };
    for (k, v) in want {
        assert_eq!(
            actual.get(k),
            Some(v),
            "case `{case}`, {what}: member `{k}` differs\n  actual: {actual}"
        );
    }
    if actual.get("tier_unknown").is_some()
        && !want.contains_key("tier_unknown")
        && want.contains_key("tier")
    {
        panic!(
            "case `{case}`, {what}: the tier is unknown but the case expects `tier` {}",
            want["tier"]
        );
    }
}

#[test]
fn both_evaluators_give_the_expected_results() {
    let comp = common::compile_file(&dir().join("spec.icp"));
    common::assert_no_errors(&comp);
    let spec = &comp.spec;
    let program = Program::compile(spec);
    let text = std::fs::read_to_string(dir().join("cases.jsonl")).unwrap_or_default();
    let mut cases = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: J = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        let name = case["name"].as_str().unwrap_or("?").to_string();
        let (account, contact, row) = records(
            spec,
            &case["account"],
            case.get("contact").unwrap_or(&J::Null),
        );
        let mut statuses = Vec::new();
        for (i, icp) in spec.icps.iter().enumerate() {
            let r = evaluate_icp(spec, icp, &account);
            statuses.push(r.status);
            let reference = icp_json(
                spec,
                i,
                r.status,
                r.score,
                (r.score_min, r.score_max),
                r.tier,
                &r.missing
                    .iter()
                    .map(|&a| slot_of(spec, a))
                    .collect::<Vec<_>>(),
            );
            let mut out = IcpOutcome::default();
            program.icp(i, &row, &mut out);
            let compiled = icp_json(
                spec,
                i,
                out.status.unwrap_or(Status::Unknown),
                out.score,
                (out.score_min, out.score_max),
                out.tier.unwrap_or(TierOutcome::None),
                &out.missing,
            );
            assert_eq!(
                reference, compiled,
                "case `{name}`, ICP `{}`: the evaluators disagree",
                icp.id
            );
            if let Some(want) = case["expected"]["icps"].get(&icp.id) {
                check_subset(&name, &format!("ICP `{}`", icp.id), want, &reference);
            }
        }
        for (p, persona) in spec.personas.iter().enumerate() {
            let r = evaluate_persona(spec, persona, &account, &contact, &statuses);
            let (mut missing, mut coarse) = (Vec::new(), Vec::new());
            let status = program.persona(p, &row, &statuses, &mut missing, &mut coarse);
            assert_eq!(
                r.status, status,
                "case `{name}`, persona `{}`: the evaluators disagree",
                persona.id
            );
            let qualified = |id: icpl::sema::ir::AttrId| {
                let e = if id.entity == Entity::Account {
                    "account"
                } else {
                    "contact"
                };
                format!("{e}.{}", spec.attr(id).name)
            };
            let names: Vec<String> = r.missing.iter().map(|&a| qualified(a)).collect();
            let compiled_names: Vec<String> = missing
                .iter()
                .map(|&s| qualified(attr_of(spec, s)))
                .collect();
            assert_eq!(
                names, compiled_names,
                "case `{name}`, persona `{}`: missing differs",
                persona.id
            );
            let actual = json!({"status": r.status.as_str(), "missing": names});
            if let Some(want) = case["expected"]["personas"].get(&persona.id) {
                check_subset(&name, &format!("persona `{}`", persona.id), want, &actual);
            }
        }
        cases += 1;
    }
    assert!(cases >= 20, "the suite has only {cases} cases");
}

#[test]
fn the_shipped_rules_are_current() {
    let comp = common::compile_file(&dir().join("spec.icp"));
    let rules = icpl::emit::json::to_string(&icpl::emit::json::rules(
        &comp.spec,
        comp.map(),
        &comp.config,
    ));
    let shipped = std::fs::read_to_string(dir().join("rules.json")).unwrap_or_default();
    assert!(
        rules == shipped,
        "conformance/rules.json is out of date: run `cargo run -- build conformance/spec.icp -o conformance/rules.json`"
    );
}
