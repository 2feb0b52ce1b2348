//! Criteria in plain English, for briefs, hovers, lint messages and diffs: descriptions of the
//! model, beside the model, so that every stage that speaks to people can use them.
//!
//! Negation is pushed down to the atoms first (De Morgan, and each test's own complement, such as
//! `not >= 10` → `fewer than 10`), so every phrase reads positively. Each attribute type has its
//! own phrasing: counts read "with 200 to 2,000 employees", amounts "annual revenue of at least
//! $20M", enums "industry: SaaS or fintech", sets "tech stack includes snowflake". Names are
//! shown as the author wrote them, or by their declared labels; they are never re-cased.

use crate::num::{Num, group_thousands, show_money, show_percent, show_plain};
use crate::sema::ir::{Atom, Attribute, Cmp, EnumType, Expr, Spec, Test, Type};

/// A criterion as one sentence, without a final period: "Companies with 200 to 2,000
/// employees", "Annual revenue of at least $20M" (a declared label starts with a capital; a
/// bare attribute name is kept as written).
pub fn describe(spec: &Spec, expr: &Expr) -> String {
    sentence(spec, expr, false)
}

/// The negation of a criterion as one sentence ("Tech stack does not include Pipedrive").
pub fn describe_negated(spec: &Spec, expr: &Expr) -> String {
    sentence(spec, expr, true)
}

fn sentence(spec: &Spec, expr: &Expr, negate: bool) -> String {
    let text = phrase(spec, expr, negate);
    // Count phrases ("with 200 employees") need a subject at the start of a sentence.
    if text.starts_with("with ") {
        let subject = match first_attr(expr).map(|a| a.entity) {
            Some(crate::sema::ir::Entity::Contact) => "contacts",
            _ => "companies",
        };
        return capitalise(&format!("{subject} {text}"));
    }
    // A sentence that starts with a declared label starts with a capital; one that starts with
    // an attribute's bare name keeps the name as written (`hr_budget` is not "Hr budget").
    let declared = first_attr(expr).is_some_and(|a| spec.attr(a).label.is_some());
    if declared { capitalise(&text) } else { text }
}

fn first_attr(e: &Expr) -> Option<crate::sema::ir::AttrId> {
    let mut found = None;
    e.for_each_atom(&mut |a| {
        found.get_or_insert(a.attr);
    });
    found
}

/// Capitalises the first letter of a sentence, unless its first word is written in mixed case
/// (`eBay`, `iOS`): such a word is a name and keeps its case.
fn capitalise(s: &str) -> String {
    let first_word = s.split_whitespace().next().unwrap_or("");
    if first_word.chars().skip(1).any(char::is_uppercase) {
        return s.to_string();
    }
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Phrases an expression; `negate` asks for its complement. A nested group of the other
/// connective gets parentheses.
fn phrase(spec: &Spec, e: &Expr, negate: bool) -> String {
    match e {
        Expr::Not(x) => phrase(spec, x, !negate),
        Expr::And(xs) | Expr::Or(xs) => {
            let is_and = matches!(e, Expr::And(_)) != negate;
            let parts: Vec<String> = xs
                .iter()
                .map(|x| {
                    let inner = phrase(spec, x, negate);
                    let nested_other = match strip_not(x, negate) {
                        (Expr::And(_), n) => n == is_and,
                        (Expr::Or(_), n) => n != is_and,
                        _ => false,
                    };
                    if nested_other {
                        format!("({inner})")
                    } else {
                        inner
                    }
                })
                .collect();
            join(&parts, if is_and { "and" } else { "or" })
        }
        Expr::Atom(a) => atom(spec, a, negate),
    }
}

/// The expression under any `not`s, and whether the connective it ends at flips.
fn strip_not(e: &Expr, negate: bool) -> (&Expr, bool) {
    match e {
        Expr::Not(x) => strip_not(x, !negate),
        other => (other, negate),
    }
}

/// Joins phrases: "a and b", "a, b and c". In a conjunction, a count phrase attaches with a
/// comma: "tech stack includes Pipedrive, with fewer than 10 employees".
fn join(parts: &[String], word: &str) -> String {
    if word == "and"
        && let Some((first, rest)) = parts.split_first()
        && rest.iter().any(|p| p.starts_with("with "))
    {
        let (with, other): (Vec<&String>, Vec<&String>) =
            rest.iter().partition(|p| p.starts_with("with "));
        let mut head = vec![first.clone()];
        head.extend(other.into_iter().cloned());
        let mut text = join(&head, "and");
        for w in with {
            text.push_str(", ");
            text.push_str(w);
        }
        return text;
    }
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {word} {last}", rest.join(", ")),
    }
}

/// "A or B", "A, B or C".
fn list(names: &[String], word: &str) -> String {
    join(names, word)
}

