//! The `frost` target: see `tessera_fuzz::targets::frost`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tessera_fuzz::targets::frost;

fuzz_target!(|input: frost::FrostInput| frost::run(&input));
