//! Repairing a lost share, or enrolling a new participant, without anyone
//! learning the key or another participant's share: the repairable
//! threshold scheme of Laing and Stinson (eprint 2017/1155, the enrolment
//! protocol frost-core's `repairable` module implements), made verifiable.
//!
//! `t` or more helpers each hold a share `s_i`. For the target identifier
//! `r`, helper `i` computes `delta_i = lambda_i(r) s_i` (its Lagrange-weighted
//! contribution to `f(r)`), splits it into one random summand per helper,
//! `delta_i = sum_j delta_ij`, broadcasts the commitments `D_ij = delta_ij G`
//! and sends `delta_ij` privately to helper `j` ([`step1`]). Helper `j` sends
//! `sigma_j = sum_i delta_ij` to the target ([`step2`]), which adds them up
//! to `f(r)` ([`step3`]). No single value reveals a share: each helper only
//! sees random summands.
//!
//! Every step is checked, so a cheater is named: everyone checks
//! `sum_j D_ij == lambda_i(r) Y_i` (helper `i` split its true share), helper
//! `j` checks `delta_ij G == D_ij` (helper `i` sent what it committed to),
//! the target checks `sigma_j G == sum_i D_ij` (helper `j` summed honestly),
//! and finally `f(r) G` against the verifying share of `r`, which for a new
//! identifier is interpolated from the helpers' verifying shares.

use core::fmt;
use std::collections::BTreeMap;

use ff::Field;
use group::Group;
use tessera_core::batch::{Equation, failing};
use tessera_core::encoding::{Reader, Wire, Writer};
use tessera_core::lagrange::{check_distinct, lagrange_coefficients};
use tessera_core::{Identifier, Point, Scalar, SecretScalar, Suite};
use tessera_frost::{Epoch, KeyPackage, PublicKeyPackage};
use zeroize::Zeroizing;

use crate::dkg::check_exact;
use crate::error::Error;

/// What the helpers and the target agree on before a repair starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepairConfig<S: Suite> {
    public: PublicKeyPackage<S>,
    helpers: Vec<Identifier<S>>,
    target: Identifier<S>,
    /// `lambda_i(target)` over the helpers, in helper order.
    lambdas: Vec<Scalar<S>>,
}

impl<S: Suite> RepairConfig<S> {
    /// Repairs (or enrols) `target` with the help of `helpers`, at least `t`
    /// current holders of the key in `public`, not including the target.
    pub fn new(
        public: PublicKeyPackage<S>,
        helpers: &[Identifier<S>],
        target: Identifier<S>,
    ) -> Result<Self, Error<S>> {
        check_distinct(helpers)?;
        if helpers.len() < usize::from(public.threshold()) {
            return Err(tessera_core::Error::TooFewParticipants {
                needed: usize::from(public.threshold()),
                got: helpers.len(),
            }
            .into());
        }
        if helpers.contains(&target) {
            return Err(Error::TargetIsHelper { target });
        }
        if let Some(id) = helpers
            .iter()
            .find(|id| !public.verifying_shares().contains_key(id))
        {
            return Err(tessera_core::Error::UnknownParticipant { culprit: *id }.into());
        }
        let mut helpers = helpers.to_vec();
        helpers.sort();
        let lambdas = lagrange_coefficients::<S>(&target.to_scalar(), &helpers)?;
        Ok(Self {
            public,
            helpers,
            target,
            lambdas,
        })
    }

    /// The public key package of the key being repaired.
    pub fn public(&self) -> &PublicKeyPackage<S> {
        &self.public
    }

    /// The helpers, sorted.
    pub fn helpers(&self) -> &[Identifier<S>] {
        &self.helpers
    }

    /// The identifier whose share is recovered.
    pub fn target(&self) -> Identifier<S> {
        self.target
    }

    /// The verifying share the repaired share must match: the known one, or
    /// for a new identifier `sum_i lambda_i(r) Y_i` over the helpers.
    fn target_verifying_share(&self) -> Result<Point<S>, Error<S>> {
        if let Ok(y) = self.public.verifying_share(&self.target) {
            return Ok(y);
        }
        let mut terms = Vec::with_capacity(self.helpers.len());
        for (id, lambda) in self.helpers.iter().zip(&self.lambdas) {
            terms.push((self.public.verifying_share(id)?, *lambda));
        }
        Ok(S::vartime_msm(&terms))
    }

