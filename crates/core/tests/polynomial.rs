//! `SecretPolynomial` against values worked out by hand: its threshold,
//! constant term, evaluations and Feldman commitment.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use group::Group;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use tessera_core::polynomial::SecretPolynomial;
use tessera_core::suites::Secp256k1;
use tessera_core::{Error, Identifier, Point, Scalar, SecretScalar, Suite};

type S = Secp256k1;

fn scalar(n: u64) -> Scalar<S> {
    Scalar::<S>::from(n)
}

#[test]
fn a_polynomial_from_its_coefficients() {
    // f(x) = 3 + 5x + 7x^2: f(0) = 3, f(1) = 15, f(2) = 41, f(3) = 81.
    let f =
        SecretPolynomial::<S>::from_coefficients(vec![scalar(3), scalar(5), scalar(7)]).unwrap();
    assert_eq!(f.threshold(), 3);
    assert_eq!(*f.constant().expose(), scalar(3));
    for (x, y) in [(1, 15), (2, 41), (3, 81)] {
        let id = Identifier::<S>::new(x).unwrap();
        assert_eq!(*f.evaluate(&id).expose(), scalar(y), "f({x})");
    }
    let g = Point::<S>::generator();
    let commitment = f.commit();
    assert_eq!(
        commitment.points(),
        [g * scalar(3), g * scalar(5), g * scalar(7)]
    );
    assert_eq!(
        format!("{f:?}"),
        "SecretPolynomial(<3 redacted coefficients>)"
    );
}

#[test]
fn a_random_polynomial_keeps_its_constant_term() {
    let mut rng = ChaCha20Rng::seed_from_u64(5);
    let secret = SecretScalar::<S>::new(scalar(11));
    let f = SecretPolynomial::<S>::random(&secret, 4, &mut rng).unwrap();
    assert_eq!(f.threshold(), 4);
    assert_eq!(*f.constant().expose(), scalar(11));
    assert_eq!(f.commit().points()[0], S::mul_base(&scalar(11)));
    assert_eq!(f.commit().points().len(), 4);
}

#[test]
fn an_empty_polynomial_is_refused() {
    let mut rng = ChaCha20Rng::seed_from_u64(5);
    let secret = SecretScalar::<S>::new(scalar(11));
    assert_eq!(
        SecretPolynomial::<S>::random(&secret, 0, &mut rng).unwrap_err(),
        Error::InvalidThreshold { t: 0, n: 0 }
    );
    assert_eq!(
        SecretPolynomial::<S>::from_coefficients(vec![]).unwrap_err(),
        Error::InvalidThreshold { t: 0, n: 0 }
    );
}
