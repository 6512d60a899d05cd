//! Every wire type of tessera, by index, with a valid sample of each made
//! from a fixed seed: the 15 generic ones (core, FROST, key lifecycle) in
//! every suite, the 6 of BIP 445 in the secp256k1 suites and the 6 of
//! threshold ECDSA in secp256k1 and P-256.
//!
//! New wire types go at the end of their group's list (and the groups stay
//! in this order), so that existing corpus entries keep their meaning.

use core::fmt::Debug;
use std::collections::BTreeMap;
use std::rc::Rc;

use serde::Serialize;
use serde::de::DeserializeOwned;
use tessera_bitcoin::{
    AggNonce, AggOtherNonce, K256Suite, NonceInputs, PartialSignature, PubNonce, SessionContext,
    SignersContext, SigningRequest, nonce_agg, nonce_gen, sign_with_key,
};
use tessera_core::encoding::Wire;
use tessera_core::{SecretShare, Suite, VssCommitment};
use tessera_ecdsa::sign::{Round1Message, Round2Message};
use tessera_ecdsa::{EcdsaSuite, PairSetup, SetupMessage, SigningSession};
use tessera_frost::{
    KeyPackage, PublicKeyPackage, Signature, SignatureShare, SigningCommitments, SigningPackage,
    aggregate, round1, round2,
};
use tessera_keys::dkg::{self, Round1Package, Round2Package};
use tessera_keys::repair::{self, RepairCommitments, RepairConfig, RepairDelta, RepairSigma};
use tessera_keys::reshare::{self, ReshareCommitment, ReshareConfig, ReshareShare};

use crate::cast::{cached, dealt, id, rng};
use crate::{with_ecdsa_suite, with_k256_suite, with_suite};

/// What every fuzzed wire type offers.
pub trait FuzzWire<S: Suite>: Wire<S> + PartialEq + Debug + Serialize + DeserializeOwned {}
impl<S: Suite, T: Wire<S> + PartialEq + Debug + Serialize + DeserializeOwned> FuzzWire<S> for T {}

/// A generic operation over one wire type, run by [`with_wire_type`].
pub trait WireVisitor {
    /// Runs on wire type `T` of suite `S`, named `name`, with a valid
    /// encoding `sample` of it and `others`, the samples of every wire type
    /// of the suite.
    fn visit<S: Suite, T: FuzzWire<S>>(
        &mut self,
        name: &'static str,
        sample: &[u8],
        others: &[Vec<u8>],
    );
}

/// Number of generic wire types.
pub const GENERIC_TYPES: u8 = 15;
/// Number of BIP 445 wire types.
pub const BITCOIN_TYPES: u8 = 6;
/// Number of threshold ECDSA wire types.
pub const ECDSA_TYPES: u8 = 6;
/// Number of wire types; a type index is taken modulo this.
pub const WIRE_TYPES: u8 = GENERIC_TYPES + BITCOIN_TYPES + ECDSA_TYPES;

/// Runs `visitor` on wire type `index` (modulo [`WIRE_TYPES`]) in the
/// suite `suite` picks: any of the five for the generic types
/// ([`with_suite!`]), secp256k1 or secp256k1-tr for BIP 445
/// ([`with_k256_suite!`]), secp256k1 or P-256 for ECDSA
/// ([`with_ecdsa_suite!`]).
pub fn with_wire_type(suite: u8, index: u8, visitor: &mut impl WireVisitor) {
    let index = index % WIRE_TYPES;
    if index < GENERIC_TYPES {
        with_suite!(suite, generic(index, visitor));
    } else if index < GENERIC_TYPES + BITCOIN_TYPES {
        with_k256_suite!(suite, bitcoin(index - GENERIC_TYPES, visitor));
    } else {
        with_ecdsa_suite!(suite, ecdsa(index - GENERIC_TYPES - BITCOIN_TYPES, visitor));
    }
}

fn sample(samples: &[Vec<u8>], i: u8) -> &[u8] {
    samples.get(usize::from(i)).map_or(&[], Vec::as_slice)
}

