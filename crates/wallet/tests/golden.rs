//! Frozen wire formats: golden byte files for every message type of every
//! suite, generated from fixed seeds.
//!
//! The files live under `tests/golden/v<FORMAT_VERSION>/<suite>/<kind>.hex`
//! (one lowercase hex line each), listed in `tests/golden/v<N>/MANIFEST`
//! (suite, kind, byte length, header). The tests:
//!
//! - `golden_files_are_regenerated_byte_for_byte` runs every protocol again
//!   from the same seeds (ChaCha20 seeded per suite) and compares each
//!   message with its committed file, and checks that every file and
//!   manifest line is accounted for;
//! - `golden_files_decode_and_reencode` decodes each committed file with the
//!   type's decoder and re-encodes it, byte for byte;
//! - `earlier_versions_are_refused_by_version` decodes the files of every
//!   earlier version and expects `UnsupportedVersion` for each;
//! - `epochs_do_not_change_with_the_format_version` reads each suite's
//!   epoch from the version 1 key package and expects the current format
//!   to recompute the same epoch from the same key;
//! - `version_1_keychains_are_upgraded` reads each suite's version 1
//!   keychain (a store file's plaintext) and expects it to re-encode to the
//!   current version's keychain of the same key,
//!   `version_1_keychain_ecdsa_setups_are_upgraded` does the same for a
//!   keychain holding a threshold-ECDSA pair setup, and
//!   `version_1_upgrade_refuses_what_it_cannot_vouch_for` checks the
//!   upgrade's refusals.
//!
//! When an encoding changes, these tests fail: an encoding may only change
//! together with [`FORMAT_VERSION`], and the new version gets its own
//! directory (the old one stays, as the record of the old format). Write
//! the files with `TESSERA_BLESS=1 cargo test -p tessera-wallet --test
//! golden`; blessing refuses to overwrite a directory whose bytes differ.
//!
//! They live in the wallet's tests because the wallet is the crate that
//! depends on every other (core, frost, keys, bitcoin, ecdsa).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use tessera_core::encoding::{FORMAT_VERSION, Wire};
use tessera_core::identifier::identifiers;
use tessera_core::suites::{Ed25519, P256, Ristretto255, Secp256k1, Secp256k1Tr};
use tessera_core::{SecretScalar, Suite, tags};
use tessera_frost::{SigningPackage, aggregate, round1, round2};
use tessera_keys::dkg;
use tessera_keys::repair::{self, RepairConfig};
use tessera_keys::reshare::{self, ReshareConfig};
use tessera_wallet::Account;
use tessera_wallet::session::{
    Certificate, RevocationList, SessionKey, SessionSuite, SignedAction, Window,
};
use tessera_wallet::store::Keychain;

/// Decodes a message and encodes it again.
type Reencode = fn(&[u8]) -> Result<Vec<u8>, String>;

/// One golden message.
struct Golden {
    suite: &'static str,
    kind: &'static str,
    bytes: Vec<u8>,
    reencode: Reencode,
}

fn reencode<S: Suite, T: Wire<S>>(bytes: &[u8]) -> Result<Vec<u8>, String> {
    T::from_bytes(bytes)
        .map(|v| v.to_bytes())
        .map_err(|e| e.to_string())
}

/// Collects the messages of one suite.
struct Sink<'a, S: Suite> {
    out: &'a mut Vec<Golden>,
    _suite: std::marker::PhantomData<S>,
}

impl<S: Suite> Sink<'_, S> {
    fn wire<T: Wire<S>>(&mut self, value: &T) {
        let kind = tags::kind_name(T::KIND).expect("every kind is in tessera_core::tags");
        self.out.push(Golden {
            suite: S::NAME,
            kind,
            bytes: value.to_bytes(),
            reencode: reencode::<S, T>,
        });
    }
}

fn rng_for<S: Suite>(protocol: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(0x601d_0000 + (u64::from(S::ID) << 8) + protocol)
}