fn atom(spec: &Spec, a: &Atom, negate: bool) -> String {
    let attr = spec.attr(a.attr);
    let label = attr.display_label();
    match (&attr.ty, &a.test) {
        (Type::Int | Type::Money | Type::Percent, Test::Compare(cmp, n)) => {
            numeric(attr, &label, *cmp, *n, negate)
        }
        (Type::Int | Type::Money | Type::Percent, Test::Between(lo, hi)) => {
            let (lo_s, hi_s) = (show(attr, *lo), show(attr, *hi));
            match (&attr.ty, negate) {
                (Type::Int, false) => format!("with {lo_s} to {hi_s} {label}"),
                (Type::Int, true) => format!("with fewer than {lo_s} or more than {hi_s} {label}"),
                (_, false) => format!("{label} between {lo_s} and {hi_s}"),
                (_, true) => format!("{label} below {lo_s} or above {hi_s}"),
            }
        }
        (Type::Bool, Test::Bool(b)) => {
            if *b != negate {
                label
            } else {
                format!("{label}: no")
            }
        }
        (Type::Enum(e), Test::In(vs)) => {
            let names = display_all(e, vs);
            if negate {
                format!("{label}: anything but {}", list(&names, "or"))
            } else {
                format!("{label}: {}", list(&names, "or"))
            }
        }
        (Type::Enum(e), Test::Rank(cmp, v)) => {
            let cmp = if negate { complement(*cmp) } else { *cmp };
            let name = e.display(*v);
            let text = match cmp {
                Cmp::Ge => format!("{name} or above"),
                Cmp::Gt => format!("above {name}"),
                Cmp::Le => format!("{name} or below"),
                Cmp::Lt => format!("below {name}"),
                Cmp::Eq => name,
            };
            format!("{label}: {text}")
        }
        (Type::Enum(e), Test::RankBetween(lo, hi)) => {
            let last = e.values.len() as u32 - 1;
            let (lo_name, hi_name) = (e.display(*lo), e.display(*hi));
            let text = match (negate, *lo == 0, *hi == last) {
                (false, _, _) if lo == hi => lo_name,
                (false, _, _) => format!("{lo_name} to {hi_name}"),
                (true, _, _) if lo == hi => format!("anything but {lo_name}"),
                (true, true, true) => "none of its values".to_string(),
                (true, true, false) => format!("above {hi_name}"),
                (true, false, true) => format!("below {lo_name}"),
                (true, false, false) => format!("below {lo_name} or above {hi_name}"),
            };
            format!("{label}: {text}")
        }
        (Type::Set(e), Test::Has(v)) => {
            let name = e.display(*v);
            if negate {
                format!("{label} does not include {name}")
            } else {
                format!("{label} includes {name}")
            }
        }
        (Type::Set(e), Test::HasAny(vs)) => {
            let names = display_all(e, vs);
            match (negate, names.as_slice()) {
                (false, _) => format!("{label} includes {}", list(&names, "or")),
                (true, [name]) => format!("{label} does not include {name}"),
                (true, _) => format!("{label} includes none of {}", list(&names, "and")),
            }
        }
        (Type::Set(e), Test::HasAll(vs)) => {
            let names = display_all(e, vs);
            match (negate, names.as_slice()) {
                (false, _) => format!("{label} includes {}", list(&names, "and")),
                (true, [name]) => format!("{label} does not include {name}"),
                (true, _) => format!("{label} does not include all of {}", list(&names, "and")),
            }
        }
        // The checker never pairs a test with a type it does not fit.
        _ => String::from("(invalid criterion)"),
    }
}

fn display_all(e: &EnumType, vs: &[u32]) -> Vec<String> {
    vs.iter().map(|&v| e.display(v)).collect()
}

fn complement(cmp: Cmp) -> Cmp {
    match cmp {
        Cmp::Ge => Cmp::Lt,
        Cmp::Gt => Cmp::Le,
        Cmp::Le => Cmp::Gt,
        Cmp::Lt => Cmp::Ge,
        Cmp::Eq => Cmp::Eq,
    }
}

/// A number as people read it for this attribute's type.
pub fn show(attr: &Attribute, n: Num) -> String {
    match attr.ty {
        Type::Money => show_money(n),
        Type::Percent => show_percent(n),
        _ => show_plain(n),
    }
}

fn numeric(attr: &Attribute, label: &str, cmp: Cmp, n: Num, negate: bool) -> String {
    let v = show(attr, n);
    if cmp == Cmp::Eq {
        return match (&attr.ty, negate) {
            (Type::Int, false) => format!("with exactly {v} {label}"),
            (Type::Int, true) => format!("with other than {v} {label}"),
            (_, false) => format!("{label} of exactly {v}"),
            (_, true) => format!("{label} other than {v}"),
        };
    }
    let cmp = if negate { complement(cmp) } else { cmp };
    if attr.ty == Type::Int {
        // Counts read best with whole-number bounds: "more than 5" is "at least 6".
        let text = match cmp {
            Cmp::Ge => format!("at least {v}"),
            Cmp::Gt => format!("more than {v}"),
            Cmp::Le => format!("at most {v}"),
            Cmp::Lt => format!("fewer than {v}"),
            Cmp::Eq => v,
        };
        return format!("with {text} {label}");
    }
    let text = match cmp {
        Cmp::Ge => format!("of at least {v}"),
        Cmp::Gt => format!("above {v}"),
        Cmp::Le => format!("of at most {v}"),
        Cmp::Lt => format!("below {v}"),
        Cmp::Eq => format!("of {v}"),
    };
    format!("{label} {text}")
}

/// The scores of a tier for people: "50 or more", "25 to 49", "below 25". `min` is the tier's
/// threshold, `above` the threshold of the tier before it.
pub fn score_band(min: Option<i64>, above: Option<i64>) -> String {
    let show = group_thousands;
    match (min, above) {
        (Some(lo), None) => format!("{} or more", show(lo)),
        (Some(lo), Some(hi)) if hi - 1 == lo => show(lo),
        (Some(lo), Some(hi)) => format!("{} to {}", show(lo), show(hi - 1)),
        (None, Some(hi)) => format!("below {}", show(hi)),
        (None, None) => "any score".to_string(),
    }
}
