//! Every case of the BIP 445 test vectors (`vectors/bip445/*.json`, see
//! `test_vectors_summary.md` there): valid cases byte for byte, error cases
//! refused with the variant of the reference implementation's exception
//! (for `InvalidContributionError`, the same contribution and the same
//! blamed position), and every aggregate signature checked by libsecp256k1
//! and k256's BIP-340 verifier.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use serde_json::Value;
use tessera_bitcoin::{
    AggNonce, AggOtherNonce, Contribution, Error, KeyTweak, NonceInputs, PartialSignature,
    ParticipantId, PubNonce, SecNonce, SessionContext, SignersContext, deterministic_sign,
    nonce_agg, nonce_gen_internal, partial_sig_agg, partial_sig_verify, sign,
};
use tessera_core::SecretScalar;
use tessera_core::suites::Secp256k1;

type S = Secp256k1;
type E = Error<S>;

const NONCE_GEN: &str = include_str!("../../../vectors/bip445/nonce_gen_vectors.json");
const NONCE_AGG: &str = include_str!("../../../vectors/bip445/nonce_agg_vectors.json");
const SIGN_VERIFY: &str = include_str!("../../../vectors/bip445/sign_verify_vectors.json");
const TWEAK: &str = include_str!("../../../vectors/bip445/tweak_vectors.json");
const DET_SIGN: &str = include_str!("../../../vectors/bip445/det_sign_vectors.json");
const SIG_AGG: &str = include_str!("../../../vectors/bip445/sig_agg_vectors.json");

fn unhex(v: &Value) -> Vec<u8> {
    hex::decode(v.as_str().expect("hex string")).expect("hex")
}

fn unhex_opt(v: &Value) -> Option<Vec<u8>> {
    (!v.is_null()).then(|| unhex(v))
}

fn arr32(v: &[u8]) -> [u8; 32] {
    v.try_into().expect("32 bytes")
}

fn list(v: &Value) -> Vec<Vec<u8>> {
    v.as_array().unwrap().iter().map(unhex).collect()
}

fn indices(v: &Value) -> Vec<usize> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|i| i.as_u64().unwrap() as usize)
        .collect()
}

fn pick<'a>(pool: &'a [Vec<u8>], idx: &[usize]) -> Vec<&'a [u8]> {
    idx.iter().map(|i| pool[*i].as_slice()).collect()
}

fn bools(v: &Value) -> Vec<bool> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|b| b.as_bool().unwrap())
        .collect()
}

fn ids(v: &Value) -> Vec<u32> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|i| i.as_u64().unwrap() as u32)
        .collect()
}

fn secshare(bytes: &[u8]) -> SecretScalar<S> {
    SecretScalar::from_bytes(bytes).expect("vector secret shares are canonical")
}

