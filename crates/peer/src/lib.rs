//! Test and benchmark support: frost-core 3.0, tessera's reference
//! implementation and benchmark peer, mapped to each tessera suite (with
//! frost-secp256k1-tr 3.0 for `secp256k1-tr`), with the conversions between
//! the two done through bytes only (frost-core uses the previous curve-crate
//! generation and rand_core 0.6, so no type is shared).
//!
//! Used by the differential and interop tests and by the benches; not
//! published. The conversions panic on data that does not convert, which in
//! a test is a failure.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::BTreeMap;

use ff::PrimeField;
use frost_core::Ciphersuite;
use frost_core::keys::dkg as fdkg;
use frost_core::keys::{
    KeyPackage as FKeyPackage, PublicKeyPackage as FPublicKeyPackage,
    SigningShare as FSigningShare, VerifiableSecretSharingCommitment as FVssCommitment,
    VerifyingShare as FVerifyingShare,
};
use frost_core::{
    Identifier as FIdentifier, Signature as FSignature, VerifyingKey as FVerifyingKey,
};
use group::GroupEncoding;
use tessera_core::encoding::decode_scalar;
use tessera_core::encoding::{FORMAT_VERSION, Wire};
use tessera_core::suites::{Ed25519, P256, Ristretto255, Secp256k1, Secp256k1Tr};
use tessera_core::{Identifier, Point, Scalar, SecretScalar, Suite};
use tessera_frost::{KeyPackage, PublicKeyPackage, Signature};
use tessera_keys::dkg::{Round1Package, Round2Package};

/// A seedable rand_core-0.6 RNG for frost-core's functions.
pub use rand_chacha_06::ChaCha20Rng as Rng06;
/// `Rng06::seed_from_u64`.
pub use rand_chacha_06::rand_core::SeedableRng as SeedableRng06;

/// A tessera suite and the frost-core ciphersuite that implements the same
/// ciphersuite.
pub trait Peer: Suite {
    /// The frost-core ciphersuite.
    type C: Ciphersuite;

    /// What the peer's DKG does to its result beyond the computation both
    /// share, applied to tessera's DKG result: nothing for frost-core's
    /// RFC 9591 suites; frost-secp256k1-tr returns the key with the BIP-86
    /// Taproot tweak applied (its `post_dkg`).
    fn peer_dkg_result(
        keys: &Keys<Self>,
        public: &PublicKeyPackage<Self>,
    ) -> (Keys<Self>, PublicKeyPackage<Self>) {
        (keys.clone(), public.clone())
    }
}

impl Peer for Ed25519 {
    type C = frost_ed25519::Ed25519Sha512;
}

impl Peer for Ristretto255 {
    type C = frost_ristretto255::Ristretto255Sha512;
}

impl Peer for Secp256k1 {
    type C = frost_secp256k1::Secp256K1Sha256;
}

impl Peer for P256 {
    type C = frost_p256::P256Sha256;
}

impl Peer for Secp256k1Tr {
    type C = frost_secp256k1_tr::Secp256K1Sha256TR;

    fn peer_dkg_result(
        keys: &Keys<Self>,
        public: &PublicKeyPackage<Self>,
    ) -> (Keys<Self>, PublicKeyPackage<Self>) {
        let keys = keys
            .iter()
            .map(|(id, k)| (*id, k.taproot_tweaked(None).unwrap()))
            .collect();
        (keys, public.taproot_tweaked(None).unwrap())
    }
}

/// frost-core's identifier type for suite `S`.
pub type FId<S> = FIdentifier<<S as Peer>::C>;
/// Key packages by participant, tessera's.
pub type Keys<S> = BTreeMap<Identifier<S>, KeyPackage<S>>;
/// Key packages by participant, frost-core's.
pub type FKeys<S> = BTreeMap<FId<S>, FKeyPackage<<S as Peer>::C>>;

/// A point's encoding.
pub fn point_bytes<S: Suite>(p: &Point<S>) -> Vec<u8> {
    p.to_bytes().as_ref().to_vec()
}

/// A scalar's encoding.
pub fn scalar_bytes<S: Suite>(s: &Scalar<S>) -> Vec<u8> {
    s.to_repr().as_ref().to_vec()
}

