//! The Signers Context of BIP 445 (§ "Key Material and Setup"): who signs,
//! with which public shares, under which threshold public key; validated
//! once, as *ValidateSignersCtx* specifies, and kept in validated form with
//! the signers' interpolating values.

use core::marker::PhantomData;

use group::Group;
use k256::{ProjectivePoint, Scalar};
use tessera_core::Identifier;
use tessera_frost::{Epoch, PublicKeyPackage};

use crate::K256Suite;
use crate::error::Error;
use crate::id::ParticipantId;
use crate::secp::{cbytes_ext, cpoint};

/// A validated BIP 445 Signers Context: `n`, `t`, the `u` signers' ids and
/// public shares (in the order contributions are listed), and the threshold
/// public key they interpolate to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignersContext<S: K256Suite> {
    n: u32,
    t: u32,
    ids: Vec<ParticipantId>,
    pubshares: Vec<ProjectivePoint>,
    pubshare_bytes: Vec<[u8; 33]>,
    thresh_pk: ProjectivePoint,
    /// `DeriveInterpolatingValue(ids, ids[i])` for every signer.
    lambdas: Vec<Scalar>,
    /// `SerializeIds(ids)`: the sorted ids, 4 bytes each.
    ser_ids: Vec<u8>,
    epoch: Option<Epoch>,
    _suite: PhantomData<S>,
}

impl<S: K256Suite> SignersContext<S> {
    /// *ValidateSignersCtx* on BIP 445's byte-level inputs: `1 <= t <= n`,
    /// `t <= u <= n`, one public share per id, every id below `n`, every
    /// public share a valid point, no duplicate id, and the public shares
    /// interpolating to `thresh_pk` (checked in that order, so the error is
    /// the one the reference implementation raises).
    pub fn new(
        n: u32,
        t: u32,
        ids: &[u32],
        pubshares: &[&[u8]],
        thresh_pk: &[u8],
    ) -> Result<Self, Error<S>> {
        if t < 1 || t > n {
            return Err(Error::InvalidThreshold { t, n });
        }
        let u = ids.len();
        if u < t as usize || u > n as usize {
            return Err(Error::InvalidSignerCount { u, t, n });
        }
        if pubshares.len() != u {
            return Err(Error::LengthMismatch {
                what: "public shares per signer id",
                expected: u,
                found: pubshares.len(),
            });
        }
        let mut points = Vec::with_capacity(u);
        for (index, (id, share)) in ids.iter().zip(pubshares).enumerate() {
            if *id >= n {
                return Err(Error::ParticipantIdOutOfRange {
                    index,
                    id: ParticipantId(*id),
                    n,
                });
            }
            points.push(cpoint(share).ok_or(Error::InvalidPubshare { index })?);
        }
        let ids: Vec<ParticipantId> = ids.iter().copied().map(ParticipantId).collect();
        Self::validated(n, t, ids, points, thresh_pk, None)
    }

    /// The Signers Context of `signers` (tessera identifiers, in the order
    /// their contributions will be listed) holding the key of `public`.
    ///
    /// BIP 445 ids are the identifiers minus one (see [`crate::id`]); `t` is
    /// the package's threshold and `n` the smallest bound that covers every
    /// mapped identifier in the package (BIP 445 uses `n` only to bound the
    /// ids). The context records the package's epoch: signing with a key
    /// package of another epoch is refused.
    pub fn from_public(
        public: &PublicKeyPackage<S>,
        signers: &[Identifier<S>],
    ) -> Result<Self, Error<S>> {
        let mut ids = Vec::with_capacity(signers.len());
        let mut points = Vec::with_capacity(signers.len());
        for id in signers {
            let share = public
                .verifying_share(id)
                .map_err(|_| Error::UnknownParticipant { culprit: *id })?;
            ids.push(ParticipantId::from_identifier(id)?);
            points.push(share);
        }
        let n = public
            .verifying_shares()
            .keys()
            .filter_map(|id| ParticipantId::from_identifier::<S>(id).ok())
            .map(|id| id.0.saturating_add(1))
            .max()
            .unwrap_or(0);
        let t = u32::from(public.threshold());
        if t > n {
            return Err(Error::InvalidThreshold { t, n });
        }
        let u = ids.len();
        if u < t as usize || u > n as usize {
            return Err(Error::InvalidSignerCount { u, t, n });
        }
        let thresh_pk = cbytes_ext(&public.group_key());
        Self::validated(n, t, ids, points, &thresh_pk, Some(public.epoch()))
    }

