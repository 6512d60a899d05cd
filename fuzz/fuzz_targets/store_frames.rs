//! The `store_frames` target: see `tessera_fuzz::targets::store_frames`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tessera_fuzz::targets::store_frames;

fuzz_target!(|input: store_frames::StoreFramesInput| store_frames::run(&input));
