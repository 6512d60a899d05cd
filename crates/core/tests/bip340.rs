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

/// `secp256k1-tr`'s H2 is BIP-340's challenge: over the same vector,
/// `e = int(hash_BIP0340/challenge(x(R) || x(P) || m)) mod n` makes
/// `s G = R + e P` hold, and the RFC 9591 suite's H2 does not.
#[test]
fn secp256k1_tr_challenge_is_bip340s() {
    use k256::elliptic_curve::PrimeField;
    use tessera_core::suites::Secp256k1Tr;
    let pk =
        hex::decode("DFF1D77F2A671C5F36183726DB2341BE58FEAE1DA2DECED843240F7B502BA659").unwrap();
    let msg =
        hex::decode("243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89").unwrap();
    let sig = hex::decode("6896BD60EEAE296DB48A229FF71DFE071BDE413E6D43F917DC8DCF8C78DE33418906D11AC976ABCCB20B091292BFF4EA897EFCB639EA871CFA95F6DE339E4B0A").unwrap();
    let s = Option::<k256::Scalar>::from(k256::Scalar::from_repr(
        <[u8; 32]>::try_from(&sig[32..]).unwrap().into(),
    ))
    .unwrap();
    let lift = |x: &[u8]| Secp256k1Tr::decode_point(&[&[0x02], x].concat()).unwrap();
    let e = Secp256k1Tr::challenge_hash(&[&sig[..32], &pk, &msg]);
    assert_eq!(Secp256k1Tr::mul_base(&s), lift(&sig[..32]) + lift(&pk) * e);
    let rfc = Secp256k1::challenge_hash(&[&sig[..32], &pk, &msg]);
    assert_ne!(
        Secp256k1Tr::mul_base(&s),
        lift(&sig[..32]) + lift(&pk) * rfc
    );
}
