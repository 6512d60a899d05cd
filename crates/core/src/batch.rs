//! Batch verification of linear equations over the group.
//!
//! Each equation says `b G + sum_i k_i P_i == 0` for public points `P_i`.
//! A batch multiplies each equation by an independent random weight and
//! checks the sum with a single multi-scalar multiplication: if any
//! equation is false, the sum is non-zero except with probability about
//! `1 / order`. Callers fall back to checking equations one by one to
//! name the culprit when a batch fails; [`culprits`] runs those one-by-one
//! checks on rayon's threads with the `parallel` feature (the batch's own
//! MSM is split by [`crate::msm::parallel`]).

use ff::Field;
use group::Group;

use crate::shamir::SecretShare;
use crate::suite::{Point, Scalar, Suite};
use crate::vss::VssCommitment;

/// An accumulator of randomly weighted equations, checked with one MSM.
#[derive(Debug)]
pub struct BatchCheck<S: Suite> {
    terms: Vec<(Point<S>, Scalar<S>)>,
    base: Scalar<S>,
}

impl<S: Suite> Default for BatchCheck<S> {
    fn default() -> Self {
        Self::with_capacity(0)
    }
}

impl<S: Suite> BatchCheck<S> {
    /// An empty batch with room for `terms` point terms.
    pub fn with_capacity(terms: usize) -> Self {
        Self {
            terms: Vec::with_capacity(terms + 1),
            base: Scalar::<S>::ZERO,
        }
    }

    /// Adds `weight * (base G + sum k_i P_i) == 0`.
    pub fn push(
        &mut self,
        weight: &Scalar<S>,
        base: &Scalar<S>,
        terms: impl IntoIterator<Item = (Point<S>, Scalar<S>)>,
    ) {
        self.base += *weight * base;
        self.terms
            .extend(terms.into_iter().map(|(p, k)| (p, *weight * k)));
    }

    /// Adds the Feldman check of `share` against `commitment`:
    /// `weight * (sum_k x^k C_k - s G) == 0`.
    pub fn push_share(
        &mut self,
        weight: &Scalar<S>,
        commitment: &VssCommitment<S>,
        share: &SecretShare<S>,
    ) {
        self.base -= *weight * share.value().expose();
        let x = share.id().to_scalar();
        let mut power = *weight;
        for c in commitment.points() {
            self.terms.push((*c, power));
            power *= x;
        }
    }

    /// Checks the whole batch with one multi-scalar multiplication.
    pub fn verify(mut self) -> bool {
        self.terms.push((Point::<S>::generator(), self.base));
        bool::from(S::vartime_msm(&self.terms).is_identity())
    }
}

/// One equation `base G + sum k_i P_i == 0`, blamed on `culprit` when it
/// does not hold.
#[derive(Clone, Debug)]
pub struct Equation<S: Suite, C> {
    /// Whom to blame if the equation is false.
    pub culprit: C,
    /// The coefficient of the generator.
    pub base: Scalar<S>,
    /// The other terms.
    pub terms: Vec<(Point<S>, Scalar<S>)>,
}

impl<S: Suite, C> Equation<S, C> {
    /// Whether this equation holds, checked on its own.
    pub fn holds(&self) -> bool {
        let mut batch = BatchCheck::<S>::with_capacity(self.terms.len());
        batch.push(&Scalar::<S>::ONE, &self.base, self.terms.iter().copied());
        batch.verify()
    }
}

/// Checks every equation in one multi-scalar multiplication with random
/// weights; only if that fails, checks each. Returns the culprits of the
/// equations that do not hold, in order (empty when all hold).
pub fn failing<S: Suite, C: Clone + Send + Sync, R: rand_core::CryptoRng + ?Sized>(
    equations: &[Equation<S, C>],
    rng: &mut R,
) -> Vec<C> {
    let len = equations.iter().map(|e| e.terms.len()).sum();
    let mut batch = BatchCheck::<S>::with_capacity(len);
    for e in equations {
        batch.push(
            &Scalar::<S>::random(&mut *rng),
            &e.base,
            e.terms.iter().copied(),
        );
    }
    if batch.verify() {
        return Vec::new();
    }
    culprits(equations, |e| (!e.holds()).then(|| e.culprit.clone()))
}

/// `blame(item)` for every item, keeping the `Some`s in the items' order:
/// the one-by-one checks after a failed batch. With the `parallel` feature
/// the items are checked on rayon's threads (each check is an independent
/// MSM); the result is the same as on one thread.
pub fn culprits<T, C, B>(items: &[T], blame: B) -> Vec<C>
where
    T: Sync,
    C: Send,
    B: Fn(&T) -> Option<C> + Sync + Send,
{
    #[cfg(feature = "parallel")]
    if items.len() > 1 {
        use rayon::prelude::*;
        return items.par_iter().filter_map(blame).collect();
    }
    items.iter().filter_map(blame).collect()
}
