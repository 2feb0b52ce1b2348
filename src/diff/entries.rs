//! One entry of the report per profile: added, removed, or both versions compared.

use std::collections::HashMap;

use super::matching::own;
use super::pairing::Profile;
use super::report::{Entry, Kind, Location, ScoreChange, Scoring, Status, incomparable};
use super::text::{criteria_text, icp_text, persona_text};
use super::{Differ, Version};
use crate::sema::ir::Expr;
use crate::source::Span;

impl Differ<'_, '_> {
    pub(super) fn location(v: &Version, span: Span) -> Option<Location> {
        let (file, start, _) = v.map.range(span)?;
        Some(Location {
            file: file.name.clone(),
            line: start.line,
        })
    }

    /// The entry of an ICP both versions have (old index `o`, new index `n`).
    pub(super) fn icp_entry(&mut self, o: usize, n: usize) -> Entry {
        self.fresh();
        let (old_spec, new_spec) = (self.old.spec, self.new.spec);
        let (oi, ni) = (old_spec.icp_at(o), new_spec.icp_at(n));
        let mut entry = self.entry(
            Kind::Icp,
            Some((&oi.id, oi.id_span)),
            Some((&ni.id, ni.id_span)),
            &ni.name,
        );
        entry.text = icp_text(oi, ni);
        let new_cs = own(&ni.requires, &ni.excludes);
        let new_lit = self.lit_of(&new_cs);
        let old_lit = match self.old_icp_expr(o) {
            Err(reason) => {
                entry.matching = Some(incomparable(reason.clone()));
                entry.scoring = Some(Scoring {
                    old_range: None,
                    new_range: None,
                    change: ScoreChange::Incomparable { reason },
                });
                entry.finish();
                return entry;
            }
            Ok(old_cs) => {
                let old_lit = self.lit_of(&old_cs);
                let changed = self.changed_attrs(&old_cs, &new_cs);
                let exprs: Vec<&Expr> = new_cs.iter().chain(&old_cs).map(|(e, _)| e).collect();
                entry.matching = Some(self.matching(old_lit, new_lit, &exprs, &changed));
                old_lit
            }
        };
        self.scores(&mut entry, oi, ni, old_lit, new_lit);
        entry.finish();
        entry
    }

    pub(super) fn entry(
        &self,
        kind: Kind,
        old: Option<(&str, Span)>,
        new: Option<(&str, Span)>,
        name: &str,
    ) -> Entry {
        let id = new.or(old).map_or(String::new(), |(id, _)| id.to_string());
        let old_id = match (old, new) {
            (Some((o, _)), Some((n, _))) if o != n => Some(o.to_string()),
            _ => None,
        };
        let status = match (old, new) {
            (None, _) => Status::Added,
            (_, None) => Status::Removed,
            _ if old_id.is_some() => Status::Renamed,
            _ => Status::Unchanged,
        };
        Entry {
            kind,
            id,
            old_id,
            name: name.to_string(),
            status,
            rules_changed: status != Status::Unchanged,
            location: new.and_then(|(_, s)| Self::location(self.new, s)),
            old_location: old.and_then(|(_, s)| Self::location(self.old, s)),
            criteria: Vec::new(),
            matching: None,
            scoring: None,
            signals: Vec::new(),
            tiers: None,
            text: Vec::new(),
        }
    }

    /// The entry of a profile only the new version has.
    pub(super) fn added<P: Profile>(&self, p: &P) -> Entry {
        let mut e = self.entry(P::KIND, None, Some((p.id(), p.id_span())), p.name());
        e.criteria = criteria_text(self.new.spec, p.requires(), p.excludes());
        e
    }

    /// The entry of a profile only the old version has.
    pub(super) fn removed<P: Profile>(&self, p: &P) -> Entry {
        let mut e = self.entry(P::KIND, Some((p.id(), p.id_span())), None, p.name());
        e.criteria = criteria_text(self.old.spec, p.requires(), p.excludes());
        e
    }

    /// The entry of a persona both versions have; `icp_map` pairs old ICPs with new ones.
    pub(super) fn persona_entry(
        &mut self,
        o: usize,
        n: usize,
        icp_map: &HashMap<usize, usize>,
    ) -> Entry {
        self.fresh();
        let (old_spec, new_spec) = (self.old.spec, self.new.spec);
        let (op, np) = (old_spec.persona_at(o), new_spec.persona_at(n));
        let mut entry = self.entry(
            Kind::Persona,
            Some((&op.id, op.id_span)),
            Some((&np.id, np.id_span)),
            &np.name,
        );
        entry.text = persona_text(old_spec, new_spec, op, np, icp_map);
        let (new_lit, new_cs) = self.new_persona(n);
        entry.matching = Some(match self.old_persona(o) {
            Err(reason) => incomparable(reason),
            Ok((old_lit, old_cs)) => {
                let changed = self.changed_attrs(&old_cs, &new_cs);
                let exprs: Vec<&Expr> = new_cs.iter().chain(&old_cs).map(|(e, _)| e).collect();
                self.matching(old_lit, new_lit, &exprs, &changed)
            }
        });
        entry.finish();
        entry
    }
}
