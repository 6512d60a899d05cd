//! `store_frames`: the bytes tessera reads from a file or from the
//! network, outside the wire types of [`crate::wire`]:
//!
//! - a store file (`tessera_wallet::store`): [`Header::parse`] on hostile
//!   headers (magic, version, KDF id and parameters, lengths, checksum),
//!   and `open` when the header's KDF parameters are the cheap test ones
//!   (never on the fuzzer's parameters: 1 GiB of Argon2 memory is a valid
//!   header). A file that opens must be one the harness sealed: the AEAD
//!   covers the header and the ciphertext.
//! - the store's plaintext, [`Keychain::from_bytes`], as edits of a current
//!   keychain (with a session key and certificate) and of the version 1
//!   golden keychain of the suite (upgraded by
//!   `tessera_frost::legacy::upgrade_v1`). Whatever decodes must re-encode
//!   and decode again to the same encoding; a current-version keychain
//!   must re-encode to exactly the bytes decoded.
//! - the frames of `tessera_net::envelope`: [`envelope::parse`], then
//!   [`envelope::open_broadcast`], and for a fixed recipient
//!   [`envelope::open_private`] with the sender the header names (as the
//!   runner looks it up in its roster). A frame that opens must carry a
//!   header and payload the named sender sealed.
//! - the login service's request decoding (`tessera_net::serve`): the
//!   authorized request (`SignedAction`, certificate included), the
//!   [`SignRequest`] inside it, the session verification, and the whole
//!   request frame ([`CoSignRequest`]: the authorized request and a FROST
//!   commitment) as the service checks it. A request that verifies must
//!   be the one the harness signed.
//! - [`PublicIdentity::from_bytes`] / `from_hex` and
//!   [`Identity::from_file_bytes`].
//!
//! Every input is a [`Hostile`] change to a valid sample, so that edits
//! keep points and scalars well-formed where the sample has them, and
//! optionally a fix-up after it ([`StoreFramesInput::fix`]: the store
//! header's checksum recomputed, a frame's body length set to its body's),
//! so that changes behind a checksum or a length check reach the checks
//! after it. A private frame cut after its first chunk with its length
//! fixed up opened to a prefix of its payload before the prologue bound the
//! body length (`fuzz/findings/store_frames-private-truncated-chunks`).

use std::rc::Rc;

use arbitrary::Arbitrary;
use group::{Group, GroupEncoding};
use sha2::{Digest, Sha256};
use tessera_core::encoding::FORMAT_VERSION;
use tessera_core::suites::{Ed25519, P256};
use tessera_core::{Point, Suite};
use tessera_keys::local;
use tessera_net::envelope::{self, Kind};
use tessera_net::identity::{Identity, PublicIdentity};
use tessera_net::serve::{
    AuthorizedRequest, CoSignRequest, SIGN_SCOPE, SignRequest, request_frame,
};
use tessera_wallet::session::{CertificateRequest, SessionKey, Verifier, Window};
use tessera_wallet::store::{self, Header, KIND_KEYCHAIN, KdfParams, Keychain, Password};
use zeroize::Zeroizing;

use crate::cast::{cached, dealt, rng};
use crate::encode_struct;
use crate::hostile::{Hostile, Pool, hostile_bytes};

/// One input of `store_frames`.
#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub struct StoreFramesInput {
    /// The suite of the store and of the account (modulo 5, as
    /// [`crate::with_suite!`]); frames and identities do not depend on it.
    pub suite: u8,
    /// What is decoded: [`What`] (modulo [`WHAT`]).
    pub what: u8,
    /// After the change, make the bytes consistent where a checksum or a
    /// length would stop them at the first check: a store file's header
    /// checksum is recomputed, a frame's body length is set to its body's.
    pub fix: bool,
    /// The bytes, as a change to the sample's encoding.
    pub message: Hostile,
}
encode_struct!(StoreFramesInput {
    suite,
    what,
    fix,
    message
});

