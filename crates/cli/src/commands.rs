//! The key commands over store files: each member's share lives in
//! `DIR/<member>.tsr` ([`tessera_wallet::store`]), all members are
//! simulated in this process ([`tessera_wallet::Account`]).

use std::io::Write;
use std::path::{Path, PathBuf};

use group::GroupEncoding;
use serde_json::json;
use tessera_core::suites::{Ed25519, P256, Ristretto255, Secp256k1, Secp256k1Tr};
use tessera_core::{Point, Suite};
use tessera_keys::{NativeAddress, NativeKey};
use tessera_wallet::Account;
use tessera_wallet::store::{self, Header, KdfParams, Keychain, Password};

use crate::ecdsa::MaybeEcdsa;
use crate::{
    CliError, KeygenArgs, PasswordArgs, ReconstructArgs, RepairArgs, ReshareArgs, Scheme, SignArgs,
    StoreArgs, VerifyArgs,
};

/// The file extension of store files.
const EXT: &str = "tsr";

/// A wallet error as a CLI error.
pub(crate) fn err<E: std::fmt::Display>(e: E) -> CliError {
    CliError::Input(e.to_string())
}

/// Parses "t-of-n".
pub(crate) fn parse_threshold(text: &str) -> Result<(u16, u16), CliError> {
    let bad = || {
        CliError::Input(format!(
            "invalid threshold '{text}': write it as t-of-n, e.g. 2-of-3, with 2 <= t <= n"
        ))
    };
    let (t, n) = text.split_once("-of-").ok_or_else(bad)?;
    let t: u16 = t.parse().map_err(|_| bad())?;
    let n: u16 = n.parse().map_err(|_| bad())?;
    if t < 2 || t > n {
        return Err(bad());
    }
    Ok((t, n))
}

/// The store files in `dir`, sorted by name.
pub(crate) fn store_files(dir: &Path) -> Result<Vec<PathBuf>, CliError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| CliError::Input(format!("cannot read directory {}: {e}", dir.display())))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == EXT))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(CliError::Input(format!(
            "no store files (*.{EXT}) in {}; create them with `tessera keygen`",
            dir.display()
        )));
    }
    Ok(files)
}

/// The suite name of the store files in `dir` (from the first file's
/// header; every file is checked again when opened).
pub(crate) fn suite_of_dir(dir: &Path) -> Result<&'static str, CliError> {
    let files = store_files(dir)?;
    let first = files
        .first()
        .ok_or_else(|| CliError::Input("no store files".into()))?;
    let bytes = std::fs::read(first)
        .map_err(|e| CliError::Input(format!("cannot read {}: {e}", first.display())))?;
    let header = Header::parse::<Ed25519>(&bytes)
        .map_err(|e| CliError::Input(format!("{}: {e}", first.display())))?;
    [
        (Ed25519::ID, Ed25519::NAME),
        (Ristretto255::ID, Ristretto255::NAME),
        (Secp256k1::ID, Secp256k1::NAME),
        (P256::ID, P256::NAME),
        (Secp256k1Tr::ID, Secp256k1Tr::NAME),
    ]
    .into_iter()
    .find(|(id, _)| *id == header.suite)
    .map(|(_, name)| name)
    .ok_or_else(|| {
        CliError::Input(format!(
            "{}: unknown suite tag {}",
            first.display(),
            header.suite
        ))
    })
}

/// The password: from the file if given, else the environment variable if
/// set, else a prompt.
pub(crate) fn password<S: Suite>(args: &PasswordArgs) -> Result<Password, CliError> {
    if let Some(file) = &args.password_file {
        return Password::from_file::<S>(file).map_err(err);
    }
    if std::env::var_os(&args.password_env).is_some() {
        return Password::from_env::<S>(&args.password_env).map_err(err);
    }
    Password::prompt::<S>("store password: ").map_err(err)
}

/// A member name is a file name: letters, digits, '-' and '_'.
pub(crate) fn check_name(name: &str) -> Result<(), CliError> {
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(CliError::Input(format!(
            "invalid member name '{name}': use letters, digits, '-' and '_'"
        )));
    }
    Ok(())
}

/// The path of member `name`'s store file.
pub(crate) fn path_of(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.{EXT}"))
}

