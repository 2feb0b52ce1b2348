//! The `lsp` fuzz target: see `icpl_testkit::fuzz::lsp` for what it runs and checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| icpl_testkit::fuzz::lsp::lsp(data));
