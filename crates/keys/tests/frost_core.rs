//! Key material interoperates with frost-core 3.0 (the Zcash Foundation's
//! FROST), for the four RFC 9591 suites and (with frost-secp256k1-tr) for
//! `secp256k1-tr`, in both directions:
//!
//! * key packages made by tessera (DKG and dealer) are handed to frost-core,
//!   which signs with them on its own (its nonces, its rounds, its
//!   aggregation); the signature verifies in frost-core and in tessera;
//! * key packages made by frost-core (`generate_with_dealer` and its DKG,
//!   `part1`/`part2`/`part3` for every participant) are imported into
//!   tessera, which signs with them; the signature verifies in tessera and in
//!   frost-core;
//! * one DKG with participants of both implementations: each verifies the
//!   other's proofs of knowledge and shares, all agree on the public key
//!   package (frost-secp256k1-tr's parties on tessera's with the BIP-86
//!   Taproot tweak its DKG applies), and the keys sign in both.
//!
//! Everything crosses as bytes (signing shares, verifying shares, group key,
//! identifiers, threshold): frost-core's curve crates are a generation older
//! and it draws randomness through rand_core 0.6, so no type is shared. The
//! test bodies are written once over [`Peer`], which maps a tessera suite to
//! its frost-core ciphersuite.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::collections::BTreeMap;

use frost_core::keys::dkg as fdkg;
use frost_core::keys::{
    IdentifierList, KeyPackage as FKeyPackage, PublicKeyPackage as FPublicKeyPackage,
};
use frost_core::{
    Identifier as FIdentifier, Signature as FSignature, SigningPackage as FSigningPackage,
};
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha20Rng;
use rand_chacha_06::ChaCha20Rng as ChaCha20Rng06;
use rand_chacha_06::rand_core::SeedableRng as SeedableRng06;
use tessera_core::identifier::identifiers;
use tessera_core::suites::{Ed25519, P256, Ristretto255, Secp256k1, Secp256k1Tr};
use tessera_core::{Identifier, SecretScalar, Suite};
use tessera_frost::{KeyPackage, PublicKeyPackage, Signature};
use tessera_keys::dkg::{self, Round2Package};
use tessera_keys::{dealer, local};
use tessera_peer::{
    FKeys, Keys, Peer, fid, from_frost, frost_round1, frost_round2, tessera_round1, tessera_round2,
    tid, to_frost, without,
};

/// Messages in flight, `sent[from][to]`.
type Sent<S, T> = BTreeMap<Identifier<S>, BTreeMap<Identifier<S>, T>>;

/// A random signer set of `t..=n` of `ids`, sorted.
fn signer_set<S: Suite>(
    ids: &[Identifier<S>],
    t: u16,
    rng: &mut ChaCha20Rng,
) -> Vec<Identifier<S>> {
    let mut signers = ids.to_vec();
    signers.shuffle(rng);
    signers.truncate(usize::from(
        rng.random_range(t..=u16::try_from(ids.len()).unwrap()),
    ));
    signers.sort();
    signers
}

/// frost-core signs on its own: its round-1 nonces (from a rand_core 0.6
/// ChaCha), its round two and its aggregation.
fn frost_sign<S: Peer>(
    f_keys: &FKeys<S>,
    f_public: &FPublicKeyPackage<S::C>,
    signers: &[Identifier<S>],
    message: &[u8],
    rng: &mut ChaCha20Rng06,
) -> FSignature<S::C> {
    let mut nonces = BTreeMap::new();
    let mut commitments = BTreeMap::new();
    for id in signers {
        let key = &f_keys[&fid(id)];
        let (n, c) = frost_core::round1::commit(key.signing_share(), rng);
        nonces.insert(fid(id), n);
        commitments.insert(fid(id), c);
    }
    let package = FSigningPackage::<S::C>::new(commitments, message);
    let shares = nonces
        .iter()
        .map(|(id, n)| {
            (
                *id,
                frost_core::round2::sign(&package, n, &f_keys[id]).unwrap(),
            )
        })
        .collect();
    frost_core::aggregate(&package, &shares, f_public).unwrap()
}

/// Both sides accept `bytes` on `message` under the group key, and neither
/// accepts it on another message.
fn verify_both<S: Peer>(
    public: &PublicKeyPackage<S>,
    f_public: &FPublicKeyPackage<S::C>,
    bytes: &[u8],
    message: &[u8],
    context: &str,
) {
    let ours = Signature::<S>::from_standard_bytes(bytes).unwrap();
    ours.verify(&public.group_key(), message)
        .unwrap_or_else(|e| panic!("{context}: tessera rejects: {e:?}"));
    assert!(
        ours.verify(&public.group_key(), b"another message")
            .is_err(),
        "{context}"
    );
    let theirs = FSignature::<S::C>::deserialize(bytes).unwrap();
    f_public
        .verifying_key()
        .verify(message, &theirs)
        .unwrap_or_else(|e| panic!("{context}: frost-core rejects: {e:?}"));
    assert!(
        f_public
            .verifying_key()
            .verify(b"another message", &theirs)
            .is_err(),
        "{context}"
    );
}

