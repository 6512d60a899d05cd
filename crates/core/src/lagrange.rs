//! Lagrange interpolation coefficients over a set of identifiers.

use std::collections::HashSet;

use ff::{BatchInvert, Field};

use crate::error::Error;
use crate::identifier::Identifier;
use crate::suite::{Scalar, Suite};

/// Checks that `set` has no duplicate identifier.
pub fn check_distinct<S: Suite>(set: &[Identifier<S>]) -> Result<(), Error<S>> {
    let mut seen = HashSet::with_capacity(set.len());
    for id in set {
        if !seen.insert(*id) {
            return Err(Error::DuplicateParticipant { culprit: *id });
        }
    }
    Ok(())
}

/// The Lagrange coefficient of `id` for interpolating at `x` from the points
/// of `set`: `prod_{j != i} (x - x_j) / (x_i - x_j)`. O(|set|), one
/// inversion. With `x = 0` this is RFC 9591 §4.2 `derive_interpolating_value`.
///
/// Errors: `id` not in `set` ([`Error::UnknownParticipant`]), or a duplicate
/// in `set` ([`Error::DuplicateParticipant`]).
pub fn lagrange_coefficient<S: Suite>(
    x: &Scalar<S>,
    id: &Identifier<S>,
    set: &[Identifier<S>],
) -> Result<Scalar<S>, Error<S>> {
    // A repeated identifier other than `id` leaves `den` non-zero (over
    // [1, 2, 2] the coefficient of 1 would come out as 4): refuse it first.
    check_distinct(set)?;
    let xi = id.to_scalar();
    let mut num = Scalar::<S>::ONE;
    let mut den = Scalar::<S>::ONE;
    let mut found = false;
    for j in set {
        if j == id {
            found = true;
            continue;
        }
        let xj = j.to_scalar();
        num *= *x - xj;
        den *= xi - xj;
    }
    if !found {
        return Err(Error::UnknownParticipant { culprit: *id });
    }
    // The identifiers are distinct and non-zero, so `den` is non-zero.
    let inv: Scalar<S> = Option::from(den.invert()).ok_or(Error::TooFewParticipants {
        needed: 1,
        got: set.len(),
    })?;
    Ok(num * inv)
}

/// All Lagrange coefficients of `set` for interpolating at `x`, in the order
/// of `set`. O(|set|^2) multiplications and a single (batched) inversion.
///
/// Errors: a duplicate identifier ([`Error::DuplicateParticipant`]) or an
/// empty set ([`Error::TooFewParticipants`]).
pub fn lagrange_coefficients<S: Suite>(
    x: &Scalar<S>,
    set: &[Identifier<S>],
) -> Result<Vec<Scalar<S>>, Error<S>> {
    if set.is_empty() {
        return Err(Error::TooFewParticipants { needed: 1, got: 0 });
    }
    check_distinct(set)?;
    // Interpolating at one of the points: that point's coefficient is 1.
    if let Some(k) = set.iter().position(|id| id.to_scalar() == *x) {
        return Ok((0..set.len())
            .map(|i| {
                if i == k {
                    Scalar::<S>::ONE
                } else {
                    Scalar::<S>::ZERO
                }
            })
            .collect());
    }
    let xs: Vec<Scalar<S>> = set.iter().map(Identifier::to_scalar).collect();
    let all: Scalar<S> = xs.iter().map(|xj| *x - xj).product();
    // lambda_i = all / ((x - x_i) * prod_{j != i} (x_i - x_j))
    let mut dens: Vec<Scalar<S>> = xs
        .iter()
        .enumerate()
        .map(|(i, xi)| {
            xs.iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .fold(*x - xi, |acc, (_, xj)| acc * (*xi - xj))
        })
        .collect();
    dens.iter_mut().batch_invert();
    Ok(dens.into_iter().map(|inv| all * inv).collect())
}
