//! The `bip445` target: see `tessera_fuzz::targets::bip445`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tessera_fuzz::targets::bip445;

fuzz_target!(|input: bip445::Bip445Input| bip445::run(&input));
