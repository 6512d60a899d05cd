//! Affine bucket accumulation for Pippenger's method on the SEC1 curves:
//! the points of a window's buckets are added pairwise in affine
//! coordinates, all pairs of a round sharing one field inversion
//! (Montgomery's trick).
//!
//! An affine addition `(x1, y1) + (x2, y2)` is `λ = (y2 - y1) / (x2 - x1)`,
//! `x3 = λ² - x1 - x2`, `y3 = λ (x1 - x3) - y1`: three multiplications once
//! the inverse is known, and the batch inversion costs three
//! multiplications per element plus one inversion per round, about 6M in
//! all, against 12 multiplications for the backends' complete projective
//! addition. Doubling (`x1 = x2`, `y1 = y2`) takes `λ = (3 x1² + a) / 2 y1`
//! in the same batch; `P + (-P)` leaves the bucket without inversion. No
//! point of a prime-order curve of odd order has `y = 0`, so no denominator
//! is zero.
//!
//! The base fields are reached through `elliptic_curve::hazmat`, which
//! warns that k256's field elements are lazily reduced: a negation is only
//! right for a value of small magnitude, and `==` or a zero test only on
//! canonical values. Every coordinate stored here goes through
//! [`Coordinates::reduce`] (magnitude 1), and every equality is a zero test
//! of a difference by [`Coordinates::is_zero`], exact at any magnitude the
//! formulas reach; the property tests in
//! `tests/msm.rs` compare every path against a naive sum.

// Products are written `a * &b` and `acc = acc * b`: k256 marks only its
// `Mul<&FieldElement>` `#[inline(always)]`; its by-value `Mul` and
// `MulAssign` are calls across the crate boundary, and squaring costs
// three multiplications there (measured: 12 ns per product, 40 per square).
#![allow(clippy::op_ref, clippy::assign_op_pattern)]

use elliptic_curve::CurveArithmetic;
use elliptic_curve::hazmat::FieldArithmetic;
use elliptic_curve::ops::Invert;
use elliptic_curve::point::AffineCoordinates;
use ff::{Field, PrimeField};

/// A base field element of curve `C`.
pub(crate) type Fe<C> = <C as FieldArithmetic>::FieldElement;

/// What the affine formulas need of a curve beyond `elliptic_curve`'s
/// traits: its `a` coefficient and a full reduction of its field elements.
pub(crate) trait Coordinates: CurveArithmetic + FieldArithmetic {
    /// `a` in `y² = x³ + a x + b`.
    fn a() -> Fe<Self>;
    /// `x` reduced enough to be negated (k256: magnitude 1); not
    /// necessarily canonical.
    fn reduce(x: &Fe<Self>) -> Fe<Self>;
    /// Whether `x` is zero, for any `x` the formulas here produce.
    fn is_zero(x: &Fe<Self>) -> bool;
}

#[cfg(any(feature = "secp256k1", feature = "secp256k1-tr"))]
impl Coordinates for k256::Secp256k1 {
    fn a() -> Fe<Self> {
        Fe::<Self>::ZERO
    }
    fn reduce(x: &Fe<Self>) -> Fe<Self> {
        x.normalize_weak()
    }
    fn is_zero(x: &Fe<Self>) -> bool {
        x.normalizes_to_zero().into()
    }
}

#[cfg(feature = "p256")]
impl Coordinates for p256::NistP256 {
    fn a() -> Fe<Self> {
        -Fe::<Self>::from(3u64)
    }
    /// p256's field elements are always fully reduced (Montgomery form).
    fn reduce(x: &Fe<Self>) -> Fe<Self> {
        *x
    }
    fn is_zero(x: &Fe<Self>) -> bool {
        x.is_zero().into()
    }
}

/// A point other than the identity, by its coordinates, each passed through
/// [`Coordinates::reduce`].
pub(crate) struct Xy<C: Coordinates> {
    pub(crate) x: Fe<C>,
    pub(crate) y: Fe<C>,
}

impl<C: Coordinates> Clone for Xy<C> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<C: Coordinates> Copy for Xy<C> {}

impl<C: Coordinates> Xy<C> {
    /// The coordinates of an affine point; `None` for the identity.
    pub(crate) fn of(point: &C::AffinePoint) -> Option<Self> {
        if bool::from(group::CurveAffine::is_identity(point)) {
            return None;
        }
        let x = Option::from(Fe::<C>::from_repr(point.x()))?;
        let y = Option::from(Fe::<C>::from_repr(point.y()))?;
        Some(Self { x, y })
    }

