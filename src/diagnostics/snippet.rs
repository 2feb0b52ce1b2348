//! The source excerpt of one human-format diagnostic, bounded whatever the input.
//!
//! miette draws whole lines and counts lines from the start of a file, so a diagnostic on a
//! line of 40 KB drew 40 KB, one past column 65,535 made its formatter panic, and every
//! diagnostic of a long file cost a scan of the file. A [`Snippet`] is what miette is given
//! instead: a small text of its own holding only the lines to show (each labelled line with
//! one line of context around it), a line longer than [`MAX_WHOLE_LINE`] characters cut to a
//! window of [`WINDOW`] characters around its labels (with `…` where text was left out), every
//! character a terminal would act on escaped ([`super::escape`]), and the diagnostic's labels
//! moved into it. Labels on one long line too far apart for one window get a window (and an
//! excerpt) each. A label over more than [`MAX_LABEL_LINES`] lines is shown on its first line.
//! Line numbers and columns in the excerpt's header are those of the file.
//!
//! Building a snippet costs a binary search per label and at most a few thousand bytes of
//! counting (the file's column index, [`crate::source::SourceFile::line_col`]), never a scan
//! of the file or of a whole line, so rendering is linear in the number of diagnostics.

use std::collections::BTreeMap;

use super::escape::push_escaped;
use super::{Diagnostic, escape::escape};
use crate::source::{SourceFile, SourceMap};

/// The longest line (in characters) shown whole.
pub const MAX_WHOLE_LINE: usize = 160;
/// The characters of a longer line shown around its labels.
pub const WINDOW: usize = 120;
/// Of [`WINDOW`], the characters shown before the first label in it.
const WINDOW_LEFT: usize = 40;
/// The most lines a label is drawn over; a longer one is drawn on its first line.
pub const MAX_LABEL_LINES: usize = 6;
/// What marks text left out at either end of a window.
const ELLIPSIS: &str = "…";

/// One label, in a file, with file-local byte offsets on char boundaries.
struct Piece {
    label: usize,
    file: usize,
    start: usize,
    end: usize,
    start_line: usize,
    end_line: usize,
}

/// A window of one line: file-local byte offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Window {
    start: usize,
    end: usize,
}

/// A run of lines drawn together (`window` 0 of each line), or one extra window of one line.
struct BlockPlan {
    file: usize,
    first: usize,
    last: usize,
    /// `None` for a run of lines; `Some(i)` for window `i` of the line `first`.
    window: Option<usize>,
}

/// An excerpt of the snippet's text: one box in the report.
struct Block {
    name: String,
    start: usize,
    end: usize,
    /// The 0-based line of the file of its first line.
    first_line: usize,
    lines: usize,
}

/// Where a label starts, for the excerpt's header.
#[derive(Clone, Copy)]
struct Anchor {
    offset: usize,
    line: usize,
    column: usize,
}

/// The text miette draws for one diagnostic, and the diagnostic's labels moved into it.
pub struct Snippet {
    text: String,
    blocks: Vec<Block>,
    labels: Vec<miette::LabeledSpan>,
    anchors: Vec<Anchor>,
}

/// The char boundary at or after `offset`, clamped to the text.
fn ceil_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

/// The offset `n` characters before `from`, not before `floor`.
fn back_chars(text: &str, from: usize, n: usize, floor: usize) -> usize {
    text.get(floor..from)
        .and_then(|s| s.char_indices().rev().take(n).last())
        .map_or(from, |(i, _)| floor + i)
}

/// The offset `n` characters after `from`, not after `ceiling`.
fn forward_chars(text: &str, from: usize, n: usize, ceiling: usize) -> usize {
    text.get(from..ceiling)
        .and_then(|s| s.char_indices().nth(n))
        .map_or(ceiling, |(i, _)| from + i)
}

/// The range of a 0-based line without its break.
fn content(file: &SourceFile, line: usize) -> (usize, usize) {
    let start = file.line_start(line);
    (start, file.line_content_end(line).max(start))
}

/// Whether a line is too long to be shown whole.
fn is_long(file: &SourceFile, start: usize, end: usize) -> bool {
    // A line of at most MAX_WHOLE_LINE bytes has at most as many characters.
    end - start > MAX_WHOLE_LINE && file.char_columns(start, end) > MAX_WHOLE_LINE
}

