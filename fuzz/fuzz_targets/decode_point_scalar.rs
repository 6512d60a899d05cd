//! The `decode_point_scalar` target: see `tessera_fuzz::targets::decode_point_scalar`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tessera_fuzz::targets::decode_point_scalar;

fuzz_target!(|data: &[u8]| decode_point_scalar::run(data));
