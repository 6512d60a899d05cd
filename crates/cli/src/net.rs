//! `tessera relay` and `tessera party`: one party of a session in its own
//! process, talking to the others through a relay (tessera-net).
//!
//! ```text
//! tessera relay --listen 127.0.0.1:8443 --cert cert.pem --key key.pem [--generate]
//! tessera party identity --out FILE
//! tessera party --relay URL --ca cert.pem --identity FILE dkg  --suite S --roster FILE --me N --threshold T --session TEXT --out STORE --name NAME
//! tessera party --relay URL --ca cert.pem --identity FILE sign --store STORE --roster FILE --signers 1,2 --message HEX --session TEXT
//! tessera party --relay URL --ca cert.pem --identity FILE serve [--suite S] --dir ACCOUNTS [--revocations FILE] [--rate-limit N/S] [--allow-prefix HEX]
//! tessera party --relay URL --ca cert.pem --identity FILE request [--suite S] --service ID --account NAME --store STORE --roster FILE --signers 1,2 --message HEX
//! ```
//!
//! `request` signs the request with the Ed25519 session key in the
//! device's store file (`tessera session issue --key-suite ed25519 --scope
//! sign`); `serve` checks its certificate against each account's group key
//! and current epoch and logs every refusal on standard error.
//!
//! A roster file lists the participants, one per line: the identifier
//! (1, 2, ...) and the public identity (128 hex digits) that
//! `tessera party identity` printed. Every party of a session gives the
//! same roster, parameters and `--session` text; the session id binds
//! them all. Key packages go to the wallet's encrypted store files
//! (password from `--password-env`, default `TESSERA_PASSWORD`).

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, Subcommand};
use tessera_core::suites::{Ed25519, P256, Ristretto255, Secp256k1, Secp256k1Tr};
use tessera_core::{Identifier, Suite};
use tessera_frost::{FrostParty, SigningConfig};
use tessera_keys::protocol::DkgParty;
use tessera_net::relay::{Relay, RelayClient, RelayConfig, tls};
use tessera_net::runner::session_id;
use tessera_net::{Identity, PublicIdentity, Roster, Session, serve};
use tessera_wallet::session::RevocationList;
use tessera_wallet::store::{self, KdfParams, Keychain, Password};

#[path = "net_reshare.rs"]
mod reshare;

/// The relay and party commands.
#[derive(Subcommand)]
pub(crate) enum NetCommand {
    /// Run a relay: an HTTPS service that routes the frames of sessions
    /// between parties (it never sees a secret). Prints its URL, then
    /// serves until killed.
    Relay(RelayArgs),
    /// Run one party of a session through a relay.
    Party(Box<PartyArgs>),
}

/// `tessera relay`.
#[derive(Args)]
pub(crate) struct RelayArgs {
    /// Address to listen on (port 0: any free port; the URL printed says which).
    #[arg(long, default_value = "127.0.0.1:8443")]
    listen: SocketAddr,
    /// TLS certificate chain (PEM).
    #[arg(long)]
    cert: PathBuf,
    /// TLS private key (PEM).
    #[arg(long)]
    key: PathBuf,
    /// Generate a self-signed certificate for the listen address into
    /// --cert and --key first (refuses to overwrite them).
    #[arg(long)]
    generate: bool,
    /// Largest frame accepted, in bytes.
    #[arg(long, default_value_t = 1 << 20)]
    max_message: usize,
    /// Most frames queued per recipient and session.
    #[arg(long, default_value_t = 1024)]
    max_queue: usize,
    /// Seconds after which an idle session is dropped.
    #[arg(long, default_value_t = 300)]
    idle_secs: u64,
}

/// `tessera party`.
#[derive(Args)]
pub(crate) struct PartyArgs {
    /// The relay's URL (https://HOST:PORT).
    #[arg(long, global = true)]
    relay: Option<String>,
    /// The certificate (PEM) the relay's must chain to.
    #[arg(long, global = true)]
    ca: Option<PathBuf>,
    /// This party's identity file.
    #[arg(long, global = true)]
    identity: Option<PathBuf>,
    #[command(subcommand)]
    action: PartyAction,
}

