//! `frost`: FROST signing (tessera-frost) with hostile parties.
//!
//! - [`FrostOp::Sign`]: a hostile coordinator sends an honest signer a
//!   signing package; `round2::sign` must refuse it or produce a share
//!   that `verify_signature_share` accepts under that package.
//! - [`FrostOp::Aggregate`]: hostile signers send their commitments
//!   (round 1) and signature shares (round 2) to an honest coordinator,
//!   who may also receive messages from non-signers; `aggregate` and
//!   `verify_signature_share` must never name an honest signer, must accept
//!   every honest share, and a signature `aggregate` returns must verify.
//! - [`FrostOp::Keys`]: a key package and a public key package read from
//!   hostile files: decoded, checked with `KeyPackage::new` and
//!   `PublicKeyPackage::new`, then used to sign; nothing may panic, and a
//!   signature `aggregate` returns must verify under the file's group key.
//!   (A public key package is the coordinator's own trusted input: with a
//!   hostile one, whom `aggregate` names is not checked.)

use std::collections::BTreeMap;

use arbitrary::Arbitrary;
use ff::Field;
use group::GroupEncoding;
use tessera_core::encoding::Wire;
use tessera_core::{Identifier, Suite};
use tessera_frost::{
    KeyPackage, PublicKeyPackage, SignatureShare, SigningCommitments, SigningNonces,
    SigningPackage, aggregate, round1, round2, verify_batch, verify_signature_share,
};

use crate::cast::{Cast, dealt, rng};
use crate::hostile::{Bytes, Hostile, Pool, deliver, nth};
use crate::oracle::blames_no_honest;
use crate::seed::{Encode, SeedWriter};
use crate::{encode_struct, with_suite};

/// One input of the `frost` target.
#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub struct FrostInput {
    /// The suite (any of the five).
    pub suite: u8,
    /// The cast ([`Cast::new`]).
    pub shape: u8,
    /// The signers (a mask over the participants; the first honest
    /// participant always signs).
    pub signers: u8,
    /// The message to sign.
    pub message: Bytes,
    /// What the hostile parties do.
    pub op: FrostOp,
}
encode_struct!(FrostInput {
    suite,
    shape,
    signers,
    message,
    op
});

/// What the hostile parties do.
#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub enum FrostOp {
    /// The coordinator sends the first honest signer this package.
    Sign {
        /// In place of the honest package.
        package: Hostile,
    },
    /// Hostile signers' round-1 commitments and round-2 shares, in signer
    /// order; `extra` are messages from other identifiers (`id`,
    /// commitments, share).
    Aggregate {
        /// Commitments of the hostile signers.
        commitments: Vec<Hostile>,
        /// Signature shares of the hostile signers.
        shares: Vec<Hostile>,
        /// Messages from identifiers that are not among the signers.
        extra: Vec<(u8, (Hostile, Hostile))>,
    },
    /// The first honest signer's key package and the coordinator's public
    /// key package come from hostile files.
    Keys {
        /// In place of the key package.
        key: Hostile,
        /// In place of the public key package.
        public: Hostile,
    },
}

impl Encode for FrostOp {
    fn encode(&self, w: &mut SeedWriter) {
        match self {
            FrostOp::Sign { package } => {
                w.variant(0, 3);
                package.encode(w);
            }
            FrostOp::Aggregate {
                commitments,
                shares,
                extra,
            } => {
                w.variant(1, 3);
                commitments.encode(w);
                shares.encode(w);
                extra.encode(w);
            }
            FrostOp::Keys { key, public } => {
                w.variant(2, 3);
                key.encode(w);
                public.encode(w);
            }
        }
    }
}

/// Runs one input.
pub fn run(input: &FrostInput) {
    with_suite!(input.suite, run_suite(input));
}

struct Setting<S: Suite> {
    cast: Cast<S>,
    public: PublicKeyPackage<S>,
    keys: BTreeMap<Identifier<S>, KeyPackage<S>>,
    signers: Vec<Identifier<S>>,
}

fn commit<S: Suite>(key: &KeyPackage<S>) -> (SigningNonces<S>, SigningCommitments<S>) {
    let mut rng = rng(&[
        b"frost round1",
        S::NAME.as_bytes(),
        key.id().to_bytes().as_ref(),
    ]);
    round1::commit(key, &mut rng)
}

fn run_suite<S: Suite>(input: &FrostInput) {
    let cast = Cast::<S>::new(input.shape);
    let n = u16::try_from(cast.ids.len()).unwrap_or(2);
    let dealt = dealt::<S>(cast.t, n);
    let public = dealt.output.public.clone();
    let keys: BTreeMap<_, _> = dealt
        .output
        .key_packages
        .iter()
        .map(|k| (k.id(), k.clone()))
        .collect();
    let mut signers = cast.subset(input.signers);
    if !signers.contains(&cast.honest[0]) {
        signers.push(cast.honest[0]);
        signers.sort();
    }
    let setting = Setting {
        cast,
        public,
        keys,
        signers,
    };
    let message = &input.message.0;
    match &input.op {
        FrostOp::Sign { package } => hostile_coordinator(&setting, message, package),
        FrostOp::Aggregate {
            commitments,
            shares,
            extra,
        } => hostile_signers(&setting, message, commitments, shares, extra),
        FrostOp::Keys { key, public } => hostile_files(&setting, message, key, public),
    }
}

