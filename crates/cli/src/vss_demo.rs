//! `tessera vss-demo`: Shamir split, Feldman verification and reconstruction
//! of a fresh key, with a tampered share caught, for one suite.

use std::io::Write;

use tessera_core::encoding::encode_point;
use tessera_core::shamir::{reconstruct_verified, split};
use tessera_core::{Error, Identifier, Scalar, SecretScalar, SecretShare, Suite};

use crate::CliError;

/// The three holders of the demo's 2-of-3 sharing.
const HOLDERS: [&str; 3] = ["device", "login", "recovery"];

/// A demo failure for suite `S`.
fn fail<S: Suite>(detail: impl Into<String>) -> CliError {
    CliError::Demo {
        suite: S::NAME,
        detail: detail.into(),
    }
}

/// A core error for suite `S`, with the step it happened in.
fn core_fail<S: Suite>(step: &str, e: &Error<S>) -> CliError {
    fail::<S>(format!("{step}: {e}"))
}

/// The VSS demo for one suite, written once for all of them.
pub(crate) fn vss_demo<S: Suite>(
    out: &mut impl Write,
    rng: &mut (impl rand::CryptoRng + ?Sized),
) -> Result<(), CliError> {
    let name = S::NAME;

    // Identifiers derived from the holders' names.
    let ids = HOLDERS
        .iter()
        .map(|h| Identifier::<S>::derive(h.as_bytes()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| core_fail::<S>("deriving identifiers", &e))?;
    let holder_of = |id: &Identifier<S>| -> String {
        ids.iter()
            .zip(HOLDERS)
            .find(|(i, _)| *i == id)
            .map_or_else(|| id.to_string(), |(_, h)| h.to_string())
    };

    // Split a fresh random key 2-of-3.
    let secret = SecretScalar::<S>::random(rng);
    let (shares, commitment) =
        split(&secret, 2, &ids, rng).map_err(|e| core_fail::<S>("splitting", &e))?;
    let public_key = hex::encode(encode_point::<S>(&commitment.public_key()));
    writeln!(
        out,
        "[{name}] split a fresh random key 2-of-3 among {}",
        HOLDERS.join(", ")
    )?;
    writeln!(out, "[{name}] public key {public_key}")?;

    // Every share against the commitment, in one batched check.
    commitment
        .verify_shares(&shares, rng)
        .map_err(|e| core_fail::<S>("verifying the shares", &e))?;
    let verified: Vec<String> = shares.iter().map(|s| holder_of(&s.id())).collect();
    writeln!(
        out,
        "[{name}] shares of {} verified against the commitment (batched)",
        verified.join(", ")
    )?;

    // Reconstruct from device + recovery.
    let share_of = |holder: &str| -> Result<&SecretShare<S>, CliError> {
        shares
            .iter()
            .find(|s| holder_of(&s.id()) == holder)
            .ok_or_else(|| fail::<S>(format!("no share for {holder}")))
    };
    let device = share_of("device")?;
    let recovery = share_of("recovery")?;
    let quorum = [device.clone(), recovery.clone()];
    let recovered = reconstruct_verified(&commitment, &quorum, rng)
        .map_err(|e| core_fail::<S>("reconstructing from device + recovery", &e))?;
    if recovered != secret {
        return Err(fail::<S>(
            "key reconstructed from device + recovery differs from the original",
        ));
    }
    writeln!(
        out,
        "[{name}] device + recovery reconstruct the key; it matches the public key and the original"
    )?;

    // A tampered recovery share must be caught, and recovery named.
    let tampered = SecretShare::new(
        recovery.id(),
        SecretScalar::new(*recovery.value().expose() + Scalar::<S>::from(1u64)),
    );
    let attempt = [device.clone(), tampered];
    match reconstruct_verified(&commitment, &attempt, rng) {
        Err(Error::InvalidShares { culprits }) if culprits == [recovery.id()] => {
            writeln!(
                out,
                "[{name}] tampered recovery share rejected; culprit named: {}",
                holder_of(&recovery.id())
            )?;
        }
        Err(e) => {
            let named: Vec<String> = e.culprits().iter().map(holder_of).collect();
            return Err(fail::<S>(format!(
                "tampered recovery share gave the wrong error ({e}; culprits: [{}])",
                named.join(", ")
            )));
        }
        Ok(_) => return Err(fail::<S>("tampered recovery share was accepted")),
    }
    Ok(())
}
