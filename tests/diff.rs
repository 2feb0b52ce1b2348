//! `icpl diff`: the verdicts, regions, examples, score and tier effects are exact (checked by
//! enumeration on random small specs), equivalent rewrites are no change, and the command works
//! on folders and git revisions.

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

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use icpl::compile::Compilation;
use icpl::diff::{self, Report, ScoreChange, Status, Verdict, Version};
use icpl::sema::ir::Record;
use icpl_testkit::brute::{holds as truth, matches, score, tier};
use icpl_testkit::small::{SCHEMA, accounts, expr, icp, icp_block};
use proptest::prelude::*;

fn compile(text: &str) -> Compilation {
    let comp = common::compile_text_unlinted(text);
    common::assert_no_errors(&comp);
    comp
}

fn run_diff(old: &Compilation, new: &Compilation) -> Report {
    diff::diff(
        &Version {
            label: "old".into(),
            spec: &old.spec,
            map: old.map(),
        },
        &Version {
            label: "new".into(),
            spec: &new.spec,
            map: new.map(),
        },
    )
}

fn diff_texts(old: &str, new: &str) -> Report {
    run_diff(&compile(old), &compile(new))
}

/// Tiers with random thresholds (in order), or none.
fn tiers() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        (-10i64..40, 0i64..30)
            .prop_map(|(b, gap)| format!("tiers {{ A >= {}, B >= {b}, C }}", b + gap + 1)),
        (-10i64..40).prop_map(|a| format!("tiers {{ A >= {a}, B }}")),
    ]
}

type Parts = (Vec<String>, Vec<String>, Vec<(i64, String)>);

/// An old ICP and a new one: either unrelated, or the old one edited a little.
fn versions() -> impl Strategy<Value = (Parts, Parts, String, String)> {
    (
        icp(),
        icp(),
        expr(),
        0..4usize,
        -20i64..30,
        tiers(),
        tiers(),
    )
        .prop_map(|(old, other, extra, edit, weight, t_old, t_new)| {
            let new = match edit {
                0 => other,
                1 => {
                    let mut n = old.clone();
                    n.0.push(extra);
                    n
                }
                2 => {
                    let mut n = old.clone();
                    if n.0.len() > 1 {
                        n.0.remove(0);
                    } else {
                        n.1.push(extra);
                    }
                    n
                }
                _ => {
                    let mut n = old.clone();
                    match n.2.first_mut() {
                        Some(s) => s.0 = weight,
                        None => n.2.push((weight, extra)),
                    }
                    n
                }
            };
            (old, new, t_old, t_new)
        })
}