/// Bytes of a store header its checksum covers, and the checksum's length.
const CHECKED: usize = 99;
const CHECKSUM: usize = 16;

/// Recomputes a store file's header checksum (SHA-256 of the first 99
/// bytes, first 16 bytes), if the file is long enough to have one.
fn fix_checksum(bytes: &mut [u8]) {
    let Some(checked) = bytes.get(..CHECKED) else {
        return;
    };
    let digest = Sha256::digest(checked);
    if let (Some(slot), Some(sum)) = (
        bytes.get_mut(CHECKED..CHECKED + CHECKSUM),
        digest.get(..CHECKSUM),
    ) {
        slot.copy_from_slice(sum);
    }
}

/// Sets a frame's body length (bytes 103..107) to the length of its body.
fn fix_length(bytes: &mut [u8]) {
    let body = bytes.len().saturating_sub(envelope::HEADER_LEN);
    let len = u32::try_from(body).unwrap_or(u32::MAX).to_be_bytes();
    if let Some(slot) = bytes.get_mut(envelope::HEADER_LEN - 4..envelope::HEADER_LEN) {
        slot.copy_from_slice(&len);
    }
}

/// The decoders `store_frames` drives, by [`StoreFramesInput::what`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum What {
    /// A store file: header, then `open` under cheap KDF parameters.
    StoreFile,
    /// A current keychain (the store's plaintext).
    Keychain,
    /// A version 1 keychain (the golden file of the suite).
    KeychainV1,
    /// A signed broadcast frame.
    Broadcast,
    /// A private frame of one chunk.
    Private,
    /// A private frame of two chunks.
    PrivateChunked,
    /// An authorized sign request (the payload of a request frame).
    Authorized,
    /// A request frame, checked as the service does.
    RequestFrame,
    /// A bare sign request.
    SignRequest,
    /// A public identity (64 bytes, or its hex text).
    PublicIdentity,
    /// An identity file.
    IdentityFile,
}

/// Every [`What`], in selector order.
pub const WHATS: [What; 11] = [
    What::StoreFile,
    What::Keychain,
    What::KeychainV1,
    What::Broadcast,
    What::Private,
    What::PrivateChunked,
    What::Authorized,
    What::RequestFrame,
    What::SignRequest,
    What::PublicIdentity,
    What::IdentityFile,
];

/// Number of [`What`]s.
pub const WHAT: u8 = 11;

/// The selector of `what`.
pub fn what_selector(what: What) -> u8 {
    WHATS
        .iter()
        .position(|w| *w == what)
        .and_then(|i| u8::try_from(i).ok())
        .unwrap_or(0)
}

/// Whether the sample of `what` depends on the suite.
pub fn per_suite(what: What) -> bool {
    matches!(
        what,
        What::StoreFile
            | What::Keychain
            | What::KeychainV1
            | What::Authorized
            | What::RequestFrame
            | What::SignRequest
    )
}

/// The time at which the harness verifies requests (inside [`window`]).
const NOW: u64 = 1_800_000_000;

fn window() -> Window {
    Window::starting(NOW - 60, 3600)
}

/// The password of the sealed store files.
const PASSWORD: &str = "correct horse battery staple";

/// The fixed identities: the sender of frames, a second sender, the
/// recipient of private frames (and the login service).
fn identity(seed: u8) -> Identity {
    Identity::from_seed(Zeroizing::new([seed; 32]))
}

/// The sender `A`, the other sender `B`, the recipient `R`.
const A: u8 = 1;
const B: u8 = 2;
const R: u8 = 3;

/// The session of the sample frames.
const SESSION: [u8; 32] = [0x5e; 32];

