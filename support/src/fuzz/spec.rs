//! The `spec` target: bytes as a spec, through everything `icpl check`, `build`, `brief`,
//! `test`, `fmt` and the editor do with one.
//!
//! The input is split at NUL bytes into files: the first part is `a.icp`, the second (when
//! there is one) `icpl.toml`, and the rest `b.icp`, `c.icp`, ... so one input is a spec of one
//! file or of several, with or without settings. Bytes that are not UTF-8 are read as
//! `icpl check` reads them (replaced, and reported).
//!
//! What must hold, whatever the bytes:
//!
//! - nothing panics, and every diagnostic has a code, a message, labels inside the spec's
//!   files and exactly one primary label when it has labels;
//! - every renderer (human, JSON, SARIF, GitHub) gives output of its format, and the human and
//!   GitHub ones never pass a control character of the spec through raw;
//! - a spec without errors other than lint findings is emitted (JSON rules, JsonLogic or
//!   diagnostics saying why not, briefs with safe file names) and its examples run;
//! - the formatter refuses only a file with an error in it; otherwise formatting twice gives
//!   the same text, every comment stays in order, and the formatted spec has the same
//!   diagnostics and the same rules;
//! - the editor's queries (hover, definition, completion, symbols, formatting edits) answer
//!   at every position with ranges inside the document.

use std::path::Path;

use icpl::analysis::lints;
use icpl::compile::{Compilation, compile_with};
use icpl::diagnostics::escape::is_unsafe;
use icpl::diagnostics::render::{self, HumanStyle};
use icpl::diagnostics::{Counts, Diagnostic, Location, Severity, github, sarif};
use icpl::emit::{brief, json, jsonlogic};
use icpl::fmt::{format_file, format_source};
use icpl::lsp::{completion, convert, definition, formatting, hover, query, symbols};
use icpl::source::{self, CONFIG_FILE, FileId, LoadedSpec, SourceMap};
use serde_json::Value;

/// The most files one input is split into.
const MAX_FILES: usize = 6;

/// The most cursor positions per file the editor queries are asked at.
const MAX_POSITIONS: usize = 256;

/// Runs the spec pipeline on an input; panics when a promise does not hold.
pub fn spec(data: &[u8]) {
    let comp = compile_with(load(data), super::options());
    check(&comp);
}

/// Everything that is checked of one compiled spec (also used by the `diff` target).
pub fn check(comp: &Compilation) {
    check_diagnostics(&comp.diagnostics, comp.map(), "the compilation");
    check_renderers(&comp.diagnostics, comp.map());
    if !rule_errors(comp) {
        check_emitters(comp);
    }
    check_formatter(comp);
    check_editor(comp);
}

/// The spec an input stands for (see the module's documentation).
pub fn load(data: &[u8]) -> LoadedSpec {
    let parts = super::parts(data, MAX_FILES);
    let mut files: Vec<(String, &[u8])> = Vec::new();
    if let Some(config) = parts.get(1) {
        files.push((CONFIG_FILE.to_string(), config));
    }
    let icp_parts = parts
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 1)
        .map(|(_, p)| *p);
    for (k, part) in icp_parts.enumerate() {
        // At most MAX_FILES parts, so the letters stay within `a`..`f`.
        let letter = char::from(b'a' + k as u8);
        files.push((format!("{letter}.icp"), part));
    }
    load_files(files)
}

/// A spec of files held in memory, read as `icpl check` reads files from disk: a byte-order
/// mark dropped, bytes that are not UTF-8 replaced and remembered. The settings file, when
/// there is one, must come first, as it does when a spec is read from disk.
pub fn load_files(files: Vec<(String, &[u8])>) -> LoadedSpec {
    let mut texts = Vec::new();
    let mut bad = Vec::new();
    for (name, bytes) in files {
        let (text, at) = source::decode(bytes.to_vec());
        if let Some(at) = at {
            bad.push((name.clone(), at));
        }
        texts.push((name, text));
    }
    let mut loaded = source::load_texts(Path::new("/spec"), texts);
    let ids: Vec<FileId> = loaded.map.file_ids().collect();
    for id in ids {
        let name = &loaded.map.file(id).name;
        if let Some((_, at)) = bad.iter().find(|(n, _)| n == name) {
            loaded.invalid_utf8.push((id, *at));
        }
    }
    loaded
}

