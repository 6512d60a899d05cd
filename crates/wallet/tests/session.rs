//! Session certificates: issue, sign, verify on every account suite with
//! both session suites; every refusal has its typed error; a certificate
//! made before a refresh is refused after it when revocation by epoch is
//! on. Independent references: ed25519-dalek (`verify_strict` on session
//! signatures, and dalek-made signatures accepted) and frost-p256 (P-256
//! session signatures verified by frost-core's single-signature verifier).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use group::GroupEncoding;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use tessera_core::Suite;
use tessera_core::suites::{Ed25519, P256, Secp256k1};
use tessera_wallet::session::{
    Certificate, RevocationList, SessionKey, SessionSuite, SignedAction, VerifiedCertificates,
    Verifier, Window,
};
use tessera_wallet::{Account, Error};

const NOW: u64 = 1_800_000_000;

fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

fn new_account<S: Suite>(rng: &mut ChaCha20Rng) -> Account<S> {
    Account::<S>::create(&["device", "login", "recovery"], 2, rng).unwrap()
}

struct Issued<S: Suite, K: SessionSuite> {
    account: Account<S>,
    key: SessionKey<K>,
    certificate: Certificate<S, K>,
}

fn issue<S: Suite, K: SessionSuite>(seed: u64) -> Issued<S, K> {
    let mut rng = rng(seed);
    let account = new_account::<S>(&mut rng);
    let key = SessionKey::<K>::generate(&mut rng);
    let certificate = account
        .certify_session(
            &["device", "login"],
            &key.public(),
            Window::starting(NOW - 10, 3600),
            &["transfer", "sign-in"],
            &mut rng,
        )
        .unwrap();
    Issued {
        account,
        key,
        certificate,
    }
}

/// `certificate` with one byte of what the account signed changed (the
/// nonce, the last bytes before the signature): it decodes, its account
/// signature does not verify.
fn forged<S: Suite, K: SessionSuite>(certificate: &Certificate<S, K>) -> Certificate<S, K> {
    let mut forged = certificate.to_bytes();
    let signature = certificate.signature();
    let at = forged.len()
        - tessera_frost::Signature::<S>::new(signature.r(), signature.z())
            .to_standard_bytes()
            .len()
        - 1;
    forged[at] ^= 1;
    Certificate::<S, K>::from_bytes(&forged).unwrap()
}

/// An action under `certificate` signed by `stranger`, a session key the
/// certificate does not certify.
fn stolen<S: Suite, K: SessionSuite>(
    certificate: &Certificate<S, K>,
    stranger: &SessionKey<K>,
    rng: &mut ChaCha20Rng,
) -> SignedAction<S, K> {
    let message = SignedAction::message_to_sign(certificate, "transfer", b"x");
    SignedAction::from_parts(
        certificate.clone(),
        "transfer",
        b"x",
        stranger.sign(&message, rng),
    )
    .unwrap()
}

/// A certificate for `key` signed by login and recovery, valid for 60 s
/// from `NOW`, scope `transfer`.
fn certify_again<S: Suite, K: SessionSuite>(
    account: &Account<S>,
    key: &SessionKey<K>,
    rng: &mut ChaCha20Rng,
) -> Certificate<S, K> {
    account
        .certify_session(
            &["login", "recovery"],
            &key.public(),
            Window::starting(NOW, 60),
            &["transfer"],
            rng,
        )
        .unwrap()
}

