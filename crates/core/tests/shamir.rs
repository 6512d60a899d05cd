//! Shamir sharing at the edges of `1 <= t <= n <= 65535`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use tessera_core::identifier::identifiers;
use tessera_core::shamir::{check_threshold, reconstruct, split};
use tessera_core::suites::P256;
use tessera_core::{Error, SecretScalar};

type S = P256;

#[test]
fn thresholds_are_checked_at_both_ends() {
    for (t, n) in [(1, 1), (1, 3), (3, 3), (2, 65535), (65535, 65535)] {
        assert_eq!(check_threshold::<S>(t, n), Ok(()), "{t}-of-{n}");
    }
    for (t, n) in [(0, 3), (4, 3), (2, 65536), (65536, 65536), (0, 0)] {
        assert_eq!(
            check_threshold::<S>(t, n),
            Err(Error::InvalidThreshold { t, n }),
            "{t}-of-{n}"
        );
    }
}

#[test]
fn an_n_of_n_sharing_needs_every_share() {
    let mut rng = ChaCha20Rng::seed_from_u64(4);
    let ids = identifiers::<S>(3);
    let secret = SecretScalar::<S>::random(&mut rng);
    let (shares, commitment) = split(&secret, 3, &ids, &mut rng).unwrap();
    assert_eq!(commitment.threshold(), 3);
    assert_eq!(reconstruct(3, &shares).unwrap(), secret);
    assert_eq!(
        reconstruct(3, &shares[..2]).unwrap_err(),
        Error::TooFewParticipants { needed: 3, got: 2 }
    );
    assert_eq!(
        split(&secret, 4, &ids, &mut rng).unwrap_err(),
        Error::InvalidThreshold { t: 4, n: 3 }
    );
}