/// The version 1 golden keychain of `S`.
fn golden_v1<S: Suite>() -> Vec<u8> {
    let text = match S::NAME {
        "ed25519" => {
            include_str!("../../../crates/wallet/tests/golden/v1/ed25519/wallet-keychain.hex")
        }
        "ristretto255" => {
            include_str!("../../../crates/wallet/tests/golden/v1/ristretto255/wallet-keychain.hex")
        }
        "secp256k1" => {
            include_str!("../../../crates/wallet/tests/golden/v1/secp256k1/wallet-keychain.hex")
        }
        "p256" => include_str!("../../../crates/wallet/tests/golden/v1/p256/wallet-keychain.hex"),
        _ => {
            include_str!("../../../crates/wallet/tests/golden/v1/secp256k1-tr/wallet-keychain.hex")
        }
    };
    hex::decode(text.trim()).unwrap_or_else(|e| panic!("{}: golden v1 keychain: {e}", S::NAME))
}

/// The account's fixtures in suite `S`: keychains, store files, an
/// authorized request.
struct Account<S: Suite> {
    /// A keychain without a session, and one with.
    plain: Vec<u8>,
    with_session: Vec<u8>,
    /// Store files sealed with the cheap KDF: of `plain`, of `with_session`.
    files: Vec<Vec<u8>>,
    /// The authorized request and the bare request inside it.
    authorized: Vec<u8>,
    request: Vec<u8>,
    /// Another authorized request (another nonce), for replays.
    other_authorized: Vec<u8>,
    /// The co-signing request carrying `authorized` and a commitment.
    cosign: Vec<u8>,
    /// The request frame carrying `cosign`, from `A` to `R`'s inbox.
    frame: Vec<u8>,
    /// The verifier of the account.
    verifier: Verifier<S>,
    /// Points and scalars for edits.
    pool: Pool<S>,
}

fn account<S: Suite>() -> Rc<Account<S>> {
    cached::<S, _>("store_frames account", 0, || {
        let dealt = dealt::<S>(2, 3);
        let keys = &dealt.output.key_packages;
        let public = &dealt.output.public;
        let (Some(k1), Some(k2)) = (keys.first(), keys.get(1)) else {
            panic!("fixture: the dealer gave fewer than two keys");
        };
        let mut rng = rng(&[b"store_frames", S::NAME.as_bytes()]);
        let session = SessionKey::<Ed25519>::generate(&mut rng);
        let request =
            CertificateRequest::new(public, &session.public(), window(), &[SIGN_SCOPE], &mut rng)
                .unwrap_or_else(|e| panic!("fixture: certificate request: {e}"));
        let signature = local::run_signing([k1, k2], public, &request.message(), &mut rng)
            .unwrap_or_else(|e| panic!("fixture: certificate signature: {e}"));
        let certificate = request
            .certify(signature)
            .unwrap_or_else(|e| panic!("fixture: certificate: {e}"));

        let mut keychain = Keychain::new("device", k1.clone(), public.clone())
            .unwrap_or_else(|e| panic!("fixture: keychain: {e}"));
        let plain = keychain.to_bytes().to_vec();
        keychain
            .set_session(&session, &certificate)
            .unwrap_or_else(|e| panic!("fixture: session: {e}"));
        let with_session = keychain.to_bytes().to_vec();
        let password = password();
        let files = [&plain, &with_session]
            .iter()
            .map(|bytes| {
                let keychain = Keychain::<S>::from_bytes(bytes)
                    .unwrap_or_else(|e| panic!("fixture: keychain: {e}"));
                store::seal(
                    &keychain,
                    &password,
                    KdfParams::insecure_for_tests(),
                    &mut rng,
                )
                .unwrap_or_else(|e| panic!("fixture: seal: {e}"))
            })
            .collect();

        let sign = |nonce: u8, rng: &mut _| {
            let request = SignRequest {
                account: "alice".into(),
                nonce: [nonce; 32],
                signers: vec![1, 2],
                message: b"fuzz request".to_vec(),
            };
            let authorized = request
                .authorize(certificate.clone(), &session, rng)
                .unwrap_or_else(|e| panic!("fixture: authorize: {e}"));
            (request, authorized)
        };
        let (request, authorized) = sign(1, &mut rng);
        let (_, other) = sign(2, &mut rng);
        let cosign = CoSignRequest {
            authorized: authorized.clone(),
            commitments: vec![tessera_frost::round1::commit(k1, &mut rng).1],
        };
        let frame = request_frame(&identity(A), &identity(R).public().ed25519, &cosign)
            .unwrap_or_else(|| panic!("fixture: request frame"));

        let mut points: Vec<Point<S>> = public.verifying_shares().values().copied().collect();
        points.push(public.group_key());
        points.push(<Point<S> as Group>::generator());
        let scalars = keys.iter().map(|k| *k.signing_share().expose()).collect();
        Account {
            plain,
            with_session,
            files,
            authorized: authorized.to_bytes(),
            cosign: cosign
                .to_bytes()
                .unwrap_or_else(|| panic!("fixture: co-signing request")),
            request: request.to_bytes(),
            other_authorized: other.to_bytes(),
            frame,
            verifier: Verifier::new(public.group_key()),
            pool: Pool { points, scalars },
        }
    })
}

