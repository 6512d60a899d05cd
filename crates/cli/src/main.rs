//! `tessera`, the command-line tool of the tessera threshold-cryptography
//! toolkit.
//!
//! ```text
//! tessera demo       the wallet account life, every step checked, on every suite
//! tessera vss-demo   split, verify and reconstruct a key with every suite
//! tessera sizes      bytes each party sends in a DKG
//! tessera --help     print usage
//! tessera --version  print the version
//! ```

use std::fmt;
use std::io::{self, Write};

use tessera_core::Suite;
use tessera_core::suites::{Ed25519, P256, Ristretto255, Secp256k1};
use tessera_keys::{NativeAddress, NativeKey};

mod vss_demo;

const USAGE: &str = "\
tessera: threshold-cryptography toolkit

Usage:
    tessera <command>

Commands:
    demo       For each suite (ed25519, ristretto255, secp256k1, p256), the
               account life of a wallet: create a 2-of-3 key by DKG among
               \"device\", \"login\" and \"recovery\" and sign; lose the device
               and replace it (its share revoked); add a hardware factor
               (3-of-4) and sign; remove it (2-of-3) and sign; reconstruct
               from device + recovery alone. Every step is verified and the
               address never changes. Then the native signatures: a Taproot
               account (BIP-340, P2TR address unchanged through a refresh
               and 2-of-3 -> 3-of-4, checked by k256), Ethereum EIP-191
               threshold ECDSA (checked by k256 ecrecover) and P-256 ECDSA
               (checked by p256), at 2-of-3 and 3-of-4. Prints public
               values only.
    vss-demo   For each suite: split a fresh key 2-of-3, verify every share
               against the Feldman commitment, reconstruct from device +
               recovery and check that a tampered share is caught.
    sizes      Bytes one party sends in each DKG round, per suite, for
               2-of-3, 3-of-4 and 67-of-100.
    help       Print this message.

Options:
    -h, --help     Print this message.
    -V, --version  Print the version.
";

/// Why the program failed; printed by `main` as `Error: <message>`.
pub(crate) enum CliError {
    /// The command line could not be understood.
    Usage(String),
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
            CliError::Usage(msg) => write!(f, "{msg}\n\n{USAGE}"),
            CliError::Demo { suite, detail } => write!(f, "demo failed for {suite}: {detail}"),
            CliError::Io(e) => write!(f, "cannot write output: {e}"),
        }
    }
}

// `main` returning `Err` prints the error with `Debug`: make that the
// human-readable message.
impl fmt::Debug for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl From<io::Error> for CliError {
    fn from(e: io::Error) -> Self {
        CliError::Io(e)
    }
}

fn main() -> Result<(), CliError> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut out = io::stdout().lock();
    match args.as_slice() {
        ["demo"] => demo_all(&mut out),
        ["vss-demo"] => vss_demo_all(&mut out),
        ["sizes"] => sizes(&mut out),
        ["-h" | "--help" | "help"] => {
            out.write_all(USAGE.as_bytes())?;
            Ok(())
        }
        ["-V" | "--version"] => {
            writeln!(out, "tessera {}", env!("CARGO_PKG_VERSION"))?;
            Ok(())
        }
        [] => Err(CliError::Usage("no command given".into())),
        [command @ ("demo" | "vss-demo" | "sizes"), extra, ..] => Err(CliError::Usage(format!(
            "unexpected argument '{extra}' after '{command}'"
        ))),
        [other, ..] => Err(CliError::Usage(format!("unknown command '{other}'"))),
    }
}

/// Runs the account life for every suite; stops at the first failure.
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