/// Checks that `err` is the error the vector's `error` object describes.
fn assert_error(case: &Value, err: &E) {
    let tc = &case["tc_id"];
    let expected = &case["error"];
    match expected["type"].as_str().unwrap() {
        "InvalidContributionError" => {
            let contribution = match expected["contrib"].as_str().unwrap() {
                "pubnonce" => Contribution::PubNonce,
                "aggnonce" => Contribution::AggNonce,
                "aggothernonce" => Contribution::AggOtherNonce,
                "psig" => Contribution::PartialSignature,
                other => panic!("unknown contribution {other}"),
            };
            let index = expected["signer_index"].as_u64().map(|i| i as usize);
            match err {
                Error::InvalidContribution {
                    contribution: c,
                    blame,
                } => {
                    assert_eq!(*c, contribution, "tc {tc}");
                    assert_eq!(blame.signer_index, index, "tc {tc}");
                }
                other => panic!("tc {tc}: expected {expected}, got {other:?}"),
            }
        }
        "ValueError" => {
            let message = expected["message"].as_str().unwrap();
            let ok = match message {
                "The signer's id must be present in the participant identifier list." => {
                    matches!(err, Error::SignerNotInSigners(_))
                }
                "The participant identifier list contains duplicate elements." => {
                    matches!(err, Error::DuplicateParticipant { .. })
                }
                "The signer's pubshare must be included in the list of pubshares." => {
                    matches!(err, Error::PubshareNotInSigners)
                }
                "The threshold pubkey must not be the point at infinity." => {
                    matches!(err, Error::ThresholdKeyAtInfinity)
                }
                "The provided key material is incorrect." => {
                    matches!(err, Error::KeyMaterialMismatch)
                }
                "first secnonce value is out of range." => {
                    matches!(err, Error::InvalidSecNonce { half: 1 })
                }
                "second secnonce value is out of range." => {
                    matches!(err, Error::InvalidSecNonce { half: 2 })
                }
                "The number of signers must be between t and n." => {
                    matches!(err, Error::InvalidSignerCount { .. })
                }
                "The signer's secret share value is out of range." => {
                    matches!(err, Error::InvalidSecretShare)
                }
                "The tweak value is out of range." => matches!(err, Error::TweakOutOfRange),
                "The result of tweaking cannot be infinity." => {
                    matches!(err, Error::TweakToInfinity)
                }
                "The tweaks and is_xonly arrays must have the same length." => matches!(
                    err,
                    Error::LengthMismatch {
                        what: "tweak modes per tweak",
                        ..
                    }
                ),
                "The tweak must be a 32-byte array." => {
                    matches!(err, Error::InvalidTweakLength(_))
                }
                "The psigs and ids arrays must have the same length." => matches!(
                    err,
                    Error::LengthMismatch {
                        what: "partial signatures per signer",
                        ..
                    }
                ),
                m if m.starts_with("Invalid pubshare at index ") => {
                    let i: usize = m
                        .trim_start_matches("Invalid pubshare at index ")
                        .trim_end_matches('.')
                        .parse()
                        .unwrap();
                    matches!(err, Error::InvalidPubshare { index } if *index == i)
                }
                m if m.starts_with("The participant identifier at index ") => {
                    let i: usize = m
                        .trim_start_matches("The participant identifier at index ")
                        .trim_end_matches(" is out of range.")
                        .parse()
                        .unwrap();
                    matches!(err, Error::ParticipantIdOutOfRange { index, .. } if *index == i)
                }
                other => panic!("tc {tc}: unmapped message {other:?}"),
            };
            assert!(ok, "tc {tc}: expected {message:?}, got {err:?}");
        }
        other => panic!("unknown error type {other}"),
    }
}

/// Counts of (valid, error) cases run.
#[derive(Default, Debug)]
struct Counts {
    valid: usize,
    error: usize,
}

/// A test group's shared inputs.
struct Group {
    n: u32,
    t: u32,
    thresh_pk: Vec<u8>,
    pubshares: Vec<Vec<u8>>,
    pubnonces: Vec<Vec<u8>>,
    secshares: Vec<Vec<u8>>,
    secnonces: Vec<Vec<u8>>,
    tweaks: Vec<Vec<u8>>,
}

impl Group {
    fn new(g: &Value) -> Self {
        let opt = |k: &str| {
            if g[k].is_null() {
                Vec::new()
            } else {
                list(&g[k])
            }
        };
        Self {
            n: g["n"].as_u64().unwrap() as u32,
            t: g["t"].as_u64().unwrap() as u32,
            thresh_pk: unhex(&g["thresh_pk"]),
            pubshares: opt("pubshares"),
            pubnonces: opt("pubnonces"),
            secshares: opt("secshares"),
            secnonces: opt("secnonces"),
            tweaks: opt("tweaks"),
        }
    }

    fn signers(&self, case: &Value) -> Result<SignersContext<S>, E> {
        SignersContext::new(
            self.n,
            self.t,
            &ids(&case["ids"]),
            &pick(&self.pubshares, &indices(&case["pubshare_indices"])),
            &self.thresh_pk,
        )
    }

