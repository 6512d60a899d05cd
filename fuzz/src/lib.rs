//! Shared plumbing of tessera's fuzz targets: choosing a suite and a wire
//! type from input bytes, and the same tables for the seed generator, so
//! that every target is written once, generically over `S: Suite`.

use core::fmt::Debug;

pub use tessera_core::Suite;
pub use tessera_core::suites::{Ed25519, P256, Ristretto255, Secp256k1, Secp256k1Tr};

use tessera_core::encoding::Wire;
use tessera_core::{SecretShare, VssCommitment};
use tessera_frost::{
    KeyPackage, PublicKeyPackage, Signature, SignatureShare, SigningCommitments, SigningPackage,
};
use tessera_keys::dkg::{Round1Package, Round2Package};
use tessera_keys::repair::{RepairCommitments, RepairDelta, RepairSigma};
use tessera_keys::reshare::{ReshareCommitment, ReshareShare};

/// Number of suites; the first input byte modulo this picks one.
pub const SUITES: u8 = 5;

/// The suite names in selector order (`0` Ed25519, `1` Ristretto255,
/// `2` secp256k1, `3` P-256, `4` secp256k1-tr).
pub const SUITE_NAMES: [&str; 5] = ["ed25519", "ristretto255", "secp256k1", "p256", "secp256k1-tr"];

/// Calls the generic function `$f::<S>(args..)` for the suite that the
/// selector byte picks (selector modulo [`SUITES`]).
#[macro_export]
macro_rules! with_suite {
    ($selector:expr, $f:ident ( $($arg:expr),* $(,)? )) => {
        match $selector % $crate::SUITES {
            0 => $f::<$crate::Ed25519>($($arg),*),
            1 => $f::<$crate::Ristretto255>($($arg),*),
            2 => $f::<$crate::Secp256k1>($($arg),*),
            3 => $f::<$crate::P256>($($arg),*),
            _ => $f::<$crate::Secp256k1Tr>($($arg),*),
        }
    };
}

/// What every fuzzed wire type offers.
pub trait FuzzWire<S: Suite>: Wire<S> + PartialEq + Debug {}
impl<S: Suite, T: Wire<S> + PartialEq + Debug> FuzzWire<S> for T {}

/// A generic operation over one wire type, run by [`with_wire_type`].
pub trait WireVisitor<S: Suite> {
    /// Runs on wire type `T`, named `name`.
    fn visit<T: FuzzWire<S>>(&mut self, name: &'static str);
}

/// Number of wire types; the selector byte (low 7 bits) modulo this picks one.
pub const WIRE_TYPES: u8 = 15;

/// Runs `visitor` on the wire type at `index` (modulo [`WIRE_TYPES`]).
///
/// New wire types go at the end, so that existing corpus entries keep
/// their meaning.
pub fn with_wire_type<S: Suite, V: WireVisitor<S>>(index: u8, visitor: &mut V) {
    match index % WIRE_TYPES {
        0 => visitor.visit::<SecretShare<S>>("SecretShare"),
        1 => visitor.visit::<VssCommitment<S>>("VssCommitment"),
        2 => visitor.visit::<SigningCommitments<S>>("SigningCommitments"),
        3 => visitor.visit::<SigningPackage<S>>("SigningPackage"),
        4 => visitor.visit::<SignatureShare<S>>("SignatureShare"),
        5 => visitor.visit::<Signature<S>>("Signature"),
        6 => visitor.visit::<KeyPackage<S>>("KeyPackage"),
        7 => visitor.visit::<PublicKeyPackage<S>>("PublicKeyPackage"),
        8 => visitor.visit::<Round1Package<S>>("Round1Package"),
        9 => visitor.visit::<Round2Package<S>>("Round2Package"),
        10 => visitor.visit::<ReshareCommitment<S>>("ReshareCommitment"),
        11 => visitor.visit::<ReshareShare<S>>("ReshareShare"),
        12 => visitor.visit::<RepairCommitments<S>>("RepairCommitments"),
        13 => visitor.visit::<RepairDelta<S>>("RepairDelta"),
        _ => visitor.visit::<RepairSigma<S>>("RepairSigma"),
    }
}

/// The `decode_wire` selector byte of the wire type whose message kind is
/// `kind`, if it is fuzzed (used by the seed generator).
pub fn wire_selector<S: Suite>(kind: u8) -> Option<u8> {
    struct Kind(u8);
    impl<S: Suite> WireVisitor<S> for Kind {
        fn visit<T: FuzzWire<S>>(&mut self, _: &'static str) {
            self.0 = T::KIND;
        }
    }
    (0..WIRE_TYPES).find(|&i| {
        let mut k = Kind(0);
        with_wire_type::<S, _>(i, &mut k);
        k.0 == kind
    })
}

/// The [`SUITE_NAMES`] selector of suite `S`.
pub fn suite_selector<S: Suite>() -> u8 {
    match S::NAME {
        "ed25519" => 0,
        "ristretto255" => 1,
        "secp256k1" => 2,
        "p256" => 3,
        _ => 4,
    }
}