/// Whether the spec has errors other than lint findings: only then are its rules not
/// emitted by `icpl test` and `icpl match` (which do not run the lints) either.
fn rule_errors(comp: &Compilation) -> bool {
    comp.diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error && lints::lint(d.code.as_str()).is_none())
}

/// The path a file of the spec is reported under (as `icpl check` reports it).
fn report_path(name: &str) -> String {
    format!("spec/{name}")
}

/// Every diagnostic has a code, a message, and labels inside the files of `map`, exactly one
/// of them primary.
pub fn check_diagnostics(diags: &[Diagnostic], map: &SourceMap, what: &str) {
    for d in diags {
        assert!(
            !d.code.as_str().is_empty(),
            "{what}: a diagnostic without a code: {d:?}"
        );
        // The stages report a state they did not expect as `internal-error`: a bug.
        assert_ne!(d.code, "internal-error", "{what}: {d:?}");
        assert!(
            !d.message.trim().is_empty(),
            "{what}: a diagnostic without a message: {d:?}"
        );
        if !d.labels.is_empty() {
            let primary = d.labels.iter().filter(|l| l.primary).count();
            assert_eq!(primary, 1, "{what}: {primary} primary labels: {d:?}");
        }
        for l in &d.labels {
            assert!(
                l.span.start <= l.span.end,
                "{what}: a label ends before it starts: {d:?}"
            );
            assert!(
                map.file_of(l.span).is_some() && Location::of(map, l.span).is_some(),
                "{what}: a label outside every file: {d:?}"
            );
        }
    }
}

/// Every output format of the diagnostics: each is of its format, and the ones meant for a
/// terminal or a CI log pass nothing a terminal acts on.
pub fn check_renderers(diags: &[Diagnostic], map: &SourceMap) {
    let plain = render::human(diags, map, HumanStyle::plain());
    if let Some(c) = plain.chars().find(|&c| is_unsafe(c)) {
        panic!("the human report holds the raw character {c:?}:\n{plain}");
    }
    assert_eq!(diags.is_empty(), plain.is_empty(), "{plain}");
    for style in [
        HumanStyle {
            color: true,
            unicode: true,
            width: 40,
        },
        HumanStyle {
            color: false,
            unicode: false,
            width: 1000,
        },
    ] {
        let _ = render::human(diags, map, style);
    }
    let _ = render::summary_line(Counts::of(diags));

    let doc = parse_json(&render::json(diags, map), "the JSON diagnostics");
    let listed = doc["diagnostics"].as_array().map_or(0, Vec::len);
    assert_eq!(listed, diags.len(), "the JSON diagnostics lost some");

    let log = parse_json(&sarif::sarif(diags, map, &report_path), "SARIF");
    let results = log["runs"][0]["results"].as_array().map_or(0, Vec::len);
    assert_eq!(results, diags.len(), "the SARIF log lost some diagnostics");

    let commands = github::github(diags, map, &report_path);
    assert_eq!(commands.lines().count(), diags.len(), "{commands}");
    for line in commands.lines() {
        assert!(
            line.starts_with("::"),
            "not a workflow command: {line:?}\nin:\n{commands}"
        );
        if let Some(c) = line.chars().find(|&c| is_unsafe(c)) {
            panic!("a workflow command holds the raw character {c:?}: {line:?}");
        }
    }
}

/// Parses JSON output, which must be JSON.
fn parse_json(text: &str, what: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{what} is not JSON ({e}):\n{text}"))
}

