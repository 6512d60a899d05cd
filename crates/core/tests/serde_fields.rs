//! `serde_via_wire!` used from another crate: a type listed without fields
//! (one hex `body` field) and with a kind the tag table does not know, as a
//! new message type has before its name is added to `tessera_core::tags`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use tessera_core::encoding::{FORMAT_VERSION, Reader, Writer};
use tessera_core::suites::{Ed25519, Secp256k1};
use tessera_core::{Error, Suite, Wire};

/// A message of an unallocated kind: a `u16` and a byte string.
#[derive(Debug, PartialEq, Eq)]
struct Blob<S: Suite> {
    n: u16,
    data: Vec<u8>,
    _suite: core::marker::PhantomData<S>,
}

impl<S: Suite> Wire<S> for Blob<S> {
    const KIND: u8 = 0x7e;

    fn write_body(&self, w: &mut Writer) {
        w.u16(self.n);
        w.bytes(&self.data);
    }

    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, Error<S>> {
        Ok(Self {
            n: r.u16()?,
            data: r.bytes()?.to_vec(),
            _suite: core::marker::PhantomData,
        })
    }
}

tessera_core::serde_via_wire!(Blob);

/// The same message with named fields.
#[derive(Debug, PartialEq, Eq)]
struct Named<S: Suite>(Blob<S>);

impl<S: Suite> Wire<S> for Named<S> {
    const KIND: u8 = 0x7f;

    fn write_body(&self, w: &mut Writer) {
        self.0.write_body(w);
    }

    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, Error<S>> {
        Blob::read_body(r).map(Self)
    }
}

tessera_core::serde_via_wire!(Named {
    n: U16,
    data: Bytes
});

fn blob<S: Suite>() -> Blob<S> {
    Blob {
        n: 513,
        data: vec![0xca, 0xfe],
        _suite: core::marker::PhantomData,
    }
}

#[test]
fn a_type_without_fields_has_one_hex_body() {
    let value = blob::<Secp256k1>();
    let json = serde_json::to_string(&value).unwrap();
    assert_eq!(
        json,
        format!(
            r#"{{"version":{FORMAT_VERSION},"suite":"secp256k1","kind":"0x7e","body":"020100000002cafe"}}"#
        )
    );
    assert_eq!(
        serde_json::from_str::<Blob<Secp256k1>>(&json).unwrap(),
        value
    );
    let bytes = postcard::to_allocvec(&value).unwrap();
    assert_eq!(&bytes[1..], value.to_bytes().as_slice());
    assert_eq!(
        postcard::from_bytes::<Blob<Secp256k1>>(&bytes).unwrap(),
        value
    );

    // The body goes through the wire decoder: a trailing byte is refused
    // with its error, and so is another suite.
    let long = json.replace("cafe\"", "cafe00\"");
    let err = serde_json::from_str::<Blob<Secp256k1>>(&long).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("1 byte follows the encoded value"),
        "{err}"
    );
    let err = serde_json::from_str::<Blob<Ed25519>>(&json).unwrap_err();
    assert!(
        err.to_string().starts_with(
            "the message is encoded for suite secp256k1 (tag 3), but it is being decoded as suite ed25519 (tag 1)"
        ),
        "{err}"
    );
}

