//! `analysis-incomplete`: a question the analysis stopped answering at its bounds.

use super::{Check, Context, Finding, Level, LintDef, Profile, case};

pub const LINT: LintDef = LintDef {
    id: "analysis-incomplete",
    default: Level::Warn,
    summary: "A check the analysis could not finish within its bounds.",
    explanation: "The contradiction analysis is exact, and its work is bounded so that no spec \
can make `icpl check` or `icpl diff` run without end. Work is counted in units that are the same \
on every machine (about one step of the solver each: a literal propagated, a clause visited; a \
step of the score search counts its signals), so what is reported never depends on how fast the \
machine is. Each question (can this ICP match anyone, can this signal fire, is this tier \
reachable, ...) may use 2,000,000 units; the questions about one ICP, one persona (with its \
ICPs), one pair of ICPs, the personas of one ICP or one entry of a diff may use 40,000,000 \
together; and a whole run may use 400,000,000 units plus 500,000 for each ICP and persona (of \
both versions, for a diff), so the work grows at most linearly with the spec. On the machine of \
docs/benchmarks.md a million units take at most about 5 ms, so a question stops within about \
10 ms, an item within about 0.2 s and a run within about 2 s plus 2.5 ms per ICP and persona. A question past a bound is \
not answered: it is reported here, at the ICP or persona it is about, saying what was not \
decided, and the other lints about that item may be incomplete (they report nothing they did \
not decide). Simplify the item (very wide `or`s, very many signals), or split the spec.",
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
icp odd { #~
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
  tiers { A >= 32, B >= 31, C }
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

/// The most questions a finding names in its message, and labels.
const SHOWN: usize = 3;

fn check(cx: &mut Context, out: &mut Vec<Finding>) {
    let bounds = cx.budget.bounds();
    for (item, undecided) in std::mem::take(&mut cx.incomplete) {
        let (kind, id, id_span) = match item {
            Profile::Icp(i) => {
                let icp = cx.spec.icp_at(i);
                ("ICP", &icp.id, icp.id_span)
            }
            Profile::Persona(p) => {
                let p = cx.spec.persona_at(p);
                ("persona", &p.id, p.id_span)
            }
        };
        let mut whats: Vec<&str> = undecided
            .iter()
            .take(SHOWN)
            .map(|u| u.what.as_str())
            .collect();
        let more = undecided.len().saturating_sub(SHOWN);
        let more_text = format!("and {more} more");
        if more > 0 {
            whats.push(&more_text);
        }
        let mut f = Finding::new(
            &LINT,
            format!(
                "the analysis of {kind} `{id}` stopped at its work bound before deciding {}",
                whats.join("; ")
            ),
            id_span,
            "not fully analysed",
        );
        for u in undecided.iter().take(SHOWN) {
            if u.span != id_span {
                f = f.label(u.span, "not decided");
            }
        }
        out.push(f.help(format!(
            "a question may use {} units of work and the questions about one item {} together; \
the lints about this {kind} may be incomplete: simplify it (very wide `or`s, very many signals), \
or split the spec",
            thousands(bounds.question),
            thousands(bounds.item)
        )));
    }
}

/// 2000000 as "2,000,000".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
