//! A dealer's `t`-of-`n` key for the tests: every participant's key package,
//! by identifier, and the public key package.
#![allow(dead_code, clippy::unwrap_used)]

use std::collections::BTreeMap;

use rand_chacha::ChaCha20Rng;
use tessera_core::identifier::identifiers;
use tessera_core::shamir::split;
use tessera_core::{Identifier, SecretScalar, Suite};
use tessera_frost::{KeyPackage, PublicKeyPackage};

pub type Dealt<S> = (BTreeMap<Identifier<S>, KeyPackage<S>>, PublicKeyPackage<S>);

/// Splits `secret` among identifiers `1..=n` with threshold `t`.
pub fn deal<S: Suite>(secret: &SecretScalar<S>, t: u16, n: u16, rng: &mut ChaCha20Rng) -> Dealt<S> {
    let ids = identifiers::<S>(n);
    let (shares, commitment) = split(secret, t, &ids, rng).unwrap();
    let public = PublicKeyPackage::from_commitment(&commitment, &ids).unwrap();
    let keys = shares
        .iter()
        .map(|s| {
            (
                s.id(),
                KeyPackage::new(s.id(), s.value().clone(), &public).unwrap(),
            )
        })
        .collect();
    (keys, public)
}
