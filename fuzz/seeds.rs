//! Writes the seed corpora under `fuzz/seeds/<target>/`: valid encodings of
//! every wire type, point, scalar, identifier and signature for every suite,
//! and a few `sign_verify` inputs, all from a fixed RNG seed so that the
//! output is reproducible.
//!
//! Run from `fuzz/`: `cargo run --example seeds` (it replaces the
//! directories' contents).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use ff::PrimeField;
use group::GroupEncoding;
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::SeedableRng;
use tessera_core::encoding::Wire;
use tessera_core::{Identifier, Scalar, SecretScalar, Suite};
use tessera_frost::{SigningPackage, aggregate, round1, round2};
use tessera_fuzz::{
    Ed25519, P256, Ristretto255, Secp256k1, Secp256k1Tr, suite_selector, wire_selector,
};
use tessera_keys::repair::{self, RepairConfig};
use tessera_keys::reshare::{self, ReshareConfig};
use tessera_keys::{dealer, dkg};

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
}

/// One `decode_wire` seed: suite selector, type selector, full encoding.
fn wire<S: Suite, T: Wire<S>>(out: &Out, name: &str, value: &T) -> Result {
    let selector = wire_selector::<S>(T::KIND).ok_or("wire type not fuzzed")?;
    let bytes = [&[suite_selector::<S>(), selector][..], &value.to_bytes()].concat();
    out.write(&format!("{}-{name}", S::NAME), &bytes)
}

fn seeds<S: Suite>(wire_out: &Out, value_out: &Out, sign_out: &Out) -> Result {
    let mut rng = ChaCha20Rng::from_seed([S::ID; 32]);
    let ids: Vec<Identifier<S>> = (1..=3).filter_map(Identifier::new).collect();
    let [a, b, c] = [ids[0], ids[1], ids[2]];

    // Dealer 2-of-3, and a signature by two of them.
    let dealt = dealer::keygen::<S, _>(2, &ids, &mut rng)?;
    let public = dealt.public.clone();
    let keys = dealt.key_packages.clone();
    let share = tessera_core::SecretShare::new(a, keys[0].signing_share().clone());
    wire::<S, _>(wire_out, "SecretShare", &share)?;
    wire::<S, _>(wire_out, "VssCommitment", &dealt.commitment)?;
    wire::<S, _>(wire_out, "KeyPackage", &keys[0])?;
    wire::<S, _>(wire_out, "PublicKeyPackage", &public)?;

    let (n1, c1) = round1::commit(&keys[0], &mut rng);
    let (n2, c2) = round1::commit(&keys[1], &mut rng);
    let commitments = BTreeMap::from([(a, c1), (b, c2)]);
    let package = SigningPackage::new(public.epoch(), commitments, b"fuzz seed message");
    let z1 = round2::sign(&package, n1, &keys[0])?;
    let z2 = round2::sign(&package, n2, &keys[1])?;
    let signature = aggregate(&package, &BTreeMap::from([(a, z1), (b, z2)]), &public)?;
    wire::<S, _>(wire_out, "SigningCommitments", &c1)?;
    wire::<S, _>(wire_out, "SigningPackage", &package)?;
    wire::<S, _>(wire_out, "SignatureShare", &z1)?;
    wire::<S, _>(wire_out, "Signature", &signature)?;

    // DKG 2-of-3: participant a's round-1 and round-2 packages.
    let mut secrets = BTreeMap::new();
    let mut round1 = BTreeMap::new();
    for id in &ids {
        let (secret, package) = dkg::part1::<S, _>(*id, 2, &ids, &mut rng)?;
        secrets.insert(*id, secret);
        round1.insert(*id, package);
    }
    let secret_a = secrets.remove(&a).ok_or("no secret")?;
    let received: BTreeMap<_, _> = round1
        .iter()
        .filter(|(id, _)| **id != a)
        .map(|(id, p)| (*id, p.clone()))
        .collect();
    let (_, round2) = dkg::part2(secret_a, &received)?;
    wire::<S, _>(wire_out, "Round1Package", &round1[&a])?;
    wire::<S, _>(wire_out, "Round2Package", &round2[&b])?;

    // Refresh by all three: a's dealing.
    let config = ReshareConfig::refresh(public.clone(), &ids)?;
    let (commitment, shares) = reshare::deal(&config, &keys[0], &mut rng)?;
    wire::<S, _>(wire_out, "ReshareCommitment", &commitment)?;
    wire::<S, _>(wire_out, "ReshareShare", &shares[&b])?;

    // Repair of c by a and b.
    let config = RepairConfig::new(public.clone(), &[a, b], c)?;
    let (ca, da) = repair::step1(&config, &keys[0], &mut rng)?;
    let (cb, db) = repair::step1(&config, &keys[1], &mut rng)?;
    let commitments = BTreeMap::from([(a, ca.clone()), (b, cb)]);
    let deltas = BTreeMap::from([(a, da[&a].clone()), (b, db[&a].clone())]);
    let sigma = repair::step2(&config, &keys[0], &commitments, &deltas, &mut rng)?;
    wire::<S, _>(wire_out, "RepairCommitments", &ca)?;
    wire::<S, _>(wire_out, "RepairDelta", &da[&b])?;
    wire::<S, _>(wire_out, "RepairSigma", &sigma)?;

    // Single values for decode_point_scalar.
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
    let wire_out = Out::new(&root, "decode_wire")?;
    let value_out = Out::new(&root, "decode_point_scalar")?;
    let sign_out = Out::new(&root, "sign_verify")?;
    seeds::<Ed25519>(&wire_out, &value_out, &sign_out)?;
    seeds::<Ristretto255>(&wire_out, &value_out, &sign_out)?;
    seeds::<Secp256k1>(&wire_out, &value_out, &sign_out)?;
    seeds::<P256>(&wire_out, &value_out, &sign_out)?;
    seeds::<Secp256k1Tr>(&wire_out, &value_out, &sign_out)?;
    println!("seeds written under {}", root.display());
    Ok(())
}
