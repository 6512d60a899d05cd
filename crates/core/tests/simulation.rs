//! The latency model's building blocks against numbers worked out by hand
//! (whole simulated runs are tested in tessera-keys' `runner` tests).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::time::Duration;

use tessera_core::protocol::simulation::{Link, wall_clock};

#[test]
fn a_link_of_round_trip_rtt_has_a_quarter_of_it_each_way() {
    let link = Link::with_rtt(Duration::from_millis(100), 8_000_000);
    assert_eq!(link.latency, Duration::from_millis(25));
    assert_eq!((link.uplink, link.downlink), (8_000_000, 8_000_000));
}

#[test]
fn the_default_clock_advances() {
    let before = wall_clock();
    std::thread::sleep(Duration::from_millis(5));
    let after = wall_clock();
    assert!(
        after >= before + Duration::from_millis(5),
        "{before:?} then {after:?}"
    );
}