/// Core, FROST and key lifecycle messages: a dealer, a 2-of-3 DKG, a
/// signing session, a refresh to 3-of-4 and a repair.
fn frost_and_keys<S: Suite>(out: &mut Vec<Golden>) {
    let mut sink = Sink::<S> {
        out,
        _suite: std::marker::PhantomData,
    };
    let ids = identifiers::<S>(3);

    // Core: a Shamir share and its Feldman commitment.
    let mut rng = rng_for::<S>(1);
    let (shares, commitment) =
        tessera_core::shamir::split(&SecretScalar::<S>::random(&mut rng), 2, &ids, &mut rng)
            .unwrap();
    sink.wire(&shares[0]);
    sink.wire(&commitment);

    // DKG, 2-of-3, round by round.
    let mut rng = rng_for::<S>(2);
    let mut secrets1 = BTreeMap::new();
    let mut round1 = BTreeMap::new();
    for id in &ids {
        let (s, p) = dkg::part1(*id, 2, &ids, &mut rng).unwrap();
        secrets1.insert(*id, s);
        round1.insert(*id, p);
    }
    sink.wire(&round1[&ids[0]]);
    let mut secrets2 = BTreeMap::new();
    let mut sent = BTreeMap::new();
    for (id, s) in secrets1 {
        let mut others = round1.clone();
        others.remove(&id);
        let (s2, packages) = dkg::part2(s, &others).unwrap();
        secrets2.insert(id, s2);
        sent.insert(id, packages);
    }
    sink.wire(&sent[&ids[0]][&ids[1]]);
    let mut keys = BTreeMap::new();
    let mut public = None;
    for (id, s) in secrets2 {
        let inbox: BTreeMap<_, _> = sent
            .iter()
            .filter(|(from, _)| **from != id)
            .map(|(from, to)| (*from, to[&id].clone()))
            .collect();
        let output = dkg::finish(s, &inbox, &mut rng).unwrap();
        keys.insert(id, output.key_package);
        public = Some(output.public);
    }
    let public = public.unwrap();
    sink.wire(&keys[&ids[0]]);
    sink.wire(&public);

    // FROST signing with signers 1 and 3.
    let mut rng = rng_for::<S>(3);
    let signers = [ids[0], ids[2]];
    let mut nonces = Vec::new();
    let mut commitments = BTreeMap::new();
    for id in &signers {
        let (n, c) = round1::commit(&keys[id], &mut rng);
        nonces.push(n);
        commitments.insert(*id, c);
    }
    sink.wire(&commitments[&ids[0]]);
    let package = SigningPackage::new(public.epoch(), commitments, b"golden message");
    sink.wire(&package);
    let mut signature_shares = BTreeMap::new();
    for (id, n) in signers.iter().zip(nonces) {
        signature_shares.insert(*id, round2::sign(&package, n, &keys[id]).unwrap());
    }
    sink.wire(&signature_shares[&ids[0]]);
    let signature = aggregate(&package, &signature_shares, &public).unwrap();
    signature
        .verify(&public.group_key(), b"golden message")
        .unwrap();
    sink.wire(&signature);

    // Reshare 2-of-3 to 3-of-4: dealers 1 and 2.
    let mut rng = rng_for::<S>(4);
    let members = identifiers::<S>(4);
    let config = ReshareConfig::new(public.clone(), &ids[..2], &members, 3).unwrap();
    let dealing = reshare::deal(&config, &keys[&ids[0]], &mut rng).unwrap();
    sink.wire(&dealing.0);
    sink.wire(&dealing.1[&members[3]]);

    // Repair participant 3 with helpers 1 and 2.
    let mut rng = rng_for::<S>(5);
    let config = RepairConfig::new(public.clone(), &ids[..2], ids[2]).unwrap();
    let (commitments, deltas) = repair::step1(&config, &keys[&ids[0]], &mut rng).unwrap();
    sink.wire(&commitments);
    sink.wire(&deltas[&ids[1]]);
    let (commitments2, deltas2) = repair::step1(&config, &keys[&ids[1]], &mut rng).unwrap();
    let all = BTreeMap::from([(ids[0], commitments), (ids[1], commitments2)]);
    let to_first = BTreeMap::from([
        (ids[0], deltas[&ids[0]].clone()),
        (ids[1], deltas2[&ids[0]].clone()),
    ]);
    let sigma = repair::step2(&config, &keys[&ids[0]], &all, &to_first, &mut rng).unwrap();
    sink.wire(&sigma);
}

/// Where in seed 6's stream the BIP 445 nonces start (ChaCha20 words).
const BIP445_NONCE_WORD: u128 = 40;