fn generic<S: Suite>(index: u8, v: &mut impl WireVisitor) {
    let all = generic_samples::<S>();
    let s = sample(&all, index);
    match index {
        0 => v.visit::<S, SecretShare<S>>("SecretShare", s, &all),
        1 => v.visit::<S, VssCommitment<S>>("VssCommitment", s, &all),
        2 => v.visit::<S, SigningCommitments<S>>("SigningCommitments", s, &all),
        3 => v.visit::<S, SigningPackage<S>>("SigningPackage", s, &all),
        4 => v.visit::<S, SignatureShare<S>>("SignatureShare", s, &all),
        5 => v.visit::<S, Signature<S>>("Signature", s, &all),
        6 => v.visit::<S, KeyPackage<S>>("KeyPackage", s, &all),
        7 => v.visit::<S, PublicKeyPackage<S>>("PublicKeyPackage", s, &all),
        8 => v.visit::<S, Round1Package<S>>("Round1Package", s, &all),
        9 => v.visit::<S, Round2Package<S>>("Round2Package", s, &all),
        10 => v.visit::<S, ReshareCommitment<S>>("ReshareCommitment", s, &all),
        11 => v.visit::<S, ReshareShare<S>>("ReshareShare", s, &all),
        12 => v.visit::<S, RepairCommitments<S>>("RepairCommitments", s, &all),
        13 => v.visit::<S, RepairDelta<S>>("RepairDelta", s, &all),
        _ => v.visit::<S, RepairSigma<S>>("RepairSigma", s, &all),
    }
}

fn bitcoin<S: K256Suite>(index: u8, v: &mut impl WireVisitor) {
    let all = bitcoin_samples::<S>();
    let s = sample(&all, index);
    match index {
        0 => v.visit::<S, PubNonce<S>>("PubNonce", s, &all),
        1 => v.visit::<S, AggNonce<S>>("AggNonce", s, &all),
        2 => v.visit::<S, AggOtherNonce<S>>("AggOtherNonce", s, &all),
        3 => v.visit::<S, PartialSignature<S>>("PartialSignature", s, &all),
        4 => v.visit::<S, tessera_bitcoin::Signature<S>>("bip445::Signature", s, &all),
        _ => v.visit::<S, SigningRequest<S>>("SigningRequest", s, &all),
    }
}

fn ecdsa<S: EcdsaSuite>(index: u8, v: &mut impl WireVisitor) {
    let all = ecdsa_samples::<S>();
    let s = sample(&all, index);
    match index {
        0 => v.visit::<S, PairSetup<S>>("PairSetup", s, &all),
        1 => v.visit::<S, SetupMessage<S>>("SetupMessage", s, &all),
        2 => v.visit::<S, Round1Message<S>>("ecdsa::Round1Message", s, &all),
        3 => v.visit::<S, Round2Message<S>>("ecdsa::Round2Message", s, &all),
        4 => v.visit::<S, tessera_ecdsa::SignatureShare<S>>("ecdsa::SignatureShare", s, &all),
        _ => v.visit::<S, tessera_ecdsa::Signature<S>>("ecdsa::Signature", s, &all),
    }
}

/// The index of the wire type whose kind is `kind` in suite `S`, if it is
/// fuzzed (for the seed generator).
pub fn wire_index<S: Suite>(kind: u8) -> Option<u8> {
    struct Kind(Option<u8>, u8);
    impl WireVisitor for Kind {
        fn visit<S: Suite, T: FuzzWire<S>>(&mut self, _: &'static str, _: &[u8], _: &[Vec<u8>]) {
            if T::KIND == self.1 {
                self.0 = Some(T::KIND);
            }
        }
    }
    let suite = crate::suite_selector::<S>();
    let pair = crate::pair_selector::<S>();
    (0..WIRE_TYPES).find(|&i| {
        let mut k = Kind(None, kind);
        let selector = if i < GENERIC_TYPES { suite } else { pair };
        let fits = i < GENERIC_TYPES
            || (i < GENERIC_TYPES + BITCOIN_TYPES && S::NAME.starts_with("secp256k1"))
            || (i >= GENERIC_TYPES + BITCOIN_TYPES && matches!(S::NAME, "secp256k1" | "p256"));
        fits && {
            with_wire_type(selector, i, &mut k);
            k.0.is_some()
        }
    })
}

fn or_die<T, E: core::fmt::Display>(what: &str, r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("fixture: {what}: {e}"))
}

