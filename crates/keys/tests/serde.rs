//! serde of every wire type of every suite: named fields in JSON, the
//! canonical wire bytes in a binary format (postcard), both round-tripping,
//! and hostile JSON rejected by the wire decoder with the wire decoder's own
//! errors.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::collections::BTreeMap;
use std::fmt::Debug;

use group::{Group, GroupEncoding};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use tessera_core::encoding::FORMAT_VERSION;
use tessera_core::encoding::fields::WireFields;
use tessera_core::identifier::identifiers;
use tessera_core::shamir::split;
use tessera_core::{Error as Core, Point, PointError, SecretScalar, Suite, Wire, tags};
use tessera_frost::{KeyPackage, PublicKeyPackage, SigningPackage, aggregate, round1, round2};
use tessera_keys::repair::{self, RepairConfig};
use tessera_keys::reshare::{self, ReshareConfig};

use common::{rng, rounds};

tessera_core::test_all_suites!(check_every_wire_type, check_hostile_json);

/// JSON and postcard round trips of `value`, with the JSON's fields checked
/// against the type's field list, in order.
fn roundtrip<S, T>(value: &T)
where
    S: Suite,
    T: WireFields<S> + Serialize + DeserializeOwned + PartialEq + Debug,
{
    let kind = tags::kind_name(T::KIND).unwrap();
    let text = serde_json::to_string(value).unwrap();
    let header = format!(
        r#"{{"version":{FORMAT_VERSION},"suite":"{}","kind":"{kind}","#,
        S::NAME
    );
    assert!(text.starts_with(&header), "{text}");
    let mut at = header.len();
    for (name, _) in T::FIELDS {
        let key = format!(r#""{name}":"#);
        let found = text[at..]
            .find(&key)
            .unwrap_or_else(|| panic!("{name} in {text}"));
        at += found + key.len();
    }
    assert_eq!(&serde_json::from_str::<T>(&text).unwrap(), value, "{kind}");
    // Pretty-printed JSON, with whitespace, is the same message.
    let pretty = serde_json::to_string_pretty(value).unwrap();
    assert_eq!(&serde_json::from_str::<T>(&pretty).unwrap(), value);

    let wire = value.to_bytes();
    let binary = postcard::to_allocvec(value).unwrap();
    assert!(
        binary.ends_with(&wire),
        "{kind}: postcard holds the wire bytes"
    );
    // postcard's length prefix is a LEB128 varint: one byte below 128.
    let prefix = if wire.len() < 128 { 1 } else { 2 };
    assert_eq!(
        binary.len(),
        wire.len() + prefix,
        "{kind}: the length, then the bytes"
    );
    assert_eq!(&postcard::from_bytes::<T>(&binary).unwrap(), value);
    // The binary form is decoded by the wire decoder too.
    let mut bad = binary.clone();
    bad[1] ^= 0xff;
    assert!(postcard::from_bytes::<T>(&bad).is_err(), "{kind}");
}

/// One value of each of the fifteen wire types of suite `S`, each round
/// tripped.
fn check_every_wire_type<S: Suite>() {
    let mut rng = rng(80);
    let ids = identifiers::<S>(3);

    // Core: a share and a commitment.
    let (shares, commitment) =
        split(&SecretScalar::<S>::random(&mut rng), 2, &ids, &mut rng).unwrap();
    roundtrip::<S, _>(&shares[0]);
    roundtrip::<S, _>(&commitment);

    // DKG messages.
    let transcript = rounds::<S>(2, &ids, &mut rng);
    roundtrip::<S, _>(&transcript.round1[&ids[0]]);
    roundtrip::<S, _>(&transcript.sent[&ids[0]][&ids[1]]);
    let (keys, public) = tessera_keys::local::run_dkg(2, &ids, &mut rng).unwrap();
    roundtrip::<S, _>(&keys[&ids[0]]);
    roundtrip::<S, _>(&public);

    // FROST signing.
    let (nonces0, commitments0) = round1::commit(&keys[&ids[0]], &mut rng);
    let (nonces1, commitments1) = round1::commit(&keys[&ids[1]], &mut rng);
    roundtrip::<S, _>(&commitments0);
    let package = SigningPackage::new(
        public.epoch(),
        BTreeMap::from([(ids[0], commitments0), (ids[1], commitments1)]),
        b"serde",
    );
    roundtrip::<S, _>(&package);
    let share0 = round2::sign(&package, nonces0, &keys[&ids[0]]).unwrap();
    let share1 = round2::sign(&package, nonces1, &keys[&ids[1]]).unwrap();
    roundtrip::<S, _>(&share0);
    let shares = BTreeMap::from([(ids[0], share0), (ids[1], share1)]);
    roundtrip::<S, _>(&aggregate(&package, &shares, &public).unwrap());

    // Reshare 2-of-3 -> 3-of-4.
    let config = ReshareConfig::new(public.clone(), &ids, &identifiers::<S>(4), 3).unwrap();
    let (dealt, sub_shares) = reshare::deal(&config, &keys[&ids[0]], &mut rng).unwrap();
    roundtrip::<S, _>(&dealt);
    roundtrip::<S, _>(&sub_shares[&ids[1]]);

    // Repair of participant 1 by 2 and 3.
    let config = RepairConfig::new(public.clone(), &ids[1..], ids[0]).unwrap();
    let mut broadcasts = BTreeMap::new();
    let mut sent = BTreeMap::new();
    for helper in &ids[1..] {
        let (c, deltas) = repair::step1(&config, &keys[helper], &mut rng).unwrap();
        broadcasts.insert(*helper, c);
        sent.insert(*helper, deltas);
    }
    roundtrip::<S, _>(&broadcasts[&ids[1]]);
    roundtrip::<S, _>(&sent[&ids[1]][&ids[2]]);
    let mine: BTreeMap<_, _> = sent
        .iter()
        .map(|(from, out)| (*from, out[&ids[1]].clone()))
        .collect();
    let sigma = repair::step2(&config, &keys[&ids[1]], &broadcasts, &mine, &mut rng).unwrap();
    roundtrip::<S, _>(&sigma);
}

/// `value`'s JSON with `edit` applied must be rejected, and with the error
/// the wire decoder gives for the bytes `wire_edit` makes of its encoding.
fn rejects_like_wire<S, T>(
    value: &T,
    edit: impl FnOnce(&mut Value),
    wire_edit: impl FnOnce(&mut Vec<u8>),
) where
    S: Suite,
    T: Wire<S> + Serialize + DeserializeOwned + Debug,
{
    let mut json = serde_json::to_value(value).unwrap();
    edit(&mut json);
    let err = serde_json::from_value::<T>(json.clone())
        .unwrap_err()
        .to_string();
    let mut bytes = value.to_bytes();
    wire_edit(&mut bytes);
    let expected = T::from_bytes(&bytes).unwrap_err().to_string();
    assert!(
        err.starts_with(&expected),
        "JSON {json}\n gave {err}\n wire gave {expected}"
    );
}

/// `value`'s JSON with `edit` applied is rejected with a message containing
/// `needle` (structural errors, which the wire format cannot express).
fn rejects_with<S, T>(value: &T, edit: impl FnOnce(&mut Value), needle: &str)
where
    S: Suite,
    T: Wire<S> + Serialize + DeserializeOwned + Debug,
{
    let mut json = serde_json::to_value(value).unwrap();
    edit(&mut json);
    let err = serde_json::from_value::<T>(json.clone())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(needle),
        "JSON {json}\n gave {err}\n expected {needle:?}"
    );
}

