//! tessera's binary wire format, shared by every message of every protocol.
//!
//! An encoded message is a 3-byte header followed by a body:
//!
//! | offset | size | field                                  |
//! |--------|------|----------------------------------------|
//! | 0      | 1    | format version ([`FORMAT_VERSION`])    |
//! | 1      | 1    | suite tag ([`Suite::ID`])              |
//! | 2      | 1    | message kind ([`Wire::KIND`])          |
//! | 3      | ...  | body                                   |
//!
//! Bodies are sequences of fixed-size scalars (`Ns` bytes) and points
//! (`Ne` bytes) in the suite's RFC 9591 encodings, big-endian `u16`/`u32`
//! counts, and length-prefixed byte strings. Every encoding is canonical:
//! decoding rejects non-canonical scalars, invalid points, the identity,
//! out-of-range counts and trailing bytes, so `decode(encode(x)) == x` and
//! `encode(decode(b)) == b` whenever `decode(b)` succeeds.
//!
//! Message kinds are allocated by crate: `0x01..=0x0f` core,
//! `0x10..=0x1f` FROST, `0x20..=0x3f` key generation and lifecycle,
//! `0x40..=0x4f` BIP 445 (tessera-bitcoin), `0x50..=0x6f` threshold ECDSA
//! (tessera-ecdsa); their names, and the suites' names, are in
//! [`crate::tags`], which every new kind must join.
//!
//! serde support ([`serde_via_wire!`](crate::serde_via_wire), [`fields`])
//! goes through this encoding: the wire bytes themselves in binary formats,
//! named fields in human-readable ones, and the same decoder for both.

pub mod fields;

use ff::PrimeField;
use group::GroupEncoding;

use crate::error::Error;
use crate::identifier::Identifier;
use crate::suite::{Point, Scalar, Suite};

/// The wire-format version this build writes and reads.
pub const FORMAT_VERSION: u8 = 2;

/// Length of the message header.
pub const HEADER_LEN: usize = 3;

/// Decodes a canonical scalar of exactly `S::SCALAR_LEN` bytes.
pub fn decode_scalar<S: Suite>(bytes: &[u8]) -> Result<Scalar<S>, Error<S>> {
    let mut repr = <Scalar<S> as PrimeField>::Repr::default();
    if repr.as_ref().len() != bytes.len() {
        return Err(Error::NonCanonicalScalar);
    }
    repr.as_mut().copy_from_slice(bytes);
    Option::from(Scalar::<S>::from_repr(repr)).ok_or(Error::NonCanonicalScalar)
}

/// Encodes a point (`SerializeElement` of RFC 9591).
pub fn encode_point<S: Suite>(point: &Point<S>) -> <Point<S> as GroupEncoding>::Repr {
    point.to_bytes()
}

/// Decodes a point strictly (see [`Suite::decode_point`]).
pub fn decode_point<S: Suite>(bytes: &[u8]) -> Result<Point<S>, Error<S>> {
    S::decode_point(bytes).map_err(Error::from)
}

/// A type with a tessera wire encoding.
pub trait Wire<S: Suite>: Sized {
    /// The message-kind byte of the header.
    const KIND: u8;

    /// Appends the body (no header).
    fn write_body(&self, w: &mut Writer);

    /// Reads the body (no header); the caller checks for trailing bytes.
    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, Error<S>>;

    /// Encodes header and body.
    fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer(vec![FORMAT_VERSION, S::ID, Self::KIND]);
        self.write_body(&mut w);
        w.0
    }

    /// Decodes header and body, rejecting any other version, suite or kind
    /// and any trailing byte.
    fn from_bytes(bytes: &[u8]) -> Result<Self, Error<S>> {
        let mut r = Reader::<S>::new(bytes);
        let [version, suite, kind] = r.take_array::<HEADER_LEN>()?;
        check_header::<S>(version, suite, kind, Self::KIND)?;
        let value = Self::read_body(&mut r)?;
        r.finish()?;
        Ok(value)
    }
}

/// Checks a header's version, suite tag and kind against this build's
/// version, suite `S` and the kind `expected_kind` being decoded: the header
/// check of [`Wire::from_bytes`], shared with the serde support.
pub fn check_header<S: Suite>(
    version: u8,
    suite: u8,
    kind: u8,
    expected_kind: u8,
) -> Result<(), Error<S>> {
    check_header_of::<S>(FORMAT_VERSION, [version, suite, kind], expected_kind)
}

