//! Document symbols: the outline of one file.
//!
//! Takes a file's syntax tree and gives a tree of symbols in icpl's terms: schema blocks with
//! their attributes and values, ICPs with their signals and tiers, personas and examples. Items
//! that did not parse still appear under their name when the scanner could read one, so the
//! outline does not flicker while a block is being edited.

use crate::source::Span;
use crate::syntax::ast::{
    EnumBody, ExampleBlock, File, Item, ProfileBlock, ProfileKind, SchemaBlock, Statement, TypeKind,
};

/// A symbol of the outline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    /// A short note beside the name (a type, a display name, a weight).
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// The whole construct.
    pub span: Span,
    /// The name within it.
    pub name_span: Span,
    pub children: Vec<Symbol>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    Schema,
    Attribute,
    Value,
    Icp,
    Persona,
    Signal,
    Tier,
    Example,
}

/// The outline of a file, in source order.
pub fn symbols(file: &File) -> Vec<Symbol> {
    file.items.iter().filter_map(item).collect()
}

fn item(item: &Item) -> Option<Symbol> {
    Some(match item {
        Item::Schema(block) => schema(block),
        Item::Icp(block) | Item::Persona(block) => profile(block),
        Item::Example(block) => example(block),
        Item::Broken(b) => {
            let name = b.name.as_ref()?;
            let kind = match b.keyword? {
                "icp" => SymbolKind::Icp,
                "persona" => SymbolKind::Persona,
                "example" => SymbolKind::Example,
                _ => SymbolKind::Schema,
            };
            Symbol {
                name: name.name.clone(),
                detail: Some("(does not parse)".to_string()),
                kind,
                span: b.span,
                name_span: name.span,
                children: Vec::new(),
            }
        }
    })
}

fn schema(block: &SchemaBlock) -> Symbol {
    Symbol {
        name: block.entity.as_str().to_string(),
        detail: None,
        kind: SymbolKind::Schema,
        span: block.span,
        name_span: block.keyword,
        children: block
            .attrs
            .iter()
            .map(|a| {
                let (ty, values) = match &a.ty.kind {
                    TypeKind::Int => ("int", None),
                    TypeKind::Money => ("money", None),
                    TypeKind::Percent => ("percent", None),
                    TypeKind::Bool => ("bool", None),
                    TypeKind::Enum {
                        ordered: true,
                        values,
                    } => ("ordered enum", Some(values)),
                    TypeKind::Enum { values, .. } => ("enum", Some(values)),
                    TypeKind::Set { values } => ("set", Some(values)),
                    TypeKind::Unknown(_) => ("unknown type", None),
                };
                Symbol {
                    name: a.name.name.clone(),
                    detail: Some(ty.to_string()),
                    kind: SymbolKind::Attribute,
                    span: a.span,
                    name_span: a.name.span,
                    children: values.map(enum_values).unwrap_or_default(),
                }
            })
            .collect(),
    }
}

fn enum_values(body: &EnumBody) -> Vec<Symbol> {
    body.values
        .iter()
        .map(|v| Symbol {
            name: v.name.name.clone(),
            detail: v.label.as_ref().map(|l| l.value.clone()),
            kind: SymbolKind::Value,
            span: v.span,
            name_span: v.name.span,
            children: v.children.as_ref().map(enum_values).unwrap_or_default(),
        })
        .collect()
}

fn profile(block: &ProfileBlock) -> Symbol {
    let mut children = Vec::new();
    for stmt in &block.body {
        match stmt {
            Statement::Score(score) => children.extend(score.signals.iter().map(|s| Symbol {
                name: s.name.name.clone(),
                detail: Some(format!("{:+}", s.weight)),
                kind: SymbolKind::Signal,
                span: s.span,
                name_span: s.name.span,
                children: Vec::new(),
            })),
            Statement::Tiers(tiers) => children.extend(tiers.tiers.iter().map(|t| Symbol {
                name: t.name.name.clone(),
                detail: Some("tier".to_string()),
                kind: SymbolKind::Tier,
                span: t.span,
                name_span: t.name.span,
                children: Vec::new(),
            })),
            _ => {}
        }
    }
    Symbol {
        name: block.id.name.clone(),
        detail: block.name.as_ref().map(|n| n.value.clone()),
        kind: match block.kind {
            ProfileKind::Icp => SymbolKind::Icp,
            ProfileKind::Persona => SymbolKind::Persona,
        },
        span: block.span,
        name_span: block.id.span,
        children,
    }
}

fn example(block: &ExampleBlock) -> Symbol {
    Symbol {
        name: block.name.value.clone(),
        detail: Some("example".to_string()),
        kind: SymbolKind::Example,
        span: block.span,
        name_span: block.name.span,
        children: Vec::new(),
    }
}
