//! Every committed seed (`fuzz/seeds/<target>/`) and every finding
//! (`fuzz/findings/`) run once through its target, uninstrumented, as a
//! test of the tessera workspace (package `tessera-fuzz-replay`, which
//! compiles this library as its test): so `cargo test --workspace` runs each
//! fuzz target on its seeds, and a handler that starts panicking on one of
//! them fails CI without a fuzzer build.
//!
//! A typed target decodes its input as libFuzzer's `fuzz_target!` does
//! (`Arbitrary::arbitrary_take_rest`); every seed is written to decode
//! (`seed::encode_checked`) and every finding did, so one that does not
//! fails the test. The two byte-level targets take the bytes.

use std::path::{Path, PathBuf};

use arbitrary::{Arbitrary, Unstructured};

use crate::targets;

/// `fuzz/`, from the replay package's manifest directory.
fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

/// The files of `dir`, sorted; an empty list if it does not exist.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.is_file());
    files.sort();
    files
}

/// Runs `run` on every seed of `target` and on its findings (whose file
/// names start with the target's); each must decode and not panic.
fn replay(target: &str, run: impl Fn(&[u8]) -> bool) {
    let mut inputs = files(&fuzz_dir().join("seeds").join(target));
    assert!(!inputs.is_empty(), "no seeds for {target}");
    inputs.extend(files(&fuzz_dir().join("findings")).into_iter().filter(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with(target))
    }));
    for path in &inputs {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(&bytes)));
        match result {
            Ok(true) => {}
            Ok(false) => panic!("{target}: the input {} does not decode", path.display()),
            Err(_) => panic!(
                "{target}: the input {} makes the target panic",
                path.display()
            ),
        }
    }
}

/// A typed target: the input decoded as `fuzz_target!` decodes it.
fn typed<T: for<'a> Arbitrary<'a>>(run: fn(&T)) -> impl Fn(&[u8]) -> bool {
    move |bytes| match T::arbitrary_take_rest(Unstructured::new(bytes)) {
        Ok(input) => {
            run(&input);
            true
        }
        Err(_) => false,
    }
}

/// A byte-level target.
fn raw(run: fn(&[u8])) -> impl Fn(&[u8]) -> bool {
    move |bytes| {
        run(bytes);
        true
    }
}

#[test]
fn decode_wire() {
    replay("decode_wire", typed(targets::decode::run));
}

#[test]
fn decode_point_scalar() {
    replay(
        "decode_point_scalar",
        raw(targets::decode_point_scalar::run),
    );
}

#[test]
fn sign_verify() {
    replay("sign_verify", raw(targets::sign_verify::run));
}

#[test]
fn frost() {
    replay("frost", typed(targets::frost::run));
}

#[test]
fn dkg() {
    replay("dkg", typed(targets::dkg::run));
}

#[test]
fn lifecycle() {
    replay("lifecycle", typed(targets::lifecycle::run));
}

#[test]
fn bip445() {
    replay("bip445", typed(targets::bip445::run));
}

#[test]
fn ecdsa() {
    replay("ecdsa", typed(targets::ecdsa::run));
}

#[test]
fn store_frames() {
    replay("store_frames", typed(targets::store_frames::run));
}
