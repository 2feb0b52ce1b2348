//! The source map: files, global positions and line/column conversion.

use std::fmt;
use std::path::{Path, PathBuf};

/// The index of a file in its [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A byte range in the global position space of a [`SourceMap`].
///
/// Spans never compare as part of a node's meaning; they only locate it.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub const fn new(start: u32, end: u32) -> Span {
        Span { start, end }
    }

    /// The smallest span that covers both.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn len(self) -> u32 {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end || self == other
    }
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(span: Span) -> Self {
        miette::SourceSpan::new((span.start as usize).into(), span.len() as usize)
    }
}

impl From<miette::SourceSpan> for Span {
    fn from(span: miette::SourceSpan) -> Self {
        let start = span.offset() as u32;
        Span::new(start, start + span.len() as u32)
    }
}

/// A 1-based line and column; the column counts Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

/// The file-local byte offsets where lines start. A line ends at `\n`, at `\r\n` or at a `\r`
/// alone, as the Language Server Protocol and editors count them, so that every position icpl
/// shows (human reports, JSON, the language server) names the line the editor shows.
pub fn line_starts(text: &str) -> Vec<u32> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    let mut i = 0;
    while let Some(n) = bytes
        .get(i..)
        .and_then(|rest| rest.iter().position(|&b| b == b'\n' || b == b'\r'))
    {
        i += n;
        // `\r\n` is one break of two bytes.
        i += if bytes.get(i..i + 2) == Some(b"\r\n") {
            2
        } else {
            1
        };
        starts.push(i as u32);
    }
    starts
}

/// Where the line that starts at `start` ends: the offset of its break (or of the end of the
/// text) and the start of the next line, if there is one. Breaks are those of [`line_starts`].
pub fn line_end(text: &str, start: usize) -> (usize, Option<usize>) {
    let bytes = text.as_bytes();
    let rest = bytes.get(start..).unwrap_or_default();
    match rest.iter().position(|&b| b == b'\n' || b == b'\r') {
        None => (text.len(), None),
        Some(n) => {
            let at = start + n;
            let len = if bytes.get(at..at + 2) == Some(b"\r\n") {
                2
            } else {
                1
            };
            (at, Some(at + len))
        }
    }
}

/// Bytes between two checkpoints of a [`Columns`] index.
const CHECKPOINT: usize = 4096;

/// Counts of characters and UTF-16 units at regular byte positions, so that the column of any
/// offset is found by counting at most [`CHECKPOINT`] bytes, however long its line is.
#[derive(Debug, Default)]
struct Columns {
    /// The text is ASCII: a column is a byte difference.
    ascii: bool,
    /// `(byte, chars, utf16)`: a char boundary and the counts of the text before it.
    checkpoints: Vec<(u32, u32, u32)>,
}

impl Columns {
    fn new(text: &str) -> Columns {
        if text.is_ascii() {
            return Columns {
                ascii: true,
                checkpoints: Vec::new(),
            };
        }
        let mut checkpoints = vec![(0, 0, 0)];
        let (mut chars, mut units) = (0u32, 0u32);
        let mut next = CHECKPOINT;
        for (i, ch) in text.char_indices() {
            if i >= next {
                checkpoints.push((i as u32, chars, units));
                next = i + CHECKPOINT;
            }
            chars += 1;
            units += ch.len_utf16() as u32;
        }
        Columns {
            ascii: false,
            checkpoints,
        }
    }

    /// The characters and UTF-16 units before a char boundary `offset`.
    fn before(&self, text: &str, offset: usize) -> (usize, usize) {
        if self.ascii {
            return (offset, offset);
        }
        let idx = self
            .checkpoints
            .partition_point(|c| c.0 as usize <= offset)
            .saturating_sub(1);
        let (at, chars, units) = self.checkpoints.get(idx).copied().unwrap_or_default();
        let tail = text.get(at as usize..offset).unwrap_or_default();
        (
            chars as usize + tail.chars().count(),
            units as usize + tail.encode_utf16().count(),
        )
    }
}

/// One file of a spec.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as shown to users: relative to the spec root, with `/` separators.
    pub name: String,
    /// The path on disk (or a pseudo path such as `<stdin>`).
    pub path: PathBuf,
    pub text: String,
    /// The global position of the first byte.
    pub base: u32,
    line_starts: Vec<u32>,
    columns: Columns,
}

impl SourceFile {
    fn new(name: String, path: PathBuf, text: String, base: u32) -> SourceFile {
        SourceFile {
            name,
            path,
            line_starts: line_starts(&text),
            columns: Columns::new(&text),
            text,
            base,
        }
    }

    /// The global span of the whole file.
    pub fn span(&self) -> Span {
        Span::new(self.base, self.base + self.text.len() as u32)
    }

    /// The file-local byte range of a global span.
    pub fn local(&self, span: Span) -> std::ops::Range<usize> {
        (span.start.saturating_sub(self.base)) as usize
            ..(span.end.saturating_sub(self.base)) as usize
    }

