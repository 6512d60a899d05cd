//! Helpers shared by the ECDSA tests: keys from tessera's DKG, the pair
//! setups, signing, and the independent verifiers of each curve.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;

use group::GroupEncoding;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use tessera_core::identifier::identifiers;
use tessera_core::suites::{P256, Secp256k1};
use tessera_core::{Identifier, Point};
use tessera_ecdsa::local::{self, Setups};
use tessera_ecdsa::{EcdsaSuite, Signature, SigningSession};
use tessera_frost::{KeyPackage, PublicKeyPackage};

pub fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

/// A key made by tessera's DKG among `1..=n`, and every member's setups.
pub struct Fixture<S: EcdsaSuite> {
    pub ids: Vec<Identifier<S>>,
    pub keys: BTreeMap<Identifier<S>, KeyPackage<S>>,
    pub public: PublicKeyPackage<S>,
    pub setups: Setups<S>,
}

impl<S: EcdsaSuite> Fixture<S> {
    pub fn dkg(t: u16, n: u16, rng: &mut ChaCha20Rng) -> Self {
        let ids = identifiers::<S>(n);
        let (keys, public) = tessera_keys::local::run_dkg(t, &ids, rng).unwrap();
        let setups = local::setup_all(&ids, rng).unwrap();
        Self {
            ids,
            keys,
            public,
            setups,
        }
    }

    pub fn session(&self, signers: &[Identifier<S>], rng: &mut ChaCha20Rng) -> SigningSession<S> {
        let mut sid = [0u8; 32];
        rand_core::Rng::fill_bytes(rng, &mut sid);
        SigningSession::new(self.public.clone(), signers, sid).unwrap()
    }

    /// Signs `prehash` with `signers` and checks the signature with every
    /// independent verifier of the suite.
    pub fn sign_and_check(
        &self,
        signers: &[Identifier<S>],
        prehash: &[u8; 32],
        rng: &mut ChaCha20Rng,
    ) -> Signature<S>
    where
        S: Verifiers,
    {
        let session = self.session(signers, rng);
        let sig = local::sign(&session, &self.keys, &self.setups, prehash, rng).unwrap();
        assert!(sig.verify(&self.public.group_key(), prehash));
        S::check_standard(&self.public.group_key(), prehash, &sig);
        sig
    }
}

/// Independent verifiers of each curve, on the signature's standard
/// encodings.
pub trait Verifiers: EcdsaSuite {
    /// Panics unless every independent verifier accepts `sig` of `prehash`
    /// under `key` (and recovers `key` where the curve has recovery).
    fn check_standard(key: &Point<Self>, prehash: &[u8; 32], sig: &Signature<Self>);
}

impl Verifiers for Secp256k1 {
    fn check_standard(key: &Point<Self>, prehash: &[u8; 32], sig: &Signature<Self>) {
        use k256::ecdsa::signature::hazmat::PrehashVerifier;
        let key_bytes = key.to_bytes();
        // k256's verifier, on the compact and the DER encoding.
        let vk = k256::ecdsa::VerifyingKey::from_sec1_bytes(key_bytes.as_ref()).unwrap();
        let compact = k256::ecdsa::Signature::from_slice(&sig.to_bytes()).unwrap();
        vk.verify_prehash(prehash, &compact).unwrap();
        let der = k256::ecdsa::DerSignature::try_from(sig.to_der().as_slice()).unwrap();
        vk.verify_prehash(prehash, &der).unwrap();
        assert_eq!(compact.normalize_s(), compact, "s is low");
        // ecrecover with k256: the recovery id gives back the group key.
        let recovered =
            k256::ecdsa::VerifyingKey::recover_from_prehash(prehash, &compact, sig.recovery_id())
                .unwrap();
        assert_eq!(recovered, vk);
        // libsecp256k1 (C), which also insists on low s; and its recovery.
        let pk = secp256k1::PublicKey::from_slice(key_bytes.as_ref()).unwrap();
        let lib_sig = secp256k1::ecdsa::Signature::from_compact(&sig.to_bytes()).unwrap();
        let msg = secp256k1::Message::from_digest(*prehash);
        secp256k1::ecdsa::verify(&lib_sig, msg, &pk).unwrap();
        let lib_der = secp256k1::ecdsa::Signature::from_der(&sig.to_der()).unwrap();
        secp256k1::ecdsa::verify(&lib_der, msg, &pk).unwrap();
        let rec_id =
            secp256k1::ecdsa::RecoveryId::try_from(i32::from(sig.recovery_id().to_byte())).unwrap();
        let rec =
            secp256k1::ecdsa::RecoverableSignature::from_compact(&sig.to_bytes(), rec_id).unwrap();
        assert_eq!(rec.recover(msg).unwrap(), pk);
    }
}

impl Verifiers for P256 {
    fn check_standard(key: &Point<Self>, prehash: &[u8; 32], sig: &Signature<Self>) {
        use p256::ecdsa::signature::hazmat::PrehashVerifier;
        let key_bytes = key.to_bytes();
        let vk = p256::ecdsa::VerifyingKey::from_sec1_bytes(key_bytes.as_ref()).unwrap();
        let compact = p256::ecdsa::Signature::from_slice(&sig.to_bytes()).unwrap();
        vk.verify_prehash(prehash, &compact).unwrap();
        let der = p256::ecdsa::DerSignature::try_from(sig.to_der().as_slice()).unwrap();
        vk.verify_prehash(prehash, &der).unwrap();
        let recovered =
            p256::ecdsa::VerifyingKey::recover_from_prehash(prehash, &compact, sig.recovery_id())
                .unwrap();
        assert_eq!(recovered, vk);
    }
}

/// P-256 through ring, which hashes the message itself (SHA-256): `sig`
/// must be a signature of `SHA-256(message)`.
pub fn ring_verify_p256(key: &Point<P256>, message: &[u8], sig: &Signature<P256>) {
    use p256::elliptic_curve::sec1::ToSec1Point;
    let uncompressed = key.to_affine().to_sec1_point(false);
    let fixed = ring::signature::UnparsedPublicKey::new(
        &ring::signature::ECDSA_P256_SHA256_FIXED,
        uncompressed.as_bytes(),
    );
    fixed.verify(message, &sig.to_bytes()).unwrap();
    let asn1 = ring::signature::UnparsedPublicKey::new(
        &ring::signature::ECDSA_P256_SHA256_ASN1,
        uncompressed.as_bytes(),
    );
    asn1.verify(message, &sig.to_der()).unwrap();
}

/// SHA-256 of `message`.
pub fn sha256(message: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(message).into()
}