fn spec_text(p: &Parts, tiers: &str) -> String {
    format!("{SCHEMA}{}", icp_block("t", &p.0, &p.1, &p.2, tiers))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 120, ..ProptestConfig::default() })]

    #[test]
    fn verdicts_regions_examples_scores_and_tiers_are_exact((old, new, t_old, t_new) in versions()) {
        let (old_text, new_text) = (spec_text(&old, &t_old), spec_text(&new, &t_new));
        let (oc, nc) = (common::compile_text_unlinted(&old_text), common::compile_text_unlinted(&new_text));
        prop_assume!(!oc.has_errors() && !nc.has_errors());
        let report = run_diff(&oc, &nc);
        let (os, ns) = (&oc.spec, &nc.spec);
        let (oi, ni) = (&os.icps[0], &ns.icps[0]);
        let all = accounts(ns);
        let entry = &report.icps[0];
        let context = format!("old:\n{old_text}\nnew:\n{new_text}\nreport:\n{}", diff::render::human(&report));

        let m = entry.matching.as_ref().ok_or_else(|| TestCaseError::fail("no matching"))?;
        prop_assert_ne!(m.verdict, Verdict::Unknown, "a tiny diff hit the bound\n{}", context);
        let let_in = all.iter().any(|a| matches(ns, ni, a) && !matches(os, oi, a));
        let shut_out = all.iter().any(|a| matches(os, oi, a) && !matches(ns, ni, a));
        prop_assert_eq!(m.lets_in.is_some(), let_in, "lets in\n{}", context);
        prop_assert_eq!(m.shuts_out.is_some(), shut_out, "shuts out\n{}", context);
        let expected = match (let_in, shut_out) {
            (false, false) => Verdict::Equivalent,
            (true, false) => Verdict::Broader,
            (false, true) => Verdict::Narrower,
            (true, true) => Verdict::Both,
        };
        prop_assert_eq!(m.verdict, expected, "{}", context);

        // Each example is in its region, and each region description is exact.
        for (dir, is_new_side) in [(&m.lets_in, true), (&m.shuts_out, false)] {
            let Some(d) = dir else { continue };
            let w = &d.example.witness.account;
            let (inn, out) = (matches(ns, ni, w), matches(os, oi, w));
            prop_assert!(if is_new_side { inn && !out } else { out && !inn }, "example outside its region\n{}", context);
            if let Some(p) = &d.region_expr {
                for a in &all {
                    let (inn, out) = (matches(ns, ni, a), matches(os, oi, a));
                    let (within, region) = if is_new_side { (inn, inn && !out) } else { (out, out && !inn) };
                    prop_assert_eq!(region, within && truth(ns, p, a), "region `{:?}` is not exact\n{}", d.region, context);
                }
            }
        }

        // Score changes over accounts both versions match.
        let both: Vec<&Record> = all.iter().filter(|a| matches(os, oi, a) && matches(ns, ni, a)).collect();
        let deltas: Vec<i64> = both.iter().map(|a| score(ns, ni, a) - score(os, oi, a)).collect();
        let change = entry.scoring.as_ref().map(|s| &s.change);
        match change {
            None | Some(ScoreChange::Unchanged) => prop_assert!(deltas.iter().all(|&d| d == 0), "scores changed\n{}", context),
            Some(ScoreChange::Changed { lowest, highest, examples }) => {
                prop_assert_eq!(Some(*lowest), deltas.iter().copied().min(), "{}", context);
                prop_assert_eq!(Some(*highest), deltas.iter().copied().max(), "{}", context);
                for x in examples {
                    let a = &x.example.witness.account;
                    prop_assert_eq!(x.old_score, score(os, oi, a), "{}", context);
                    prop_assert_eq!(x.new_score, score(ns, ni, a), "{}", context);
                }
            }
            Some(other) => prop_assert!(false, "score change {:?}\n{}", other, context),
        }

        // Tier moves: exactly the pairs some account moves between.
        let brute: BTreeSet<(Option<String>, Option<String>)> = both
            .iter()
            .map(|a| (tier(oi, score(os, oi, a)), tier(ni, score(ns, ni, a))))
            .filter(|(f, t)| f != t)
            .collect();
        let found: BTreeSet<(Option<String>, Option<String>)> = entry
            .tiers
            .as_ref()
            .map(|t| t.moves.iter().map(|m| (m.from.clone(), m.to.clone())).collect())
            .unwrap_or_default();
        prop_assert_eq!(&found, &brute, "tier moves\n{}", context);
        if let Some(t) = &entry.tiers {
            prop_assert!(t.complete, "{}", context);
            for mv in &t.moves {
                let a = &mv.example.witness.account;
                prop_assert_eq!(tier(oi, score(os, oi, a)), mv.from.clone(), "{}", context);
                prop_assert_eq!(tier(ni, score(ns, ni, a)), mv.to.clone(), "{}", context);
            }
        }
        let changed = let_in || shut_out || deltas.iter().any(|&d| d != 0) || !brute.is_empty();
        prop_assert_eq!(report.rules_changed, changed, "{}", context);
    }
}

const BASE: &str = r#"account {
  employees: int
  revenue: money
  industry: enum { software { saas, devtools }, fintech, retail }
  stage: ordered enum { seed, series_a, series_b, growth }
  stack: set { snowflake, segment, pipedrive }
  uses_sso: bool
}
contact { seniority: ordered enum { ic, manager, director, vp } }

icp mid "Mid-market" {
  summary "Mid-sized software companies."
  require employees >= 200
  require industry in [software]
  exclude stack has pipedrive
  score {
    warehouse +30 when stack has snowflake
    cdp       +20 when stack has segment
  }
  tiers { A >= 40, B >= 20, C }
  pains ["Slow reporting"]
}

persona vp "VP" for mid {
  require seniority >= director
}
"#;

fn edit(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "{from}");
    BASE.replacen(from, to, 1)
}

fn only_icp(report: &Report) -> &diff::Entry {
    &report.icps[0]
}