fn pool<S: Suite>(
    setting: &Setting<S>,
    commitments: &BTreeMap<Identifier<S>, SigningCommitments<S>>,
) -> Pool<S> {
    let mut points: Vec<_> = commitments
        .values()
        .flat_map(|c| [c.hiding(), c.binding()])
        .collect();
    points.extend(setting.public.verifying_shares().values());
    points.push(setting.public.group_key());
    let scalars = setting
        .cast
        .hostile
        .iter()
        .filter_map(|id| setting.keys.get(id))
        .map(|k| *k.signing_share().expose())
        .collect();
    Pool { points, scalars }
}

fn hostile_coordinator<S: Suite>(setting: &Setting<S>, message: &[u8], hostile: &Hostile) {
    let me = setting.cast.honest[0];
    let Some(key) = setting.keys.get(&me) else {
        return;
    };
    let mut nonces = None;
    let mut commitments = BTreeMap::new();
    for s in &setting.signers {
        let Some(k) = setting.keys.get(s) else {
            continue;
        };
        let (n, c) = commit(k);
        if *s == me {
            nonces = Some(n);
        }
        commitments.insert(*s, c);
    }
    let Some(nonces) = nonces else { return };
    let epoch = setting.public.epoch();
    let template = SigningPackage::new(epoch, commitments.clone(), message);
    let mut fewer = commitments.clone();
    fewer.pop_last();
    let others = [
        template.to_bytes(),
        SigningPackage::new(epoch, fewer, message).to_bytes(),
        SigningPackage::new(epoch, commitments.clone(), b"another message").to_bytes(),
    ];
    let pool = pool(setting, &commitments);
    let Some(package) = deliver(&template, hostile, &others, &pool) else {
        return;
    };
    match round2::sign(&package, nonces, key) {
        Ok(share) => {
            if let Err(e) = verify_signature_share(&me, &share, &package, &setting.public) {
                panic!(
                    "{}: an honest share made for a package does not verify under it: {e}",
                    S::NAME
                );
            }
        }
        Err(e) => blames_no_honest("round2::sign", &setting.cast.honest, &e.culprits(), &e),
    }
}

fn hostile_signers<S: Suite>(
    setting: &Setting<S>,
    message: &[u8],
    hostile_commitments: &[Hostile],
    hostile_shares: &[Hostile],
    extra: &[(u8, (Hostile, Hostile))],
) {
    let cast = &setting.cast;
    let honest = &cast.honest;
    let epoch = setting.public.epoch();
    let mut nonces = BTreeMap::new();
    let mut templates = BTreeMap::new();
    for s in &setting.signers {
        let Some(k) = setting.keys.get(s) else {
            continue;
        };
        let (n, c) = commit(k);
        nonces.insert(*s, n);
        templates.insert(*s, c);
    }
    let pool1 = pool(setting, &templates);
    let others: Vec<Vec<u8>> = templates.values().map(Wire::to_bytes).collect();
    let first = templates.values().next().copied();

    // Round 1: the coordinator collects commitments.
    let mut received = BTreeMap::new();
    let mut k = 0;
    for (s, c) in &templates {
        if cast.is_honest(s) {
            received.insert(*s, *c);
        } else {
            if let Some(c) = deliver(c, nth(hostile_commitments, k), &others, &pool1) {
                received.insert(*s, c);
            }
            k += 1;
        }
    }
    let mut extra_ids = Vec::new();
    for (i, (commitment, _)) in extra.iter().take(4) {
        let Some(x) = Identifier::<S>::new(u16::from(*i)) else {
            continue;
        };
        let Some(template) = first else { continue };
        if cast.is_honest(&x) || received.contains_key(&x) {
            continue;
        }
        if let Some(c) = deliver(&template, commitment, &others, &pool1) {
            received.insert(x, c);
            extra_ids.push((x, i));
        }
    }
    let package = SigningPackage::new(epoch, received.clone(), message);

    // Round 2: honest signers sign; a hostile signer's template is its
    // honest share when its commitment arrived unchanged.
    let mut shares = BTreeMap::new();
    let mut honest_shares = BTreeMap::new();
    for (s, n) in nonces {
        let Some(key) = setting.keys.get(&s) else {
            continue;
        };
        let result = if received.get(&s) == templates.get(&s) {
            round2::sign(&package, n, key)
        } else {
            Err(tessera_frost::Error::MissingOwnCommitment)
        };
        if cast.is_honest(&s) {
            match result {
                Ok(z) => {
                    honest_shares.insert(s, z);
                }
                Err(e) => {
                    // An honest signer refused the package: no signature.
                    blames_no_honest("round2::sign", honest, &e.culprits(), &e);
                    return;
                }
            }
        } else {
            shares.insert(s, result.unwrap_or(SignatureShare::new(S::Scalar::ZERO)));
        }
    }
    let mut pool2 = pool1;
    pool2
        .scalars
        .extend(honest_shares.values().map(SignatureShare::value));
    let others: Vec<Vec<u8>> = honest_shares
        .values()
        .chain(shares.values())
        .map(Wire::to_bytes)
        .collect();
    let mut delivered: BTreeMap<_, _> = honest_shares.clone();
    for (k, (s, template)) in shares.iter().enumerate() {
        if let Some(z) = deliver(template, nth(hostile_shares, k), &others, &pool2) {
            delivered.insert(*s, z);
        }
    }
    for (x, i) in extra_ids {
        let hostile = extra
            .iter()
            .find(|(j, _)| j == i)
            .map_or(&Hostile::Honest, |(_, (_, share))| share);
        let template = SignatureShare::new(S::Scalar::ONE);
        if let Some(z) = deliver(&template, hostile, &others, &pool2) {
            delivered.insert(x, z);
        }
    }

    match aggregate(&package, &delivered, &setting.public) {
        Ok(signature) => {
            let key = setting.public.group_key();
            if let Err(e) = signature.verify(&key, message) {
                panic!(
                    "{}: aggregate returned a signature that does not verify: {e}",
                    S::NAME
                );
            }
            let mut rng = rng(&[b"batch"]);
            if let Err(e) = verify_batch::<S, _>(&[(key, message, signature)], &mut rng) {
                panic!(
                    "{}: an aggregated signature fails verify_batch: {e}",
                    S::NAME
                );
            }
        }
        Err(e) => blames_no_honest("aggregate", honest, &e.culprits(), &e),
    }
    for (s, z) in &delivered {
        match verify_signature_share(s, z, &package, &setting.public) {
            Ok(()) => {}
            Err(e) if cast.is_honest(s) => {
                panic!("{}: an honest signature share is refused: {e}", S::NAME)
            }
            Err(e) => blames_no_honest("verify_signature_share", honest, &e.culprits(), &e),
        }
    }
}

