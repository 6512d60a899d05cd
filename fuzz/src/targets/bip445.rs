//! `bip445`: BIP 445 signing (tessera-bitcoin) with hostile parties, on
//! the secp256k1 suites.
//!
//! - [`BipOp::Decode`]: BIP 445's own decoders (public, aggregate and
//!   other-signers' nonces, partial signatures, tweaks, secret nonces,
//!   P2TR addresses, BIP-340 `lift_x`) on edits of valid encodings; what
//!   decodes re-encodes to the input.
//! - [`BipOp::Coordinator`]: a hostile coordinator sends an honest signer a
//!   `SigningRequest`; `SessionContext::from_request` and `sign_with_key`
//!   refuse it or produce a partial signature that verifies in that
//!   session.
//! - [`BipOp::Signers`]: hostile signers send public nonces and partial
//!   signatures to an honest coordinator: `PubNonce::decode_list`,
//!   `nonce_agg`, `SessionContext::new`, `PartialSignature::decode_list`,
//!   `partial_sig_verify`, `partial_sig_agg` and `aggregate` must never blame
//!   an honest signer (by identifier or list position), must accept every
//!   honest partial signature, and a signature `aggregate` returns must
//!   verify (BIP-340, under the session's tweaked key).
//! - [`BipOp::Deterministic`]: a hostile coordinator sends a deterministic
//!   signer the other signers' aggregate nonce; `deterministic_sign`
//!   refuses it or signs a partial signature that verifies.

use arbitrary::Arbitrary;
use ff::PrimeField;
use k256::Scalar;
use tessera_bitcoin::address::{p2tr, parse_p2tr};
use tessera_bitcoin::{
    AggNonce, AggOtherNonce, Error, K256Suite, KeyTweak, NonceInputs, PartialSignature,
    ParticipantId, PubNonce, SecNonce, SessionContext, SignersContext, SigningRequest,
    deterministic_sign, nonce_agg, nonce_gen, partial_sig_agg, partial_sig_verify, sign_with_key,
};
use tessera_core::encoding::Wire;
use tessera_core::{Identifier, Suite};
use tessera_frost::KeyPackage;

use crate::cast::{Cast, dealt, rng};
use crate::hostile::{Bytes, Hostile, Pool, deliver, hostile_bytes, nth};
use crate::oracle::blames_no_honest;
use crate::seed::{Encode, SeedWriter};
use crate::{Secp256k1Tr, encode_struct, with_k256_suite};

/// One input of the `bip445` target.
#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub struct Bip445Input {
    /// The suite (secp256k1 or secp256k1-tr).
    pub suite: u8,
    /// The cast ([`Cast::new`]).
    pub shape: u8,
    /// The signers (a mask; the first honest participant always signs).
    pub signers: u8,
    /// The message.
    pub message: Bytes,
    /// The session's tweaks: (x-only, value), at most 3.
    pub tweaks: Vec<(bool, u8)>,
    /// What the hostile parties do.
    pub op: BipOp,
}
encode_struct!(Bip445Input {
    suite,
    shape,
    signers,
    message,
    tweaks,
    op
});

/// What the hostile parties do.
#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub enum BipOp {
    /// Decoder `kind` on bytes edited from a valid sample.
    Decode {
        /// Which decoder.
        kind: u8,
        /// The bytes.
        bytes: Hostile,
    },
    /// The coordinator's signing request to the first honest signer.
    Coordinator {
        /// In place of the honest request.
        request: Hostile,
    },
    /// The hostile signers' public nonces and partial signatures (BIP 445
    /// byte encodings), in signer order.
    Signers {
        /// Public nonces.
        pubnonces: Vec<Hostile>,
        /// Partial signatures.
        psigs: Vec<Hostile>,
    },
    /// The aggregate nonce of the other signers, sent to a deterministic
    /// signer.
    Deterministic {
        /// In place of the honest aggregate.
        other: Hostile,
    },
}