    /// `-P`.
    pub(crate) fn neg(&self) -> Self {
        Self {
            x: self.x,
            y: C::reduce(&-self.y),
        }
    }

    /// Back to the backend's affine point (checks the curve equation, a
    /// few multiplications); `None` only if the arithmetic here is wrong.
    pub(crate) fn point(&self) -> Option<C::AffinePoint> {
        Option::from(C::AffinePoint::from_coordinates(
            &self.x.to_repr(),
            &self.y.to_repr(),
        ))
    }
}

/// What adding one pair of a bucket needs.
#[derive(Clone, Copy)]
enum Pair {
    /// `x1 != x2`: chord, denominator `x2 - x1`.
    Add,
    /// `P + P`: tangent, denominator `2 y`.
    Double,
    /// `P + (-P)`: the identity, nothing to invert.
    Cancel,
}

/// How to add `p + q`, with the denominator of `λ` if there is one.
fn classify<C: Coordinates>(p: &Xy<C>, q: &Xy<C>) -> (Pair, Option<Fe<C>>) {
    let dx = q.x - p.x;
    if !C::is_zero(&dx) {
        (Pair::Add, Some(dx))
    } else if C::is_zero(&(q.y - p.y)) {
        (Pair::Double, Some(p.y + p.y))
    } else {
        (Pair::Cancel, None)
    }
}

/// `p + q` of a pair classified `Add` or `Double`, given the inverse of its
/// denominator (the identity for `Cancel` is the caller's).
fn sum<C: Coordinates>(p: &Xy<C>, q: &Xy<C>, kind: Pair, inv: &Fe<C>) -> Xy<C> {
    let lambda = match kind {
        Pair::Double => {
            let xx = p.x * &p.x;
            (xx + xx + xx + C::a()) * inv
        }
        Pair::Add | Pair::Cancel => (q.y - p.y) * inv,
    };
    let x = C::reduce(&(lambda * &lambda - p.x - q.x));
    let y = C::reduce(&(lambda * &(p.x - x) - p.y));
    Xy { x, y }
}

/// Many independent sums `acc[i] + q[i]` at once, sharing one inversion
/// ([`Buckets::weighted_sums`]). Holds scratch space kept between calls.
struct Sums<C: Coordinates> {
    kinds: Vec<Option<Pair>>,
    dens: Vec<Fe<C>>,
    prefix: Vec<Fe<C>>,
}

impl<C: Coordinates> Sums<C> {
    fn new() -> Self {
        Self {
            kinds: Vec::new(),
            dens: Vec::new(),
            prefix: Vec::new(),
        }
    }

    /// `acc[i] += q[i]` for every `i` of `acc` (`None` is the identity);
    /// `None` only if an inversion fails (see the module documentation).
    fn add_each(&mut self, acc: &mut [Option<Xy<C>>], q: &[Option<Xy<C>>]) -> Option<()> {
        self.kinds.clear();
        self.dens.clear();
        for (a, b) in acc.iter().zip(q) {
            let kind = match (a, b) {
                (Some(a), Some(b)) => {
                    let (kind, den) = classify(a, b);
                    self.dens.extend(den);
                    Some(kind)
                }
                _ => None,
            };
            self.kinds.push(kind);
        }
        invert_all::<C>(&mut self.dens, &mut self.prefix)?;
        let mut dens = self.dens.iter();
        for ((a, b), kind) in acc.iter_mut().zip(q).zip(&self.kinds) {
            *a = match (*a, b) {
                (a, None) => a,
                (None, b) => *b,
                (Some(a), Some(b)) => match (*kind)? {
                    Pair::Cancel => None,
                    kind => Some(sum(&a, b, kind, dens.next()?)),
                },
            };
        }
        Some(())
    }
}

/// Buckets laid out one after the other in one vector: bucket `b` holds
/// `points[start[b]..start[b] + len[b]]`, and its value is their sum.
pub(crate) struct Buckets<C: Coordinates> {
    pub(crate) points: Vec<Xy<C>>,
    pub(crate) start: Vec<usize>,
    pub(crate) len: Vec<usize>,
    /// Scratch space kept between rounds and windows.
    pairs: Vec<Pair>,
    dens: Vec<Fe<C>>,
    prefix: Vec<Fe<C>>,
}

impl<C: Coordinates> Buckets<C> {
    pub(crate) fn new(buckets: usize, capacity: usize) -> Self {
        Self {
            points: Vec::with_capacity(capacity),
            start: vec![0; buckets],
            len: vec![0; buckets],
            pairs: Vec::new(),
            dens: Vec::new(),
            prefix: Vec::new(),
        }
    }

