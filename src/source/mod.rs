//! Source files and spans.
//!
//! Every file of a spec is loaded into one [`SourceMap`], which gives each file a distinct range of
//! *global* byte positions (the way rustc's source map does). A [`Span`] is a small `Copy` range of
//! global positions, so it names its file implicitly and converts straight into a
//! [`miette::SourceSpan`]; the map turns it into a file, a line and a column only at the edges
//! (rendering, JSON output, the language server).

mod load;
mod map;
mod root;

pub use load::{
    CONFIG_FILE, LoadError, LoadedSpec, decode, find_spec_files, is_spec_file, load_spec,
    load_spec_with, load_texts, read_regular, read_stdin,
};
pub use map::{
    FileId, LineCol, MAX_TOTAL_BYTES, SourceFile, SourceMap, Span, line_end, line_starts,
    offset_in_line,
};
pub use root::{SpecRoot, spec_root};