fn password() -> Password {
    Password::new::<Ed25519>(PASSWORD.into()).unwrap_or_else(|e| panic!("fixture: password: {e}"))
}

/// A sealed frame and what it carries.
struct Sealed {
    bytes: Vec<u8>,
    header: envelope::Header,
    payload: Vec<u8>,
}

/// The frames' fixtures: broadcasts, digests and private frames sealed by
/// `A` and `B`.
struct Frames {
    broadcasts: Vec<Sealed>,
    private: Vec<Sealed>,
    chunked: Vec<Sealed>,
    pool: Pool<Ed25519>,
}

fn sealed(bytes: Vec<u8>, payload: &[u8]) -> Sealed {
    let Some((header, _)) = envelope::parse(&bytes) else {
        panic!("fixture: a sealed frame does not parse");
    };
    Sealed {
        bytes,
        header,
        payload: payload.to_vec(),
    }
}

fn frames() -> Rc<Frames> {
    cached::<Ed25519, _>("store_frames frames", 0, || {
        let (a, b, r) = (identity(A), identity(B), identity(R));
        let broadcast = |who: &Identity, kind: Kind, round: u16, payload: &[u8]| {
            let bytes = envelope::seal_broadcast(who, kind, SESSION, round, payload)
                .unwrap_or_else(|| panic!("fixture: broadcast"));
            sealed(bytes, payload)
        };
        let private = |who: &Identity, round: u16, payload: &[u8]| {
            let bytes = envelope::seal_private(who, &r.public(), SESSION, round, payload)
                .unwrap_or_else(|e| panic!("fixture: private frame: {e}"));
            sealed(bytes, payload)
        };
        let broadcasts = vec![
            broadcast(&a, Kind::Broadcast, 1, b"round one broadcast"),
            broadcast(&b, Kind::Broadcast, 1, b"another party's broadcast"),
            broadcast(&a, Kind::Digest, 2, &[0xd1; 32]),
            broadcast(&a, Kind::Broadcast, 2, b""),
        ];
        let private_frames = vec![
            private(&a, 1, b"a share for the recipient"),
            private(&b, 1, b"another sender's share"),
            private(&a, 2, b""),
        ];
        let long: Vec<u8> = (0..envelope::CHUNK + 100)
            .map(|i| u8::try_from(i % 251).unwrap_or(0))
            .collect();
        let chunked = vec![private(&a, 3, &long), private(&b, 3, &long)];
        let points = [&a, &b, &r]
            .iter()
            .filter_map(|who| {
                let mut repr = <Point<Ed25519> as GroupEncoding>::Repr::default();
                repr.as_mut().copy_from_slice(&who.public().ed25519);
                Option::from(<Point<Ed25519> as GroupEncoding>::from_bytes(&repr))
            })
            .collect();
        Frames {
            broadcasts,
            private: private_frames,
            chunked,
            pool: Pool {
                points,
                scalars: Vec::new(),
            },
        }
    })
}

