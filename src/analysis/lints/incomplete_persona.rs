//! `incomplete-persona`: a persona without goals or without pain points.

use super::{Check, Context, Finding, Level, LintDef, case};

pub const LINT: LintDef = LintDef {
    id: "incomplete-persona",
    default: Level::Warn,
    summary: "A persona without goals or without pain points.",
    explanation: "Goals and pain points are what messaging is built on: without them a persona is \
a filter, not a buyer a team can talk to, and its brief shows empty sections. Add `goals [..]` \
and `pains [..]` (or `challenges [..]`).",
    reported_at: "the persona's id",
    check: Check::Spec(check),
    cases: &[
        case(
            r#"contact { department: enum { sales, finance } }

persona seller { #~
  require department == sales
  messaging "Close faster."
}
"#,
        ),
        case(
            r#"contact { department: enum { sales, finance } }

persona seller {
  require department == sales
  goals ["Close faster"]
  challenges ["Too many tools"]
}
"#,
        ),
    ],
};

fn check(cx: &mut Context, out: &mut Vec<Finding>) {
    for p in &cx.spec.personas {
        let has = |f: &str| p.narrative.get(f).is_some();
        let goals = has("goals");
        let pains = has("pains") || has("challenges");
        let missing = match (goals, pains) {
            (true, true) => continue,
            (false, false) => "goals or pain points",
            (false, true) => "goals",
            (true, false) => "pain points",
        };
        out.push(
            Finding::new(
                &LINT,
                format!("persona `{}` has no {missing}", p.id),
                p.id_span,
                format!("no {missing}"),
            )
            .help("add `goals [\"...\"]` and `pains [\"...\"]`: messaging and briefs are built on them"),
        );
    }
}
