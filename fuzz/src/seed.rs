//! The inverse of `arbitrary`'s decoding (version 1.x: integers little-
//! endian, `bool` the low bit of a byte, an enum variant from a `u32`
//! scaled to the number of variants, a `Vec` as "one more?" flags before
//! each element), so that the seed generator can write fuzz inputs for
//! chosen structures. [`encode_checked`] decodes every seed back and
//! refuses one that does not give the structure it was made from.

use core::fmt::Debug;

use arbitrary::{Arbitrary, Unstructured};

use crate::hostile::{Bytes, Edit, Hostile, PointExpr, ScalarExpr};

/// Bytes being written in `arbitrary`'s format.
#[derive(Default)]
pub struct SeedWriter(pub Vec<u8>);

impl SeedWriter {
    /// A `u8`.
    pub fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    /// A `u16`.
    pub fn u16(&mut self, v: u16) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    /// A `u32`.
    pub fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    /// A `bool`.
    pub fn bool(&mut self, v: bool) {
        self.u8(u8::from(v));
    }
    /// Variant `index` of an enum of `count` variants.
    pub fn variant(&mut self, index: u32, count: u32) {
        let x = (u64::from(index) << 32).div_ceil(u64::from(count));
        self.u32(u32::try_from(x).unwrap_or(u32::MAX));
    }
    /// A `Vec`.
    pub fn vec<T: Encode>(&mut self, items: &[T]) {
        for item in items {
            self.bool(true);
            item.encode(self);
        }
        self.bool(false);
    }
}

/// Writes a value in `arbitrary`'s format.
pub trait Encode {
    /// Writes `self`.
    fn encode(&self, w: &mut SeedWriter);
}

impl Encode for u8 {
    fn encode(&self, w: &mut SeedWriter) {
        w.u8(*self);
    }
}

impl Encode for i8 {
    fn encode(&self, w: &mut SeedWriter) {
        w.u8(self.to_le_bytes()[0]);
    }
}

impl Encode for u16 {
    fn encode(&self, w: &mut SeedWriter) {
        w.u16(*self);
    }
}

impl Encode for i16 {
    fn encode(&self, w: &mut SeedWriter) {
        w.0.extend_from_slice(&self.to_le_bytes());
    }
}

impl Encode for u32 {
    fn encode(&self, w: &mut SeedWriter) {
        w.u32(*self);
    }
}

impl Encode for bool {
    fn encode(&self, w: &mut SeedWriter) {
        w.bool(*self);
    }
}

impl<const N: usize> Encode for [u8; N] {
    fn encode(&self, w: &mut SeedWriter) {
        w.0.extend_from_slice(self);
    }
}

impl<A: Encode, B: Encode> Encode for (A, B) {
    fn encode(&self, w: &mut SeedWriter) {
        self.0.encode(w);
        self.1.encode(w);
    }
}

impl<T: Encode> Encode for Vec<T> {
    fn encode(&self, w: &mut SeedWriter) {
        w.vec(self);
    }
}

impl<T: Encode> Encode for Option<T> {
    fn encode(&self, w: &mut SeedWriter) {
        match self {
            None => w.bool(false),
            Some(v) => {
                w.bool(true);
                v.encode(w);
            }
        }
    }
}

impl Encode for Bytes {
    fn encode(&self, w: &mut SeedWriter) {
        w.u16(u16::try_from(self.0.len()).unwrap_or(u16::MAX));
        w.0.extend_from_slice(&self.0);
    }
}

impl Encode for PointExpr {
    fn encode(&self, w: &mut SeedWriter) {
        self.g.encode(w);
        self.terms.encode(w);
    }
}

impl Encode for ScalarExpr {
    fn encode(&self, w: &mut SeedWriter) {
        self.k.encode(w);
        self.terms.encode(w);
    }
}

impl Encode for Hostile {
    fn encode(&self, w: &mut SeedWriter) {
        const N: u32 = 6;
        match self {
            Hostile::Honest => w.variant(0, N),
            Hostile::Omit => w.variant(1, N),
            Hostile::Edit(edits) => {
                w.variant(2, N);
                edits.encode(w);
            }
            Hostile::Replay(i) => {
                w.variant(3, N);
                i.encode(w);
            }
            Hostile::Body(b) => {
                w.variant(4, N);
                b.encode(w);
            }
            Hostile::Raw(b) => {
                w.variant(5, N);
                b.encode(w);
            }
        }
    }
}

impl Encode for Edit {
    fn encode(&self, w: &mut SeedWriter) {
        const N: u32 = 8;
        match self {
            Edit::Xor { at, mask } => {
                w.variant(0, N);
                at.encode(w);
                mask.encode(w);
            }
            Edit::Truncate { at } => {
                w.variant(1, N);
                at.encode(w);
            }
            Edit::Append(b) => {
                w.variant(2, N);
                b.encode(w);
            }
            Edit::Point { at, value } => {
                w.variant(3, N);
                at.encode(w);
                value.encode(w);
            }
            Edit::Scalar { at, value } => {
                w.variant(4, N);
                at.encode(w);
                value.encode(w);
            }
            Edit::Identifier { at, id, derived } => {
                w.variant(5, N);
                at.encode(w);
                id.encode(w);
                derived.encode(w);
            }
            Edit::Count { at, value } => {
                w.variant(6, N);
                at.encode(w);
                value.encode(w);
            }
            Edit::Splice {
                at,
                from,
                from_at,
                len,
            } => {
                w.variant(7, N);
                at.encode(w);
                from.encode(w);
                from_at.encode(w);
                len.encode(w);
            }
        }
    }
}

/// The fuzz input bytes of `value`, checked: decoding them as the fuzz
/// target does gives `value` back.
pub fn encode_checked<T>(value: &T) -> Vec<u8>
where
    T: Encode + PartialEq + Debug + for<'a> Arbitrary<'a>,
{
    let mut w = SeedWriter::default();
    value.encode(&mut w);
    let decoded = T::arbitrary_take_rest(Unstructured::new(&w.0));
    assert!(
        decoded.as_ref() == Ok(value),
        "seed encoding does not decode to its value:\n value:   {value:?}\n decoded: {decoded:?}"
    );
    w.0
}

/// Implements [`Encode`] for a struct as its fields in order.
#[macro_export]
macro_rules! encode_struct {
    ($ty:ident { $($field:ident),+ $(,)? }) => {
        impl $crate::seed::Encode for $ty {
            fn encode(&self, w: &mut $crate::seed::SeedWriter) {
                $($crate::seed::Encode::encode(&self.$field, w);)+
            }
        }
    };
}