impl Encode for BipOp {
    fn encode(&self, w: &mut SeedWriter) {
        match self {
            BipOp::Decode { kind, bytes } => {
                w.variant(0, 4);
                kind.encode(w);
                bytes.encode(w);
            }
            BipOp::Coordinator { request } => {
                w.variant(1, 4);
                request.encode(w);
            }
            BipOp::Signers { pubnonces, psigs } => {
                w.variant(2, 4);
                pubnonces.encode(w);
                psigs.encode(w);
            }
            BipOp::Deterministic { other } => {
                w.variant(3, 4);
                other.encode(w);
            }
        }
    }
}

/// Runs one input.
pub fn run(input: &Bip445Input) {
    with_k256_suite!(input.suite, run_suite(input));
}

struct Setting<S: K256Suite> {
    cast: Cast<S>,
    keys: Vec<KeyPackage<S>>,
    signers: Vec<Identifier<S>>,
    ctx: SignersContext<S>,
    tweaks: Vec<KeyTweak<S>>,
    pool: Pool<S>,
}

fn run_suite<S: K256Suite>(input: &Bip445Input) {
    let cast = Cast::<S>::new(input.shape);
    let n = u16::try_from(cast.ids.len()).unwrap_or(2);
    let dealt = dealt::<S>(cast.t, n);
    let public = &dealt.output.public;
    let mut signers = cast.subset(input.signers);
    if !signers.contains(&cast.honest[0]) {
        signers.push(cast.honest[0]);
        signers.sort();
    }
    let Ok(ctx) = SignersContext::from_public(public, &signers) else {
        // Fewer signers than the threshold: nothing to sign.
        return;
    };
    let tweaks = input
        .tweaks
        .iter()
        .take(3)
        .map(|(x, v)| {
            let v = Scalar::from(u64::from(*v));
            if *x {
                KeyTweak::xonly(v)
            } else {
                KeyTweak::plain(v)
            }
        })
        .collect();
    let mut points: Vec<_> = public.verifying_shares().values().copied().collect();
    points.push(public.group_key());
    let scalars = dealt
        .output
        .key_packages
        .iter()
        .filter(|k| !cast.is_honest(&k.id()))
        .map(|k| *k.signing_share().expose())
        .collect();
    let setting = Setting {
        cast,
        keys: dealt.output.key_packages.clone(),
        signers,
        ctx,
        tweaks,
        pool: Pool { points, scalars },
    };
    let message = &input.message.0;
    match &input.op {
        BipOp::Decode { kind, bytes } => decode::<S>(&setting, *kind, bytes),
        BipOp::Coordinator { request } => hostile_coordinator(&setting, message, request),
        BipOp::Signers { pubnonces, psigs } => hostile_signers(&setting, message, pubnonces, psigs),
        BipOp::Deterministic { other } => hostile_other_nonce(&setting, message, other),
    }
}

impl<S: K256Suite> Setting<S> {
    fn key(&self, id: &Identifier<S>) -> Option<&KeyPackage<S>> {
        self.keys.iter().find(|k| k.id() == *id)
    }

    /// Every signer's nonce, from a fixed seed.
    fn nonces(&self) -> Vec<(SecNonce<S>, PubNonce<S>)> {
        self.signers
            .iter()
            .filter_map(|s| {
                let key = self.key(s)?;
                let mut rng = rng(&[b"bip445 nonce", S::NAME.as_bytes(), s.to_bytes().as_ref()]);
                nonce_gen(&NonceInputs::for_key(key), &mut rng).ok()
            })
            .collect()
    }

    /// The signers' list positions held by honest signers.
    fn honest_position(&self, index: usize) -> bool {
        self.signers
            .get(index)
            .is_some_and(|s| self.cast.is_honest(s))
    }
}

