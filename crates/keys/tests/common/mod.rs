//! Helpers shared by the key tests: running a whole DKG in memory and
//! signing with any subset.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;

use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use tessera_core::{Identifier, Point, Suite};
use tessera_frost::{
    KeyPackage, PublicKeyPackage, Signature, SigningPackage, aggregate, round1, round2,
};
use tessera_keys::dkg::{self, Round1Package, Round2Package};

pub fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

/// Everyone's round-1 output, round-2 output and the messages in flight.
pub struct Transcript<S: Suite> {
    pub ids: Vec<Identifier<S>>,
    pub secrets2: BTreeMap<Identifier<S>, dkg::Round2Secret<S>>,
    pub round1: BTreeMap<Identifier<S>, Round1Package<S>>,
    /// `sent[from][to]`
    pub sent: BTreeMap<Identifier<S>, BTreeMap<Identifier<S>, Round2Package<S>>>,
}

/// Everyone's round-1 secret state and broadcast.
pub type Round1All<S> = (
    BTreeMap<Identifier<S>, dkg::Round1Secret<S>>,
    BTreeMap<Identifier<S>, Round1Package<S>>,
);

/// Runs round 1 for everyone, honestly.
pub fn part1_all<S: Suite>(t: u16, ids: &[Identifier<S>], rng: &mut ChaCha20Rng) -> Round1All<S> {
    let mut secrets1 = BTreeMap::new();
    let mut round1 = BTreeMap::new();
    for id in ids {
        let (s, p) = dkg::part1(*id, t, ids, rng).unwrap();
        secrets1.insert(*id, s);
        round1.insert(*id, p);
    }
    (secrets1, round1)
}

/// Runs rounds 1 and 2 for everyone, honestly.
pub fn rounds<S: Suite>(t: u16, ids: &[Identifier<S>], rng: &mut ChaCha20Rng) -> Transcript<S> {
    let (secrets1, round1) = part1_all(t, ids, rng);
    round2_all(ids, secrets1, round1)
}

/// Round 2 for everyone, given what each saw in round 1 (the same for all).
pub fn round2_all<S: Suite>(
    ids: &[Identifier<S>],
    secrets1: BTreeMap<Identifier<S>, dkg::Round1Secret<S>>,
    round1: BTreeMap<Identifier<S>, Round1Package<S>>,
) -> Transcript<S> {
    let mut secrets2 = BTreeMap::new();
    let mut sent = BTreeMap::new();
    for (id, s) in secrets1 {
        let (s2, out) = dkg::part2(s, &others(&round1, &id)).unwrap();
        secrets2.insert(id, s2);
        sent.insert(id, out);
    }
    Transcript {
        ids: ids.to_vec(),
        secrets2,
        round1,
        sent,
    }
}

/// `map` without `me`.
pub fn others<S: Suite, T: Clone>(
    map: &BTreeMap<Identifier<S>, T>,
    me: &Identifier<S>,
) -> BTreeMap<Identifier<S>, T> {
    map.iter()
        .filter(|(id, _)| *id != me)
        .map(|(id, v)| (*id, v.clone()))
        .collect()
}

/// What `me` received in round 2.
pub fn inbox<S: Suite>(
    t: &Transcript<S>,
    me: &Identifier<S>,
) -> BTreeMap<Identifier<S>, Round2Package<S>> {
    t.sent
        .iter()
        .filter(|(from, _)| *from != me)
        .map(|(from, out)| (*from, out[me].clone()))
        .collect()
}

/// Signs `message` with the given key packages (rounds 1, 2, aggregate),
/// returning the first error of any signer or of the aggregator.
pub fn try_sign<S: Suite>(
    keys: &[&KeyPackage<S>],
    public: &PublicKeyPackage<S>,
    message: &[u8],
    rng: &mut ChaCha20Rng,
) -> Result<Signature<S>, tessera_frost::Error<S>> {
    let mut nonces = BTreeMap::new();
    let mut commitments = BTreeMap::new();
    for k in keys {
        let (n, c) = round1::commit(k, rng);
        nonces.insert(k.id(), n);
        commitments.insert(k.id(), c);
    }
    let package = SigningPackage::new(public.epoch(), commitments, message);
    let mut shares = BTreeMap::new();
    for k in keys {
        shares.insert(
            k.id(),
            round2::sign(&package, nonces.remove(&k.id()).unwrap(), k)?,
        );
    }
    aggregate(&package, &shares, public)
}

