//! The `ecdsa` target: see `tessera_fuzz::targets::ecdsa`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tessera_fuzz::targets::ecdsa;

fuzz_target!(|input: ecdsa::EcdsaInput| ecdsa::run(&input));