/// Checks a BIP 445 error: it names no honest signer, by identifier or by
/// position in the signer list.
fn check_error<S: K256Suite>(handler: &str, setting: &Setting<S>, e: &Error<S>) {
    blames_no_honest(handler, &setting.cast.honest, &e.culprits(), e);
    let positions: Vec<usize> = match e {
        Error::InvalidContribution { blame, .. } => blame.signer_index.into_iter().collect(),
        Error::InvalidPartialSignatures { signer_indices, .. } => signer_indices.clone(),
        _ => Vec::new(),
    };
    if let Some(i) = positions.iter().find(|i| setting.honest_position(**i)) {
        panic!(
            "{handler} ({}): the error blames position {i}, an honest signer: {e}",
            S::NAME
        );
    }
}

fn decode<S: K256Suite>(setting: &Setting<S>, kind: u8, hostile: &Hostile) {
    let nonces = setting.nonces();
    let Some((_, pubnonce)) = nonces.first() else {
        return;
    };
    let agg = nonce_agg(&nonces.iter().map(|(_, p)| *p).collect::<Vec<_>>());
    let group_key = setting.ctx.thresh_pk();
    let xonly = tessera_bitcoin::TweakContext::<S>::new(group_key).xonly_pubkey();
    let samples: Vec<Vec<u8>> = vec![
        pubnonce.to_bip_bytes().to_vec(),
        agg.to_bip_bytes().to_vec(),
        [7u8; 32].to_vec(),
        [0x11u8; 64].to_vec(),
        p2tr(&xonly, tessera_bitcoin::address::Network::Bitcoin).into_bytes(),
        xonly.to_vec(),
    ];
    let kind = kind % 9;
    let sample = match kind {
        0 | 2 => &samples[0],
        1 => &samples[1],
        3..=5 => &samples[2],
        6 => &samples[3],
        7 => &samples[4],
        _ => &samples[5],
    };
    let Some(bytes) = hostile_bytes(sample, hostile, &samples, &setting.pool, &[]) else {
        return;
    };
    let same = |what: &str, encoded: &[u8]| {
        assert!(
            encoded == bytes.as_slice(),
            "{}: {what} accepted a non-canonical encoding\n input:      {}\n re-encoded: {}",
            S::NAME,
            hex::encode(&bytes),
            hex::encode(encoded)
        );
    };
    match kind {
        0 => {
            if let Ok(p) = PubNonce::<S>::from_bytes(&bytes) {
                same("PubNonce::from_bytes", &p.to_bip_bytes());
            }
        }
        1 => {
            if let Ok(p) = AggNonce::<S>::from_bytes(&bytes) {
                same("AggNonce::from_bytes", &p.to_bip_bytes());
            }
        }
        2 => {
            if let Ok(p) = AggOtherNonce::<S>::from_bytes(&bytes) {
                same("AggOtherNonce::from_bytes", &p.to_bip_bytes());
            }
        }
        3 => {
            if let Ok(p) = PartialSignature::<S>::from_bytes(&bytes) {
                same("PartialSignature::from_bytes", &p.to_bip_bytes());
            }
        }
        4 | 5 => {
            if let Ok(t) = KeyTweak::<S>::from_bytes(&bytes, kind == 5) {
                same("KeyTweak::from_bytes", t.value().to_repr().as_ref());
            }
        }
        6 => {
            if let Ok(secnonce) = SecNonce::<S>::from_bytes(&bytes) {
                assert_eq!(
                    bytes.len(),
                    64,
                    "SecNonce::from_bytes accepted a wrong length"
                );
                let _ = secnonce.pubnonce().to_bip_bytes();
            }
        }
        7 => {
            if let Some((network, key)) = core::str::from_utf8(&bytes).ok().and_then(parse_p2tr) {
                let again = p2tr(&key, network);
                assert!(
                    again.eq_ignore_ascii_case(core::str::from_utf8(&bytes).unwrap_or_default()),
                    "parse_p2tr accepted an address p2tr does not give back: {again}"
                );
            }
        }
        _ => {
            if let Ok(p) = tessera_frost::bip340::lift_x::<Secp256k1Tr>(&bytes) {
                same(
                    "lift_x",
                    &tessera_frost::bip340::x_only_key::<Secp256k1Tr>(&p),
                );
            }
        }
    }
}