#[derive(Subcommand)]
enum PartyAction {
    /// Create a new identity file and print its public identity (for the
    /// others' roster files).
    Identity {
        /// Where to write it (must not exist).
        #[arg(long)]
        out: PathBuf,
    },
    /// One participant of a distributed key generation; writes its store file.
    Dkg(DkgArgs),
    /// One signer of a FROST signature; the coordinator prints the signature.
    Sign(SignArgs),
    /// The login service: co-signs, for every account in --dir
    /// (ACCOUNT.tsr store file and ACCOUNT.roster), the requests its
    /// members send, after the policy allows them. Runs until killed.
    Serve(ServeArgs),
    /// A device asks the login service to co-sign (it coordinates and
    /// prints the signature).
    Request(RequestArgs),
    /// One party of a reshare (refresh, revoke, threshold change, new
    /// members); a member writes its new store file.
    Reshare(reshare::ReshareArgs),
    /// One party of a repair: a helper, or the target that writes its
    /// rebuilt store file.
    Repair(reshare::RepairArgs),
    /// Write a store file's public key package (hex) for a party without
    /// a store (a new member, a repaired one).
    Public(reshare::PublicArgs),
    /// Load run: a relay, a login service with --accounts 2-of-3 Ed25519
    /// accounts and their devices in this process; a burst of concurrent
    /// signing requests over loopback. Prints latency, throughput, peak RSS.
    Load(LoadArgs),
}

#[derive(Args)]
struct ServeArgs {
    /// The accounts' suite (ed25519, ristretto255, secp256k1, p256,
    /// secp256k1-tr).
    #[arg(long, default_value = "ed25519")]
    suite: String,
    /// A revocation list (as `tessera session revoke` writes): requests
    /// under these certificates are refused.
    #[arg(long)]
    revocations: Option<PathBuf>,
    /// The directory of account store files and rosters.
    #[arg(long)]
    dir: PathBuf,
    /// At most N signatures per account per S seconds (N/S).
    #[arg(long)]
    rate_limit: Option<String>,
    /// Co-sign only messages starting with one of these prefixes (hex;
    /// repeatable). None given: any message.
    #[arg(long)]
    allow_prefix: Vec<String>,
    /// Environment variable holding the store password.
    #[arg(long, default_value = "TESSERA_PASSWORD")]
    password_env: String,
}

#[derive(Args)]
struct RequestArgs {
    /// The account's suite (ed25519, ristretto255, secp256k1, p256,
    /// secp256k1-tr).
    #[arg(long, default_value = "ed25519")]
    suite: String,
    /// The login service's public identity (128 hex digits).
    #[arg(long)]
    service: String,
    /// The account name at the service.
    #[arg(long)]
    account: String,
    /// This device's store file; it must hold an Ed25519 session key the
    /// account certified with scope `sign` (`tessera session issue
    /// --key-suite ed25519 --scope sign`), which signs the request.
    #[arg(long)]
    store: PathBuf,
    /// The account's roster file.
    #[arg(long)]
    roster: PathBuf,
    /// The signers' identifiers, comma-separated: this device, then the
    /// service.
    #[arg(long)]
    signers: String,
    /// The message, in hex.
    #[arg(long)]
    message: String,
    /// Seconds to wait for the service's answer.
    #[arg(long, default_value_t = 30)]
    timeout: u64,
    /// Environment variable holding the store password.
    #[arg(long, default_value = "TESSERA_PASSWORD")]
    password_env: String,
}

#[derive(Args)]
struct LoadArgs {
    /// Accounts the service serves.
    #[arg(long, default_value_t = 1000)]
    accounts: usize,
    /// Signing requests in the burst.
    #[arg(long, default_value_t = 2000)]
    requests: usize,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 64)]
    concurrency: usize,
}

/// What every session command shares.
#[derive(Args)]
struct SessionArgs {
    /// The roster file (identifier and public identity per line).
    #[arg(long)]
    roster: PathBuf,
    /// Text every party of the session gives alike (makes the session id).
    #[arg(long)]
    session: String,
    /// Seconds a round may wait for its messages.
    #[arg(long, default_value_t = 30)]
    timeout: u64,
    /// Environment variable holding the store password.
    #[arg(long, default_value = "TESSERA_PASSWORD")]
    password_env: String,
}

#[derive(Args)]
struct DkgArgs {
    /// The suite (ed25519, ristretto255, secp256k1, p256, secp256k1-tr).
    #[arg(long)]
    suite: String,
    /// This party's identifier in the roster.
    #[arg(long)]
    me: u16,
    /// Signers needed.
    #[arg(long)]
    threshold: u16,
    /// The store file to create.
    #[arg(long)]
    out: PathBuf,
    /// The member name recorded in the store file.
    #[arg(long)]
    name: String,
    #[command(flatten)]
    session: SessionArgs,
}

