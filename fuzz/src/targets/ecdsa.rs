//! `ecdsa`: threshold ECDSA (tessera-ecdsa, DKLs23) with hostile parties,
//! on secp256k1 and P-256.
//!
//! - [`EcdsaOp::Setup`]: a hostile member sends an honest one its pairwise
//!   setup message; `setup::finish` refuses it naming only the sender, or
//!   returns a pair setup that round-trips through its encoding.
//! - [`EcdsaOp::Sign`]: hostile signers send each honest signer whatever
//!   the input says in place of their round-1 and round-2 messages, and
//!   broadcast a signature share; honest signers run `sign::round2`,
//!   `sign::presign` and `Presignature::sign`, and an honest party runs
//!   `sign::combine`. An error that names one participant names a hostile
//!   one; the errors that name a set because DKLs23 cannot tell who
//!   cheated (`KeyShareSum`, `Equivocation`, `InvalidSignature`) name a set
//!   with a hostile participant in it; a signature `combine` returns
//!   verifies under the group key.

use std::collections::BTreeMap;
use std::rc::Rc;

use arbitrary::Arbitrary;
use tessera_core::encoding::Wire;
use tessera_core::{Identifier, Suite};
use tessera_ecdsa::sign::{self, Round1Message, Round2Message};
use tessera_ecdsa::{EcdsaSuite, Error, PairSetup, PairwiseSetups, SigningSession, setup};

use crate::cast::{Cast, cached, dealt, rng};
use crate::hostile::{Hostile, Pool, decode, deliver, nth};
use crate::oracle::{blames_a_set_with_hostile, blames_no_honest};
use crate::seed::{Encode, SeedWriter};
use crate::{encode_struct, with_ecdsa_suite};

/// One input of the `ecdsa` target.
#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub struct EcdsaInput {
    /// The suite (secp256k1 or P-256).
    pub suite: u8,
    /// The cast ([`Cast::new`]).
    pub shape: u8,
    /// The signers (a mask; the first honest participant always signs).
    pub signers: u8,
    /// The 32-byte prehash to sign.
    pub prehash: [u8; 32],
    /// What the hostile parties do.
    pub op: EcdsaOp,
}
encode_struct!(EcdsaInput {
    suite,
    shape,
    signers,
    prehash,
    op
});

/// What the hostile parties do.
#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub enum EcdsaOp {
    /// The first hostile participant's setup message to the first honest one.
    Setup {
        /// In place of the honest message.
        message: Hostile,
    },
    /// Signing: messages in the order (hostile sender, honest recipient);
    /// signature shares in hostile signer order.
    Sign {
        /// Round-1 messages.
        round1: Vec<Hostile>,
        /// Round-2 messages.
        round2: Vec<Hostile>,
        /// Signature shares.
        shares: Vec<Hostile>,
    },
}

impl Encode for EcdsaOp {
    fn encode(&self, w: &mut SeedWriter) {
        match self {
            EcdsaOp::Setup { message } => {
                w.variant(0, 2);
                message.encode(w);
            }
            EcdsaOp::Sign {
                round1,
                round2,
                shares,
            } => {
                w.variant(1, 2);
                round1.encode(w);
                round2.encode(w);
                shares.encode(w);
            }
        }
    }
}

/// Runs one input.
pub fn run(input: &EcdsaInput) {
    with_ecdsa_suite!(input.suite, run_suite(input));
}

fn step_rng<S: Suite>(step: &[u8], id: &Identifier<S>) -> rand_chacha::ChaCha20Rng {
    rng(&[step, S::NAME.as_bytes(), id.to_bytes().as_ref()])
}

/// Every member's pair setups among `1..=n`, made once.
fn setups<S: EcdsaSuite>(n: u16) -> Rc<BTreeMap<Identifier<S>, PairwiseSetups<S>>> {
    cached::<S, _>("ecdsa setups", u64::from(n), || {
        let ids: Vec<Identifier<S>> = (1..=n).map(crate::cast::id).collect();
        let mut rng = rng(&[b"ecdsa setups", S::NAME.as_bytes(), &n.to_be_bytes()]);
        tessera_ecdsa::local::setup_all(&ids, &mut rng)
            .unwrap_or_else(|e| panic!("fixture: ECDSA setups: {e}"))
    })
}

