//! The `decode_wire` target: see `tessera_fuzz::targets::decode`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tessera_fuzz::targets::decode;

fuzz_target!(|input: decode::DecodeInput| decode::run(&input));