#[derive(Args)]
struct SignArgs {
    /// The suite of the store file.
    #[arg(long)]
    suite: String,
    /// This party's store file.
    #[arg(long)]
    store: PathBuf,
    /// The signers' identifiers, comma-separated (the first coordinates).
    #[arg(long)]
    signers: String,
    /// The message, in hex.
    #[arg(long)]
    message: String,
    #[command(flatten)]
    session: SessionArgs,
}

/// Runs a relay or party command.
pub(crate) fn run(command: NetCommand, out: &mut impl Write) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    match command {
        NetCommand::Relay(a) => runtime.block_on(relay(a, out)),
        NetCommand::Party(p) => {
            let PartyArgs {
                relay,
                ca,
                identity,
                action,
            } = *p;
            if let PartyAction::Identity { out: path } = &action {
                let id = Identity::generate(&mut rand::rng());
                id.save(path).map_err(|e| e.to_string())?;
                return writeln!(out, "{}", id.public()).map_err(|e| e.to_string());
            }
            if let PartyAction::Public(a) = &action {
                return reshare::public(a, out);
            }
            if let PartyAction::Load(a) = &action {
                return runtime.block_on(load(a, out));
            }
            let relay = relay.ok_or("give the relay's URL with --relay")?;
            let ca = ca.ok_or("give the relay's certificate with --ca")?;
            let identity = identity.ok_or("give this party's identity file with --identity")?;
            let ca = std::fs::read(&ca)
                .map_err(|e| format!("cannot read the certificate {}: {e}", ca.display()))?;
            let identity = Arc::new(Identity::load(&identity).map_err(|e| e.to_string())?);
            let client = RelayClient::new(&relay, &ca, identity).map_err(|e| e.to_string())?;
            match action {
                PartyAction::Identity { .. } | PartyAction::Load(_) | PartyAction::Public(_) => {
                    Ok(())
                }
                PartyAction::Serve(a) => {
                    with_suite(&a.suite.clone(), Dispatch::Serve(a), &client, &runtime, out)
                }
                PartyAction::Request(a) => with_suite(
                    &a.suite.clone(),
                    Dispatch::Request(a),
                    &client,
                    &runtime,
                    out,
                ),
                PartyAction::Dkg(a) => {
                    with_suite(&a.suite.clone(), Dispatch::Dkg(a), &client, &runtime, out)
                }
                PartyAction::Sign(a) => {
                    with_suite(&a.suite.clone(), Dispatch::Sign(a), &client, &runtime, out)
                }
                PartyAction::Reshare(a) => with_suite(
                    &a.suite.clone(),
                    Dispatch::Reshare(a),
                    &client,
                    &runtime,
                    out,
                ),
                PartyAction::Repair(a) => with_suite(
                    &a.suite.clone(),
                    Dispatch::Repair(a),
                    &client,
                    &runtime,
                    out,
                ),
            }
        }
    }
}

enum Dispatch {
    Dkg(DkgArgs),
    Sign(SignArgs),
    Serve(ServeArgs),
    Request(RequestArgs),
    Reshare(reshare::ReshareArgs),
    Repair(reshare::RepairArgs),
}

fn with_suite(
    suite: &str,
    what: Dispatch,
    client: &RelayClient,
    runtime: &tokio::runtime::Runtime,
    out: &mut impl Write,
) -> Result<(), String> {
    fn go<S: Suite>(
        what: Dispatch,
        client: &RelayClient,
        runtime: &tokio::runtime::Runtime,
        out: &mut impl Write,
    ) -> Result<(), String> {
        match what {
            Dispatch::Dkg(a) => runtime.block_on(dkg::<S>(a, client, out)),
            Dispatch::Sign(a) => runtime.block_on(sign::<S>(a, client, out)),
            Dispatch::Serve(a) => runtime.block_on(serve::<S>(a, client.clone())),
            Dispatch::Request(a) => runtime.block_on(request::<S>(a, client, out)),
            Dispatch::Reshare(a) => runtime.block_on(reshare::reshare::<S>(a, client, out)),
            Dispatch::Repair(a) => runtime.block_on(reshare::repair::<S>(a, client, out)),
        }
    }
    match suite {
        "ed25519" => go::<Ed25519>(what, client, runtime, out),
        "ristretto255" => go::<Ristretto255>(what, client, runtime, out),
        "secp256k1" => go::<Secp256k1>(what, client, runtime, out),
        "p256" => go::<P256>(what, client, runtime, out),
        "secp256k1-tr" => go::<Secp256k1Tr>(what, client, runtime, out),
        other => Err(format!(
            "unknown suite '{other}'; use ed25519, ristretto255, secp256k1, p256 or secp256k1-tr"
        )),
    }
}

