//! `tessera`, the command-line tool of the tessera threshold-cryptography
//! toolkit: key generation into encrypted store files (one per member),
//! threshold signing, verification, refresh, reshare, repair and
//! reconstruction, and the demo. Every command's `--json` output is
//! documented in the crate's README.

use std::fmt;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use tessera_core::Suite;
use tessera_core::suites::{Ed25519, P256, Ristretto255, Secp256k1, Secp256k1Tr};
use tessera_keys::{NativeAddress, NativeKey};

mod commands;
mod ecdsa;
mod net;
mod progress;
mod simulate;
mod vss_demo;

/// tessera: threshold keys for wallets. A key is created as shares held by
/// named members (e.g. device, login, recovery), each in its own encrypted
/// store file; any threshold of them sign one native signature under one
/// public key that never changes through refresh, reshare and repair.
///
/// Passwords of store files come from the environment variable named by
/// --password-env (default TESSERA_PASSWORD), from --password-file, or
/// from a prompt; never from an argument.
#[derive(Parser)]
#[command(name = "tessera", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a t-of-n key by distributed key generation (all members
    /// simulated in this process) and write one store file per member
    /// (DIR/NAME.tsr).
    Keygen(KeygenArgs),
    /// Sign a message with the named members' shares (FROST; BIP-340 for
    /// secp256k1-tr; threshold ECDSA with --scheme ecdsa).
    Sign(SignArgs),
    /// Verify a signature under a group key (no store needed).
    Verify(VerifyArgs),
    /// New shares for every member, same threshold and public key; every
    /// previous share is revoked. Needs every member's store file.
    Refresh(StoreArgs),
    /// Change the threshold, add and remove members, keeping the public key
    /// (e.g. --to 3-of-4 --add hardware, or --to 2-of-3 --remove device
    /// --add phone to revoke a lost device). Needs the store file of every
    /// member that stays; a removed member's file is deleted.
    Reshare(ReshareArgs),
    /// Rebuild a lost member's store file from threshold other members;
    /// the public key and epoch do not change.
    Repair(RepairArgs),
    /// Reconstruct the secret key from threshold members (the exit when a
    /// member stops cooperating); prints it only with --export.
    Reconstruct(ReconstructArgs),
    /// Session keys certified by the account's threshold key: issue, sign
    /// an action, verify, revoke.
    #[command(subcommand)]
    Session(session::SessionCommand),
    /// Bytes one party sends in each DKG round per suite, and in each
    /// round of a threshold ECDSA (DKLs23) signature.
    Sizes,
    /// The wallet account life on every suite, then the native signatures
    /// (Taproot BIP-340, Ethereum ECDSA, P-256 ECDSA), every step checked.
    Demo,
    /// Split, verify and reconstruct a key with every suite (Feldman VSS).
    VssDemo,
    /// End-to-end time of DKG, FROST signing, refresh and ECDSA signing on
    /// a simulated network (WAN and LAN, or --rtt-ms/--mbit), every party
    /// running its real code with its CPU time measured: the page
    /// reports/latency.md.
    Simulate(simulate::SimulateArgs),
    #[command(flatten)]
    Net(net::NetCommand),
}

/// Where the password of the store files comes from.
#[derive(Args, Clone)]
struct PasswordArgs {
    /// The environment variable that holds the password.
    #[arg(long, value_name = "VAR", default_value = "TESSERA_PASSWORD")]
    password_env: String,
    /// A file whose first line is the password (takes precedence over the
    /// environment variable).
    #[arg(long, value_name = "FILE")]
    password_file: Option<PathBuf>,
}

/// The signature scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Scheme {
    /// FROST (RFC 9591; BIP-340 on secp256k1-tr): every suite.
    Frost,
    /// Threshold ECDSA (DKLs23): secp256k1 and p256; keygen also runs the
    /// pairwise setups and stores them in the members' files.
    Ecdsa,
}

