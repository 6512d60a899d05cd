//! `tessera session` end to end: issue (a threshold certifies an Ed25519
//! or P-256 session key stored in the holder's file) -> sign -> verify,
//! and every refusal: expired, not yet valid, wrong scope, revoked by the
//! list, revoked by epoch after a refresh, another account, a tampered
//! action. The session signatures of Ed25519 keys are also checked by
//! ed25519-dalek (the action's last 64 bytes are a standard RFC 8032
//! signature by the certified key).
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

mod common;
use common::*;

fn life(suite: &str, key_suite: &str) {
    let dir = temp_dir("session", &format!("{suite}-{key_suite}"));
    let d = dir.to_str().unwrap();
    let revocations = dir.join("revoked.list");
    let list = revocations.to_str().unwrap();
    let account = json(&["keygen", "--suite", suite, "--out", d, "--json"]);
    let key = account["group_public_key"].as_str().unwrap();
    let issued = json(&[
        "session",
        "issue",
        "--dir",
        d,
        "--signers",
        "device,login",
        "--key-suite",
        key_suite,
        "--valid-for",
        "1h",
        "--scope",
        "transfer,swap",
        "--json",
    ]);
    assert_eq!(issued["holder"], "device");
    assert_eq!(issued["session_suite"], key_suite);
    assert_eq!(issued["scopes"], serde_json::json!(["swap", "transfer"]));
    let not_after = issued["not_after"].as_u64().unwrap();
    assert_eq!(not_after - issued["not_before"].as_u64().unwrap(), 3600);
    let id = issued["certificate_id"].as_str().unwrap();

    let signed = json(&[
        "session", "sign", "--dir", d, "--member", "device", "--scope", "transfer", "--action",
        "cafe", "--json",
    ]);
    assert_eq!(signed["certificate_id"], id);
    let action = signed["signed_action"].as_str().unwrap();
    if key_suite == "ed25519" {
        // Independent check of the session signature: ed25519-dalek on the
        // certified key, over the bytes the action binds (certificate id,
        // scope, action), which tessera lays out.
        use tessera_core::suites::Ed25519;
        use tessera_wallet::session::SignedAction;
        let bytes = hex::decode(action).unwrap();
        let decoded = SignedAction::<Ed25519, Ed25519>::from_bytes(&bytes).unwrap();
        let message =
            SignedAction::message_to_sign(decoded.certificate(), "transfer", &[0xca, 0xfe]);
        let (_, sig) = bytes.split_at(bytes.len() - 64);
        let pk: [u8; 32] = hex::decode(issued["session_public_key"].as_str().unwrap())
            .unwrap()
            .try_into()
            .unwrap();
        let pk = ed25519_dalek::VerifyingKey::from_bytes(&pk).unwrap();
        let sig = ed25519_dalek::Signature::from_slice(sig).unwrap();
        pk.verify_strict(&message, &sig).unwrap();
        assert!(pk.verify_strict(b"cafe", &sig).is_err());
    }
    let verify = |extra: &[&str]| -> Vec<String> {
        let mut args: Vec<String> = ["session", "verify", "--signed-action", action]
            .iter()
            .map(|a| (*a).to_string())
            .collect();
        args.extend(extra.iter().map(|a| (*a).to_string()));
        args
    };
    let ok = json(&verify(&["--dir", d, "--json"]));
    assert_eq!(ok["valid"], true);
    assert_eq!(ok["epoch_checked"], true);
    let ok = json(&verify(&[
        "--suite",
        suite,
        "--group-key",
        key,
        "--scope",
        "transfer",
        "--json",
    ]));
    assert_eq!(ok["epoch_checked"], false);

    // Expired and not yet valid.
    let later = (not_after + 1).to_string();
    fails(&verify(&["--dir", d, "--at", &later]), "expired");
    fails(&verify(&["--dir", d, "--at", "1"]), "valid only from");
    // A scope the certificate does not grant (signing does not check it,
    // the verifier does), and a scope other than the action's.
    let admin = json(&[
        "session", "sign", "--dir", d, "--member", "device", "--scope", "admin", "--action", "00",
        "--json",
    ]);
    let mut args = vec!["session", "verify", "--dir", d, "--signed-action"];
    args.push(admin["signed_action"].as_str().unwrap());
    fails(&args, "scope");
    fails(&verify(&["--dir", d, "--scope", "swap"]), "scope");
    // A tampered action byte (the last byte before the session signature).
    let mut tampered = hex::decode(action).unwrap();
    let signature_len = if key_suite == "ed25519" { 64 } else { 65 };
    let at = tampered.len() - signature_len - 1;
    tampered[at] ^= 1;
    let tampered = hex::encode(tampered);
    fails(
        &[
            "session",
            "verify",
            "--dir",
            d,
            "--signed-action",
            &tampered,
        ],
        "session signature does not verify",
    );
    // Another account.
    let other = temp_dir("session", &format!("{suite}-{key_suite}-other"));
    let o = other.to_str().unwrap();
    json(&["keygen", "--suite", suite, "--out", o, "--json"]);
    fails(&verify(&["--dir", o]), "account");
    std::fs::remove_dir_all(&other).unwrap();

    // Revoked by the list.
    let r = json(&[
        "session",
        "revoke",
        "--suite",
        suite,
        "--id",
        id,
        "--revocations",
        list,
        "--json",
    ]);
    assert_eq!(r["revoked"], 1);
    fails(&verify(&["--dir", d, "--revocations", list]), "revoked");

    // Revoked by epoch after a refresh; the session key stays in the
    // holder's file and a new certificate works.
    json(&["refresh", "--dir", d, "--json"]);
    fails(&verify(&["--dir", d]), "epoch");
    json(&verify(&["--suite", suite, "--group-key", key, "--json"]));
    let signed = json(&[
        "session", "sign", "--dir", d, "--member", "device", "--scope", "swap", "--action", "01",
        "--json",
    ]);
    assert_eq!(signed["certificate_id"], id);
    json(&[
        "session",
        "issue",
        "--dir",
        d,
        "--signers",
        "login,recovery",
        "--holder",
        "device",
        "--key-suite",
        key_suite,
        "--scope",
        "transfer",
        "--json",
    ]);
    let signed = json(&[
        "session", "sign", "--dir", d, "--member", "device", "--scope", "transfer", "--action",
        "02", "--json",
    ]);
    let mut args = vec!["session", "verify", "--dir", d, "--json", "--signed-action"];
    args.push(signed["signed_action"].as_str().unwrap());
    assert_eq!(json(&args)["valid"], true);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn session_ed25519_on_ed25519() {
    life("ed25519", "ed25519");
}

#[test]
fn session_p256_on_secp256k1() {
    life("secp256k1", "p256");
}

#[test]
fn session_refusals_are_one_line() {
    let dir = temp_dir("session", "refusals");
    let d = dir.to_str().unwrap();
    json(&["keygen", "--suite", "p256", "--out", d, "--json"]);
    let issue = |extra: &[&str], what: &str| {
        let mut args = vec![
            "session",
            "issue",
            "--dir",
            d,
            "--signers",
            "device,login",
            "--scope",
            "transfer",
        ];
        args.extend_from_slice(extra);
        fails(&args, what);
    };
    issue(&["--key-suite", "secp256k1"], "ed25519 or p256");
    issue(&["--valid-for", "10y"], "invalid duration");
    issue(&["--holder", "nobody"], "nobody.tsr");
    fails(
        &[
            "session", "sign", "--dir", d, "--member", "login", "--scope", "transfer", "--action",
            "00",
        ],
        "no session key",
    );
    fails(
        &["session", "verify", "--dir", d, "--signed-action", "00"],
        "does not decode",
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