/// tessera's key material, converted, signs in frost-core.
fn tessera_keys_sign_in_frost<S: Peer>(
    keys: &Keys<S>,
    public: &PublicKeyPackage<S>,
    rng: &mut ChaCha20Rng,
    rng06: &mut ChaCha20Rng06,
    context: &str,
) {
    let (f_keys, f_public) = to_frost(keys, public);
    // The conversion is lossless: importing it back gives the same packages
    // (up to the epoch, which frost-core does not carry).
    let (back, back_public) = from_frost::<S>(&f_keys, &f_public);
    assert_eq!(
        back_public.verifying_shares(),
        public.verifying_shares(),
        "{context}"
    );
    assert_eq!(back_public.group_key(), public.group_key(), "{context}");
    assert_eq!(back_public.threshold(), public.threshold(), "{context}");
    for (id, k) in &back {
        assert_eq!(k.signing_share(), keys[id].signing_share(), "{context}");
    }

    let ids: Vec<_> = keys.keys().copied().collect();
    let signers = signer_set(&ids, public.threshold(), rng);
    let message = format!("{context}: signed by frost-core");
    let signature = frost_sign::<S>(&f_keys, &f_public, &signers, message.as_bytes(), rng06);
    verify_both::<S>(
        public,
        &f_public,
        &signature.serialize().unwrap(),
        message.as_bytes(),
        context,
    );
}

/// frost-core's key material, imported, signs in tessera.
fn frost_keys_sign_in_tessera<S: Peer>(
    f_keys: &FKeys<S>,
    f_public: &FPublicKeyPackage<S::C>,
    rng: &mut ChaCha20Rng,
    context: &str,
) {
    let (keys, public) = from_frost::<S>(f_keys, f_public);
    let ids: Vec<_> = keys.keys().copied().collect();
    let signers = signer_set(&ids, public.threshold(), rng);
    let chosen: Vec<&KeyPackage<S>> = signers.iter().map(|id| &keys[id]).collect();
    let message = format!("{context}: signed by tessera");
    let signature = common::sign(&chosen, &public, message.as_bytes(), rng);
    verify_both::<S>(
        &public,
        f_public,
        &signature.to_standard_bytes(),
        message.as_bytes(),
        context,
    );
}

/// Identifiers `1..=n`, or derived from names (frost-core's `derive` and
/// tessera's agree), so both small and hash-derived identifiers cross.
fn some_identifiers<S: Suite>(n: u16, derived: bool) -> Vec<Identifier<S>> {
    if derived {
        let mut ids: Vec<_> = (0..n)
            .map(|i| Identifier::derive(format!("member {i}").as_bytes()).unwrap())
            .collect();
        ids.sort();
        ids
    } else {
        identifiers(n)
    }
}

/// frost-core's DKG, every participant's `part1`, `part2` and `part3`; all
/// must agree on the public key package.
fn frost_dkg<S: Peer>(
    ids: &[Identifier<S>],
    t: u16,
    rng06: &mut ChaCha20Rng06,
) -> (FKeys<S>, FPublicKeyPackage<S::C>) {
    let n = u16::try_from(ids.len()).unwrap();
    let mut secrets1 = BTreeMap::new();
    let mut round1 = BTreeMap::new();
    for id in ids {
        let (secret, package) = fdkg::part1::<S::C, _>(fid(id), n, t, &mut *rng06).unwrap();
        secrets1.insert(fid(id), secret);
        round1.insert(fid(id), package);
    }
    let others = |me: &FIdentifier<S::C>| -> BTreeMap<_, _> {
        round1
            .iter()
            .filter(|(id, _)| *id != me)
            .map(|(id, p)| (*id, p.clone()))
            .collect()
    };
    let mut secrets2 = BTreeMap::new();
    let mut sent = BTreeMap::new();
    for (id, secret) in secrets1 {
        let (secret2, out) = fdkg::part2(secret, &others(&id)).unwrap();
        secrets2.insert(id, secret2);
        sent.insert(id, out);
    }
    let mut f_keys = BTreeMap::new();
    let mut agreed: Option<FPublicKeyPackage<S::C>> = None;
    for (id, secret2) in &secrets2 {
        let inbox: BTreeMap<_, _> = sent
            .iter()
            .filter(|(from, _)| *from != id)
            .map(|(from, out)| (*from, out[id].clone()))
            .collect();
        let (key, public) = fdkg::part3(secret2, &others(id), &inbox).unwrap();
        if let Some(p) = &agreed {
            assert_eq!(*p, public);
        }
        agreed = Some(public);
        f_keys.insert(*id, key);
    }
    (f_keys, agreed.unwrap())
}

