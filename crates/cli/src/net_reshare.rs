//! `tessera party reshare`, `tessera party repair` and `tessera party
//! public`: one party of a reshare (refresh, revoke, threshold change,
//! [`tessera_keys::protocol::ReshareParty`]) or of a repair / enrolment
//! ([`tessera_keys::protocol::RepairParty`]) in its own process, through a
//! relay, on the wallet's encrypted store files.
//!
//! ```text
//! tessera party public --suite S --store STORE --out FILE
//! tessera party --relay URL --ca cert.pem --identity FILE reshare --suite S --roster FILE \
//!     --session TEXT --epoch HEX --dealers 2,3 --members 2,3,4 --threshold 2 \
//!     (--store STORE | --public FILE --me N --name NAME) [--out STORE]
//! tessera party --relay URL --ca cert.pem --identity FILE repair --suite S --roster FILE \
//!     --session TEXT --epoch HEX --helpers 1,2 --target 3 \
//!     (--store STORE | --public FILE --out STORE --name NAME)
//! ```
//!
//! Every party gives the same `--epoch`: the epoch of the key being
//! reshared or repaired (the `epoch` that `party dkg`, `party reshare`,
//! `party repair` and `party public` print; at least 16 hex digits). A
//! store file of another key or of another epoch (a revoked member's old
//! file after a reshare) is refused before anything is sent. A party
//! without a store (a new member, a repaired member) gives the current
//! public key package that a holder exported with `party public`; it must
//! be of the same epoch. The session id binds the suite, the full epoch,
//! the dealers, the members (or helpers and target) and the threshold.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;
use tessera_core::{Identifier, Suite, Wire};
use tessera_frost::{KeyPackage, PublicKeyPackage};
use tessera_keys::protocol::{RepairParty, ReshareParty};
use tessera_keys::repair::RepairConfig;
use tessera_keys::reshare::ReshareConfig;
use tessera_net::relay::RelayClient;
use tessera_wallet::store::{self, KdfParams, Keychain, Password};

use super::{SessionArgs, identifier, session};

/// `tessera party public`.
#[derive(Args)]
pub(super) struct PublicArgs {
    /// The suite of the store file.
    #[arg(long)]
    pub(super) suite: String,
    /// A current holder's store file.
    #[arg(long)]
    store: PathBuf,
    /// Where to write the public key package (hex; must not exist).
    #[arg(long)]
    out: PathBuf,
    /// Environment variable holding the store password.
    #[arg(long, default_value = "TESSERA_PASSWORD")]
    password_env: String,
}

/// `tessera party reshare`.
#[derive(Args)]
pub(super) struct ReshareArgs {
    /// The suite of the key.
    #[arg(long)]
    pub(super) suite: String,
    /// The epoch being reshared (hex, at least 16 digits).
    #[arg(long)]
    epoch: String,
    /// The current holders who deal, comma-separated (at least the old threshold).
    #[arg(long)]
    dealers: String,
    /// The new members, comma-separated.
    #[arg(long)]
    members: String,
    /// The new threshold.
    #[arg(long)]
    threshold: u16,
    /// This party's store file (every dealer has one). A new member
    /// without one gives --public, --me and --name.
    #[arg(long)]
    store: Option<PathBuf>,
    /// The current public key package (`party public`), for a party without a store.
    #[arg(long)]
    public: Option<PathBuf>,
    /// This party's identifier (taken from --store when given).
    #[arg(long)]
    me: Option<u16>,
    /// Where a new member writes its new store file (may be --store, which
    /// is then replaced; any other existing file is refused).
    #[arg(long)]
    out: Option<PathBuf>,
    /// The member name recorded in a new store file (default: the one in --store).
    #[arg(long)]
    name: Option<String>,
    #[command(flatten)]
    session: SessionArgs,
}

