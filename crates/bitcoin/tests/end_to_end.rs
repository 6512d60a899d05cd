//! BIP 445 end to end from tessera key material: a dealer's 2-of-3 and a
//! DKG's 3-of-4, every signer subset of size `t`, without tweaks, with a
//! plain (BIP-32-style) tweak, and with a Taproot x-only tweak; every
//! signature checked by libsecp256k1 and k256's BIP-340 verifier. Also:
//! the coordinator names a cheating signer, deterministic signing as the
//! last signer, the signing request's wire format, and refusal of key
//! material of another epoch or with unmappable identifiers.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::collections::BTreeMap;

use proptest::strategy::Strategy as _;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use tessera_bitcoin::address::{Network, TaprootOutput};
use tessera_bitcoin::{
    AggOtherNonce, Error, KeyTweak, NonceInputs, PartialSignature, ParticipantId, PubNonce,
    SessionContext, SignersContext, SigningRequest, aggregate, deterministic_sign, nonce_agg,
    nonce_gen, sign_with_key,
};
use tessera_core::encoding::Wire;
use tessera_core::identifier::identifiers;
use tessera_core::suites::Secp256k1;
use tessera_core::{Identifier, Scalar};
use tessera_frost::{KeyPackage, PublicKeyPackage};

type S = Secp256k1;

fn rng() -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(445)
}

/// Every subset of `items` of size `k`.
fn subsets<T: Copy>(items: &[T], k: usize) -> Vec<Vec<T>> {
    if k == 0 {
        return vec![Vec::new()];
    }
    let Some((first, rest)) = items.split_first() else {
        return Vec::new();
    };
    let mut out: Vec<Vec<T>> = subsets(rest, k - 1)
        .into_iter()
        .map(|mut s| {
            s.insert(0, *first);
            s
        })
        .collect();
    out.extend(subsets(rest, k));
    out
}

/// One full BIP 445 session, as coordinator and signers exchange it: nonces,
/// the signing request (through its wire encoding), partial signatures
/// (through theirs), verified aggregation. Returns the signature and the
/// x-only key it verifies under.
fn run_session(
    keys: &BTreeMap<Identifier<S>, KeyPackage<S>>,
    public: &PublicKeyPackage<S>,
    signers: &[Identifier<S>],
    tweaks: &[KeyTweak<S>],
    msg: &[u8; 32],
    rng: &mut ChaCha20Rng,
) -> ([u8; 64], [u8; 32]) {
    let ctx = SignersContext::from_public(public, signers).unwrap();
    let tweaked = tessera_bitcoin::TweakContext::with_tweaks(ctx.thresh_pk(), tweaks)
        .unwrap()
        .xonly_pubkey();
    // Round 1: each signer draws a nonce bound to its share, key and message.
    let mut secnonces = Vec::new();
    let mut pubnonces = Vec::new();
    for id in signers {
        let mut inputs = NonceInputs::for_key(&keys[id]);
        inputs.thresh_pk_xonly = Some(&tweaked);
        inputs.msg = Some(msg);
        let (sec, public_nonce) = nonce_gen(&inputs, rng).unwrap();
        let wire = Wire::<S>::to_bytes(&public_nonce);
        assert_eq!(PubNonce::<S>::from_bytes(&wire[3..]).unwrap(), public_nonce);
        secnonces.push(sec);
        pubnonces.push(<PubNonce<S> as Wire<S>>::from_bytes(&wire).unwrap());
    }
    let aggnonce = nonce_agg(&pubnonces);
    let session = SessionContext::new(&ctx, &aggnonce, tweaks, msg).unwrap();
    let request = session.request().unwrap();
    let request_bytes = request.to_bytes();
    // Round 2: each signer rebuilds the session from the request.
    let mut psigs = Vec::new();
    for (id, sec) in signers.iter().zip(secnonces) {
        let received = SigningRequest::<S>::from_bytes(&request_bytes).unwrap();
        assert_eq!(received, request);
        let own = SessionContext::from_request(public, &received).unwrap();
        let psig = sign_with_key(sec, &keys[id], &own).unwrap();
        psigs.push(<PartialSignature<S> as Wire<S>>::from_bytes(&psig.to_bytes()).unwrap());
    }
    let sig = aggregate(&session, &pubnonces, &psigs).unwrap();
    assert_eq!(session.xonly_pubkey(), tweaked);
    sig.verify(&tweaked, msg).unwrap();
    common::assert_bip340_valid(&tweaked, msg, &sig.to_bytes());
    (sig.to_bytes(), tweaked)
}

