//! Oblivious transfer, written for this crate because no well-kept Rust OT
//! crate exists: the base OT ([`base`]) and the OT extension ([`extension`])
//! that DKLs23's two-party multiplication ([`crate::rvole`]) runs on.
//!
//! Parameters (the security levels of secp256k1 and P-256): `KAPPA = 128`
//! base OTs (computational security), statistical security `s = 80`.
//! Both modules are internal: the pairwise setup ([`crate::setup`]) and
//! signing ([`crate::sign`]) drive them.

pub(crate) mod base;
pub(crate) mod bits;
pub(crate) mod extension;

/// The number of base OTs, the computational security parameter.
pub(crate) const KAPPA: usize = 128;

/// The statistical security parameter `s`.
pub(crate) const STAT: usize = 80;
