//! A state-machine property test of the key lifecycle: random histories of
//! sign, lose-and-repair, refresh, revoke, enrol, reshare up and down, and
//! reconstruct, on random suites, with malicious parties mixed in (a reshare
//! dealer sending a bad sub-share, a repair helper tampering with its sum, a
//! signer sending a bad share: each must be named, and the key survives).
//! After every step: the group key never changes, any `t` current shares
//! sign, and no retired share helps.
//!
//! CI runs 256 histories; `TESSERA_SOAK_CASES=10000 cargo test -p
//! tessera-keys --test state_machine` (or `just soak`) is the long run.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::collections::BTreeMap;

use common::*;
use ff::{Field, PrimeField};
use proptest::prelude::*;
use rand::Rng;
use rand_chacha::ChaCha20Rng;
use tessera_core::encoding::{Wire, decode_scalar};
use tessera_core::suites::{Ed25519, P256, Ristretto255, Secp256k1, Secp256k1Tr};
use tessera_core::{Identifier, Point, Scalar, Suite};
use tessera_frost::{KeyPackage, PublicKeyPackage, SigningPackage, aggregate, round1, round2};
use tessera_keys::reconstruct::reconstruct;
use tessera_keys::repair::{self, RepairConfig};
use tessera_keys::reshare::{self, ReshareConfig};
use tessera_keys::{Error, dealer};

#[derive(Clone, Copy, Debug)]
enum Op {
    Sign,
    LoseAndRepair,
    Refresh,
    Revoke,
    Enrol,
    ReshareUp,
    ReshareDown,
    Reconstruct,
    CheatReshare,
    CheatRepair,
    CheatSign,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        Just(Op::Sign),
        Just(Op::LoseAndRepair),
        Just(Op::Refresh),
        Just(Op::Revoke),
        Just(Op::Enrol),
        Just(Op::ReshareUp),
        Just(Op::ReshareDown),
        Just(Op::Reconstruct),
        Just(Op::CheatReshare),
        Just(Op::CheatRepair),
        Just(Op::CheatSign),
    ]
}

struct Wallet<S: Suite> {
    keys: BTreeMap<Identifier<S>, KeyPackage<S>>,
    public: PublicKeyPackage<S>,
    group_key: Point<S>,
    retired: Vec<KeyPackage<S>>,
    next_id: u16,
    rng: ChaCha20Rng,
}

impl<S: Suite> Wallet<S> {
    fn new(seed: u64) -> Self {
        let mut rng = rng(seed);
        let ids: Vec<_> = (1..=3).map(|i| Identifier::new(i).unwrap()).collect();
        let out = dealer::keygen(2, &ids, &mut rng).unwrap();
        let group_key = out.public.group_key();
        let keys = out.key_packages.into_iter().map(|k| (k.id(), k)).collect();
        Self {
            keys,
            public: out.public,
            group_key,
            retired: Vec::new(),
            next_id: 4,
            rng,
        }
    }

    fn t(&self) -> usize {
        usize::from(self.public.threshold())
    }

    /// `count` distinct current holders, at random.
    fn some(&mut self, count: usize) -> Vec<Identifier<S>> {
        let mut ids: Vec<_> = self.keys.keys().copied().collect();
        for i in (1..ids.len()).rev() {
            let j = (self.rng.next_u64() % (i as u64 + 1)) as usize;
            ids.swap(i, j);
        }
        ids.truncate(count);
        ids.sort();
        ids
    }

    fn fresh_id(&mut self) -> Identifier<S> {
        self.next_id += 1;
        Identifier::new(self.next_id).unwrap()
    }

    /// Reshares from `t` random dealers to `members` with threshold `t_new`;
    /// every old share is retired.
    fn reshare(&mut self, members: &[Identifier<S>], t_new: u16) {
        let dealers = self.some(self.t());
        let config = ReshareConfig::new(self.public.clone(), &dealers, members, t_new).unwrap();
        let (keys, public) = run_reshare(&config, &self.keys, &mut self.rng);
        self.retired
            .extend(std::mem::take(&mut self.keys).into_values());
        self.keys = keys;
        self.public = public;
    }

