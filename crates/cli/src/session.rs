//! `tessera session issue|sign|verify|revoke`: session keys certified by
//! the account's threshold key ([`tessera_wallet::session`]). `issue` has
//! a threshold of members sign a certificate for a fresh session key
//! (Ed25519 or P-256), stored encrypted with the certificate in the
//! holder's store file; `sign` signs an action with it; `verify` checks
//! certificate and action (window, scope, revocation list and, with the
//! account's store, revocation by epoch after a refresh or reshare);
//! `revoke` adds a certificate to a revocation-list file.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use serde_json::json;
use tessera_core::Suite;
use tessera_core::encoding::{HEADER_LEN, Reader};
use tessera_core::suites::{Ed25519, P256, Ristretto255, Secp256k1, Secp256k1Tr};
use tessera_keys::NativeAddress;
use tessera_wallet::session::{
    Certificate, CertificateRequest, RevocationList, SessionKey, SessionSuite, SignedAction,
    Verifier, Window, unix_now,
};
use tessera_wallet::store::{self, KdfParams, Keychain};

use crate::commands::{decode_hex, err, hex_point, load, path_of, print_json, suite_of_dir};
use crate::{CliError, PasswordArgs, StoreArgs};

/// The session subcommands.
#[derive(Subcommand)]
pub(crate) enum SessionCommand {
    /// A threshold of members certify a new session key; the key and its
    /// certificate are stored encrypted in the holder's store file.
    Issue(IssueArgs),
    /// Sign an action with the session key of a member's store file.
    Sign(SessionSignArgs),
    /// Verify a signed action: certificate (account, window, scope,
    /// revocations) and session signature.
    Verify(SessionVerifyArgs),
    /// Add a certificate id to a revocation-list file (created if missing).
    Revoke(RevokeArgs),
}

#[derive(Args)]
pub(crate) struct IssueArgs {
    #[command(flatten)]
    store: StoreArgs,
    /// The members who certify the session key, comma-separated (at least
    /// the threshold).
    #[arg(long, value_delimiter = ',', required = true)]
    signers: Vec<String>,
    /// The member whose store file keeps the session key (default: the
    /// first signer). A session key already there is replaced.
    #[arg(long, value_name = "NAME")]
    holder: Option<String>,
    /// The session key's suite: ed25519 or p256.
    #[arg(long, default_value = "ed25519")]
    key_suite: String,
    /// How long the certificate is valid from now: seconds, or a number
    /// with s, m, h or d (e.g. 30m, 12h, 7d).
    #[arg(long, value_name = "DURATION", default_value = "1h")]
    valid_for: String,
    /// The scopes granted, comma-separated (e.g. transfer,swap:uniswap).
    #[arg(long, value_delimiter = ',', required = true)]
    scope: Vec<String>,
}

#[derive(Args)]
pub(crate) struct SessionSignArgs {
    #[command(flatten)]
    store: StoreArgs,
    /// The member whose store file holds the session key.
    #[arg(long, value_name = "NAME")]
    member: String,
    /// The scope the action is signed under (one the certificate grants).
    #[arg(long)]
    scope: String,
    /// The action, hex-encoded.
    #[arg(long, value_name = "HEX")]
    action: String,
}