/// `tessera party repair`.
#[derive(Args)]
pub(super) struct RepairArgs {
    /// The suite of the key.
    #[arg(long)]
    pub(super) suite: String,
    /// The epoch of the key (hex, at least 16 digits).
    #[arg(long)]
    epoch: String,
    /// The helpers, comma-separated (at least the threshold, not the target).
    #[arg(long)]
    helpers: String,
    /// The member whose share is rebuilt (or a new member enrolled).
    #[arg(long)]
    target: u16,
    /// A helper's store file. The target has none and gives --public,
    /// --out and --name.
    #[arg(long)]
    store: Option<PathBuf>,
    /// The current public key package (`party public`), for the target.
    #[arg(long)]
    public: Option<PathBuf>,
    /// Where the target writes its store file (must not exist).
    #[arg(long)]
    out: Option<PathBuf>,
    /// The member name recorded in the target's store file.
    #[arg(long)]
    name: Option<String>,
    #[command(flatten)]
    session: SessionArgs,
}

fn epoch_hex<S: Suite>(public: &PublicKeyPackage<S>) -> String {
    hex::encode(public.epoch().as_bytes())
}

/// Refuses a public key package of another key or epoch than `--epoch`.
fn check_epoch<S: Suite>(
    public: &PublicKeyPackage<S>,
    epoch: &str,
    source: &Path,
) -> Result<(), String> {
    let wanted = epoch.trim().to_ascii_lowercase();
    if wanted.len() < 16 || wanted.len() > 64 || hex::decode(&wanted).is_err() {
        return Err(format!(
            "--epoch '{epoch}' is not an epoch: give 16 to 64 hex digits, as `party dkg`, `reshare`, `repair` or `public` print"
        ));
    }
    let have = epoch_hex(public);
    if have.starts_with(&wanted) {
        return Ok(());
    }
    Err(format!(
        "{} holds epoch {} of the key {}, but this session is for epoch {wanted}: a revoked or outdated share, or another key's, cannot take part",
        source.display(),
        &have[..16.min(have.len())],
        hex::encode(public.group_key_bytes()),
    ))
}

fn id_list<S: Suite>(text: &str) -> Result<Vec<Identifier<S>>, String> {
    text.split(',').map(identifier::<S>).collect()
}

/// Every identifier of `ids` must be in the session's roster.
fn in_roster<S: Suite>(
    ids: &[Identifier<S>],
    what: &str,
    session: &tessera_net::Session<S>,
    roster: &Path,
) -> Result<(), String> {
    match ids.iter().find(|id| session.roster.key(id).is_none()) {
        Some(id) => Err(format!(
            "participant {id} of {what} is not in the roster {}; every participant of the session needs a line there",
            roster.display()
        )),
        None => Ok(()),
    }
}

