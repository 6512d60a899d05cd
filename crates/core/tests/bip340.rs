//! BIP-340's tagged hash, which the Bitcoin constructions share.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use tessera_core::Suite;
use tessera_core::suites::Secp256k1;

/// BIP-340's tagged hash against the first BIP-340 test vector, whose
/// signature's `e = H_BIP0340/challenge(R.x || P.x || m)` makes
/// `s G = R + e P` hold: checked here with plain k256 arithmetic.
#[test]
fn tagged_hash_is_bip340s() {
    use k256::elliptic_curve::PrimeField;
    let pk =
        hex::decode("F9308A019258C31049344F85F89D5229B531C845836F99B08601F113BCE036F9").unwrap();
    let sig = hex::decode("E907831F80848D1069A5371B402410364BDF1C5F8307B0084C55F1CE2DCA821525F66A4A85EA8B71E482A74F382D2CE5EBEEE8FDB2172F477DF4900D310536C0").unwrap();
    let msg = [0u8; 32];
    let e = tessera_core::hash::tagged_hash(b"BIP0340/challenge", &[&sig[..32], &pk, &msg]);
    let e = Option::<k256::Scalar>::from(k256::Scalar::from_repr(e.into())).unwrap();
    let s = Option::<k256::Scalar>::from(k256::Scalar::from_repr(
        <[u8; 32]>::try_from(&sig[32..]).unwrap().into(),
    ))
    .unwrap();
    let lift = |x: &[u8]| {
        let mut compressed = vec![0x02];
        compressed.extend_from_slice(x);
        Secp256k1::decode_point(&compressed).unwrap()
    };
    assert_eq!(Secp256k1::mul_base(&s), lift(&sig[..32]) + lift(&pk) * e);
}
