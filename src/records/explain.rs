//! `--explain`: the criteria that decided each ICP's result for one account, read from the
//! reference evaluator ([`crate::eval::evaluate_icp`]), which keeps the decisions the compiled
//! evaluator skips.

use super::write::Why;
use crate::compile::Compilation;
use crate::eval::row::Row;
use crate::eval::{Role, Truth, evaluate_icp};

/// The explanation of each ICP's result for the account of `row`.
pub fn explain(comp: &Compilation, row: &Row) -> Vec<Vec<Why>> {
    let record = row.account_record(&comp.spec);
    let line = |span| comp.map().range(span).map_or(0, |(_, s, _)| s.line);
    comp.spec
        .icps
        .iter()
        .map(|icp| {
            let r = evaluate_icp(&comp.spec, icp, &record);
            let mut why: Vec<Why> = r
                .decisions
                .iter()
                .filter_map(|d| {
                    let c = match d.role {
                        Role::Require => icp.requires.get(d.index)?,
                        _ => icp.excludes.get(d.index)?,
                    };
                    Some(Why {
                        role: if d.role == Role::Require {
                            "require"
                        } else {
                            "exclude"
                        },
                        source: comp.map().slice(c.span).to_string(),
                        line: line(c.span),
                        holds: match d.truth {
                            Truth::True => Some(true),
                            Truth::False => Some(false),
                            Truth::Unknown => None,
                        },
                    })
                })
                .collect();
            for &s in r.signals.iter().chain(&r.unknown_signals) {
                let Some(signal) = icp.signals.get(s) else {
                    continue;
                };
                why.push(Why {
                    role: "signal",
                    source: format!(
                        "{} {:+} when {}",
                        signal.id,
                        signal.weight,
                        comp.map().slice(signal.when.span)
                    ),
                    line: line(signal.span),
                    holds: r.signals.contains(&s).then_some(true),
                });
            }
            why
        })
        .collect()
}
