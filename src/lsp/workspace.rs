//! The server's state: open documents, the specs they belong to, and what was published.
//!
//! A document's spec is found the way `icpl check` finds it: the nearest folder above the
//! file that holds `icpl.toml` is the spec root, else the file's own folder, and every `.icp`
//! file below the root is part of the spec. Open documents override the files on disk (their
//! unsaved text is what gets checked). A document that the root's spec would not read (in a
//! hidden folder, say), whose folder is not on disk, or that is not a file at all
//! (`untitled:`) is a spec of its own.
//!
//! Every change recompiles the document's whole spec, so references across files resolve, and
//! gives the diagnostics to publish: for every file that has some, for every file that had
//! some last time (to clear them), and for every open document of the spec (so an editor
//! always hears back after a change).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use lsp_types::PublishDiagnosticsParams;

use super::convert;
use crate::compile::{Compilation, Options, compile_with};
use crate::diagnostics::Diagnostic;
use crate::source::{
    CONFIG_FILE, FileId, MAX_TOTAL_BYTES, decode, is_spec_file, load_spec_with, load_texts,
    read_regular,
};

/// An open document.
#[derive(Clone, Debug)]
pub struct Document {
    /// The URI as the client sent it (diagnostics for it are published under it).
    pub uri: String,
    /// Its path, for a `file:` URI.
    pub path: Option<PathBuf>,
    pub text: String,
    pub version: i32,
    /// The spec it belongs to.
    pub spec: SpecKey,
}

/// Which spec a document belongs to.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SpecKey {
    /// Every `.icp` file below a root folder.
    Root(PathBuf),
    /// One document on its own, by URI.
    Alone(String),
}

/// A compiled spec and what was last published for it.
#[derive(Debug)]
struct SpecState {
    /// `None` when the spec could not be read at all.
    comp: Option<Compilation>,
    /// The URI of each file of the compilation, by file id.
    uris: Vec<String>,
    /// The URIs last published with at least one diagnostic.
    published: BTreeSet<String>,
}

/// Open documents and compiled specs.
#[derive(Debug)]
pub struct Workspace {
    options: Options,
    docs: BTreeMap<String, Document>,
    specs: BTreeMap<SpecKey, SpecState>,
}

/// The spec root of a file: the nearest folder above it that holds `icpl.toml`, else the
/// file's own folder (the rule `icpl check FILE` uses too, see [`crate::source::spec_root`]).
pub fn spec_root(file: &Path) -> Option<PathBuf> {
    crate::source::spec_root(file).map(|r| r.dir)
}

impl Workspace {
    pub fn new(options: Options) -> Workspace {
        Workspace {
            options,
            docs: BTreeMap::new(),
            specs: BTreeMap::new(),
        }
    }

    /// Opens (or reopens) a document and gives the diagnostics to publish.
    pub fn open(
        &mut self,
        uri: String,
        text: String,
        version: i32,
    ) -> Vec<PublishDiagnosticsParams> {
        let path = convert::uri_to_path(&uri).filter(|p| p.is_absolute());
        // A buffer whose folder is not on disk (a new file in a folder not created yet, a
        // path from another machine) has no spec around it: it is checked alone.
        let spec = match path.as_deref().and_then(|p| Some((p, spec_root(p)?))) {
            Some((p, root)) if root.is_dir() && is_spec_file(&root, p) => SpecKey::Root(root),
            _ => SpecKey::Alone(uri.clone()),
        };
        let doc = Document {
            uri: uri.clone(),
            path,
            text,
            version,
            spec: spec.clone(),
        };
        let previous = self.docs.insert(uri, doc).map(|d| d.spec);
        let mut out = Vec::new();
        if let Some(old) = previous.filter(|old| *old != spec) {
            out.extend(self.recompile(&old));
        }
        out.extend(self.recompile(&spec));
        out
    }

    /// Replaces a document's text and gives the diagnostics to publish; nothing for a
    /// document that is not open.
    pub fn change(
        &mut self,
        uri: &str,
        version: i32,
        edit: impl FnOnce(&mut String),
    ) -> Vec<PublishDiagnosticsParams> {
        let Some(doc) = self.docs.get_mut(uri) else {
            return Vec::new();
        };
        edit(&mut doc.text);
        doc.version = version;
        let spec = doc.spec.clone();
        self.recompile(&spec)
    }

    /// Closes a document: its spec is checked again from disk, or forgotten (and its
    /// diagnostics cleared) when none of its documents is open any more.
    pub fn close(&mut self, uri: &str) -> Vec<PublishDiagnosticsParams> {
        match self.docs.remove(uri) {
            Some(doc) => self.recompile(&doc.spec),
            None => Vec::new(),
        }
    }

    /// An open document.
    pub fn document(&self, uri: &str) -> Option<&Document> {
        self.docs.get(uri)
    }

    /// The compilation that holds an open document, with the document's file in it.
    pub fn compilation(&self, uri: &str) -> Option<(&Compilation, FileId)> {
        let doc = self.docs.get(uri)?;
        let state = self.specs.get(&doc.spec)?;
        let comp = state.comp.as_ref()?;
        let file = state.uris.iter().position(|u| u == uri)?;
        Some((comp, FileId(file as u32)))
    }