#[test]
fn equivalent_rewrites_are_no_change() {
    let rewrites = [
        ("require employees >= 200", "require employees > 199"),
        ("require employees >= 200", "require not (employees < 200)"),
        (
            "require industry in [software]",
            "require industry in [saas, devtools]",
        ),
        (
            "exclude stack has pipedrive",
            "require stack has none [pipedrive]",
        ),
        (
            "require employees >= 200\n  require industry in [software]",
            "require industry in [software] and employees >= 200",
        ),
        (
            "warehouse +30 when stack has snowflake",
            "warehouse +30 when not (stack has none [snowflake])",
        ),
        (
            "require seniority >= director",
            "require seniority in [director, vp]",
        ),
        (
            "tiers { A >= 40, B >= 20, C }",
            "tiers { A >= 31, B >= 20, C }",
        ),
    ];
    for (from, to) in rewrites {
        let report = diff_texts(BASE, &edit(from, to));
        assert!(
            !report.rules_changed,
            "`{from}` -> `{to}` changed the rules:\n{}",
            diff::render::human(&report)
        );
        let entry = only_icp(&report);
        assert_eq!(
            entry.matching.as_ref().map(|m| m.verdict),
            Some(Verdict::Equivalent),
            "`{from}` -> `{to}`"
        );
    }
}

#[test]
fn reformatting_and_reordering_are_no_change() {
    let messy = "account{employees:int\n revenue : money\nindustry:enum{software{saas,devtools},fintech,retail}\nstage: ordered enum { seed, series_a, series_b, growth }\nstack: set { snowflake, segment, pipedrive }\nuses_sso: bool}\ncontact { seniority: ordered enum { ic, manager, director, vp } }\n\
persona vp \"VP\" for mid { require seniority >= director }\n\
icp mid \"Mid-market\" {\n  exclude stack has pipedrive\n  require industry in [software]\n  require   employees >=  200\n  summary \"Mid-sized software companies.\"\n  score { cdp +20 when stack has segment\n warehouse +30 when stack has snowflake }\n  tiers { A >= 40, B >= 20, C }\n  pains [\"Slow reporting\"]\n}\n";
    let report = diff_texts(BASE, messy);
    assert!(!report.any_change(), "{}", diff::render::human(&report));
    let formatted = icpl::fmt::format_file(messy).unwrap_or_else(|e| panic!("{e:?}"));
    let report = diff_texts(BASE, &formatted);
    assert!(!report.any_change(), "{}", diff::render::human(&report));
}

#[test]
fn a_lower_bound_moved_down_lets_in_the_band_with_an_example() {
    let report = diff_texts(BASE, &edit("employees >= 200", "employees >= 100"));
    let entry = only_icp(&report);
    let m = entry
        .matching
        .as_ref()
        .unwrap_or_else(|| panic!("matching"));
    assert_eq!(m.verdict, Verdict::Broader);
    let d = m.lets_in.as_ref().unwrap_or_else(|| panic!("lets in"));
    assert_eq!(
        d.region.as_deref(),
        Some("Companies with 100 to 199 employees")
    );
    let employees = d.example.account.get("employees").and_then(|v| v.as_i64());
    assert!(
        employees.is_some_and(|e| (100..200).contains(&e)),
        "{:?}",
        d.example
    );
    assert!(m.shuts_out.is_none());
    assert!(report.rules_changed);
    // The persona for the ICP lets in the same accounts' contacts.
    let p = &report.personas[0];
    assert_eq!(
        p.matching.as_ref().map(|m| m.verdict),
        Some(Verdict::Broader)
    );
}

#[test]
fn money_bounds_are_continuous() {
    // `> 199` is `>= 200` on a count, but not on an amount: exactly $20M is shut out.
    let report = diff_texts(
        &edit("require employees >= 200", "require revenue >= $20M"),
        &edit("require employees >= 200", "require revenue > $20M"),
    );
    let m = only_icp(&report)
        .matching
        .clone()
        .unwrap_or_else(|| panic!("matching"));
    assert_eq!(m.verdict, Verdict::Narrower);
    let d = m.shuts_out.unwrap_or_else(|| panic!("shuts out"));
    assert_eq!(d.region.as_deref(), Some("revenue of exactly $20M"));
    assert_eq!(
        d.example.account.get("revenue").and_then(|v| v.as_f64()),
        Some(20_000_000.0)
    );
}

