//! `stale-review`: an ICP or persona whose `reviewed` date is too old.

use super::{Check, Context, Finding, Level, LintDef, case};

pub const LINT: LintDef = LintDef {
    id: "stale-review",
    default: Level::Warn,
    summary: "An ICP or persona whose `reviewed` date is older than the allowed age.",
    explanation: "ICPs and personas must evolve with the business; a definition nobody has looked \
at for months is likely out of date. Review it and update `reviewed`. The age is `[check] \
review-max-age-days` in `icpl.toml` (default 180 days), counted up to today (in UTC).",
    reported_at: "the `reviewed` date",
    check: Check::Spec(check),
    cases: &[
        case(
            r#"account { employees: int }

icp old {
  reviewed 2020-01-01 #~
  require employees >= 200
}
"#,
        ),
        case(
            r#"account { employees: int }

icp recent {
  reviewed 2026-10-01
  require employees >= 200
}
"#,
        ),
        case(
            r#"account { employees: int }
contact { seniority: ordered enum { ic, manager, vp } }

icp fresh {
  reviewed 2026-10-01
  require employees >= 200
}

persona old_vp for fresh {
  reviewed 2024-06-30 #~
  require seniority == vp
}
"#,
        ),
    ],
};

fn check(cx: &mut Context, out: &mut Vec<Finding>) {
    let max = i64::from(cx.settings.review_max_age_days);
    let today = cx.settings.today;
    let items = cx
        .spec
        .icps
        .iter()
        .map(|i| ("ICP", &i.id, i.reviewed))
        .chain(
            cx.spec
                .personas
                .iter()
                .map(|p| ("persona", &p.id, p.reviewed)),
        );
    for (kind, id, reviewed) in items {
        let Some((date, span)) = reviewed else {
            continue;
        };
        let age = today.days_since_epoch() - date.days_since_epoch();
        if age > max {
            out.push(
                Finding::new(
                    &LINT,
                    format!("{kind} `{id}` was last reviewed {age} days ago"),
                    span,
                    format!("older than {max} days"),
                )
                .help(format!(
                    "review it and set `reviewed` to today ({today}); the limit is `[check] review-max-age-days` in icpl.toml"
                )),
            );
        }
    }
}