async fn relay(a: RelayArgs, out: &mut impl Write) -> Result<(), String> {
    if a.generate {
        let host = a.listen.ip().to_string();
        let (cert, key) =
            tls::self_signed(&[host.as_str(), "localhost"]).map_err(|e| e.to_string())?;
        for (path, text) in [(&a.cert, cert), (&a.key, key)] {
            if path.exists() {
                return Err(format!("{} exists; not overwriting it", path.display()));
            }
            std::fs::write(path, text)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
    }
    let cert = std::fs::read(&a.cert)
        .map_err(|e| format!("cannot read the certificate {}: {e}", a.cert.display()))?;
    let key = std::fs::read(&a.key)
        .map_err(|e| format!("cannot read the private key {}: {e}", a.key.display()))?;
    let tls = tls::server_config(&cert, &key).map_err(|e| e.to_string())?;
    let config = RelayConfig {
        max_message: a.max_message,
        max_queue: a.max_queue,
        idle_timeout: Duration::from_secs(a.idle_secs),
        ..RelayConfig::default()
    };
    let handle = Relay::start(a.listen, tls, config)
        .await
        .map_err(|e| e.to_string())?;
    writeln!(out, "{}", handle.url()).map_err(|e| e.to_string())?;
    out.flush().map_err(|e| e.to_string())?;
    // Serve until the process is stopped.
    tokio::signal::ctrl_c()
        .await
        .map_err(|e| format!("cannot wait for a stop signal: {e}"))?;
    handle.stop().await;
    Ok(())
}

/// Reads a roster file: `ID HEX` per line (blank lines and `#` comments
/// skipped).
fn read_roster<S: Suite>(path: &PathBuf) -> Result<Roster<S>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the roster {}: {e}", path.display()))?;
    let mut entries = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut words = line.split_whitespace();
        let (Some(id), Some(key), None) = (words.next(), words.next(), words.next()) else {
            return Err(format!(
                "{} line {}: expected an identifier and a public identity",
                path.display(),
                n + 1
            ));
        };
        let id = identifier::<S>(id)?;
        let key = PublicIdentity::from_hex(key)
            .map_err(|e| format!("{} line {}: {e}", path.display(), n + 1))?;
        entries.push((id, key));
    }
    Roster::new(entries).ok_or_else(|| {
        format!(
            "{}: an identifier or identity appears twice",
            path.display()
        )
    })
}

fn identifier<S: Suite>(text: &str) -> Result<Identifier<S>, String> {
    text.trim()
        .parse::<u16>()
        .ok()
        .and_then(Identifier::new)
        .ok_or_else(|| format!("'{text}' is not a participant identifier (1 to 65535)"))
}

/// Runs `party` through the relay to its end, with a fresh generator, and
/// returns its output (the one place the `party` subcommands drive the
/// runner).
async fn run_party<S, P>(
    client: &RelayClient,
    session: &Session<S>,
    party: P,
) -> Result<P::Output, String>
where
    S: Suite,
    P: tessera_core::protocol::Protocol<S> + Send,
    P::Error: std::fmt::Display,
{
    let mut transport = client.session(session.id);
    let mut rng = tessera_net::runner::fresh_rng();
    let identity = client.identity().clone();
    let finished = tessera_net::run(session, &identity, party, &mut rng, &mut transport)
        .await
        .map_err(|e| e.to_string())?;
    Ok(finished.output)
}

fn session<S: Suite>(label: &str, a: &SessionArgs, context: &[u8]) -> Result<Session<S>, String> {
    let roster = read_roster::<S>(&a.roster)?;
    let mut ctx = a.session.as_bytes().to_vec();
    ctx.push(0);
    ctx.extend_from_slice(context);
    Ok(Session {
        id: session_id(label, &roster, &ctx),
        roster,
        round_timeout: Duration::from_secs(a.timeout),
    })
}

