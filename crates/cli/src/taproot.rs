//! `sign --taproot` and `verify --taproot` on secp256k1-tr: BIP-340
//! signatures for the Taproot output key (BIP-341 key path) whose internal
//! key is the account's group key, by FROST with the Taproot tweak
//! ([`tessera_frost::taproot`], [`tessera_wallet::taproot`]).

use std::io::Write;

use serde_json::json;
use tessera_core::Suite;
use tessera_core::suites::Secp256k1Tr;
use tessera_wallet::Account;

use crate::commands::{decode_hex, err, hex_point, load, print_json};
use crate::{CliError, SignArgs, VerifyArgs};

/// The refusal of `--taproot` with `--scheme ecdsa`.
pub(crate) fn needs_frost() -> CliError {
    CliError::Input("--taproot signs BIP-340 with FROST on secp256k1-tr, not ECDSA".into())
}

fn needs_tr(suite: &str) -> CliError {
    CliError::Input(format!(
        "--taproot needs the suite secp256k1-tr, not {suite}"
    ))
}

fn merkle_root(text: Option<&String>) -> Result<Option<[u8; 32]>, CliError> {
    text.map(|t| {
        decode_hex("Merkle root", t)?
            .try_into()
            .map_err(|_| CliError::Input("a Merkle root is 32 bytes (64 hex digits)".into()))
    })
    .transpose()
}

/// The x-only output key of `internal` and `root`, hex.
fn output_hex(internal: &tessera_core::Point<Secp256k1Tr>, root: Option<&[u8; 32]>) -> String {
    let output = tessera_frost::taproot::output_key::<Secp256k1Tr>(internal, root);
    let bytes = hex_point::<Secp256k1Tr>(&output);
    // SEC1 compressed: the x-only key is the last 32 bytes.
    bytes.get(2..).unwrap_or_default().to_string()
}

/// `sign --taproot`.
pub(crate) fn sign(suite: &str, args: &SignArgs, out: &mut impl Write) -> Result<(), CliError> {
    if suite != Secp256k1Tr::NAME {
        return Err(needs_tr(suite));
    }
    let root = merkle_root(args.merkle_root.as_ref())?;
    let message = decode_hex("message", &args.message)?;
    let (chains, _) = load::<Secp256k1Tr>(&args.store, Some(&args.signers))?;
    let account = Account::from_keychains(chains).map_err(err)?;
    let signers: Vec<&str> = args.signers.iter().map(String::as_str).collect();
    let signature = account
        .sign_taproot(&signers, &message, root.as_ref(), &mut rand::rng())
        .map_err(err)?;
    let output =
        tessera_frost::taproot::output_key::<Secp256k1Tr>(&account.group_key(), root.as_ref());
    signature.verify(&output, &message).map_err(err)?;
    let signature = hex::encode(signature.to_standard_bytes());
    if args.store.json {
        return print_json(
            out,
            &json!({
                "suite": Secp256k1Tr::NAME,
                "threshold": account.threshold(),
                "signers": args.signers,
                "group_public_key": hex_point::<Secp256k1Tr>(&account.group_key()),
                "message": hex::encode(&message),
                "signature": signature,
                "output_key": output_hex(&account.group_key(), root.as_ref()),
                "merkle_root": root.map(hex::encode),
            }),
        );
    }
    writeln!(out, "{signature}")?;
    Ok(())
}

/// `verify --taproot`.
pub(crate) fn verify(args: &VerifyArgs, out: &mut impl Write) -> Result<(), CliError> {
    if args.suite != Secp256k1Tr::NAME {
        return Err(needs_tr(&args.suite));
    }
    let root = merkle_root(args.merkle_root.as_ref())?;
    let internal = tessera_core::encoding::decode_point::<Secp256k1Tr>(&decode_hex(
        "group key",
        &args.group_key,
    )?)
    .map_err(|e| CliError::Input(format!("the group key does not decode: {e}")))?;
    let output = tessera_frost::taproot::output_key::<Secp256k1Tr>(&internal, root.as_ref());
    let message = decode_hex("message", &args.message)?;
    let signature = tessera_frost::Signature::<Secp256k1Tr>::from_standard_bytes(&decode_hex(
        "signature",
        &args.signature,
    )?)
    .map_err(|e| CliError::Input(format!("the signature does not decode: {e}")))?;
    let valid = signature.verify(&output, &message).is_ok();
    if args.json {
        print_json(
            out,
            &json!({
                "suite": Secp256k1Tr::NAME,
                "valid": valid,
                "output_key": output_hex(&internal, root.as_ref()),
            }),
        )?;
    } else if valid {
        writeln!(
            out,
            "valid BIP-340 signature for Taproot output key {}",
            output_hex(&internal, root.as_ref())
        )?;
    }
    if valid {
        Ok(())
    } else {
        Err(CliError::Input(
            "the signature does not verify under the Taproot output key of this internal key and Merkle root".into(),
        ))
    }
}
