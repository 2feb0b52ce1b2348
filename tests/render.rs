//! The human report for any span on any line: generated files with short and very long lines
//! (past column 65,535), multibyte and control characters, every kind of line break, and labels
//! anywhere (empty, at the end of a line or of the file, over several lines, far apart on one
//! line). The report never panics, its size is bounded whatever the line length, nothing a
//! terminal would act on reaches it, its header names the line and column that the JSON report
//! gives, and the underline sits under the label's text.

// Test code states its expectations by panicking: the no-panic rule (the `[lints.clippy]`
// table of Cargo.toml) is for library code. `#[test]` functions are exempt through clippy.toml;
// this covers the helpers too.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::unreachable,
    clippy::indexing_slicing
)]

use std::path::PathBuf;

use icpl::diagnostics::escape::{escape, is_unsafe};
use icpl::diagnostics::render::{HumanStyle, human, json};
use icpl::diagnostics::snippet::{MAX_LABEL_LINES, WINDOW};
use icpl::diagnostics::{Diagnostic, Label, Location, Severity};
use icpl::source::{SourceMap, Span};
use icpl_testkit::Rng;
use proptest::prelude::*;

/// Characters one column wide when shown (escaped ones take the columns of their escape).
const NARROW: [char; 8] = ['a', 'b', ' ', 'é', 'ß', '\u{1b}', '\u{202e}', '\u{7}'];
/// Characters that are not: tabs and wide characters.
const WIDE: [char; 3] = ['\t', '😀', '中'];
const BREAKS: [&str; 3] = ["\n", "\r\n", "\r"];

/// A file of `lines` lines, some of them very long.
fn text(rng: &mut Rng, lines: usize, wide: bool) -> String {
    let mut out = String::new();
    for i in 0..lines {
        let len = match rng.below(6) {
            0 => 0,
            1 => 70_000 + rng.below(30_000),
            2 => 150 + rng.below(200),
            _ => rng.below(60),
        };
        for _ in 0..len {
            let c = if wide && rng.below(8) == 0 {
                WIDE[rng.below(WIDE.len())]
            } else {
                NARROW[rng.below(NARROW.len())]
            };
            out.push(c);
        }
        if i + 1 < lines || rng.below(2) == 0 {
            out.push_str(BREAKS[rng.below(BREAKS.len())]);
        }
    }
    out
}