    /// The rest of *ValidateSignersCtx*: duplicates, then *DeriveThreshPubkey*.
    fn validated(
        n: u32,
        t: u32,
        ids: Vec<ParticipantId>,
        pubshares: Vec<ProjectivePoint>,
        thresh_pk: &[u8],
        epoch: Option<Epoch>,
    ) -> Result<Self, Error<S>> {
        let mut sorted = ids.clone();
        sorted.sort();
        if let Some(pair) = sorted.windows(2).find(|w| w.first() == w.get(1)) {
            let id = pair.first().copied().unwrap_or(ParticipantId(0));
            return Err(Error::DuplicateParticipant { id });
        }
        let lambdas = interpolating_values::<S>(&ids)?;
        let terms: Vec<_> = pubshares
            .iter()
            .copied()
            .zip(lambdas.iter().copied())
            .collect();
        let q = S::vartime_msm(&terms);
        if bool::from(q.is_identity()) {
            return Err(Error::ThresholdKeyAtInfinity);
        }
        if cbytes_ext(&q).as_slice() != thresh_pk {
            return Err(Error::KeyMaterialMismatch);
        }
        let pubshare_bytes = pubshares.iter().map(cbytes_ext).collect();
        let ser_ids = sorted.iter().flat_map(|id| id.to_bytes()).collect();
        Ok(Self {
            n,
            t,
            ids,
            pubshares,
            pubshare_bytes,
            thresh_pk: q,
            lambdas,
            ser_ids,
            epoch,
            _suite: PhantomData,
        })
    }

    /// The number of participants `n`.
    pub fn n(&self) -> u32 {
        self.n
    }

    /// The threshold `t`.
    pub fn t(&self) -> u32 {
        self.t
    }

    /// The signers' ids, in list order.
    pub fn ids(&self) -> &[ParticipantId] {
        &self.ids
    }

    /// The signers' public shares, in list order.
    pub fn pubshares(&self) -> &[ProjectivePoint] {
        &self.pubshares
    }

    /// The threshold public key (untweaked).
    pub fn thresh_pk(&self) -> ProjectivePoint {
        self.thresh_pk
    }

    /// The key epoch, when the context was built from a tessera public key
    /// package.
    pub fn epoch(&self) -> Option<Epoch> {
        self.epoch
    }

    /// The position of `id` in the signer list.
    pub fn position(&self, id: ParticipantId) -> Option<usize> {
        self.ids.iter().position(|x| *x == id)
    }

    pub(crate) fn pubshare_bytes(&self) -> &[[u8; 33]] {
        &self.pubshare_bytes
    }

    pub(crate) fn lambda(&self, index: usize) -> Scalar {
        self.lambdas.get(index).copied().unwrap_or(Scalar::ZERO)
    }

    pub(crate) fn ser_ids(&self) -> &[u8] {
        &self.ser_ids
    }
}

/// *DeriveInterpolatingValue* for every signer: `prod (id_j + 1) / (id_j -
/// id_i)` over the other signers `j`, with one field inversion for all
/// (Montgomery's trick). The ids must be distinct.
fn interpolating_values<S: K256Suite>(ids: &[ParticipantId]) -> Result<Vec<Scalar>, Error<S>> {
    let xs: Vec<Scalar> = ids.iter().map(|id| Scalar::from(u64::from(id.0))).collect();
    let mut nums = Vec::with_capacity(xs.len());
    let mut dens = Vec::with_capacity(xs.len());
    for (i, xi) in xs.iter().enumerate() {
        let mut num = Scalar::ONE;
        let mut den = Scalar::ONE;
        for (j, xj) in xs.iter().enumerate() {
            if i != j {
                num *= *xj + Scalar::ONE;
                den *= *xj - xi;
            }
        }
        nums.push(num);
        dens.push(den);
    }
    // Batch inversion of the denominators.
    let mut prefix = Vec::with_capacity(dens.len());
    let mut acc = Scalar::ONE;
    for d in &dens {
        prefix.push(acc);
        acc *= d;
    }
    // Distinct ids make every denominator non-zero; the error is unreachable.
    let mut inv: Scalar = Option::from(acc.invert()).ok_or(Error::ZeroHash)?;
    let mut out = vec![Scalar::ZERO; dens.len()];
    for ((o, d), p) in out.iter_mut().zip(&dens).zip(&prefix).rev() {
        *o = inv * p;
        inv *= d;
    }
    Ok(out.iter().zip(&nums).map(|(i, n)| *i * n).collect())
}