/// BIP 445 messages: a 2-of-3 dealer key, signers 1 and 3, one session.
fn bip445<S: tessera_bitcoin::K256Suite>(out: &mut Vec<Golden>) {
    use tessera_bitcoin::{
        AggOtherNonce, NonceInputs, SessionContext, SignersContext, nonce_agg, nonce_gen,
        sign_with_key,
    };
    let mut sink = Sink::<S> {
        out,
        _suite: std::marker::PhantomData,
    };
    let mut rng = rng_for::<S>(6);
    let ids = identifiers::<S>(3);
    let dealt = tessera_keys::dealer::keygen::<S, _>(2, &ids, &mut rng).unwrap();
    // The nonces come from the same seed's stream at a fixed position: the
    // word the dealer had reached when these files were written (version
    // 2). How many values the dealer's own share check draws is not part of
    // any format, and must not move these bytes (its interpolation check
    // draws one scalar where the random-weight sum drew one per share).
    let mut rng = rng_for::<S>(6);
    rng.set_word_pos(BIP445_NONCE_WORD);
    let public = dealt.public;
    let keys: BTreeMap<_, _> = dealt
        .key_packages
        .into_iter()
        .map(|k| (k.id(), k))
        .collect();
    let signers = [ids[0], ids[2]];
    let ctx = SignersContext::from_public(&public, &signers).unwrap();
    let msg = [0x45u8; 32];
    let mut secnonces = Vec::new();
    let mut pubnonces = Vec::new();
    for id in &signers {
        let mut inputs = NonceInputs::for_key(&keys[id]);
        inputs.msg = Some(&msg);
        let (sec, pubnonce) = nonce_gen(&inputs, &mut rng).unwrap();
        secnonces.push(sec);
        pubnonces.push(pubnonce);
    }
    sink.wire(&pubnonces[0]);
    let aggnonce = nonce_agg(&pubnonces);
    sink.wire(&aggnonce);
    sink.wire(&AggOtherNonce::from_agg_nonce(&nonce_agg(&pubnonces[1..])).unwrap());
    let session = SessionContext::new(&ctx, &aggnonce, &[], &msg).unwrap();
    let request = session.request().unwrap();
    sink.wire(&request);
    let mut psigs = Vec::new();
    for (id, sec) in signers.iter().zip(secnonces) {
        psigs.push(sign_with_key(sec, &keys[id], &session).unwrap());
    }
    sink.wire(&psigs[0]);
    let signature = tessera_bitcoin::aggregate(&session, &pubnonces, &psigs).unwrap();
    signature.verify(&session.xonly_pubkey(), &msg).unwrap();
    sink.wire(&signature);
}

/// DKLs23 messages: one pairwise setup, a 2-of-2 signing session.
fn ecdsa<S: tessera_ecdsa::EcdsaSuite>(out: &mut Vec<Golden>) {
    use tessera_ecdsa::{SigningSession, local, setup, sign};
    let mut sink = Sink::<S> {
        out,
        _suite: std::marker::PhantomData,
    };
    let mut rng = rng_for::<S>(7);
    let ids = identifiers::<S>(2);
    let (round, message) = setup::start(ids[0], ids[1], &mut rng).unwrap();
    let (_, message_back) = setup::start(ids[1], ids[0], &mut rng).unwrap();
    sink.wire(&message);
    sink.wire(&setup::finish(round, &message_back).unwrap());

    let mut rng = rng_for::<S>(8);
    let (keys, public) = tessera_keys::local::run_dkg(2, &ids, &mut rng).unwrap();
    let setups = local::setup_all(&ids, &mut rng).unwrap();
    let session = SigningSession::new(public.clone(), &ids, [0x5e; 32]).unwrap();
    let mut states = BTreeMap::new();
    let mut sent = BTreeMap::new();
    for id in &ids {
        let (s, o) = sign::round1(&session, &keys[id], &setups[id], &mut rng).unwrap();
        states.insert(*id, s);
        sent.insert(*id, o);
    }
    sink.wire(&sent[&ids[0]][&ids[1]]);
    let mut states2 = BTreeMap::new();
    let mut sent2 = BTreeMap::new();
    for id in &ids {
        let (s, o) = sign::round2(
            states.remove(id).unwrap(),
            &session,
            &keys[id],
            &setups[id],
            &local::inbox(&sent, id),
            &mut rng,
        )
        .unwrap();
        states2.insert(*id, s);
        sent2.insert(*id, o);
    }
    sink.wire(&sent2[&ids[0]][&ids[1]]);
    let prehash = [0x5a; 32];
    let mut shares = BTreeMap::new();
    for id in &ids {
        let presignature = sign::presign(
            states2.remove(id).unwrap(),
            &session,
            &setups[id],
            &local::inbox(&sent2, id),
        )
        .unwrap();
        shares.insert(*id, presignature.sign(&prehash));
    }
    sink.wire(&shares[&ids[0]]);
    let signature = sign::combine(&session, &prehash, &shares).unwrap();
    assert!(signature.verify(&public.group_key(), &prehash));
    sink.wire(&signature);
}

