//! The seeds' account life, narrated: what `tessera demo` and the
//! `account_life` example run for every suite, and the native signatures
//! beside it: a Taproot account ([`taproot_account`]), Ethereum
//! `personal_sign` with threshold ECDSA ([`ethereum_account`]) and P-256
//! ECDSA ([`p256_account`]), each checked by a standard verifier.

use tessera_core::suites::{P256, Secp256k1, Secp256k1Tr};
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

/// The error a story step reports when a standard verifier refuses a
/// signature tessera produced.
fn refused<S: tessera_core::Suite>(what: &'static str) -> Error<S> {
    tessera_frost::Error::InconsistentKey(what).into()
}

/// A Taproot account (`secp256k1-tr`): its P2TR address stays the same
/// through a refresh and 2-of-3 -> 3-of-4, and every signature is a
/// BIP-340 signature for the output key, checked with k256's BIP-340
/// verifier (`schnorr::VerifyingKey::verify_raw`).
pub fn taproot_account<R: rand_core::CryptoRng + ?Sized>(
    rng: &mut R,
    mut log: impl FnMut(String),
) -> Result<(), Error<Secp256k1Tr>> {
    use tessera_bitcoin::address::Network;
    let mut account = Account::<Secp256k1Tr>::create(&["device", "login", "recovery"], 2, rng)?;
    let address = account.p2tr_address(Network::Bitcoin)?;
    log(format!("created 2-of-3 by DKG: P2TR address {address}"));
    let check = |account: &Account<Secp256k1Tr>,
                 signers: &[&str],
                 message: &[u8; 32],
                 rng: &mut R|
     -> Result<(), Error<Secp256k1Tr>> {
        let output = account.taproot_output(None)?;
        let signature = account.sign_taproot(signers, message, None, rng)?;
        let key = k256::schnorr::VerifyingKey::from_bytes(&output.output_key().into())
            .map_err(|_| refused("the output key is not a BIP-340 key"))?;
        let sig = k256::schnorr::Signature::try_from(signature.to_standard_bytes().as_slice())
            .map_err(|_| refused("the signature is not 64 bytes"))?;
        key.verify_raw(message, &sig)
            .map_err(|_| refused("k256's BIP-340 verifier refused the signature"))
    };
    check(&account, &["device", "login"], &[1; 32], rng)?;
    log("key-path spend 1 signed by device + login: BIP-340 signature verified by k256".into());
    account.refresh(rng)?;
    check(&account, &["login", "recovery"], &[2; 32], rng)?;
    log(format!(
        "refreshed (epoch {}): signed by login + recovery, verified by k256",
        account.public().epoch()
    ));
    account.add_factor("hardware", 3, rng)?;
    check(&account, &["device", "login", "hardware"], &[3; 32], rng)?;
    log("hardware added, 3-of-4: signed by device + login + hardware, verified by k256".into());
    if account.p2tr_address(Network::Bitcoin)? != address {
        return Err(refused("the P2TR address changed"));
    }
    log(format!("P2TR address unchanged throughout: {address}"));
    Ok(())
}

/// The secp256k1 account signs Ethereum `personal_sign` (EIP-191) digests
/// with threshold ECDSA at 2-of-3 and, after a hardware factor joins, at
/// 3-of-4; k256's public-key recovery (`ecrecover`) must give the
/// account's EIP-55 address each time. After the reshare only the pairs
/// with the new member run the ECDSA setup.
pub fn ethereum_account<R: rand_core::CryptoRng + ?Sized>(
    rng: &mut R,
    mut log: impl FnMut(String),
) -> Result<(), Error<Secp256k1>> {
    let mut account = Account::<Secp256k1>::create(&["device", "login", "recovery"], 2, rng)?;
    let address = account.address();
    let pairs = account.ecdsa_setup(rng)?;
    log(format!(
        "created 2-of-3: Ethereum address {address}; ECDSA setup of {} pairs",
        pairs.len()
    ));
    let check = |account: &mut Account<Secp256k1>,
                 signers: &[&str],
                 tx: &[u8],
                 rng: &mut R|
     -> Result<(), Error<Secp256k1>> {
        let digest = tessera_ecdsa::eth::personal_sign_digest(tx);
        let signature = account.sign_ecdsa(signers, &digest, rng)?;
        let recovered = k256::ecdsa::VerifyingKey::recover_from_prehash(
            &digest,
            &signature.to_ecdsa(),
            signature.recovery_id(),
        )
        .map_err(|_| refused("k256 recovered no key from the ECDSA signature"))?;
        let recovered = tessera_keys::address::eip55(&tessera_keys::address::ethereum_address(
            &recovered.as_affine().into(),
        ));
        if recovered != account.address() {
            return Err(refused("ecrecover gave another address"));
        }
        Ok(())
    };
    check(
        &mut account,
        &["device", "login"],
        b"transfer 1 ETH, nonce 0",
        rng,
    )?;
    log(format!(
        "EIP-191 digest signed by device + login with threshold ECDSA: k256 ecrecover gives {address}"
    ));
    account.add_factor("hardware", 3, rng)?;
    let pairs = account.ecdsa_setup(rng)?;
    let names: Vec<String> = pairs.iter().map(|(a, b)| format!("{a}-{b}")).collect();
    log(format!(
        "hardware added, 3-of-4: ECDSA setup only for the new pairs ({})",
        names.join(", ")
    ));
    check(
        &mut account,
        &["device", "login", "hardware"],
        b"transfer 2 ETH, nonce 1",
        rng,
    )?;
    log(format!(
        "EIP-191 digest signed by device + login + hardware: k256 ecrecover gives {address}"
    ));
    Ok(())
}

/// The P-256 account signs ECDSA (SHA-256 digests, as WebAuthn and the
/// P-256 precompile verify) at 2-of-3 and 3-of-4, each signature checked
/// with p256's ECDSA verifier under the account's key.
pub fn p256_account<R: rand_core::CryptoRng + ?Sized>(
    rng: &mut R,
    mut log: impl FnMut(String),
) -> Result<(), Error<P256>> {
    use k256::ecdsa::signature::hazmat::PrehashVerifier;
    use sha2::Digest;
    let mut account = Account::<P256>::create(&["device", "login", "recovery"], 2, rng)?;
    log(format!("created 2-of-3: P-256 key {}", account.address()));
    let check = |account: &mut Account<P256>,
                 signers: &[&str],
                 message: &[u8],
                 rng: &mut R|
     -> Result<(), Error<P256>> {
        let digest: [u8; 32] = sha2::Sha256::digest(message).into();
        let signature = account.sign_ecdsa(signers, &digest, rng)?;
        let key = p256::ecdsa::VerifyingKey::from_affine(account.group_key().to_affine())
            .map_err(|_| refused("the account key is not a P-256 key"))?;
        key.verify_prehash(&digest, &signature.to_ecdsa())
            .map_err(|_| refused("p256's ECDSA verifier refused the signature"))
    };
    check(
        &mut account,
        &["device", "recovery"],
        b"login challenge 1",
        rng,
    )?;
    log("ECDSA signed by device + recovery: verified by p256".into());
    account.add_factor("hardware", 3, rng)?;
    check(
        &mut account,
        &["login", "recovery", "hardware"],
        b"login challenge 2",
        rng,
    )?;
    log(
        "hardware added, 3-of-4: ECDSA signed by login + recovery + hardware, verified by p256"
            .into(),
    );
    Ok(())
}
