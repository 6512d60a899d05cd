//! `tessera relay` and `tessera party` as separate processes on 127.0.0.1:
//! a relay, three parties running a 2-of-3 DKG, two of them signing (the
//! signature checked by ed25519-dalek); the device lost and resharing to a
//! new device, 2-of-3 -> 3-of-4 with a hardware factor, the lost device's
//! old store refused, signing again; a lost share repaired by two helpers;
//! a party killed mid-session, which the others' timeout names; and the
//! login service as a process co-signing a device's request under a
//! session key that `tessera session issue` certified for the DKG's key.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_tessera");
const LIMIT: Duration = Duration::from_secs(120);

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tessera-net-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A child killed when dropped (a failing test leaves no process behind).
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts a relay on a free port; returns it, its URL and its certificate.
fn relay(dir: &Path) -> (Guard, String, PathBuf) {
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let mut child = Command::new(BIN)
        .args(["relay", "--listen", "127.0.0.1:0", "--generate", "--cert"])
        .arg(&cert)
        .arg("--key")
        .arg(&key)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.starts_with("https://127.0.0.1:"), "{line}");
    (Guard(child), line.trim().to_owned(), cert)
}

/// Creates `n` identities and the roster file of identifiers 1..=n.
fn identities(dir: &Path, n: usize) -> (Vec<PathBuf>, PathBuf) {
    let mut files = Vec::new();
    let mut roster = String::new();
    for i in 1..=n {
        let file = dir.join(format!("id{i}"));
        let out = Command::new(BIN)
            .args(["party", "identity", "--out"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        roster.push_str(&format!("{i} {}", String::from_utf8(out.stdout).unwrap()));
        files.push(file);
    }
    let path = dir.join("roster.txt");
    std::fs::write(&path, roster).unwrap();
    (files, path)
}

fn party(url: &str, cert: &Path, identity: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.args(["party", "--relay", url, "--ca"])
        .arg(cert)
        .arg("--identity")
        .arg(identity)
        .args(args)
        .env("TESSERA_PASSWORD", "correct horse battery staple")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

/// Waits for every child, killing them all at the deadline.
fn wait_all(children: Vec<Child>) -> Vec<Output> {
    let deadline = Instant::now() + LIMIT;
    let mut guards: Vec<Option<Child>> = children.into_iter().map(Some).collect();
    loop {
        if guards
            .iter_mut()
            .all(|c| c.as_mut().unwrap().try_wait().unwrap().is_some())
        {
            break;
        }
        if Instant::now() > deadline {
            for c in guards.iter_mut() {
                let _ = c.as_mut().unwrap().kill();
            }
            panic!("parties did not finish in {LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    guards
        .into_iter()
        .map(|c| c.unwrap().wait_with_output().unwrap())
        .collect()
}

/// Runs one party process per `(identity, arguments)` at once, expects
/// every one to succeed and returns their JSON outputs in order.
fn run_parties(url: &str, cert: &Path, jobs: &[(&Path, Vec<String>)]) -> Vec<serde_json::Value> {
    let children = jobs
        .iter()
        .map(|(identity, args)| {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            party(url, cert, identity, &args).spawn().unwrap()
        })
        .collect();
    wait_all(children)
        .iter()
        .zip(jobs)
        .map(|(out, (_, args))| {
            assert!(
                out.status.success(),
                "{args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            serde_json::from_slice(&out.stdout).unwrap()
        })
        .collect()
}

/// Runs one party process that must fail with one line naming `what`.
fn party_fails(url: &str, cert: &Path, identity: &Path, args: &[String], what: &str) {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = party(url, cert, identity, &args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{args:?} succeeded");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains(what), "{args:?}: {err}");
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| (*s).to_owned()).collect()
}

fn path(dir: &Path, name: &str) -> String {
    dir.join(name).to_str().unwrap().to_owned()
}

/// A 2-of-3 Ed25519 DKG of the parties 1, 2, 3 of `roster` into
/// `DIR/p1.tsr` ...; returns the group key and the epoch.
fn dkg(url: &str, cert: &Path, ids: &[PathBuf], roster: &str, dir: &Path) -> (String, String) {
    let jobs: Vec<(&Path, Vec<String>)> = (0..3)
        .map(|i| {
            let me = (i + 1).to_string();
            let args = strings(&[
                "dkg",
                "--suite",
                "ed25519",
                "--roster",
                roster,
                "--me",
                &me,
                "--threshold",
                "2",
                "--session",
                "account-1",
                "--out",
                &path(dir, &format!("p{me}.tsr")),
                "--name",
                &format!("p{me}"),
            ]);
            (ids[i].as_path(), args)
        })
        .collect();
    let outputs = run_parties(url, cert, &jobs);
    let key = outputs[0]["group_key"].as_str().unwrap().to_owned();
    let epoch = outputs[0]["epoch"].as_str().unwrap().to_owned();
    for out in &outputs {
        assert_eq!(out["group_key"], key.as_str());
        assert_eq!(out["epoch"], epoch.as_str());
    }
    (key, epoch)
}

/// The signers `(identity, store)` sign `message` (the first coordinates);
/// ed25519-dalek verifies the signature under `group_key`.
fn sign_and_verify(
    url: &str,
    cert: &Path,
    signers: &[(&Path, String, u16)],
    roster: &str,
    message: &[u8],
    group_key: &str,
) {
    let list = signers
        .iter()
        .map(|s| s.2.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let message_hex = hex::encode(message);
    let jobs: Vec<(&Path, Vec<String>)> = signers
        .iter()
        .map(|(identity, store, _)| {
            let args = strings(&[
                "sign",
                "--suite",
                "ed25519",
                "--store",
                store,
                "--roster",
                roster,
                "--signers",
                &list,
                "--message",
                &message_hex,
                "--session",
                &message_hex,
            ]);
            (*identity, args)
        })
        .collect();
    let outputs = run_parties(url, cert, &jobs);
    dalek_verifies(&outputs[0], message, group_key);
}

/// A party's JSON output names `group_key` and carries a signature on
/// `message` that ed25519-dalek's strict verifier accepts under it.
fn dalek_verifies(output: &serde_json::Value, message: &[u8], group_key: &str) {
    assert_eq!(output["group_key"], group_key);
    let signature = hex::decode(output["signature"].as_str().unwrap()).unwrap();
    let key = hex::decode(group_key).unwrap();
    let key = ed25519_dalek::VerifyingKey::from_bytes(&key.try_into().unwrap()).unwrap();
    let signature = ed25519_dalek::Signature::from_bytes(&signature.try_into().unwrap());
    key.verify_strict(message, &signature).unwrap();
}

/// `tessera party public`: the public key package of `store`, for a party
/// without a store.
fn export_public(dir: &Path, store: &str, name: &str) -> String {
    let out = path(dir, name);
    let status = Command::new(BIN)
        .args([
            "party", "public", "--suite", "ed25519", "--store", store, "--out", &out,
        ])
        .env("TESSERA_PASSWORD", "correct horse battery staple")
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    out
}

/// Writes the roster of the first `n` lines of `roster` to `name`.
fn sub_roster(roster: &Path, n: usize, name: &str) -> String {
    let text = std::fs::read_to_string(roster).unwrap();
    let lines: Vec<&str> = text.lines().take(n).collect();
    let out = roster.with_file_name(name);
    std::fs::write(&out, lines.join("\n") + "\n").unwrap();
    out.to_str().unwrap().to_owned()
}

#[test]
fn three_processes_run_a_dkg_and_two_sign() {
    let dir = temp_dir("dkg");
    let (_relay, url, cert) = relay(&dir);
    let (ids, roster) = identities(&dir, 3);
    let roster = roster.to_str().unwrap().to_owned();
    let (group_key, _) = dkg(&url, &cert, &ids, &roster, &dir);
    let signers = [
        (ids[0].as_path(), path(&dir, "p1.tsr"), 1),
        (ids[2].as_path(), path(&dir, "p3.tsr"), 3),
    ];
    sign_and_verify(&url, &cert, &signers, &roster, b"pay 1 coin", &group_key);
    let _ = std::fs::remove_dir_all(&dir);
}

/// DKG 2-of-3; the device (1) is lost: {2, 3} reshare to {2, 3, 4} (a new
/// device without a store); the lost device's old store is refused by the
/// next session; 2-of-3 -> 3-of-4 adding a hardware factor (5); the new
/// device, the service and the hardware factor sign.
#[test]
fn processes_reshare_to_a_new_device_and_a_hardware_factor() {
    let dir = temp_dir("reshare");
    let (_relay, url, cert) = relay(&dir);
    let (ids, roster5) = identities(&dir, 5);
    let roster3 = sub_roster(&roster5, 3, "roster3.txt");
    let roster = roster5.to_str().unwrap().to_owned();
    let (group_key, epoch0) = dkg(&url, &cert, &ids, &roster3, &dir);
    let public0 = export_public(&dir, &path(&dir, "p2.tsr"), "public0.hex");

    let common = |epoch: &str, dealers: &str, members: &str, t: &str, session: &str| {
        strings(&[
            "reshare",
            "--suite",
            "ed25519",
            "--roster",
            &roster,
            "--epoch",
            epoch,
            "--dealers",
            dealers,
            "--members",
            members,
            "--threshold",
            t,
            "--session",
            session,
        ])
    };
    let with = |mut base: Vec<String>, more: &[&str]| {
        base.extend(strings(more));
        base
    };
    // A typed refusal for a member not in the session and for a roster
    // without a member.
    let lost = common(&epoch0, "2,3", "2,3,4", "2", "lost-device");
    party_fails(
        &url,
        &cert,
        ids[0].as_path(),
        &with(
            lost.clone(),
            &["--store", &path(&dir, "p1.tsr"), "--out", &path(&dir, "x")],
        ),
        "participant 1 is neither a dealer (2,3) nor a member (2,3,4) of this reshare",
    );
    party_fails(
        &url,
        &cert,
        ids[1].as_path(),
        &with(
            common(&epoch0, "2,3", "2,3,9", "2", "lost-device"),
            &["--store", &path(&dir, "p2.tsr"), "--out", &path(&dir, "x")],
        ),
        "participant 9 of --members is not in the roster",
    );

    // {2, 3} -> {2, 3, 4}.
    let jobs: Vec<(&Path, Vec<String>)> = vec![
        (
            ids[1].as_path(),
            with(
                lost.clone(),
                &[
                    "--store",
                    &path(&dir, "p2.tsr"),
                    "--out",
                    &path(&dir, "p2b.tsr"),
                ],
            ),
        ),
        (
            ids[2].as_path(),
            with(
                lost.clone(),
                &[
                    "--store",
                    &path(&dir, "p3.tsr"),
                    "--out",
                    &path(&dir, "p3b.tsr"),
                ],
            ),
        ),
        (
            ids[3].as_path(),
            with(
                lost,
                &[
                    "--public",
                    &public0,
                    "--me",
                    "4",
                    "--name",
                    "device2",
                    "--out",
                    &path(&dir, "p4b.tsr"),
                ],
            ),
        ),
    ];
    let outputs = run_parties(&url, &cert, &jobs);
    let epoch1 = outputs[0]["epoch"].as_str().unwrap().to_owned();
    assert_ne!(epoch1, epoch0);
    for out in &outputs {
        assert_eq!(out["group_key"], group_key.as_str());
        assert_eq!(out["epoch"], epoch1.as_str());
    }
    // The new device and the recovery holder sign at the new epoch.
    let signers = [
        (ids[3].as_path(), path(&dir, "p4b.tsr"), 4),
        (ids[2].as_path(), path(&dir, "p3b.tsr"), 3),
    ];
    sign_and_verify(
        &url,
        &cert,
        &signers,
        &roster,
        b"after the loss",
        &group_key,
    );

    // 2-of-3 -> 3-of-4 with a hardware factor (5).
    let public1 = export_public(&dir, &path(&dir, "p2b.tsr"), "public1.hex");
    let grow = common(&epoch1, "3,4", "2,3,4,5", "3", "hardware");
    // The lost device's old store is refused by this session.
    party_fails(
        &url,
        &cert,
        ids[0].as_path(),
        &with(
            grow.clone(),
            &["--store", &path(&dir, "p1.tsr"), "--out", &path(&dir, "x")],
        ),
        &format!("holds epoch {}", &epoch0[..16]),
    );
    let jobs: Vec<(&Path, Vec<String>)> = vec![
        (
            ids[1].as_path(),
            with(
                grow.clone(),
                &[
                    "--store",
                    &path(&dir, "p2b.tsr"),
                    "--out",
                    &path(&dir, "p2c.tsr"),
                ],
            ),
        ),
        (
            ids[2].as_path(),
            with(
                grow.clone(),
                &[
                    "--store",
                    &path(&dir, "p3b.tsr"),
                    "--out",
                    &path(&dir, "p3c.tsr"),
                ],
            ),
        ),
        (
            ids[3].as_path(),
            with(
                grow.clone(),
                &[
                    "--store",
                    &path(&dir, "p4b.tsr"),
                    "--out",
                    &path(&dir, "p4c.tsr"),
                ],
            ),
        ),
        (
            ids[4].as_path(),
            with(
                grow,
                &[
                    "--public",
                    &public1,
                    "--me",
                    "5",
                    "--name",
                    "hardware",
                    "--out",
                    &path(&dir, "p5c.tsr"),
                ],
            ),
        ),
    ];
    let outputs = run_parties(&url, &cert, &jobs);
    for out in &outputs {
        assert_eq!(out["group_key"], group_key.as_str());
        assert_eq!(out["threshold"], 3);
    }
    let signers = [
        (ids[3].as_path(), path(&dir, "p4c.tsr"), 4),
        (ids[1].as_path(), path(&dir, "p2c.tsr"), 2),
        (ids[4].as_path(), path(&dir, "p5c.tsr"), 5),
    ];
    sign_and_verify(
        &url,
        &cert,
        &signers,
        &roster,
        b"second payment",
        &group_key,
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// DKG 2-of-3; party 3's store is lost; parties 1 and 2 rebuild its share
/// over the relay; 3 then signs with 1.
#[test]
fn processes_repair_a_lost_share() {
    let dir = temp_dir("repair");
    let (_relay, url, cert) = relay(&dir);
    let (ids, roster) = identities(&dir, 3);
    let roster = roster.to_str().unwrap().to_owned();
    let (group_key, epoch) = dkg(&url, &cert, &ids, &roster, &dir);
    std::fs::remove_file(dir.join("p3.tsr")).unwrap();
    let public = export_public(&dir, &path(&dir, "p1.tsr"), "public.hex");
    let base = strings(&[
        "repair",
        "--suite",
        "ed25519",
        "--roster",
        &roster,
        "--epoch",
        &epoch,
        "--helpers",
        "1,2",
        "--target",
        "3",
        "--session",
        "repair-3",
    ]);
    let with = |more: &[&str]| {
        let mut args = base.clone();
        args.extend(strings(more));
        args
    };
    let jobs: Vec<(&Path, Vec<String>)> = vec![
        (ids[0].as_path(), with(&["--store", &path(&dir, "p1.tsr")])),
        (ids[1].as_path(), with(&["--store", &path(&dir, "p2.tsr")])),
        (
            ids[2].as_path(),
            with(&[
                "--public",
                &public,
                "--out",
                &path(&dir, "p3.tsr"),
                "--name",
                "p3",
            ]),
        ),
    ];
    let outputs = run_parties(&url, &cert, &jobs);
    assert_eq!(outputs[0]["helped"], true);
    assert_eq!(outputs[2]["group_key"], group_key.as_str());
    assert_eq!(outputs[2]["epoch"], epoch.as_str());
    let signers = [
        (ids[2].as_path(), path(&dir, "p3.tsr"), 3),
        (ids[0].as_path(), path(&dir, "p1.tsr"), 1),
    ];
    sign_and_verify(
        &url,
        &cert,
        &signers,
        &roster,
        b"after the repair",
        &group_key,
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_killed_party_process_is_named_by_the_others() {
    let dir = temp_dir("kill");
    let (_relay, url, cert) = relay(&dir);
    let (ids, roster) = identities(&dir, 3);
    let roster = roster.to_str().unwrap().to_owned();
    let mut children: Vec<Child> = (0..3)
        .map(|i| {
            let me = (i + 1).to_string();
            let store = dir.join(format!("p{me}.tsr"));
            party(
                &url,
                &cert,
                &ids[i],
                &[
                    "dkg",
                    "--suite",
                    "ed25519",
                    "--roster",
                    &roster,
                    "--me",
                    &me,
                    "--threshold",
                    "2",
                    "--session",
                    "account-2",
                    "--out",
                    store.to_str().unwrap(),
                    "--name",
                    "p",
                    "--timeout",
                    "3",
                ],
            )
            .spawn()
            .unwrap()
        })
        .collect();
    let mut victim = children.pop().unwrap();
    victim.kill().unwrap();
    victim.wait().unwrap();
    for out in wait_all(children) {
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("timed out waiting for participant 3"), "{err}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The README's login-service flow: a DKG by three processes; `tessera
/// session issue` certifies a session key for the device (party 1) with
/// the key packages of parties 1 and 2 (identifiers 1 and 2, as the DKG
/// made them); party 2 serves the account; the device's `party request`
/// gets a signature ed25519-dalek accepts, and a second request (the
/// certificate now in the service's cache) another one.
#[test]
fn a_device_gets_a_signature_from_the_login_service() {
    let dir = temp_dir("serve");
    let (_relay, url, cert) = relay(&dir);
    let (ids, roster_path) = identities(&dir, 3);
    let roster = roster_path.to_str().unwrap().to_owned();
    let (group_key, _) = dkg(&url, &cert, &ids, &roster, &dir);
    let keys = dir.join("keys");
    std::fs::create_dir_all(&keys).unwrap();
    for p in ["p1", "p2"] {
        std::fs::copy(dir.join(format!("{p}.tsr")), keys.join(format!("{p}.tsr"))).unwrap();
    }
    let issued = Command::new(BIN)
        .args(["session", "issue", "--dir"])
        .arg(&keys)
        .args(["--signers", "p1,p2", "--scope", "sign", "--json"])
        .env("TESSERA_PASSWORD", "correct horse battery staple")
        .output()
        .unwrap();
    assert!(
        issued.status.success(),
        "{}",
        String::from_utf8_lossy(&issued.stderr)
    );
    let issued: serde_json::Value = serde_json::from_slice(&issued.stdout).unwrap();
    assert_eq!(issued["group_public_key"], group_key.as_str());
    let accounts = dir.join("accounts");
    std::fs::create_dir_all(&accounts).unwrap();
    std::fs::copy(dir.join("p2.tsr"), accounts.join("acct-1.tsr")).unwrap();
    std::fs::copy(&roster_path, accounts.join("acct-1.roster")).unwrap();
    let accounts = accounts.to_str().unwrap().to_owned();
    let _service = Guard(
        party(
            &url,
            &cert,
            &ids[1],
            &["serve", "--suite", "ed25519", "--dir", &accounts],
        )
        .spawn()
        .unwrap(),
    );
    let roster_text = std::fs::read_to_string(&roster_path).unwrap();
    let service = roster_text
        .lines()
        .find_map(|l| l.strip_prefix("2 "))
        .unwrap()
        .trim()
        .to_owned();
    let device_store = path(&keys, "p1.tsr");
    for message in [&b"pay 1 coin"[..], b"pay 2 coins"] {
        let message_hex = hex::encode(message);
        let child = party(
            &url,
            &cert,
            &ids[0],
            &[
                "request",
                "--suite",
                "ed25519",
                "--service",
                &service,
                "--account",
                "acct-1",
                "--store",
                &device_store,
                "--roster",
                &roster,
                "--signers",
                "1,2",
                "--message",
                &message_hex,
            ],
        )
        .spawn()
        .unwrap();
        let out = wait_all(vec![child]).pop().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let out: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        dalek_verifies(&out, message, &group_key);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
