//! The RFC 9591 Appendix E vectors, as far as the core pins them: the group
//! key from the secret, the participant shares from the sharing polynomial,
//! H3 (nonce generation), H1 (binding factors) and H2 (the challenge, from the
//! final signature); and all but H2 from the
//! `frost-secp256k1-tr` vectors for `secp256k1-tr`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use group::GroupEncoding;
use serde_json::Value;
use tessera_core::encoding::{decode_point, decode_scalar};
use tessera_core::polynomial::SecretPolynomial;
use tessera_core::suites::{Ed25519, P256, Ristretto255, Secp256k1, Secp256k1Tr};
use tessera_core::{Identifier, SecretScalar, Suite};

const ED25519: &str = include_str!("../../../vectors/rfc9591/frost-ed25519-sha512.json");
const RISTRETTO255: &str = include_str!("../../../vectors/rfc9591/frost-ristretto255-sha512.json");
const SECP256K1: &str = include_str!("../../../vectors/rfc9591/frost-secp256k1-sha256.json");
const P256_JSON: &str = include_str!("../../../vectors/rfc9591/frost-p256-sha256.json");
const SECP256K1_TR: &str = include_str!("../../../vectors/zf-secp256k1-tr/vectors.json");

fn bytes(v: &Value) -> Vec<u8> {
    hex::decode(v.as_str().unwrap()).unwrap()
}

fn check_vectors<S: Suite>(json: &str) {
    let v: Value = serde_json::from_str(json).unwrap();
    let inputs = &v["inputs"];
    let sk = decode_scalar::<S>(&bytes(&inputs["group_secret_key"])).unwrap();
    // frost-secp256k1-tr's vectors name the group key `verifying_key_key`.
    let pk_bytes = ["group_public_key", "verifying_key_key"]
        .iter()
        .find_map(|name| inputs.get(*name))
        .map(bytes)
        .unwrap();
    let pk = decode_point::<S>(&pk_bytes).unwrap();
    assert_eq!(S::mul_base(&sk), pk);
    assert_eq!(pk.to_bytes().as_ref(), pk_bytes.as_slice());

    let mut coefficients = vec![sk];
    for c in inputs["share_polynomial_coefficients"].as_array().unwrap() {
        coefficients.push(decode_scalar::<S>(&bytes(c)).unwrap());
    }
    let polynomial = SecretPolynomial::<S>::from_coefficients(coefficients).unwrap();
    let mut shares = std::collections::HashMap::new();
    for share in inputs["participant_shares"].as_array().unwrap() {
        let id = Identifier::<S>::new(share["identifier"].as_u64().unwrap() as u16).unwrap();
        let value = bytes(&share["participant_share"]);
        assert_eq!(
            polynomial.evaluate(&id),
            SecretScalar::from_bytes(&value).unwrap()
        );
        shares.insert(share["identifier"].as_u64().unwrap(), value);
    }

    let outputs = v["round_one_outputs"]["outputs"].as_array().unwrap();
    assert!(!outputs.is_empty());
    for out in outputs {
        let share = &shares[&out["identifier"].as_u64().unwrap()];
        for (randomness, nonce) in [
            ("hiding_nonce_randomness", "hiding_nonce"),
            ("binding_nonce_randomness", "binding_nonce"),
        ] {
            // H3(random_bytes || SerializeScalar(secret)), RFC 9591 §4.1.
            let h3 = S::hash_to_scalar(b"nonce", &[&bytes(&out[randomness]), share]);
            assert_eq!(
                h3,
                decode_scalar::<S>(&bytes(&out[nonce])).unwrap(),
                "{nonce}"
            );
        }
        // H1(binding_factor_input), RFC 9591 §4.4.
        let h1 = S::hash_to_scalar(b"rho", &[&bytes(&out["binding_factor_input"])]);
        assert_eq!(
            h1,
            decode_scalar::<S>(&bytes(&out["binding_factor"])).unwrap()
        );
    }
}

/// H2 from the final signature `(R, z)`: `z G == R + H2(R || PK || msg) PK`
/// (RFC 9591 §6.1 verification, with the core's challenge hash).
fn check_challenge<S: Suite>(json: &str) {
    let v: Value = serde_json::from_str(json).unwrap();
    let pk_bytes = bytes(&v["inputs"]["group_public_key"]);
    let pk = decode_point::<S>(&pk_bytes).unwrap();
    let message = bytes(&v["inputs"]["message"]);
    let sig = bytes(&v["final_output"]["sig"]);
    let (r_bytes, z_bytes) = sig.split_at(S::POINT_LEN);
    let r = decode_point::<S>(r_bytes).unwrap();
    let z = decode_scalar::<S>(z_bytes).unwrap();
    let c = S::challenge_hash(&[r_bytes, &pk_bytes, &message]);
    assert_eq!(S::mul_base(&z), r + pk * c);
}

#[test]
fn ed25519() {
    check_vectors::<Ed25519>(ED25519);
    check_challenge::<Ed25519>(ED25519);
}

#[test]
fn ristretto255() {
    check_vectors::<Ristretto255>(RISTRETTO255);
    check_challenge::<Ristretto255>(RISTRETTO255);
}

#[test]
fn secp256k1() {
    check_vectors::<Secp256k1>(SECP256K1);
    check_challenge::<Secp256k1>(SECP256K1);
}

#[test]
fn p256() {
    check_vectors::<P256>(P256_JSON);
    check_challenge::<P256>(P256_JSON);
}

#[test]
fn secp256k1_tr() {
    check_vectors::<Secp256k1Tr>(SECP256K1_TR);
}