    /// The URIs of the files of the compilation that holds a document, by file id.
    pub fn uris(&self, uri: &str) -> &[String] {
        self.docs
            .get(uri)
            .and_then(|d| self.specs.get(&d.spec))
            .map_or(&[], |s| s.uris.as_slice())
    }

    /// Compiles a spec from disk and its open documents, and gives what to publish.
    fn recompile(&mut self, key: &SpecKey) -> Vec<PublishDiagnosticsParams> {
        let open: Vec<&Document> = self.docs.values().filter(|d| d.spec == *key).collect();
        let previous = self
            .specs
            .remove(key)
            .map(|s| s.published)
            .unwrap_or_default();
        let Some(&first_open) = open.first() else {
            // Nothing of the spec is open: clear what was shown and forget it.
            return previous
                .iter()
                .filter_map(|u| convert::publish(u, None, Vec::new()))
                .collect();
        };
        let loaded = match key {
            SpecKey::Root(root) => {
                let overrides: BTreeMap<PathBuf, String> = open
                    .iter()
                    .filter_map(|d| Some((d.path.clone()?, d.text.clone())))
                    .collect();
                load_spec_with(root, &overrides)
            }
            SpecKey::Alone(_) => Ok(load_alone(first_open)),
        };
        let version_of = |u: &str| open.iter().find(|d| d.uri == u).map(|d| d.version);
        let mut out = Vec::new();
        let mut published = BTreeSet::new();
        let loaded = match loaded {
            Ok(loaded) => loaded,
            Err(e) => {
                // The spec cannot be read (a folder vanished, a file is unreadable): say so
                // on every open document, and clear everything else.
                let d = convert::unplaced_diagnostic(&Diagnostic::from_miette(&e));
                for doc in &open {
                    out.extend(convert::publish(
                        &doc.uri,
                        Some(doc.version),
                        vec![d.clone()],
                    ));
                    published.insert(doc.uri.clone());
                }
                out.extend(
                    previous
                        .iter()
                        .filter(|u| !published.contains(*u))
                        .filter_map(|u| convert::publish(u, version_of(u), Vec::new())),
                );
                self.specs.insert(
                    key.clone(),
                    SpecState {
                        comp: None,
                        uris: Vec::new(),
                        published,
                    },
                );
                return out;
            }
        };
        let uris: Vec<String> = loaded
            .map
            .file_ids()
            .map(|id| {
                let path = &loaded.map.file(id).path;
                match open.iter().find(|d| d.path.as_deref() == Some(path)) {
                    Some(d) => d.uri.clone(),
                    // A document alone (perhaps without a path) is its spec's one `.icp` file.
                    None if matches!(key, SpecKey::Alone(_)) && loaded.config != Some(id) => {
                        first_open.uri.clone()
                    }
                    None => convert::path_to_uri(path),
                }
            })
            .collect();
        let comp = compile_with(loaded, self.options);

        // Diagnostics by file; one without a place goes to the first open document.
        let fallback = uris.iter().position(|u| *u == first_open.uri).unwrap_or(0);
        let mut by_file: BTreeMap<usize, Vec<lsp_types::Diagnostic>> = BTreeMap::new();
        for d in &comp.diagnostics {
            let file = d
                .primary_span()
                .and_then(|s| comp.map().file_id_of(s))
                .map_or(fallback, |f| f.0 as usize);
            let lsp = convert::diagnostic(d, comp.map(), FileId(file as u32), &uris);
            by_file.entry(file).or_default().push(lsp);
        }
        let mut targets: BTreeSet<&str> = previous.iter().map(String::as_str).collect();
        targets.extend(open.iter().map(|d| d.uri.as_str()));
        targets.extend(
            by_file
                .keys()
                .filter_map(|&f| uris.get(f).map(String::as_str)),
        );
        for target in targets {
            let diags: Vec<lsp_types::Diagnostic> = uris
                .iter()
                .enumerate()
                .filter(|(_, u)| *u == target)
                .flat_map(|(f, _)| by_file.get(&f).cloned().unwrap_or_default())
                .collect();
            if !diags.is_empty() {
                published.insert(target.to_string());
            }
            out.extend(convert::publish(target, version_of(target), diags));
        }
        self.specs.insert(
            key.clone(),
            SpecState {
                comp: Some(comp),
                uris,
                published,
            },
        );
        out
    }
}

/// A document as a spec of its own, with `icpl.toml` from its folder when it has one.
fn load_alone(doc: &Document) -> crate::source::LoadedSpec {
    let (root, name) = match &doc.path {
        Some(path) => (
            path.parent().map(Path::to_path_buf).unwrap_or_default(),
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "document.icp".to_string()),
        ),
        None => (
            PathBuf::new(),
            doc.uri
                .rsplit(['/', ':'])
                .next()
                .filter(|n| !n.is_empty())
                .unwrap_or("document.icp")
                .to_string(),
        ),
    };
    let mut files = Vec::new();
    if doc.path.is_some()
        && let Ok(config) = read_regular(&root.join(CONFIG_FILE), MAX_TOTAL_BYTES)
    {
        files.push((CONFIG_FILE.to_string(), decode(config).0));
    }
    // A document named like the settings file would be read as settings: rename it.
    let name = if name == CONFIG_FILE {
        format!("{name}.icp")
    } else {
        name
    };
    files.push((name, doc.text.clone()));
    load_texts(&root, files)
}
