//! Describing the accounts a change lets in or shuts out with one attribute, when that is exact.
//!
//! A change's region is `inside` (say, "matched by the new version and not by the old") within
//! `within` ("matched by the new version"). A description `P` on one attribute is exact when
//! every account of the region satisfies `P` and every account of `within` that satisfies `P`
//! is in the region: then "of the accounts the new version matches, exactly those with `P` are
//! new". `P` is found by splitting the attribute's values into cells on which every criterion
//! of both versions is constant, keeping the cells the region reaches, and checking the second
//! half with one more query.

use crate::analysis::Analysis;
use crate::analysis::sat::{Lit, Outcome};
use crate::num::Num;
use crate::sema::ir::{Atom, AttrId, Cmp, EnumType, Expr, Spec, Test, Type};
use crate::semantics::number::{Interval, NumKind};
use crate::source::Span;

/// The most cells one attribute may be split into before it is not tried.
const MAX_CELLS: usize = 256;

/// The most attributes tried for one region.
const MAX_ATTRS: usize = 12;

/// A region of one direction of a change, as the queries see it.
pub struct Region<'a> {
    /// The literals that hold exactly in the region.
    pub inside: &'a [Lit],
    /// The literals of the version the region is part of.
    pub within: &'a [Lit],
}

/// A one-attribute condition that describes the region exactly, trying the attributes in
/// order; `None` when none does (or a query ran out of budget).
pub fn describe(
    an: &mut Analysis,
    region: &Region,
    attrs: &[AttrId],
    exprs: &[&Expr],
) -> Option<Expr> {
    // One question of the work budget, however many cells it tries.
    an.question();
    for &attr in attrs.iter().take(MAX_ATTRS) {
        if let Some(p) = try_attr(an, region, attr, exprs) {
            return Some(p);
        }
    }
    None
}

fn try_attr(an: &mut Analysis, region: &Region, attr: AttrId, exprs: &[&Expr]) -> Option<Expr> {
    let spec = an.spec;
    let cells = cells(spec, attr, exprs)?;
    if cells.len() > MAX_CELLS {
        return None;
    }
    let mut kept = Vec::with_capacity(cells.len());
    for cell in &cells {
        let lit = an.lit(cell);
        let mut lits = region.inside.to_vec();
        lits.push(lit);
        kept.push(match an.solve_within(&lits) {
            Outcome::Sat => true,
            Outcome::Unsat => false,
            Outcome::Unknown => return None,
        });
    }
    // Every value, or none, says nothing about this attribute.
    if kept.iter().all(|&k| k) || !kept.iter().any(|&k| k) {
        return None;
    }
    let p = join(spec, attr, exprs, &kept)?;
    // Every account of `within` with `p` must be in the region.
    let inside = an.and(region.inside);
    let p_lit = an.lit(&p);
    let mut lits = region.within.to_vec();
    lits.push(p_lit);
    lits.push(!inside);
    match an.solve_within(&lits) {
        Outcome::Unsat => Some(p),
        _ => None,
    }
}

fn atom(attr: AttrId, test: Test) -> Expr {
    Expr::Atom(Atom {
        attr,
        test,
        span: Span::default(),
    })
}

/// The cells of a number attribute: its domain cut at both ends of every interval a test on it
/// accepts, so that every test is constant on each cell; `None` when no test reads it.
fn number_cells(kind: NumKind, attr: AttrId, exprs: &[&Expr]) -> Option<Vec<Interval>> {
    let mut cuts = Vec::new();
    for e in exprs {
        e.for_each_atom(&mut |a| {
            if a.attr != attr {
                return;
            }
            if let Some((lo, hi)) = Interval::of_test(kind, &a.test).and_then(|i| i.bounds) {
                cuts.push(lo.units());
                cuts.push(hi.units() + kind.step());
            }
        });
    }
    if cuts.is_empty() {
        return None;
    }
    cuts.push(Num::MIN.units());
    cuts.retain(|&c| c <= Num::MAX.units());
    cuts.sort_unstable();
    cuts.dedup();
    Some(
        cuts.iter()
            .enumerate()
            .map(|(i, &start)| {
                let end = cuts.get(i + 1).map_or(Num::MAX.units(), |&next| next - 1);
                Interval::new(kind, start, end)
            })
            .filter(|cell| !cell.is_empty())
            .collect(),
    )
}