#[test]
fn named_fields_are_numbers_and_hex() {
    let value = Named(blob::<Ed25519>());
    let json = serde_json::to_string(&value).unwrap();
    assert_eq!(
        json,
        format!(
            r#"{{"version":{FORMAT_VERSION},"suite":"ed25519","kind":"0x7f","n":513,"data":"cafe"}}"#
        )
    );
    assert_eq!(
        serde_json::from_str::<Named<Ed25519>>(&json).unwrap(),
        value
    );
    let err = serde_json::from_str::<Named<Ed25519>>(&json.replace("513", "70000")).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("field `n` must be a number from 0 to 65535"),
        "{err}"
    );
    // A suite tessera does not know is named, with the ones it knows.
    let err = serde_json::from_str::<Named<Ed25519>>(&json.replace(r#""ed25519""#, r#""ed448""#))
        .unwrap_err();
    assert!(
        err.to_string().starts_with(
            "field `suite` names `ed448`, which is not a suite tessera knows (ed25519, "
        ),
        "{err}"
    );
    // A field of the wrong JSON type is named, with what was found.
    for (found, what) in [
        ("5", "a number"),
        ("[1]", "an array"),
        ("{}", "an object"),
        ("true", "a boolean"),
    ] {
        let err =
            serde_json::from_str::<Named<Ed25519>>(&json.replace(r#""cafe""#, found)).unwrap_err();
        assert!(
            err.to_string()
                .starts_with(&format!("field `data` must be a hex string, not {what}")),
            "{err}"
        );
    }
    let err = serde_json::from_str::<Named<Ed25519>>(&json.replace("0x7f", "0x7e")).unwrap_err();
    assert!(
        err.to_string().starts_with(
            "the message is of kind unknown (0x7e), but kind unknown (0x7f) was expected"
        ),
        "{err}"
    );
}

/// A field list that does not cover the body (it forgets `data`): a
/// programming error, refused when serializing rather than written wrong.
#[derive(Debug, PartialEq, Eq)]
struct Forgetful<S: Suite>(Blob<S>);

impl<S: Suite> Wire<S> for Forgetful<S> {
    const KIND: u8 = 0x7d;

    fn write_body(&self, w: &mut Writer) {
        self.0.write_body(w);
    }

    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, Error<S>> {
        Blob::read_body(r).map(Self)
    }
}

tessera_core::serde_via_wire!(Forgetful { n: U16 });

#[test]
fn a_field_list_that_does_not_match_the_body_is_refused() {
    let err = serde_json::to_string(&Forgetful(blob::<Ed25519>())).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("the field list of 0x7d does not match its wire encoding"),
        "{err}"
    );
}

/// A Schnorr signature's `R` (the suite's signature encoding: 32 bytes on
/// Ed25519, 33 on secp256k1) and `z`.
#[derive(Debug, PartialEq, Eq)]
struct Sig<S: Suite> {
    r: Vec<u8>,
    z: Vec<u8>,
    _suite: core::marker::PhantomData<S>,
}

impl<S: Suite> Wire<S> for Sig<S> {
    const KIND: u8 = 0x7c;

    fn write_body(&self, w: &mut Writer) {
        w.raw(&self.r);
        w.raw(&self.z);
    }

    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, Error<S>> {
        let rest = r.remaining();
        let split = rest
            .len()
            .checked_sub(S::SCALAR_LEN)
            .ok_or(Error::InvalidLength(rest.len()))?;
        let sig = Self {
            r: r.take(split)?.to_vec(),
            z: r.take(S::SCALAR_LEN)?.to_vec(),
            _suite: core::marker::PhantomData,
        };
        Ok(sig)
    }
}

tessera_core::serde_via_wire!(Sig {
    r: SignaturePoint,
    z: Scalar
});

#[test]
fn a_signature_point_is_as_long_as_the_suite_says() {
    let sig = |r_len: usize| Sig::<Secp256k1> {
        r: vec![0xaa; r_len],
        z: vec![0x01; 32],
        _suite: core::marker::PhantomData,
    };
    let json = serde_json::to_string(&sig(33)).unwrap();
    assert_eq!(
        json,
        format!(
            r#"{{"version":{FORMAT_VERSION},"suite":"secp256k1","kind":"0x7c","r":"{}","z":"{}"}}"#,
            "aa".repeat(33),
            "01".repeat(32)
        )
    );
    // A hex field of the wrong length is named as such (not left to the
    // wire decoder to misread as a truncated or longer message).
    let short = json.replace(&"01".repeat(32), &"01".repeat(31));
    let err = serde_json::from_str::<Sig<Secp256k1>>(&short).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("field `z` holds 31 bytes, but "),
        "{err}"
    );
    let sig = Sig::<Ed25519> {
        r: vec![0xbb; 32],
        z: vec![0x02; 32],
        _suite: core::marker::PhantomData,
    };
    let json = serde_json::to_string(&sig).unwrap();
    assert!(
        json.contains(&format!(r#""r":"{}""#, "bb".repeat(32))),
        "{json}"
    );
}

/// A binary (not human-readable) deserializer that presents the bytes as
/// an owned buffer or as a sequence of `u8`, as some binary formats do.
struct Binary {
    bytes: Vec<u8>,
    as_seq: bool,
    /// Presents a number instead (a message that is not bytes at all).
    as_number: bool,
}

impl<'de> serde::Deserializer<'de> for Binary {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, v: V) -> Result<V::Value, Self::Error> {
        if self.as_number {
            v.visit_u64(7)
        } else if self.as_seq {
            v.visit_seq(serde::de::value::SeqDeserializer::new(
                self.bytes.into_iter(),
            ))
        } else {
            v.visit_byte_buf(self.bytes)
        }
    }

    fn is_human_readable(&self) -> bool {
        false
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

#[test]
fn binary_formats_may_present_the_bytes_as_a_buffer_or_a_sequence() {
    use serde::Deserialize;
    let value = blob::<Secp256k1>();
    for as_seq in [false, true] {
        let de = Binary {
            bytes: value.to_bytes(),
            as_seq,
            as_number: false,
        };
        assert_eq!(Blob::<Secp256k1>::deserialize(de).unwrap(), value);
    }
    // Still through the wire decoder: a trailing byte is refused.
    let mut long = value.to_bytes();
    long.push(0);
    let de = Binary {
        bytes: long,
        as_seq: true,
        as_number: false,
    };
    assert!(Blob::<Secp256k1>::deserialize(de).is_err());
    // Something that is not bytes is refused, saying what was expected.
    let de = Binary {
        bytes: Vec::new(),
        as_seq: false,
        as_number: true,
    };
    let err = Blob::<Secp256k1>::deserialize(de).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid type: integer `7`, expected the wire encoding of a tessera message, as bytes"
    );
}

/// Four `u16` fields: more fields than the three header entries.
#[derive(Debug, PartialEq, Eq)]
struct Quad<S: Suite>([u16; 4], core::marker::PhantomData<S>);

impl<S: Suite> Wire<S> for Quad<S> {
    const KIND: u8 = 0x7d;

    fn write_body(&self, w: &mut Writer) {
        self.0.iter().for_each(|n| w.u16(*n));
    }

    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, Error<S>> {
        Ok(Self(
            [r.u16()?, r.u16()?, r.u16()?, r.u16()?],
            core::marker::PhantomData,
        ))
    }
}

tessera_core::serde_via_wire!(Quad {
    a: U16,
    b: U16,
    c: U16,
    d: U16
});

#[test]
fn a_type_with_more_fields_than_the_header_serializes_them_all() {
    let value = Quad::<Ed25519>([1, 2, 3, 4], core::marker::PhantomData);
    let json = serde_json::to_string(&value).unwrap();
    assert_eq!(
        json,
        format!(
            r#"{{"version":{FORMAT_VERSION},"suite":"ed25519","kind":"0x7d","a":1,"b":2,"c":3,"d":4}}"#
        )
    );
    assert_eq!(serde_json::from_str::<Quad<Ed25519>>(&json).unwrap(), value);
}