fn hostile_files<S: Suite>(
    setting: &Setting<S>,
    message: &[u8],
    hostile_key: &Hostile,
    hostile_public: &Hostile,
) {
    let me = setting.cast.honest[0];
    let Some(template) = setting.keys.get(&me) else {
        return;
    };
    let others: Vec<Vec<u8>> = setting.keys.values().map(Wire::to_bytes).collect();
    let pool = pool(setting, &BTreeMap::new());
    let key = deliver(template, hostile_key, &others, &pool);
    let public = deliver(
        &setting.public,
        hostile_public,
        &[setting.public.to_bytes()],
        &pool,
    );
    if let Some(public) = &public {
        let rebuilt = PublicKeyPackage::new(
            public.verifying_shares().clone(),
            public.group_key(),
            public.threshold(),
        );
        // A decoded package's shares lie on its commitment, so importing
        // them without it recovers the same commitment, hence the same
        // package and epoch.
        if let Ok(rebuilt) = rebuilt {
            assert_eq!(&rebuilt, public);
        }
    }
    let (Some(key), Some(public)) = (key, public) else {
        return;
    };
    if let Ok(checked) = KeyPackage::new(key.id(), key.signing_share().clone(), &public) {
        assert!(
            public.verifying_share(&checked.id()) == Ok(checked.verifying_share()),
            "{}: KeyPackage::new accepted a share that does not match its verifying share",
            S::NAME
        );
    }
    // Sign with the loaded key in place of the honest one, aggregate with
    // the loaded public key package.
    let mut keys = setting.keys.clone();
    keys.insert(me, key.clone());
    if key.id() != me {
        keys.remove(&me);
        keys.insert(key.id(), key);
    }
    let signers: Vec<Identifier<S>> = keys
        .keys()
        .copied()
        .take(usize::from(setting.cast.t))
        .collect();
    let mut nonces = BTreeMap::new();
    let mut commitments = BTreeMap::new();
    for s in &signers {
        let Some(k) = keys.get(s) else { continue };
        let (n, c) = commit(k);
        nonces.insert(*s, n);
        commitments.insert(*s, c);
    }
    let package = SigningPackage::new(public.epoch(), commitments, message);
    let mut shares = BTreeMap::new();
    for (s, n) in nonces {
        let Some(k) = keys.get(&s) else { continue };
        match round2::sign(&package, n, k) {
            Ok(z) => {
                shares.insert(s, z);
            }
            Err(_) => return,
        }
    }
    if let Ok(signature) = aggregate(&package, &shares, &public) {
        let group_key = public.group_key();
        assert!(
            signature.verify(&group_key, message).is_ok(),
            "{}: aggregate returned a signature that does not verify under {}",
            S::NAME,
            hex::encode(group_key.to_bytes())
        );
    }
}
