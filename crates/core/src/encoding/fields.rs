//! serde for wire types: the canonical wire bytes in binary formats, named
//! fields in human-readable ones, and one validator for both.
//!
//! A type opts in with [`serde_via_wire!`](crate::serde_via_wire), listing
//! the fields of its [`Wire`] body in wire order with their [`Value`]s; that
//! list becomes its [`WireFields::FIELDS`]. Then:
//!
//! - **Binary formats** (`Serializer::is_human_readable()` false: postcard,
//!   bincode, CBOR, ...) carry the wire encoding, header included, as one
//!   byte string.
//! - **Human-readable formats** (JSON, TOML, YAML, ...) get an object:
//!   `version` (a number), `suite` and `kind` by name (see [`crate::tags`]),
//!   then each field: identifiers, scalars, points and byte strings in hex,
//!   `u16`/`u32` values as numbers, lists as arrays, records as objects. A
//!   key package of secp256k1 reads
//!
//!   ```text
//!   {"version":2,"suite":"secp256k1","kind":"key-package",
//!    "identifier":"00…01","commitment":["02…","03…"],"signing_share":"3a…"}
//!   ```
//!
//! Deserializing a human-readable form checks its structure (every field
//! present once, no other field, hex of the right length, numbers in
//! range), rebuilds the wire bytes from it, and decodes them with
//! [`Wire::from_bytes`]: canonicity, points, identifiers, order, suite,
//! version and kind are checked by the one wire decoder, with its errors.
//! A type listed without fields (`serde_via_wire!(Type)`) has one field,
//! `body`, the hex of its whole body ([`OPAQUE`]).

use core::fmt;
use std::fmt::Write as _;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{self, SerializeMap, SerializeSeq, Serializer};

use super::{FORMAT_VERSION, HEADER_LEN, Wire, check_header};
use crate::suite::Suite;
use crate::tags;