/// Checks a header against the format version `expected_version` (for the
/// readers of earlier versions' encodings), suite `S` and `expected_kind`.
pub fn check_header_of<S: Suite>(
    expected_version: u8,
    [version, suite, kind]: [u8; HEADER_LEN],
    expected_kind: u8,
) -> Result<(), Error<S>> {
    if version != expected_version {
        return Err(Error::UnsupportedVersion {
            found: version,
            expected: expected_version,
        });
    }
    if suite != S::ID {
        return Err(Error::SuiteMismatch {
            found: suite,
            expected: S::ID,
        });
    }
    if kind != expected_kind {
        return Err(Error::KindMismatch {
            found: kind,
            expected: expected_kind,
        });
    }
    Ok(())
}

/// An append-only body writer.
#[derive(Default)]
pub struct Writer(Vec<u8>);

impl Writer {
    /// The bytes written so far.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Appends a scalar.
    pub fn scalar<F: PrimeField>(&mut self, s: &F) {
        self.0.extend_from_slice(s.to_repr().as_ref());
    }

    /// Appends a point.
    pub fn point<G: GroupEncoding>(&mut self, p: &G) {
        self.0.extend_from_slice(p.to_bytes().as_ref());
    }

    /// Appends points, encoded together ([`Suite::encode_points`]).
    pub fn points<S: Suite>(&mut self, points: &[Point<S>]) {
        for repr in S::encode_points(points) {
            self.0.extend_from_slice(repr.as_ref());
        }
    }

    /// Appends an identifier.
    pub fn identifier<S: Suite>(&mut self, id: &Identifier<S>) {
        self.scalar(&id.to_scalar());
    }

    /// Appends a big-endian `u16`.
    pub fn u16(&mut self, v: u16) {
        self.0.extend_from_slice(&v.to_be_bytes());
    }

    /// Appends a big-endian `u32`.
    pub fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_be_bytes());
    }

    /// Appends a count of items as a `u32` (saturating; counts in tessera are
    /// bounded far below).
    pub fn count(&mut self, n: usize) {
        self.u32(u32::try_from(n).unwrap_or(u32::MAX));
    }

    /// Appends a `u32` length followed by the bytes.
    pub fn bytes(&mut self, b: &[u8]) {
        self.count(b.len());
        self.0.extend_from_slice(b);
    }

    /// Appends raw bytes (fixed-size fields).
    pub fn raw(&mut self, b: &[u8]) {
        self.0.extend_from_slice(b);
    }
}

/// A body reader over untrusted bytes. Every read checks bounds and
/// canonicity.
pub struct Reader<'a, S: Suite> {
    rest: &'a [u8],
    _suite: core::marker::PhantomData<S>,
}

