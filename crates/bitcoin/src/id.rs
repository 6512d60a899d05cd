//! BIP 445 participant ids and their tessera identifiers.
//!
//! BIP 445 numbers participants from zero (`0 <= id <= n - 1`, serialised as
//! 4 big-endian bytes) and interpolates at `id + 1` (its
//! `DeriveInterpolatingValue` shifts every id by one). A tessera
//! [`Identifier`] *is* the interpolation point, so the mapping is
//! `identifier = id + 1`, and only the identifiers `1 ..= 2^32` map; any
//! other (an identifier derived from a name, say) is refused with
//! [`Error::UnmappableIdentifier`].

use core::fmt;

use ff::PrimeField;
use tessera_core::{Identifier, Scalar, Suite};

use crate::error::Error;

/// A BIP 445 participant id: a 32-bit integer, zero-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ParticipantId(pub u32);

impl ParticipantId {
    /// The tessera identifier of this participant: `id + 1`. `None` only
    /// in a scalar field smaller than 2^32 (no tessera suite has one).
    pub fn to_identifier<S: Suite>(self) -> Option<Identifier<S>> {
        Identifier::from_scalar(Scalar::<S>::from(u64::from(self.0) + 1))
    }

    /// The participant id of a tessera identifier: `identifier - 1`, for
    /// the identifiers `1 ..= 2^32`.
    pub fn from_identifier<S: Suite>(id: &Identifier<S>) -> Result<Self, Error<S>> {
        let repr = id.to_scalar().to_repr();
        let mut be: Vec<u8> = repr.as_ref().to_vec();
        if !S::SCALAR_BIG_ENDIAN {
            be.reverse();
        }
        let split = be.len().saturating_sub(8);
        let (high, low) = be.split_at(split);
        let low: [u8; 8] = low
            .try_into()
            .map_err(|_| Error::UnmappableIdentifier { culprit: *id })?;
        let value = u64::from_be_bytes(low);
        if high.iter().any(|b| *b != 0) || value == 0 || value > 1 << 32 {
            return Err(Error::UnmappableIdentifier { culprit: *id });
        }
        u32::try_from(value - 1)
            .map(Self)
            .map_err(|_| Error::UnmappableIdentifier { culprit: *id })
    }

    /// The 4-byte big-endian serialisation BIP 445 hashes.
    pub fn to_bytes(self) -> [u8; 4] {
        self.0.to_be_bytes()
    }

    /// `ids` as a comma-separated list, for error messages.
    pub fn display_list(ids: &[ParticipantId]) -> String {
        ids.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for ParticipantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}