/// Issue, sign, encode, decode, verify; then every refusal.
fn check_session<S: Suite, K: SessionSuite>() {
    let Issued {
        mut account,
        key,
        certificate,
    } = issue::<S, K>(1);
    let mut rng = rng(2);
    assert_eq!(certificate.scopes(), ["sign-in", "transfer"]);
    assert_eq!(certificate.epoch(), account.public().epoch());

    // Round trips.
    let decoded = Certificate::<S, K>::from_bytes(&certificate.to_bytes()).unwrap();
    assert_eq!(decoded, certificate);
    let action = SignedAction::sign(
        certificate.clone(),
        &key,
        "transfer",
        b"send 5 to bob",
        &mut rng,
    )
    .unwrap();
    let bytes = action.to_bytes();
    let action = SignedAction::<S, K>::from_bytes(&bytes).unwrap();
    assert_eq!(action.to_bytes(), bytes);

    let verifier = Verifier::new(account.group_key());
    verifier
        .verify_action(&action, NOW, Some("transfer"))
        .unwrap();
    verifier.verify_action(&action, NOW, None).unwrap();
    verifier
        .verify_certificate(&certificate, NOW, Some("sign-in"))
        .unwrap();

    // Wrong account.
    let other = new_account::<S>(&mut rng);
    assert!(matches!(
        Verifier::new(other.group_key()).verify_action(&action, NOW, None),
        Err(Error::WrongAccount { .. })
    ));
    // Expired, not yet valid (window ends included).
    verifier.verify_action(&action, NOW + 3590, None).unwrap();
    assert_eq!(
        verifier.verify_action(&action, NOW + 3591, None),
        Err(Error::CertificateExpired {
            not_after: NOW + 3590,
            now: NOW + 3591
        })
    );
    assert_eq!(
        verifier.verify_action(&action, NOW - 11, None),
        Err(Error::CertificateNotYetValid {
            not_before: NOW - 10,
            now: NOW - 11
        })
    );
    // Wrong scope: asked for by the verifier, or not granted.
    assert!(matches!(
        verifier.verify_action(&action, NOW, Some("swap")),
        Err(Error::WrongScope { .. })
    ));
    let swap = SignedAction::sign(certificate.clone(), &key, "swap", b"swap", &mut rng).unwrap();
    assert_eq!(
        verifier.verify_action(&swap, NOW, None),
        Err(Error::WrongScope {
            requested: "swap".into(),
            granted: vec!["sign-in".into(), "transfer".into()]
        })
    );
    assert!(matches!(
        verifier.verify_certificate(&certificate, NOW, Some("swap")),
        Err(Error::WrongScope { .. })
    ));
    // Revoked by the list.
    let mut list = RevocationList::new();
    list.revoke(&certificate);
    let list = RevocationList::<S>::from_bytes(&list.to_bytes()).unwrap();
    assert_eq!(
        Verifier::new(account.group_key())
            .with_revocations(list)
            .verify_action(&action, NOW, None),
        Err(Error::CertificateRevoked {
            id: certificate.id_hex()
        })
    );
    // Forged: a changed byte of what the account signed.
    let forged = forged(&certificate);
    assert_eq!(
        verifier.verify_certificate(&forged, NOW, None),
        Err(Error::ForgedCertificate)
    );
    let forged_action = SignedAction::sign(forged, &key, "transfer", b"x", &mut rng).unwrap();
    assert_eq!(
        verifier.verify_action(&forged_action, NOW, None),
        Err(Error::ForgedCertificate)
    );
    // A certificate made by another account for this account's key.
    let request = tessera_wallet::session::CertificateRequest::<S, K>::new(
        account.public(),
        &key.public(),
        Window::starting(NOW - 10, 3600),
        &["transfer"],
        &mut rng,
    )
    .unwrap();
    let wrong_signer = other
        .sign(&["device", "login"], &request.message(), &mut rng)
        .unwrap();
    assert_eq!(
        request.certify(wrong_signer).unwrap_err(),
        Error::ForgedCertificate
    );
    // A tampered action: its session signature no longer verifies.
    let mut tampered = bytes.clone();
    let at = bytes.len()
        - tessera_frost::Signature::<K>::new(action.signature().r(), action.signature().z())
            .to_standard_bytes()
            .len()
        - 1;
    tampered[at] ^= 1;
    let tampered = SignedAction::<S, K>::from_bytes(&tampered).unwrap();
    assert_eq!(
        verifier.verify_action(&tampered, NOW, None),
        Err(Error::InvalidSessionSignature)
    );
    // Another session key cannot sign under the certificate.
    let stranger = SessionKey::<K>::generate(&mut rng);
    assert!(matches!(
        SignedAction::sign(certificate.clone(), &stranger, "transfer", b"x", &mut rng),
        Err(Error::InvalidCertificate(_))
    ));
    let stolen = stolen(&certificate, &stranger, &mut rng);
    assert_eq!(
        verifier.verify_action(&stolen, NOW, None),
        Err(Error::InvalidSessionSignature)
    );

    // Revocation by epoch: refused after a refresh when the policy is on,
    // accepted when it is off.
    let by_epoch = Verifier::new(account.group_key()).revoke_by_epoch(account.public().epoch());
    by_epoch.verify_action(&action, NOW, None).unwrap();
    account.refresh(&mut rng).unwrap();
    let by_epoch = Verifier::new(account.group_key()).revoke_by_epoch(account.public().epoch());
    assert_eq!(
        by_epoch.verify_action(&action, NOW, None),
        Err(Error::CertificateEpochRevoked {
            issued: certificate.epoch(),
            current: account.public().epoch()
        })
    );
    verifier.verify_action(&action, NOW, None).unwrap();
    // A certificate issued after the refresh is accepted.
    let fresh: Certificate<S, K> = certify_again(&account, &key, &mut rng);
    by_epoch.verify_certificate(&fresh, NOW, None).unwrap();
}