/// The emitters and `icpl test` on a spec whose rules are sound.
fn check_emitters(comp: &Compilation) {
    let spec = &comp.spec;
    let rules = json::rules(spec, comp.map(), &comp.config);
    let text = json::to_string(&rules);
    parse_json(&text, "the JSON rules");
    let mut streamed = Vec::new();
    if let Err(e) = json::write(&rules, &mut streamed) {
        panic!("writing the rules to memory failed: {e}");
    }
    assert_eq!(
        streamed,
        text.as_bytes(),
        "the streamed rules differ from the rules as a string"
    );

    match jsonlogic::to_string(spec) {
        Ok(text) => {
            parse_json(&text, "the JsonLogic document");
        }
        Err(problems) => {
            assert!(!problems.is_empty(), "JsonLogic refused without a reason");
            check_diagnostics(&problems, comp.map(), "JsonLogic");
            check_renderers(&problems, comp.map());
        }
    }

    let files = brief::briefs(spec, &comp.config);
    let mut names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    for f in &files {
        // `icpl brief -o DIR` writes `DIR/<name>`: the name must stay inside DIR.
        let safe = f.name.ends_with(".md")
            && !f.name.starts_with('.')
            && !f.name.contains(['/', '\\'])
            && !f.name.chars().any(char::is_control);
        assert!(
            safe,
            "a brief's file name is not a plain file name: {:?}",
            f.name
        );
        assert!(
            f.text.starts_with(brief::MARKER),
            "the brief {:?} does not start with the generated-by line",
            f.name
        );
    }
    names.sort_unstable();
    let count = names.len();
    names.dedup();
    assert_eq!(count, names.len(), "two briefs share a file name");

    let report = icpl::eval::examples::run(spec);
    check_diagnostics(&report.failures, comp.map(), "icpl test");
    check_renderers(&report.failures, comp.map());
    assert!(report.failed_examples <= report.examples);
}

/// The comments of a file's syntax tree, as written (trailing blanks aside).
fn comments(map: &SourceMap, tree: &icpl::syntax::ast::File) -> Vec<String> {
    tree.comments
        .iter()
        .map(|&c| map.slice(c).trim_end().to_string())
        .collect()
}

/// The rules of a spec without where and how they are written (`location`, `source`): what
/// is left is what the spec means.
fn meaning(comp: &Compilation) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(map) => {
                map.remove("location");
                map.remove("source");
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let text = json::to_string(&json::rules(&comp.spec, comp.map(), &comp.config));
    let mut value = parse_json(&text, "the JSON rules");
    strip(&mut value);
    value
}

/// The codes of a compilation's diagnostics, sorted.
fn sorted_codes(comp: &Compilation) -> Vec<(String, Severity)> {
    let mut codes: Vec<_> = comp
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str().to_string(), d.severity))
        .collect();
    codes.sort();
    codes
}

/// `icpl fmt` on every file of the spec, and the promises it keeps.
fn check_formatter(comp: &Compilation) {
    let map = comp.map();
    let loaded = &comp.loaded;
    let mut formatted = Vec::new();
    let mut refused = false;
    for id in map.file_ids() {
        let file = map.file(id);
        if Some(id) == loaded.config {
            formatted.push((file.name.clone(), file.text.clone()));
            continue;
        }
        let bad = loaded
            .invalid_utf8
            .iter()
            .find(|(f, _)| *f == id)
            .map(|(_, at)| *at);
        match format_source(file, id, bad) {
            Ok(once) => {
                match format_file(&once) {
                    Ok(twice) => assert_eq!(
                        twice, once,
                        "{}: formatting the formatted text changes it",
                        file.name
                    ),
                    Err(errors) => panic!(
                        "{}: the formatted text does not parse: {errors:?}\n{once}",
                        file.name
                    ),
                }
                assert!(
                    once.is_empty() || (once.ends_with('\n') && !once.ends_with("\n\n")),
                    "{}: the formatted text does not end with one line break",
                    file.name
                );
                let before = comp.parsed.files.iter().find(|f| f.file == id);
                let after = load_files(vec![(file.name.clone(), once.as_bytes())]);
                let after_tree = icpl::syntax::parse_spec(&after);
                assert_eq!(
                    before.map(|t| comments(map, t)).unwrap_or_default(),
                    after_tree
                        .files
                        .first()
                        .map(|t| comments(&after.map, t))
                        .unwrap_or_default(),
                    "{}: formatting changed the comments",
                    file.name
                );
                formatted.push((file.name.clone(), once));
            }
            Err(errors) => {
                assert!(
                    !errors.is_empty(),
                    "{}: refused without a reason",
                    file.name
                );
                let has_error = comp.diagnostics.iter().any(|d| {
                    d.severity == Severity::Error
                        && d.primary_span().and_then(|s| map.file_id_of(s)) == Some(id)
                });
                assert!(
                    has_error,
                    "{}: the formatter refused a file without errors: {errors:?}",
                    file.name
                );
                refused = true;
            }
        }
    }
    if refused {
        return;
    }
    let files = formatted
        .iter()
        .map(|(name, text)| (name.clone(), text.as_bytes()))
        .collect();
    let after = compile_with(load_files(files), super::options());
    assert_eq!(
        sorted_codes(comp),
        sorted_codes(&after),
        "formatting changed the diagnostics"
    );
    if !rule_errors(comp) {
        assert_eq!(
            meaning(comp),
            meaning(&after),
            "formatting changed the rules"
        );
    }
}

