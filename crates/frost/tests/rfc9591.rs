//! RFC 9591 Appendix E: every intermediate value of the four suites'
//! vectors, from the given shares and nonce randomness to the signature;
//! and the same for `secp256k1-tr` with the Zcash Foundation's
//! `frost-secp256k1-tr` vectors (same layout, BIP-340 signature).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;

use group::GroupEncoding;
use serde_json::Value;
use tessera_core::encoding::{decode_point, decode_scalar};
use tessera_core::suites::{Ed25519, P256, Ristretto255, Secp256k1, Secp256k1Tr};
use tessera_core::{Identifier, SecretScalar, Suite};
use tessera_frost::{
    KeyPackage, PublicKeyPackage, Signature, SigningNonces, SigningPackage, aggregate, round2,
};

fn bytes(v: &Value) -> Vec<u8> {
    hex::decode(v.as_str().unwrap()).unwrap()
}

fn arr32(v: &Value) -> [u8; 32] {
    bytes(v).try_into().unwrap()
}

fn id<S: Suite>(v: &Value) -> Identifier<S> {
    Identifier::new(u16::try_from(v.as_u64().unwrap()).unwrap()).unwrap()
}

fn check_vectors<S: Suite>(json: &str) {
    let v: Value = serde_json::from_str(json).unwrap();
    let inputs = &v["inputs"];
    // frost-secp256k1-tr's vectors name the group key `verifying_key_key`.
    let group_key = ["group_public_key", "verifying_key_key"]
        .iter()
        .find_map(|name| inputs.get(*name))
        .map(|key| decode_point::<S>(&bytes(key)).unwrap())
        .unwrap();
    let threshold = u16::try_from(
        v["config"]["MIN_PARTICIPANTS"]
            .as_str()
            .unwrap()
            .parse::<u64>()
            .unwrap(),
    )
    .unwrap();
    let message = bytes(&inputs["message"]);

    // The public key package from the shares' public images; then each
    // participant's key package, checked against it.
    let shares: Vec<(Identifier<S>, SecretScalar<S>)> = inputs["participant_shares"]
        .as_array()
        .unwrap()
        .iter()
        .map(|share| {
            let secret =
                SecretScalar::<S>::from_bytes(&bytes(&share["participant_share"])).unwrap();
            (id::<S>(&share["identifier"]), secret)
        })
        .collect();
    let public = PublicKeyPackage::new(
        shares
            .iter()
            .map(|(i, s)| (*i, S::mul_base(s.expose())))
            .collect(),
        group_key,
        threshold,
    )
    .unwrap();
    let keys: BTreeMap<_, _> = shares
        .into_iter()
        .map(|(i, s)| (i, KeyPackage::new(i, s, &public).unwrap()))
        .collect();

    // Round one: nonces from the given randomness, and their commitments.
    let mut nonces = BTreeMap::new();
    let outputs = v["round_one_outputs"]["outputs"].as_array().unwrap();
    for out in outputs {
        let me = id::<S>(&out["identifier"]);
        let n = SigningNonces::from_randomness(
            keys[&me].signing_share(),
            &arr32(&out["hiding_nonce_randomness"]),
            &arr32(&out["binding_nonce_randomness"]),
        )
        .unwrap();
        let c = n.commitments();
        assert_eq!(
            c.hiding().to_bytes().as_ref(),
            bytes(&out["hiding_nonce_commitment"]).as_slice()
        );
        assert_eq!(
            c.binding().to_bytes().as_ref(),
            bytes(&out["binding_nonce_commitment"]).as_slice()
        );
        for (nonce, point) in [("hiding_nonce", c.hiding()), ("binding_nonce", c.binding())] {
            assert_eq!(
                S::mul_base(&decode_scalar::<S>(&bytes(&out[nonce])).unwrap()),
                point
            );
        }
        nonces.insert(me, n);
    }
    let package = SigningPackage::new(
        public.epoch(),
        nonces.iter().map(|(i, n)| (*i, *n.commitments())).collect(),
        &message,
    );

    // Binding factors.
    let factors: BTreeMap<_, _> = package.binding_factors(&group_key).into_iter().collect();
    for out in outputs {
        let expected = decode_scalar::<S>(&bytes(&out["binding_factor"])).unwrap();
        assert_eq!(factors[&id::<S>(&out["identifier"])], expected);
    }

    // Round two: signature shares.
    let mut shares = BTreeMap::new();
    for out in v["round_two_outputs"]["outputs"].as_array().unwrap() {
        let me = id::<S>(&out["identifier"]);
        let share = round2::sign(&package, nonces.remove(&me).unwrap(), &keys[&me]).unwrap();
        assert_eq!(
            share.value(),
            decode_scalar::<S>(&bytes(&out["sig_share"])).unwrap()
        );
        shares.insert(me, share);
    }

    // Aggregate: the exact signature bytes, which verify.
    let signature = aggregate(&package, &shares, &public).unwrap();
    let expected = bytes(&v["final_output"]["sig"]);
    assert_eq!(signature.to_standard_bytes(), expected);
    assert_eq!(
        Signature::<S>::from_standard_bytes(&expected).unwrap(),
        signature
    );
    signature.verify(&group_key, &message).unwrap();
    assert!(signature.verify(&group_key, b"another message").is_err());
}

#[test]
fn ed25519() {
    check_vectors::<Ed25519>(include_str!(
        "../../../vectors/rfc9591/frost-ed25519-sha512.json"
    ));
}

#[test]
fn ristretto255() {
    check_vectors::<Ristretto255>(include_str!(
        "../../../vectors/rfc9591/frost-ristretto255-sha512.json"
    ));
}

#[test]
fn secp256k1() {
    check_vectors::<Secp256k1>(include_str!(
        "../../../vectors/rfc9591/frost-secp256k1-sha256.json"
    ));
}

#[test]
fn p256() {
    check_vectors::<P256>(include_str!(
        "../../../vectors/rfc9591/frost-p256-sha256.json"
    ));
}

#[test]
fn secp256k1_tr() {
    check_vectors::<Secp256k1Tr>(include_str!(
        "../../../vectors/zf-secp256k1-tr/vectors.json"
    ));
}
