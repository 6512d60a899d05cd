//! `decode_wire`: every wire type's decoder, binary and JSON, on hostile
//! bytes: raw, or edits of a valid sample that keep points, scalars,
//! identifiers and counts well-formed so that the decoder's later checks
//! (sorted and distinct identifiers, thresholds, lengths, trailing bytes)
//! are reached.
//!
//! Whatever decodes must re-encode to exactly the bytes decoded, and decode
//! again to an equal value; a JSON document that deserializes must
//! serialize to a document that deserializes to the same value, whose wire
//! encoding decodes to it as well.

use arbitrary::Arbitrary;
use group::Group;
use tessera_core::Suite;

use crate::cast::dealt;
use crate::encode_struct;
use crate::hostile::{Hostile, Pool, decode, header, hostile_bytes};
use crate::wire::{FuzzWire, WireVisitor, with_wire_type};

/// One input of `decode_wire`.
#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub struct DecodeInput {
    /// The suite ([`crate::wire::with_wire_type`]).
    pub suite: u8,
    /// The wire type (index into [`crate::wire`]'s table).
    pub kind: u8,
    /// Decode as JSON (serde's human-readable form) instead of wire bytes.
    pub json: bool,
    /// The bytes, as a change to the sample's encoding.
    pub message: Hostile,
}
encode_struct!(DecodeInput {
    suite,
    kind,
    json,
    message
});

struct Visit<'a>(&'a DecodeInput);

fn pool<S: Suite>() -> Pool<S> {
    let dealt = dealt::<S>(2, 3);
    let public = &dealt.output.public;
    let mut points: Vec<_> = public.verifying_shares().values().copied().collect();
    points.push(public.group_key());
    points.push(-public.group_key());
    points.push(<S::Point as Group>::generator());
    let scalars = dealt
        .output
        .key_packages
        .iter()
        .map(|k| *k.signing_share().expose())
        .collect();
    Pool { points, scalars }
}

impl WireVisitor for Visit<'_> {
    fn visit<S: Suite, T: FuzzWire<S>>(
        &mut self,
        name: &'static str,
        sample: &[u8],
        others: &[Vec<u8>],
    ) {
        let pool = pool::<S>();
        if self.0.json {
            let Some(value) = decode::<S, T>(sample) else {
                panic!("{name}/{}: the sample does not decode", S::NAME);
            };
            let template = serde_json::to_vec(&value).unwrap_or_default();
            let Some(text) = hostile_bytes(&template, &self.0.message, others, &pool, &[]) else {
                return;
            };
            let Ok(value) = serde_json::from_slice::<T>(&text) else {
                return;
            };
            let again = serde_json::to_vec(&value).unwrap_or_default();
            let reread = serde_json::from_slice::<T>(&again);
            assert!(
                reread.as_ref().ok() == Some(&value),
                "{name}/{}: JSON does not round-trip: {}",
                S::NAME,
                String::from_utf8_lossy(&again)
            );
            assert!(
                decode::<S, T>(&value.to_bytes()).as_ref() == Some(&value),
                "{name}/{}: a value read from JSON does not round-trip through its wire encoding",
                S::NAME
            );
        } else if let Some(bytes) =
            hostile_bytes(sample, &self.0.message, others, &pool, &header::<S, T>())
        {
            decode::<S, T>(&bytes);
        }
    }
}

/// Runs one input.
pub fn run(input: &DecodeInput) {
    with_wire_type(input.suite, input.kind, &mut Visit(input));
}
