//! Writes the seed corpora under `fuzz/seeds/<target>/`, all from fixed
//! seeds so that the output is reproducible:
//!
//! - `decode_wire`: every wire type in every suite it runs on, as wire
//!   bytes and as JSON, unchanged and with one edit;
//! - `decode_point_scalar`: a valid point, scalar, identifier and
//!   signature per suite;
//! - `sign_verify`: two runs per suite;
//! - `store_frames`: every store file, keychain, frame, request and
//!   identity sample (per suite where it depends on the suite), unchanged,
//!   with the typical hostile changes and with changes aimed at the
//!   sample's fields (KDF parameters, lengths, versions, chunk bounds);
//! - `frost`, `dkg`, `lifecycle`, `bip445`, `ecdsa`: every operation of the
//!   target with honest messages and with a few typical hostile ones, per
//!   suite. These are written in `arbitrary`'s format by
//!   `tessera_fuzz::seed::encode_checked`, which decodes each back and
//!   refuses one that does not give the structure it was made from.
//!
//! Run from `fuzz/`: `cargo run --example seeds` (it replaces the
//! directories' contents).

use std::fs;
use std::path::{Path, PathBuf};

use ff::PrimeField;
use group::GroupEncoding;
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::SeedableRng;
use tessera_core::{Identifier, Scalar, SecretScalar, Suite};
use tessera_frost::{SigningPackage, aggregate, round1, round2};
use tessera_fuzz::hostile::{Bytes, Edit, Hostile, PointExpr, ScalarExpr};
use tessera_fuzz::seed::{Encode, encode_checked};
use tessera_fuzz::targets::bip445::{Bip445Input, BipOp};
use tessera_fuzz::targets::decode::DecodeInput;
use tessera_fuzz::targets::dkg::DkgInput;
use tessera_fuzz::targets::ecdsa::{EcdsaInput, EcdsaOp};
use tessera_fuzz::targets::frost::{FrostInput, FrostOp};
use tessera_fuzz::targets::lifecycle::{LifeOp, LifecycleInput};
use tessera_fuzz::targets::store_frames::{self, StoreFramesInput, WHATS, What};
use tessera_fuzz::wire::{GENERIC_TYPES, WIRE_TYPES};
use tessera_fuzz::{
    Ed25519, P256, Ristretto255, SUITE_NAMES, Secp256k1, Secp256k1Tr, suite_selector,
};
use tessera_keys::dealer;

type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

struct Out {
    dir: PathBuf,
}

impl Out {
    fn new(root: &Path, target: &str) -> Result<Self> {
        let dir = root.join(target);
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir_all(&dir)?;
        Ok(Self { dir })
    }

    fn write(&self, name: &str, bytes: &[u8]) -> Result {
        fs::write(self.dir.join(name), bytes)?;
        Ok(())
    }

    /// Writes a structured input, checked to decode back to `value`.
    fn seed<T>(&self, name: &str, value: &T) -> Result
    where
        T: Encode + PartialEq + core::fmt::Debug + for<'a> arbitrary::Arbitrary<'a>,
    {
        self.write(name, &encode_checked(value))
    }
}

/// A few typical hostile messages: an edit that flips a bit in the body,
/// one that writes a point (minus the first known point), one that writes
/// a scalar, a replay, a truncation and trailing bytes.
fn hostile_samples() -> Vec<(&'static str, Hostile)> {
    vec![
        ("honest", Hostile::Honest),
        ("omit", Hostile::Omit),
        ("flip", Hostile::Edit(vec![Edit::Xor { at: 40, mask: 1 }])),
        (
            "point",
            Hostile::Edit(vec![Edit::Point {
                at: 40,
                value: PointExpr {
                    g: 0,
                    terms: vec![(0, -1)],
                },
            }]),
        ),
        (
            "scalar",
            Hostile::Edit(vec![Edit::Scalar {
                at: 40,
                value: ScalarExpr {
                    k: 1,
                    terms: vec![(0, 1)],
                },
            }]),
        ),
        ("replay", Hostile::Replay(1)),
        ("truncate", Hostile::Edit(vec![Edit::Truncate { at: 20 }])),
        (
            "trailing",
            Hostile::Edit(vec![Edit::Append(Bytes(vec![0]))]),
        ),
    ]
}