/// The store directory, password and output format.
#[derive(Args, Clone)]
struct StoreArgs {
    /// The directory of the store files (one NAME.tsr per member).
    #[arg(long, value_name = "DIR")]
    dir: PathBuf,
    #[command(flatten)]
    password: PasswordArgs,
    /// Print JSON (schema in the crate README) instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct KeygenArgs {
    /// The suite: ed25519, ristretto255, secp256k1, p256 or secp256k1-tr.
    #[arg(long)]
    suite: String,
    /// The threshold, as t-of-n (n must be the number of members).
    #[arg(long, value_name = "T-of-N", default_value = "2-of-3")]
    threshold: String,
    /// The members' names, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "device,login,recovery")]
    members: Vec<String>,
    /// With ecdsa (secp256k1, p256), also run the threshold-ECDSA pairwise
    /// setups and store them, so the key signs standard ECDSA too.
    #[arg(long, value_enum, default_value = "frost")]
    scheme: Scheme,
    /// The directory to write the store files into (created if missing;
    /// existing store files there are not overwritten).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    #[command(flatten)]
    password: PasswordArgs,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct SignArgs {
    #[command(flatten)]
    store: StoreArgs,
    /// The signing members' names, comma-separated (at least the threshold).
    #[arg(long, value_delimiter = ',', required = true)]
    signers: Vec<String>,
    /// The message, hex-encoded.
    #[arg(long, value_name = "HEX")]
    message: String,
    /// frost, or ecdsa (store files made by keygen --scheme ecdsa): the
    /// SHA-256 digest of the message is signed, `r || s` printed.
    #[arg(long, value_enum, default_value = "frost")]
    scheme: Scheme,
    /// With --scheme ecdsa on secp256k1: sign the Ethereum personal_sign
    /// (EIP-191) digest of the message and print `r || s || v`.
    #[arg(long)]
    eth: bool,
    /// On secp256k1-tr: sign BIP-340 for the Taproot output key (BIP-341
    /// key path) of the group key, the internal key.
    #[arg(long)]
    taproot: bool,
    /// With --taproot: the script tree's Merkle root, hex (32 bytes);
    /// without it, no script path (BIP-86).
    #[arg(long, value_name = "HEX", requires = "taproot")]
    merkle_root: Option<String>,
}

#[derive(Args)]
struct VerifyArgs {
    /// The suite of the key.
    #[arg(long)]
    suite: String,
    /// The group public key, hex (the suite's compressed encoding).
    #[arg(long, value_name = "HEX")]
    group_key: String,
    /// The message, hex-encoded.
    #[arg(long, value_name = "HEX")]
    message: String,
    /// The signature, hex (the suite's standard encoding; for ecdsa
    /// `r || s`, or `r || s || v` with --eth).
    #[arg(long, value_name = "HEX")]
    signature: String,
    /// frost, or ecdsa (secp256k1, p256; the SHA-256 digest of the message).
    #[arg(long, value_enum, default_value = "frost")]
    scheme: Scheme,
    /// With --scheme ecdsa on secp256k1: the message's Ethereum
    /// personal_sign (EIP-191) digest was signed; a 65-byte `r || s || v`
    /// is checked by recovering the key.
    #[arg(long)]
    eth: bool,
    /// On secp256k1-tr: the signature is BIP-340 under the Taproot output
    /// key of --group-key (the internal key) and --merkle-root.
    #[arg(long)]
    taproot: bool,
    /// With --taproot: the script tree's Merkle root, hex (32 bytes).
    #[arg(long, value_name = "HEX", requires = "taproot")]
    merkle_root: Option<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct ReshareArgs {
    #[command(flatten)]
    store: StoreArgs,
    /// The new threshold, as t-of-n.
    #[arg(long, value_name = "T-of-N")]
    to: String,
    /// Members to add, comma-separated.
    #[arg(long, value_name = "NAME", value_delimiter = ',')]
    add: Vec<String>,
    /// Members to remove (revoked: their shares stop working, their store
    /// files are deleted), comma-separated. Their files need not be present.
    #[arg(long, value_name = "NAME", value_delimiter = ',')]
    remove: Vec<String>,
}

#[derive(Args)]
struct RepairArgs {
    #[command(flatten)]
    store: StoreArgs,
    /// The member whose store file is lost.
    #[arg(long, value_name = "NAME")]
    member: String,
}

#[derive(Args)]
struct ReconstructArgs {
    #[command(flatten)]
    store: StoreArgs,
    /// The members whose shares are combined, comma-separated.
    #[arg(long, value_delimiter = ',', required = true)]
    holders: Vec<String>,
    /// Print the secret key (hex, the suite's native form). Without it,
    /// only the check that it matches the public key is printed.
    #[arg(long)]
    export: bool,
}

/// Why the program failed; printed by `main` as one line on stderr.
pub(crate) enum CliError {
    /// The input could not be used.
    Input(String),
    /// A step of the demo failed for one suite.
    Demo {
        /// `S::NAME` of the suite.
        suite: &'static str,
        /// What went wrong.
        detail: String,
    },
    /// Writing the output failed.
    Io(io::Error),
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Input(msg) => f.write_str(msg),
            CliError::Demo { suite, detail } => write!(f, "demo failed for {suite}: {detail}"),
            CliError::Io(e) => write!(f, "cannot write output: {e}"),
        }
    }
}

