//! The `sign_verify` target: see `tessera_fuzz::targets::sign_verify`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tessera_fuzz::targets::sign_verify;

fuzz_target!(|data: &[u8]| sign_verify::run(data));