    /// The case's tweaks: from the group's pool (`tweak_indices`) or inline.
    fn tweaks(&self, case: &Value) -> Result<Vec<KeyTweak<S>>, E> {
        if !case["is_xonly"].is_array() {
            return Ok(Vec::new());
        }
        let modes = bools(&case["is_xonly"]);
        if case["tweak_indices"].is_array() {
            KeyTweak::from_lists(
                &pick(&self.tweaks, &indices(&case["tweak_indices"])),
                &modes,
            )
        } else if case["tweaks"].is_array() {
            let inline = list(&case["tweaks"]);
            let refs: Vec<&[u8]> = inline.iter().map(Vec::as_slice).collect();
            KeyTweak::from_lists(&refs, &modes)
        } else {
            Ok(Vec::new())
        }
    }

    /// *Sign* on a case, in BIP 445's order of checks.
    fn sign(&self, case: &Value) -> Result<PartialSignature<S>, E> {
        let signers = self.signers(case)?;
        let tweaks = self.tweaks(case)?;
        let aggnonce = AggNonce::from_bytes(&unhex(&case["aggnonce"]))?;
        let session = SessionContext::new(&signers, &aggnonce, &tweaks, &unhex(&case["msg"]))?;
        let secnonce = SecNonce::from_bytes(
            &self.secnonces[case["secnonce_index"].as_u64().unwrap() as usize],
        )?;
        let share = secshare(&self.secshares[case["secshare_index"].as_u64().unwrap() as usize]);
        sign(
            secnonce,
            &share,
            ParticipantId(case["my_id"].as_u64().unwrap() as u32),
            &session,
        )
    }

    /// *PartialSigVerify* on a case (psig decoding is part of it).
    fn verify(&self, case: &Value, psig: &[u8], i: usize) -> Result<bool, E> {
        let signers = self.signers(case)?;
        let tweaks = self.tweaks(case)?;
        let pubnonces =
            PubNonce::decode_list(&pick(&self.pubnonces, &indices(&case["pubnonce_indices"])))?;
        let psig = PartialSignature::from_bytes(psig)?;
        partial_sig_verify(
            &psig,
            &pubnonces,
            &signers,
            &tweaks,
            &unhex(&case["msg"]),
            i,
        )
    }
}