/// Runs one input.
pub fn run(input: &StoreFramesInput) {
    let what = WHATS
        .get(usize::from(input.what % WHAT))
        .copied()
        .unwrap_or(What::StoreFile);
    match what {
        What::StoreFile => crate::with_suite!(input.suite, store_file(&input.message, input.fix)),
        What::Keychain => crate::with_suite!(input.suite, keychain(&input.message, false)),
        What::KeychainV1 => crate::with_suite!(input.suite, keychain(&input.message, true)),
        What::Broadcast => broadcast(&input.message, input.fix),
        What::Private => private(&input.message, false, input.fix),
        What::PrivateChunked => private(&input.message, true, input.fix),
        What::Authorized => crate::with_suite!(input.suite, authorized(&input.message)),
        What::RequestFrame => crate::with_suite!(input.suite, request(&input.message, input.fix)),
        What::SignRequest => crate::with_suite!(input.suite, sign_request(&input.message)),
        What::PublicIdentity => public_identity(&input.message),
        What::IdentityFile => identity_file(&input.message),
    }
}

fn store_file<S: Suite>(message: &Hostile, fix: bool) {
    let account = account::<S>();
    let Some(sample) = account.files.first() else {
        return;
    };
    let prefix = [&store::file::MAGIC[..], &[store::STORE_VERSION, S::ID]].concat();
    let Some(mut bytes) = hostile_bytes(sample, message, &account.files, &account.pool, &prefix)
    else {
        return;
    };
    if fix {
        fix_checksum(&mut bytes);
    }
    let Ok(header) = Header::parse::<S>(&bytes) else {
        return;
    };
    // Only the cheap parameters reach Argon2: the fuzzer's (up to 1 GiB,
    // 64 passes) would make every run take seconds.
    if header.kdf != KdfParams::insecure_for_tests() {
        return;
    }
    let Ok(keychain) = store::open::<S>(&bytes, &password()) else {
        return;
    };
    assert!(
        account.files.contains(&bytes),
        "{}: a store file the harness did not seal opens: {}",
        S::NAME,
        hex::encode(&bytes)
    );
    round_trip(&keychain, &keychain.to_bytes());
}

/// `keychain` re-encodes and decodes again to the same encoding.
fn round_trip<S: Suite>(keychain: &Keychain<S>, encoded: &[u8]) {
    let again = Keychain::<S>::from_bytes(encoded).unwrap_or_else(|e| {
        panic!(
            "{}: a decoded keychain's encoding does not decode: {e}\n {}",
            S::NAME,
            hex::encode(encoded)
        )
    });
    assert!(
        again.to_bytes().as_slice() == encoded,
        "{}: keychain: decode(encode(x)) re-encodes differently",
        S::NAME
    );
    assert!(
        keychain.to_bytes().as_slice() == encoded,
        "{}: keychain: to_bytes is not deterministic",
        S::NAME
    );
}

fn keychain<S: Suite>(message: &Hostile, v1: bool) {
    let account = account::<S>();
    let (sample, others) = if v1 {
        (golden_v1::<S>(), vec![account.with_session.clone()])
    } else {
        (
            account.with_session.clone(),
            vec![account.plain.clone(), golden_v1::<S>()],
        )
    };
    let header = [FORMAT_VERSION, S::ID, KIND_KEYCHAIN];
    let Some(bytes) = hostile_bytes(&sample, message, &others, &account.pool, &header) else {
        return;
    };
    let Ok(keychain) = Keychain::<S>::from_bytes(&bytes) else {
        return;
    };
    let encoded = keychain.to_bytes();
    if bytes.first() == Some(&FORMAT_VERSION) {
        assert!(
            encoded.as_slice() == bytes.as_slice(),
            "{}: a keychain accepted a non-canonical encoding\n input:      {}\n re-encoded: {}",
            S::NAME,
            hex::encode(&bytes),
            hex::encode(&encoded)
        );
    }
    round_trip(&keychain, &encoded);
    // The session is decoded on demand: whatever is stored must decode
    // or be refused, for either session suite.
    let _ = keychain.session::<Ed25519>();
    let _ = keychain.session::<P256>();
}