/// The structured targets' seeds for suite selector `suite`.
fn structured(outs: &Outs, suite: u8) -> Result {
    let name = SUITE_NAMES
        .get(usize::from(suite))
        .copied()
        .unwrap_or("suite");
    let message = Bytes(b"fuzz seed message".to_vec());
    // Cast shapes: 2-of-2 with participant 2 hostile (0), 2-of-3 with 3
    // hostile (2), 3-of-4 with 1 and 4 hostile (0b100111).
    let shapes = [0u8, 2, 0b10_0111];
    for (label, h) in hostile_samples() {
        for shape in shapes {
            let tag = format!("{name}-{shape}-{label}");
            outs.frost.seed(
                &format!("{tag}-sign"),
                &FrostInput {
                    suite,
                    shape,
                    signers: 0,
                    message: message.clone(),
                    op: FrostOp::Sign { package: h.clone() },
                },
            )?;
            outs.frost.seed(
                &format!("{tag}-aggregate"),
                &FrostInput {
                    suite,
                    shape,
                    signers: 0,
                    message: message.clone(),
                    op: FrostOp::Aggregate {
                        commitments: vec![h.clone()],
                        shares: vec![h.clone()],
                        extra: vec![(9, (h.clone(), h.clone()))],
                    },
                },
            )?;
            outs.frost.seed(
                &format!("{tag}-keys"),
                &FrostInput {
                    suite,
                    shape,
                    signers: 0,
                    message: message.clone(),
                    op: FrostOp::Keys {
                        key: h.clone(),
                        public: Hostile::Honest,
                    },
                },
            )?;
            outs.dkg.seed(
                &tag,
                &DkgInput {
                    suite,
                    shape,
                    round1: vec![h.clone()],
                    round2: vec![Hostile::Honest, h.clone()],
                    extra: Vec::new(),
                },
            )?;
            outs.lifecycle.seed(
                &format!("{tag}-reshare"),
                &LifecycleInput {
                    suite,
                    shape,
                    op: LifeOp::Reshare {
                        dealers: 0,
                        members: 0b0101,
                        commitments: vec![h.clone()],
                        shares: vec![h.clone()],
                    },
                },
            )?;
            outs.lifecycle.seed(
                &format!("{tag}-repair"),
                &LifecycleInput {
                    suite,
                    shape,
                    op: LifeOp::Repair {
                        helpers: 0,
                        target: 0,
                        commitments: vec![h.clone()],
                        deltas: vec![h.clone()],
                        sigmas: vec![h.clone()],
                    },
                },
            )?;
            outs.lifecycle.seed(
                &format!("{tag}-reconstruct"),
                &LifecycleInput {
                    suite,
                    shape,
                    op: LifeOp::Reconstruct {
                        keys: vec![(1, h.clone())],
                    },
                },
            )?;
            // BIP 445 runs on secp256k1 (even selector) and secp256k1-tr
            // (odd), threshold ECDSA on secp256k1 (even) and P-256 (odd).
            if name == "secp256k1" || name == "secp256k1-tr" {
                let suite = u8::from(name == "secp256k1-tr");
                let ops = [
                    ("coordinator", BipOp::Coordinator { request: h.clone() }),
                    (
                        "signers",
                        BipOp::Signers {
                            pubnonces: vec![h.clone()],
                            psigs: vec![h.clone()],
                        },
                    ),
                    ("deterministic", BipOp::Deterministic { other: h.clone() }),
                ];
                for (op_name, op) in ops {
                    outs.bip445.seed(
                        &format!("{tag}-{op_name}"),
                        &Bip445Input {
                            suite,
                            shape,
                            signers: 0,
                            message: message.clone(),
                            tweaks: vec![(true, 3)],
                            op,
                        },
                    )?;
                }
            }
            if name == "secp256k1" || name == "p256" {
                let suite = u8::from(name == "p256");
                let ops = [
                    ("setup", EcdsaOp::Setup { message: h.clone() }),
                    (
                        "sign",
                        EcdsaOp::Sign {
                            round1: vec![h.clone()],
                            round2: vec![h.clone()],
                            shares: vec![h.clone()],
                        },
                    ),
                ];
                for (op_name, op) in ops {
                    outs.ecdsa.seed(
                        &format!("{tag}-{op_name}"),
                        &EcdsaInput {
                            suite,
                            shape,
                            signers: 0,
                            prehash: [0x42; 32],
                            op,
                        },
                    )?;
                }
            }
        }
    }
    if name == "secp256k1" || name == "secp256k1-tr" {
        let suite = u8::from(name == "secp256k1-tr");
        for kind in 0..9u8 {
            for (label, h) in [
                ("honest", Hostile::Honest),
                ("flip", Hostile::Edit(vec![Edit::Xor { at: 5, mask: 1 }])),
            ] {
                outs.bip445.seed(
                    &format!("{name}-decode{kind}-{label}"),
                    &Bip445Input {
                        suite,
                        shape: 0,
                        signers: 0,
                        message: message.clone(),
                        tweaks: Vec::new(),
                        op: BipOp::Decode { kind, bytes: h },
                    },
                )?;
            }
        }
    }
    Ok(())
}

