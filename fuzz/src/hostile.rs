//! A hostile party's message, as a structure `arbitrary` builds from the
//! fuzzer's bytes, and its delivery through the receiver's strict decoder.
//!
//! Every message a hostile party sends starts from the message an honest
//! party in its place would send (the *template*): the fuzzer keeps it,
//! drops it, replays another message of the same round (misaddressed,
//! stale, another sender's), replaces its body, or edits its encoding.
//! Edits write valid encodings where they matter: a point that is any
//! combination `g G + sum c_i P_i` of the points the adversary has seen
//! (so that, e.g., a commitment equal to minus the sum of the others' is
//! one edit away), a scalar `k + sum c_i s_i`, a count, an identifier.
//! The receiver decodes the result with the type's own decoder: whatever
//! decodes must re-encode to exactly the bytes received (the canonical
//! encoding property), and what does not decode is not delivered.

use core::fmt::Debug;

use arbitrary::{Arbitrary, Unstructured};
use ff::{Field, PrimeField};
use group::{Group, GroupEncoding};
use tessera_core::encoding::{FORMAT_VERSION, HEADER_LEN, Wire};
use tessera_core::{Identifier, Point, Scalar, Suite};

/// Bytes with a two-byte length (`arbitrary`'s `Vec<u8>` spends a byte per
/// byte on "one more?" flags).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bytes(pub Vec<u8>);

/// The longest [`Bytes`] value.
pub const MAX_BYTES: usize = 4096;

impl<'a> Arbitrary<'a> for Bytes {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let len = usize::from(u16::arbitrary(u)?) % (MAX_BYTES + 1);
        let len = len.min(u.len());
        Ok(Bytes(u.bytes(len)?.to_vec()))
    }
}

/// What a hostile party sends in place of one honest message.
#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub enum Hostile {
    /// The honest message, unchanged.
    Honest,
    /// Nothing.
    Omit,
    /// The honest message's encoding with edits applied.
    Edit(Vec<Edit>),
    /// Another message of the same type and round (by index among the
    /// round's templates): a replay, a message for someone else.
    Replay(u8),
    /// The right header followed by the fuzzer's body.
    Body(Bytes),
    /// The fuzzer's bytes, header included.
    Raw(Bytes),
}

/// One edit of an encoding. Offsets are taken modulo the encoding's length.
#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// XOR one byte with a mask.
    Xor {
        /// Offset.
        at: u16,
        /// Mask.
        mask: u8,
    },
    /// Cut the encoding at an offset.
    Truncate {
        /// Offset.
        at: u16,
    },
    /// Append bytes.
    Append(Bytes),
    /// Write the encoding of a point at an offset.
    Point {
        /// Offset.
        at: u16,
        /// The point.
        value: PointExpr,
    },
    /// Write the encoding of a scalar at an offset.
    Scalar {
        /// Offset.
        at: u16,
        /// The scalar.
        value: ScalarExpr,
    },
    /// Write the encoding of identifier `id` (derived from its byte when
    /// `derived`) at an offset.
    Identifier {
        /// Offset.
        at: u16,
        /// The identifier's integer, or the name it is derived from.
        id: u8,
        /// Derive it from a name instead.
        derived: bool,
    },
    /// Write a big-endian `u32` (a count) at an offset.
    Count {
        /// Offset.
        at: u16,
        /// The value.
        value: u32,
    },
    /// Copy bytes of another template of the round over this one.
    Splice {
        /// Offset in this encoding.
        at: u16,
        /// Which other template.
        from: u8,
        /// Offset in the other template.
        from_at: u16,
        /// How many bytes.
        len: u8,
    },
}

/// `g G + sum c_i P_i` over the points the adversary knows.
#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub struct PointExpr {
    /// The multiple of the generator.
    pub g: i16,
    /// `(index into the pool's points, coefficient)`.
    pub terms: Vec<(u8, i8)>,
}

/// `k + sum c_i s_i` over the scalars the adversary knows.
#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub struct ScalarExpr {
    /// The constant.
    pub k: i16,
    /// `(index into the pool's scalars, coefficient)`.
    pub terms: Vec<(u8, i8)>,
}

/// What the adversary knows: points seen (commitments, keys, nonces) and
/// scalars (its own shares, public scalars).
#[derive(Clone, Debug)]
pub struct Pool<S: Suite> {
    /// Points.
    pub points: Vec<Point<S>>,
    /// Scalars.
    pub scalars: Vec<Scalar<S>>,
}

impl<S: Suite> Default for Pool<S> {
    fn default() -> Self {
        Self {
            points: Vec::new(),
            scalars: Vec::new(),
        }
    }
}

/// `v` as a scalar (negative values negated).
pub fn small<S: Suite>(v: i64) -> Scalar<S> {
    let s = Scalar::<S>::from(v.unsigned_abs());
    if v < 0 { -s } else { s }
}

impl<S: Suite> Pool<S> {
    /// Evaluates a point expression (terms over an empty pool are skipped).
    pub fn point(&self, e: &PointExpr) -> Point<S> {
        let mut terms = vec![(Point::<S>::generator(), small::<S>(i64::from(e.g)))];
        for (i, c) in e.terms.iter().take(8) {
            if let Some(p) = pick(&self.points, *i) {
                terms.push((*p, small::<S>(i64::from(*c))));
            }
        }
        S::vartime_msm(&terms)
    }

    /// Evaluates a scalar expression.
    pub fn scalar(&self, e: &ScalarExpr) -> Scalar<S> {
        let mut acc = small::<S>(i64::from(e.k));
        for (i, c) in e.terms.iter().take(8) {
            if let Some(s) = pick(&self.scalars, *i) {
                acc += *s * small::<S>(i64::from(*c));
            }
        }
        acc
    }
}

