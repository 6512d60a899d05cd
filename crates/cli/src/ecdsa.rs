//! `--scheme ecdsa`: threshold ECDSA (DKLs23, [`tessera_ecdsa`]) with the
//! same store files on secp256k1 and P-256. `keygen` runs every pair of
//! members' setup and stores each member's setups in its file; `sign` signs
//! the SHA-256 digest of the message (or, with `--eth`, its EIP-191
//! `personal_sign` digest) and prints the standard `r || s` (low `s`) with
//! its recovery id; after `refresh`, `reshare` and `repair` the pairs with
//! a new or repaired member are set up again
//! ([`tessera_wallet::Account::ecdsa_setup`]).

use std::io::Write;

use serde_json::json;
use sha2::{Digest, Sha256};
use tessera_core::Suite;
use tessera_core::suites::{Ed25519, P256, Ristretto255, Secp256k1, Secp256k1Tr};
use tessera_ecdsa::{EcdsaSuite, Signature};
use tessera_keys::NativeAddress;
use tessera_wallet::Account;

use crate::commands::{decode_hex, err, hex_point, load, print_json, save_members, sessions_of};
use crate::{CliError, SignArgs, VerifyArgs};

/// What the CLI does with threshold ECDSA on a suite: set up the pairs on
/// secp256k1 and P-256, refuse elsewhere.
pub(crate) trait MaybeEcdsa: Suite + Sized {
    /// Whether the suite signs threshold ECDSA.
    const HAS_ECDSA: bool;
    /// Runs the missing pair setups when `required` or when the account
    /// already signs ECDSA; returns how many pairs were set up.
    fn ecdsa_setup(account: &mut Account<Self>, required: bool) -> Result<usize, CliError>;
}

/// The refusal of `--scheme ecdsa` on a suite without ECDSA.
pub(crate) fn no_ecdsa<S: Suite>() -> CliError {
    CliError::Input(format!(
        "threshold ECDSA needs the suite secp256k1 or p256, not {}",
        S::NAME
    ))
}

macro_rules! no_ecdsa {
    ($($S:ty),*) => {$(
        impl MaybeEcdsa for $S {
            const HAS_ECDSA: bool = false;
            fn ecdsa_setup(_: &mut Account<Self>, required: bool) -> Result<usize, CliError> {
                if required { Err(no_ecdsa::<Self>()) } else { Ok(0) }
            }
        }
    )*};
}
no_ecdsa!(Ed25519, Ristretto255, Secp256k1Tr);

macro_rules! with_ecdsa {
    ($($S:ty),*) => {$(
        impl MaybeEcdsa for $S {
            const HAS_ECDSA: bool = true;
            fn ecdsa_setup(account: &mut Account<Self>, required: bool) -> Result<usize, CliError> {
                setup(account, required)
            }
        }
    )*};
}
with_ecdsa!(Secp256k1, P256);

fn setup<S: EcdsaSuite>(account: &mut Account<S>, required: bool) -> Result<usize, CliError> {
    if !required && !account.has_ecdsa_setups() {
        return Ok(0);
    }
    Ok(account.ecdsa_setup(&mut rand::rng()).map_err(err)?.len())
}

/// The Ethereum forms of a signature, on secp256k1 only.
pub(crate) trait EthForm: EcdsaSuite + NativeAddress {
    /// `r || s || v` (`v` = 27 or 28), `None` when the recovery id cannot
    /// be expressed as `v`.
    fn rsv(signature: &Signature<Self>) -> Result<Option<[u8; 65]>, CliError>;
    /// The key `r || s` with recovery byte `v` recovers, for `prehash`.
    fn recover(rs: &[u8], v: u8, prehash: &[u8; 32]) -> Result<Vec<u8>, CliError>;
}

impl EthForm for Secp256k1 {
    fn rsv(signature: &Signature<Self>) -> Result<Option<[u8; 65]>, CliError> {
        Ok(tessera_ecdsa::eth::rsv(signature))
    }

    fn recover(rs: &[u8], v: u8, prehash: &[u8; 32]) -> Result<Vec<u8>, CliError> {
        let bad = || CliError::Input("the Ethereum signature does not recover a key".into());
        let signature = k256::ecdsa::Signature::from_slice(rs).map_err(|_| bad())?;
        let id = v
            .checked_sub(27)
            .and_then(k256::ecdsa::RecoveryId::from_byte)
            .ok_or_else(|| {
                CliError::Input(format!("the Ethereum signature's v is {v}, not 27 or 28"))
            })?;
        let key = k256::ecdsa::VerifyingKey::recover_from_prehash(prehash, &signature, id)
            .map_err(|_| bad())?;
        Ok(key.to_sec1_point(true).as_bytes().to_vec())
    }
}

impl EthForm for P256 {
    fn rsv(_: &Signature<Self>) -> Result<Option<[u8; 65]>, CliError> {
        Err(CliError::Input(
            "--eth (Ethereum personal_sign) needs the suite secp256k1, not p256".into(),
        ))
    }

