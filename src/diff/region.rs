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
    let p = join(spec, attr, &cells, &kept)?;
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

/// The constants the expressions compare an attribute with, sorted, without duplicates.
fn constants(attr: AttrId, exprs: &[&Expr]) -> Vec<Num> {
    let mut out = Vec::new();
    for e in exprs {
        e.for_each_atom(&mut |a| {
            if a.attr != attr {
                return;
            }
            match a.test {
                Test::Compare(_, n) => out.push(n),
                Test::Between(l, h) => {
                    out.push(l);
                    out.push(h);
                }
                _ => {}
            }
        });
    }
    out.sort();
    out.dedup();
    out
}

/// The cells of an attribute's values, in order, each as an expression; `None` for a type
/// whose values do not split into cells (sets) or an attribute no criterion reads.
fn cells(spec: &Spec, attr: AttrId, exprs: &[&Expr]) -> Option<Vec<Expr>> {
    let ty = &spec.attr(attr).ty;
    match ty {
        Type::Int => {
            // Whole-number breakpoints: every criterion is constant between two of them.
            let mut points: Vec<i64> = Vec::new();
            for c in constants(attr, exprs) {
                let v = c.get();
                if v.abs() > 1e15 {
                    return None;
                }
                points.push(v.floor() as i64);
                points.push(v.ceil() as i64);
            }
            points.sort_unstable();
            points.dedup();
            let first = *points.first()?;
            let num = Num::from_i64;
            let mut out = vec![atom(attr, Test::Compare(Cmp::Le, num(first - 1)))];
            for (i, &p) in points.iter().enumerate() {
                out.push(atom(attr, Test::Compare(Cmp::Eq, num(p))));
                match points.get(i + 1) {
                    Some(&next) if next > p + 2 => {
                        out.push(atom(attr, Test::Between(num(p + 1), num(next - 1))))
                    }
                    Some(&next) if next == p + 2 => {
                        out.push(atom(attr, Test::Compare(Cmp::Eq, num(p + 1))))
                    }
                    Some(_) => {}
                    None => out.push(atom(attr, Test::Compare(Cmp::Ge, num(p + 1)))),
                }
            }
            Some(out)
        }
        Type::Money | Type::Percent => {
            let points = constants(attr, exprs);
            let first = *points.first()?;
            let mut out = vec![atom(attr, Test::Compare(Cmp::Lt, first))];
            for (i, &p) in points.iter().enumerate() {
                out.push(atom(attr, Test::Compare(Cmp::Eq, p)));
                match points.get(i + 1) {
                    Some(&next) => out.push(Expr::And(vec![
                        atom(attr, Test::Compare(Cmp::Gt, p)),
                        atom(attr, Test::Compare(Cmp::Lt, next)),
                    ])),
                    None => out.push(atom(attr, Test::Compare(Cmp::Gt, p))),
                }
            }
            Some(out)
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
fn join(spec: &Spec, attr: AttrId, cells: &[Expr], kept: &[bool]) -> Option<Expr> {
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
            let mut ranges: Vec<Vec<&Expr>> = Vec::new();
            let mut open = false;
            for (cell, &k) in cells.iter().zip(kept) {
                if k {
                    if !open {
                        ranges.push(Vec::new());
                    }
                    if let Some(r) = ranges.last_mut() {
                        r.push(cell);
                    }
                }
                open = k;
            }
            let parts: Vec<Expr> = ranges
                .iter()
                .filter_map(|r| range(attr, r.first()?, r.last()?))
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

/// A bound of a range: the value and whether it is included.
type Bound = Option<(Num, bool)>;

/// The lower and upper bound of a cell.
fn bounds(cell: &Expr) -> Option<(Bound, Bound)> {
    let test = |e: &Expr| match e {
        Expr::Atom(a) => Some(a.test.clone()),
        _ => None,
    };
    Some(match cell {
        Expr::And(xs) => {
            let (Some(Test::Compare(Cmp::Gt, lo)), Some(Test::Compare(Cmp::Lt, hi))) =
                (test(xs.first()?), test(xs.get(1)?))
            else {
                return None;
            };
            (Some((lo, false)), Some((hi, false)))
        }
        e => match test(e)? {
            Test::Compare(Cmp::Eq, n) => (Some((n, true)), Some((n, true))),
            Test::Compare(Cmp::Lt, n) => (None, Some((n, false))),
            Test::Compare(Cmp::Le, n) => (None, Some((n, true))),
            Test::Compare(Cmp::Gt, n) => (Some((n, false)), None),
            Test::Compare(Cmp::Ge, n) => (Some((n, true)), None),
            Test::Between(l, h) => (Some((l, true)), Some((h, true))),
            _ => return None,
        },
    })
}

/// The range from the start of one cell to the end of another, as one test where possible.
fn range(attr: AttrId, first: &Expr, last: &Expr) -> Option<Expr> {
    let (lo, _) = bounds(first)?;
    let (_, hi) = bounds(last)?;
    Some(match (lo, hi) {
        (None, None) => return None,
        (Some((l, true)), Some((h, true))) if l == h => atom(attr, Test::Compare(Cmp::Eq, l)),
        (Some((l, true)), Some((h, true))) => atom(attr, Test::Between(l, h)),
        (Some((l, li)), None) => atom(attr, Test::Compare(if li { Cmp::Ge } else { Cmp::Gt }, l)),
        (None, Some((h, hi))) => atom(attr, Test::Compare(if hi { Cmp::Le } else { Cmp::Lt }, h)),
        (Some((l, li)), Some((h, hi))) => Expr::And(vec![
            atom(attr, Test::Compare(if li { Cmp::Ge } else { Cmp::Gt }, l)),
            atom(attr, Test::Compare(if hi { Cmp::Le } else { Cmp::Lt }, h)),
        ]),
    })
}

/// The test "one of these leaves", naming a node when all its leaves are chosen and a range of
/// ranks when an ordered enum's chosen values run on.
fn enum_test(e: &EnumType, chosen: &[u32]) -> Test {
    if e.ordered && chosen.len() >= 3 {
        let (first, last) = (chosen[0], chosen[chosen.len() - 1]);
        if (last - first) as usize + 1 == chosen.len() {
            return Test::RankBetween(first, last);
        }
    }
    let mut out = Vec::new();
    let mut v = 0u32;
    let n = e.values.len() as u32;
    while v < n {
        let all = e.leaves_under(v).all(|l| chosen.contains(&l));
        if all {
            out.push(v);
            v = e.values[v as usize].subtree_end;
        } else {
            v += 1;
        }
    }
    Test::In(out)
}