/// The windows of a line that hold the given file-local offsets, left to right, and the window
/// of each offset. A line shown whole is one window.
// PANIC SAFETY: `order` is a permutation of `0..points.len()` and `which` has `points.len()`
// entries, so `points[i]` and `which[i]` are in bounds.
#[allow(clippy::indexing_slicing)]
fn windows(file: &SourceFile, line: usize, points: &[usize]) -> (Vec<Window>, Vec<usize>) {
    let (ls, le) = content(file, line);
    if !is_long(file, ls, le) {
        return (vec![Window { start: ls, end: le }], vec![0; points.len()]);
    }
    let text = &file.text;
    let mut order: Vec<usize> = (0..points.len()).collect();
    order.sort_by_key(|&i| points[i]);
    let mut out: Vec<Window> = Vec::new();
    let mut which = vec![0; points.len()];
    for i in order {
        let p = points[i].clamp(ls, le);
        let inside = |w: &Window| w.start <= p && (p < w.end || w.end == le);
        if let Some(k) = out.iter().position(inside) {
            which[i] = k;
            continue;
        }
        let floor = out.last().map_or(ls, |w| w.end);
        let start = back_chars(text, p, WINDOW_LEFT, floor);
        let mut end = forward_chars(text, start, WINDOW, le);
        let mut start = start;
        if end == le && out.is_empty() {
            // A window that reaches the end of the line shows WINDOW characters all the same.
            start = back_chars(text, le, WINDOW, ls).min(start);
        }
        if end <= p && p < le {
            end = forward_chars(text, p, 1, le);
        }
        which[i] = out.len();
        out.push(Window { start, end });
    }
    if out.is_empty() {
        out.push(Window {
            start: ls,
            end: forward_chars(text, ls, WINDOW, le),
        });
    }
    (out, which)
}

/// The windows of each labelled line, the window each piece starts in, and the pieces over
/// several lines that do not start and end in the first window of their lines.
#[allow(clippy::type_complexity)]
fn plan(
    files: &[SourceFile],
    pieces: &[Piece],
) -> (
    BTreeMap<(usize, usize), Vec<Window>>,
    Vec<usize>,
    Vec<usize>,
) {
    let mut points: BTreeMap<(usize, usize), Vec<(usize, usize, bool)>> = BTreeMap::new();
    for (i, p) in pieces.iter().enumerate() {
        points
            .entry((p.file, p.start_line))
            .or_default()
            .push((i, p.start, false));
        if p.end_line != p.start_line {
            points
                .entry((p.file, p.end_line))
                .or_default()
                .push((i, p.end, true));
        }
    }
    let mut lines = BTreeMap::new();
    let mut start_window = vec![0; pieces.len()];
    let mut demote = Vec::new();
    for (&(f, line), pts) in &points {
        let Some(file) = files.get(f) else { continue };
        let offsets: Vec<usize> = pts.iter().map(|p| p.1).collect();
        let (ws, which) = windows(file, line, &offsets);
        for (&(i, _, is_end), &w) in pts.iter().zip(&which) {
            if !is_end && let Some(slot) = start_window.get_mut(i) {
                *slot = w;
            }
            let multi = pieces.get(i).is_some_and(|p| p.end_line != p.start_line);
            if multi && w != 0 {
                demote.push(i);
            }
        }
        lines.insert((f, line), ws);
    }
    (lines, start_window, demote)
}

/// A line as shown: its window's text escaped, with `…` where text was left out, and the shift
/// of each escaped character (to move byte offsets of the file into the shown text).
struct Shown {
    text: String,
    window: Window,
    /// The length of the leading `…` (0 or 3).
    prefix: usize,
    /// `(file offset after an escaped char, extra bytes it takes when shown)`, cumulative.
    shifts: Vec<(usize, usize)>,
}

