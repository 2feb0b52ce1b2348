//! Pathological specs stop at the documented work bound (docs/lints.md, `analysis-incomplete`)
//! instead of running on: each test builds a spec that would take the exact analysis minutes
//! or more, and asserts what is reported, not how long it took. Work is counted in
//! deterministic units, so the outcome is the same on every machine, run after run.

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

use icpl::analysis::budget::Bounds;
use icpl::compile::Compilation;
use icpl::diagnostics::Diagnostic;

fn incomplete(comp: &Compilation) -> Vec<&Diagnostic> {
    comp.diagnostics
        .iter()
        .filter(|d| d.code == "analysis-incomplete")
        .collect()
}

/// One ICP with `n` signals whose conditions are overlapping ranges of one attribute.
fn many_signals(n: usize) -> String {
    let mut s = String::from(
        "account {\n  employees: int\n}\n\nicp big {\n  require employees >= 10\n  score {\n",
    );
    for i in 0..n {
        s.push_str(&format!(
            "    s{i} +{} when employees in {i}..{}\n",
            i % 7 + 1,
            i + 100
        ));
    }
    s.push_str("  }\n  tiers { A >= 1000, B >= 10, C }\n}\n");
    s
}

#[test]
fn ten_thousand_signals_stop_at_the_item_bound() {
    let text = many_signals(10_000);
    let comp = common::compile_text(&text);
    let found = incomplete(&comp);
    assert_eq!(found.len(), 1, "{:?}", common::codes(&comp));
    let d = found[0];
    // Reported at the ICP, saying which questions were left open.
    assert!(
        d.message.starts_with(
            "the analysis of ICP `big` stopped at its work bound before deciding whether signal `s"
        ),
        "{}",
        d.message
    );
    assert!(d.message.contains(" more"), "{}", d.message);
    let help = d.help.as_deref().unwrap_or("");
    assert!(
        help.contains("2,000,000") && help.contains("40,000,000"),
        "{help}"
    );
    // Nothing is claimed about what was not decided.
    assert!(
        !comp
            .diagnostics
            .iter()
            .any(|d| d.code == "unreachable-tier" || d.code == "signal-never-fires"),
        "{:?}",
        common::codes(&comp)
    );
    // The same outcome on every run: the bound counts work, not time.
    let again = common::compile_text(&text);
    assert_eq!(comp.diagnostics, again.diagnostics);
}

/// `n` ICPs, each with a tier band only odd scores reach and signals that all add 2: telling
/// that the band is empty takes a search far past the question bound.
fn parity_icps(n: usize) -> String {
    let values: Vec<String> = (0..24).map(|i| format!("t{i}")).collect();
    let mut s = format!(
        "account {{\n  employees: int\n  tools: set {{ {} }}\n}}\n\n",
        values.join(", ")
    );
    for k in 0..n {
        s.push_str(&format!(
            "icp odd{k} {{\n  require employees >= {k}\n  score {{\n"
        ));
        for (i, v) in values.iter().enumerate() {
            s.push_str(&format!("    s{i} +2 when tools has {v}\n"));
        }
        s.push_str("  }\n  tiers { A >= 26, B >= 25, C }\n}\n");
    }
    s
}

#[test]
fn many_hard_icps_stop_at_the_run_bound() {
    // Each ICP's tier question stops at the question bound; the run's budget (which grows with
    // the spec) is used up long before the last ICPs, which are reported as not analysed.
    let n = 400;
    let comp = common::compile_text(&parity_icps(n));
    let found = incomplete(&comp);
    assert_eq!(found.len(), n, "every ICP is reported");
    let not_reached = found
        .iter()
        .filter(|d| {
            d.message
                .contains("the run used its whole budget before it")
        })
        .count();
    let stopped = found
        .iter()
        .filter(|d| d.message.contains("whether tier `B`"))
        .count();
    assert!(
        stopped > 0 && not_reached > 0,
        "{stopped} stopped, {not_reached} not reached"
    );
    assert_eq!(stopped + not_reached, n);
    // The pair lints stopped too, and said so (the ICPs all overlap).
    assert!(
        !comp
            .diagnostics
            .iter()
            .any(|d| d.code == "overlapping-icps")
            || found
                .iter()
                .any(|d| d.message.contains("which ICPs overlap")),
    );
}