    fn recover(_: &[u8], _: u8, _: &[u8; 32]) -> Result<Vec<u8>, CliError> {
        Err(CliError::Input(
            "--eth (Ethereum personal_sign) needs the suite secp256k1, not p256".into(),
        ))
    }
}

/// The 32-byte digest ECDSA signs: SHA-256 of the message (ES256 and the
/// `ecdsa` crates' `Signer`/`Verifier`), or the EIP-191 digest with `eth`.
fn prehash(message: &[u8], eth: bool) -> [u8; 32] {
    if eth {
        tessera_ecdsa::eth::personal_sign_digest(message)
    } else {
        Sha256::digest(message).into()
    }
}

/// `sign --scheme ecdsa`.
pub(crate) fn sign<S: EthForm>(args: &SignArgs, out: &mut impl Write) -> Result<(), CliError> {
    let message = decode_hex("message", &args.message)?;
    let (chains, password) = load::<S>(&args.store, Some(&args.signers))?;
    let sessions = sessions_of(&chains);
    let mut account = Account::from_keychains(chains).map_err(err)?;
    if !account.has_ecdsa_setups() {
        return Err(CliError::Input(format!(
            "the store files in {} hold no ECDSA setups; create the key with `tessera keygen --scheme ecdsa`",
            args.store.dir.display()
        )));
    }
    // Pairs among the signers without a setup (e.g. one side's file was
    // rebuilt elsewhere) are set up now and saved in the signers' files.
    if setup(&mut account, true)? > 0 {
        save_members(
            &account,
            &args.signers,
            &args.store.dir,
            &password,
            &sessions,
        )?;
    }
    let signers: Vec<&str> = args.signers.iter().map(String::as_str).collect();
    let digest = prehash(&message, args.eth);
    let signature = account
        .sign_ecdsa(&signers, &digest, &mut rand::rng())
        .map_err(err)?;
    let eth = if args.eth {
        Some(S::rsv(&signature)?.map(hex::encode).ok_or_else(|| {
            CliError::Input("the signature's recovery id has no Ethereum v; sign again".into())
        })?)
    } else {
        None
    };
    let rs = hex::encode(signature.to_bytes());
    if args.store.json {
        return print_json(
            out,
            &json!({
                "suite": S::NAME,
                "scheme": "ecdsa",
                "threshold": account.threshold(),
                "signers": args.signers,
                "group_public_key": hex_point::<S>(&account.group_key()),
                "address": account.address(),
                "message": hex::encode(&message),
                "digest": if args.eth { "eip191" } else { "sha256" },
                "prehash": hex::encode(digest),
                "signature": rs,
                "recovery_id": signature.recovery_id().to_byte(),
                "eth_signature": eth,
            }),
        );
    }
    writeln!(out, "{}", eth.unwrap_or(rs))?;
    Ok(())
}

/// `verify --scheme ecdsa`: `r || s` (64 bytes), or with `--eth` also
/// `r || s || v` (65 bytes, `v` checked by recovering the key).
pub(crate) fn verify<S: EthForm>(args: &VerifyArgs, out: &mut impl Write) -> Result<(), CliError> {
    let key = tessera_core::encoding::decode_point::<S>(&decode_hex("group key", &args.group_key)?)
        .map_err(|e| CliError::Input(format!("the group key does not decode: {e}")))?;
    let message = decode_hex("message", &args.message)?;
    let bytes = decode_hex("signature", &args.signature)?;
    let digest = prehash(&message, args.eth);
    let (rs, v) = match (bytes.len(), args.eth) {
        (64, _) => (bytes.as_slice(), None),
        (65, true) => {
            let (rs, v) = bytes.split_at(64);
            (rs, v.first().copied())
        }
        (len, eth) => {
            return Err(CliError::Input(format!(
                "an ECDSA signature is r || s, 64 bytes{}; this one has {len}",
                if eth {
                    ", or r || s || v, 65 bytes"
                } else {
                    ""
                }
            )));
        }
    };
    let (r, s) = rs.split_at(32);
    let scalar = |what: &str, b: &[u8]| {
        tessera_core::encoding::decode_scalar::<S>(b)
            .map_err(|e| CliError::Input(format!("the signature's {what} does not decode: {e}")))
    };
    let signature = Signature::<S>::from_parts(scalar("r", r)?, scalar("s", s)?, 0)
        .map_err(|e| CliError::Input(format!("the signature does not decode: {e}")))?;
    let mut valid = signature.verify(&key, &digest);
    if let Some(v) = v {
        valid = valid && hex::encode(S::recover(rs, v, &digest)?) == hex_point::<S>(&key);
    }
    if args.json {
        print_json(
            out,
            &json!({ "suite": S::NAME, "scheme": "ecdsa", "valid": valid }),
        )?;
    } else if valid {
        writeln!(out, "valid {} ECDSA signature", S::NAME)?;
    }
    if valid {
        Ok(())
    } else {
        Err(CliError::Input(format!(
            "the ECDSA signature does not verify under this {} group key and message",
            S::NAME
        )))
    }
}