fn floor(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// A random span of the file: empty or not, short or long, at the end of a line or of the file.
fn span(rng: &mut Rng, text: &str, base: u32) -> Span {
    let start = match rng.below(5) {
        0 => text.len(),
        1 => text
            .char_indices()
            .filter(|(_, c)| *c == '\n' || *c == '\r')
            .nth(rng.below(4))
            .map_or(0, |(i, _)| i),
        _ => floor(text, rng.below(text.len() + 1)),
    };
    let len = match rng.below(4) {
        0 => 0,
        1 => rng.below(8),
        2 => rng.below(300),
        _ => rng.below(200_000),
    };
    let end = floor(text, start + len).max(start);
    Span::new(base + start as u32, base + end as u32)
}

fn diagnostic(labels: Vec<Label>) -> Diagnostic {
    Diagnostic {
        code: (&icpl::diagnostics::codes::ZERO_WEIGHT).into(),
        severity: Severity::Warning,
        message: "a message about \u{1b}[2J this".into(),
        labels,
        help: Some("help with\u{202e} a bidi override".into()),
        place: None,
    }
}

fn label(span: Span, primary: bool, message: &str) -> Label {
    Label {
        span,
        message: Some(message.to_string()),
        primary,
    }
}

/// The file, line and column of the first excerpt's header.
fn header(report: &str) -> Option<(String, u32, u32)> {
    let line = report.lines().find(|l| l.contains("╭─["))?;
    let inner = line.split("╭─[").nth(1)?.strip_suffix(']')?;
    let mut parts = inner.rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    Some((parts.next()?.to_string(), line, column))
}

/// Checks what holds for every report, and gives the report.
fn check_report(map: &SourceMap, d: &Diagnostic) -> String {
    let out = human(std::slice::from_ref(d), map, HumanStyle::plain());
    // Bounded: a window of each labelled line and its neighbours, whatever the lines' length.
    let bound = 4_000 + d.labels.len() * (MAX_LABEL_LINES + 2) * (WINDOW + 40) * 10;
    assert!(
        out.len() <= bound,
        "{} bytes for {} labels",
        out.len(),
        d.labels.len()
    );
    assert!(
        !out.chars().any(is_unsafe),
        "a control character reached the report: {out:?}"
    );
    let _ = json(std::slice::from_ref(d), map);
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Any labels on any file: no panic, bounded, escaped.
    #[test]
    fn any_labels_render_bounded(seed in any::<u64>(), lines in 1usize..8, labels in 1usize..5) {
        let mut rng = Rng::new(seed);
        let mut map = SourceMap::new();
        let a = text(&mut rng, lines, true);
        let b = text(&mut rng, 2, true);
        map.add("a\u{1b}.icp".into(), PathBuf::from("a.icp"), a.clone());
        map.add("b.icp".into(), PathBuf::from("b.icp"), b.clone());
        let base_b = map.files()[1].base;
        let labels = (0..labels)
            .map(|i| {
                let s = if rng.below(4) == 0 { span(&mut rng, &b, base_b) } else { span(&mut rng, &a, 0) };
                label(s, i == 0, "label \u{1b}]0;title\u{7}")
            })
            .collect();
        check_report(&map, &diagnostic(labels));
    }

    /// One label: the header gives the JSON report's line and column, and the underline starts
    /// under the label's first character.
    #[test]
    fn one_label_is_placed_exactly(seed in any::<u64>(), lines in 1usize..8) {
        let mut rng = Rng::new(seed);
        let mut map = SourceMap::new();
        let a = text(&mut rng, lines, false);
        map.add("a.icp".into(), PathBuf::from("a.icp"), a.clone());
        let s = span(&mut rng, &a, 0);
        let d = diagnostic(vec![label(s, true, "here")]);
        let out = check_report(&map, &d);
        let loc = Location::of(&map, s).expect("the span is in the file");
        let (name, line, column) = header(&out).expect("a header");
        prop_assert_eq!(name, "a.icp");
        prop_assert_eq!((line, column), (loc.line, loc.column));

        // A label over several lines (or one that takes in a line break) is drawn in the gutter.
        if map.files()[0].slice(s).contains(['\n', '\r']) || loc.line != loc.end_line {
            return Ok(());
        }
        // The text line of the label's line and the underline below it.
        let rows: Vec<&str> = out.lines().collect();
        let prefix = format!(" {line} │ ");
        let at = rows.iter().position(|r| r.starts_with(&prefix)).expect("the labelled line");
        let shown = &rows[at][prefix.len()..];
        let under = rows[at + 1];
        let gutter = prefix.chars().count();
        let mark = under
            .chars()
            .position(|c| matches!(c, '─' | '┬' | '▲'))
            .unwrap_or_else(|| panic!("no underline:\n{out}"));
        prop_assert!(mark >= gutter);
        let from: String = shown.chars().skip(mark - gutter).collect();
        // The label's own text, escaped, as far as the window shows it.
        let file = &map.files()[0];
        let label_text = escape(file.slice(s)).into_owned();
        let first_line: String = label_text.chars().take_while(|c| *c != '\n').collect();
        let expected: String = first_line.chars().take(from.chars().count().min(20)).collect();
        let got: String = from.chars().take(expected.chars().count()).collect();
        prop_assert_eq!(got, expected, "\n{}", out);
    }
}

/// A label past column 65,535 used to make miette's formatter panic; one past a million
/// columns is shown in a window of its line.
#[test]
fn labels_far_along_a_line_are_shown_in_a_window() {
    for len in [65_535, 65_536, 70_000, 1_000_000] {
        let text = format!("{}xyz rest\n", "a".repeat(len));
        let mut map = SourceMap::new();
        map.add("long.icp".into(), PathBuf::from("long.icp"), text);
        let s = Span::new(len as u32, len as u32 + 3);
        let out = check_report(&map, &diagnostic(vec![label(s, true, "here")]));
        assert!(out.contains(&format!("[long.icp:1:{}]", len + 1)), "{out}");
        assert!(
            out.contains(" 1 │ …aaaa") && out.contains("aaaaxyz rest\n"),
            "{out}"
        );
        assert!(out.len() < 2_000, "{} bytes", out.len());
    }
}

/// Two labels far apart on one line are each shown, in an excerpt of their own.
#[test]
fn labels_far_apart_on_one_line_each_get_a_window() {
    let text = format!("start{}middle{}end\n", "-".repeat(5_000), "-".repeat(5_000));
    let mut map = SourceMap::new();
    map.add("wide.icp".into(), PathBuf::from("wide.icp"), text.clone());
    let at = |word: &str| {
        let i = text.find(word).unwrap_or_default() as u32;
        Span::new(i, i + word.len() as u32)
    };
    let d = diagnostic(vec![
        label(at("middle"), true, "the middle"),
        label(at("start"), false, "the start"),
        label(at("end"), false, "the end"),
    ]);
    let out = check_report(&map, &d);
    for message in ["the middle", "the start", "the end"] {
        assert!(out.contains(message), "{message} missing:\n{out}");
    }
    assert_eq!(out.matches("╭─[").count(), 3, "{out}");
}

/// A label over many lines is drawn on its first; one over a few lines is drawn over them.
#[test]
fn labels_over_many_lines_are_bounded() {
    let text: String = (0..1000).map(|i| format!("line {i}\n")).collect();
    let mut map = SourceMap::new();
    map.add("many.icp".into(), PathBuf::from("many.icp"), text.clone());
    let long = diagnostic(vec![label(Span::new(0, text.len() as u32), true, "all")]);
    let out = check_report(&map, &long);
    assert!(!out.contains("line 500"), "{out}");
    let short = diagnostic(vec![label(Span::new(0, 20), true, "three lines")]);
    let out = check_report(&map, &short);
    assert!(
        out.contains("line 2") && out.contains("three lines"),
        "{out}"
    );
}

/// Line breaks are `\n`, `\r\n` and a lone `\r`, as editors count them.
#[test]
fn every_line_break_counts_as_one() {
    let text = "one\rtwo\r\nthree\nfour";
    let mut map = SourceMap::new();
    map.add(
        "breaks.icp".into(),
        PathBuf::from("breaks.icp"),
        text.into(),
    );
    for (word, line) in [("one", 1), ("two", 2), ("three", 3), ("four", 4)] {
        let i = text.find(word).unwrap_or_default() as u32;
        let s = Span::new(i, i + word.len() as u32);
        let loc = Location::of(&map, s).expect("in the file");
        assert_eq!((loc.line, loc.column), (line, 1), "{word}");
        let out = check_report(&map, &diagnostic(vec![label(s, true, "here")]));
        assert!(out.contains(&format!("[breaks.icp:{line}:1]")), "{out}");
        assert!(out.contains(&format!(" {line} │ {word}\n")), "{out}");
    }
}
