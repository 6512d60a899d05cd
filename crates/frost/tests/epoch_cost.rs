//! One-off, indicative timings of what binding the epoch to the content
//! costs: decoding a public key package (every verifying share checked on
//! the carried commitment in one MSM of `n + t` points) and importing one
//! without a commitment (`PublicKeyPackage::new`, interpolation in the
//! exponent), at 67-of-100 and 667-of-1000, with the encoding's size next
//! to the size of the previous format (epoch, threshold, group key instead
//! of the commitment). Nothing is asserted about time; the test is ignored
//! by default. Run it with
//! `cargo test -p tessera-frost --test epoch_cost -- --ignored --nocapture`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::time::Instant;

use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use tessera_core::encoding::Wire;
use tessera_core::identifier::identifiers;
use tessera_core::shamir::split;
use tessera_core::suites::{Ed25519, Secp256k1};
use tessera_core::{SecretScalar, Suite};
use tessera_frost::PublicKeyPackage;

fn measure<S: Suite>(t: u16, n: u16) {
    let mut rng = ChaCha20Rng::seed_from_u64(u64::from(t));
    let ids = identifiers::<S>(n);
    let (_, commitment) = split(&SecretScalar::<S>::random(&mut rng), t, &ids, &mut rng).unwrap();
    let public = PublicKeyPackage::from_commitment(&commitment, &ids).unwrap();
    let bytes = public.to_bytes();
    let runs = 5;
    let start = Instant::now();
    for _ in 0..runs {
        assert_eq!(PublicKeyPackage::<S>::from_bytes(&bytes).unwrap(), public);
    }
    let decode = start.elapsed() / runs;
    let start = Instant::now();
    let imported =
        PublicKeyPackage::new(public.verifying_shares().clone(), public.group_key(), t).unwrap();
    let import = start.elapsed();
    assert_eq!(imported, public);
    // The previous format: header, epoch, threshold, group key, count, shares.
    let old = 3 + 32 + 2 + S::POINT_LEN + 4 + usize::from(n) * (S::SCALAR_LEN + S::POINT_LEN);
    println!(
        "{} {t}-of-{n}: decode {decode:?} (mean of {runs}), import without commitment {import:?}, \
         {} bytes (previous format {old}, {:+})",
        S::NAME,
        bytes.len(),
        bytes.len() as i64 - old as i64
    );
}

#[test]
#[ignore = "one-off timing, run by hand with --ignored --nocapture"]
fn decode_and_import_cost() {
    measure::<Secp256k1>(67, 100);
    measure::<Ed25519>(67, 100);
    measure::<Secp256k1>(667, 1000);
    measure::<Ed25519>(667, 1000);
}
