#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod address;
pub mod error;
pub mod id;
pub mod nonce;
pub mod protocol;
mod secp;
pub mod session;
pub mod sign;
pub mod signature;
pub mod signers;
pub mod tweak;
pub mod wire;

pub use error::{Blame, Contribution, Error};
pub use id::ParticipantId;
pub use nonce::{
    AggNonce, AggOtherNonce, NonceInputs, PubNonce, SecNonce, nonce_agg, nonce_gen,
    nonce_gen_internal,
};
pub use session::{SessionContext, SigningRequest, partial_sig_verify};
pub use sign::{PartialSignature, deterministic_sign, sign, sign_with_key};
pub use signature::{Signature, aggregate, partial_sig_agg};
pub use signers::SignersContext;
pub use tweak::{KeyTweak, TweakContext};

/// The suites BIP 445 runs on: every tessera suite whose scalars and points
/// are k256's (`Secp256k1`, and any other suite over secp256k1, such as a
/// BIP-340 FROST suite), so their key packages feed BIP 445 directly.
pub trait K256Suite:
    tessera_core::Suite<Scalar = k256::Scalar, Point = k256::ProjectivePoint>
{
}

impl<S> K256Suite for S where
    S: tessera_core::Suite<Scalar = k256::Scalar, Point = k256::ProjectivePoint>
{
}