/// A pigeonhole formula (`n + 1` pigeons, `n` holes: no assignment exists, and CDCL needs an
/// exponential number of steps to see it) nested as deep as the language allows.
fn pigeonhole(n: usize) -> String {
    let mut attrs = Vec::new();
    for p in 0..=n {
        for h in 0..n {
            attrs.push(format!("  p{p}h{h}: bool"));
        }
    }
    let mut clauses = Vec::new();
    for p in 0..=n {
        let holes: Vec<String> = (0..n).map(|h| format!("p{p}h{h}")).collect();
        clauses.push(format!("({})", holes.join(" or ")));
    }
    for h in 0..n {
        for p in 0..=n {
            for q in p + 1..=n {
                clauses.push(format!("not (p{p}h{h} and p{q}h{h})"));
            }
        }
    }
    // Nest the conjunction: (c0 and (c1 and (c2 and ...))) in groups, 40 levels deep.
    let per = clauses.len().div_ceil(40);
    let groups: Vec<String> = clauses.chunks(per).map(|c| c.join(" and ")).collect();
    let mut expr = String::new();
    for g in &groups {
        expr.push_str(&format!("({g} and "));
    }
    expr.push_str("p0h0");
    expr.push_str(&")".repeat(groups.len()));
    format!(
        "account {{\n{}\n}}\n\nicp pigeons {{\n  require {expr}\n}}\n",
        attrs.join("\n")
    )
}

#[test]
fn a_deep_hard_expression_stops_at_the_question_bound() {
    let comp = common::compile_text(&pigeonhole(9));
    common::assert_no_errors(&comp);
    let found = incomplete(&comp);
    assert_eq!(found.len(), 1, "{:?}", common::codes(&comp));
    assert!(
        found[0]
            .message
            .contains("whether ICP `pigeons` can match any account"),
        "{}",
        found[0].message
    );
    // Not decided, so not reported as unsatisfiable (nor as anything else).
    assert_eq!(common::codes(&comp), ["analysis-incomplete"]);
}

#[test]
fn the_bounds_are_the_documented_ones() {
    let b = Bounds::default();
    let def = icpl::analysis::lints::lint("analysis-incomplete")
        .unwrap_or_else(|| panic!("the lint exists"));
    for (what, n) in [
        ("question", b.question),
        ("item", b.item),
        ("run", b.run_base),
        ("per item", b.run_per_item),
    ] {
        let shown = icpl::analysis::lints::thousands(n);
        assert!(
            def.explanation.contains(&shown),
            "docs do not state the {what} bound {shown}"
        );
    }
}

#[test]
fn a_diff_of_pathological_versions_stops_and_says_what_is_unknown() {
    let old = many_signals(3_000);
    let new = old.replace("+1 when", "+2 when");
    let comp_old = common::compile_text_unlinted(&old);
    let comp_new = common::compile_text_unlinted(&new);
    fn version<'a>(label: &str, comp: &'a Compilation) -> icpl::diff::Version<'a> {
        icpl::diff::Version {
            label: label.to_string(),
            spec: &comp.spec,
            map: comp.map(),
        }
    }
    let report = icpl::diff::diff(&version("old", &comp_old), &version("new", &comp_new));
    assert!(!report.complete, "a bound was reached");
    let entry = &report.icps[0];
    let scoring = entry.scoring.as_ref().map(|s| &s.change);
    assert!(
        matches!(scoring, Some(icpl::diff::ScoreChange::Unknown)),
        "{scoring:?}"
    );
    // What was decided is still reported: the same accounts match, and the signals changed.
    assert_eq!(
        entry.matching.as_ref().map(|m| m.verdict),
        Some(icpl::diff::Verdict::Equivalent)
    );
    assert!(!entry.signals.is_empty());
}

#[test]
fn many_personas_of_one_icp_stop_without_a_note_per_pair() {
    // 3,000 personas of one ICP that differ only in an unreadable way: 4.5 million pairs to
    // tell apart, far past the bound of the ICP's personas. What was not decided is said once
    // per persona, not once per pair.
    let mut s = String::from(
        "account {\n  employees: int\n}\ncontact {\n  seniority: int\n}\n\nicp mid { require employees >= 10 }\n",
    );
    let n = 3_000;
    for k in 0..n {
        s.push_str(&format!(
            "persona p{k} for mid {{\n  require seniority >= {k}\n  goals [\"g\"]\n  pains [\"p\"]\n}}\n"
        ));
    }
    let comp = common::compile_text(&s);
    let found = incomplete(&comp);
    assert!(!found.is_empty() && found.len() <= n, "{}", found.len());
    // One undecided question per persona (or two, when its own check also stopped), never one
    // per pair.
    for d in &found {
        let more = d
            .message
            .split("and ")
            .filter_map(|t| t.strip_suffix(" more"))
            .filter_map(|t| t.parse::<usize>().ok())
            .max()
            .unwrap_or(0);
        assert!(more == 0, "{}", d.message);
    }
    assert!(
        found
            .iter()
            .any(|d| d.message.contains("can be told apart")),
        "{:?}",
        found.first().map(|d| &d.message)
    );
}