tessera_core::test_all_suites!(check_session_ed25519_key, check_session_p256_key);

fn check_session_ed25519_key<S: Suite>() {
    check_session::<S, Ed25519>();
}

fn check_session_p256_key<S: Suite>() {
    check_session::<S, P256>();
}

tessera_core::test_all_suites!(check_cache_ed25519_key, check_cache_p256_key);

fn check_cache_ed25519_key<S: Suite>() {
    check_cache::<S, Ed25519>();
}

fn check_cache_p256_key<S: Suite>() {
    check_cache::<S, P256>();
}

/// A verification to run: by whom, what (an encoded signed action), when,
/// for which scope.
type Case<'a, S> = (&'a Verifier<S>, &'a [u8], u64, Option<&'a str>);

/// A cache of verified certificates changes no verdict: on every refusal
/// of `check_session` and on valid actions, with the certificate in the
/// cache or not, `verify_action_cached` after `from_bytes_cached` returns
/// what `verify_action` after `from_bytes` returns. Only a certificate of
/// an action that verified enters it, and it stays within its capacity.
fn check_cache<S: Suite, K: SessionSuite>() {
    let Issued {
        mut account,
        key,
        certificate,
    } = issue::<S, K>(4);
    let mut rng = rng(5);
    let sign = |certificate: &Certificate<S, K>, scope: &str, action: &[u8], rng: &mut _| {
        SignedAction::sign(certificate.clone(), &key, scope, action, rng)
            .unwrap()
            .to_bytes()
    };
    let first = sign(&certificate, "transfer", b"send 5 to bob", &mut rng);
    let second = sign(&certificate, "transfer", b"send 6 to bob", &mut rng);
    let swap = sign(&certificate, "swap", b"swap", &mut rng);
    // The session signature's last byte changed.
    let mut tampered = second.clone();
    *tampered.last_mut().unwrap() ^= 1;
    // What the account signed changed: the certificate no longer verifies.
    let forged = sign(&forged(&certificate), "transfer", b"x", &mut rng);
    // Signed by a key the certificate does not certify.
    let stranger = SessionKey::<K>::generate(&mut rng);
    let stolen = stolen(&certificate, &stranger, &mut rng).to_bytes();
    let other = new_account::<S>(&mut rng);
    let mut list = RevocationList::new();
    list.revoke(&certificate);
    let plain = Verifier::new(account.group_key());
    let revoked = Verifier::new(account.group_key()).with_revocations(list);
    let same_epoch = Verifier::new(account.group_key()).revoke_by_epoch(account.public().epoch());
    account.refresh(&mut rng).unwrap();
    let next_epoch = Verifier::new(account.group_key()).revoke_by_epoch(account.public().epoch());
    let stranger_account = Verifier::new(other.group_key());

    let cases: Vec<Case<'_, S>> = vec![
        (&plain, &first, NOW, Some("transfer")),
        (&plain, &second, NOW, None),
        (&plain, &second, NOW + 3591, None),
        (&plain, &second, NOW - 11, None),
        (&plain, &second, NOW, Some("swap")),
        (&plain, &swap, NOW, None),
        (&revoked, &second, NOW, None),
        (&same_epoch, &second, NOW, None),
        (&next_epoch, &second, NOW, None),
        (&stranger_account, &second, NOW, None),
        (&plain, &tampered, NOW, None),
        (&plain, &stolen, NOW, None),
        (&plain, &forged, NOW, None),
    ];
    let cache = VerifiedCertificates::<S, K>::new(8);
    let mut refusals = 0;
    // Twice: the first pass fills the cache (from the first case on), the
    // second runs every case on a warm cache.
    for _ in 0..2 {
        for (verifier, bytes, now, scope) in &cases {
            let plain_action = SignedAction::<S, K>::from_bytes(bytes).unwrap();
            let cached_action = SignedAction::<S, K>::from_bytes_cached(bytes, &cache).unwrap();
            assert_eq!(cached_action, plain_action);
            let expected = verifier.verify_action(&plain_action, *now, *scope);
            let found = verifier.verify_action_cached(&cached_action, *now, *scope, &cache);
            assert_eq!(found, expected);
            refusals += usize::from(expected.is_err());
            assert_eq!(cache.len(), 1);
            assert!(cache.contains(certificate.as_bytes()));
        }
    }
    // Every case but the first three is refused.
    assert_eq!(refusals, 2 * (cases.len() - 3));

    // The bound: with room for one, a second certificate takes its place;
    // with none, nothing is kept (and nothing is refused for it).
    let fresh = certify_again(&account, &key, &mut rng);
    let fresh =
        SignedAction::<S, K>::from_bytes(&sign(&fresh, "transfer", b"y", &mut rng)).unwrap();
    let one = VerifiedCertificates::<S, K>::new(1);
    let zero = VerifiedCertificates::<S, K>::new(0);
    let first = SignedAction::<S, K>::from_bytes(&first).unwrap();
    plain.verify_action_cached(&first, NOW, None, &one).unwrap();
    plain.verify_action_cached(&fresh, NOW, None, &one).unwrap();
    plain
        .verify_action_cached(&fresh, NOW, None, &zero)
        .unwrap();
    assert_eq!((one.len(), zero.len()), (1, 0));
    assert!(one.contains(fresh.certificate().as_bytes()));
    assert!(zero.is_empty());
}