fn tweak_sets(public: &PublicKeyPackage<S>) -> Vec<Vec<KeyTweak<S>>> {
    let plain = KeyTweak::plain(Scalar::<S>::from(0x1234_5678u64));
    let taproot = TaprootOutput::new(&public.group_key(), None).unwrap();
    vec![
        Vec::new(),
        vec![plain],
        vec![taproot.key_tweak()],
        vec![plain, KeyTweak::xonly(Scalar::<S>::from(99u64))],
    ]
}

fn check_all_subsets(
    keys: &BTreeMap<Identifier<S>, KeyPackage<S>>,
    public: &PublicKeyPackage<S>,
    rng: &mut ChaCha20Rng,
) {
    let ids: Vec<_> = public.verifying_shares().keys().copied().collect();
    let t = usize::from(public.threshold());
    let mut sessions = 0;
    for tweaks in tweak_sets(public) {
        for signers in subsets(&ids, t).into_iter().chain([ids.clone()]) {
            run_session(keys, public, &signers, &tweaks, &[7u8; 32], rng);
            sessions += 1;
        }
    }
    assert!(sessions >= 4 * 4);
}

#[test]
fn dealer_2_of_3() {
    let mut rng = rng();
    let out = tessera_keys::dealer::keygen::<S, _>(2, &identifiers(3), &mut rng).unwrap();
    let keys = out
        .key_packages
        .iter()
        .map(|k| (k.id(), k.clone()))
        .collect();
    check_all_subsets(&keys, &out.public, &mut rng);
}

#[test]
fn dkg_3_of_4() {
    let mut rng = rng();
    let (keys, public) =
        tessera_keys::local::run_dkg::<S, _>(3, &identifiers(4), &mut rng).unwrap();
    check_all_subsets(&keys, &public, &mut rng);
}

/// The Taproot output of the threshold key is spent by a key-path
/// signature of the group: the signature verifies under the P2TR address's
/// output key.
#[test]
fn taproot_key_path_spend() {
    let mut rng = rng();
    let out = tessera_keys::dealer::keygen::<S, _>(2, &identifiers(3), &mut rng).unwrap();
    let keys: BTreeMap<_, _> = out
        .key_packages
        .iter()
        .map(|k| (k.id(), k.clone()))
        .collect();
    let taproot = TaprootOutput::new(&out.public.group_key(), None).unwrap();
    let ids = identifiers::<S>(3);
    let (_, key) = run_session(
        &keys,
        &out.public,
        &ids[..2],
        &[taproot.key_tweak()],
        &[1u8; 32],
        &mut rng,
    );
    assert_eq!(key, taproot.output_key());
    let address = taproot.address(Network::Bitcoin);
    assert_eq!(
        tessera_bitcoin::address::parse_p2tr(&address),
        Some((Network::Bitcoin, key))
    );
}

/// A signer that sends a wrong partial signature is named by the
/// coordinator (position and participant id).
#[test]
fn cheating_signer_is_named() {
    let mut rng = rng();
    let out = tessera_keys::dealer::keygen::<S, _>(3, &identifiers(4), &mut rng).unwrap();
    let ids = identifiers::<S>(4);
    let signers = [ids[0], ids[2], ids[3]];
    let ctx = SignersContext::from_public(&out.public, &signers).unwrap();
    let key = |id: &Identifier<S>| out.key_packages.iter().find(|k| k.id() == *id).unwrap();
    let (secs, pubs): (Vec<_>, Vec<_>) = signers
        .iter()
        .map(|id| nonce_gen(&NonceInputs::for_key(key(id)), &mut rng).unwrap())
        .unzip();
    let session = SessionContext::new(&ctx, &nonce_agg(&pubs), &[], b"msg").unwrap();
    let mut psigs: Vec<_> = signers
        .iter()
        .zip(secs)
        .map(|(id, sec)| sign_with_key(sec, key(id), &session).unwrap())
        .collect();
    let mut bad = psigs[1].to_bip_bytes();
    bad[31] ^= 1;
    psigs[1] = PartialSignature::from_bytes(&bad).unwrap();
    let err = aggregate(&session, &pubs, &psigs).unwrap_err();
    assert_eq!(
        err,
        Error::InvalidPartialSignatures {
            signer_indices: vec![1],
            culprits: vec![ParticipantId(2)],
        }
    );
    assert_eq!(err.culprits(), vec![ids[2]]);
    assert!(!session.verify_partial(&psigs[1], 1, &pubs[1]).unwrap());
    assert!(session.verify_partial(&psigs[0], 0, &pubs[0]).unwrap());
}