    /// Adds the points of every bucket pairwise, round after round, until
    /// each holds at most one point. `None` only if an inversion fails,
    /// which the arithmetic rules out (see the module documentation).
    pub(crate) fn reduce(&mut self) -> Option<()> {
        while self.len.iter().any(|&l| l > 1) {
            self.round()?;
        }
        Some(())
    }

    /// One round: every bucket's points `2k` and `2k + 1` are added; the
    /// sums, then an odd last point, move to the front of the bucket.
    fn round(&mut self) -> Option<()> {
        self.pairs.clear();
        self.dens.clear();
        for (&start, &len) in self.start.iter().zip(&self.len) {
            let pairs = self.points.get(start..start + len)?.chunks_exact(2);
            for pair in pairs {
                let (p, q) = (pair.first()?, pair.get(1)?);
                let (kind, den) = classify(p, q);
                self.dens.extend(den);
                self.pairs.push(kind);
            }
        }
        invert_all::<C>(&mut self.dens, &mut self.prefix)?;
        let (mut pair_at, mut den_at) = (0, 0);
        for (&start, len) in self.start.iter().zip(self.len.iter_mut()) {
            let mut out = start;
            for k in 0..*len / 2 {
                let kind = *self.pairs.get(pair_at)?;
                pair_at += 1;
                let p = *self.points.get(start + 2 * k)?;
                let q = *self.points.get(start + 2 * k + 1)?;
                if let Pair::Cancel = kind {
                    continue;
                }
                let sum = sum(&p, &q, kind, self.dens.get(den_at)?);
                den_at += 1;
                // `out <= start + k <= start + 2k`: only points already read
                // are overwritten.
                *self.points.get_mut(out)? = sum;
                out += 1;
            }
            if *len % 2 == 1 {
                let last = *self.points.get(start + *len - 1)?;
                *self.points.get_mut(out)? = last;
                out += 1;
            }
            *len = out - start;
        }
        Some(())
    }

    /// For `windows` consecutive groups of `slots` reduced buckets (at most
    /// one point each), every group's `sum_j (j + 1) B_j`, `None` standing
    /// for the identity: running sums from the top bucket down, all groups
    /// in step so that one inversion serves every group's two additions of
    /// a step. `state` holds the running sums `R`, then the weighted sums
    /// `S`; each step sets `(R, S) = (R + B_j, S + R)` at once, so `S`
    /// misses the last `R`, added at the end.
    pub(crate) fn weighted_sums(&self, windows: usize, slots: usize) -> Option<Vec<Option<Xy<C>>>> {
        let mut sums = Sums::new();
        let mut state = vec![None; 2 * windows];
        let mut addends = vec![None; 2 * windows];
        for j in (0..slots).rev() {
            let (column, running) = addends.split_at_mut(windows);
            for (w, point) in column.iter_mut().enumerate() {
                *point = self.value(w * slots + j)?;
            }
            running.copy_from_slice(state.get(..windows)?);
            sums.add_each(&mut state, &addends)?;
        }
        let (running, weighted) = state.split_at_mut(windows);
        sums.add_each(weighted, running)?;
        Some(weighted.to_vec())
    }

    /// The point of reduced bucket `b`, `Some(None)` if it is empty; `None`
    /// if `b` is out of range or not reduced.
    pub(crate) fn value(&self, b: usize) -> Option<Option<Xy<C>>> {
        match self.len.get(b)? {
            0 => Some(None),
            1 => Some(Some(*self.points.get(*self.start.get(b)?)?)),
            _ => None,
        }
    }
}

/// Replaces every element of `values` by its inverse with one inversion
/// (Montgomery's trick); `prefix` is scratch space. `None` if one is zero.
/// Not `ff::BatchInvert` (used where scalars are inverted, `lagrange.rs`):
/// that one inverts in constant time, selects every element in constant
/// time to skip zeros (whose test is wrong on k256's unreduced values) and
/// allocates its scratch on every call; these denominators are public and
/// never zero, and this runs once per round of every MSM.
pub(crate) fn invert_all<C: Coordinates>(
    values: &mut [Fe<C>],
    prefix: &mut Vec<Fe<C>>,
) -> Option<()> {
    prefix.clear();
    let mut acc = Fe::<C>::ONE;
    for v in values.iter() {
        prefix.push(acc);
        acc = acc * v;
    }
    let mut inv: Fe<C> = Option::from(acc.invert_vartime())?;
    for (v, before) in values.iter_mut().zip(prefix.iter()).rev() {
        let v_inv = inv * before;
        inv = inv * &*v;
        *v = v_inv;
    }
    Some(())
}