/// Valid encodings of the 15 generic wire types, in table order, from a
/// 2-of-3 dealt key, a signing run, a DKG, a refresh and a repair.
pub fn generic_samples<S: Suite>() -> Rc<Vec<Vec<u8>>> {
    cached::<S, _>("generic samples", 0, || {
        let mut rng = rng(&[b"generic samples", S::NAME.as_bytes()]);
        let dealt = dealt::<S>(2, 3);
        let ids: Vec<_> = (1..=3).map(id::<S>).collect();
        let (a, b, c) = (ids[0], ids[1], ids[2]);
        let public = dealt.output.public.clone();
        let keys = &dealt.output.key_packages;
        let share = SecretShare::new(a, keys[0].signing_share().clone());

        let (n1, c1) = round1::commit(&keys[0], &mut rng);
        let (n2, c2) = round1::commit(&keys[1], &mut rng);
        let package = SigningPackage::new(
            public.epoch(),
            BTreeMap::from([(a, c1), (b, c2)]),
            b"sample",
        );
        let z1 = or_die("round 2", round2::sign(&package, n1, &keys[0]));
        let z2 = or_die("round 2", round2::sign(&package, n2, &keys[1]));
        let signature = or_die(
            "aggregate",
            aggregate(&package, &BTreeMap::from([(a, z1), (b, z2)]), &public),
        );

        let mut secrets = BTreeMap::new();
        let mut broadcasts = BTreeMap::new();
        for i in &ids {
            let (secret, package) = or_die("dkg part1", dkg::part1::<S, _>(*i, 2, &ids, &mut rng));
            secrets.insert(*i, secret);
            broadcasts.insert(*i, package);
        }
        let others: BTreeMap<_, _> = broadcasts
            .iter()
            .filter(|(i, _)| **i != a)
            .map(|(i, p)| (*i, p.clone()))
            .collect();
        let secret_a = secrets.remove(&a).unwrap_or_else(|| unreachable!());
        let (_, dkg_out) = or_die("dkg part2", dkg::part2(secret_a, &others));

        let config = or_die(
            "reshare config",
            ReshareConfig::refresh(public.clone(), &ids),
        );
        let (commitment, shares) = or_die("deal", reshare::deal(&config, &keys[0], &mut rng));

        let config = or_die(
            "repair config",
            RepairConfig::new(public.clone(), &[a, b], c),
        );
        let (ca, da) = or_die("step1", repair::step1(&config, &keys[0], &mut rng));
        let (cb, db) = or_die("step1", repair::step1(&config, &keys[1], &mut rng));
        let commitments = BTreeMap::from([(a, ca.clone()), (b, cb)]);
        let deltas = BTreeMap::from([(a, da[&a].clone()), (b, db[&a].clone())]);
        let sigma = or_die(
            "step2",
            repair::step2(&config, &keys[0], &commitments, &deltas, &mut rng),
        );

        vec![
            share.to_bytes(),
            dealt.output.commitment.to_bytes(),
            c1.to_bytes(),
            package.to_bytes(),
            z1.to_bytes(),
            signature.to_bytes(),
            keys[0].to_bytes(),
            public.to_bytes(),
            broadcasts[&a].to_bytes(),
            dkg_out[&b].to_bytes(),
            commitment.to_bytes(),
            shares[&b].to_bytes(),
            ca.to_bytes(),
            da[&b].to_bytes(),
            sigma.to_bytes(),
        ]
    })
}