/// [`try_sign`] for honest signers.
pub fn sign<S: Suite>(
    keys: &[&KeyPackage<S>],
    public: &PublicKeyPackage<S>,
    message: &[u8],
    rng: &mut ChaCha20Rng,
) -> Signature<S> {
    try_sign(keys, public, message, rng).unwrap()
}

/// Writes `public`'s commitment (whose digest is the epoch) into a key
/// package's encoding, as an attacker who kept an old share would; the
/// decoder refuses it, the share being off that commitment.
pub fn forge_epoch<S: Suite>(
    key: &KeyPackage<S>,
    public: &PublicKeyPackage<S>,
) -> Result<KeyPackage<S>, tessera_core::Error<S>> {
    use tessera_core::encoding::Wire;
    let bytes = key.to_bytes();
    // Identifier, then the commitment (whose digest is the epoch), then
    // the signing share.
    let at = 3 + S::SCALAR_LEN;
    let mut forged = bytes[..at].to_vec();
    forged.extend_from_slice(&public.commitment().to_bytes()[3..]);
    forged.extend_from_slice(&bytes[bytes.len() - S::SCALAR_LEN..]);
    KeyPackage::<S>::from_bytes(&forged)
}

/// Signs with `t` key packages chosen by `seed` and checks the signature.
pub fn sign_with_some<S: Suite>(
    keys: &[&KeyPackage<S>],
    public: &PublicKeyPackage<S>,
    t: usize,
    seed: u64,
) -> Signature<S> {
    let mut rng = rng(seed);
    let mut chosen: Vec<&KeyPackage<S>> = keys.to_vec();
    for i in (1..chosen.len()).rev() {
        let j = usize::try_from(rand::Rng::next_u64(&mut rng) % (i as u64 + 1)).unwrap();
        chosen.swap(i, j);
    }
    chosen.truncate(t);
    let signature = sign(&chosen, public, b"signed by some", &mut rng);
    signature
        .verify(&public.group_key(), b"signed by some")
        .unwrap();
    signature
}

pub fn group_key<S: Suite>(public: &PublicKeyPackage<S>) -> Point<S> {
    public.group_key()
}

use tessera_keys::repair::RepairConfig;
use tessera_keys::reshare::ReshareConfig;

/// Runs a whole honest reshare (all members must agree on the result).
pub fn run_reshare<S: Suite>(
    config: &ReshareConfig<S>,
    keys: &BTreeMap<Identifier<S>, KeyPackage<S>>,
    rng: &mut ChaCha20Rng,
) -> (BTreeMap<Identifier<S>, KeyPackage<S>>, PublicKeyPackage<S>) {
    tessera_keys::local::run_reshare(config, keys, rng).unwrap()
}

/// Runs a whole honest repair of `config.target()`.
pub fn run_repair<S: Suite>(
    config: &RepairConfig<S>,
    keys: &BTreeMap<Identifier<S>, KeyPackage<S>>,
    rng: &mut ChaCha20Rng,
) -> (KeyPackage<S>, PublicKeyPackage<S>) {
    tessera_keys::local::run_repair(config, keys, rng).unwrap()
}

/// Every `t`-subset of `keys` signs, and each signature verifies under
/// `public`'s group key.
pub fn every_subset_signs<S: Suite>(
    keys: &BTreeMap<Identifier<S>, KeyPackage<S>>,
    public: &PublicKeyPackage<S>,
    rng: &mut ChaCha20Rng,
) {
    let all: Vec<&KeyPackage<S>> = keys.values().collect();
    let t = usize::from(public.threshold());
    let n = all.len();
    let mut count = 0;
    for mask in 0u32..(1 << n) {
        if mask.count_ones() as usize != t {
            continue;
        }
        let subset: Vec<&KeyPackage<S>> = (0..n)
            .filter(|i| mask & (1 << i) != 0)
            .map(|i| all[i])
            .collect();
        let signature = sign(&subset, public, b"every subset", rng);
        signature
            .verify(&public.group_key(), b"every subset")
            .unwrap();
        count += 1;
    }
    assert!(count > 0);
}

/// Identifiers derived from names, as the wallet flows use them.
pub fn named<S: Suite>(name: &str) -> Identifier<S> {
    Identifier::derive(name.as_bytes()).unwrap()
}