/// The wallet's files and messages: a session certificate, a signed
/// action, a revocation list and a member's keychain, for an account of
/// suite `S` and a session key of suite `K`; `tag` tells the session suite
/// apart in the file name when it is not Ed25519.
fn wallet<S: Suite, K: SessionSuite>(out: &mut Vec<Golden>, tag: &'static str) {
    fn certificate<S: Suite, K: SessionSuite>(b: &[u8]) -> Result<Vec<u8>, String> {
        Certificate::<S, K>::from_bytes(b)
            .map(|v| v.to_bytes())
            .map_err(|e| e.to_string())
    }
    fn action<S: Suite, K: SessionSuite>(b: &[u8]) -> Result<Vec<u8>, String> {
        SignedAction::<S, K>::from_bytes(b)
            .map(|v| v.to_bytes())
            .map_err(|e| e.to_string())
    }
    fn revocations<S: Suite>(b: &[u8]) -> Result<Vec<u8>, String> {
        RevocationList::<S>::from_bytes(b)
            .map(|v| v.to_bytes())
            .map_err(|e| e.to_string())
    }
    fn keychain<S: Suite>(b: &[u8]) -> Result<Vec<u8>, String> {
        Keychain::<S>::from_bytes(b)
            .map(|v| v.to_bytes().to_vec())
            .map_err(|e| e.to_string())
    }
    let name = |kind: &'static str| -> &'static str {
        if tag.is_empty() {
            kind
        } else {
            Box::leak(format!("{kind}-{tag}").into_boxed_str())
        }
    };
    let mut rng = rng_for::<S>(9 + u64::from(K::ID));
    let account = Account::<S>::create(&["device", "login", "recovery"], 2, &mut rng).unwrap();
    let key = SessionKey::<K>::generate(&mut rng);
    let cert = account
        .certify_session(
            &["device", "login"],
            &key.public(),
            Window::starting(1_800_000_000, 3600),
            &["transfer", "sign-in"],
            &mut rng,
        )
        .unwrap();
    let signed =
        SignedAction::sign(cert.clone(), &key, "transfer", b"send 5 to bob", &mut rng).unwrap();
    let mut revoked = RevocationList::<S>::new();
    revoked.revoke(&cert);
    revoked.revoke_id([0x72; 32]);
    let mut chain = account.keychain("device").unwrap();
    chain.set_session(&key, &cert).unwrap();
    out.push(Golden {
        suite: S::NAME,
        kind: name("wallet-certificate"),
        bytes: cert.to_bytes(),
        reencode: certificate::<S, K>,
    });
    out.push(Golden {
        suite: S::NAME,
        kind: name("wallet-signed-action"),
        bytes: signed.to_bytes(),
        reencode: action::<S, K>,
    });
    if !tag.is_empty() {
        return;
    }
    out.push(Golden {
        suite: S::NAME,
        kind: "wallet-revocation-list",
        bytes: revoked.to_bytes(),
        reencode: revocations::<S>,
    });
    out.push(Golden {
        suite: S::NAME,
        kind: "wallet-keychain",
        bytes: chain.to_bytes().to_vec(),
        reencode: keychain::<S>,
    });
}

/// Every golden message of every suite, in a fixed order.
fn generate() -> Vec<Golden> {
    let mut out = Vec::new();
    frost_and_keys::<Ed25519>(&mut out);
    frost_and_keys::<Ristretto255>(&mut out);
    frost_and_keys::<Secp256k1>(&mut out);
    frost_and_keys::<P256>(&mut out);
    frost_and_keys::<Secp256k1Tr>(&mut out);
    bip445::<Secp256k1>(&mut out);
    bip445::<Secp256k1Tr>(&mut out);
    ecdsa::<Secp256k1>(&mut out);
    ecdsa::<P256>(&mut out);
    wallet::<Ed25519, Ed25519>(&mut out, "");
    wallet::<Ristretto255, Ed25519>(&mut out, "");
    wallet::<Secp256k1, Ed25519>(&mut out, "");
    wallet::<P256, Ed25519>(&mut out, "");
    wallet::<Secp256k1Tr, Ed25519>(&mut out, "");
    wallet::<P256, P256>(&mut out, "p256-session");
    out
}