impl Shown {
    fn new(file: &SourceFile, line: usize, window: Window) -> Shown {
        let (ls, le) = content(file, line);
        let mut text = String::new();
        if window.start > ls {
            text.push_str(ELLIPSIS);
        }
        let prefix = text.len();
        let mut shifts = Vec::new();
        let mut extra = 0;
        let slice = file.text.get(window.start..window.end).unwrap_or_default();
        for (i, c) in slice.char_indices() {
            let before = text.len();
            push_escaped(&mut text, c);
            let grew = text.len() - before - c.len_utf8();
            if grew > 0 {
                extra += grew;
                shifts.push((window.start + i + c.len_utf8(), extra));
            }
        }
        if window.end < le {
            text.push_str(ELLIPSIS);
        }
        Shown {
            text,
            window,
            prefix,
            shifts,
        }
    }

    /// The offset in the shown text of a file offset, clamped to the window.
    fn position(&self, offset: usize) -> usize {
        let offset = offset.clamp(self.window.start, self.window.end);
        let idx = self.shifts.partition_point(|&(at, _)| at <= offset);
        let extra = idx
            .checked_sub(1)
            .and_then(|i| self.shifts.get(i))
            .map_or(0, |s| s.1);
        self.prefix + (offset - self.window.start) + extra
    }
}

impl Snippet {
    /// The snippet of a diagnostic: the labels whose spans lie in a file of the map, moved into
    /// a text of their own. Labels outside every file are left out.
    pub fn new(diag: &Diagnostic, map: &SourceMap) -> Snippet {
        let files = map.files();
        // 1. Each label as a piece of one file, on char boundaries, within its lines.
        let mut pieces = Vec::new();
        for (label, l) in diag.labels.iter().enumerate() {
            let Some(id) = map.file_id_of(l.span) else {
                continue;
            };
            let Some(file) = files.get(id.0 as usize) else {
                continue;
            };
            if map.file_of(l.span).is_none() {
                continue;
            }
            let local = file.local(l.span);
            let start = file.floor_boundary(local.start);
            let mut end = ceil_boundary(&file.text, local.end.max(start));
            let start_line = file.line_index(start);
            let start = start.min(content(file, start_line).1);
            let mut end_line = file.line_index(end);
            if end_line > start_line && end == file.line_start(end_line) {
                // The span takes in a line break and stops: it ends on the line before.
                end_line -= 1;
            }
            end = end.min(content(file, end_line).1);
            if end_line > start_line && end_line - start_line >= MAX_LABEL_LINES {
                end_line = start_line;
                end = content(file, start_line).1;
            }
            pieces.push(Piece {
                label,
                file: id.0 as usize,
                start,
                end: end.max(start),
                start_line,
                end_line,
            });
        }

        // 2. The windows of each labelled line. A label over several lines must start and end
        // in the first window of its lines (the one drawn with its neighbours); one that does
        // not is drawn on its first line only.
        let (mut lines, mut start_window, demote) = plan(files, &pieces);
        if !demote.is_empty() {
            for i in demote {
                if let Some(p) = pieces.get_mut(i)
                    && let Some(file) = files.get(p.file)
                {
                    p.end_line = p.start_line;
                    p.end = content(file, p.start_line).1;
                }
            }
            (lines, start_window, _) = plan(files, &pieces);
        }

        // 3. The excerpts: runs of lines (each label's lines with one line around them), and
        // one more excerpt for each further window of a long line.
        let mut runs: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
        for p in &pieces {
            let Some(file) = files.get(p.file) else {
                continue;
            };
            let first = p.start_line.saturating_sub(1);
            // The line after, unless it is the empty one after the file's last line break.
            let next = p.end_line + 1;
            let last = if next < file.line_count() && file.line_start(next) < file.text.len() {
                next
            } else {
                p.end_line
            };
            runs.entry(p.file)
                .or_default()
                .push((first, last.max(first)));
        }
        let mut plans = Vec::new();
        for (f, mut ranges) in runs {
            ranges.sort_unstable();
            let mut merged: Vec<(usize, usize)> = Vec::new();
            for (a, b) in ranges {
                match merged.last_mut() {
                    Some(last) if a <= last.1 + 1 => last.1 = last.1.max(b),
                    _ => merged.push((a, b)),
                }
            }
            plans.extend(merged.into_iter().map(|(first, last)| BlockPlan {
                file: f,
                first,
                last,
                window: None,
            }));
        }
        for (&(f, line), ws) in &lines {
            plans.extend((1..ws.len()).map(|w| BlockPlan {
                file: f,
                first: line,
                last: line,
                window: Some(w),
            }));
        }
        plans.sort_by_key(|b| (b.file, b.first, b.window));

        // 4. The text, and where each label's ends land in it.
        let mut text = String::new();
        let mut blocks = Vec::new();
        // (file, line, window) → (offset of the shown line in `text`, the shown line).
        let mut shown: BTreeMap<(usize, usize, usize), (usize, Shown)> = BTreeMap::new();
        for b in &plans {
            let Some(file) = files.get(b.file) else {
                continue;
            };
            let start = text.len();
            for line in b.first..=b.last {
                let w = b.window.unwrap_or(0);
                let window = match lines.get(&(b.file, line)).and_then(|ws| ws.get(w)) {
                    Some(&window) => window,
                    None => windows(file, line, &[])
                        .0
                        .first()
                        .copied()
                        .unwrap_or(Window {
                            start: file.line_start(line),
                            end: file.line_start(line),
                        }),
                };
                let s = Shown::new(file, line, window);
                let at = text.len();
                text.push_str(&s.text);
                text.push('\n');
                shown.insert((b.file, line, w), (at, s));
            }
            blocks.push(Block {
                name: escape(&file.name).into_owned(),
                start,
                end: text.len(),
                first_line: b.first,
                lines: b.last - b.first + 1,
            });
        }
        let mut labels = Vec::new();
        let mut anchors = Vec::new();
        for (i, p) in pieces.iter().enumerate() {
            let Some(file) = files.get(p.file) else {
                continue;
            };
            let (Some(label), Some(&w)) = (diag.labels.get(p.label), start_window.get(i)) else {
                continue;
            };
            let end_window = if p.end_line == p.start_line { w } else { 0 };
            let (Some((a_at, a)), Some((b_at, b))) = (
                shown.get(&(p.file, p.start_line, w)),
                shown.get(&(p.file, p.end_line, end_window)),
            ) else {
                continue;
            };
            let start = a_at + a.position(p.start);
            let end = (b_at + b.position(p.end)).max(start);
            let span = miette::SourceSpan::new(start.into(), end - start);
            let message = label.message.as_deref().map(|m| escape(m).into_owned());
            labels.push(if label.primary {
                miette::LabeledSpan::new_primary_with_span(message, span)
            } else {
                miette::LabeledSpan::new_with_span(message, span)
            });
            let line_start = file.line_start(p.start_line);
            anchors.push(Anchor {
                offset: start,
                line: p.start_line,
                column: file.char_columns(line_start, p.start),
            });
        }
        anchors.sort_by_key(|a| a.offset);
        Snippet {
            text,
            blocks,
            labels,
            anchors,
        }
    }