/// Offsets of a text where the kind of character changes (word, space, punctuation), at most
/// [`MAX_POSITIONS`] of them, with both ends: where a cursor lands on something new.
fn positions(text: &str) -> Vec<usize> {
    let kind = |c: char| {
        if c.is_alphanumeric() || c == '_' {
            0
        } else if c.is_whitespace() {
            1
        } else {
            2
        }
    };
    let mut out = vec![0];
    let mut last = None;
    for (i, c) in text.char_indices() {
        let k = kind(c);
        if last != Some(k) || k == 2 {
            out.push(i);
        }
        last = Some(k);
        if out.len() >= MAX_POSITIONS {
            break;
        }
    }
    out.push(text.len());
    out
}

/// The editor's queries at the positions of every file, as the language server answers them.
fn check_editor(comp: &Compilation) {
    let map = comp.map();
    let uris: Vec<String> = map
        .file_ids()
        .map(|id| convert::path_to_uri(&map.file(id).path))
        .collect();
    for tree in &comp.parsed.files {
        let id = tree.file;
        let file = map.file(id);
        let lines = file.line_count() as u32;
        let inside = |r: lsp_types::Range, what: &str| {
            let key = |p: lsp_types::Position| (p.line, p.character);
            assert!(
                key(r.start) <= key(r.end) && r.end.line < lines.max(1),
                "{}: {what} range {r:?} is not inside the file of {lines} lines",
                file.name
            );
        };
        for s in convert::document_symbols(file, symbols::symbols(tree)) {
            inside(s.range, "a symbol's");
            inside(s.selection_range, "a symbol's name's");
        }
        for d in &comp.diagnostics {
            if d.primary_span().and_then(|s| map.file_id_of(s)) == Some(id) {
                inside(
                    convert::diagnostic(d, map, id, &uris).range,
                    "a diagnostic's",
                );
            }
        }
        for offset in positions(&file.text) {
            let pos = file.base + offset as u32;
            if let Some(target) = query::target_at(comp, id, pos) {
                let text = hover::hover(&comp.spec, &target);
                inside(
                    convert::hover(file, target.span(), text)
                        .range
                        .unwrap_or_default(),
                    "a hover's",
                );
                for span in definition::definition(&comp.spec, &target) {
                    let location = convert::location(map, &uris, span);
                    assert!(
                        location.is_some(),
                        "{}: a definition outside every file: {span:?}",
                        file.name
                    );
                }
            }
            let _ = convert::completion(completion::complete(&comp.spec, &file.text, offset));
        }
        check_editor_formatting(&file.text, &file.name);
    }
}

/// The editor's formatting of a buffer: one edit that covers exactly the buffer and gives what
/// `icpl fmt` gives.
fn check_editor_formatting(text: &str, name: &str) {
    match formatting::format(text) {
        Ok(None) => assert_eq!(
            format_file(text).ok().as_deref(),
            Some(text),
            "{name}: the editor calls a file formatted that `icpl fmt` would change"
        ),
        Ok(Some(new)) => {
            let edit = convert::whole_text_edit(text, new.clone());
            let start = convert::text_offset(text, edit.range.start);
            let end = convert::text_offset(text, edit.range.end);
            assert_eq!(
                (start, end),
                (0, text.len()),
                "{name}: the formatting edit does not cover the buffer ({:?})",
                edit.range
            );
            assert_eq!(
                format_file(text).ok(),
                Some(new),
                "{name}: the editor formats differently from `icpl fmt`"
            );
        }
        Err(message) => assert!(
            format_file(text).is_err(),
            "{name}: the editor refuses to format a file `icpl fmt` formats: {message}"
        ),
    }
}
