//! Nothing to link: this package exists for its test, `fuzz_seeds`, which
//! compiles the fuzz crate's library (`fuzz/src/lib.rs`) and runs every fuzz
//! target once on each committed seed and finding. See `fuzz/README.md`.
#![forbid(unsafe_code)]
