//! The `dkg` target: see `tessera_fuzz::targets::dkg`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tessera_fuzz::targets::dkg;

fuzz_target!(|input: dkg::DkgInput| dkg::run(&input));
