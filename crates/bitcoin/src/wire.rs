//! Message kinds of tessera-bitcoin in tessera's versioned wire format
//! (`version || suite || kind || body`, see `tessera_core::encoding`).
//! tessera-bitcoin uses the range `0x40..=0x4f`.
//!
//! | kind | type | body |
//! |------|------|------|
//! | `0x40` | [`PubNonce`] | the 66-byte BIP 445 `pubnonce` |
//! | `0x41` | [`AggNonce`] | the 66-byte BIP 445 `aggnonce` (a half may be 33 zero bytes) |
//! | `0x42` | [`AggOtherNonce`] | 66 bytes, as a `pubnonce` |
//! | `0x43` | [`PartialSignature`] | the 32-byte BIP 445 `psig` |
//! | `0x44` | [`Signature`] | the 64-byte BIP-340 signature |
//! | `0x45` | [`SigningRequest`] | epoch (32), signer ids (`u32` count, 4 bytes each, strictly increasing), `aggnonce` (66), tweaks (`u32` count, each 32 bytes and a mode byte 0 = plain, 1 = x-only), message (`u32` length and bytes) |

/// [`PubNonce`].
pub const PUB_NONCE: u8 = 0x40;
/// [`AggNonce`].
pub const AGG_NONCE: u8 = 0x41;
/// [`AggOtherNonce`].
pub const AGG_OTHER_NONCE: u8 = 0x42;
/// [`PartialSignature`].
pub const PARTIAL_SIGNATURE: u8 = 0x43;
/// [`Signature`].
pub const SIGNATURE: u8 = 0x44;
/// [`SigningRequest`].
pub const SIGNING_REQUEST: u8 = 0x45;

use crate::{AggNonce, AggOtherNonce, PartialSignature, PubNonce, Signature, SigningRequest};

// serde through the wire encoding: the BIP's bytes in binary formats, one
// hex `body` field (with version, suite and kind by name) in JSON.
tessera_core::serde_via_wire!(
    bound = crate::K256Suite;
    PubNonce,
    AggNonce,
    AggOtherNonce,
    PartialSignature,
    Signature,
    SigningRequest,
);