/// Every direction for one `t`-of-`n`.
fn interop<S: Peer>(
    t: u16,
    n: u16,
    derived: bool,
    rng: &mut ChaCha20Rng,
    rng06: &mut ChaCha20Rng06,
) {
    let ids = some_identifiers::<S>(n, derived);
    let tag = if derived { " (derived ids)" } else { "" };

    // tessera -> frost-core: DKG, then dealer.
    let context = format!("{} {t}-of-{n}{tag}: tessera DKG", S::NAME);
    let (keys, public) = local::run_dkg::<S, _>(t, &ids, rng).unwrap();
    tessera_keys_sign_in_frost::<S>(&keys, &public, rng, rng06, &context);

    let context = format!("{} {t}-of-{n}{tag}: tessera dealer", S::NAME);
    let out = dealer::keygen::<S, _>(t, &ids, rng).unwrap();
    let keys: Keys<S> = out.key_packages.into_iter().map(|k| (k.id(), k)).collect();
    tessera_keys_sign_in_frost::<S>(&keys, &out.public, rng, rng06, &context);

    // frost-core -> tessera: dealer, then DKG.
    let context = format!("{} {t}-of-{n}{tag}: frost-core dealer", S::NAME);
    let f_ids: Vec<_> = ids.iter().map(fid).collect();
    let list = if derived {
        IdentifierList::Custom(&f_ids)
    } else {
        IdentifierList::Default
    };
    let (shares, f_public) =
        frost_core::keys::generate_with_dealer::<S::C, _>(n, t, list, &mut *rng06).unwrap();
    let f_keys: FKeys<S> = shares
        .into_iter()
        .map(|(id, share)| (id, FKeyPackage::try_from(share).unwrap()))
        .collect();
    assert_eq!(
        f_keys.keys().map(tid::<S>).collect::<Vec<_>>(),
        ids,
        "{context}"
    );
    frost_keys_sign_in_tessera::<S>(&f_keys, &f_public, rng, &context);

    let context = format!("{} {t}-of-{n}{tag}: frost-core DKG", S::NAME);
    let (f_keys, f_public) = frost_dkg::<S>(&ids, t, rng06);
    frost_keys_sign_in_tessera::<S>(&f_keys, &f_public, rng, &context);
}