/// Encodings are strict.
#[test]
fn decoding_refuses_malformed_input() {
    let Issued { certificate, .. } = issue::<Secp256k1, Ed25519>(3);
    let bytes = certificate.to_bytes();
    // Trailing byte, every truncation.
    let mut long = bytes.clone();
    long.push(0);
    assert!(Certificate::<Secp256k1, Ed25519>::from_bytes(&long).is_err());
    for len in 0..bytes.len() {
        assert!(Certificate::<Secp256k1, Ed25519>::from_bytes(&bytes[..len]).is_err());
    }
    // Another session suite, another account suite.
    assert_eq!(
        Certificate::<Secp256k1, P256>::from_bytes(&bytes).unwrap_err(),
        Error::SessionSuiteMismatch {
            found: Ed25519::ID,
            expected: P256::ID
        }
    );
    assert_eq!(
        Certificate::<Secp256k1, Ed25519>::session_suite(&bytes).unwrap(),
        Ed25519::ID
    );
    assert!(Certificate::<P256, Ed25519>::from_bytes(&bytes).is_err());
    // An inverted window (not_before at offset 3 + 33 + 32 + 1 + 32).
    let window_at = 3 + 33 + 32 + 1 + 32;
    let mut inverted = bytes.clone();
    inverted[window_at] = 0xff;
    assert_eq!(
        Certificate::<Secp256k1, Ed25519>::from_bytes(&inverted).unwrap_err(),
        Error::InvalidCertificate("the validity window ends before it starts")
    );
    // A scope with a space.
    let scope_at = window_at + 16 + 4 + 4;
    let mut spaced = bytes.clone();
    spaced[scope_at] = b' ';
    assert!(matches!(
        Certificate::<Secp256k1, Ed25519>::from_bytes(&spaced),
        Err(Error::InvalidCertificate(_))
    ));
    // Requests refuse bad windows and scopes.
    let mut rng = rng(4);
    let account = new_account::<Secp256k1>(&mut rng);
    let key = SessionKey::<Ed25519>::generate(&mut rng);
    for (window, scopes) in [
        (
            Window {
                not_before: 5,
                not_after: 4,
            },
            &["transfer"][..],
        ),
        (Window::starting(0, 1), &[][..]),
        (Window::starting(0, 1), &["with space"][..]),
    ] {
        assert!(matches!(
            account.certify_session::<Ed25519, _>(
                &["device", "login"],
                &key.public(),
                window,
                scopes,
                &mut rng
            ),
            Err(Error::InvalidCertificate(_))
        ));
    }
}

