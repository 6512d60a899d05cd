//! The seeds' account life, narrated: what `tessera demo` and the
//! `account_life` example run for every suite.

use tessera_keys::local::run_signing;
use tessera_keys::{NativeAddress, NativeKey};

use crate::{Account, Error};

/// Lower-case hex.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Runs the account life of the seeds on suite `S`, calling `log` with one
/// line per step. Every step is checked; the first failure is returned.
/// Only public values (the address, the group key, epochs) are logged,
/// never a secret. The address is the suite's native one
/// ([`NativeAddress`]): an EIP-55 Ethereum address for secp256k1, base58
/// for Ed25519, the compressed key in hex for P-256 and ristretto255.
///
/// 1. create a 2-of-3 account (device, login, recovery) by DKG, sign;
/// 2. lose the device, replace it (the lost share revoked and shown useless);
/// 3. raise to 3-of-4 with a hardware factor, sign with three;
/// 4. lower back to 2-of-3 without the hardware factor, sign;
/// 5. device + recovery reconstruct the key without the login service;
///
/// with the same address throughout.
pub fn account_life<S: NativeKey + NativeAddress, R: rand_core::CryptoRng + ?Sized>(
    rng: &mut R,
    mut log: impl FnMut(String),
) -> Result<(), Error<S>> {
    let mut account = Account::<S>::create(&["device", "login", "recovery"], 2, rng)?;
    let group_key = account.group_key();
    let address = account.address();
    let epoch = |a: &Account<S>| a.public().epoch().to_string();
    log(format!(
        "created 2-of-3 by DKG (device, login, recovery): {} {address}, epoch {}",
        S::ADDRESS_KIND,
        epoch(&account)
    ));
    log(format!(
        "group key {}",
        hex(&account.public().group_key_bytes())
    ));
    account.sign(&["device", "login"], b"tx 1", rng)?;
    log("signed tx 1 with device + login: signature verifies".into());

    let revoked = account.replace("device", "new-device", rng)?;
    log(format!(
        "device lost: login + recovery reshared to new-device, login, recovery (2-of-3), epoch {}",
        epoch(&account)
    ));
    let stale = [&revoked.key, account.key("login")?];
    match run_signing(stale, account.public(), b"tx 2", rng) {
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
        "exit without the login service: new-device + recovery reconstructed the {}-byte native key of {address}",
        native.len()
    ));
    if account.group_key() != group_key || account.address() != address {
        return Err(tessera_frost::Error::InconsistentKey("the address changed").into());
    }
    log(format!("address unchanged throughout: {address}"));
    Ok(())
}
