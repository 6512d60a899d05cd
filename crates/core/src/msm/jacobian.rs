//! Jacobian coordinates for the running sums of [`super::pippenger`] when a
//! batch holds too few windows to run them in step in affine coordinates,
//! and for the conversion of the window sums back to the backend's points:
//! `(X, Y, Z)` stands for the affine point `(X / Z², Y / Z³)`. The
//! backends' complete projective formulas cost 12 multiplications and
//! several function calls per addition; a running sum adds an affine bucket
//! (8M + 3S here) and a Jacobian point (12M + 4S), with the exceptional
//! cases (`P = Q`, `P = -Q`, the identity) decided by zero tests, which is
//! fine for variable-time code on public points.
//!
//! Magnitudes (k256): every value that is negated, subtracted or stored
//! goes through [`Coordinates::reduce`] first, as in [`super::affine`].

// Products are written `a * &b` and `acc = acc * b`: k256 marks only its
// `Mul<&FieldElement>` `#[inline(always)]`; its by-value `Mul` and
// `MulAssign` are calls across the crate boundary, and squaring costs
// three multiplications there (measured: 12 ns per product, 40 per square).
#![allow(clippy::op_ref, clippy::assign_op_pattern)]

use ff::Field;

use super::affine::{Buckets, Coordinates, Fe, Xy, invert_all};

/// A point other than the identity in Jacobian coordinates.
pub(crate) struct Jacobian<C: Coordinates> {
    x: Fe<C>,
    y: Fe<C>,
    z: Fe<C>,
}

impl<C: Coordinates> Clone for Jacobian<C> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<C: Coordinates> Copy for Jacobian<C> {}

/// `a + b` for reduced `a`, `b`, reduced.
fn add<C: Coordinates>(a: &Fe<C>, b: &Fe<C>) -> Fe<C> {
    C::reduce(&(*a + b))
}

/// `a - b` for reduced `a`, `b`, reduced.
fn sub<C: Coordinates>(a: &Fe<C>, b: &Fe<C>) -> Fe<C> {
    C::reduce(&(*a - b))
}

impl<C: Coordinates> Jacobian<C> {
    /// An affine point.
    pub(crate) fn from_xy(p: &Xy<C>) -> Self {
        Self {
            x: p.x,
            y: p.y,
            z: Fe::<C>::ONE,
        }
    }

    /// `2 P` (`dbl-2007-bl`-style for any `a`); `None` never happens on a
    /// prime-order curve of odd order (no point has `Y = 0`), but is
    /// returned as the identity to be safe.
    fn double(&self) -> Option<Self> {
        if C::is_zero(&self.y) {
            return None;
        }
        let xx = self.x * &self.x;
        let yy = self.y * &self.y;
        let yyyy = yy * &yy;
        let zz = self.z * &self.z;
        let xyy = self.x * &yy;
        let s = add::<C>(&add::<C>(&xyy, &xyy), &add::<C>(&xyy, &xyy));
        let m = C::reduce(&(xx + xx + xx + C::a() * &(zz * &zz)));
        let x = sub::<C>(&(m * &m), &add::<C>(&s, &s));
        let y8 = add::<C>(&yyyy, &yyyy);
        let y8 = add::<C>(&y8, &y8);
        let y8 = add::<C>(&y8, &y8);
        let y = sub::<C>(&(m * &sub::<C>(&s, &x)), &y8);
        let yz = self.y * &self.z;
        Some(Self {
            x,
            y,
            z: add::<C>(&yz, &yz),
        })
    }