#[derive(Args)]
pub(crate) struct SessionVerifyArgs {
    /// The account's store directory: its group key and current epoch are
    /// read from a store file, and certificates issued at an earlier epoch
    /// (before a refresh or reshare) are refused.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["suite", "group_key"])]
    dir: Option<PathBuf>,
    /// Without --dir: the account's suite.
    #[arg(long, requires = "group_key")]
    suite: Option<String>,
    /// Without --dir: the account's group key, hex (no revocation by
    /// epoch).
    #[arg(long, value_name = "HEX", requires = "suite")]
    group_key: Option<String>,
    /// The signed action, hex (as `session sign` prints it).
    #[arg(long, value_name = "HEX")]
    signed_action: String,
    /// The scope the action must be signed under.
    #[arg(long)]
    scope: Option<String>,
    /// A revocation-list file (`session revoke`).
    #[arg(long, value_name = "FILE")]
    revocations: Option<PathBuf>,
    /// Verify as of this time (seconds since the UNIX epoch) instead of now.
    #[arg(long, value_name = "SECONDS")]
    at: Option<u64>,
    #[command(flatten)]
    password: PasswordArgs,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub(crate) struct RevokeArgs {
    /// The account's suite.
    #[arg(long)]
    suite: String,
    /// The certificate id to revoke, hex (`certificate_id` of `session
    /// issue`).
    #[arg(long, value_name = "HEX")]
    id: String,
    /// The revocation-list file (created if missing).
    #[arg(long, value_name = "FILE")]
    revocations: PathBuf,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

/// Runs `$body` with `$K` bound to the session suite `$tag` (`u8`).
macro_rules! with_session_suite {
    ($tag:expr, $K:ident => $body:expr) => {
        match $tag {
            t if t == Ed25519::ID => {
                type $K = Ed25519;
                $body
            }
            t if t == P256::ID => {
                type $K = P256;
                $body
            }
            other => Err(CliError::Input(format!(
                "unknown session-key suite tag {other}; session keys are ed25519 or p256"
            ))),
        }
    };
}

/// Runs `session`'s subcommand.
pub(crate) fn run(command: SessionCommand, out: &mut impl Write) -> Result<(), CliError> {
    match command {
        SessionCommand::Issue(a) => {
            let suite = suite_of_dir(&a.store.dir)?;
            let key_suite = match a.key_suite.as_str() {
                "ed25519" => Ed25519::ID,
                "p256" => P256::ID,
                other => {
                    return Err(CliError::Input(format!(
                        "unknown session-key suite '{other}'; use ed25519 or p256"
                    )));
                }
            };
            with_suite!(suite, S => with_session_suite!(key_suite, K => issue::<S, K>(&a, out)))
        }
        SessionCommand::Sign(a) => {
            let suite = suite_of_dir(&a.store.dir)?;
            with_suite!(suite, S => sign::<S>(&a, out))
        }
        SessionCommand::Verify(a) => {
            let suite = match (&a.dir, &a.suite) {
                (Some(dir), _) => suite_of_dir(dir)?,
                (None, Some(suite)) => suite.as_str(),
                (None, None) => {
                    return Err(CliError::Input(
                        "give the account as --dir DIR or as --suite S --group-key HEX".into(),
                    ));
                }
            };
            with_suite!(suite, S => verify::<S>(&a, out))
        }
        SessionCommand::Revoke(a) => with_suite!(a.suite.as_str(), S => revoke::<S>(&a, out)),
    }
}

/// Parses a duration: seconds, or a number with s, m, h or d.
fn parse_duration(text: &str) -> Result<u64, CliError> {
    let bad = || {
        CliError::Input(format!(
            "invalid duration '{text}': write seconds or a number with s, m, h or d, e.g. 30m"
        ))
    };
    let (number, unit) = match text.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (text.get(..i).ok_or_else(bad)?, c),
        _ => (text, 's'),
    };
    let n: u64 = number.parse().map_err(|_| bad())?;
    let unit = match unit {
        's' => 1,
        'm' => 60,
        'h' => 3600,
        'd' => 86_400,
        _ => return Err(bad()),
    };
    n.checked_mul(unit).ok_or_else(bad)
}

fn issue<S: Suite + NativeAddress, K: SessionSuite>(
    args: &IssueArgs,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let valid_for = parse_duration(&args.valid_for)?;
    let holder = args
        .holder
        .clone()
        .or_else(|| args.signers.first().cloned())
        .ok_or_else(|| CliError::Input("--signers names no member".into()))?;
    let mut names = args.signers.clone();
    if !names.contains(&holder) {
        names.push(holder.clone());
    }
    let (chains, password) = load::<S>(&args.store, Some(&names))?;
    let holder_chain = chains
        .iter()
        .find(|c| c.name() == holder)
        .cloned()
        .ok_or_else(|| CliError::Input(format!("no store file for {holder}")))?;
    // The signers sign with the key packages their store files hold, at
    // whatever identifiers those have: the names' (a `keygen` account) or
    // the roster's numbers (a `party dkg` key).
    let public = holder_chain.public().clone();
    let mut signer_keys = Vec::with_capacity(args.signers.len());
    for name in &args.signers {
        let chain = chains
            .iter()
            .find(|c| c.name() == name)
            .ok_or_else(|| CliError::Input(format!("no store file for {name}")))?;
        if chain.public() != &public {
            return Err(CliError::Input(format!(
                "{name}'s store file holds a share of another key (or of another epoch) than {holder}'s"
            )));
        }
        signer_keys.push(chain.key());
    }
    let scopes: Vec<&str> = args.scope.iter().map(String::as_str).collect();
    let mut rng = rand::rng();
    let key = SessionKey::<K>::generate(&mut rng);
    let window = Window::starting(unix_now(), valid_for);
    let request =
        CertificateRequest::<S, K>::new(&public, &key.public(), window, &scopes, &mut rng)
            .map_err(err)?;
    let signature =
        tessera_keys::local::run_signing(signer_keys, &public, &request.message(), &mut rng)
            .map_err(|e| err(tessera_wallet::Error::from(e)))?;
    let certificate = request.certify(signature).map_err(err)?;
    // The holder's keychain as it was (its ECDSA setups kept), with the
    // new session.
    let mut chain: Keychain<S> = holder_chain;
    chain.set_session(&key, &certificate).map_err(err)?;
    store::save(
        &path_of(&args.store.dir, &holder),
        &chain,
        &password,
        KdfParams::OWASP,
        &mut rng,
    )
    .map_err(err)?;
    if args.store.json {
        return print_json(
            out,
            &json!({
                "suite": S::NAME,
                "session_suite": K::NAME,
                "holder": holder,
                "signers": args.signers,
                "group_public_key": hex_point::<S>(&public.group_key()),
                "session_public_key": hex_point::<K>(&key.public()),
                "certificate": hex::encode(certificate.as_bytes()),
                "certificate_id": certificate.id_hex(),
                "not_before": window.not_before,
                "not_after": window.not_after,
                "scopes": certificate.scopes(),
                "epoch": certificate.epoch().to_string(),
            }),
        );
    }
    writeln!(
        out,
        "issued certificate {} for a {} session key in {}'s store file, valid until {} for {}",
        certificate.id_hex(),
        K::NAME,
        holder,
        window.not_after,
        certificate.scopes().join(", ")
    )?;
    Ok(())
}

fn sign<S: Suite>(args: &SessionSignArgs, out: &mut impl Write) -> Result<(), CliError> {
    let action = decode_hex("action", &args.action)?;
    let (chains, _) = load::<S>(&args.store, Some(std::slice::from_ref(&args.member)))?;
    let chain = chains
        .first()
        .ok_or_else(|| CliError::Input(format!("no store file for {}", args.member)))?;
    let suite = chain.session_suite().ok_or_else(|| {
        CliError::Input(format!(
            "{}'s store file holds no session key; create one with `tessera session issue`",
            args.member
        ))
    })?;
    with_session_suite!(suite, K => sign_with::<S, K>(args, chain, &action, out))
}

fn sign_with<S: Suite, K: SessionSuite>(
    args: &SessionSignArgs,
    chain: &Keychain<S>,
    action: &[u8],
    out: &mut impl Write,
) -> Result<(), CliError> {
    let (key, certificate) = chain
        .session::<K>()
        .map_err(err)?
        .ok_or_else(|| CliError::Input("no session key".into()))?;
    let id = certificate.id_hex();
    let signed = SignedAction::sign(certificate, &key, &args.scope, action, &mut rand::rng())
        .map_err(err)?;
    let encoded = hex::encode(signed.to_bytes());
    if args.store.json {
        return print_json(
            out,
            &json!({
                "suite": S::NAME,
                "session_suite": K::NAME,
                "member": args.member,
                "scope": args.scope,
                "action": hex::encode(action),
                "certificate_id": id,
                "signed_action": encoded,
            }),
        );
    }
    writeln!(out, "{encoded}")?;
    Ok(())
}

/// The session-key suite of an encoded signed action (of an account of
/// suite `S`): the tag inside its certificate.
fn session_suite_of<S: Suite>(bytes: &[u8]) -> Result<u8, CliError> {
    let bad = |e: String| CliError::Input(format!("the signed action does not decode: {e}"));
    let mut r = Reader::<S>::new(bytes);
    r.take(HEADER_LEN).map_err(|e| bad(e.to_string()))?;
    let certificate = r.bytes().map_err(|e| bad(e.to_string()))?;
    Certificate::<S, Ed25519>::session_suite(certificate).map_err(|e| bad(e.to_string()))
}

fn verify<S: Suite>(args: &SessionVerifyArgs, out: &mut impl Write) -> Result<(), CliError> {
    let bytes = decode_hex("signed action", &args.signed_action)?;
    let suite = session_suite_of::<S>(&bytes)?;
    with_session_suite!(suite, K => verify_with::<S, K>(args, &bytes, out))
}

/// The group key and public key package of the account in `dir`.
fn account_of<S: Suite>(
    dir: &Path,
    password: &PasswordArgs,
) -> Result<tessera_frost::PublicKeyPackage<S>, CliError> {
    let args = StoreArgs {
        dir: dir.to_path_buf(),
        password: password.clone(),
        json: false,
    };
    let first = crate::commands::store_files(dir)?
        .into_iter()
        .next()
        .ok_or_else(|| CliError::Input(format!("no store files in {}", dir.display())))?;
    let pw = crate::commands::password::<S>(&args.password)?;
    let chain = store::load::<S>(&first, &pw)
        .map_err(|e| CliError::Input(format!("{}: {e}", first.display())))?;
    Ok(chain.public().clone())
}

fn verify_with<S: Suite, K: SessionSuite>(
    args: &SessionVerifyArgs,
    bytes: &[u8],
    out: &mut impl Write,
) -> Result<(), CliError> {
    let action = SignedAction::<S, K>::from_bytes(bytes)
        .map_err(|e| CliError::Input(format!("the signed action does not decode: {e}")))?;
    let mut verifier = match (&args.dir, &args.group_key) {
        (Some(dir), _) => {
            let public = account_of::<S>(dir, &args.password)?;
            Verifier::new(public.group_key()).revoke_by_epoch(public.epoch())
        }
        (None, Some(key)) => {
            let key = tessera_core::encoding::decode_point::<S>(&decode_hex("group key", key)?)
                .map_err(|e| CliError::Input(format!("the group key does not decode: {e}")))?;
            Verifier::new(key)
        }
        (None, None) => {
            return Err(CliError::Input(
                "give the account as --dir DIR or as --suite S --group-key HEX".into(),
            ));
        }
    };
    if let Some(file) = &args.revocations {
        verifier = verifier.with_revocations(read_revocations::<S>(file)?);
    }
    let now = args.at.unwrap_or_else(unix_now);
    verifier
        .verify_action(&action, now, args.scope.as_deref())
        .map_err(err)?;
    let certificate = action.certificate();
    if args.json {
        return print_json(
            out,
            &json!({
                "suite": S::NAME,
                "session_suite": K::NAME,
                "valid": true,
                "scope": action.scope(),
                "action": hex::encode(action.action()),
                "certificate_id": certificate.id_hex(),
                "not_after": certificate.window().not_after,
                "epoch_checked": args.dir.is_some(),
            }),
        );
    }
    writeln!(
        out,
        "valid action under scope {} by session key of certificate {}",
        action.scope(),
        certificate.id_hex()
    )?;
    Ok(())
}

/// The revocation list in `file` (empty if the file does not exist).
fn read_revocations<S: Suite>(file: &Path) -> Result<RevocationList<S>, CliError> {
    match std::fs::read(file) {
        Ok(bytes) => RevocationList::from_bytes(&bytes)
            .map_err(|e| CliError::Input(format!("{}: {e}", file.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(RevocationList::new()),
        Err(e) => Err(CliError::Input(format!(
            "cannot read {}: {e}",
            file.display()
        ))),
    }
}

fn revoke<S: Suite>(args: &RevokeArgs, out: &mut impl Write) -> Result<(), CliError> {
    let id: [u8; 32] = decode_hex("certificate id", &args.id)?
        .try_into()
        .map_err(|_| CliError::Input("a certificate id is 32 bytes (64 hex digits)".into()))?;
    let mut list = read_revocations::<S>(&args.revocations)?;
    list.revoke_id(id);
    store::write_atomic(&args.revocations, &list.to_bytes()).map_err(|e| {
        CliError::Input(format!("cannot write {}: {e}", args.revocations.display()))
    })?;
    if args.json {
        return print_json(
            out,
            &json!({
                "suite": S::NAME,
                "revocations": args.revocations.display().to_string(),
                "revoked": list.len(),
            }),
        );
    }
    writeln!(
        out,
        "{} now revokes {} certificate(s)",
        args.revocations.display(),
        list.len()
    )?;
    Ok(())
}