/// A tessera identifier as frost-core's.
pub fn fid<S: Peer>(id: &Identifier<S>) -> FId<S> {
    FIdentifier::deserialize(id.to_bytes().as_ref()).unwrap()
}

/// A frost-core identifier as tessera's.
pub fn tid<S: Peer>(id: &FId<S>) -> Identifier<S> {
    Identifier::from_bytes(&id.serialize()).unwrap()
}

/// tessera's public key package as frost-core's.
pub fn to_frost_public<S: Peer>(public: &PublicKeyPackage<S>) -> FPublicKeyPackage<S::C> {
    FPublicKeyPackage::<S::C>::new(
        public
            .verifying_shares()
            .iter()
            .map(|(id, p)| {
                (
                    fid(id),
                    FVerifyingShare::deserialize(&point_bytes::<S>(p)).unwrap(),
                )
            })
            .collect(),
        FVerifyingKey::<S::C>::deserialize(&point_bytes::<S>(&public.group_key())).unwrap(),
        Some(public.threshold()),
    )
}

/// A tessera key package as frost-core's.
pub fn to_frost_key<S: Peer>(key: &KeyPackage<S>) -> FKeyPackage<S::C> {
    FKeyPackage::<S::C>::new(
        fid(&key.id()),
        FSigningShare::deserialize(&key.signing_share().to_bytes()).unwrap(),
        FVerifyingShare::deserialize(&point_bytes::<S>(&key.verifying_share())).unwrap(),
        FVerifyingKey::<S::C>::deserialize(&point_bytes::<S>(&key.group_key())).unwrap(),
        key.threshold(),
    )
}

/// tessera's key packages and public key package as frost-core's.
pub fn to_frost<S: Peer>(
    keys: &Keys<S>,
    public: &PublicKeyPackage<S>,
) -> (FKeys<S>, FPublicKeyPackage<S::C>) {
    let f_keys = keys
        .iter()
        .map(|(id, k)| (fid(id), to_frost_key(k)))
        .collect();
    (f_keys, to_frost_public(public))
}

/// frost-core's key packages imported into tessera: `PublicKeyPackage::new`
/// from the verifying shares, group key and threshold, and `KeyPackage::new`
/// from each signing share (which checks it against its verifying share).
pub fn from_frost<S: Peer>(
    f_keys: &FKeys<S>,
    f_public: &FPublicKeyPackage<S::C>,
) -> (Keys<S>, PublicKeyPackage<S>) {
    let verifying_shares = f_public
        .verifying_shares()
        .iter()
        .map(|(id, y)| {
            (
                tid::<S>(id),
                S::decode_point(&y.serialize().unwrap()).unwrap(),
            )
        })
        .collect();
    let group_key = S::decode_point(&f_public.verifying_key().serialize().unwrap()).unwrap();
    let public =
        PublicKeyPackage::new(verifying_shares, group_key, f_public.min_signers().unwrap())
            .unwrap();
    let keys = f_keys
        .iter()
        .map(|(id, k)| {
            let share = SecretScalar::<S>::from_bytes(&k.signing_share().serialize()).unwrap();
            let key = KeyPackage::new(tid::<S>(id), share, &public).unwrap();
            assert_eq!(
                point_bytes::<S>(&key.verifying_share()),
                k.verifying_share().serialize().unwrap()
            );
            assert_eq!(key.threshold(), *k.min_signers());
            (key.id(), key)
        })
        .collect();
    (keys, public)
}

/// A tessera DKG round-1 package as frost-core's: the commitment's points
/// and the proof `(R, mu)`, the last bytes of the wire encoding, which
/// frost-core reads as a signature in its suite's encoding (for
/// frost-secp256k1-tr the x-only BIP-340 one, so `R` must have even Y).
pub fn frost_round1<S: Peer>(p: &Round1Package<S>) -> fdkg::round1::Package<S::C> {
    let commitment = FVssCommitment::<S::C>::deserialize(
        p.commitment().points().iter().map(|c| point_bytes::<S>(c)),
    )
    .unwrap();
    let bytes = p.to_bytes();
    let (r, mu) = bytes[bytes.len() - S::POINT_LEN - S::SCALAR_LEN..].split_at(S::POINT_LEN);
    let (r, mu) = (S::decode_point(r).unwrap(), decode_scalar::<S>(mu).unwrap());
    let proof = Signature::<S>::new(r, mu);
    assert_eq!(
        proof.r(),
        r,
        "{}: a proof whose R the suite would negate",
        S::NAME
    );
    let proof = FSignature::deserialize(&proof.to_standard_bytes()).unwrap();
    fdkg::round1::Package::new(commitment, proof)
}