/// The cells of an attribute's values, in order, each as an expression; `None` for a type
/// whose values do not split into cells (sets) or an attribute no criterion reads.
fn cells(spec: &Spec, attr: AttrId, exprs: &[&Expr]) -> Option<Vec<Expr>> {
    let ty = &spec.attr(attr).ty;
    match ty {
        Type::Int | Type::Money | Type::Percent => {
            let kind = NumKind::of(ty)?;
            number_cells(kind, attr, exprs)?
                .into_iter()
                .map(|cell| interval_expr(kind, attr, cell))
                .collect()
        }
        Type::Bool => Some(vec![
            atom(attr, Test::Bool(true)),
            atom(attr, Test::Bool(false)),
        ]),
        Type::Enum(e) => Some(e.leaves().map(|l| atom(attr, Test::In(vec![l]))).collect()),
        Type::Set(_) => None,
    }
}

/// The kept cells as one expression: neighbouring cells merge into ranges, whole subtrees of a
/// hierarchy into their node.
fn join(spec: &Spec, attr: AttrId, exprs: &[&Expr], kept: &[bool]) -> Option<Expr> {
    match &spec.attr(attr).ty {
        Type::Bool => {
            let b = kept.first().copied()?;
            Some(atom(attr, Test::Bool(b)))
        }
        Type::Enum(e) => {
            let leaves: Vec<u32> = e.leaves().collect();
            let chosen: Vec<u32> = leaves
                .iter()
                .zip(kept)
                .filter(|(_, k)| **k)
                .map(|(l, _)| *l)
                .collect();
            Some(atom(attr, enum_test(e, &chosen)))
        }
        Type::Int | Type::Money | Type::Percent => {
            let kind = NumKind::of(&spec.attr(attr).ty)?;
            let cells = number_cells(kind, attr, exprs)?;
            // Runs of kept neighbouring cells, each as one interval.
            let mut runs: Vec<(Num, Num)> = Vec::new();
            let mut open = false;
            for (cell, &k) in cells.iter().zip(kept) {
                if let (true, Some((lo, hi))) = (k, cell.bounds) {
                    match runs.last_mut() {
                        Some(run) if open => run.1 = hi,
                        _ => runs.push((lo, hi)),
                    }
                }
                open = k;
            }
            let parts: Vec<Expr> = runs
                .into_iter()
                .filter_map(|(lo, hi)| {
                    interval_expr(
                        kind,
                        attr,
                        Interval {
                            bounds: Some((lo, hi)),
                        },
                    )
                })
                .collect();
            match parts.len() {
                0 => None,
                1 => parts.into_iter().next(),
                _ => Some(Expr::Or(parts)),
            }
        }
        Type::Set(_) => None,
    }
}

/// An interval of a number attribute as a criterion people read: `== 5`, `>= 200`, `in 200..499`,
/// and for decimals a strict bound where it reads more simply (`> 5` rather than
/// `>= 5.000000000000000001`). `None` for the whole domain or an empty interval.
fn interval_expr(kind: NumKind, attr: AttrId, interval: Interval) -> Option<Expr> {
    let (lo, hi) = interval.bounds?;
    let simpler = |a: Option<Num>, b: Num| {
        a.filter(|a| kind == NumKind::Decimal && a.significant_digits() < b.significant_digits())
    };
    let lower = (lo > Num::MIN).then(|| match simpler(lo.checked_sub(Num::UNIT), lo) {
        Some(below) => Test::Compare(Cmp::Gt, below),
        None => Test::Compare(Cmp::Ge, lo),
    });
    let upper = (hi < Num::MAX).then(|| match simpler(hi.checked_add(Num::UNIT), hi) {
        Some(above) => Test::Compare(Cmp::Lt, above),
        None => Test::Compare(Cmp::Le, hi),
    });
    Some(match (lower, upper) {
        (None, None) => return None,
        _ if lo == hi => atom(attr, Test::Compare(Cmp::Eq, lo)),
        (Some(Test::Compare(Cmp::Ge, _)), Some(Test::Compare(Cmp::Le, _))) => {
            atom(attr, Test::Between(lo, hi))
        }
        (Some(l), Some(h)) => Expr::And(vec![atom(attr, l), atom(attr, h)]),
        (Some(t), None) | (None, Some(t)) => atom(attr, t),
    })
}

/// The test "one of these leaves", naming a node when all its leaves are chosen and a range of
/// ranks when an ordered enum's chosen values run on.
fn enum_test(e: &EnumType, chosen: &[u32]) -> Test {
    if e.ordered
        && chosen.len() >= 3
        && let (Some(&first), Some(&last)) = (chosen.first(), chosen.last())
        && (last - first) as usize + 1 == chosen.len()
    {
        return Test::RankBetween(first, last);
    }
    let mut out = Vec::new();
    let mut v = 0u32;
    let n = e.values.len() as u32;
    while v < n {
        let all = e.leaves_under(v).all(|l| chosen.contains(&l));
        if all {
            out.push(v);
            v = e.value_at(v).subtree_end;
        } else {
            v += 1;
        }
    }
    Test::In(out)
}