fn groups(json: &str) -> Vec<(String, Value)> {
    let v: Value = serde_json::from_str(json).unwrap();
    v["test_groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["tg_id"].as_str().unwrap().to_string(), g.clone()))
        .collect()
}

#[test]
fn nonce_gen_vectors() {
    let v: Value = serde_json::from_str(NONCE_GEN).unwrap();
    let mut count = 0;
    for case in v["valid_tests"].as_array().unwrap() {
        let rand = arr32(&unhex(&case["rand"]));
        let share = unhex_opt(&case["secshare"]).map(|b| secshare(&b));
        let pubshare = unhex_opt(&case["pubshare"])
            .map(|b| <S as tessera_core::Suite>::decode_point(&b).unwrap());
        let thresh = unhex_opt(&case["thresh_pk_xonly"]).map(|b| arr32(&b));
        let msg = unhex_opt(&case["msg"]);
        let extra = unhex_opt(&case["extra_in"]);
        let inputs = NonceInputs {
            secshare: share.as_ref(),
            pubshare,
            thresh_pk_xonly: thresh.as_ref(),
            msg: msg.as_deref(),
            extra_in: extra.as_deref(),
        };
        let (secnonce, pubnonce) = nonce_gen_internal::<S>(&rand, &inputs).unwrap();
        let expected = list(&case["expected"]);
        assert_eq!(pubnonce.to_bip_bytes().as_slice(), expected[1].as_slice());
        // The secret nonce has no serialisation; loading the expected one
        // gives the same public nonce.
        let loaded = SecNonce::<S>::from_bytes(&expected[0]).unwrap();
        assert_eq!(loaded.pubnonce(), secnonce.pubnonce());
        count += 1;
    }
    eprintln!("nonce_gen: {count} valid");
    assert_eq!(count, 5);
}

#[test]
fn nonce_agg_vectors() {
    let v: Value = serde_json::from_str(NONCE_AGG).unwrap();
    let pool = list(&v["pubnonces"]);
    let mut counts = Counts::default();
    for case in v["valid_tests"].as_array().unwrap() {
        let nonces =
            PubNonce::<S>::decode_list(&pick(&pool, &indices(&case["pubnonce_indices"]))).unwrap();
        assert_eq!(
            nonce_agg(&nonces).to_bip_bytes().as_slice(),
            unhex(&case["expected"]).as_slice()
        );
        counts.valid += 1;
    }
    for case in v["error_tests"].as_array().unwrap() {
        let err = PubNonce::<S>::decode_list(&pick(&pool, &indices(&case["pubnonce_indices"])))
            .unwrap_err();
        assert_error(case, &err);
        counts.error += 1;
    }
    eprintln!("nonce_agg: {counts:?}");
    assert_eq!((counts.valid, counts.error), (2, 3));
}

#[test]
fn sign_verify_vectors() {
    let mut counts = Counts::default();
    for (tg, g) in groups(SIGN_VERIFY) {
        let group = Group::new(&g);
        for case in g["valid_tests"].as_array().unwrap() {
            // The vector's aggregate nonce is the aggregate of its nonces.
            let nonces = PubNonce::<S>::decode_list(&pick(
                &group.pubnonces,
                &indices(&case["pubnonce_indices"]),
            ))
            .unwrap();
            assert_eq!(
                nonce_agg(&nonces).to_bip_bytes().as_slice(),
                unhex(&case["aggnonce"]).as_slice(),
                "{tg}"
            );
            let psig = group
                .sign(case)
                .unwrap_or_else(|e| panic!("{tg} tc {}: {e:?}", case["tc_id"]));
            let expected = unhex(&case["expected"]);
            assert_eq!(
                psig.to_bip_bytes().as_slice(),
                expected.as_slice(),
                "{tg} tc {}",
                case["tc_id"]
            );
            let my_id = case["my_id"].as_u64().unwrap() as u32;
            let i = ids(&case["ids"]).iter().position(|x| *x == my_id).unwrap();
            assert!(
                group.verify(case, &expected, i).unwrap(),
                "{tg} tc {}",
                case["tc_id"]
            );
            counts.valid += 1;
        }
        for case in g["sign_error_tests"].as_array().unwrap() {
            let err = group.sign(case).expect_err("sign error case must fail");
            assert_error(case, &err);
            counts.error += 1;
        }
        for case in g["verify_fail_tests"].as_array().unwrap() {
            let i = case["signer_index"].as_u64().unwrap() as usize;
            match group.verify(case, &unhex(&case["psig"]), i) {
                Ok(valid) => assert!(!valid, "{tg} tc {}", case["tc_id"]),
                // A psig not below the order is refused when decoded,
                // before verification (the BIP returns False).
                Err(Error::InvalidContribution {
                    contribution: Contribution::PartialSignature,
                    ..
                }) => {}
                Err(e) => panic!("{tg} tc {}: {e:?}", case["tc_id"]),
            }
            counts.error += 1;
        }
        for case in g["verify_error_tests"].as_array().unwrap() {
            let i = case["signer_index"].as_u64().unwrap() as usize;
            let err = group
                .verify(case, &unhex(&case["psig"]), i)
                .expect_err("verify error case");
            assert_error(case, &err);
            counts.error += 1;
        }
    }
    eprintln!("sign_verify: {counts:?}");
    assert_eq!((counts.valid, counts.error), (25, 72));
}

#[test]
fn tweak_vectors() {
    let mut counts = Counts::default();
    for (tg, g) in groups(TWEAK) {
        let group = Group::new(&g);
        for case in g["valid_tests"].as_array().unwrap() {
            let psig = group
                .sign(case)
                .unwrap_or_else(|e| panic!("{tg} tc {}: {e:?}", case["tc_id"]));
            let expected = unhex(&case["expected"]);
            assert_eq!(
                psig.to_bip_bytes().as_slice(),
                expected.as_slice(),
                "{tg} tc {}",
                case["tc_id"]
            );
            let my_id = case["my_id"].as_u64().unwrap() as u32;
            let i = ids(&case["ids"]).iter().position(|x| *x == my_id).unwrap();
            assert!(group.verify(case, &expected, i).unwrap());
            counts.valid += 1;
        }
        for case in g["error_tests"].as_array().unwrap() {
            let err = group.sign(case).expect_err("tweak error case must fail");
            assert_error(case, &err);
            counts.error += 1;
        }
    }
    eprintln!("tweak: {counts:?}");
    assert_eq!((counts.valid, counts.error), (28, 16));
}

/// *DeterministicSign* on a case.
fn det_sign(group: &Group, case: &Value) -> Result<(PubNonce<S>, PartialSignature<S>), E> {
    let signers = group.signers(case)?;
    let tweaks = group.tweaks(case)?;
    let other = unhex_opt(&case["aggothernonce"])
        .map(|b| AggOtherNonce::from_bytes(&b))
        .transpose()?;
    let aux = unhex_opt(&case["aux_rand"]).map(|b| arr32(&b));
    let share = secshare(&group.secshares[case["secshare_index"].as_u64().unwrap() as usize]);
    deterministic_sign(
        &share,
        ParticipantId(case["my_id"].as_u64().unwrap() as u32),
        other.as_ref(),
        &signers,
        &tweaks,
        &unhex(&case["msg"]),
        aux.as_ref(),
    )
}

#[test]
fn det_sign_vectors() {
    let mut counts = Counts::default();
    for (tg, g) in groups(DET_SIGN) {
        let group = Group::new(&g);
        for case in g["valid_tests"].as_array().unwrap() {
            let (pubnonce, psig) = det_sign(&group, case)
                .unwrap_or_else(|e| panic!("{tg} tc {}: {e:?}", case["tc_id"]));
            let expected = list(&case["expected"]);
            assert_eq!(
                pubnonce.to_bip_bytes().as_slice(),
                expected[0].as_slice(),
                "{tg} tc {}",
                case["tc_id"]
            );
            assert_eq!(
                psig.to_bip_bytes().as_slice(),
                expected[1].as_slice(),
                "{tg} tc {}",
                case["tc_id"]
            );
            counts.valid += 1;
        }
        for case in g["error_tests"].as_array().unwrap() {
            let err = det_sign(&group, case).expect_err("det_sign error case must fail");
            assert_error(case, &err);
            counts.error += 1;
        }
    }
    eprintln!("det_sign: {counts:?}");
    assert_eq!((counts.valid, counts.error), (33, 48));
}

#[test]
fn sig_agg_vectors() {
    let mut counts = Counts::default();
    for (tg, g) in groups(SIG_AGG) {
        let group = Group::new(&g);
        let run = |case: &Value| -> Result<(SessionContext<S>, [u8; 64]), E> {
            let signers = group.signers(case)?;
            let tweaks = group.tweaks(case)?;
            let aggnonce = AggNonce::from_bytes(&unhex(&case["aggnonce"]))?;
            let session = SessionContext::new(&signers, &aggnonce, &tweaks, &unhex(&case["msg"]))?;
            let psigs = list(&case["psigs"]);
            let refs: Vec<&[u8]> = psigs.iter().map(Vec::as_slice).collect();
            let psigs = PartialSignature::decode_list(&refs)?;
            Ok((
                session.clone(),
                partial_sig_agg(&psigs, &session)?.to_bytes(),
            ))
        };
        for case in g["valid_tests"].as_array().unwrap() {
            let (session, sig) =
                run(case).unwrap_or_else(|e| panic!("{tg} tc {}: {e:?}", case["tc_id"]));
            assert_eq!(
                sig.as_slice(),
                unhex(&case["expected"]).as_slice(),
                "{tg} tc {}",
                case["tc_id"]
            );
            common::assert_bip340_valid(&session.xonly_pubkey(), &unhex(&case["msg"]), &sig);
            counts.valid += 1;
        }
        for case in g["error_tests"].as_array().unwrap() {
            let err = run(case).expect_err("sig_agg error case must fail");
            assert_error(case, &err);
            counts.error += 1;
        }
    }
    eprintln!("sig_agg: {counts:?}");
    assert_eq!((counts.valid, counts.error), (14, 8));
}