/// The sealed frame among `known` with the header of `header`, if any.
fn known<'a>(known: &'a [Sealed], header: &envelope::Header) -> Vec<&'a Sealed> {
    known.iter().filter(|s| s.header == *header).collect()
}

fn broadcast(message: &Hostile, fix: bool) {
    let frames = frames();
    let Some(sample) = frames.broadcasts.first() else {
        return;
    };
    let others: Vec<Vec<u8>> = frames
        .broadcasts
        .iter()
        .chain(&frames.private)
        .map(|s| s.bytes.clone())
        .collect();
    let Some(mut bytes) = hostile_bytes(&sample.bytes, message, &others, &frames.pool, b"TSN1\x01")
    else {
        return;
    };
    if fix {
        fix_length(&mut bytes);
    }
    let Some((header, body)) = envelope::parse(&bytes) else {
        return;
    };
    let Some(payload) = envelope::open_broadcast(&header, body) else {
        return;
    };
    // Only A and B ever signed: a frame that opens carries a header and a
    // payload one of them signed.
    assert!(
        known(&frames.broadcasts, &header)
            .iter()
            .any(|s| s.payload == payload),
        "a broadcast the harness did not sign opens: {}",
        hex::encode(&bytes)
    );
}

fn private(message: &Hostile, chunked: bool, fix: bool) {
    let frames = frames();
    let list = if chunked {
        &frames.chunked
    } else {
        &frames.private
    };
    let Some(sample) = list.first() else {
        return;
    };
    let others: Vec<Vec<u8>> = list
        .iter()
        .chain(&frames.broadcasts)
        .map(|s| s.bytes.clone())
        .collect();
    let Some(mut bytes) = hostile_bytes(&sample.bytes, message, &others, &frames.pool, b"TSN1\x02")
    else {
        return;
    };
    if fix {
        fix_length(&mut bytes);
    }
    let Some((header, body)) = envelope::parse(&bytes) else {
        return;
    };
    // The recipient looks the sender up by the key the header names (its
    // roster holds A and B).
    let Some(from) = [identity(A), identity(B)]
        .into_iter()
        .map(|i| i.public())
        .find(|p| p.ed25519 == header.from)
    else {
        return;
    };
    let Some(payload) = envelope::open_private(&identity(R), &from, &header, body) else {
        return;
    };
    assert!(
        known(&frames.private, &header)
            .iter()
            .chain(&known(&frames.chunked, &header))
            .any(|s| s.payload.as_slice() == payload.as_slice()),
        "a private frame the harness did not seal opens ({} of {} payload bytes): {}",
        payload.len(),
        sample.payload.len(),
        hex::encode(bytes.get(..200).unwrap_or(&bytes))
    );
}

/// Decodes an authorized request and the request inside it; verifies it
/// with the account's verifier. Returns whether it verified.
fn decode_authorized<S: Suite>(account: &Account<S>, bytes: &[u8]) -> bool {
    let Ok(authorized) = AuthorizedRequest::<S>::from_bytes(bytes) else {
        return false;
    };
    assert!(
        authorized.to_bytes() == bytes,
        "{}: an authorized request accepted a non-canonical encoding: {}",
        S::NAME,
        hex::encode(bytes)
    );
    if let Some(request) = SignRequest::from_bytes(authorized.action()) {
        assert!(
            request.to_bytes() == authorized.action(),
            "{}: a sign request accepted a non-canonical encoding",
            S::NAME
        );
    }
    let ok = account
        .verifier
        .verify_action(&authorized, NOW, Some(SIGN_SCOPE))
        .is_ok();
    if ok {
        assert!(
            bytes == account.authorized.as_slice() || bytes == account.other_authorized.as_slice(),
            "{}: an authorized request the session key did not sign verifies: {}",
            S::NAME,
            hex::encode(bytes)
        );
    }
    ok
}