/// `decode_wire` seeds: every wire type (the suite selector picks the
/// suite of the type's group), as wire bytes and JSON, unchanged and with
/// a flipped bit.
fn decode_wire(out: &Out) -> Result {
    for kind in 0..WIRE_TYPES {
        let suites = if kind < GENERIC_TYPES { 5 } else { 2 };
        for suite in 0..suites {
            for json in [false, true] {
                for (label, message) in [
                    ("honest", Hostile::Honest),
                    ("flip", Hostile::Edit(vec![Edit::Xor { at: 9, mask: 0x80 }])),
                ] {
                    out.seed(
                        &format!(
                            "{suite}-{kind}-{}-{label}",
                            if json { "json" } else { "bin" }
                        ),
                        &DecodeInput {
                            suite,
                            kind,
                            json,
                            message,
                        },
                    )?;
                }
            }
        }
    }
    Ok(())
}

/// The changes `store_frames` seeds aim at a sample's fields, with whether
/// the checksum or length is fixed up after them.
fn aimed(what: What) -> Vec<(&'static str, bool, Hostile)> {
    let count = |at, value| Hostile::Edit(vec![Edit::Count { at, value }]);
    let xor = |at, mask| Hostile::Edit(vec![Edit::Xor { at, mask }]);
    let cut = |at| Hostile::Edit(vec![Edit::Truncate { at }]);
    match what {
        // Store header: version (8), suite (9), KDF id (10), memory (11),
        // passes (15), lanes (19), salt (23), nonce (55), password check
        // (79), ciphertext length (95), checksum (99), ciphertext (115).
        What::StoreFile => vec![
            ("version", true, xor(8, 2)),
            ("suite", true, xor(9, 1)),
            ("kdf-id", true, xor(10, 3)),
            ("memory-huge", true, count(11, u32::MAX)),
            ("memory-zero", true, count(11, 0)),
            ("passes-zero", true, count(15, 0)),
            ("passes-many", true, count(15, 65)),
            ("lanes-zero", true, count(19, 0)),
            ("lanes-many", true, count(19, 17)),
            ("salt", true, xor(23, 1)),
            ("nonce", true, xor(55, 1)),
            ("check", true, xor(79, 1)),
            ("ct-len-small", true, count(95, 0)),
            ("ct-len-huge", true, count(95, u32::MAX)),
            ("ct-len-off", true, count(95, 17)),
            ("checksum", false, xor(100, 1)),
            ("ciphertext", true, xor(200, 1)),
            ("header-only", true, cut(115)),
        ],
        // Keychain: header (0..3), name length (3), name, key length.
        What::Keychain | What::KeychainV1 => vec![
            ("version", false, xor(0, 3)),
            ("name-len", false, count(3, 0xffff_ffff)),
            ("name-utf8", false, xor(7, 0x80)),
            ("key-len", false, count(13, 0)),
            ("end", false, xor(u16::MAX, 1)),
        ],
        // Frame: kind (4), round (37), sender (39), recipient (71), body
        // length (103), body (107); a private body's first chunk length
        // (107); a chunked body's second chunk at 107 + 4 + 60_048.
        What::Broadcast | What::Private | What::PrivateChunked | What::RequestFrame => vec![
            ("kind", false, xor(4, 3)),
            ("round", false, xor(38, 1)),
            ("sender", false, xor(40, 1)),
            ("recipient", false, xor(72, 1)),
            ("length", false, count(103, 0)),
            ("chunk-len", false, count(107, 0x0001_0000)),
            ("cut-body", true, cut(150)),
            ("cut-signature", true, cut(u16::MAX)),
            ("second-chunk", true, cut(60_159)),
            (
                "append",
                true,
                Hostile::Edit(vec![Edit::Append(Bytes(vec![0, 0, 0, 0]))]),
            ),
        ],
        What::Authorized | What::SignRequest => vec![
            ("version", false, xor(0, 3)),
            ("len", false, count(3, 0xffff)),
            ("count", false, count(36, 0xffff)),
        ],
        What::PublicIdentity => vec![
            (
                "small-order",
                false,
                Hostile::Raw(Bytes([[1u8].as_slice(), &[0; 63]].concat())),
            ),
            ("hex", false, Hostile::Raw(Bytes(b"00".repeat(64)))),
        ],
        What::IdentityFile => vec![("magic", false, xor(7, 2)), ("short", false, cut(39))],
    }
}