/// One named field of a wire body.
pub type Field = (&'static str, Value);

/// What a field of a wire body holds, and so how it is written in
/// human-readable formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    /// A participant identifier: a scalar encoding (`Ns` bytes), in hex.
    Identifier,
    /// A scalar (`Ns` bytes), in hex.
    Scalar,
    /// A point (`Ne` bytes), in hex.
    Point,
    /// The commitment `R` of a Schnorr signature in the suite's signature
    /// encoding (`Ne` bytes, or 32 x-only bytes for BIP-340), in hex.
    SignaturePoint,
    /// A big-endian `u16`, as a number.
    U16,
    /// A big-endian `u32`, as a number.
    U32,
    /// A fixed number of bytes (e.g. a 32-byte epoch), in hex.
    Fixed(usize),
    /// A `u32`-length-prefixed byte string, in hex.
    Bytes,
    /// A `u32` count followed by that many values, as an array.
    List(&'static Value),
    /// Several fields in a row, as an object (e.g. the entries of a map).
    Record(&'static [Field]),
    /// Every remaining byte of the body, in hex.
    Rest,
}

/// The fields of a type listed without any: the whole body, in hex.
pub const OPAQUE: &[Field] = &[("body", Value::Rest)];

/// A wire type with named fields; implemented by
/// [`serde_via_wire!`](crate::serde_via_wire).
pub trait WireFields<S: Suite>: Wire<S> {
    /// The fields of the body, in wire order.
    const FIELDS: &'static [Field];
}

/// Length of `R` in suite `S`'s signature encoding.
fn signature_point_len<S: Suite>() -> usize {
    <S::Schnorr as crate::schnorr::SchnorrVariant<S>>::SIGNATURE_POINT_LEN
}

/// The names written for the header.
const VERSION: &str = "version";
const SUITE: &str = "suite";
const KIND: &str = "kind";

/// How suite `S` is named: its [`crate::tags`] name, else `Suite::NAME`.
fn suite_label<S: Suite>() -> &'static str {
    tags::suite_name(S::ID).unwrap_or(S::NAME)
}

/// How kind `kind` is named: its [`crate::tags`] name, else `0x..` (read
/// back as that kind).
fn kind_label(kind: u8) -> String {
    tags::kind_name(kind).map_or_else(|| format!("{kind:#04x}"), str::to_owned)
}

/// Serializes `value`: its wire bytes in binary formats, named fields in
/// human-readable ones.
pub fn serialize<S: Suite, T: WireFields<S>, Ser: Serializer>(
    value: &T,
    ser: Ser,
) -> Result<Ser::Ok, Ser::Error> {
    let bytes = value.to_bytes();
    if !ser.is_human_readable() {
        return ser.serialize_bytes(&bytes);
    }
    let body = bytes.get(HEADER_LEN..).unwrap_or_default();
    let mut cursor = Cursor::<S>::new(body);
    let nodes = cursor.record(T::FIELDS);
    let nodes = match nodes {
        Some(nodes) if cursor.rest.is_empty() => nodes,
        _ => {
            return Err(ser::Error::custom(format!(
                "the field list of {} does not match its wire encoding",
                kind_label(T::KIND)
            )));
        }
    };
    let mut map = ser.serialize_map(Some(3 + T::FIELDS.len()))?;
    map.serialize_entry(VERSION, &bytes.first().copied().unwrap_or(FORMAT_VERSION))?;
    map.serialize_entry(SUITE, suite_label::<S>())?;
    map.serialize_entry(KIND, &kind_label(T::KIND))?;
    for ((name, _), node) in T::FIELDS.iter().zip(&nodes) {
        map.serialize_entry(name, node)?;
    }
    map.end()
}

/// Deserializes what [`serialize`] writes, ending in [`Wire::from_bytes`].
pub fn deserialize<'de, S: Suite, T: WireFields<S>, D: Deserializer<'de>>(
    de: D,
) -> Result<T, D::Error> {
    let bytes = if de.is_human_readable() {
        let entries = de.deserialize_map(TreeVisitor)?;
        let Tree::Map(entries) = entries else {
            return Err(de::Error::custom("expected an object"));
        };
        encode::<S, T>(&entries).map_err(de::Error::custom)?
    } else {
        de.deserialize_byte_buf(BytesVisitor)?
    };
    T::from_bytes(&bytes).map_err(de::Error::custom)
}

/// A value of a body as read for serialization.
enum Node<'a> {
    Hex(&'a [u8]),
    Number(u32),
    List(Vec<Node<'a>>),
    Record(&'static [Field], Vec<Node<'a>>),
}

impl serde::Serialize for Node<'_> {
    fn serialize<Ser: Serializer>(&self, ser: Ser) -> Result<Ser::Ok, Ser::Error> {
        match self {
            Node::Hex(bytes) => ser.serialize_str(&hex::encode(bytes)),
            Node::Number(n) => ser.serialize_u32(*n),
            Node::List(items) => {
                let mut seq = ser.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Node::Record(fields, nodes) => {
                let mut map = ser.serialize_map(Some(fields.len()))?;
                for ((name, _), node) in fields.iter().zip(nodes) {
                    map.serialize_entry(name, node)?;
                }
                map.end()
            }
        }
    }
}

/// Splits a body (encoded by this build, so well-formed) into fields.
struct Cursor<'a, S: Suite> {
    rest: &'a [u8],
    _suite: core::marker::PhantomData<S>,
}

impl<'a, S: Suite> Cursor<'a, S> {
    fn new(rest: &'a [u8]) -> Self {
        Self {
            rest,
            _suite: core::marker::PhantomData,
        }
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, tail) = self.rest.split_at_checked(n)?;
        self.rest = tail;
        Some(head)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_be_bytes(self.take(4)?.try_into().ok()?))
    }

    fn record(&mut self, fields: &[Field]) -> Option<Vec<Node<'a>>> {
        fields.iter().map(|(_, value)| self.value(value)).collect()
    }

    fn value(&mut self, value: &Value) -> Option<Node<'a>> {
        Some(match value {
            Value::Identifier | Value::Scalar => Node::Hex(self.take(S::SCALAR_LEN)?),
            Value::Point => Node::Hex(self.take(S::POINT_LEN)?),
            Value::SignaturePoint => Node::Hex(self.take(signature_point_len::<S>())?),
            Value::U16 => Node::Number(u32::from(u16::from_be_bytes(
                self.take(2)?.try_into().ok()?,
            ))),
            Value::U32 => Node::Number(self.u32()?),
            Value::Fixed(n) => Node::Hex(self.take(*n)?),
            Value::Bytes => {
                let n = usize::try_from(self.u32()?).ok()?;
                Node::Hex(self.take(n)?)
            }
            Value::List(item) => {
                let n = self.u32()?;
                let items = (0..n)
                    .map(|_| self.value(item))
                    .collect::<Option<Vec<_>>>()?;
                Node::List(items)
            }
            Value::Record(fields) => Node::Record(fields, self.record(fields)?),
            Value::Rest => Node::Hex(core::mem::take(&mut self.rest)),
        })
    }
}