impl<'a, S: Suite> Reader<'a, S> {
    /// Starts reading `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Self {
            rest: bytes,
            _suite: core::marker::PhantomData,
        }
    }

    /// The bytes not read yet.
    pub fn remaining(&self) -> &'a [u8] {
        self.rest
    }

    /// Takes the next `n` bytes.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], Error<S>> {
        if self.rest.len() < n {
            return Err(Error::UnexpectedEnd {
                needed: n - self.rest.len(),
            });
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Ok(head)
    }

    /// Takes the next `N` bytes as an array.
    pub fn take_array<const N: usize>(&mut self) -> Result<[u8; N], Error<S>> {
        let bytes = self.take(N)?;
        let mut out = [0u8; N];
        out.copy_from_slice(bytes);
        Ok(out)
    }

    /// Reads a canonical scalar.
    pub fn scalar(&mut self) -> Result<Scalar<S>, Error<S>> {
        decode_scalar::<S>(self.take(S::SCALAR_LEN)?)
    }

    /// Reads a point (strict: no identity, canonical, in the subgroup).
    pub fn point(&mut self) -> Result<Point<S>, Error<S>> {
        decode_point::<S>(self.take(S::POINT_LEN)?)
    }

    /// Reads a non-zero identifier.
    pub fn identifier(&mut self) -> Result<Identifier<S>, Error<S>> {
        Identifier::from_bytes(self.take(S::SCALAR_LEN)?)
    }

    /// Reads a big-endian `u16`.
    pub fn u16(&mut self) -> Result<u16, Error<S>> {
        Ok(u16::from_be_bytes(self.take_array()?))
    }

    /// Reads a big-endian `u32`.
    pub fn u32(&mut self) -> Result<u32, Error<S>> {
        Ok(u32::from_be_bytes(self.take_array()?))
    }

    /// Reads a count of items of at least `item_len` bytes each, rejecting a
    /// count the remaining input cannot hold (so a hostile count cannot make
    /// the decoder allocate).
    pub fn count(&mut self, item_len: usize) -> Result<usize, Error<S>> {
        let n = usize::try_from(self.u32()?).map_err(|_| Error::InvalidLength(usize::MAX))?;
        if n.saturating_mul(item_len.max(1)) > self.rest.len() {
            return Err(Error::InvalidLength(n));
        }
        Ok(n)
    }

    /// Reads `n` `(identifier, value)` entries that must be in strictly
    /// increasing identifier order (the canonical encoding of a map),
    /// naming the first repeated or out-of-order identifier.
    pub fn sorted_map<T>(
        &mut self,
        n: usize,
        mut value: impl FnMut(&mut Self) -> Result<T, Error<S>>,
    ) -> Result<std::collections::BTreeMap<Identifier<S>, T>, Error<S>> {
        let mut map = std::collections::BTreeMap::new();
        let mut last: Option<Identifier<S>> = None;
        for _ in 0..n {
            let id = self.identifier()?;
            match last {
                Some(prev) if prev == id => {
                    return Err(Error::DuplicateParticipant { culprit: id });
                }
                Some(prev) if prev > id => {
                    return Err(Error::UnsortedParticipants { culprit: id });
                }
                _ => {}
            }
            last = Some(id);
            map.insert(id, value(self)?);
        }
        Ok(map)
    }

    /// Reads a `u32`-length-prefixed byte string.
    pub fn bytes(&mut self) -> Result<&'a [u8], Error<S>> {
        let n = self.count(1)?;
        self.take(n)
    }

    /// Fails unless every byte was consumed.
    pub fn finish(self) -> Result<(), Error<S>> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(Error::TrailingBytes {
                count: self.rest.len(),
            })
        }
    }
}

/// Implements `serde::Serialize` / `Deserialize` for wire types through their
/// [`Wire`] encoding (see [`fields`] for the formats).
///
/// `serde_via_wire!(Type)` writes the body as one hex field (`body`) in
/// human-readable formats. Listing the body's fields in wire order names
/// them instead, each with its [`fields::Value`] (the variants are in scope):
///
/// ```text
/// tessera_core::serde_via_wire!(KeyPackage {
///     identifier: Identifier,
///     threshold: U16,
///     epoch: Fixed(32),
///     signing_share: Scalar,
///     group_key: Point,
/// });
/// ```
///
/// Several types, with or without fields, can share one invocation,
/// separated by commas. Types whose `Wire` impl needs a narrower bound than
/// [`Suite`] (a crate's own suite trait) name it first:
/// `serde_via_wire!(bound = crate::suite::EcdsaSuite; Signature)`. Deserializing, in every format, ends in
/// [`Wire::from_bytes`], so it applies exactly the wire decoder's checks.
#[macro_export]
macro_rules! serde_via_wire {
    (@fields) => {
        $crate::encoding::fields::OPAQUE
    };
    (@fields $($field:ident : $value:expr),+) => {{
        #[allow(unused_imports)]
        use $crate::encoding::fields::Value::*;
        &[$((stringify!($field), $value)),+]
    }};
    (@impl [$bound:path] $($ty:ident $({ $($field:ident : $value:expr),+ $(,)? })?),+ $(,)?) => {$(
        impl<S: $bound> $crate::encoding::fields::WireFields<S> for $ty<S> {
            const FIELDS: &'static [$crate::encoding::fields::Field] =
                $crate::serde_via_wire!(@fields $($($field : $value),+)?);
        }
        impl<S: $bound> $crate::__serde::Serialize for $ty<S> {
            fn serialize<Ser: $crate::__serde::Serializer>(&self, ser: Ser) -> Result<Ser::Ok, Ser::Error> {
                $crate::encoding::fields::serialize::<S, Self, Ser>(self, ser)
            }
        }
        impl<'de, S: $bound> $crate::__serde::Deserialize<'de> for $ty<S> {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
                $crate::encoding::fields::deserialize::<S, Self, D>(de)
            }
        }
    )+};
    (bound = $bound:path; $($rest:tt)+) => {
        $crate::serde_via_wire!(@impl [$bound] $($rest)+);
    };
    ($($rest:tt)+) => {
        $crate::serde_via_wire!(@impl [$crate::Suite] $($rest)+);
    };
}