    fn apply(&mut self, op: Op) {
        let t = self.t();
        let n = self.keys.len();
        match op {
            Op::Sign => {
                let chosen = self.some(t);
                let keys: Vec<_> = chosen.iter().map(|id| &self.keys[id]).collect();
                sign(&keys, &self.public, b"history", &mut self.rng)
                    .verify(&self.group_key, b"history")
                    .unwrap();
            }
            Op::LoseAndRepair => {
                let lost = self.some(1)[0];
                let original = self.keys.remove(&lost).unwrap();
                let helpers = self.some(t);
                if helpers.len() < t {
                    // Fewer than t holders remain: the share cannot be repaired.
                    assert!(RepairConfig::new(self.public.clone(), &helpers, lost).is_err());
                    self.keys.insert(lost, original);
                    return;
                }
                let config = RepairConfig::new(self.public.clone(), &helpers, lost).unwrap();
                let (repaired, public) = run_repair(&config, &self.keys, &mut self.rng);
                assert_eq!(repaired, original);
                assert_eq!(public, self.public);
                self.keys.insert(lost, repaired);
            }
            Op::Refresh => {
                let members: Vec<_> = self.keys.keys().copied().collect();
                self.reshare(&members, self.public.threshold());
            }
            Op::Revoke if n > t => {
                let keep = self.some(n - 1);
                self.reshare(&keep, self.public.threshold());
            }
            Op::Enrol if n < 7 => {
                let new = self.fresh_id();
                let helpers = self.some(t);
                let config = RepairConfig::new(self.public.clone(), &helpers, new).unwrap();
                let (key, public) = run_repair(&config, &self.keys, &mut self.rng);
                assert_eq!(public.epoch(), self.public.epoch());
                self.public = public;
                self.keys.insert(new, key);
            }
            Op::ReshareUp if n < 7 => {
                let mut members: Vec<_> = self.keys.keys().copied().collect();
                members.push(self.fresh_id());
                self.reshare(&members, u16::try_from(t + 1).unwrap());
            }
            Op::ReshareDown if t > 2 => {
                let members = self.some(n - 1);
                self.reshare(&members, u16::try_from(t - 1).unwrap());
            }
            Op::Reconstruct => {
                let chosen = self.some(t);
                let keys: Vec<_> = chosen.iter().map(|id| self.keys[id].clone()).collect();
                let secret = reconstruct(&self.public, &keys).unwrap();
                assert_eq!(S::mul_base(secret.expose()), self.group_key);
            }
            Op::CheatReshare => self.cheat_reshare(),
            Op::CheatRepair if n > t => self.cheat_repair(),
            Op::CheatSign => self.cheat_sign(),
            _ => {}
        }
    }

    /// A refresh in which one dealer sends one member a bad sub-share: the
    /// member names the dealer, and the refresh is abandoned (the current
    /// shares stay in use).
    fn cheat_reshare(&mut self) {
        let dealers = self.some(self.t());
        let members: Vec<_> = self.keys.keys().copied().collect();
        let config = ReshareConfig::new(
            self.public.clone(),
            &dealers,
            &members,
            self.public.threshold(),
        )
        .unwrap();
        let mut commitments = BTreeMap::new();
        let mut sent = BTreeMap::new();
        for d in &dealers {
            let (c, out) = reshare::deal(&config, &self.keys[d], &mut self.rng).unwrap();
            commitments.insert(*d, c);
            sent.insert(*d, out);
        }
        let cheat = dealers[self.pick(dealers.len())];
        let victim = members[self.pick(members.len())];
        let mut inbox: BTreeMap<_, _> = sent
            .iter()
            .map(|(from, out)| (*from, out[&victim].clone()))
            .collect();
        inbox.insert(cheat, plus_one(&inbox[&cheat]));
        let err =
            reshare::receive(&config, victim, &commitments, &inbox, &mut self.rng).unwrap_err();
        assert_eq!(
            err,
            Error::Misbehaviour {
                invalid_commitments: vec![],
                invalid_shares: vec![cheat]
            }
        );
    }

    /// A repair in which one helper sends the target a wrong sum: the target
    /// names the helper, and the repair is abandoned.
    fn cheat_repair(&mut self) {
        let target = self.some(1)[0];
        let mut helpers: Vec<_> = self.some(self.t() + 1);
        helpers.retain(|id| *id != target);
        helpers.truncate(self.t());
        let config = RepairConfig::new(self.public.clone(), &helpers, target).unwrap();
        let mut commitments = BTreeMap::new();
        let mut deltas = BTreeMap::new();
        for h in &helpers {
            let (c, d) = repair::step1(&config, &self.keys[h], &mut self.rng).unwrap();
            commitments.insert(*h, c);
            deltas.insert(*h, d);
        }
        let mut sigmas = BTreeMap::new();
        for h in &helpers {
            let inbox = deltas.iter().map(|(f, d)| (*f, d[h].clone())).collect();
            let sigma =
                repair::step2(&config, &self.keys[h], &commitments, &inbox, &mut self.rng).unwrap();
            sigmas.insert(*h, sigma);
        }
        let cheat = helpers[self.pick(helpers.len())];
        sigmas.insert(cheat, plus_one(&sigmas[&cheat]));
        let err = repair::step3(&config, &commitments, &sigmas, &mut self.rng).unwrap_err();
        assert_eq!(
            err,
            Error::Misbehaviour {
                invalid_commitments: vec![],
                invalid_shares: vec![cheat]
            }
        );
    }