/// Any value of a human-readable format, as far as the fields need one.
enum Tree {
    Str(String),
    Num(u64),
    Seq(Vec<Tree>),
    Map(Vec<(String, Tree)>),
    /// Something no field holds (a boolean, null, a negative or fractional
    /// number), described for the error message.
    Other(&'static str),
}

impl Tree {
    fn describe(&self) -> &'static str {
        match self {
            Tree::Str(_) => "a string",
            Tree::Num(_) => "a number",
            Tree::Seq(_) => "an array",
            Tree::Map(_) => "an object",
            Tree::Other(what) => what,
        }
    }
}

impl<'de> serde::Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        de.deserialize_any(TreeVisitor)
    }
}

struct TreeVisitor;

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = Tree;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a tessera message: an object of named fields")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Tree, E> {
        Ok(Tree::Str(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Tree, E> {
        Ok(Tree::Str(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Tree, E> {
        Ok(Tree::Num(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Tree, E> {
        Ok(u64::try_from(v).map_or(Tree::Other("a negative number"), Tree::Num))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Tree, E> {
        Ok(Tree::Other("a fractional number"))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Tree, E> {
        Ok(Tree::Other("a boolean"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Tree, E> {
        Ok(Tree::Other("null"))
    }

    fn visit_none<E: de::Error>(self) -> Result<Tree, E> {
        Ok(Tree::Other("null"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Tree, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Tree::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tree, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry::<String, Tree>()? {
            entries.push(entry);
        }
        Ok(Tree::Map(entries))
    }
}

/// Accepts a byte string however a binary format presents it.
struct BytesVisitor;

impl<'de> Visitor<'de> for BytesVisitor {
    type Value = Vec<u8>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the wire encoding of a tessera message, as bytes")
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
        Ok(v.to_vec())
    }

    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
        Ok(v)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<u8>, A::Error> {
        let mut out = Vec::new();
        while let Some(b) = seq.next_element::<u8>()? {
            out.push(b);
        }
        Ok(out)
    }
}

/// Rebuilds the wire bytes of a `T` from the entries of its human-readable
/// form. The header is checked first, with the wire decoder's own check, so
/// a message of another suite, version or kind is reported as such rather
/// than as a field that does not fit.
fn encode<S: Suite, T: WireFields<S>>(entries: &[(String, Tree)]) -> Result<Vec<u8>, String> {
    let version = match find(entries, VERSION)? {
        Tree::Num(n) => u8::try_from(*n).ok(),
        _ => None,
    }
    .ok_or("field `version` must be a number from 0 to 255")?;
    let suite = match find(entries, SUITE)? {
        Tree::Str(name) if name == suite_label::<S>() => S::ID,
        Tree::Str(name) => tags::suite_tag(name).ok_or_else(|| {
            format!(
                "field `suite` names `{name}`, which is not a suite tessera knows ({})",
                names(tags::SUITES)
            )
        })?,
        other => {
            return Err(format!(
                "field `suite` must be a suite name, not {}",
                other.describe()
            ));
        }
    };
    let kind = match find(entries, KIND)? {
        Tree::Str(name) if *name == kind_label(T::KIND) => T::KIND,
        Tree::Str(name) => tags::kind_tag(name)
            .or_else(|| {
                let digits = name.strip_prefix("0x")?;
                u8::from_str_radix(digits, 16).ok()
            })
            .ok_or_else(|| {
                format!("field `kind` names `{name}`, which is not a message kind tessera knows")
            })?,
        other => {
            return Err(format!(
                "field `kind` must be a message kind name, not {}",
                other.describe()
            ));
        }
    };
    check_header::<S>(version, suite, kind, T::KIND).map_err(|e| e.to_string())?;

    let mut out = vec![version, suite, kind];
    let body: Vec<&(String, Tree)> = entries
        .iter()
        .filter(|(name, _)| ![VERSION, SUITE, KIND].contains(&name.as_str()))
        .collect();
    put_record::<S>(&mut out, T::FIELDS, &body, "")?;
    Ok(out)
}

/// The header entry `name`, which must appear exactly once.
fn find<'a>(entries: &'a [(String, Tree)], name: &str) -> Result<&'a Tree, String> {
    let mut found = entries.iter().filter(|(n, _)| n == name).map(|(_, t)| t);
    match (found.next(), found.next()) {
        (Some(tree), None) => Ok(tree),
        (None, _) => Err(format!("field `{name}` is missing")),
        (Some(_), Some(_)) => Err(format!("field `{name}` appears more than once")),
    }
}

fn names(table: &[(u8, &str)]) -> String {
    table.iter().map(|(_, n)| *n).collect::<Vec<_>>().join(", ")
}

/// Writes the fields of a record from its entries: each field exactly once,
/// no other entry.
fn put_record<S: Suite>(
    out: &mut Vec<u8>,
    fields: &[Field],
    entries: &[&(String, Tree)],
    prefix: &str,
) -> Result<(), String> {
    if let Some((name, _)) = entries
        .iter()
        .find(|(name, _)| !fields.iter().any(|(f, _)| f == name))
    {
        let mut expected = String::new();
        for (i, (f, _)) in fields.iter().enumerate() {
            let _ = write!(expected, "{}{prefix}{f}", if i == 0 { "" } else { ", " });
        }
        return Err(format!(
            "`{prefix}{name}` is not a field of this message; its fields are {expected}"
        ));
    }
    for (name, value) in fields {
        let path = format!("{prefix}{name}");
        let mut found = entries.iter().filter(|(n, _)| n == name).map(|(_, t)| t);
        let tree = match (found.next(), found.next()) {
            (Some(tree), None) => tree,
            (None, _) => return Err(format!("field `{path}` is missing")),
            (Some(_), Some(_)) => return Err(format!("field `{path}` appears more than once")),
        };
        put_value::<S>(out, value, tree, &path)?;
    }
    Ok(())
}

/// Writes one field's value in its wire form.
fn put_value<S: Suite>(
    out: &mut Vec<u8>,
    value: &Value,
    tree: &Tree,
    path: &str,
) -> Result<(), String> {
    match value {
        Value::Identifier => out.extend(hex_of(tree, path, Some(S::SCALAR_LEN), "an identifier")?),
        Value::Scalar => out.extend(hex_of(tree, path, Some(S::SCALAR_LEN), "a scalar")?),
        Value::Point => out.extend(hex_of(tree, path, Some(S::POINT_LEN), "a point")?),
        Value::SignaturePoint => out.extend(hex_of(
            tree,
            path,
            Some(signature_point_len::<S>()),
            "a signature's commitment",
        )?),
        Value::U16 => {
            let n = number(tree, path, u64::from(u16::MAX))?;
            out.extend(u16::try_from(n).unwrap_or(u16::MAX).to_be_bytes());
        }
        Value::U32 => {
            let n = number(tree, path, u64::from(u32::MAX))?;
            out.extend(u32::try_from(n).unwrap_or(u32::MAX).to_be_bytes());
        }
        Value::Fixed(n) => out.extend(hex_of(tree, path, Some(*n), "this field")?),
        Value::Bytes => {
            let bytes = hex_of(tree, path, None, "")?;
            out.extend(count(bytes.len(), path)?);
            out.extend(bytes);
        }
        Value::Rest => out.extend(hex_of(tree, path, None, "")?),
        Value::List(item) => {
            let Tree::Seq(items) = tree else {
                return Err(format!(
                    "field `{path}` must be an array, not {}",
                    tree.describe()
                ));
            };
            out.extend(count(items.len(), path)?);
            for (i, element) in items.iter().enumerate() {
                put_value::<S>(out, item, element, &format!("{path}[{i}]"))?;
            }
        }
        Value::Record(fields) => {
            let Tree::Map(entries) = tree else {
                return Err(format!(
                    "field `{path}` must be an object, not {}",
                    tree.describe()
                ));
            };
            let entries: Vec<&(String, Tree)> = entries.iter().collect();
            put_record::<S>(out, fields, &entries, &format!("{path}."))?;
        }
    }
    Ok(())
}

/// The bytes of a hex field, of exactly `len` bytes when given.
fn hex_of(tree: &Tree, path: &str, len: Option<usize>, what: &str) -> Result<Vec<u8>, String> {
    let Tree::Str(text) = tree else {
        return Err(format!(
            "field `{path}` must be a hex string, not {}",
            tree.describe()
        ));
    };
    let bytes = hex::decode(text).map_err(|e| format!("field `{path}` is not valid hex: {e}"))?;
    match len {
        Some(n) if bytes.len() != n => Err(format!(
            "field `{path}` holds {} bytes, but {what} is {n} bytes",
            bytes.len()
        )),
        _ => Ok(bytes),
    }
}

fn number(tree: &Tree, path: &str, max: u64) -> Result<u64, String> {
    match tree {
        Tree::Num(n) if *n <= max => Ok(*n),
        other => Err(format!(
            "field `{path}` must be a number from 0 to {max}, not {}",
            match other {
                Tree::Num(_) => "a larger number",
                other => other.describe(),
            }
        )),
    }
}

fn count(n: usize, path: &str) -> Result<[u8; 4], String> {
    u32::try_from(n)
        .map(u32::to_be_bytes)
        .map_err(|_| format!("field `{path}` holds more than 2^32 - 1 items"))
}