    /// The equations that each helper's broadcast splits its true
    /// contribution, `sum_j D_ij - lambda_i(r) Y_i == 0`, blamed on the
    /// helper's broadcast. A broadcast for another epoch or target is refused
    /// outright, naming its sender; one with the wrong sender or length is
    /// named at once.
    fn commitment_equations(
        &self,
        commitments: &BTreeMap<Identifier<S>, RepairCommitments<S>>,
    ) -> Result<Vec<Equation<S, Blame<S>>>, Error<S>> {
        check_exact(&self.helpers, commitments)?;
        if let Some((id, _)) = commitments
            .iter()
            .find(|(_, c)| c.epoch != self.public.epoch())
        {
            return Err(Error::WrongEpoch { culprit: *id });
        }
        if let Some((id, _)) = commitments.iter().find(|(_, c)| c.target != self.target) {
            return Err(Error::WrongTarget { culprit: *id });
        }
        let malformed: Vec<_> = commitments
            .iter()
            .filter(|(id, c)| c.helper != **id || c.points.len() != self.helpers.len())
            .map(|(id, _)| *id)
            .collect();
        if !malformed.is_empty() {
            return Err(Error::Misbehaviour {
                invalid_commitments: malformed,
                invalid_shares: Vec::new(),
            });
        }
        let mut equations = Vec::with_capacity(commitments.len());
        for (id, lambda) in self.helpers.iter().zip(&self.lambdas) {
            let c = commitments
                .get(id)
                .ok_or(Error::MissingParticipant { culprit: *id })?;
            let sum: Point<S> = c.points.iter().sum();
            equations.push(Equation {
                culprit: Blame::Commitment(*id),
                base: Scalar::<S>::ZERO,
                terms: vec![
                    (sum, Scalar::<S>::ONE),
                    (self.public.verifying_share(id)?, -*lambda),
                ],
            });
        }
        Ok(equations)
    }

    fn index_of(&self, id: &Identifier<S>) -> Result<usize, Error<S>> {
        self.helpers
            .binary_search(id)
            .map_err(|_| tessera_core::Error::UnknownParticipant { culprit: *id }.into())
    }
}

/// Which message a failed repair check blames.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Blame<S: Suite> {
    /// The helper's broadcast commitments.
    Commitment(Identifier<S>),
    /// A private value (summand or sum) the helper sent.
    Share(Identifier<S>),
}

/// `Ok` when nothing failed, else the misbehaviour of every culprit.
fn blame<S: Suite>(failed: Vec<Blame<S>>) -> Result<(), Error<S>> {
    if failed.is_empty() {
        return Ok(());
    }
    let (mut invalid_commitments, mut invalid_shares) = (Vec::new(), Vec::new());
    for f in failed {
        match f {
            Blame::Commitment(id) => invalid_commitments.push(id),
            Blame::Share(id) => invalid_shares.push(id),
        }
    }
    Err(Error::Misbehaviour {
        invalid_commitments,
        invalid_shares,
    })
}

/// Helper `i`'s broadcast: `D_ij = delta_ij G` for every helper `j`, in
/// helper order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepairCommitments<S: Suite> {
    epoch: Epoch,
    helper: Identifier<S>,
    target: Identifier<S>,
    points: Vec<Point<S>>,
}

/// Helper `i`'s private summand `delta_ij` for helper `j`.
#[derive(Clone, PartialEq, Eq)]
pub struct RepairDelta<S: Suite> {
    epoch: Epoch,
    from: Identifier<S>,
    to: Identifier<S>,
    delta: SecretScalar<S>,
}

/// Helper `j`'s private sum `sigma_j` for the target.
#[derive(Clone, PartialEq, Eq)]
pub struct RepairSigma<S: Suite> {
    epoch: Epoch,
    from: Identifier<S>,
    target: Identifier<S>,
    sigma: SecretScalar<S>,
}

/// What helper `i` sends in step 1.
pub type Step1Output<S> = (
    RepairCommitments<S>,
    BTreeMap<Identifier<S>, RepairDelta<S>>,
);