#[test]
fn narrower_and_both_directions() {
    let report = diff_texts(
        BASE,
        &edit(
            "require industry in [software]",
            "require industry in [saas]",
        ),
    );
    let m = only_icp(&report)
        .matching
        .clone()
        .unwrap_or_else(|| panic!("matching"));
    assert_eq!(m.verdict, Verdict::Narrower);
    assert_eq!(
        m.shuts_out.and_then(|d| d.region).as_deref(),
        Some("industry: devtools")
    );
    let report = diff_texts(
        BASE,
        &edit(
            "require industry in [software]",
            "require industry in [saas, fintech]",
        ),
    );
    let m = only_icp(&report)
        .matching
        .clone()
        .unwrap_or_else(|| panic!("matching"));
    assert_eq!(m.verdict, Verdict::Both);
    assert_eq!(
        m.lets_in.and_then(|d| d.region).as_deref(),
        Some("industry: fintech")
    );
    assert_eq!(
        m.shuts_out.and_then(|d| d.region).as_deref(),
        Some("industry: devtools")
    );
}

#[test]
fn weights_and_thresholds_report_their_effect() {
    let report = diff_texts(BASE, &edit("cdp       +20", "cdp       +10"));
    let entry = only_icp(&report);
    assert!(report.rules_changed);
    let scoring = entry.scoring.as_ref().unwrap_or_else(|| panic!("scoring"));
    match &scoring.change {
        ScoreChange::Changed {
            lowest,
            highest,
            examples,
        } => {
            assert_eq!((*lowest, *highest), (-10, 0));
            assert_eq!(examples.len(), 1);
            assert_eq!(examples[0].new_score - examples[0].old_score, -10);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(scoring.old_range, Some([0, 50]));
    assert_eq!(scoring.new_range, Some([0, 40]));
    assert_eq!(entry.signals.len(), 1);
    assert_eq!(entry.signals[0].change, "weight");
    // Segment alone scored 20 (tier B) and now scores 10 (tier C); both signals still reach A.
    let tiers = entry.tiers.as_ref().unwrap_or_else(|| panic!("tiers"));
    let moves: Vec<(Option<String>, Option<String>)> = tiers
        .moves
        .iter()
        .map(|m| (m.from.clone(), m.to.clone()))
        .collect();
    assert_eq!(moves, vec![(Some("B".into()), Some("C".into()))]);

    // A threshold no reachable score lies behind changes nothing; one that does moves accounts.
    let report = diff_texts(BASE, &edit("A >= 40", "A >= 35"));
    assert!(!report.rules_changed, "{}", diff::render::human(&report));
    let report = diff_texts(BASE, &edit("A >= 40", "A >= 60"));
    assert!(report.rules_changed);
    let tiers = only_icp(&report)
        .tiers
        .clone()
        .unwrap_or_else(|| panic!("tiers"));
    assert_eq!(
        tiers.definitions,
        vec![
            "tier A: 60 or more (was 40 or more)",
            "tier B: 20 to 59 (was 20 to 39)"
        ]
    );
    assert_eq!(tiers.moves.len(), 1);
    assert_eq!(tiers.moves[0].old_score, 50);
}

#[test]
fn renames_are_found_by_meaning_and_do_not_disturb_personas() {
    let renamed = BASE
        .replace(
            "icp mid \"Mid-market\"",
            "icp midmarket \"Mid-market companies\"",
        )
        .replace("for mid", "for midmarket");
    let report = diff_texts(BASE, &renamed);
    let entry = only_icp(&report);
    assert_eq!(entry.status, Status::Renamed);
    assert_eq!(entry.old_id.as_deref(), Some("mid"));
    assert_eq!(
        entry.matching.as_ref().map(|m| m.verdict),
        Some(Verdict::Equivalent)
    );
    assert!(report.rules_changed, "an id is part of the rules");
    let p = &report.personas[0];
    assert_eq!(p.status, Status::Unchanged, "{:?}", p.text);

    let signal = edit("warehouse +30", "snowflake_user +30");
    let report = diff_texts(BASE, &signal);
    let entry = only_icp(&report);
    assert_eq!(entry.signals.len(), 1);
    assert_eq!(entry.signals[0].change, "renamed");
    assert_eq!(entry.signals[0].old_id.as_deref(), Some("warehouse"));
}

/// Profiles that match nobody agree on every account, but one is not the other renamed: a
/// rename by meaning needs the profile to match someone. (Two that match the same non-empty
/// set still are renames.)
#[test]
fn profiles_that_match_nobody_are_not_renames_of_each_other() {
    let schema = "account {\n  employees: int\n}\ncontact {\n  d: enum { a, b }\n}\n";
    let old = format!(
        "{schema}icp gone {{ require employees > 5 and employees < 5 }}\n\
icp small {{ require employees < 10 }}\n\
persona ghost for small {{ require d == a and d == b }}\n\
persona reader for small {{ require d == a }}\n"
    );
    let new = format!(
        "{schema}icp vanished {{ require employees > 7 and employees < 7 }}\n\
icp little {{ require employees <= 9 }}\n\
persona phantom for little {{ require d == b and d == a }}\n\
persona viewer for little {{ require d in [a] }}\n"
    );
    let report = diff_texts(&old, &new);
    let status = |entries: &[diff::Entry], id: &str| {
        entries
            .iter()
            .find(|e| e.id == id)
            .map(|e| (e.status, e.old_id.clone()))
    };
    assert_eq!(
        status(&report.icps, "vanished"),
        Some((Status::Added, None))
    );
    assert_eq!(status(&report.icps, "gone"), Some((Status::Removed, None)));
    assert_eq!(
        status(&report.icps, "little"),
        Some((Status::Renamed, Some("small".into())))
    );
    assert_eq!(
        status(&report.personas, "phantom"),
        Some((Status::Added, None))
    );
    assert_eq!(
        status(&report.personas, "ghost"),
        Some((Status::Removed, None))
    );
    assert_eq!(
        status(&report.personas, "viewer"),
        Some((Status::Renamed, Some("reader".into())))
    );
    assert!(report.complete);
}

#[test]
fn added_and_removed_profiles() {
    let extra = format!("{BASE}\nicp retail \"Retail\" {{ require industry in [retail] }}\n");
    let report = diff_texts(BASE, &extra);
    assert_eq!(report.icps.len(), 2);
    assert_eq!(report.icps[1].status, Status::Added);
    assert_eq!(report.icps[1].criteria, vec!["requires: industry: retail"]);
    assert!(report.rules_changed);
    let report = diff_texts(&extra, BASE);
    assert_eq!(report.icps[1].status, Status::Removed);
}

#[test]
fn narrative_only_changes_are_not_rule_changes() {
    let report = diff_texts(
        BASE,
        &edit(
            "[\"Slow reporting\"]",
            "[\"Slow reporting\", \"No forecast\"]",
        ),
    );
    let entry = only_icp(&report);
    assert_eq!(entry.status, Status::Changed);
    assert!(!report.rules_changed);
    assert_eq!(entry.text.len(), 1);
    assert_eq!(entry.text[0].field, "pains");
    assert!(diff::render::human(&report).contains("pains: added \"No forecast\""));
}

#[test]
fn a_removed_attribute_makes_criteria_incomparable() {
    let old = BASE;
    let new = BASE.replace("  uses_sso: bool\n", "");
    let with_sso = edit(
        "require employees >= 200",
        "require employees >= 200 and uses_sso",
    );
    let report = diff_texts(&with_sso, &new);
    let m = only_icp(&report)
        .matching
        .clone()
        .unwrap_or_else(|| panic!("matching"));
    assert_eq!(m.verdict, Verdict::Incomparable);
    assert!(m.reason.unwrap_or_default().contains("uses_sso"));
    assert!(report.rules_changed);
    assert_eq!(report.schema.len(), 1);
    // Dropping an attribute no criterion reads is a schema change only.
    let report = diff_texts(old, &new);
    assert!(!report.rules_changed);
    assert_eq!(report.schema[0].what, "removed");
}

#[test]
fn moving_a_value_in_a_hierarchy_is_detected() {
    let moved = BASE.replace(
        "industry: enum { software { saas, devtools }, fintech, retail }",
        "industry: enum { software { saas }, devtools, fintech, retail }",
    );
    let report = diff_texts(BASE, &moved);
    let m = only_icp(&report)
        .matching
        .clone()
        .unwrap_or_else(|| panic!("matching"));
    assert_eq!(m.verdict, Verdict::Incomparable);
}

// The command.

fn icpl(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_icpl"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run icpl: {e}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn write(dir: &Path, name: &str, contents: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::write(&path, contents).unwrap_or_else(|e| panic!("{e}"));
    path
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"))
}

#[test]
fn the_command_compares_folders_with_exit_codes_and_formats() {
    let dir = temp();
    write(dir.path(), "old/spec.icp", BASE);
    write(
        dir.path(),
        "new/spec.icp",
        &edit("employees >= 200", "employees >= 100"),
    );
    write(
        dir.path(),
        "same/spec.icp",
        &edit("employees >= 200", "employees > 199"),
    );

    let out = icpl(&["diff", "old", "new"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let human = text(&out.stdout);
    assert!(
        human.contains("lets in: Companies with 100 to 199 employees"),
        "{human}"
    );

    let out = icpl(&["diff", "old", "new", "--exit-code"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let out = icpl(&["diff", "old", "same", "--exit-code"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));

    let out = icpl(&["diff", "old", "new", "--format", "markdown"], dir.path());
    let md = text(&out.stdout);
    assert!(
        md.contains("| Kind | Id | Change | Who matches | Scores | Tiers |"),
        "{md}"
    );
    assert!(md.contains("| ICP | `mid` | changed | broader |"), "{md}");
    assert!(md.contains("<details><summary>ICP mid (changed)"), "{md}");

    let out = icpl(
        &[
            "diff",
            "old",
            "new",
            "--format",
            "json",
            "-o",
            "report.json",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("report.json")).unwrap_or_else(|e| panic!("{e}")),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["format"], "icpl-diff/1");
    assert_eq!(json["icps"][0]["matching"]["verdict"], "broader");
    assert_eq!(
        json["icps"][0]["matching"]["lets_in"]["region"],
        "Companies with 100 to 199 employees"
    );
}

#[test]
fn the_command_reports_bad_input() {
    let dir = temp();
    write(dir.path(), "old/spec.icp", BASE);
    write(
        dir.path(),
        "bad/spec.icp",
        &edit("employees >= 200", "employes >= 200"),
    );
    let out = icpl(&["diff", "old"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("give OLD and NEW"));
    let out = icpl(&["diff", "old", "bad"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("unknown attribute `employes`") && err.contains("the new version has errors"),
        "{err}"
    );
    let out = icpl(&["diff", "old", "missing"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let out = icpl(&["diff", "--against", "HEAD", "old"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("not inside a git repository"),
        "{}",
        text(&out.stderr)
    );
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=icpl",
            "-c",
            "user.email=icpl@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("git: {e}"));
    assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
}

#[test]
fn the_command_compares_with_a_git_revision() {
    let dir = temp();
    let root = dir.path();
    git(root, &["init", "-q"]);
    write(
        root,
        "specs/schema.icp",
        &BASE[..BASE.find("icp mid").unwrap_or(0)],
    );
    write(
        root,
        "specs/icps/mid.icp",
        &BASE[BASE.find("icp mid").unwrap_or(0)..],
    );
    write(root, "specs/icpl.toml", "[project]\nname = \"t\"\n");
    write(root, "specs/.hidden/skip.icp", "this is not read");
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "v1"]);

    // Nothing changed yet.
    let out = icpl(&["diff", "--against", "HEAD", "specs", "--exit-code"], root);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(text(&out.stdout).contains("No change."));

    let mid = root.join("specs/icps/mid.icp");
    let now = std::fs::read_to_string(&mid).unwrap_or_default();
    std::fs::write(&mid, now.replace("employees >= 200", "employees >= 500"))
        .unwrap_or_else(|e| panic!("{e}"));
    let out = icpl(&["diff", "--against", "HEAD", "specs", "--exit-code"], root);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert!(
        report.contains("shuts out: Companies with 200 to 499 employees"),
        "{report}"
    );
    assert!(report.contains("HEAD:specs"), "{report}");

    // From inside the spec folder, and for one file.
    let out = icpl(
        &["diff", "--against", "HEAD", "--exit-code"],
        &root.join("specs"),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let out = icpl(
        &["diff", "--against", "HEAD", "schema.icp"],
        &root.join("specs"),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    let out = icpl(&["diff", "--against", "no-such-rev", "specs"], root);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unknown git revision `no-such-rev`"));
    let out = icpl(&["diff", "--against=--output=x", "specs"], root);
    assert_eq!(out.status.code(), Some(2));
    assert!(!root.join("x").exists());
}