fn run_suite<S: EcdsaSuite>(input: &EcdsaInput) {
    let cast = Cast::<S>::new(input.shape);
    match &input.op {
        EcdsaOp::Setup { message } => hostile_setup(&cast, message),
        EcdsaOp::Sign {
            round1,
            round2,
            shares,
        } => hostile_signers(&cast, input, round1, round2, shares),
    }
}

fn hostile_setup<S: EcdsaSuite>(cast: &Cast<S>, hostile: &Hostile) {
    let (h, a) = (cast.honest[0], cast.hostile[0]);
    let Ok((round, mine)) = setup::start(h, a, &mut step_rng(b"setup", &h)) else {
        panic!("{}: an honest setup start fails", S::NAME);
    };
    let Ok((_, template)) = setup::start(a, h, &mut step_rng(b"setup", &a)) else {
        panic!("{}: an honest setup start fails", S::NAME);
    };
    let others = [template.to_bytes(), mine.to_bytes()];
    let Some(message) = deliver(&template, hostile, &others, &Pool::default()) else {
        return;
    };
    match setup::finish(round, &message) {
        Ok(pair) => {
            assert!(
                pair.me() == h && pair.peer() == a,
                "a pair setup for another pair"
            );
            decode::<S, PairSetup<S>>(&pair.to_bytes());
        }
        Err(e) => blames_no_honest("setup::finish", &[h], &e.culprits(), &e),
    }
}

fn check_error<S: EcdsaSuite>(handler: &str, cast: &Cast<S>, e: &Error<S>) {
    match e {
        Error::KeyShareSum { culprits }
        | Error::Equivocation { culprits, .. }
        | Error::InvalidSignature { culprits } => {
            blames_a_set_with_hostile(handler, &cast.hostile, culprits, e);
        }
        _ => blames_no_honest(handler, &cast.honest, &e.culprits(), e),
    }
}

