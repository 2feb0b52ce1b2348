//! Brute-force answers for fully known accounts: whether a criterion holds, whether an ICP
//! matches, the score and the tier.
//!
//! Each criterion is evaluated by the reference evaluator (`icpl::eval::eval`); what a match, a
//! score and a tier are comes from the semantic core (`icpl::semantics::profile` and
//! `icpl::semantics::score`), so no test restates those rules. The exact analysis, the diff and
//! the other back ends are checked against these answers on every account of an enumeration
//! (see [`crate::small::accounts`]).

use icpl::eval::{Records, Truth, eval};
use icpl::sema::ir::{Expr, Icp, Record, Spec};
use icpl::semantics::profile::{self, Status};
use icpl::semantics::score::{self, Score};
use icpl::semantics::truth::Kleene;

/// Whether `e` holds for a fully known account. Panics when the reference evaluator answers
/// unknown, which a fully known account must never give.
pub fn holds(spec: &Spec, e: &Expr, account: &Record) -> bool {
    let t = eval(
        spec,
        e,
        Records {
            account,
            contact: None,
        },
    );
    assert_ne!(t, Truth::Unknown, "a fully known account gave unknown");
    t == Truth::True
}

/// The status of a fully known account against an ICP: every criterion evaluated (each must be
/// known), then combined by the semantic core's match rule.
pub fn status(spec: &Spec, icp: &Icp, account: &Record) -> Status {
    let parts: Vec<_> = profile::icp_parts(icp)
        .map(|p| {
            let t = Truth::from_bool(holds(spec, &p.criterion.expr, account));
            (p.role, t)
        })
        .collect();
    Status::from_truth(profile::holds(&mut Kleene, parts))
}

/// Whether a fully known account matches an ICP.
pub fn matches(spec: &Spec, icp: &Icp, account: &Record) -> bool {
    status(spec, icp, account) == Status::Match
}

/// The fit score of a fully known account: the weights of the signals that hold.
pub fn score(spec: &Spec, icp: &Icp, account: &Record) -> i64 {
    let signals = icp
        .signals
        .iter()
        .map(|s| (Some(holds(spec, &s.when.expr, account)), s.weight));
    Score::of(signals).known
}

/// The name of the tier a score reaches in an ICP, if any.
pub fn tier(icp: &Icp, score: i64) -> Option<String> {
    let index = score::tier_of(icp.tiers.iter().map(|t| t.min_score), score)?;
    icp.tiers.get(index).map(|t| t.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compile(text: &str) -> icpl::compile::Compilation {
        let loaded = icpl::source::load_texts(
            std::path::Path::new("/spec"),
            vec![("test.icp".into(), text.into())],
        );
        let comp = icpl::compile::compile_with(
            loaded,
            icpl::compile::Options {
                lints: false,
                today: None,
            },
        );
        assert!(!comp.has_errors(), "{:?}", comp.diagnostics);
        comp
    }

    /// Every account of the small enumeration, against an ICP whose answers are known by hand.
    #[test]
    fn answers_by_hand() {
        let text = format!(
            "{}icp t {{\n  require n >= 2\n  exclude b\n  score {{\n    big +30 when n >= 4\n    \
             low -10 when m < $1\n  }}\n  tiers {{ A >= 20, B >= 0, C }}\n}}\n",
            crate::small::SCHEMA
        );
        let comp = compile(&text);
        let spec = &comp.spec;
        let icp = &spec.icps[0];
        let slot = |name: &str| spec.account.find(name).map(|a| a.index as usize);
        let (n, m, b) = (slot("n").unwrap(), slot("m").unwrap(), slot("b").unwrap());
        let accounts = crate::small::accounts(spec);
        assert!(!accounts.is_empty());
        for a in &accounts {
            let num = |i: usize| match &a.values[i] {
                Some(icpl::sema::ir::Value::Num(x)) => *x,
                other => panic!("not a number: {other:?}"),
            };
            let nv = num(n).as_i64().unwrap();
            let one = icpl::num::Num::from_i64(1).unwrap();
            let bv = a.values[b] == Some(icpl::sema::ir::Value::Bool(true));
            assert_eq!(matches(spec, icp, a), nv >= 2 && !bv);
            let expected = 30 * i64::from(nv >= 4) - 10 * i64::from(num(m) < one);
            assert_eq!(score(spec, icp, a), expected);
            let by_hand = if expected >= 20 {
                "A"
            } else if expected >= 0 {
                "B"
            } else {
                "C"
            };
            assert_eq!(tier(icp, expected).as_deref(), Some(by_hand));
        }
    }

    #[test]
    fn no_tier_without_tiers_or_below_every_threshold() {
        let text = format!(
            "{}icp t {{\n  require n >= 2\n  score {{\n    big +30 when n >= 4\n  }}\n  tiers {{ A >= 20 }}\n}}\n",
            crate::small::SCHEMA
        );
        let comp = compile(&text);
        let icp = &comp.spec.icps[0];
        assert_eq!(tier(icp, 19), None);
        assert_eq!(tier(icp, 20).as_deref(), Some("A"));
    }
}
