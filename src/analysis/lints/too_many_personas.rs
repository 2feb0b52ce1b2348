//! `too-many-personas`: an ICP with more personas than a team can work with.

use super::{Check, Context, Finding, Level, LintDef, case};

pub const LINT: LintDef = LintDef {
    id: "too-many-personas",
    default: Level::Warn,
    summary: "An ICP with more than five personas (the limit is configurable).",
    explanation: "Personas are meant to be few and distinct: a company typically works with two to \
five per ICP. Beyond that they blur into each other and messaging fragments. Merge personas that \
differ little, or split the ICP. The limit is `[check] max-personas` in `icpl.toml` (default 5).",
    reported_at: "the ICP's id",
    check: Check::Spec(check),
    cases: &[
        case(
            r#"account { employees: int }
contact { title: enum { a, b, c, d, e, f } }

icp mid { require employees >= 200 } #~

persona p1 for mid { require title == a }
persona p2 for mid { require title == b }
persona p3 for mid { require title == c }
persona p4 for mid { require title == d }
persona p5 for mid { require title == e }
persona p6 for mid { require title == f }
"#,
        ),
        case(
            r#"account { employees: int }
contact { title: enum { a, b, c, d, e, f } }

icp mid { require employees >= 200 }

persona p1 for mid { require title == a }
persona p2 for mid { require title == b }
persona p3 for mid { require title == c }
persona p4 for mid { require title == d }
persona p5 for mid { require title == e }
persona p6 { require title == f }
"#,
        ),
    ],
};

fn check(cx: &mut Context, out: &mut Vec<Finding>) {
    let max = cx.settings.max_personas;
    for (i, icp) in cx.spec.icps.iter().enumerate() {
        let personas: Vec<_> = cx.spec.personas_of(i).collect();
        if personas.len() <= max {
            continue;
        }
        let mut f = Finding::new(
            &LINT,
            format!("ICP `{}` has {} personas (the limit is {max})", icp.id, personas.len()),
            icp.id_span,
            "too many personas",
        )
        .help("merge personas that differ little, or split the ICP; the limit is `[check] max-personas` in icpl.toml");
        for (_, p) in personas {
            f = f.label(p.id_span, format!("persona `{}`", p.id));
        }
        out.push(f);
    }
}