/// Ed25519 session signatures are standard RFC 8032 signatures: dalek's
/// `verify_strict` accepts them, and tessera's verifier accepts a session
/// signature made by ed25519-dalek from the same seed.
#[test]
fn ed25519_session_signatures_interoperate_with_dalek() {
    use ed25519_dalek::{Signer, Verifier as _};
    let mut rng = rng(5);
    let account = new_account::<Ed25519>(&mut rng);
    let seed = [7u8; 32];
    let key = SessionKey::<Ed25519>::from_native(&seed).unwrap();
    let dalek = ed25519_dalek::SigningKey::from_bytes(&seed);
    assert_eq!(
        dalek.verifying_key().to_bytes(),
        key.public().to_bytes(),
        "same seed, same public key"
    );
    let certificate = account
        .certify_session(
            &["device", "recovery"],
            &key.public(),
            Window::starting(NOW, 60),
            &["transfer"],
            &mut rng,
        )
        .unwrap();
    // The account's certificate signature is a standard Ed25519 signature too.
    let group = ed25519_dalek::VerifyingKey::from_bytes(&account.group_key().to_bytes()).unwrap();
    let account_sig = certificate.signature().to_standard_bytes();
    let message = {
        // What the account signed: the certificate's bytes without the
        // signature, after the context, with the header's version byte
        // replaced by the certificate layout (1).
        let mut bytes = certificate.to_bytes();
        bytes[0] = 1;
        [
            &b"tessera session certificate v1"[..],
            &bytes[..bytes.len() - 64],
        ]
        .concat()
    };
    group
        .verify_strict(
            &message,
            &ed25519_dalek::Signature::from_bytes(&account_sig.try_into().unwrap()),
        )
        .unwrap();

    let to_sign = SignedAction::message_to_sign(&certificate, "transfer", b"pay");
    let ours = key.sign(&to_sign, &mut rng);
    dalek
        .verify_strict(
            &to_sign,
            &ed25519_dalek::Signature::from_bytes(&ours.to_standard_bytes().try_into().unwrap()),
        )
        .unwrap();
    dalek
        .verifying_key()
        .verify(&to_sign, &dalek.sign(&to_sign))
        .unwrap();
    let theirs =
        tessera_frost::Signature::<Ed25519>::from_standard_bytes(&dalek.sign(&to_sign).to_bytes())
            .unwrap();
    let action = SignedAction::from_parts(certificate, "transfer", b"pay", theirs).unwrap();
    Verifier::new(account.group_key())
        .verify_action(&action, NOW, Some("transfer"))
        .unwrap();
}

/// P-256 session signatures verify with frost-p256's single-signature
/// verifier (RFC 9591 FROST(P-256, SHA-256) signatures).
#[test]
fn p256_session_signatures_verify_with_frost_p256() {
    let mut rng = rng(6);
    for _ in 0..8 {
        let key = SessionKey::<P256>::generate(&mut rng);
        let signature = key.sign(b"session action", &mut rng);
        let vk = frost_core::VerifyingKey::<frost_p256::P256Sha256>::deserialize(
            key.public().to_bytes().as_ref(),
        )
        .unwrap();
        let sig = frost_core::Signature::<frost_p256::P256Sha256>::deserialize(
            &signature.to_standard_bytes(),
        )
        .unwrap();
        vk.verify(b"session action", &sig).unwrap();
        assert!(vk.verify(b"another action", &sig).is_err());
    }
}

/// Single-key signatures in the x-only suite are BIP-340 signatures
/// (libsecp256k1 and k256 accept them).
#[test]
fn secp256k1_tr_single_key_signatures_are_bip340() {
    use tessera_core::suites::Secp256k1Tr;
    let mut rng = rng(7);
    for _ in 0..16 {
        let key = tessera_wallet::schnorr::SigningKey::<Secp256k1Tr>::generate(&mut rng);
        let signature = key.sign(b"spend", &mut rng).to_standard_bytes();
        let x_only = tessera_frost::bip340::x_only_key::<Secp256k1Tr>(&key.public());
        assert!(tessera_peer::libsecp256k1_verifies(
            &x_only, b"spend", &signature
        ));
        assert!(tessera_peer::k256_schnorr_verifies(
            &x_only, b"spend", &signature
        ));
    }
}