/// Valid encodings of the 6 BIP 445 wire types, in table order, from a
/// BIP 445 session of signers 1 and 2 of a 2-of-3 key.
pub fn bitcoin_samples<S: K256Suite>() -> Rc<Vec<Vec<u8>>> {
    cached::<S, _>("bitcoin samples", 0, || {
        let mut rng = rng(&[b"bitcoin samples", S::NAME.as_bytes()]);
        let dealt = dealt::<S>(2, 3);
        let keys = &dealt.output.key_packages;
        let ctx = or_die(
            "signers",
            SignersContext::from_public(&dealt.output.public, &[id(1), id(2)]),
        );
        let (s1, p1) = or_die(
            "nonce",
            nonce_gen(&NonceInputs::for_key(&keys[0]), &mut rng),
        );
        let (s2, p2) = or_die(
            "nonce",
            nonce_gen(&NonceInputs::for_key(&keys[1]), &mut rng),
        );
        let agg = nonce_agg(&[p1, p2]);
        let session = or_die("session", SessionContext::new(&ctx, &agg, &[], &[7; 32]));
        let psig1 = or_die("sign", sign_with_key(s1, &keys[0], &session));
        let psig2 = or_die("sign", sign_with_key(s2, &keys[1], &session));
        let signature = or_die(
            "aggregate",
            tessera_bitcoin::aggregate(&session, &[p1, p2], &[psig1, psig2]),
        );
        let request = session
            .request()
            .unwrap_or_else(|| panic!("fixture: a session from a key package has a request"));
        let other = or_die(
            "other nonce",
            AggOtherNonce::<S>::from_bytes(&p2.to_bip_bytes()),
        );
        vec![
            p1.to_bytes(),
            agg.to_bytes(),
            other.to_bytes(),
            psig1.to_bytes(),
            Wire::<S>::to_bytes(&signature),
            request.to_bytes(),
        ]
    })
}

/// Valid encodings of the 6 threshold ECDSA wire types, in table order,
/// from the pair setup and a signing run of signers 1 and 2 of a 2-of-3
/// key.
pub fn ecdsa_samples<S: EcdsaSuite>() -> Rc<Vec<Vec<u8>>> {
    cached::<S, _>("ecdsa samples", 0, || {
        use tessera_ecdsa::{setup, sign};
        let mut rng = rng(&[b"ecdsa samples", S::NAME.as_bytes()]);
        let dealt = dealt::<S>(2, 3);
        let keys = &dealt.output.key_packages;
        let (a, b) = (id::<S>(1), id::<S>(2));
        let (round_a, to_b) = or_die("setup", setup::start(a, b, &mut rng));
        let (round_b, to_a) = or_die("setup", setup::start(b, a, &mut rng));
        let pair_a = or_die("setup", setup::finish(round_a, &to_a));
        let pair_b = or_die("setup", setup::finish(round_b, &to_b));
        let pair_bytes = pair_a.to_bytes();
        let mut setups_a = tessera_ecdsa::PairwiseSetups::new(a);
        or_die("setups", setups_a.insert(pair_a));
        let mut setups_b = tessera_ecdsa::PairwiseSetups::new(b);
        or_die("setups", setups_b.insert(pair_b));
        let session = or_die(
            "session",
            SigningSession::new(dealt.output.public.clone(), &[a, b], [9; 32]),
        );
        let (st_a, out_a) = or_die(
            "round1",
            sign::round1(&session, &keys[0], &setups_a, &mut rng),
        );
        let (st_b, out_b) = or_die(
            "round1",
            sign::round1(&session, &keys[1], &setups_b, &mut rng),
        );
        let r1_to_b = out_a[&b].clone();
        let (st_a, out2_a) = or_die(
            "round2",
            sign::round2(
                st_a,
                &session,
                &keys[0],
                &setups_a,
                &BTreeMap::from([(b, out_b[&a].clone())]),
                &mut rng,
            ),
        );
        let (st_b, out2_b) = or_die(
            "round2",
            sign::round2(
                st_b,
                &session,
                &keys[1],
                &setups_b,
                &BTreeMap::from([(a, r1_to_b.clone())]),
                &mut rng,
            ),
        );
        let pre_a = or_die(
            "presign",
            sign::presign(
                st_a,
                &session,
                &setups_a,
                &BTreeMap::from([(b, out2_b[&a].clone())]),
            ),
        );
        let pre_b = or_die(
            "presign",
            sign::presign(
                st_b,
                &session,
                &setups_b,
                &BTreeMap::from([(a, out2_a[&b].clone())]),
            ),
        );
        let prehash = [3u8; 32];
        let share_a = pre_a.sign(&prehash);
        let share_b = pre_b.sign(&prehash);
        let signature = or_die(
            "combine",
            sign::combine(
                &session,
                &prehash,
                &BTreeMap::from([(a, share_a.clone()), (b, share_b)]),
            ),
        );
        vec![
            pair_bytes,
            to_b.to_bytes(),
            r1_to_b.to_bytes(),
            out2_a[&b].to_bytes(),
            share_a.to_bytes(),
            Wire::<S>::to_bytes(&signature),
        ]
    })
}