impl From<io::Error> for CliError {
    fn from(e: io::Error) -> Self {
        CliError::Io(e)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = io::stdout().lock();
    match run(cli.command, &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One line: newlines in messages become spaces.
            let message = e.to_string().replace('\n', " ");
            let _ = writeln!(io::stderr(), "error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Runs `$body` with `$S` bound to the suite named `$name`.
macro_rules! with_suite {
    ($name:expr, $S:ident => $body:expr) => {
        match $name {
            "ed25519" => {
                type $S = Ed25519;
                $body
            }
            "ristretto255" => {
                type $S = Ristretto255;
                $body
            }
            "secp256k1" => {
                type $S = Secp256k1;
                $body
            }
            "p256" => {
                type $S = P256;
                $body
            }
            "secp256k1-tr" => {
                type $S = Secp256k1Tr;
                $body
            }
            other => Err(CliError::Input(format!(
                "unknown suite '{other}'; use ed25519, ristretto255, secp256k1, p256 or secp256k1-tr"
            ))),
        }
    };
}

/// Runs `$body` with `$S` bound to the ECDSA suite named `$name`.
macro_rules! with_ecdsa_suite {
    ($name:expr, $S:ident => $body:expr) => {
        match $name {
            "secp256k1" => {
                type $S = Secp256k1;
                $body
            }
            "p256" => {
                type $S = P256;
                $body
            }
            other => Err(CliError::Input(format!(
                "threshold ECDSA needs the suite secp256k1 or p256, not '{other}'"
            ))),
        }
    };
}

mod session;
mod taproot;

/// The refusal of `--eth` without `--scheme ecdsa`.
fn eth_needs_ecdsa() -> CliError {
    CliError::Input("--eth signs Ethereum ECDSA; add --scheme ecdsa (suite secp256k1)".into())
}

fn run(command: Command, out: &mut impl Write) -> Result<(), CliError> {
    match command {
        Command::Keygen(a) => {
            let (t, n) = commands::parse_threshold(&a.threshold)?;
            with_suite!(a.suite.as_str(), S => commands::keygen::<S>(&a, t, n, out))
        }
        Command::Sign(a) => {
            let suite = commands::suite_of_dir(&a.store.dir)?;
            match a.scheme {
                Scheme::Frost if a.eth => Err(eth_needs_ecdsa()),
                Scheme::Frost if a.taproot => taproot::sign(suite, &a, out),
                Scheme::Frost => with_suite!(suite, S => commands::sign::<S>(&a, out)),
                Scheme::Ecdsa if a.taproot => Err(taproot::needs_frost()),
                Scheme::Ecdsa => with_ecdsa_suite!(suite, S => ecdsa::sign::<S>(&a, out)),
            }
        }
        Command::Verify(a) => match a.scheme {
            Scheme::Frost if a.eth => Err(eth_needs_ecdsa()),
            Scheme::Frost if a.taproot => taproot::verify(&a, out),
            Scheme::Frost => with_suite!(a.suite.as_str(), S => commands::verify::<S>(&a, out)),
            Scheme::Ecdsa if a.taproot => Err(taproot::needs_frost()),
            Scheme::Ecdsa => with_ecdsa_suite!(a.suite.as_str(), S => ecdsa::verify::<S>(&a, out)),
        },
        Command::Refresh(a) => {
            let suite = commands::suite_of_dir(&a.dir)?;
            with_suite!(suite, S => commands::refresh::<S>(&a, out))
        }
        Command::Reshare(a) => {
            let suite = commands::suite_of_dir(&a.store.dir)?;
            with_suite!(suite, S => commands::reshare::<S>(&a, out))
        }
        Command::Repair(a) => {
            let suite = commands::suite_of_dir(&a.store.dir)?;
            with_suite!(suite, S => commands::repair::<S>(&a, out))
        }
        Command::Reconstruct(a) => {
            let suite = commands::suite_of_dir(&a.store.dir)?;
            with_suite!(suite, S => commands::reconstruct::<S>(&a, out))
        }
        Command::Session(c) => session::run(c, out),
        Command::Sizes => sizes(out),
        Command::Demo => demo_all(out),
        Command::VssDemo => vss_demo_all(out),
        Command::Simulate(a) => Ok(simulate::run(&a, out)?),
        Command::Net(c) => net::run(c, out).map_err(CliError::Input),
    }
}

/// Runs the account life for every suite, then the native-signature
/// stories; stops at the first failure.
fn demo_all(out: &mut impl Write) -> Result<(), CliError> {
    account_life::<Ed25519>(out)?;
    account_life::<Ristretto255>(out)?;
    account_life::<Secp256k1>(out)?;
    account_life::<P256>(out)?;
    writeln!(out, "all 4 suites passed")?;
    native_story(out, "secp256k1-tr", |rng, log| {
        tessera_wallet::story::taproot_account(rng, log).map_err(|e| e.to_string())
    })?;
    native_story(out, "secp256k1 ecdsa", |rng, log| {
        tessera_wallet::story::ethereum_account(rng, log).map_err(|e| e.to_string())
    })?;
    native_story(out, "p256 ecdsa", |rng, log| {
        tessera_wallet::story::p256_account(rng, log).map_err(|e| e.to_string())
    })?;
    writeln!(
        out,
        "native signatures passed: BIP-340 (Taproot), Ethereum ECDSA, P-256 ECDSA"
    )?;
    Ok(())
}

/// One of the native-signature stories of `tessera_wallet::story`, its
/// lines tagged with `tag`.
fn native_story(
    out: &mut impl Write,
    tag: &'static str,
    story: impl FnOnce(&mut rand::rngs::ThreadRng, &mut dyn FnMut(String)) -> Result<(), String>,
) -> Result<(), CliError> {
    let mut lines = Vec::new();
    let result = story(&mut rand::rng(), &mut |line| lines.push(line));
    for line in lines {
        writeln!(out, "[{tag}] {line}")?;
    }
    result.map_err(|detail| CliError::Demo { suite: tag, detail })
}

/// The account life of the seeds for one suite.
fn account_life<S: NativeKey + NativeAddress>(out: &mut impl Write) -> Result<(), CliError> {
    let mut lines = Vec::new();
    let result =
        tessera_wallet::story::account_life::<S, _>(&mut rand::rng(), |line| lines.push(line));
    for line in lines {
        writeln!(out, "[{}] {line}", S::NAME)?;
    }
    result.map_err(|e| CliError::Demo {
        suite: S::NAME,
        detail: e.to_string(),
    })
}

/// Runs the VSS demo for every suite; stops at the first failure.
fn vss_demo_all(out: &mut impl Write) -> Result<(), CliError> {
    let mut rng = rand::rng();
    vss_demo::vss_demo::<Ed25519>(out, &mut rng)?;
    vss_demo::vss_demo::<Ristretto255>(out, &mut rng)?;
    vss_demo::vss_demo::<Secp256k1>(out, &mut rng)?;
    vss_demo::vss_demo::<P256>(out, &mut rng)?;
    writeln!(out, "all 4 suites passed")?;
    Ok(())
}

/// The DKG message-size table (`tessera_keys::dkg::message_sizes`).
fn sizes(out: &mut impl Write) -> Result<(), CliError> {
    writeln!(
        out,
        "| suite | t-of-n | round-1 package | round-2 package | total sent |"
    )?;
    writeln!(
        out,
        "|-------|--------|----------------:|----------------:|-----------:|"
    )?;
    sizes_of::<Ed25519>(out)?;
    sizes_of::<Ristretto255>(out)?;
    sizes_of::<Secp256k1>(out)?;
    sizes_of::<P256>(out)?;
    writeln!(out)?;
    ecdsa_sizes(out)
}

/// Bytes one signer sends in a DKLs23 signing session
/// (`tessera_ecdsa::sizes::message_sizes`), the same on secp256k1 and
/// P-256.
fn ecdsa_sizes(out: &mut impl Write) -> Result<(), CliError> {
    let setup = tessera_ecdsa::sizes::message_sizes::<Secp256k1>(2);
    writeln!(
        out,
        "threshold ECDSA (DKLs23, secp256k1 and p256): pairwise setup {} bytes each way, {} bytes stored per pair",
        setup.setup_message, setup.pair_setup
    )?;
    writeln!(
        out,
        "| signers | round 1 sent | round 2 sent | round 3 sent | total sent |"
    )?;
    writeln!(
        out,
        "|--------:|-------------:|-------------:|-------------:|-----------:|"
    )?;
    for t in [2, 3, 7] {
        let s = tessera_ecdsa::sizes::message_sizes::<Secp256k1>(t);
        let p = tessera_ecdsa::sizes::message_sizes::<P256>(t);
        let total = s.round1_total + s.round2_total + s.round3_total;
        if total != p.round1_total + p.round2_total + p.round3_total {
            return Err(CliError::Demo {
                suite: P256::NAME,
                detail: "ECDSA message sizes differ between secp256k1 and p256".into(),
            });
        }
        writeln!(
            out,
            "| {t} | {} | {} | {} | {total} |",
            s.round1_total, s.round2_total, s.round3_total
        )?;
    }
    Ok(())
}

fn sizes_of<S: Suite>(out: &mut impl Write) -> Result<(), CliError> {
    for (t, n) in [(2, 3), (3, 4), (67, 100)] {
        let s = tessera_keys::dkg::message_sizes::<S>(t, n).map_err(|e| CliError::Demo {
            suite: S::NAME,
            detail: e.to_string(),
        })?;
        writeln!(
            out,
            "| {} | {t}-of-{n} | {} | {} | {} |",
            S::NAME,
            s.round1_package,
            s.round2_package,
            s.total_sent
        )?;
    }
    Ok(())
}
