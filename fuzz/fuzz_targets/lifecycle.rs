//! The `lifecycle` target: see `tessera_fuzz::targets::lifecycle`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tessera_fuzz::targets::lifecycle;

fuzz_target!(|input: lifecycle::LifecycleInput| lifecycle::run(&input));
