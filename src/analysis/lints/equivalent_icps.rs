//! `equivalent-icps`: two ICPs that match exactly the same accounts.

use super::{Check, Context, Finding, Level, LintDef, Profile, case};

pub const LINT: LintDef = LintDef {
    id: "equivalent-icps",
    default: Level::Warn,
    summary: "Two ICPs that match exactly the same accounts.",
    explanation: "Whatever the wording, the criteria of the two ICPs admit the same accounts, so \
they are one ICP under two names; scores and personas may still differ, which makes the \
duplication easy to miss. Merge them, or make their criteria say what tells them apart.",
    reported_at: "the id of the later ICP",
    check: Check::Spec(check),
    cases: &[
        case(
            r#"account { employees: int }

icp mid { require employees >= 200 and employees <= 2000 }
icp midsize { require employees in 200..2000 } #~
"#,
        ),
        case(
            r#"account { employees: int }

icp mid { require employees >= 200 and employees <= 2000 }
icp wider { require employees in 200..3000 }
"#,
        ),
        case(
            r#"account { industry: enum { saas, fintech, retail } }

icp software { require industry in [saas, fintech] }
icp not_retail { exclude industry == retail } #~
"#,
        ),
    ],
};

fn check(cx: &mut Context, out: &mut Vec<Finding>) {
    cx.find_overlaps();
    let mut undecided = Vec::new();
    for o in cx.overlap_list() {
        let (a, b) = (cx.spec.icp_at(o.first), cx.spec.icp_at(o.second));
        match (o.first_in_second, o.second_in_first) {
            (Some(true), Some(true)) => out.push(
                Finding::new(
                    &LINT,
                    format!(
                        "ICPs `{}` and `{}` match exactly the same accounts",
                        a.id, b.id
                    ),
                    b.id_span,
                    "same accounts",
                )
                .label(a.id_span, "as this ICP")
                .help("merge them, or make their criteria differ"),
            ),
            (None, _) | (_, None) => undecided.push((
                o.second,
                b.id_span,
                format!("whether ICPs `{}` and `{}` are equivalent", a.id, b.id),
            )),
            _ => {}
        }
    }
    for (icp, span, what) in undecided {
        cx.unknown(Profile::Icp(icp), span, what);
    }
}
