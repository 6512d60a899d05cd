//! `tessera relay` and `tessera party` as separate processes on 127.0.0.1:
//! a relay, three parties running a 2-of-3 DKG, two of them signing (the
//! signature checked by ed25519-dalek); and a party killed mid-session,
//! which the others' timeout names.
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

#[test]
fn three_processes_run_a_dkg_and_two_sign() {
    let dir = temp_dir("dkg");
    let (_relay, url, cert) = relay(&dir);
    let (ids, roster) = identities(&dir, 3);
    let roster = roster.to_str().unwrap().to_owned();
    let stores: Vec<String> = (1..=3)
        .map(|i| dir.join(format!("p{i}.tsr")).to_str().unwrap().to_owned())
        .collect();
    let children = (0..3)
        .map(|i| {
            let me = (i + 1).to_string();
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
                    "account-1",
                    "--out",
                    &stores[i],
                    "--name",
                    &format!("p{me}"),
                ],
            )
            .spawn()
            .unwrap()
        })
        .collect();
    let outputs = wait_all(children);
    let mut group_key = None;
    for out in &outputs {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let key = json["group_key"].as_str().unwrap().to_owned();
        assert_eq!(group_key.get_or_insert(key.clone()), &key);
    }
    let message = hex::encode(b"pay 1 coin");
    let children = [0usize, 2]
        .iter()
        .map(|&i| {
            party(
                &url,
                &cert,
                &ids[i],
                &[
                    "sign",
                    "--suite",
                    "ed25519",
                    "--store",
                    &stores[i],
                    "--roster",
                    &roster,
                    "--signers",
                    "1,3",
                    "--message",
                    &message,
                    "--session",
                    "payment-1",
                ],
            )
            .spawn()
            .unwrap()
        })
        .collect();
    let outputs = wait_all(children);
    for out in &outputs {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let json: serde_json::Value = serde_json::from_slice(&outputs[0].stdout).unwrap();
    let signature = hex::decode(json["signature"].as_str().unwrap()).unwrap();
    let key = hex::decode(group_key.unwrap()).unwrap();
    let key = ed25519_dalek::VerifyingKey::from_bytes(&key.try_into().unwrap()).unwrap();
    let signature = ed25519_dalek::Signature::from_bytes(&signature.try_into().unwrap());
    key.verify_strict(b"pay 1 coin", &signature).unwrap();
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