/// Step 1, at helper `key`: split `lambda_i(r) s_i` into random summands.
pub fn step1<S: Suite, R: rand_core::CryptoRng + ?Sized>(
    config: &RepairConfig<S>,
    key: &KeyPackage<S>,
    rng: &mut R,
) -> Result<Step1Output<S>, Error<S>> {
    if key.epoch() != config.public.epoch() {
        return Err(Error::EpochMismatch);
    }
    let me = key.id();
    let lambda = config
        .lambdas
        .get(config.index_of(&me)?)
        .copied()
        .unwrap_or(Scalar::<S>::ZERO);
    // lambda_i(r) s_i minus the random summands, wiped on drop.
    let mut rest = Zeroizing::new(lambda * key.signing_share().expose());
    let mut deltas: Vec<SecretScalar<S>> = (1..config.helpers.len())
        .map(|_| SecretScalar::random(&mut *rng))
        .collect();
    for d in &deltas {
        *rest -= d.expose();
    }
    deltas.push(SecretScalar::new(*rest));
    let epoch = config.public.epoch();
    let points = deltas.iter().map(|d| S::mul_base(d.expose())).collect();
    let private = config
        .helpers
        .iter()
        .zip(deltas)
        .map(|(to, delta)| {
            (
                *to,
                RepairDelta {
                    epoch,
                    from: me,
                    to: *to,
                    delta,
                },
            )
        })
        .collect();
    Ok((
        RepairCommitments {
            epoch,
            helper: me,
            target: config.target,
            points,
        },
        private,
    ))
}

/// Step 2, at helper `key`: check the broadcasts and the summands received
/// (naming every cheat), and return `sigma_j` for the target.
pub fn step2<S: Suite, R: rand_core::CryptoRng + ?Sized>(
    config: &RepairConfig<S>,
    key: &KeyPackage<S>,
    commitments: &BTreeMap<Identifier<S>, RepairCommitments<S>>,
    deltas: &BTreeMap<Identifier<S>, RepairDelta<S>>,
    rng: &mut R,
) -> Result<RepairSigma<S>, Error<S>> {
    if key.epoch() != config.public.epoch() {
        return Err(Error::EpochMismatch);
    }
    let me = key.id();
    let j = config.index_of(&me)?;
    let mut equations = config.commitment_equations(commitments)?;
    check_exact(&config.helpers, deltas)?;
    if let Some((id, _)) = deltas.iter().find(|(id, d)| d.from != **id || d.to != me) {
        return Err(Error::WrongRecipient { culprit: *id });
    }
    if let Some((id, _)) = deltas
        .iter()
        .find(|(_, d)| d.epoch != config.public.epoch())
    {
        return Err(Error::WrongEpoch { culprit: *id });
    }
    // delta_ij G - D_ij == 0: helper i sent what it committed to.
    for (id, d) in deltas {
        let c = commitments
            .get(id)
            .ok_or(Error::MissingParticipant { culprit: *id })?;
        let committed = c
            .points
            .get(j)
            .copied()
            .unwrap_or_else(Point::<S>::identity);
        equations.push(Equation {
            culprit: Blame::Share(*id),
            base: *d.delta.expose(),
            terms: vec![(committed, -Scalar::<S>::ONE)],
        });
    }
    blame(failing(&equations, rng))?;
    let mut sigma = Zeroizing::new(Scalar::<S>::ZERO);
    for d in deltas.values() {
        *sigma += d.delta.expose();
    }
    Ok(RepairSigma {
        epoch: config.public.epoch(),
        from: me,
        target: config.target,
        sigma: SecretScalar::new(*sigma),
    })
}

