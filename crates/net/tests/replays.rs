//! The login service's nonce memory: replays refused while their
//! certificate is valid, nonces forgotten once it has expired, bounds per
//! account and in total, and a clock that does not go back.
#![allow(clippy::unwrap_used)]

use tessera_net::replays::{Refusal, Replays};

fn nonce(i: u8) -> [u8; 32] {
    [i; 32]
}

#[test]
fn a_nonce_is_refused_again_until_its_certificate_expires() {
    let mut r = Replays::new(10, 100);
    assert_eq!(r.now(1000), 1000);
    r.record("alice", nonce(1), 1010).unwrap();
    // The same nonce for another account is another request.
    r.record("bob", nonce(1), 1010).unwrap();
    assert_eq!(r.record("alice", nonce(1), 1010), Err(Refusal::Replay));
    // Still remembered through the certificate's last second ...
    r.now(1010);
    assert_eq!(r.record("alice", nonce(1), 1010), Err(Refusal::Replay));
    assert_eq!(r.len(), 2);
    // ... and forgotten after it (the certificate check refuses it then).
    r.now(1011);
    r.record("carol", nonce(9), 2000).unwrap();
    assert_eq!(r.len(), 1);
    r.record("alice", nonce(1), 2000).unwrap();
}

#[test]
fn the_clock_does_not_go_back() {
    let mut r = Replays::new(10, 100);
    assert_eq!(r.now(5000), 5000);
    // A clock set back: certificates are still checked at 5000, so one
    // that expired at 4000 (and whose nonces are forgotten) stays expired.
    assert_eq!(r.now(3000), 5000);
    assert_eq!(r.now(5001), 5001);
}

#[test]
fn each_account_and_the_service_are_bounded() {
    let mut r = Replays::new(2, 3);
    r.now(100);
    r.record("alice", nonce(1), 200).unwrap();
    r.record("alice", nonce(2), 200).unwrap();
    assert_eq!(
        r.record("alice", nonce(3), 200),
        Err(Refusal::AccountFull { limit: 2 })
    );
    r.record("bob", nonce(1), 150).unwrap();
    assert_eq!(
        r.record("carol", nonce(1), 200),
        Err(Refusal::ServiceFull { limit: 3 })
    );
    // A refusal for a bound leaves what is remembered as it was: a replay
    // is still a replay.
    assert_eq!(r.record("alice", nonce(2), 200), Err(Refusal::Replay));
    assert_eq!(r.len(), 3);
    // Bob's certificate expires: room for one more.
    r.now(151);
    r.record("carol", nonce(1), 200).unwrap();
    assert_eq!(
        r.record("dave", nonce(1), 200),
        Err(Refusal::ServiceFull { limit: 3 })
    );
    // Alice's expire: her count starts again.
    r.now(201);
    r.record("alice", nonce(3), 300).unwrap();
    r.record("alice", nonce(4), 300).unwrap();
    assert_eq!(r.len(), 2);
}