    /// The text under a span of this file.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(self.local(span)).unwrap_or("")
    }

    /// The global span of a file-local byte range.
    pub fn global(&self, range: std::ops::Range<usize>) -> Span {
        Span::new(self.base + range.start as u32, self.base + range.end as u32)
    }

    /// The 0-based line that holds a file-local byte offset (clamped to the file).
    pub fn line_index(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len()) as u32;
        // The first line starts at 0, so at least one start is `<= offset`.
        self.line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// The file-local byte offset of the start of a 0-based line (the end of the file past the
    /// last line).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line)
            .map_or(self.text.len(), |&s| s as usize)
    }

    /// The file-local offset where the text of a 0-based line ends (its line break, or the end
    /// of the file).
    pub fn line_content_end(&self, line: usize) -> usize {
        match self.line_starts.get(line + 1) {
            Some(&next) => {
                let next = next as usize;
                let crlf = next >= 2 && self.text.as_bytes().get(next - 2..next) == Some(b"\r\n");
                next - if crlf { 2 } else { 1 }
            }
            None => self.text.len(),
        }
    }

    /// The largest char boundary at or before `offset`, clamped to the file.
    pub fn floor_boundary(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// Characters from the start of the file's text to a file-local offset.
    fn counts_before(&self, offset: usize) -> (usize, usize) {
        self.columns.before(&self.text, self.floor_boundary(offset))
    }

    /// The characters between two file-local offsets of one line (`start <= end`).
    pub fn char_columns(&self, start: usize, end: usize) -> usize {
        self.counts_before(end)
            .0
            .saturating_sub(self.counts_before(start).0)
    }

    /// Line and column of a file-local byte offset. An offset inside a line break (between
    /// `\r` and `\n`) is the end of its line.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = self.floor_boundary(offset);
        let line = self.line_index(offset);
        let offset = offset.min(self.line_content_end(line));
        let start = self.line_start(line).min(offset);
        LineCol {
            line: line as u32 + 1,
            column: self.char_columns(start, offset) as u32 + 1,
        }
    }

    /// The UTF-16 column (0-based) of a file-local byte offset, with its 0-based line.
    pub fn utf16_position(&self, offset: usize) -> (u32, u32) {
        let offset = self.floor_boundary(offset);
        let line = self.line_index(offset);
        let offset = offset.min(self.line_content_end(line));
        let start = self.line_start(line).min(offset);
        let units = self.counts_before(offset).1 - self.counts_before(start).1;
        (line as u32, units as u32)
    }

    /// The file-local byte offset of a 0-based line and UTF-16 column, clamped to the line's
    /// text (never inside its line break) and to the file.
    pub fn offset_of_utf16(&self, line: u32, column: u32) -> usize {
        if line as usize >= self.line_starts.len() {
            return self.text.len();
        }
        offset_in_line(&self.text, self.line_start(line as usize), column)
    }

    /// The number of lines (a final line without a newline counts).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The file-local byte range of a 1-based line, without its line break; an empty range at
    /// the end of the file past the last line.
    pub fn line_range(&self, line: usize) -> std::ops::Range<usize> {
        let line = line.saturating_sub(1);
        let start = self.line_start(line);
        start..self.line_content_end(line).max(start)
    }
}

/// The byte offset of a UTF-16 column in the line of `text` that starts at `start`, clamped to
/// the line's text: a column past its end is the offset of its line break.
pub fn offset_in_line(text: &str, start: usize, column: u32) -> usize {
    let (end, _) = line_end(text, start);
    let mut units = 0u32;
    for (i, ch) in text.get(start..end).unwrap_or_default().char_indices() {
        if units >= column {
            return start + i;
        }
        units += ch.len_utf16() as u32;
    }
    end
}

/// All the files of one spec, each with its own range of global positions.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
    next_base: u32,
}

/// The total size a source map accepts: global positions are `u32`.
pub const MAX_TOTAL_BYTES: u64 = (u32::MAX / 2) as u64;

impl SourceMap {
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// Adds a file and returns its id, or `None` when the map would outgrow [`MAX_TOTAL_BYTES`].
    pub fn add(&mut self, name: String, path: PathBuf, text: String) -> Option<FileId> {
        let end = self.next_base as u64 + text.len() as u64 + 1;
        if end > MAX_TOTAL_BYTES {
            return None;
        }
        let id = FileId(self.files.len() as u32);
        let base = self.next_base;
        // One position of padding between files, so that an empty span at the end of one file
        // never reads as the start of the next.
        self.next_base = end as u32;
        self.files.push(SourceFile::new(name, path, text, base));
        Some(id)
    }

    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }

    // PANIC SAFETY: a `FileId` is issued by this map when it adds the file (`file_ids` and the
    // spans of parsed files hold no other), and files are never removed.
    #[allow(clippy::indexing_slicing)]
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn file_ids(&self) -> impl Iterator<Item = FileId> + '_ {
        (0..self.files.len() as u32).map(FileId)
    }

    /// The file that holds a global position.
    pub fn file_of(&self, span: Span) -> Option<&SourceFile> {
        let idx = self.files.partition_point(|f| f.base <= span.start);
        let file = self.files.get(idx.checked_sub(1)?)?;
        (span.start as u64 <= file.base as u64 + file.text.len() as u64).then_some(file)
    }

    pub fn file_id_of(&self, span: Span) -> Option<FileId> {
        let idx = self.files.partition_point(|f| f.base <= span.start);
        idx.checked_sub(1).map(|i| FileId(i as u32))
    }

    /// The text under a span, or `""` when it is not in the map.
    pub fn slice(&self, span: Span) -> &str {
        self.file_of(span).map_or("", |f| f.slice(span))
    }

    /// The file id of a path, when the map holds it.
    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| f.path == path)
            .map(|i| FileId(i as u32))
    }

    /// The start and end line/column of a span.
    pub fn range(&self, span: Span) -> Option<(&SourceFile, LineCol, LineCol)> {
        let file = self.file_of(span)?;
        let r = file.local(span);
        Some((file, file.line_col(r.start), file.line_col(r.end)))
    }
}