async fn dkg<S: Suite>(
    a: DkgArgs,
    client: &RelayClient,
    out: &mut impl Write,
) -> Result<(), String> {
    let password = Password::from_env::<S>(&a.session.password_env).map_err(|e| e.to_string())?;
    if a.out.exists() {
        return Err(format!("{} exists; not overwriting it", a.out.display()));
    }
    let context = format!("{} {}", S::NAME, a.threshold);
    let session = session::<S>("dkg", &a.session, context.as_bytes())?;
    let ids: Vec<Identifier<S>> = session.roster.iter().map(|(id, _)| *id).collect();
    let me = identifier::<S>(&a.me.to_string())?;
    let party = DkgParty::new(me, a.threshold, &ids);
    let output = run_party(client, &session, party).await?;
    let mut rng = tessera_net::runner::fresh_rng();
    let group_key = hex::encode(output.public.group_key_bytes());
    let chain =
        Keychain::new(&a.name, output.key_package, output.public).map_err(|e| e.to_string())?;
    store::save(&a.out, &chain, &password, KdfParams::OWASP, &mut rng)
        .map_err(|e| e.to_string())?;
    let json = serde_json::json!({
        "group_key": group_key,
        "epoch": hex::encode(chain.public().epoch().as_bytes()),
        "transcript": hex::encode(&output.transcript),
        "store": a.out.display().to_string(),
    });
    writeln!(out, "{json}").map_err(|e| e.to_string())
}

async fn sign<S: Suite>(
    a: SignArgs,
    client: &RelayClient,
    out: &mut impl Write,
) -> Result<(), String> {
    let password = Password::from_env::<S>(&a.session.password_env).map_err(|e| e.to_string())?;
    let chain = store::load::<S>(&a.store, &password).map_err(|e| e.to_string())?;
    let message =
        hex::decode(a.message.trim()).map_err(|_| "--message is hexadecimal".to_owned())?;
    let signers = a
        .signers
        .split(',')
        .map(identifier::<S>)
        .collect::<Result<Vec<_>, _>>()?;
    let coordinator = *signers.first().ok_or("give at least one signer")?;
    let config = SigningConfig::new(
        chain.public().clone(),
        &signers,
        &message,
        Some(coordinator),
    )
    .map_err(|e| e.to_string())?;
    let mut context = a.signers.as_bytes().to_vec();
    context.push(0);
    context.extend_from_slice(&message);
    let session = session::<S>("sign", &a.session, &context)?;
    let party =
        FrostParty::new(&config, chain.key().id(), Some(chain.key())).map_err(|e| e.to_string())?;
    let json = match run_party(client, &session, party).await? {
        Some(signature) => serde_json::json!({
            "signature": hex::encode(signature.to_standard_bytes()),
            "group_key": hex::encode(chain.public().group_key_bytes()),
        }),
        None => serde_json::json!({ "signed": true }),
    };
    writeln!(out, "{json}").map_err(|e| e.to_string())
}

/// Reads every `ACCOUNT.tsr` (with its `ACCOUNT.roster`) of `dir`.
fn accounts<S: Suite>(dir: &PathBuf, password: &Password) -> Result<serve::Accounts<S>, String> {
    let mut accounts = serve::Accounts::new();
    let entries = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read the directory {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().and_then(|e| e.to_str()) != Some("tsr") {
            continue;
        }
        let Some(name) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let chain =
            store::load::<S>(&path, password).map_err(|e| format!("{}: {e}", path.display()))?;
        let roster = read_roster::<S>(&path.with_extension("roster"))?;
        accounts.insert(
            name.to_owned(),
            serve::Account {
                key: chain.key().clone(),
                public: chain.public().clone(),
                roster,
            },
        );
    }
    Ok(accounts)
}

/// Parses `N/S` (N signatures per S seconds).
fn rate(text: &str) -> Result<serve::RateLimit, String> {
    let parsed = text
        .split_once('/')
        .and_then(|(n, s)| Some((n.trim().parse().ok()?, s.trim().parse().ok()?)));
    let (n, secs): (usize, u64) =
        parsed.ok_or_else(|| format!("--rate-limit '{text}': expected N/SECONDS, e.g. 10/60"))?;
    Ok(serve::RateLimit::new(n, Duration::from_secs(secs)))
}

