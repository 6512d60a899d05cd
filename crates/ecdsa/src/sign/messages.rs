//! The messages of signing and their wire encodings (kinds `0x58..=0x5a`).

use std::collections::BTreeMap;

use tessera_core::encoding::{HEADER_LEN, Reader, Wire, Writer};
use tessera_core::{Identifier, Point, Scalar};

use crate::ot::KAPPA;
use crate::ot::extension::{ExtensionMessage, PAD, column_len};
use crate::rvole::{AliceMessage, ScalarBlock, XI};
use crate::suite::EcdsaSuite;

/// Round 1, from one signer to another: a commitment to its nonce point and
/// `psi`, and its first multiplication message as Bob.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Round1Message<S: EcdsaSuite> {
    pub(crate) from: Identifier<S>,
    pub(crate) to: Identifier<S>,
    pub(crate) session: [u8; 32],
    pub(crate) pair: [u8; 32],
    pub(crate) commitment: [u8; 32],
    pub(crate) ote: ExtensionMessage,
}

/// Round 2, from one signer to another: the opening of its commitment,
/// its public key share, the `Gamma` points and its multiplication reply as
/// Alice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Round2Message<S: EcdsaSuite> {
    pub(crate) from: Identifier<S>,
    pub(crate) to: Identifier<S>,
    pub(crate) session: [u8; 32],
    pub(crate) nonce_point: Point<S>,
    pub(crate) psi: Scalar<S>,
    pub(crate) opening: [u8; 32],
    pub(crate) key_share: Point<S>,
    pub(crate) gamma_u: Point<S>,
    pub(crate) gamma_v: Point<S>,
    pub(crate) mult: AliceMessage<S>,
}

/// Round 3, broadcast: a signer's shares `(u_i, w_i)` of the signature's
/// denominator and numerator, and the nonce points it saw (so that an
/// equivocating signer shows).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureShare<S: EcdsaSuite> {
    pub(crate) from: Identifier<S>,
    pub(crate) session: [u8; 32],
    pub(crate) u: Scalar<S>,
    pub(crate) w: Scalar<S>,
    pub(crate) nonce_points: BTreeMap<Identifier<S>, Point<S>>,
}

macro_rules! sender_accessors {
    ($($ty:ident),+) => {$(
        impl<S: EcdsaSuite> $ty<S> {
            /// The sender.
            pub fn from(&self) -> Identifier<S> {
                self.from
            }
        }
    )+};
}
sender_accessors!(Round1Message, Round2Message, SignatureShare);

impl<S: EcdsaSuite> Round1Message<S> {
    /// The recipient.
    pub fn to(&self) -> Identifier<S> {
        self.to
    }

    /// Bytes on the wire.
    pub const WIRE_LEN: usize = HEADER_LEN + 2 * 32 + 3 * 32 + ExtensionMessage::wire_len(XI);
}

impl<S: EcdsaSuite> Round2Message<S> {
    /// The recipient.
    pub fn to(&self) -> Identifier<S> {
        self.to
    }

    /// Bytes on the wire.
    pub const WIRE_LEN: usize =
        HEADER_LEN + 2 * 32 + 32 + 4 * 33 + 2 * 32 + AliceMessage::<S>::WIRE_LEN;
}

impl<S: EcdsaSuite> SignatureShare<S> {
    /// Bytes on the wire for `t` signers.
    pub const fn wire_len(t: usize) -> usize {
        HEADER_LEN + 32 + 32 + 2 * 32 + 4 + t * (32 + 33)
    }
}

impl<S: EcdsaSuite> Wire<S> for Round1Message<S> {
    const KIND: u8 = 0x58;

    fn write_body(&self, w: &mut Writer) {
        w.identifier(&self.from);
        w.identifier(&self.to);
        w.raw(&self.session);
        w.raw(&self.pair);
        w.raw(&self.commitment);
        w.raw(&self.ote.nonce);
        w.raw(&self.ote.u);
        w.raw(&self.ote.x_check);
        for t in &self.ote.t_check {
            w.raw(t);
        }
    }

    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, tessera_core::Error<S>> {
        let from = r.identifier()?;
        let to = r.identifier()?;
        let session = r.take_array()?;
        let pair = r.take_array()?;
        let commitment = r.take_array()?;
        let nonce = r.take_array()?;
        let u = r.take(KAPPA * column_len(XI))?.to_vec();
        let x_check = r.take_array::<PAD>()?;
        let t_check = (0..KAPPA)
            .map(|_| r.take_array::<PAD>())
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            from,
            to,
            session,
            pair,
            commitment,
            ote: ExtensionMessage {
                nonce,
                u,
                x_check,
                t_check,
            },
        })
    }
}

impl<S: EcdsaSuite> Wire<S> for Round2Message<S> {
    const KIND: u8 = 0x59;

    fn write_body(&self, w: &mut Writer) {
        w.identifier(&self.from);
        w.identifier(&self.to);
        w.raw(&self.session);
        w.point(&self.nonce_point);
        w.scalar(&self.psi);
        w.raw(&self.opening);
        w.point(&self.key_share);
        w.point(&self.gamma_u);
        w.point(&self.gamma_v);
        w.raw(&self.mult.salt);
        w.raw(self.mult.a_tilde.bytes());
        w.scalar(&self.mult.eta);
        w.raw(&self.mult.mu);
    }

    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, tessera_core::Error<S>> {
        let from = r.identifier()?;
        let to = r.identifier()?;
        let session = r.take_array()?;
        let nonce_point = r.point()?;
        let psi = r.scalar()?;
        let opening = r.take_array()?;
        let key_share = r.point()?;
        let gamma_u = r.point()?;
        let gamma_v = r.point()?;
        let salt = r.take_array()?;
        let count = XI * 3;
        let a_tilde = ScalarBlock::from_bytes(r.take(count * 32)?, count)
            .ok_or(tessera_core::Error::NonCanonicalScalar)?;
        let eta = r.scalar()?;
        let mu = r.take_array()?;
        Ok(Self {
            from,
            to,
            session,
            nonce_point,
            psi,
            opening,
            key_share,
            gamma_u,
            gamma_v,
            mult: AliceMessage {
                salt,
                a_tilde,
                eta,
                mu,
            },
        })
    }
}

impl<S: EcdsaSuite> Wire<S> for SignatureShare<S> {
    const KIND: u8 = 0x5a;

    fn write_body(&self, w: &mut Writer) {
        w.identifier(&self.from);
        w.raw(&self.session);
        w.scalar(&self.u);
        w.scalar(&self.w);
        w.count(self.nonce_points.len());
        for (id, p) in &self.nonce_points {
            w.identifier(id);
            w.point(p);
        }
    }

    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, tessera_core::Error<S>> {
        let from = r.identifier()?;
        let session = r.take_array()?;
        let u = r.scalar()?;
        let w = r.scalar()?;
        let n = r.count(S::SCALAR_LEN + S::POINT_LEN)?;
        let nonce_points = r.sorted_map(n, |r| r.point())?;
        Ok(Self {
            from,
            session,
            u,
            w,
            nonce_points,
        })
    }
}

tessera_core::serde_via_wire!(bound = crate::suite::EcdsaSuite; Round1Message, Round2Message, SignatureShare);
