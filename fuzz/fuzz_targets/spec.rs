//! The `spec` fuzz target: see `icpl_testkit::fuzz::spec` for what it runs and checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| icpl_testkit::fuzz::spec::spec(data));
