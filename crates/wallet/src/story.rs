//! The seeds' account life, narrated: what `tessera demo` and the
//! `account_life` example run for every suite.

use std::fmt::Write as _;

use group::GroupEncoding;
use tessera_keys::NativeKey;

use crate::{Account, Error};

/// Hex of the first bytes of a public value, for one-line logs.
fn short(bytes: &[u8]) -> String {
    bytes.iter().take(8).fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Runs the account life of the seeds on suite `S`, calling `log` with one
/// line per step. Every step is checked; the first failure is returned.
/// Only public values (addresses, epochs) are logged, never a secret.
///
/// 1. create a 2-of-3 account (device, login, recovery) by DKG, sign;
/// 2. lose the device, replace it (the lost share revoked and shown useless);
/// 3. raise to 3-of-4 with a hardware factor, sign with three;
/// 4. lower back to 2-of-3 without the hardware factor, sign;
/// 5. device + recovery reconstruct the key without the login service;
///
/// with the same address throughout.
pub fn account_life<S: NativeKey, R: rand_core::CryptoRng + ?Sized>(
    rng: &mut R,
    mut log: impl FnMut(String),
) -> Result<(), Error<S>> {
    let mut account = Account::<S>::create(&["device", "login", "recovery"], 2, rng)?;
    let address = account.group_key();
    let addr = short(address.to_bytes().as_ref());
    let epoch = |a: &Account<S>| a.public().epoch().to_string();
    log(format!(
        "created 2-of-3 by DKG (device, login, recovery): address {addr}.., epoch {}",
        epoch(&account)
    ));
    account.sign(&["device", "login"], b"tx 1", rng)?;
    log("signed tx 1 with device + login: signature verifies".into());

    let revoked = account.replace("device", "new-device", rng)?;
    log(format!(
        "device lost: login + recovery reshared to new-device, login, recovery (2-of-3), epoch {}",
        epoch(&account)
    ));
    let stale = [&revoked.key, account.key("login")?];
    match crate::account::sign_with(&stale, account.public(), b"tx 2", rng) {
        Err(e) => log(format!("the lost device's share no longer signs: {e}")),
        Ok(_) => {
            return Err(
                tessera_frost::Error::InconsistentKey("a revoked share still signs").into(),
            );
        }
    }
    account.sign(&["new-device", "recovery"], b"tx 2", rng)?;
    log("signed tx 2 with new-device + recovery: signature verifies".into());

    account.add_factor("hardware", 3, rng)?;
    log(format!(
        "hardware factor added: 3-of-4, epoch {}",
        epoch(&account)
    ));
    account.sign(&["new-device", "login", "hardware"], b"tx 3", rng)?;
    log("signed tx 3 with new-device + login + hardware: signature verifies".into());
    if account.sign(&["new-device", "login"], b"tx 3", rng).is_ok() {
        return Err(tessera_frost::Error::InconsistentKey("two signers sufficed at 3-of-4").into());
    }
    log("two signers are refused at 3-of-4".into());

    account.remove_factor("hardware", 2, rng)?;
    log(format!(
        "hardware factor removed: 2-of-3, epoch {}",
        epoch(&account)
    ));
    account.sign(&["login", "recovery"], b"tx 4", rng)?;
    log("signed tx 4 with login + recovery: signature verifies".into());

    let native = account.exit(&["new-device", "recovery"])?;
    log(format!(
        "exit without the login service: new-device + recovery reconstructed the {}-byte native key of address {addr}..",
        native.len()
    ));
    if account.group_key() != address {
        return Err(tessera_frost::Error::InconsistentKey("the address changed").into());
    }
    log(format!("address unchanged throughout: {addr}.."));
    Ok(())
}