/// The last signer signs deterministically (stateless) from the others'
/// aggregate nonce; the result aggregates to a valid signature.
#[test]
fn deterministic_last_signer() {
    let mut rng = rng();
    let out = tessera_keys::dealer::keygen::<S, _>(2, &identifiers(3), &mut rng).unwrap();
    let ids = identifiers::<S>(3);
    let signers = [ids[1], ids[2]];
    let ctx = SignersContext::from_public(&out.public, &signers).unwrap();
    let first = &out.key_packages[1];
    let last = &out.key_packages[2];
    let (sec, pub1) = nonce_gen(&NonceInputs::for_key(first), &mut rng).unwrap();
    let other = AggOtherNonce::from_agg_nonce(&nonce_agg(&[pub1])).unwrap();
    let tweaks = [KeyTweak::plain(Scalar::<S>::from(5u64))];
    let msg = [9u8; 32];
    let (pub2, psig2) = deterministic_sign(
        last.signing_share(),
        ParticipantId::from_identifier(&last.id()).unwrap(),
        Some(&other),
        &ctx,
        &tweaks,
        &msg,
        Some(&[3u8; 32]),
    )
    .unwrap();
    let pubs = [pub1, pub2];
    let session = SessionContext::new(&ctx, &nonce_agg(&pubs), &tweaks, &msg).unwrap();
    let psig1 = sign_with_key(sec, first, &session).unwrap();
    let sig = aggregate(&session, &pubs, &[psig1, psig2]).unwrap();
    common::assert_bip340_valid(&session.xonly_pubkey(), &msg, &sig.to_bytes());
}

/// Key material of another epoch (a refreshed sharing of the same key) and
/// identifiers that are not small integers are refused with typed errors.
#[test]
fn other_epoch_and_unmappable_identifiers_are_refused() {
    let mut rng = rng();
    let ids = identifiers::<S>(3);
    let out = tessera_keys::dealer::keygen::<S, _>(2, &ids, &mut rng).unwrap();
    let secret =
        tessera_keys::reconstruct::reconstruct(&out.public, &out.key_packages[..2]).unwrap();
    let other = tessera_keys::dealer::split_secret(&secret, 2, &ids, &mut rng).unwrap();
    assert_eq!(other.public.group_key(), out.public.group_key());
    assert_ne!(other.public.epoch(), out.public.epoch());
    let ctx = SignersContext::from_public(&out.public, &ids[..2]).unwrap();
    let (sec, pubn) = nonce_gen(&NonceInputs::for_key(&other.key_packages[0]), &mut rng).unwrap();
    let (_, pubn2) = nonce_gen(&NonceInputs::<S>::default(), &mut rng).unwrap();
    let session = SessionContext::new(&ctx, &nonce_agg(&[pubn, pubn2]), &[], b"m").unwrap();
    assert_eq!(
        sign_with_key(sec, &other.key_packages[0], &session).unwrap_err(),
        Error::EpochMismatch
    );
    let request = session.request().unwrap();
    assert_eq!(
        SessionContext::from_request(&other.public, &request).unwrap_err(),
        Error::EpochMismatch
    );

    let named: Vec<Identifier<S>> = [b"device".as_slice(), b"login", b"recovery"]
        .iter()
        .map(|n| Identifier::derive(n).unwrap())
        .collect();
    let named_out = tessera_keys::dealer::keygen::<S, _>(2, &named, &mut rng).unwrap();
    let err = SignersContext::from_public(&named_out.public, &named[..2]).unwrap_err();
    assert!(matches!(err, Error::UnmappableIdentifier { .. }), "{err:?}");
    assert_eq!(err.culprits().len(), 1);
    // The mapping is id + 1, both ways.
    assert_eq!(
        ParticipantId::from_identifier(&ids[0]).unwrap(),
        ParticipantId(0)
    );
    assert_eq!(ParticipantId(2).to_identifier::<S>(), Some(ids[2]));
}