fn other_suite<S: Suite>() -> (&'static str, u8) {
    if S::ID == 3 {
        ("p256", 4)
    } else {
        ("secp256k1", 3)
    }
}

fn check_hostile_json<S: Suite>() {
    let mut rng = rng(81);
    let ids = identifiers::<S>(3);
    let (keys, public): (BTreeMap<_, KeyPackage<S>>, PublicKeyPackage<S>) =
        tessera_keys::local::run_dkg(2, &ids, &mut rng).unwrap();
    let key = &keys[&ids[0]];
    let (ns, ne) = (S::SCALAR_LEN, S::POINT_LEN);
    // Offsets in a key package: id, commitment (a count and 2 points, the
    // group key first), signing share.
    let commitment_at = 3 + ns;
    let group_key_at = commitment_at + 4;
    let share_at = group_key_at + 2 * ne;
    let bad_version = tessera_core::encoding::FORMAT_VERSION + 1;

    // Header: another suite, version or kind, each the wire decoder's error.
    let (other, other_tag) = other_suite::<S>();
    rejects_like_wire::<S, _>(key, |j| j["suite"] = json!(other), |b| b[1] = other_tag);
    rejects_like_wire::<S, _>(
        key,
        |j| j["version"] = json!(bad_version),
        |b| b[0] = bad_version,
    );
    rejects_like_wire::<S, _>(key, |j| j["kind"] = json!("signature"), |b| b[2] = 0x13);
    rejects_with::<S, _>(
        key,
        |j| j["suite"] = json!("p257"),
        "not a suite tessera knows",
    );
    rejects_with::<S, _>(key, |j| j["kind"] = json!("nonsense"), "not a message kind");

    // A non-canonical scalar, the identity, a zero identifier, threshold 1.
    rejects_like_wire::<S, _>(
        key,
        |j| j["signing_share"] = json!("ff".repeat(ns)),
        |b| b[share_at..share_at + ns].fill(0xff),
    );
    let identity = Point::<S>::identity().to_bytes();
    rejects_like_wire::<S, _>(
        key,
        |j| j["commitment"][0] = json!(hex::encode(identity)),
        |b| b[group_key_at..group_key_at + ne].copy_from_slice(identity.as_ref()),
    );
    assert!(
        serde_json::from_value::<KeyPackage<S>>({
            let mut j = serde_json::to_value(key).unwrap();
            j["commitment"][0] = json!(hex::encode(identity));
            j
        })
        .unwrap_err()
        .to_string()
        .contains(&Core::<S>::InvalidPoint(PointError::Identity).to_string())
    );
    rejects_like_wire::<S, _>(
        key,
        |j| j["identifier"] = json!("00".repeat(ns)),
        |b| b[3..3 + ns].fill(0),
    );
    rejects_like_wire::<S, _>(
        key,
        |j| j["commitment"].as_array_mut().unwrap().truncate(1),
        |b| b[commitment_at..commitment_at + 4].copy_from_slice(&1u32.to_be_bytes()),
    );

    // Unsorted and duplicate identifiers in a public key package.
    let entry = ns + ne;
    let entries_at = 3 + 4 + 2 * ne + 4;
    rejects_like_wire::<S, _>(
        &public,
        |j| j["verifying_shares"].as_array_mut().unwrap().swap(0, 1),
        |b| {
            let (first, second) = (entries_at, entries_at + entry);
            let a = b[first..second].to_vec();
            let c = b[second..second + entry].to_vec();
            b[first..second].copy_from_slice(&c);
            b[second..second + entry].copy_from_slice(&a);
        },
    );
    rejects_like_wire::<S, _>(
        &public,
        |j| {
            let shares = j["verifying_shares"].as_array_mut().unwrap();
            shares[1] = shares[0].clone();
        },
        |b| {
            let a = b[entries_at..entries_at + entry].to_vec();
            b[entries_at + entry..entries_at + 2 * entry].copy_from_slice(&a);
        },
    );
    let unsorted = serde_json::from_value::<PublicKeyPackage<S>>({
        let mut j = serde_json::to_value(&public).unwrap();
        j["verifying_shares"].as_array_mut().unwrap().swap(0, 1);
        j
    })
    .unwrap_err()
    .to_string();
    assert!(
        unsorted.contains(&Core::<S>::UnsortedParticipants { culprit: ids[0] }.to_string()),
        "{unsorted}"
    );

    // What JSON can add that bytes cannot: trailing data in a field, an
    // extra field, a missing one, a wrong type, a repeated field.
    rejects_with::<S, _>(
        key,
        |j| j["commitment"][0] = json!(format!("{}00", j["commitment"][0].as_str().unwrap())),
        &format!(
            "field `commitment[0]` holds {} bytes, but a point is {ne} bytes",
            ne + 1
        ),
    );
    rejects_with::<S, _>(
        key,
        |j| j["extra"] = json!("00"),
        "`extra` is not a field of this message",
    );
    rejects_with::<S, _>(
        key,
        |j| {
            j.as_object_mut().unwrap().remove("commitment");
        },
        "field `commitment` is missing",
    );
    rejects_with::<S, _>(
        key,
        |j| j["commitment"] = json!("2"),
        "field `commitment` must be an array",
    );
    rejects_with::<S, _>(
        &public,
        |j| j["verifying_shares"][0]["extra"] = json!(1),
        "`verifying_shares[0].extra` is not a field",
    );
    let repeated = format!(
        "{},\"signing_share\":\"00\"}}",
        serde_json::to_string(key).unwrap().trim_end_matches('}')
    );
    let err = serde_json::from_str::<KeyPackage<S>>(&repeated).unwrap_err();
    assert!(
        err.to_string()
            .contains("field `signing_share` appears more than once"),
        "{err}"
    );
}
