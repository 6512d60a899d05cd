//! BIP 445 (and BIP-32 derivation) are written for any suite whose scalars
//! and points are k256's, not for `Secp256k1` alone: here a second suite
//! over secp256k1 (another wire tag and context, as a BIP-340 FROST suite
//! has) gets keys from a tessera dealer, derives a child with BIP-32, signs
//! with BIP 445, and libsecp256k1 accepts the signatures.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use tessera_bitcoin::{
    NonceInputs, PubNonce, SessionContext, SignersContext, aggregate, nonce_agg, nonce_gen,
    sign_with_key,
};
use tessera_core::encoding::Wire;
use tessera_core::identifier::identifiers;
use tessera_core::suites::Secp256k1;
use tessera_core::{PointError, Suite};
use tessera_keys::derive::{self, Derive, ExtendedPublicKey};

/// A suite over secp256k1 that is not `Secp256k1`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct OtherK256;

impl Suite for OtherK256 {
    type Scalar = k256::Scalar;
    type Point = k256::ProjectivePoint;
    const ID: u8 = 0xf5;
    const NAME: &'static str = "other-k256";
    const CONTEXT: &'static [u8] = b"tessera-test-other-k256";
    const SCALAR_LEN: usize = 32;
    const POINT_LEN: usize = 33;
    const SCALAR_BIG_ENDIAN: bool = true;
    type Schnorr = tessera_core::schnorr::Rfc9591;

    fn hash_to_scalar(tag: &[u8], parts: &[&[u8]]) -> k256::Scalar {
        Secp256k1::hash_to_scalar(&[Self::CONTEXT, tag].concat(), parts)
    }

    fn hash_to_bytes(tag: &[u8], parts: &[&[u8]]) -> Vec<u8> {
        Secp256k1::hash_to_bytes(&[Self::CONTEXT, tag].concat(), parts)
    }

    fn decode_point(bytes: &[u8]) -> Result<k256::ProjectivePoint, PointError> {
        Secp256k1::decode_point(bytes)
    }

    fn vartime_msm(terms: &[(k256::ProjectivePoint, k256::Scalar)]) -> k256::ProjectivePoint {
        Secp256k1::vartime_msm(terms)
    }
}

/// BIP-32 for this suite: three calls into `derive::bip32`.
impl Derive for OtherK256 {
    const BIP32: bool = true;

    fn default_chain_code(group_key: &k256::ProjectivePoint) -> [u8; 32] {
        derive::bip32::default_chain_code(group_key)
    }

    fn child_tweak(
        parent: &k256::ProjectivePoint,
        chain_code: &[u8; 32],
        index: u32,
    ) -> Option<(k256::Scalar, [u8; 32])> {
        derive::bip32::ckd_pub(parent, chain_code, index)
    }

    fn fingerprint(key: &k256::ProjectivePoint) -> [u8; 4] {
        derive::bip32::fingerprint(key)
    }
}

#[test]
fn bip445_and_bip32_on_another_secp256k1_suite() {
    let mut rng = ChaCha20Rng::seed_from_u64(5);
    let ids = identifiers::<OtherK256>(3);
    let out = tessera_keys::dealer::keygen::<OtherK256, _>(2, &ids, &mut rng).unwrap();
    let xpub = ExtendedPublicKey::of(&out.public);
    // The same xpub as Secp256k1 would give for the same key: BIP-32 is
    // the suite-independent part.
    let same = ExtendedPublicKey::<Secp256k1>::from_group_key(out.public.group_key());
    assert_eq!(xpub.to_xpub(true), same.to_xpub(true));

    let (child_public, _) = derive::derive_public_key_package(&out.public, &xpub, &[3, 1]).unwrap();
    for (keys, public) in [
        (out.key_packages.clone(), out.public.clone()),
        (
            out.key_packages
                .iter()
                .map(|k| derive::derive_key_package(k, &xpub, &[3, 1]).unwrap().0)
                .collect(),
            child_public,
        ),
    ] {
        let signers = [&keys[0], &keys[2]];
        let ctx = SignersContext::from_public(&public, &[ids[0], ids[2]]).unwrap();
        let (secs, pubs): (Vec<_>, Vec<_>) = signers
            .iter()
            .map(|k| nonce_gen(&NonceInputs::for_key(k), &mut rng).unwrap())
            .unzip();
        // The wire header carries this suite's tag.
        let wire = Wire::<OtherK256>::to_bytes(&pubs[0]);
        assert_eq!(wire[1], OtherK256::ID);
        assert!(<PubNonce<Secp256k1> as Wire<Secp256k1>>::from_bytes(&wire).is_err());
        let msg = [3u8; 32];
        let session = SessionContext::new(&ctx, &nonce_agg(&pubs), &[], &msg).unwrap();
        let psigs: Vec<_> = signers
            .iter()
            .zip(secs)
            .map(|(k, s)| sign_with_key(s, k, &session).unwrap())
            .collect();
        let sig = aggregate(&session, &pubs, &psigs).unwrap();
        common::assert_bip340_valid(&session.xonly_pubkey(), &msg, &sig.to_bytes());
    }
}