fn load_public<S: Suite>(path: &Path) -> Result<PublicKeyPackage<S>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the public key package {}: {e}", path.display()))?;
    let bytes =
        hex::decode(text.trim()).map_err(|_| format!("{} is not hexadecimal", path.display()))?;
    PublicKeyPackage::<S>::from_bytes(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// The store's keychain or the public key package of a party without one.
fn current<S: Suite>(
    store: Option<&PathBuf>,
    public: Option<&PathBuf>,
    password: &Password,
    epoch: &str,
) -> Result<(Option<Keychain<S>>, PublicKeyPackage<S>), String> {
    match (store, public) {
        (Some(path), _) => {
            let chain = store::load::<S>(path, password).map_err(|e| e.to_string())?;
            check_epoch(chain.public(), epoch, path)?;
            let public = chain.public().clone();
            Ok((Some(chain), public))
        }
        (None, Some(path)) => {
            let public = load_public::<S>(path)?;
            check_epoch(&public, epoch, path)?;
            Ok((None, public))
        }
        (None, None) => Err(
            "give this party's store file (--store) or, without one, the current public key package (--public)"
                .into(),
        ),
    }
}

/// Where a new store file may go: not over an existing file other than
/// `replacing`.
fn check_out(out: &Path, replacing: Option<&PathBuf>) -> Result<(), String> {
    if out.exists() && replacing.map(PathBuf::as_path) != Some(out) {
        return Err(format!("{} exists; not overwriting it", out.display()));
    }
    Ok(())
}

fn save<S: Suite>(
    out: &Path,
    name: &str,
    key: KeyPackage<S>,
    public: PublicKeyPackage<S>,
    password: &Password,
) -> Result<(), String> {
    let chain = Keychain::new(name, key, public).map_err(|e| e.to_string())?;
    let mut rng = tessera_net::runner::fresh_rng();
    store::save(out, &chain, password, KdfParams::OWASP, &mut rng).map_err(|e| e.to_string())
}

/// `tessera party public`: writes a holder's public key package.
pub(super) fn public(a: &PublicArgs, out: &mut impl Write) -> Result<(), String> {
    use tessera_core::suites::{Ed25519, P256, Ristretto255, Secp256k1, Secp256k1Tr};
    match a.suite.as_str() {
        "ed25519" => public_for::<Ed25519>(a, out),
        "ristretto255" => public_for::<Ristretto255>(a, out),
        "secp256k1" => public_for::<Secp256k1>(a, out),
        "p256" => public_for::<P256>(a, out),
        "secp256k1-tr" => public_for::<Secp256k1Tr>(a, out),
        other => Err(format!(
            "unknown suite '{other}'; use ed25519, ristretto255, secp256k1, p256 or secp256k1-tr"
        )),
    }
}

fn public_for<S: Suite>(a: &PublicArgs, out: &mut impl Write) -> Result<(), String> {
    let password = Password::from_env::<S>(&a.password_env).map_err(|e| e.to_string())?;
    let chain = store::load::<S>(&a.store, &password).map_err(|e| e.to_string())?;
    check_out(&a.out, None)?;
    std::fs::write(&a.out, hex::encode(chain.public().to_bytes()))
        .map_err(|e| format!("cannot write {}: {e}", a.out.display()))?;
    let json = serde_json::json!({
        "group_key": hex::encode(chain.public().group_key_bytes()),
        "epoch": epoch_hex(chain.public()),
        "public": a.out.display().to_string(),
    });
    writeln!(out, "{json}").map_err(|e| e.to_string())
}

/// One party of a reshare.
pub(super) async fn reshare<S: Suite>(
    a: ReshareArgs,
    client: &RelayClient,
    out: &mut impl Write,
) -> Result<(), String> {
    let password = Password::from_env::<S>(&a.session.password_env).map_err(|e| e.to_string())?;
    let (chain, old) = current::<S>(a.store.as_ref(), a.public.as_ref(), &password, &a.epoch)?;
    let me = match (&chain, a.me) {
        (Some(c), None) => c.key().id(),
        (Some(c), Some(m)) if c.key().id() == identifier::<S>(&m.to_string())? => c.key().id(),
        (Some(c), Some(m)) => {
            return Err(format!(
                "--me {m} but the store file holds participant {}'s share",
                c.key().id()
            ));
        }
        (None, Some(m)) => identifier::<S>(&m.to_string())?,
        (None, None) => {
            return Err("a party without a store file gives its identifier (--me)".into());
        }
    };
    let dealers = id_list::<S>(&a.dealers)?;
    let members = id_list::<S>(&a.members)?;
    let (dealer, member) = (dealers.contains(&me), members.contains(&me));
    if !dealer && !member {
        return Err(format!(
            "participant {me} is neither a dealer ({}) nor a member ({}) of this reshare",
            a.dealers, a.members
        ));
    }
    if dealer && chain.is_none() {
        return Err(format!(
            "participant {me} deals and needs its store file (--store)"
        ));
    }
    let out_path = match (member, &a.out) {
        (true, Some(p)) => {
            check_out(p, a.store.as_ref())?;
            Some(p.clone())
        }
        (true, None) => {
            return Err(format!(
                "participant {me} is a new member: give the store file to write (--out)"
            ));
        }
        (false, _) => None,
    };
    let name = match (&a.name, &chain) {
        (Some(n), _) => n.clone(),
        (None, Some(c)) => c.name().to_owned(),
        (None, None) if member => {
            return Err("a new member without a store file gives its name (--name)".into());
        }
        (None, None) => String::new(),
    };
    let config = ReshareConfig::new(old.clone(), &dealers, &members, a.threshold)
        .map_err(|e| e.to_string())?;
    let context = format!(
        "{} {} {} {} {}",
        S::NAME,
        epoch_hex(&old),
        tessera_core::identifier::display_list(config.dealers()),
        tessera_core::identifier::display_list(config.members()),
        a.threshold
    );
    let session = session::<S>("reshare", &a.session, context.as_bytes())?;
    in_roster(config.dealers(), "--dealers", &session, &a.session.roster)?;
    in_roster(config.members(), "--members", &session, &a.session.roster)?;
    let party = ReshareParty::new(&config, me, chain.as_ref().map(Keychain::key))
        .map_err(|e| e.to_string())?;
    let output = super::run_party(client, &session, party).await?;
    let group_key = hex::encode(output.public.group_key_bytes());
    let epoch = epoch_hex(&output.public);
    let stored = match (output.key, out_path) {
        (Some(key), Some(path)) => {
            save(&path, &name, key, output.public, &password)?;
            Some(path.display().to_string())
        }
        _ => None,
    };
    let json = serde_json::json!({
        "group_key": group_key,
        "epoch": epoch,
        "threshold": a.threshold,
        "store": stored,
    });
    writeln!(out, "{json}").map_err(|e| e.to_string())
}

/// One party of a repair: a helper (with its store) or the target.
pub(super) async fn repair<S: Suite>(
    a: RepairArgs,
    client: &RelayClient,
    out: &mut impl Write,
) -> Result<(), String> {
    let password = Password::from_env::<S>(&a.session.password_env).map_err(|e| e.to_string())?;
    let (chain, public) = current::<S>(a.store.as_ref(), a.public.as_ref(), &password, &a.epoch)?;
    let helpers = id_list::<S>(&a.helpers)?;
    let target = identifier::<S>(&a.target.to_string())?;
    if let Some(c) = &chain {
        let me = c.key().id();
        if me == target {
            return Err(format!(
                "the store file holds participant {me}'s share, the target: repair rebuilds a lost share, its holder gives --public instead"
            ));
        }
        if !helpers.contains(&me) {
            return Err(format!(
                "participant {me} is not a helper ({}) of this repair",
                a.helpers
            ));
        }
    } else {
        let (Some(path), Some(_)) = (&a.out, &a.name) else {
            return Err(
                "the target gives the store file to write (--out) and its name (--name)".into(),
            );
        };
        check_out(path, None)?;
    }
    let config = RepairConfig::new(public.clone(), &helpers, target).map_err(|e| e.to_string())?;
    let context = format!(
        "{} {} {} {}",
        S::NAME,
        epoch_hex(&public),
        tessera_core::identifier::display_list(config.helpers()),
        target
    );
    let session = session::<S>("repair", &a.session, context.as_bytes())?;
    in_roster(config.helpers(), "--helpers", &session, &a.session.roster)?;
    in_roster(&[target], "--target", &session, &a.session.roster)?;
    let party = match &chain {
        Some(c) => RepairParty::helper(&config, c.key()).map_err(|e| e.to_string())?,
        None => RepairParty::target(&config),
    };
    let json = match (
        super::run_party(client, &session, party).await?,
        &a.out,
        &a.name,
    ) {
        (Some((key, public)), Some(path), Some(name)) => {
            let json = serde_json::json!({
                "group_key": hex::encode(public.group_key_bytes()),
                "epoch": epoch_hex(&public),
                "store": path.display().to_string(),
            });
            save(path, name, key, public, &password)?;
            json
        }
        _ => serde_json::json!({
            "group_key": hex::encode(public.group_key_bytes()),
            "epoch": epoch_hex(&public),
            "helped": true,
        }),
    };
    writeln!(out, "{json}").map_err(|e| e.to_string())
}