fn pick<T>(items: &[T], i: u8) -> Option<&T> {
    match items.len() {
        0 => None,
        n => items.get(usize::from(i) % n),
    }
}

/// Replaces `bytes[at..at + new.len()]` (clipped at the end) by `new`.
fn overwrite(bytes: &mut Vec<u8>, at: u16, new: &[u8]) {
    if bytes.is_empty() {
        bytes.extend_from_slice(new);
        return;
    }
    let at = usize::from(at) % bytes.len();
    let end = (at + new.len()).min(bytes.len());
    bytes.splice(at..end, new.iter().copied());
}

/// Applies edits to `bytes` (at most 16).
pub fn apply<S: Suite>(bytes: &mut Vec<u8>, edits: &[Edit], others: &[Vec<u8>], pool: &Pool<S>) {
    for edit in edits.iter().take(16) {
        match edit {
            Edit::Xor { at, mask } => {
                if !bytes.is_empty() {
                    let i = usize::from(*at) % bytes.len();
                    if let Some(b) = bytes.get_mut(i) {
                        *b ^= mask;
                    }
                }
            }
            Edit::Truncate { at } => {
                let len = usize::from(*at) % (bytes.len() + 1);
                bytes.truncate(len);
            }
            Edit::Append(extra) => bytes.extend_from_slice(&extra.0),
            Edit::Point { at, value } => {
                overwrite(bytes, *at, pool.point(value).to_bytes().as_ref());
            }
            Edit::Scalar { at, value } => {
                overwrite(bytes, *at, pool.scalar(value).to_repr().as_ref());
            }
            Edit::Identifier { at, id, derived } => {
                let id = if *derived {
                    Identifier::<S>::derive(&[*id]).ok()
                } else {
                    Identifier::<S>::new(u16::from(*id))
                };
                let encoded = id.map_or_else(
                    || Scalar::<S>::ZERO.to_repr(),
                    |id| id.to_scalar().to_repr(),
                );
                overwrite(bytes, *at, encoded.as_ref());
            }
            Edit::Count { at, value } => overwrite(bytes, *at, &value.to_be_bytes()),
            Edit::Splice {
                at,
                from,
                from_at,
                len,
            } => {
                if let Some(other) = pick(others, *from).filter(|o| !o.is_empty()) {
                    let start = usize::from(*from_at) % other.len();
                    let end = (start + usize::from(*len)).min(other.len());
                    if let Some(piece) = other.get(start..end) {
                        overwrite(bytes, *at, piece);
                    }
                }
            }
        }
    }
}

/// The bytes a hostile party sends in place of `template` (`None`: nothing
/// is sent). `others` are the round's other templates (for replays and
/// splices), `header` the encoding's fixed prefix (the wire header, empty
/// for the BIP 445 encodings).
pub fn hostile_bytes<S: Suite>(
    template: &[u8],
    hostile: &Hostile,
    others: &[Vec<u8>],
    pool: &Pool<S>,
    header: &[u8],
) -> Option<Vec<u8>> {
    match hostile {
        Hostile::Honest => Some(template.to_vec()),
        Hostile::Omit => None,
        Hostile::Edit(edits) => {
            let mut bytes = template.to_vec();
            apply(&mut bytes, edits, others, pool);
            Some(bytes)
        }
        Hostile::Replay(i) => pick(others, *i).cloned(),
        Hostile::Body(body) => Some([header, &body.0].concat()),
        Hostile::Raw(raw) => Some(raw.0.clone()),
    }
}

/// The wire header of `T`.
pub fn header<S: Suite, T: Wire<S>>() -> [u8; HEADER_LEN] {
    [FORMAT_VERSION, S::ID, T::KIND]
}

/// Decodes `bytes` as a `T`: if it decodes, its encoding must be exactly
/// `bytes` (and decode again to an equal value).
pub fn decode<S: Suite, T: Wire<S> + PartialEq + Debug>(bytes: &[u8]) -> Option<T> {
    let value = T::from_bytes(bytes).ok()?;
    let encoded = value.to_bytes();
    assert!(
        encoded == bytes,
        "{}: kind {:#04x} accepted a non-canonical encoding\n input:      {}\n re-encoded: {}",
        S::NAME,
        T::KIND,
        hex::encode(bytes),
        hex::encode(&encoded)
    );
    let again = T::from_bytes(&encoded);
    assert!(
        again.as_ref() == Ok(&value),
        "{}: kind {:#04x}: decode(encode(x)) != x for {}",
        S::NAME,
        T::KIND,
        hex::encode(&encoded)
    );
    Some(value)
}

/// Delivers a hostile party's message of type `T` in place of `template`:
/// the bytes it sends, through the receiver's decoder. `others` are the
/// round's other messages of this type.
pub fn deliver<S: Suite, T: Wire<S> + PartialEq + Debug>(
    template: &T,
    hostile: &Hostile,
    others: &[Vec<u8>],
    pool: &Pool<S>,
) -> Option<T> {
    let bytes = hostile_bytes(
        &template.to_bytes(),
        hostile,
        others,
        pool,
        &header::<S, T>(),
    )?;
    decode(&bytes)
}

/// The `i`-th entry of `list`, or [`Hostile::Honest`] past its end: the
/// hostile messages of a round are listed in a fixed order of (sender,
/// recipient) pairs, and unlisted ones are honest.
pub fn nth(list: &[Hostile], i: usize) -> &Hostile {
    list.get(i).unwrap_or(&Hostile::Honest)
}