async fn serve<S: Suite>(a: ServeArgs, client: RelayClient) -> Result<(), String> {
    let password = Password::from_env::<S>(&a.password_env).map_err(|e| e.to_string())?;
    let accounts = accounts::<S>(&a.dir, &password)?;
    let revocations = match &a.revocations {
        None => RevocationList::new(),
        Some(file) => {
            let bytes =
                std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            RevocationList::from_bytes(&bytes).map_err(|e| format!("{}: {e}", file.display()))?
        }
    };
    let prefixes = a
        .allow_prefix
        .iter()
        .map(|p| hex::decode(p).map_err(|_| format!("--allow-prefix '{p}' is not hexadecimal")))
        .collect::<Result<Vec<_>, _>>()?;
    let policy: Arc<dyn serve::Policy> = match (a.rate_limit.as_deref(), prefixes.is_empty()) {
        (None, true) => Arc::new(serve::AllowAll),
        (Some(r), true) => Arc::new(rate(r)?),
        (None, false) => Arc::new(serve::AllowList(prefixes)),
        (Some(r), false) => Arc::new(serve::Both(rate(r)?, serve::AllowList(prefixes))),
    };
    // Every refusal is logged on standard error.
    let service = serve::Service::<S>::new(accounts, policy)
        .with_revocations(&revocations)
        .with_log(Arc::new(|refused: &serve::Refused<S>| {
            eprintln!("{refused}")
        }));
    service.serve(client).await.map_err(|e| e.to_string())
}

async fn request<S: Suite>(
    a: RequestArgs,
    client: &RelayClient,
    out: &mut impl Write,
) -> Result<(), String> {
    let password = Password::from_env::<S>(&a.password_env).map_err(|e| e.to_string())?;
    let chain = store::load::<S>(&a.store, &password).map_err(|e| e.to_string())?;
    let (session_key, certificate) = chain
        .session::<Ed25519>()
        .map_err(|e| e.to_string())?
        .ok_or_else(|| {
            format!(
                "{} holds no session key; issue one with `tessera session issue --key-suite ed25519 --scope sign`",
                a.store.display()
            )
        })?;
    let roster = read_roster::<S>(&a.roster)?;
    let service = PublicIdentity::from_hex(&a.service).map_err(|e| e.to_string())?;
    let signers = a
        .signers
        .split(',')
        .map(|s| {
            s.trim()
                .parse::<u16>()
                .map_err(|_| format!("'{s}' is not an identifier"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut nonce = [0u8; 32];
    rand::fill(&mut nonce[..]);
    let request = serve::SignRequest {
        account: a.account,
        nonce,
        signers,
        message: hex::decode(a.message.trim())
            .map_err(|_| "--message is hexadecimal".to_owned())?,
    }
    .authorize(certificate, &session_key, &mut rand::rng())
    .map_err(|e| e.to_string())?;
    let signature = serve::request_signature(
        client,
        &service.ed25519,
        chain.key(),
        chain.public(),
        &roster,
        &request,
        Duration::from_secs(a.timeout),
    )
    .await
    .map_err(|e| e.to_string())?;
    let json = serde_json::json!({
        "signature": hex::encode(signature.to_standard_bytes()),
        "group_key": hex::encode(chain.public().group_key_bytes()),
    });
    writeln!(out, "{json}").map_err(|e| e.to_string())
}

async fn load(a: &LoadArgs, out: &mut impl Write) -> Result<(), String> {
    let report = tessera_net::load::run(tessera_net::load::LoadConfig {
        accounts: a.accounts,
        requests: a.requests,
        concurrency: a.concurrency,
    })
    .await?;
    let json = serde_json::json!({
        "accounts": a.accounts,
        "requests": a.requests,
        "concurrency": a.concurrency,
        "signed": report.signed,
        "failed": report.failed,
        "wall_ms": report.wall.as_secs_f64() * 1e3,
        "p50_ms": report.p50.as_secs_f64() * 1e3,
        "p99_ms": report.p99.as_secs_f64() * 1e3,
        "signatures_per_second": report.per_second,
        "peak_rss_mib": report.peak_rss_kib.map(|k| k as f64 / 1024.0),
        "setup_ms": report.setup.as_secs_f64() * 1e3,
    });
    writeln!(out, "{json}").map_err(|e| e.to_string())
}
