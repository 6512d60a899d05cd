//! Bytes sent per party, for the 2-of-3 against 3-of-4 table: computed from
//! the protocols' own encodings, not measured. Each party sends the same
//! message to every peer (a broadcast counts once per recipient).
//!
//! * `dkg-part1`, `dkg-part2`, `dkg-party-total`: [`tessera_keys::dkg::message_sizes`]
//!   (round 1 package and round 2 package to each of the `n - 1` others);
//! * `frost-round1`, `frost-round2`: one encoded `SigningCommitments` /
//!   `SignatureShare` to the coordinator;
//! * `ecdsa-sign-party`: [`tessera_ecdsa::sizes::message_sizes`] at `t`
//!   signers (rounds 1 to 3 to each of the `t - 1` others).

use group::Group;
use tessera_core::Suite;
use tessera_core::encoding::Wire;
use tessera_core::suites::{Ed25519, P256, Ristretto255, Secp256k1, Secp256k1Tr};

/// The bytes one party sends in operation `op` of suite `suite` at
/// `t`-of-`n`, when this module knows them.
pub fn per_party(op: &str, suite: &str, t: usize, n: usize) -> Option<usize> {
    match suite {
        "ed25519" => generic::<Ed25519>(op, t, n),
        "ristretto255" => generic::<Ristretto255>(op, t, n),
        "secp256k1" => ecdsa::<Secp256k1>(op, t).or_else(|| generic::<Secp256k1>(op, t, n)),
        "p256" => ecdsa::<P256>(op, t).or_else(|| generic::<P256>(op, t, n)),
        "secp256k1-tr" => generic::<Secp256k1Tr>(op, t, n),
        _ => None,
    }
}

fn generic<S: Suite>(op: &str, t: usize, n: usize) -> Option<usize> {
    let dkg = || tessera_keys::dkg::message_sizes::<S>(t, n).ok();
    let peers = n.checked_sub(1)?;
    match op {
        "dkg-part1" => dkg()?.round1_package.checked_mul(peers),
        "dkg-part2" => dkg()?.round2_package.checked_mul(peers),
        "dkg-party-total" => Some(dkg()?.total_sent),
        "frost-round1" => {
            let g = S::Point::generator();
            let commitments = tessera_frost::SigningCommitments::<S>::new(g, g.double()).ok()?;
            Some(commitments.to_bytes().len())
        }
        "frost-round2" => Some(
            tessera_frost::SignatureShare::<S>::new(<S::Scalar as ff::Field>::ONE)
                .to_bytes()
                .len(),
        ),
        _ => None,
    }
}

fn ecdsa<S: tessera_ecdsa::EcdsaSuite>(op: &str, t: usize) -> Option<usize> {
    let sizes = tessera_ecdsa::sizes::message_sizes::<S>(t);
    match op {
        "ecdsa-sign-party" => Some(sizes.round1_total + sizes.round2_total + sizes.round3_total),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_from_the_encodings() {
        // A DKG party at 2-of-3 sends its round 1 package (header, count,
        // 2 points, proof) and a round 2 package to each of 2 others.
        let dkg = tessera_keys::dkg::message_sizes::<Ed25519>(2, 3).unwrap();
        assert_eq!(
            per_party("dkg-party-total", "ed25519", 2, 3),
            Some(dkg.total_sent)
        );
        assert_eq!(
            per_party("dkg-part1", "secp256k1", 3, 4),
            Some(
                3 * tessera_keys::dkg::message_sizes::<Secp256k1>(3, 4)
                    .unwrap()
                    .round1_package
            )
        );
        // Commitments: two points more than a share's one scalar.
        let c = per_party("frost-round1", "p256", 2, 3).unwrap();
        let z = per_party("frost-round2", "p256", 2, 3).unwrap();
        assert_eq!(c - z, 2 * 33 - 32);
        assert!(
            per_party("ecdsa-sign-party", "secp256k1", 3, 4)
                > per_party("ecdsa-sign-party", "secp256k1", 2, 3)
        );
        assert_eq!(per_party("ecdsa-sign-party", "ed25519", 2, 3), None);
        assert_eq!(per_party("reshare", "ed25519", 2, 3), None);
    }
}
