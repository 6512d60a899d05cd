//! The structure-aware fuzz targets, as library functions so that the
//! fuzz binaries (`fuzz_targets/*.rs`), the seed generator and the replay
//! test share them. Each takes an `arbitrary` input and panics only on a
//! bug.

pub mod bip445;
pub mod decode;
pub mod decode_point_scalar;
pub mod dkg;
pub mod ecdsa;
pub mod frost;
pub mod lifecycle;
pub mod sign_verify;
pub mod store_frames;
