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
}

impl SourceFile {
    fn new(name: String, path: PathBuf, text: String, base: u32) -> SourceFile {
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i as u32 + 1),
        );
        SourceFile {
            name,
            path,
            text,
            base,
            line_starts,
        }
    }

    /// The global span of the whole file.
    pub fn span(&self) -> Span {
        Span::new(self.base, self.base + self.text.len() as u32)
    }

    /// The file-local byte range of a global span.
    pub fn local(&self, span: Span) -> std::ops::Range<usize> {
        (span.start - self.base) as usize..(span.end - self.base) as usize
    }

    /// The text under a span of this file.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(self.local(span)).unwrap_or("")
    }

    /// The global span of a file-local byte range.
    pub fn global(&self, range: std::ops::Range<usize>) -> Span {
        Span::new(self.base + range.start as u32, self.base + range.end as u32)
    }

    /// Line and column of a file-local byte offset.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len()) as u32;
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line] as usize;
        let column = char_count(&self.text, start, offset as usize);
        LineCol {
            line: line as u32 + 1,
            column: column as u32 + 1,
        }
    }

    /// The UTF-16 column (0-based) of a file-local byte offset, with its 0-based line.
    pub fn utf16_position(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len()) as u32;
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line] as usize;
        let prefix = prefix_at_boundary(&self.text, start, offset as usize);
        (line as u32, prefix.encode_utf16().count() as u32)
    }

    /// The file-local byte offset of a 0-based line and UTF-16 column, clamped to the file.
    pub fn offset_of_utf16(&self, line: u32, column: u32) -> usize {
        let Some(&start) = self.line_starts.get(line as usize) else {
            return self.text.len();
        };
        let start = start as usize;
        let end = self
            .line_starts
            .get(line as usize + 1)
            .map_or(self.text.len(), |&e| e as usize);
        let mut units = 0u32;
        for (i, ch) in self.text[start..end].char_indices() {
            if units >= column || ch == '\n' {
                return start + i;
            }
            units += ch.len_utf16() as u32;
        }
        end
    }

    /// The number of lines (a final line without a newline counts).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The file-local byte range of a 1-based line, without its line break.
    pub fn line_range(&self, line: usize) -> std::ops::Range<usize> {
        let start = self.line_starts[line - 1] as usize;
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&e| e as usize - 1);
        let end = if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        start..end.max(start)
    }
}

fn prefix_at_boundary(text: &str, start: usize, mut end: usize) -> &str {
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[start..end]
}

fn char_count(text: &str, start: usize, end: usize) -> usize {
    prefix_at_boundary(text, start, end).chars().count()
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

impl miette::SourceCode for SourceMap {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let global = Span::from(*span);
        let file = self
            .file_of(global)
            .ok_or(miette::MietteError::OutOfBounds)?;
        let local = file.local(global);
        let local_span = miette::SourceSpan::new(local.start.into(), local.len());
        let contents = file.text.read_span(&local_span, before, after)?;
        let outer = miette::SourceSpan::new(
            (contents.span().offset() + file.base as usize).into(),
            contents.span().len(),
        );
        // miette's reader for `str` counts lines from the start of the file, and its renderer
        // merges two labels' excerpts when `line + line_count` reaches the next one, which joins
        // any two labels of a long file into one long excerpt. Give it the count of the
        // excerpt's own lines.
        let line_count = contents.line_count().saturating_sub(contents.line());
        Ok(Box::new(miette::MietteSpanContents::new_named(
            file.name.clone(),
            contents.data(),
            outer,
            contents.line(),
            contents.column(),
            line_count,
        )))
    }
}