    /// A signing session in which one signer sends a wrong share: the
    /// aggregator names it and no signature forms.
    fn cheat_sign(&mut self) {
        let signers = self.some(self.t());
        let mut nonces = BTreeMap::new();
        let mut commitments = BTreeMap::new();
        for id in &signers {
            let (n, c) = round1::commit(&self.keys[id], &mut self.rng);
            nonces.insert(*id, n);
            commitments.insert(*id, c);
        }
        let package = SigningPackage::new(self.public.epoch(), commitments, b"cheat");
        let mut shares = BTreeMap::new();
        for id in &signers {
            let share = round2::sign(&package, nonces.remove(id).unwrap(), &self.keys[id]).unwrap();
            shares.insert(*id, share);
        }
        let cheat = signers[self.pick(signers.len())];
        shares.insert(cheat, plus_one(&shares[&cheat]));
        assert_eq!(
            aggregate(&package, &shares, &self.public).unwrap_err(),
            tessera_frost::Error::InvalidSignatureShare {
                culprits: vec![cheat]
            }
        );
    }

    fn pick(&mut self, len: usize) -> usize {
        (self.rng.next_u64() % len as u64) as usize
    }

    /// The invariants that hold after every step.
    fn check(&mut self) {
        assert_eq!(self.public.group_key(), self.group_key);
        assert!(self.keys.len() >= self.t());
        assert!(self.keys.values().all(|k| k.epoch() == self.public.epoch()));
        // Any t current shares sign.
        let chosen = self.some(self.t());
        let keys: Vec<_> = chosen.iter().map(|id| &self.keys[id]).collect();
        sign(&keys, &self.public, b"invariant", &mut self.rng)
            .verify(&self.group_key, b"invariant")
            .unwrap();
        // No retired share helps: t - 1 current shares plus a retired one.
        let Some(old) = self.retired.last().cloned() else {
            return;
        };
        let mut helpers = self.some(self.t());
        helpers.retain(|id| *id != old.id());
        helpers.truncate(self.t() - 1);
        let mut keys: Vec<KeyPackage<S>> = helpers.iter().map(|id| self.keys[id].clone()).collect();
        // As it is, the epoch check refuses it.
        keys.push(old.clone());
        assert!(reconstruct(&self.public, &keys).is_err());
        // With the current commitment (epoch) written in, decoding refuses
        // it and names its holder: the share is off that commitment.
        assert_eq!(
            forge_epoch(&old, &self.public).unwrap_err().culprits(),
            vec![old.id()]
        );
    }
}

/// Adds one to the scalar that ends a message's encoding.
fn plus_one<S: Suite, T: Wire<S>>(value: &T) -> T {
    let mut bytes = value.to_bytes();
    let at = bytes.len() - S::SCALAR_LEN;
    let v = decode_scalar::<S>(&bytes[at..]).unwrap() + Scalar::<S>::ONE;
    bytes[at..].copy_from_slice(v.to_repr().as_ref());
    T::from_bytes(&bytes).unwrap()
}

/// Histories to run: `TESSERA_SOAK_CASES`, else 256.
fn soak_cases() -> u32 {
    std::env::var("TESSERA_SOAK_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

fn run_history<S: Suite>(ops: &[Op], seed: u64) {
    let mut wallet = Wallet::<S>::new(seed);
    wallet.check();
    for op in ops {
        wallet.apply(*op);
        wallet.check();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: soak_cases(), failure_persistence: None, ..ProptestConfig::default() })]
    #[test]
    fn random_histories(suite in 0u8..5, ops in proptest::collection::vec(op(), 1..8), seed in any::<u64>()) {
        match suite {
            0 => run_history::<Ed25519>(&ops, seed),
            1 => run_history::<Ristretto255>(&ops, seed),
            2 => run_history::<Secp256k1>(&ops, seed),
            3 => run_history::<P256>(&ops, seed),
            _ => run_history::<Secp256k1Tr>(&ops, seed),
        }
    }
}