fn hostile_signers<S: EcdsaSuite>(
    cast: &Cast<S>,
    input: &EcdsaInput,
    hostile1: &[Hostile],
    hostile2: &[Hostile],
    hostile_shares: &[Hostile],
) {
    let n = u16::try_from(cast.ids.len()).unwrap_or(2);
    let dealt = dealt::<S>(cast.t, n);
    let setups = setups::<S>(n);
    let mut signers = cast.subset(input.signers);
    if !signers.contains(&cast.honest[0]) {
        signers.push(cast.honest[0]);
        signers.sort();
    }
    let Ok(session) = SigningSession::new(dealt.output.public.clone(), &signers, [0x42; 32]) else {
        return;
    };
    let key = |id: &Identifier<S>| dealt.output.key_packages.iter().find(|k| k.id() == *id);
    let honest: Vec<Identifier<S>> = signers
        .iter()
        .copied()
        .filter(|s| cast.is_honest(s))
        .collect();
    let hostile: Vec<Identifier<S>> = signers
        .iter()
        .copied()
        .filter(|s| !cast.is_honest(s))
        .collect();
    let mut pool = Pool::<S>::default();
    pool.points
        .extend(dealt.output.public.verifying_shares().values());
    pool.points.push(dealt.output.public.group_key());

    // Round 1, everyone.
    let mut states = BTreeMap::new();
    let mut sent1: BTreeMap<Identifier<S>, BTreeMap<Identifier<S>, Round1Message<S>>> =
        BTreeMap::new();
    for s in &signers {
        let (Some(k), Some(st)) = (key(s), setups.get(s)) else {
            return;
        };
        match sign::round1(&session, k, st, &mut step_rng(b"ecdsa round1", s)) {
            Ok((state, out)) => {
                states.insert(*s, state);
                sent1.insert(*s, out);
            }
            Err(e) => panic!("{}: an honest round 1 fails: {e}", S::NAME),
        }
    }
    let others1: Vec<Vec<u8>> = sent1
        .values()
        .flat_map(|out| out.values().map(Wire::to_bytes))
        .collect();

    // Round 2: honest signers on what they received; hostile ones' templates
    // on honest messages.
    let mut states2 = BTreeMap::new();
    let mut sent2: BTreeMap<Identifier<S>, BTreeMap<Identifier<S>, Round2Message<S>>> =
        BTreeMap::new();
    for s in &signers {
        let Some(state) = states.remove(s) else {
            return;
        };
        let hi = honest.iter().position(|h| h == s);
        let mut inbox = BTreeMap::new();
        for (from, out) in &sent1 {
            let Some(template) = out.get(s) else { continue };
            match (hi, hostile.iter().position(|a| a == from)) {
                (Some(hi), Some(ai)) => {
                    let hostile = nth(hostile1, ai * honest.len() + hi);
                    if let Some(m) = deliver(template, hostile, &others1, &pool) {
                        inbox.insert(*from, m);
                    }
                }
                _ => {
                    inbox.insert(*from, template.clone());
                }
            }
        }
        let (Some(k), Some(st)) = (key(s), setups.get(s)) else {
            return;
        };
        match sign::round2(
            state,
            &session,
            k,
            st,
            &inbox,
            &mut step_rng(b"ecdsa round2", s),
        ) {
            Ok((state, out)) => {
                states2.insert(*s, state);
                sent2.insert(*s, out);
            }
            Err(e) if hi.is_some() => return check_error("sign::round2", cast, &e),
            Err(e) => panic!(
                "{}: a hostile signer's template round 2 fails: {e}",
                S::NAME
            ),
        }
    }
    for out in sent2.values() {
        for m in out.values() {
            pool.points.extend(round2_points(m));
        }
    }
    let others2: Vec<Vec<u8>> = sent2
        .values()
        .flat_map(|out| out.values().map(Wire::to_bytes))
        .collect();

    // Presignatures and signature shares.
    let mut shares = BTreeMap::new();
    for s in &signers {
        let Some(state) = states2.remove(s) else {
            return;
        };
        let hi = honest.iter().position(|h| h == s);
        let mut inbox = BTreeMap::new();
        for (from, out) in &sent2 {
            let Some(template) = out.get(s) else { continue };
            match (hi, hostile.iter().position(|a| a == from)) {
                (Some(hi), Some(ai)) => {
                    let hostile = nth(hostile2, ai * honest.len() + hi);
                    if let Some(m) = deliver(template, hostile, &others2, &pool) {
                        inbox.insert(*from, m);
                    }
                }
                _ => {
                    inbox.insert(*from, template.clone());
                }
            }
        }
        let Some(st) = setups.get(s) else { return };
        match sign::presign(state, &session, st, &inbox) {
            Ok(presignature) => {
                shares.insert(*s, presignature.sign(&input.prehash));
            }
            Err(e) if hi.is_some() => return check_error("sign::presign", cast, &e),
            Err(e) => panic!(
                "{}: a hostile signer's template presign fails: {e}",
                S::NAME
            ),
        }
    }
    let others3: Vec<Vec<u8>> = shares.values().map(Wire::to_bytes).collect();
    let mut delivered = BTreeMap::new();
    for (s, share) in &shares {
        match hostile.iter().position(|a| a == s) {
            Some(ai) => {
                if let Some(m) = deliver(share, nth(hostile_shares, ai), &others3, &pool) {
                    delivered.insert(*s, m);
                }
            }
            None => {
                delivered.insert(*s, share.clone());
            }
        }
    }
    match sign::combine(&session, &input.prehash, &delivered) {
        Ok(signature) => assert!(
            signature.verify(&dealt.output.public.group_key(), &input.prehash),
            "{}: combine returned a signature that does not verify",
            S::NAME
        ),
        Err(e) => check_error("sign::combine", cast, &e),
    }
}

/// The points of a round-2 message (nonce point, key share, Gamma^u,
/// Gamma^v), read off its encoding: header, from, to, session, then the
/// nonce point, psi, the opening and three points.
fn round2_points<S: EcdsaSuite>(m: &Round2Message<S>) -> Vec<S::Point> {
    let bytes = m.to_bytes();
    let at = 3 + 2 * S::SCALAR_LEN + 32;
    let nonce = bytes.get(at..at + S::POINT_LEN);
    let rest = at + S::POINT_LEN + S::SCALAR_LEN + 32;
    let tail = (0..3).map(|i| bytes.get(rest + i * S::POINT_LEN..rest + (i + 1) * S::POINT_LEN));
    core::iter::once(nonce)
        .chain(tail)
        .flatten()
        .filter_map(|p| S::decode_point(p).ok())
        .collect()
}