/// A frost-core DKG round-1 package as tessera's, through tessera's wire
/// format: `count || points || R || mu`.
pub fn tessera_round1<S: Peer>(p: &fdkg::round1::Package<S::C>) -> Round1Package<S> {
    let points = p.commitment().serialize().unwrap();
    let mut bytes = vec![FORMAT_VERSION, S::ID, Round1Package::<S>::KIND];
    bytes.extend_from_slice(&u32::try_from(points.len()).unwrap().to_be_bytes());
    points.iter().for_each(|c| bytes.extend_from_slice(c));
    let proof =
        Signature::<S>::from_standard_bytes(&p.proof_of_knowledge().serialize().unwrap()).unwrap();
    bytes.extend_from_slice(&point_bytes::<S>(&proof.r()));
    bytes.extend_from_slice(&scalar_bytes::<S>(&proof.z()));
    Round1Package::from_bytes(&bytes).unwrap()
}

/// A tessera DKG round-2 package as frost-core's: the share, the last bytes
/// of the wire encoding.
pub fn frost_round2<S: Peer>(p: &Round2Package<S>) -> fdkg::round2::Package<S::C> {
    let bytes = p.to_bytes();
    let share = FSigningShare::deserialize(&bytes[bytes.len() - S::SCALAR_LEN..]).unwrap();
    fdkg::round2::Package::new(share)
}

/// A frost-core DKG round-2 package from `from` to `to` as tessera's,
/// through tessera's wire format: `sender || recipient || share`.
pub fn tessera_round2<S: Peer>(
    from: &Identifier<S>,
    to: &Identifier<S>,
    p: &fdkg::round2::Package<S::C>,
) -> Round2Package<S> {
    let mut bytes = vec![FORMAT_VERSION, S::ID, Round2Package::<S>::KIND];
    bytes.extend_from_slice(from.to_bytes().as_ref());
    bytes.extend_from_slice(to.to_bytes().as_ref());
    bytes.extend_from_slice(&p.signing_share().serialize());
    Round2Package::from_bytes(&bytes).unwrap()
}

/// `map` without the entry of `me`.
pub fn without<K: Ord + Copy, V: Clone>(map: &BTreeMap<K, V>, me: &K) -> BTreeMap<K, V> {
    map.iter()
        .filter(|(id, _)| *id != me)
        .map(|(id, v)| (*id, v.clone()))
        .collect()
}

/// Whether libsecp256k1 (through the `secp256k1` crate) accepts the
/// BIP-340 `signature` on `message` under the x-only key `x_only_key`.
pub fn libsecp256k1_verifies(x_only_key: &[u8], message: &[u8], signature: &[u8]) -> bool {
    let (Ok(key), Ok(signature)) = (
        <[u8; 32]>::try_from(x_only_key),
        <[u8; 64]>::try_from(signature),
    ) else {
        return false;
    };
    let Ok(key) = secp256k1::XOnlyPublicKey::from_byte_array(key) else {
        return false;
    };
    let signature = secp256k1::schnorr::Signature::from_byte_array(signature);
    secp256k1::schnorr::verify(&signature, message, &key).is_ok()
}

/// Whether k256's BIP-340 verifier (`schnorr::VerifyingKey::verify_raw`,
/// the message unhashed, as BIP-340 specifies) accepts the `signature` on
/// `message` under the x-only key `x_only_key`.
pub fn k256_schnorr_verifies(x_only_key: &[u8], message: &[u8], signature: &[u8]) -> bool {
    let Ok(key) = k256::schnorr::VerifyingKey::from_slice(x_only_key) else {
        return false;
    };
    let Ok(signature) = k256::schnorr::Signature::from_slice(signature) else {
        return false;
    };
    key.verify_raw(message, &signature).is_ok()
}