    /// The sum given `U1, S1` (this point's) and `U2, S2` (the other's)
    /// scaled to a common `Z`, and `z` the product of the `Z`s (without H).
    fn finish(&self, u1: &Fe<C>, s1: &Fe<C>, u2: &Fe<C>, s2: &Fe<C>, z: &Fe<C>) -> Option<Self> {
        let h = sub::<C>(u2, u1);
        let r = sub::<C>(s2, s1);
        if C::is_zero(&h) {
            return if C::is_zero(&r) { self.double() } else { None };
        }
        let hh = h * &h;
        let hhh = h * &hh;
        let v = *u1 * &hh;
        let x = sub::<C>(&sub::<C>(&(r * &r), &hhh), &add::<C>(&v, &v));
        let y = sub::<C>(&(r * &sub::<C>(&v, &x)), &(*s1 * &hhh));
        Some(Self { x, y, z: *z * &h })
    }

    /// `P + Q` for an affine `Q`; `None` is the identity.
    fn add_xy(&self, q: &Xy<C>) -> Option<Self> {
        let z1z1 = self.z * &self.z;
        let u2 = q.x * &z1z1;
        let s2 = q.y * &(self.z * &z1z1);
        self.finish(&self.x, &self.y, &u2, &s2, &self.z)
    }

    /// `P + Q`; `None` is the identity.
    fn add(&self, q: &Self) -> Option<Self> {
        let z1z1 = self.z * &self.z;
        let z2z2 = q.z * &q.z;
        let u1 = self.x * &z2z2;
        let u2 = q.x * &z1z1;
        let s1 = self.y * &(q.z * &z2z2);
        let s2 = q.y * &(self.z * &z1z1);
        self.finish(&u1, &s1, &u2, &s2, &(self.z * &q.z))
    }
}

/// `acc + q` where `None` is the identity.
fn plus<C: Coordinates>(acc: Option<Jacobian<C>>, q: &Option<Jacobian<C>>) -> Option<Jacobian<C>> {
    match (acc, q) {
        (None, q) => *q,
        (acc, None) => acc,
        (Some(a), Some(q)) => a.add(q),
    }
}

/// `acc + q` for an affine `q`, where `None` is the identity.
fn plus_xy<C: Coordinates>(acc: Option<Jacobian<C>>, q: &Xy<C>) -> Option<Jacobian<C>> {
    match acc {
        None => Some(Jacobian::from_xy(q)),
        Some(a) => a.add_xy(q),
    }
}

/// For `windows` consecutive groups of `slots` reduced buckets, every
/// group's `sum_j (j + 1) B_j` by a running sum from the top bucket down,
/// one group at a time (see [`Buckets::weighted_sums`] for all in step).
pub(crate) fn weighted_sums<C: Coordinates>(
    buckets: &Buckets<C>,
    windows: usize,
    slots: usize,
) -> Option<Vec<Option<Jacobian<C>>>> {
    let mut sums = Vec::with_capacity(windows);
    for w in 0..windows {
        let (mut running, mut sum) = (None, None);
        for j in (0..slots).rev() {
            if let Some(b) = buckets.value(w * slots + j)? {
                running = plus_xy(running, &b);
            }
            sum = plus(sum, &running);
        }
        sums.push(sum);
    }
    Some(sums)
}

/// The backend points of `points` (one inversion for all); `None` only if
/// the arithmetic is wrong.
pub(crate) fn to_points<C: Coordinates>(
    points: &[Option<Jacobian<C>>],
) -> Option<Vec<C::ProjectivePoint>> {
    use group::Group;
    let mut zs: Vec<Fe<C>> = points.iter().flatten().map(|p| p.z).collect();
    let mut scratch = Vec::with_capacity(zs.len());
    invert_all::<C>(&mut zs, &mut scratch)?;
    let mut zs = zs.iter();
    let mut out = Vec::with_capacity(points.len());
    for p in points {
        out.push(match p {
            None => C::ProjectivePoint::identity(),
            Some(p) => {
                let z_inv = zs.next()?;
                let z2 = *z_inv * z_inv;
                let xy = Xy::<C> {
                    x: C::reduce(&(p.x * &z2)),
                    y: C::reduce(&(p.y * &(z2 * z_inv))),
                };
                C::ProjectivePoint::from(xy.point()?)
            }
        });
    }
    Some(out)
}
