//! `analysis-incomplete`: a question the analysis stopped answering at its bounds.

use super::{Check, Context, Finding, Level, LintDef, case};

pub const LINT: LintDef = LintDef {
    id: "analysis-incomplete",
    default: Level::Warn,
    summary: "A check the analysis could not finish within its bounds.",
    explanation: "The contradiction analysis is exact, and its work is bounded so that a \
pathological spec cannot make `icpl check` hang: each question may use 20,000 solver conflicts, \
a run 5,000,000 conflicts and 5,000,000 solver calls, a score question 20,000 steps, and the \
pair lints 20,000,000 pair comparisons and 100,000 pair checks. A question past a bound is reported here instead of answered, so \
the lints about that item may be incomplete. Simplify the labelled item (very wide `or`s, very \
many signals), or split the spec.",
    reported_at: "the item whose analysis stopped",
    check: Check::Spec(check),
    cases: &[
        case(
            r#"account {
  employees: int
  tools: set { t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14, t15, t16, t17, t18, t19, t20, t21, t22, t23, t24, t25, t26, t27, t28, t29, t30 }
}

# Every signal adds 2, so no score is odd, but telling that the band of
# tier B holds no reachable score takes a search past the bound.
icp odd {
  require employees >= 10
  score {
    s1 +2 when tools has t1
    s2 +2 when tools has t2
    s3 +2 when tools has t3
    s4 +2 when tools has t4
    s5 +2 when tools has t5
    s6 +2 when tools has t6
    s7 +2 when tools has t7
    s8 +2 when tools has t8
    s9 +2 when tools has t9
    s10 +2 when tools has t10
    s11 +2 when tools has t11
    s12 +2 when tools has t12
    s13 +2 when tools has t13
    s14 +2 when tools has t14
    s15 +2 when tools has t15
    s16 +2 when tools has t16
    s17 +2 when tools has t17
    s18 +2 when tools has t18
    s19 +2 when tools has t19
    s20 +2 when tools has t20
    s21 +2 when tools has t21
    s22 +2 when tools has t22
    s23 +2 when tools has t23
    s24 +2 when tools has t24
    s25 +2 when tools has t25
    s26 +2 when tools has t26
    s27 +2 when tools has t27
    s28 +2 when tools has t28
    s29 +2 when tools has t29
    s30 +2 when tools has t30
  }
  tiers { A >= 32, B >= 31, C } #~
}
"#,
        ),
        case(
            r#"account { employees: int }

icp mid { require employees >= 200 }
"#,
        ),
    ],
};

fn check(cx: &mut Context, out: &mut Vec<Finding>) {
    for (span, what) in std::mem::take(&mut cx.incomplete) {
        out.push(
            Finding::new(
                &LINT,
                format!("the analysis stopped at its bound: {what}"),
                span,
                "not fully analysed",
            )
            .help("the lints about this item may be incomplete; simplify it, or split the spec"),
        );
    }
}