fn hostile_coordinator<S: K256Suite>(setting: &Setting<S>, message: &[u8], hostile: &Hostile) {
    let me = setting.cast.honest[0];
    let mut nonces = setting.nonces();
    let Some(mine) = setting.signers.iter().position(|s| *s == me) else {
        return;
    };
    let pubnonces: Vec<PubNonce<S>> = nonces.iter().map(|(_, p)| *p).collect();
    let agg = nonce_agg(&pubnonces);
    let Ok(session) = SessionContext::new(&setting.ctx, &agg, &setting.tweaks, message) else {
        return;
    };
    let Some(template) = session.request() else {
        return;
    };
    let other = SigningRequest {
        message: b"another message".to_vec(),
        ..template.clone()
    };
    let others = [template.to_bytes(), other.to_bytes()];
    let Some(request) = deliver(&template, hostile, &others, &setting.pool) else {
        return;
    };
    let Some(key) = setting.key(&me) else { return };
    let public = &dealt::<S>(
        setting.cast.t,
        u16::try_from(setting.cast.ids.len()).unwrap_or(2),
    )
    .output
    .public;
    let session = match SessionContext::from_request(public, &request) {
        Ok(session) => session,
        Err(e) => return check_error("SessionContext::from_request", setting, &e),
    };
    let (secnonce, pubnonce) = nonces.swap_remove(mine);
    match sign_with_key(secnonce, key, &session) {
        Ok(psig) => {
            let Ok(my_id) = ParticipantId::from_identifier(&me) else {
                return;
            };
            let Some(index) = session.signers().position(my_id) else {
                panic!("{}: signed in a session it is not a signer of", S::NAME);
            };
            assert!(
                session.verify_partial(&psig, index, &pubnonce) == Ok(true),
                "{}: an honest partial signature does not verify in its session",
                S::NAME
            );
        }
        Err(e) => check_error("sign_with_key", setting, &e),
    }
}

fn hostile_signers<S: K256Suite>(
    setting: &Setting<S>,
    message: &[u8],
    hostile_pubnonces: &[Hostile],
    hostile_psigs: &[Hostile],
) {
    let nonces = setting.nonces();
    if nonces.len() != setting.signers.len() {
        return;
    }
    let templates: Vec<Vec<u8>> = nonces
        .iter()
        .map(|(_, p)| p.to_bip_bytes().to_vec())
        .collect();
    let mut sent = Vec::new();
    let mut k = 0;
    for (s, template) in setting.signers.iter().zip(&templates) {
        if setting.cast.is_honest(s) {
            sent.push(template.clone());
        } else {
            let hostile = nth(hostile_pubnonces, k);
            k += 1;
            sent.push(
                hostile_bytes(template, hostile, &templates, &setting.pool, &[])
                    .unwrap_or_default(),
            );
        }
    }
    let list: Vec<&[u8]> = sent.iter().map(Vec::as_slice).collect();
    let pubnonces = match PubNonce::<S>::decode_list(&list) {
        Ok(p) => p,
        Err(e) => return check_error("PubNonce::decode_list", setting, &e),
    };
    for (p, bytes) in pubnonces.iter().zip(&sent) {
        assert!(
            p.to_bip_bytes().as_slice() == bytes.as_slice(),
            "PubNonce re-encodes differently"
        );
    }
    let agg = nonce_agg(&pubnonces);
    let session = match SessionContext::new(&setting.ctx, &agg, &setting.tweaks, message) {
        Ok(s) => s,
        Err(e) => return check_error("SessionContext::new", setting, &e),
    };

    // Round 2: honest signers sign; a hostile signer's template is its
    // honest partial signature when its nonce went out unchanged.
    let mut psig_templates = Vec::new();
    for ((s, (secnonce, _)), (bytes, template)) in setting
        .signers
        .iter()
        .zip(nonces)
        .zip(sent.iter().zip(&templates))
    {
        let Some(key) = setting.key(s) else { return };
        let result = if bytes == template {
            sign_with_key(secnonce, key, &session)
        } else {
            Err(Error::InvalidSignature)
        };
        match result {
            Ok(psig) => psig_templates.push(psig.to_bip_bytes().to_vec()),
            Err(e) if setting.cast.is_honest(s) => {
                return check_error("sign_with_key", setting, &e);
            }
            Err(_) => psig_templates.push(vec![0; 32]),
        }
    }
    let mut sent_psigs = Vec::new();
    let mut k = 0;
    for (s, template) in setting.signers.iter().zip(&psig_templates) {
        if setting.cast.is_honest(s) {
            sent_psigs.push(template.clone());
        } else {
            let hostile = nth(hostile_psigs, k);
            k += 1;
            sent_psigs.push(
                hostile_bytes(template, hostile, &psig_templates, &setting.pool, &[])
                    .unwrap_or_default(),
            );
        }
    }
    let list: Vec<&[u8]> = sent_psigs.iter().map(Vec::as_slice).collect();
    let psigs = match PartialSignature::<S>::decode_list(&list) {
        Ok(p) => p,
        Err(e) => return check_error("PartialSignature::decode_list", setting, &e),
    };
    for (i, psig) in psigs.iter().enumerate() {
        let result =
            partial_sig_verify(psig, &pubnonces, &setting.ctx, &setting.tweaks, message, i);
        if setting.honest_position(i) {
            assert!(
                result == Ok(true),
                "{}: an honest partial signature does not verify: {result:?}",
                S::NAME
            );
        }
    }
    let _ = partial_sig_agg(&psigs, &session);
    match tessera_bitcoin::aggregate(&session, &pubnonces, &psigs) {
        Ok(signature) => {
            if let Err(e) = signature.verify(&session.xonly_pubkey(), message) {
                panic!(
                    "{}: aggregate returned a signature that does not verify: {e}",
                    S::NAME
                );
            }
        }
        Err(e) => check_error("aggregate", setting, &e),
    }
}