/// Error messages name who is to blame, in full sentences.
#[test]
fn error_messages_name_the_culprit() {
    let agg = tessera_bitcoin::AggNonce::<S>::from_bytes(&[4u8; 66]).unwrap_err();
    assert_eq!(
        agg.to_string(),
        "the aggregate nonce from the coordinator is invalid; exclude that party and sign again"
    );
    let list = PubNonce::<S>::decode_list(&[&[4u8; 66], &[5u8; 66]]).unwrap_err();
    assert!(list.to_string().contains("signer at position 0"), "{list}");
    let err = Error::<S>::InvalidPartialSignatures {
        signer_indices: vec![1],
        culprits: vec![ParticipantId(2)],
    };
    assert_eq!(
        err.to_string(),
        "partial signatures from participant ids 2 do not verify; exclude them and sign again"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(16))]

    /// Random `t`-of-`n`, random signer sets of size `t..=n`, random plain
    /// and x-only tweaks, the last signer signing deterministically or not:
    /// libsecp256k1 accepts every signature.
    #[test]
    fn random_sessions_verify(
        seed in proptest::prelude::any::<u64>(),
        (t, n) in (2u16..=5).prop_flat_map(|n| (2u16..=n, proptest::strategy::Just(n))),
        extra in 0usize..3,
        tweaks in proptest::collection::vec((proptest::prelude::any::<u64>(), proptest::prelude::any::<bool>()), 0..4),
        deterministic in proptest::prelude::any::<bool>(),
    ) {
        let mut rng = ChaCha20Rng::seed_from_u64(seed);
        let ids = identifiers::<S>(n);
        let out = tessera_keys::dealer::keygen::<S, _>(t, &ids, &mut rng).unwrap();
        let u = (usize::from(t) + extra).min(usize::from(n));
        let signers: Vec<_> = out.key_packages[usize::from(n) - u..].iter().collect();
        let signer_ids: Vec<_> = signers.iter().map(|k| k.id()).collect();
        let ctx = SignersContext::from_public(&out.public, &signer_ids).unwrap();
        let tweaks: Vec<KeyTweak<S>> = tweaks
            .iter()
            .map(|(v, x)| {
                let value = Scalar::<S>::from(*v);
                if *x { KeyTweak::xonly(value) } else { KeyTweak::plain(value) }
            })
            .collect();
        let msg = [seed as u8; 32];
        let (last, first) = signers.split_last().unwrap();
        let (mut secs, mut pubs): (Vec<_>, Vec<_>) = first
            .iter()
            .map(|k| nonce_gen(&NonceInputs::for_key(k), &mut rng).unwrap())
            .unzip();
        let mut det_psig = None;
        if deterministic {
            let other = AggOtherNonce::from_agg_nonce(&nonce_agg(&pubs)).unwrap();
            let (p, s) = deterministic_sign(
                last.signing_share(),
                ParticipantId::from_identifier(&last.id()).unwrap(),
                Some(&other),
                &ctx,
                &tweaks,
                &msg,
                None,
            )
            .unwrap();
            pubs.push(p);
            det_psig = Some(s);
        } else {
            let (s, p) = nonce_gen(&NonceInputs::for_key(last), &mut rng).unwrap();
            secs.push(s);
            pubs.push(p);
        }
        let session = SessionContext::new(&ctx, &nonce_agg(&pubs), &tweaks, &msg).unwrap();
        let mut psigs: Vec<_> = signers
            .iter()
            .zip(secs)
            .map(|(k, s)| sign_with_key(s, k, &session).unwrap())
            .collect();
        psigs.extend(det_psig);
        for (i, (p, pn)) in psigs.iter().zip(&pubs).enumerate() {
            proptest::prop_assert!(session.verify_partial(p, i, pn).unwrap());
        }
        let sig = aggregate(&session, &pubs, &psigs).unwrap();
        common::assert_bip340_valid(&session.xonly_pubkey(), &msg, &sig.to_bytes());
    }
}