/// One DKG with mixed implementations: the participants at `frost_at` run
/// frost-core's `part1`/`part2`/`part3`, the others tessera's
/// `part1`/`part2`/`finish`, and the messages cross as bytes. Each side
/// verifies the other's proofs of knowledge and shares, all agree on the
/// public key package, and the resulting keys sign in both.
fn mixed_dkg<S: Peer>(
    t: u16,
    n: u16,
    frost_at: &[usize],
    rng: &mut ChaCha20Rng,
    rng06: &mut ChaCha20Rng06,
) {
    let context = format!("{} {t}-of-{n}: mixed DKG", S::NAME);
    let ids = identifiers::<S>(n);
    let is_frost = |id: &Identifier<S>| frost_at.iter().any(|i| ids[*i] == *id);

    // Round 1: everyone's broadcast, in both encodings.
    let mut secrets1 = BTreeMap::new();
    let mut f_secrets1 = BTreeMap::new();
    let mut round1 = BTreeMap::new();
    let mut f_round1 = BTreeMap::new();
    for id in &ids {
        if is_frost(id) {
            let (secret, package) = fdkg::part1::<S::C, _>(fid(id), n, t, &mut *rng06).unwrap();
            f_secrets1.insert(*id, secret);
            round1.insert(*id, tessera_round1::<S>(&package));
            f_round1.insert(fid(id), package);
        } else {
            let (secret, package) = dkg::part1(*id, t, &ids, rng).unwrap();
            secrets1.insert(*id, secret);
            f_round1.insert(fid(id), frost_round1(&package));
            round1.insert(*id, package);
        }
    }

    // Round 2: `sent[from][to]`, in both encodings.
    let mut secrets2 = BTreeMap::new();
    let mut f_secrets2 = BTreeMap::new();
    let mut sent: Sent<S, Round2Package<S>> = BTreeMap::new();
    let mut f_sent: Sent<S, fdkg::round2::Package<S::C>> = BTreeMap::new();
    for (id, secret) in secrets1 {
        let (secret2, out) = dkg::part2(secret, &without(&round1, &id)).unwrap();
        secrets2.insert(id, secret2);
        f_sent.insert(
            id,
            out.iter().map(|(to, p)| (*to, frost_round2(p))).collect(),
        );
        sent.insert(id, out);
    }
    for (id, secret) in f_secrets1 {
        // frost-core verifies every proof of knowledge here.
        let (secret2, out) = fdkg::part2(secret, &without(&f_round1, &fid(&id)))
            .unwrap_or_else(|e| panic!("{context}: frost-core part2 rejects: {e:?}"));
        f_secrets2.insert(id, secret2);
        let out: BTreeMap<_, _> = out.into_iter().map(|(to, p)| (tid::<S>(&to), p)).collect();
        sent.insert(
            id,
            out.iter()
                .map(|(to, p)| (*to, tessera_round2::<S>(&id, to, p)))
                .collect(),
        );
        f_sent.insert(id, out);
    }
    let received = |me: &Identifier<S>| -> BTreeMap<_, _> {
        sent.iter()
            .filter(|(from, _)| *from != me)
            .map(|(from, out)| (*from, out[me].clone()))
            .collect()
    };
    let f_received = |me: &Identifier<S>| -> BTreeMap<_, _> {
        f_sent
            .iter()
            .filter(|(from, _)| *from != me)
            .map(|(from, out)| (fid(from), out[me].clone()))
            .collect()
    };

    // Finish: tessera's parties first; their public key package is the
    // reference.
    let mut keys: BTreeMap<_, KeyPackage<S>> = BTreeMap::new();
    let mut public: Option<PublicKeyPackage<S>> = None;
    for (id, secret2) in secrets2 {
        let out = dkg::finish(secret2, &received(&id), rng)
            .unwrap_or_else(|e| panic!("{context}: tessera finish rejects: {e:?}"));
        if let Some(p) = &public {
            assert_eq!(*p, out.public, "{context}");
        }
        public = Some(out.public);
        keys.insert(id, out.key_package);
    }
    // What the peer's DKG makes of the same run (frost-secp256k1-tr's: the
    // BIP-86 Taproot output key) is what its parties must agree on.
    let (mut keys, public) = S::peer_dkg_result(&keys, &public.unwrap());
    let (_, reference) = to_frost::<S>(&keys, &public);
    for (id, secret2) in &f_secrets2 {
        // frost-core verifies every share here.
        let (key, f_public) = fdkg::part3(secret2, &without(&f_round1, &fid(id)), &f_received(id))
            .unwrap_or_else(|e| panic!("{context}: frost-core part3 rejects: {e:?}"));
        assert_eq!(f_public, reference, "{context}");
        // Imported into tessera under the tessera parties' public key
        // package (and so its epoch).
        let share = SecretScalar::<S>::from_bytes(&key.signing_share().serialize()).unwrap();
        keys.insert(*id, KeyPackage::new(*id, share, &public).unwrap());
    }

    // Every key signs in both implementations, the frost-core parties'
    // among them.
    tessera_keys_sign_in_frost::<S>(&keys, &public, rng, rng06, &context);
    let mut signers: Vec<&KeyPackage<S>> = frost_at.iter().map(|i| &keys[&ids[*i]]).collect();
    signers.extend(
        keys.values()
            .filter(|k| !is_frost(&k.id()))
            .take(usize::from(t).saturating_sub(signers.len())),
    );
    signers.sort_by_key(|k| k.id());
    let message = format!("{context}: signed by tessera");
    let signature = common::sign(&signers, &public, message.as_bytes(), rng);
    verify_both::<S>(
        &public,
        &reference,
        &signature.to_standard_bytes(),
        message.as_bytes(),
        &context,
    );
}

/// 2-of-3, 3-of-4, 5-of-7 (derived identifiers) and 7-of-10 in every
/// direction; mixed DKGs at 2-of-3, 3-of-4 and 7-of-10.
fn suite<S: Peer>(seed: u64) {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let mut rng06 = ChaCha20Rng06::seed_from_u64(seed);
    for (t, n, derived) in [(2, 3, false), (3, 4, false), (5, 7, true), (7, 10, false)] {
        interop::<S>(t, n, derived, &mut rng, &mut rng06);
    }
    mixed_dkg::<S>(2, 3, &[0], &mut rng, &mut rng06);
    mixed_dkg::<S>(3, 4, &[3], &mut rng, &mut rng06);
    mixed_dkg::<S>(7, 10, &[1, 4, 8], &mut rng, &mut rng06);
}

#[test]
fn ed25519() {
    suite::<Ed25519>(1);
}

#[test]
fn ristretto255() {
    suite::<Ristretto255>(2);
}

#[test]
fn secp256k1() {
    suite::<Secp256k1>(3);
}

#[test]
fn p256() {
    suite::<P256>(4);
}

#[test]
fn secp256k1_tr() {
    suite::<Secp256k1Tr>(5);
}