    /// The diagnostic's labels, moved into the snippet's text.
    pub fn labels(&self) -> impl Iterator<Item = miette::LabeledSpan> + '_ {
        self.labels.iter().cloned()
    }

    /// Whether no label could be placed.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// The snippet's text (for tests).
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl miette::SourceCode for Snippet {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let (start, end) = (span.offset(), span.offset() + span.len());
        let block = self
            .blocks
            .iter()
            .find(|b| b.start <= start && start < b.end)
            .ok_or(miette::MietteError::OutOfBounds)?;
        // Two labels' excerpts are drawn as one only when they are in one block.
        if end > block.end {
            return Err(miette::MietteError::OutOfBounds);
        }
        if context_lines_before == 0 && context_lines_after == 0 {
            // The header asks where a label starts.
            let anchor = self
                .anchors
                .iter()
                .find(|a| a.offset == start)
                .copied()
                .unwrap_or(Anchor {
                    offset: start,
                    line: block.first_line,
                    column: 0,
                });
            let data = self.text.get(start..end).unwrap_or_default();
            return Ok(Box::new(miette::MietteSpanContents::new_named(
                block.name.clone(),
                data.as_bytes(),
                *span,
                anchor.line,
                anchor.column,
                1,
            )));
        }
        let data = self.text.get(block.start..block.end).unwrap_or_default();
        Ok(Box::new(miette::MietteSpanContents::new_named(
            block.name.clone(),
            data.as_bytes(),
            miette::SourceSpan::new(block.start.into(), block.end - block.start),
            block.first_line,
            0,
            block.lines,
        )))
    }
}