fn hostile_other_nonce<S: K256Suite>(setting: &Setting<S>, message: &[u8], hostile: &Hostile) {
    let me = setting.cast.honest[0];
    let Some(key) = setting.key(&me) else { return };
    let Ok(my_id) = ParticipantId::from_identifier(&me) else {
        return;
    };
    let nonces = setting.nonces();
    let others: Vec<PubNonce<S>> = setting
        .signers
        .iter()
        .zip(&nonces)
        .filter(|(s, _)| **s != me)
        .map(|(_, (_, p))| *p)
        .collect();
    let Ok(template) = AggOtherNonce::<S>::from_agg_nonce(&nonce_agg(&others)) else {
        return;
    };
    let samples = [template.to_bip_bytes().to_vec()];
    let Some(bytes) = hostile_bytes(&samples[0], hostile, &samples, &setting.pool, &[]) else {
        return;
    };
    let other = match AggOtherNonce::<S>::from_bytes(&bytes) {
        Ok(o) => o,
        Err(e) => return check_error("AggOtherNonce::from_bytes", setting, &e),
    };
    match deterministic_sign(
        key.signing_share(),
        my_id,
        Some(&other),
        &setting.ctx,
        &setting.tweaks,
        message,
        None,
    ) {
        Ok((pubnonce, psig)) => {
            let Ok(other_nonce) = PubNonce::<S>::from_bytes(&other.to_bip_bytes()) else {
                return;
            };
            let agg = nonce_agg(&[pubnonce, other_nonce]);
            let Ok(session) = SessionContext::new(&setting.ctx, &agg, &setting.tweaks, message)
            else {
                return;
            };
            let Some(index) = setting.ctx.position(my_id) else {
                return;
            };
            assert!(
                session.verify_partial(&psig, index, &pubnonce) == Ok(true),
                "{}: a deterministic partial signature does not verify",
                S::NAME
            );
        }
        Err(e) => check_error("deterministic_sign", setting, &e),
    }
}

#[allow(dead_code)]
fn _suite_is_k256<S: K256Suite>() -> &'static str {
    <S as Suite>::NAME
}