/// Step 3, at the target: check the broadcasts and every `sigma_j`, add them
/// up, and check the result against the target's verifying share. Returns
/// the target's key package and the public key package (with the target
/// added when it is a new participant; the epoch is unchanged).
pub fn step3<S: Suite, R: rand_core::CryptoRng + ?Sized>(
    config: &RepairConfig<S>,
    commitments: &BTreeMap<Identifier<S>, RepairCommitments<S>>,
    sigmas: &BTreeMap<Identifier<S>, RepairSigma<S>>,
    rng: &mut R,
) -> Result<(KeyPackage<S>, PublicKeyPackage<S>), Error<S>> {
    let mut equations = config.commitment_equations(commitments)?;
    check_exact(&config.helpers, sigmas)?;
    if let Some((id, _)) = sigmas.iter().find(|(id, s)| s.from != **id) {
        return Err(Error::WrongRecipient { culprit: *id });
    }
    if let Some((id, _)) = sigmas
        .iter()
        .find(|(_, s)| s.epoch != config.public.epoch())
    {
        return Err(Error::WrongEpoch { culprit: *id });
    }
    if let Some((id, _)) = sigmas.iter().find(|(_, s)| s.target != config.target) {
        return Err(Error::WrongTarget { culprit: *id });
    }
    // sigma_j G - sum_i D_ij == 0: helper j summed what it received.
    for (id, s) in sigmas {
        let j = config.index_of(id)?;
        let expected: Point<S> = commitments.values().filter_map(|c| c.points.get(j)).sum();
        equations.push(Equation {
            culprit: Blame::Share(*id),
            base: *s.sigma.expose(),
            terms: vec![(expected, -Scalar::<S>::ONE)],
        });
    }
    let mut failed = failing(&equations, rng);
    // Every sum is checked against the commitments of all helpers: when a
    // helper's commitments fail their own check, the sums prove nothing
    // about their senders (an honest helper's sum then fails too), so only
    // the commitments' authors are named.
    if failed.iter().any(|f| matches!(f, Blame::Commitment(_))) {
        failed.retain(|f| matches!(f, Blame::Commitment(_)));
    }
    blame(failed)?;
    let mut share = Zeroizing::new(Scalar::<S>::ZERO);
    for s in sigmas.values() {
        *share += s.sigma.expose();
    }
    let y = config.target_verifying_share()?;
    if S::mul_base(&share) != y {
        return Err(Error::Frost(tessera_frost::Error::InconsistentKey(
            "the repaired share does not match its verifying share",
        )));
    }
    let public = config.public.with_member(config.target, y)?;
    let key = KeyPackage::new(config.target, SecretScalar::new(*share), &public)?;
    Ok((key, public))
}

impl<S: Suite> fmt::Debug for RepairDelta<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RepairDelta")
            .field("from", &self.from)
            .field("to", &self.to)
            .field("delta", &self.delta)
            .finish()
    }
}

impl<S: Suite> fmt::Debug for RepairSigma<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RepairSigma")
            .field("from", &self.from)
            .field("target", &self.target)
            .field("sigma", &self.sigma)
            .finish()
    }
}

impl<S: Suite> Wire<S> for RepairCommitments<S> {
    const KIND: u8 = 0x32;

    fn write_body(&self, w: &mut Writer) {
        w.raw(self.epoch.as_bytes());
        w.identifier(&self.helper);
        w.identifier(&self.target);
        w.count(self.points.len());
        w.points::<S>(&self.points);
    }

    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, tessera_core::Error<S>> {
        let epoch = Epoch::from_bytes(r.take_array()?);
        let helper = r.identifier()?;
        let target = r.identifier()?;
        let n = r.count(S::POINT_LEN)?;
        let points = (0..n).map(|_| r.point()).collect::<Result<_, _>>()?;
        Ok(Self {
            epoch,
            helper,
            target,
            points,
        })
    }
}

impl<S: Suite> Wire<S> for RepairDelta<S> {
    const KIND: u8 = 0x33;

    fn write_body(&self, w: &mut Writer) {
        w.raw(self.epoch.as_bytes());
        w.identifier(&self.from);
        w.identifier(&self.to);
        w.scalar(self.delta.expose());
    }

    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, tessera_core::Error<S>> {
        Ok(Self {
            epoch: Epoch::from_bytes(r.take_array()?),
            from: r.identifier()?,
            to: r.identifier()?,
            delta: SecretScalar::new(r.scalar()?),
        })
    }
}

impl<S: Suite> Wire<S> for RepairSigma<S> {
    const KIND: u8 = 0x34;

    fn write_body(&self, w: &mut Writer) {
        w.raw(self.epoch.as_bytes());
        w.identifier(&self.from);
        w.identifier(&self.target);
        w.scalar(self.sigma.expose());
    }

    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, tessera_core::Error<S>> {
        Ok(Self {
            epoch: Epoch::from_bytes(r.take_array()?),
            from: r.identifier()?,
            target: r.identifier()?,
            sigma: SecretScalar::new(r.scalar()?),
        })
    }
}

tessera_core::serde_via_wire!(
    RepairCommitments {
        epoch: Fixed(32),
        helper: Identifier,
        target: Identifier,
        commitments: List(&Point),
    },
    RepairDelta {
        epoch: Fixed(32),
        from: Identifier,
        to: Identifier,
        delta: Scalar,
    },
    RepairSigma {
        epoch: Fixed(32),
        from: Identifier,
        target: Identifier,
        sigma: Scalar,
    },
);