/// The golden files of format version `version`.
fn version_dir(version: u8) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("golden")
        .join(format!("v{version}"))
}

fn golden_dir() -> PathBuf {
    version_dir(FORMAT_VERSION)
}

fn file_of(g: &Golden) -> PathBuf {
    golden_dir().join(g.suite).join(format!("{}.hex", g.kind))
}

fn manifest(goldens: &[Golden]) -> String {
    let mut m = format!(
        "# tessera golden wire files, format version {FORMAT_VERSION}; generated by\n\
         # crates/wallet/tests/golden.rs (TESSERA_BLESS=1 to write).\n\
         # suite\tkind\tbytes\theader\n"
    );
    for g in goldens {
        let header = hex::encode(&g.bytes[..3.min(g.bytes.len())]);
        writeln!(m, "{}\t{}\t{}\t{header}", g.suite, g.kind, g.bytes.len()).unwrap();
    }
    m
}

const STALE: &str = "a wire encoding changed: bump FORMAT_VERSION (tessera_core::encoding) \
     and add new golden files with TESSERA_BLESS=1; never change the bytes of a released version";

fn bless(goldens: &[Golden]) {
    for g in goldens {
        let path = file_of(g);
        let text = format!("{}\n", hex::encode(&g.bytes));
        if let Ok(old) = std::fs::read_to_string(&path) {
            assert_eq!(old, text, "{}: {STALE}", path.display());
            continue;
        }
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
    }
    std::fs::write(golden_dir().join("MANIFEST"), manifest(goldens)).unwrap();
}

fn read_hex(path: &PathBuf) -> Vec<u8> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; no golden file for this message at format version {FORMAT_VERSION}: \
             if FORMAT_VERSION was bumped or a message kind added, write them with TESSERA_BLESS=1",
            path.display()
        )
    });
    hex::decode(text.trim()).unwrap()
}

/// The messages, after writing them first when `TESSERA_BLESS` is set
/// (once, before any test reads the files).
fn goldens() -> Vec<Golden> {
    static BLESS: std::sync::Once = std::sync::Once::new();
    BLESS.call_once(|| {
        if std::env::var_os("TESSERA_BLESS").is_some() {
            bless(&generate());
        }
    });
    generate()
}

#[test]
fn golden_files_are_regenerated_byte_for_byte() {
    let goldens = goldens();
    // Deterministic: a second run gives the same bytes.
    let again = generate();
    for (a, b) in goldens.iter().zip(&again) {
        assert_eq!(
            a.bytes, b.bytes,
            "{}/{} is not deterministic",
            a.suite, a.kind
        );
    }
    for g in &goldens {
        let path = file_of(g);
        let committed = read_hex(&path);
        assert!(
            committed == g.bytes,
            "{}: the encoding differs from the committed bytes ({} vs {} bytes): {STALE}",
            path.display(),
            g.bytes.len(),
            committed.len()
        );
        // The header is this version, the suite and the kind of the name.
        assert_eq!(g.bytes[0], FORMAT_VERSION, "{}", path.display());
        assert_eq!(tags::suite_name(g.bytes[1]), Some(g.suite));
        if let Some(tag) = tags::kind_tag(g.kind) {
            assert_eq!(g.bytes[2], tag, "{}", path.display());
        }
    }
    // Every file on disk and every manifest line is one of the messages.
    let expected: std::collections::BTreeSet<PathBuf> = goldens.iter().map(file_of).collect();
    assert_eq!(expected.len(), goldens.len(), "one file per suite and kind");
    for suite in std::fs::read_dir(golden_dir()).unwrap() {
        let suite = suite.unwrap().path();
        if !suite.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&suite).unwrap() {
            let file = file.unwrap().path();
            assert!(
                expected.contains(&file),
                "{} is not generated by this test: remove it or generate it",
                file.display()
            );
        }
    }
    let on_disk = std::fs::read_to_string(golden_dir().join("MANIFEST")).unwrap();
    assert_eq!(
        on_disk,
        manifest(&goldens),
        "the MANIFEST is stale: {STALE}"
    );
}