fn authorized<S: Suite>(message: &Hostile) {
    let account = account::<S>();
    let header = [
        FORMAT_VERSION,
        S::ID,
        tessera_wallet::session::KIND_SIGNED_ACTION,
    ];
    let others = [account.other_authorized.clone(), account.request.clone()];
    if let Some(bytes) = hostile_bytes(
        &account.authorized,
        message,
        &others,
        &account.pool,
        &header,
    ) {
        decode_authorized(&account, &bytes);
    }
}

fn request<S: Suite>(message: &Hostile, fix: bool) {
    let account = account::<S>();
    let frames = frames();
    let others: Vec<Vec<u8>> = frames.broadcasts.iter().map(|s| s.bytes.clone()).collect();
    let Some(mut bytes) =
        hostile_bytes(&account.frame, message, &others, &account.pool, b"TSN1\x01")
    else {
        return;
    };
    if fix {
        fix_length(&mut bytes);
    }
    let Some((header, body)) = envelope::parse(&bytes) else {
        return;
    };
    let Some(payload) = envelope::open_broadcast(&header, body) else {
        return;
    };
    let ours = header.from == identity(A).public().ed25519
        && header.kind == Kind::Broadcast
        && header.session == tessera_net::serve::inbox_id(&identity(R).public().ed25519);
    if ours {
        assert!(
            payload == account.cosign.as_slice(),
            "{}: a request frame A did not sign opens",
            S::NAME
        );
    }
    let Ok(cosign) = CoSignRequest::<S>::from_bytes(payload) else {
        return;
    };
    assert!(
        cosign.to_bytes().as_deref() == Some(payload),
        "{}: a co-signing request accepted a non-canonical encoding: {}",
        S::NAME,
        hex::encode(payload)
    );
    decode_authorized(&account, &cosign.authorized.to_bytes());
}

fn sign_request<S: Suite>(message: &Hostile) {
    let account = account::<S>();
    let others = [account.authorized.clone()];
    let Some(bytes) = hostile_bytes(&account.request, message, &others, &account.pool, &[1]) else {
        return;
    };
    if let Some(request) = SignRequest::from_bytes(&bytes) {
        assert!(
            request.to_bytes() == bytes,
            "a sign request accepted a non-canonical encoding: {}",
            hex::encode(&bytes)
        );
        assert_eq!(SignRequest::from_bytes(&request.to_bytes()), Some(request));
    }
}

fn public_identity(message: &Hostile) {
    let frames = frames();
    let sample = identity(A).public().to_bytes();
    let others = vec![identity(B).public().to_bytes().to_vec()];
    let Some(bytes) = hostile_bytes(&sample, message, &others, &frames.pool, &[]) else {
        return;
    };
    if let Ok(public) = PublicIdentity::from_bytes(&bytes) {
        assert!(
            public.to_bytes().as_slice() == bytes.as_slice(),
            "a public identity does not re-encode to its bytes"
        );
        assert_eq!(
            PublicIdentity::from_hex(&public.to_hex()).ok(),
            Some(public)
        );
    }
    // The same bytes as the text form (a roster file, a command line).
    if let Ok(public) = PublicIdentity::from_hex(&String::from_utf8_lossy(&bytes)) {
        assert_eq!(
            PublicIdentity::from_bytes(&public.to_bytes()).ok(),
            Some(public)
        );
    }
}

fn identity_file(message: &Hostile) {
    let frames = frames();
    let sample = identity(A).to_file_bytes().to_vec();
    let others = vec![identity(B).to_file_bytes().to_vec()];
    let Some(bytes) = hostile_bytes(
        &sample,
        message,
        &others,
        &frames.pool,
        &tessera_net::identity::IDENTITY_MAGIC,
    ) else {
        return;
    };
    if let Ok(identity) = Identity::from_file_bytes(&bytes) {
        assert!(
            identity.to_file_bytes().as_slice() == bytes.as_slice(),
            "an identity file does not re-encode to its bytes"
        );
    }
}