/// Opens the store files of `names` (all files in the directory when
/// `None`).
pub(crate) fn load<S: Suite>(
    args: &StoreArgs,
    names: Option<&[String]>,
) -> Result<(Vec<Keychain<S>>, Password), CliError> {
    let password = password::<S>(&args.password)?;
    let files = match names {
        Some(names) => names.iter().map(|n| path_of(&args.dir, n)).collect(),
        None => store_files(&args.dir)?,
    };
    let mut chains = Vec::new();
    let bar = crate::progress::bar(files.len(), "opening store files");
    for file in files {
        let chain = store::load::<S>(&file, &password)
            .map_err(|e| CliError::Input(format!("{}: {e}", file.display())))?;
        chains.push(chain);
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok((chains, password))
}

/// The account of every member's store file; refuses when one is missing.
fn load_all<S: Suite>(args: &StoreArgs) -> Result<(Account<S>, Password, Sessions<S>), CliError> {
    let (chains, password) = load::<S>(args, None)?;
    let sessions = sessions_of(&chains);
    let account = Account::from_keychains(chains).map_err(err)?;
    let have = account.members().len();
    let need = account.public().verifying_shares().len();
    if have != need {
        return Err(CliError::Input(format!(
            "{} holds {have} of the {need} members' store files; this command needs all of them",
            args.dir.display()
        )));
    }
    Ok((account, password, sessions))
}

/// The store files' session keys, kept when the files are rewritten
/// (whether a verifier still accepts their certificates after a refresh
/// is its policy: `tessera session verify --dir` revokes by epoch).
pub(crate) type Sessions<S> = Vec<Keychain<S>>;

/// The keychains of `chains` that hold a session.
pub(crate) fn sessions_of<S: Suite>(chains: &[Keychain<S>]) -> Sessions<S> {
    chains
        .iter()
        .filter(|c| c.session_suite().is_some())
        .cloned()
        .collect()
}

/// Writes every member's store file of `account`.
fn save_all<S: Suite>(
    account: &Account<S>,
    dir: &Path,
    password: &Password,
    sessions: &Sessions<S>,
) -> Result<(), CliError> {
    let names: Vec<String> = account.members().into_iter().map(String::from).collect();
    save_members(account, &names, dir, password, sessions)
}

/// Writes the store files of the members `names` of `account`, keeping
/// the sessions of `sessions`.
pub(crate) fn save_members<S: Suite>(
    account: &Account<S>,
    names: &[String],
    dir: &Path,
    password: &Password,
    sessions: &Sessions<S>,
) -> Result<(), CliError> {
    let mut rng = rand::rng();
    let bar = crate::progress::bar(names.len(), "writing store files");
    for name in names {
        let mut chain = account.keychain(name).map_err(err)?;
        if let Some(old) = sessions.iter().find(|c| c.name() == name) {
            chain.copy_session_from(old);
        }
        store::save(
            &path_of(dir, name),
            &chain,
            password,
            KdfParams::OWASP,
            &mut rng,
        )
        .map_err(err)?;
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(())
}

pub(crate) fn hex_point<S: Suite>(p: &Point<S>) -> String {
    hex::encode(p.to_bytes())
}

pub(crate) fn decode_hex(what: &str, text: &str) -> Result<Vec<u8>, CliError> {
    hex::decode(text.strip_prefix("0x").unwrap_or(text))
        .map_err(|e| CliError::Input(format!("the {what} is not valid hex: {e}")))
}

/// A JSON value on one line.
pub(crate) fn print_json(out: &mut impl Write, value: &serde_json::Value) -> Result<(), CliError> {
    writeln!(out, "{value}")?;
    Ok(())
}

/// The account's public summary (JSON `account` object).
fn summary<S: NativeAddress>(account: &Account<S>) -> serde_json::Value {
    json!({
        "suite": S::NAME,
        "threshold": format!("{}-of-{}", account.threshold(), account.public().verifying_shares().len()),
        "members": account.members(),
        "group_public_key": hex_point::<S>(&account.group_key()),
        "address": account.address(),
        "epoch": account.public().epoch().to_string(),
    })
}

fn print_summary<S: NativeAddress>(
    out: &mut impl Write,
    json: bool,
    what: &str,
    account: &Account<S>,
    dir: &Path,
) -> Result<(), CliError> {
    if json {
        let mut value = summary(account);
        if let Some(map) = value.as_object_mut() {
            map.insert("dir".into(), json!(dir.display().to_string()));
        }
        return print_json(out, &value);
    }
    writeln!(
        out,
        "{what}: {} {}-of-{} ({}), group key {}, address {}, epoch {}; store files in {}",
        S::NAME,
        account.threshold(),
        account.members().len(),
        account.members().join(", "),
        hex_point::<S>(&account.group_key()),
        account.address(),
        account.public().epoch(),
        dir.display()
    )?;
    Ok(())
}

pub(crate) fn keygen<S: NativeKey + NativeAddress + MaybeEcdsa>(
    args: &KeygenArgs,
    t: u16,
    n: u16,
    out: &mut impl Write,
) -> Result<(), CliError> {
    if args.members.len() != usize::from(n) {
        return Err(CliError::Input(format!(
            "--threshold {t}-of-{n} needs {n} members, but {} were given",
            args.members.len()
        )));
    }
    for name in &args.members {
        check_name(name)?;
        if path_of(&args.out, name).exists() {
            return Err(CliError::Input(format!(
                "{} exists; keygen never overwrites a store file",
                path_of(&args.out, name).display()
            )));
        }
    }
    if args.scheme == Scheme::Ecdsa && !S::HAS_ECDSA {
        // Refused before the password prompt.
        return Err(crate::ecdsa::no_ecdsa::<S>());
    }
    let password = password::<S>(&args.password)?;
    let names: Vec<&str> = args.members.iter().map(String::as_str).collect();
    let mut account = Account::<S>::create(&names, t, &mut rand::rng()).map_err(err)?;
    if args.scheme == Scheme::Ecdsa {
        let spinner = crate::progress::spinner("DKLs23 pairwise setups");
        S::ecdsa_setup(&mut account, true)?;
        spinner.finish_and_clear();
    }
    std::fs::create_dir_all(&args.out)
        .map_err(|e| CliError::Input(format!("cannot create {}: {e}", args.out.display())))?;
    save_all(&account, &args.out, &password, &Vec::new())?;
    print_summary(out, args.json, "created", &account, &args.out)
}

pub(crate) fn sign<S: NativeAddress>(
    args: &SignArgs,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let message = decode_hex("message", &args.message)?;
    let (chains, _) = load::<S>(&args.store, Some(&args.signers))?;
    let account = Account::from_keychains(chains).map_err(err)?;
    let signers: Vec<&str> = args.signers.iter().map(String::as_str).collect();
    let signature = account
        .sign(&signers, &message, &mut rand::rng())
        .map_err(err)?;
    signature
        .verify(&account.group_key(), &message)
        .map_err(err)?;
    let signature = hex::encode(signature.to_standard_bytes());
    if args.store.json {
        return print_json(
            out,
            &json!({
                "suite": S::NAME,
                "threshold": account.threshold(),
                "signers": args.signers,
                "group_public_key": hex_point::<S>(&account.group_key()),
                "message": hex::encode(&message),
                "signature": signature,
            }),
        );
    }
    writeln!(out, "{signature}")?;
    Ok(())
}

pub(crate) fn verify<S: Suite>(args: &VerifyArgs, out: &mut impl Write) -> Result<(), CliError> {
    let key = tessera_core::encoding::decode_point::<S>(&decode_hex("group key", &args.group_key)?)
        .map_err(|e| CliError::Input(format!("the group key does not decode: {e}")))?;
    let message = decode_hex("message", &args.message)?;
    let signature = tessera_frost::Signature::<S>::from_standard_bytes(&decode_hex(
        "signature",
        &args.signature,
    )?)
    .map_err(|e| CliError::Input(format!("the signature does not decode: {e}")))?;
    let valid = signature.verify(&key, &message).is_ok();
    if args.json {
        print_json(out, &json!({ "suite": S::NAME, "valid": valid }))?;
    } else if valid {
        writeln!(out, "valid {} signature", S::NAME)?;
    }
    if valid {
        Ok(())
    } else {
        Err(CliError::Input(format!(
            "the signature does not verify under this {} group key and message",
            S::NAME
        )))
    }
}

pub(crate) fn refresh<S: NativeAddress + MaybeEcdsa>(
    args: &StoreArgs,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let (mut account, password, sessions) = load_all::<S>(args)?;
    account.refresh(&mut rand::rng()).map_err(err)?;
    S::ecdsa_setup(&mut account, false)?;
    save_all(&account, &args.dir, &password, &sessions)?;
    print_summary(out, args.json, "refreshed", &account, &args.dir)
}

pub(crate) fn reshare<S: NativeAddress + MaybeEcdsa>(
    args: &ReshareArgs,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let (t, n) = parse_threshold(&args.to)?;
    if args.add.is_empty() && args.remove.is_empty() {
        return Err(CliError::Input(
            "reshare needs --add NAME or --remove NAME (to keep the members, use refresh)".into(),
        ));
    }
    for name in &args.add {
        check_name(name)?;
    }
    let (chains, password) = load::<S>(&args.store, None)?;
    let sessions = sessions_of(&chains);
    let mut account = Account::from_keychains(chains).map_err(err)?;
    let all = account.public().verifying_shares().len();
    let present = account.members().len();
    let removed_present = args
        .remove
        .iter()
        .filter(|name| account.members().contains(&name.as_str()))
        .count();
    if present - removed_present + args.remove.len() != all {
        return Err(CliError::Input(format!(
            "{} holds {present} of the {all} members' store files; reshare needs the file of every member that stays",
            args.store.dir.display()
        )));
    }
    let after = all + args.add.len() - args.remove.len().min(all);
    if usize::from(n) != after {
        return Err(CliError::Input(format!(
            "--to {t}-of-{n} does not match the members: {all} now, {} added, {} removed, {after} after",
            args.add.len(),
            args.remove.len()
        )));
    }
    let add: Vec<&str> = args.add.iter().map(String::as_str).collect();
    let remove: Vec<&str> = args.remove.iter().map(String::as_str).collect();
    account
        .change_members(&add, &remove, t, &mut rand::rng())
        .map_err(err)?;
    S::ecdsa_setup(&mut account, false)?;
    save_all(&account, &args.store.dir, &password, &sessions)?;
    // A removed member's old share is of the previous epoch; with other
    // old shares it would still rebuild the key, so its file goes.
    for name in &args.remove {
        let path = path_of(&args.store.dir, name);
        if path.exists() {
            std::fs::remove_file(&path)
                .map_err(|e| CliError::Input(format!("cannot delete {}: {e}", path.display())))?;
        }
    }
    print_summary(out, args.store.json, "reshared", &account, &args.store.dir)
}

pub(crate) fn repair<S: NativeAddress + MaybeEcdsa>(
    args: &RepairArgs,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let (chains, password) = load::<S>(&args.store, None)?;
    if chains.iter().any(|c| c.name() == args.member) {
        return Err(CliError::Input(format!(
            "{}'s store file is present; repair rebuilds a lost one",
            args.member
        )));
    }
    let sessions = sessions_of(&chains);
    let mut account = Account::from_keychains(chains).map_err(err)?;
    account
        .repair(&args.member, &mut rand::rng())
        .map_err(err)?;
    // The repaired member's pairs are set up again (its setups were lost
    // with its file); the other members' files get the new pairs too.
    S::ecdsa_setup(&mut account, false)?;
    save_all(&account, &args.store.dir, &password, &sessions)?;
    print_summary(out, args.store.json, "repaired", &account, &args.store.dir)
}

pub(crate) fn reconstruct<S: NativeKey + NativeAddress>(
    args: &ReconstructArgs,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let (chains, _) = load::<S>(&args.store, Some(&args.holders))?;
    let account = Account::from_keychains(chains).map_err(err)?;
    let holders: Vec<&str> = args.holders.iter().map(String::as_str).collect();
    let secret = account.exit(&holders).map_err(err)?;
    let exported = args.export.then(|| hex::encode(&*secret));
    if args.store.json {
        return print_json(
            out,
            &json!({
                "suite": S::NAME,
                "holders": args.holders,
                "group_public_key": hex_point::<S>(&account.group_key()),
                "address": account.address(),
                "secret_key": exported,
            }),
        );
    }
    match exported {
        Some(secret) => writeln!(out, "{secret}")?,
        None => writeln!(
            out,
            "reconstructed the key of {} (group key {}); pass --export to print it",
            account.address(),
            hex_point::<S>(&account.group_key())
        )?,
    }
    Ok(())
}