/// `store_frames` seeds.
fn store_frames_seeds(out: &Out) -> Result {
    for what in WHATS {
        let suites = if store_frames::per_suite(what) {
            0..5
        } else {
            0..1
        };
        let selector = store_frames::what_selector(what);
        let mut changes: Vec<(String, bool, Hostile)> = hostile_samples()
            .into_iter()
            .map(|(label, h)| (label.to_string(), false, h))
            .collect();
        changes.extend(
            aimed(what)
                .into_iter()
                .map(|(label, fix, h)| (label.to_string(), fix, h)),
        );
        for suite in suites {
            for (label, fix, message) in &changes {
                out.seed(
                    &format!("{what:?}-{suite}-{label}"),
                    &StoreFramesInput {
                        suite,
                        what: selector,
                        fix: *fix,
                        message: message.clone(),
                    },
                )?;
            }
        }
    }
    Ok(())
}

struct Outs {
    frost: Out,
    dkg: Out,
    lifecycle: Out,
    bip445: Out,
    ecdsa: Out,
}

/// `decode_point_scalar` and `sign_verify` seeds for suite `S`.
fn values<S: Suite>(value_out: &Out, sign_out: &Out) -> Result {
    let mut rng = ChaCha20Rng::from_seed([S::ID; 32]);
    let ids: Vec<Identifier<S>> = (1..=2).filter_map(Identifier::new).collect();
    let dealt = dealer::keygen::<S, _>(2, &ids, &mut rng)?;
    let public = dealt.public.clone();
    let keys = dealt.key_packages.clone();
    let (Some(k1), Some(k2)) = (keys.first(), keys.get(1)) else {
        return Err("dealer gave fewer than two keys".into());
    };
    let (n1, c1) = round1::commit(k1, &mut rng);
    let (n2, c2) = round1::commit(k2, &mut rng);
    let commitments = [(k1.id(), c1), (k2.id(), c2)].into_iter().collect();
    let package = SigningPackage::new(public.epoch(), commitments, b"fuzz seed message");
    let z1 = round2::sign(&package, n1, k1)?;
    let z2 = round2::sign(&package, n2, k2)?;
    let shares = [(k1.id(), z1), (k2.id(), z2)].into_iter().collect();
    let signature = aggregate(&package, &shares, &public)?;

    let suite = suite_selector::<S>();
    let scalar: Scalar<S> = *SecretScalar::<S>::random(&mut rng).expose();
    let values: [(&str, Vec<u8>); 4] = [
        ("point", public.group_key().to_bytes().as_ref().to_vec()),
        ("scalar", scalar.to_repr().as_ref().to_vec()),
        (
            "identifier",
            Identifier::<S>::derive(b"seed")?
                .to_bytes()
                .as_ref()
                .to_vec(),
        ),
        ("signature", signature.to_standard_bytes()),
    ];
    for (name, bytes) in values {
        value_out.write(
            &format!("{}-{name}", S::NAME),
            &[&[suite][..], &bytes].concat(),
        )?;
    }

    // sign_verify: a plain 2-of-2 run, and a 3-of-5 run with derived
    // identifiers, a corrupted share and two bit flips.
    let plain = [&[suite, 0b0000_0000][..], &[7; 32], &[0xff; 4], b"message"].concat();
    sign_out.write(&format!("{}-plain", S::NAME), &plain)?;
    let busy = [
        &[suite, 0b1101_1001][..],
        &[S::ID; 32],
        &[0x00, 0x11, 0x02, 0x05],
        b"another message",
    ]
    .concat();
    sign_out.write(&format!("{}-flips", S::NAME), &busy)?;
    Ok(())
}

fn main() -> Result {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    decode_wire(&Out::new(&root, "decode_wire")?)?;
    store_frames_seeds(&Out::new(&root, "store_frames")?)?;
    let value_out = Out::new(&root, "decode_point_scalar")?;
    let sign_out = Out::new(&root, "sign_verify")?;
    values::<Ed25519>(&value_out, &sign_out)?;
    values::<Ristretto255>(&value_out, &sign_out)?;
    values::<Secp256k1>(&value_out, &sign_out)?;
    values::<P256>(&value_out, &sign_out)?;
    values::<Secp256k1Tr>(&value_out, &sign_out)?;
    let outs = Outs {
        frost: Out::new(&root, "frost")?,
        dkg: Out::new(&root, "dkg")?,
        lifecycle: Out::new(&root, "lifecycle")?,
        bip445: Out::new(&root, "bip445")?,
        ecdsa: Out::new(&root, "ecdsa")?,
    };
    for suite in 0..tessera_fuzz::SUITES {
        structured(&outs, suite)?;
    }
    println!("seeds written under {}", root.display());
    Ok(())
}