#[test]
fn golden_files_decode_and_reencode() {
    for g in goldens() {
        let path = file_of(&g);
        let committed = read_hex(&path);
        let again = (g.reencode)(&committed).unwrap_or_else(|e| {
            panic!(
                "{}: the committed bytes no longer decode: {e}",
                path.display()
            )
        });
        assert!(
            again == committed,
            "{}: decoding and re-encoding changes the bytes",
            path.display()
        );
    }
}

/// Every message kind tessera allocates has golden bytes in at least one
/// suite.
#[test]
fn every_kind_has_golden_bytes() {
    let goldens = generate();
    for (tag, name) in tags::KINDS {
        assert!(
            goldens.iter().any(|g| g.kind == *name),
            "message kind {name} (0x{tag:02x}) has no golden file"
        );
    }
}

/// The files of every earlier format version stay in the repository as the
/// record of that format, and this build refuses each of them by its
/// version (not by whatever its body would decode to), except the keychain
/// (a store file's plaintext), which is upgraded.
#[test]
fn earlier_versions_are_refused_by_version() {
    let goldens = generate();
    let mut refused = 0;
    for version in 1..FORMAT_VERSION {
        let dir = version_dir(version);
        for g in &goldens {
            let path = dir.join(g.suite).join(format!("{}.hex", g.kind));
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            if g.kind == "wallet-keychain" {
                continue; // read and upgraded: see the next test
            }
            let old = hex::decode(text.trim()).unwrap();
            assert_eq!(old[0], version, "{}", path.display());
            let expected = tessera_core::Error::<Ed25519>::UnsupportedVersion {
                found: version,
                expected: FORMAT_VERSION,
            }
            .to_string();
            assert_eq!((g.reencode)(&old), Err(expected), "{}", path.display());
            refused += 1;
        }
    }
    assert!(
        FORMAT_VERSION == 1 || refused > 0,
        "no earlier golden file was read"
    );
}

/// The epoch of a key at format version 1, read from the committed v1 key
/// package (`header, identifier, threshold, epoch, ...`), is the epoch the
/// current format recomputes from the same key's commitment: an epoch
/// names the sharing, not the wire format.
fn epoch_is_stable<S: Suite>(suite: &str) {
    let old = read_hex(&version_dir(1).join(suite).join("key-package.hex"));
    let at = 3 + S::SCALAR_LEN + 2;
    let old_epoch = &old[at..at + 32];
    let current = read_hex(&golden_dir().join(suite).join("key-package.hex"));
    let key = tessera_frost::KeyPackage::<S>::from_bytes(&current).unwrap();
    assert_eq!(old_epoch, key.epoch().as_bytes(), "{suite}");
}

#[test]
fn epochs_do_not_change_with_the_format_version() {
    goldens();
    epoch_is_stable::<Ed25519>("ed25519");
    epoch_is_stable::<Ristretto255>("ristretto255");
    epoch_is_stable::<Secp256k1>("secp256k1");
    epoch_is_stable::<P256>("p256");
    epoch_is_stable::<Secp256k1Tr>("secp256k1-tr");
}

/// A keychain written at format version 1 (a store saved by an earlier
/// tessera) is read, and re-encodes to exactly the current version's
/// keychain of the same key: nothing in a stored share is lost to the
/// format change.
fn keychain_is_upgraded<S: Suite>(suite: &str) {
    let old = read_hex(&version_dir(1).join(suite).join("wallet-keychain.hex"));
    assert_eq!(old[0], 1);
    let current = read_hex(&golden_dir().join(suite).join("wallet-keychain.hex"));
    let upgraded = Keychain::<S>::from_bytes(&old).unwrap();
    assert_eq!(
        upgraded.to_bytes().as_slice(),
        current.as_slice(),
        "{suite}"
    );
}

#[test]
fn version_1_keychains_are_upgraded() {
    goldens();
    keychain_is_upgraded::<Ed25519>("ed25519");
    keychain_is_upgraded::<Ristretto255>("ristretto255");
    keychain_is_upgraded::<Secp256k1>("secp256k1");
    keychain_is_upgraded::<P256>("p256");
    keychain_is_upgraded::<Secp256k1Tr>("secp256k1-tr");
}

