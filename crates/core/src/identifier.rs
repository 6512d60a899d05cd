//! Participant identifiers: non-zero scalars, ordered as integers.

use core::cmp::Ordering;
use core::fmt;
use core::hash::{Hash, Hasher};

use ff::{Field, PrimeField};

use crate::error::Error;
use crate::suite::{Scalar, Suite};

/// A participant's identifier: a non-zero scalar, the `x` at which the
/// participant's Shamir share is evaluated. Non-zero by construction: every
/// constructor rejects zero.
///
/// Identifiers order as the integers they encode (RFC 9591 §4.3 sorts
/// commitment lists by identifier), independently of the suite's endianness.
/// The big-endian encoding is kept beside the scalar, so comparing, hashing
/// and map lookups are byte comparisons, with no field conversion.
#[derive(Clone, Copy)]
pub struct Identifier<S: Suite> {
    scalar: Scalar<S>,
    /// The scalar's encoding as a big-endian integer.
    key: <Scalar<S> as PrimeField>::Repr,
}

impl<S: Suite> Identifier<S> {
    /// The identifier for the integer `n`; `None` for zero.
    pub fn new(n: u16) -> Option<Self> {
        Self::from_scalar(Scalar::<S>::from(u64::from(n)))
    }

    /// Wraps a scalar; `None` for zero.
    pub fn from_scalar(scalar: Scalar<S>) -> Option<Self> {
        if bool::from(scalar.is_zero()) {
            return None;
        }
        let mut key = scalar.to_repr();
        if !S::SCALAR_BIG_ENDIAN {
            key.as_mut().reverse();
        }
        Some(Self { scalar, key })
    }

    /// Derives an identifier from a name such as `b"device"` or
    /// `b"recovery"` with the suite's hash under the tag `"id"` (the `HID`
    /// function frost-core uses, so both derive the same identifier).
    pub fn derive(name: &[u8]) -> Result<Self, Error<S>> {
        Self::from_scalar(S::hash_to_scalar(b"id", &[name])).ok_or(Error::ZeroIdentifier)
    }

    /// Decodes a canonical, non-zero scalar encoding.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error<S>> {
        let scalar = crate::encoding::decode_scalar::<S>(bytes)?;
        Self::from_scalar(scalar).ok_or(Error::ZeroIdentifier)
    }

    /// The scalar encoding (`SerializeScalar` of RFC 9591).
    pub fn to_bytes(&self) -> <Scalar<S> as PrimeField>::Repr {
        let mut repr = self.key;
        if !S::SCALAR_BIG_ENDIAN {
            repr.as_mut().reverse();
        }
        repr
    }

    /// The identifier as a scalar.
    pub fn to_scalar(&self) -> Scalar<S> {
        self.scalar
    }

    /// The encoding as a big-endian integer, used for ordering and display.
    fn be_bytes(&self) -> &[u8] {
        self.key.as_ref()
    }

    /// The identifier as a `u16`, when it is that small.
    pub fn as_u16(&self) -> Option<u16> {
        let be = self.be_bytes();
        let (high, low) = be.split_at(be.len().saturating_sub(2));
        if high.iter().any(|b| *b != 0) {
            return None;
        }
        match low {
            [a, b] => Some(u16::from_be_bytes([*a, *b])),
            _ => None,
        }
    }
}

impl<S: Suite> PartialEq for Identifier<S> {
    fn eq(&self, other: &Self) -> bool {
        self.key.as_ref() == other.key.as_ref()
    }
}

impl<S: Suite> Eq for Identifier<S> {}

impl<S: Suite> Ord for Identifier<S> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.be_bytes().cmp(other.be_bytes())
    }
}

impl<S: Suite> PartialOrd for Identifier<S> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<S: Suite> Hash for Identifier<S> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.be_bytes().hash(state);
    }
}

impl<S: Suite> fmt::Display for Identifier<S> {
    /// Small identifiers print as integers, derived ones as hex.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.as_u16() {
            Some(n) => write!(f, "{n}"),
            None => {
                for b in self.be_bytes() {
                    write!(f, "{b:02x}")?;
                }
                Ok(())
            }
        }
    }
}

impl<S: Suite> fmt::Debug for Identifier<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Identifier({self})")
    }
}

/// `ids` as a comma-separated list, for error messages.
pub fn display_list<S: Suite>(ids: &[Identifier<S>]) -> String {
    ids.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// `ids` named for an error message: `participant 3`, `participants 1, 3`,
/// or `no participant`.
pub fn display_participants<S: Suite>(ids: &[Identifier<S>]) -> String {
    match ids {
        [] => "no participant".to_owned(),
        [one] => format!("participant {one}"),
        many => format!("participants {}", display_list(many)),
    }
}

/// The identifiers `1..=n`.
pub fn identifiers<S: Suite>(n: u16) -> Vec<Identifier<S>> {
    (1..=n).filter_map(Identifier::new).collect()
}