/// `keychain` (a keychain with no ECDSA pair setup) with `setup` stored
/// in it: the encoding is the header, then the name, the key package and
/// the public key package, each u32-length-prefixed, then the u32 count of
/// setups and each setup u32-length-prefixed.
fn with_setup(keychain: &[u8], setup: &[u8]) -> Vec<u8> {
    let mut at = 3;
    for _ in 0..3 {
        let len = u32::from_be_bytes(keychain[at..at + 4].try_into().unwrap());
        at += 4 + usize::try_from(len).unwrap();
    }
    assert_eq!(
        keychain[at..at + 4],
        [0, 0, 0, 0],
        "a keychain with no setup"
    );
    let mut spliced = keychain[..at].to_vec();
    spliced.extend_from_slice(&1u32.to_be_bytes());
    spliced.extend_from_slice(&u32::try_from(setup.len()).unwrap().to_be_bytes());
    spliced.extend_from_slice(setup);
    spliced.extend_from_slice(&keychain[at + 4..]);
    spliced
}

/// A version 1 keychain holding a threshold-ECDSA pair setup (an encoding
/// that did not change from version 1 to 2) re-encodes to the current
/// keychain holding the same setup with the current version in its header.
/// The committed keychains hold no setup, so both sides are spliced from
/// committed files: the version 1 keychain with the version 1 setup, and
/// the current keychain with that setup, version byte replaced. The splice
/// is at the byte level: the setup is another member's, which is why it is
/// not read back through `ecdsa_setups`.
fn keychain_setup_is_upgraded<S: tessera_ecdsa::EcdsaSuite>(suite: &str) {
    let file = |version: u8, kind: &str| read_hex(&version_dir(version).join(suite).join(kind));
    let setup = file(1, "ecdsa-pair-setup.hex");
    assert_eq!(setup[0], 1);
    let mut setup_now = setup.clone();
    setup_now[0] = FORMAT_VERSION;
    // The setup with the current header is one the current decoder reads.
    let decoded = tessera_ecdsa::PairSetup::<S>::from_bytes(&setup_now).unwrap();
    assert_eq!(decoded.to_bytes(), setup_now, "{suite}");

    let old = with_setup(&file(1, "wallet-keychain.hex"), &setup);
    let current = with_setup(&file(FORMAT_VERSION, "wallet-keychain.hex"), &setup_now);
    let upgraded = Keychain::<S>::from_bytes(&old).unwrap();
    assert!(
        upgraded.to_bytes().as_slice() == current.as_slice(),
        "{suite}"
    );
}

#[test]
fn version_1_keychain_ecdsa_setups_are_upgraded() {
    goldens();
    keychain_setup_is_upgraded::<Secp256k1>("secp256k1");
    keychain_setup_is_upgraded::<P256>("p256");
}

/// `upgrade_v1` refuses current encodings by their version and a version 1
/// key package whose epoch is not its public key package's.
#[test]
fn version_1_upgrade_refuses_what_it_cannot_vouch_for() {
    goldens();
    let v1 = version_dir(1).join("ed25519");
    let key = read_hex(&v1.join("key-package.hex"));
    let public = read_hex(&v1.join("public-key-package.hex"));
    assert!(tessera_frost::legacy::upgrade_v1::<Ed25519>(&key, &public).is_ok());
    let current = read_hex(&golden_dir().join("ed25519").join("key-package.hex"));
    assert_eq!(
        tessera_frost::legacy::upgrade_v1::<Ed25519>(&current, &public).unwrap_err(),
        tessera_frost::Error::Core(tessera_core::Error::UnsupportedVersion {
            found: FORMAT_VERSION,
            expected: 1
        })
    );
    let mut other_epoch = key.clone();
    other_epoch[3 + 32 + 2] ^= 1;
    assert_eq!(
        tessera_frost::legacy::upgrade_v1::<Ed25519>(&other_epoch, &public).unwrap_err(),
        tessera_frost::Error::InconsistentKey(
            "the version 1 key package belongs to another public key package"
        )
    );
    let mut trailing = public.clone();
    trailing.push(0);
    assert_eq!(
        tessera_frost::legacy::upgrade_v1::<Ed25519>(&key, &trailing).unwrap_err(),
        tessera_frost::Error::Core(tessera_core::Error::TrailingBytes { count: 1 })
    );
}
