//! `tessera simulate`: tessera's protocols on the simulated network of
//! [`tessera_core::protocol::simulation`], end to end, for the sizes the
//! benches use, on a WAN and a LAN ([`default_networks`]) or on a network given on
//! the command line; the page `reports/latency.md`.
//!
//! Every session runs the parties' real code
//! ([`tessera_keys::protocol`], [`tessera_frost::protocol`],
//! [`tessera_ecdsa::protocol`]) with measured compute time
//! ([`Compute::Measured`]): each step's process CPU time on the machine
//! running the simulation is added to that party's simulated clock (CPU
//! time, so other load on a shared machine does not inflate it), so the
//! numbers are indicative (they depend on that machine) and assume each
//! party has one core as fast as it. [`run`] prints the page or writes it
//! (`--out reports/latency.md`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::Args;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use tessera_core::identifier::identifiers;
use tessera_core::protocol::Protocol;
use tessera_core::protocol::local::with_rngs;
use tessera_core::protocol::simulation::{Compute, Link, Model, Timeline, simulate};
use tessera_core::suites::Secp256k1;
use tessera_core::{Identifier, Suite};
use tessera_ecdsa::protocol::SignParty as EcdsaSignParty;
use tessera_ecdsa::sign::SigningSession;
use tessera_frost::{FrostParty, KeyPackage, PublicKeyPackage, SigningConfig};
use tessera_keys::protocol::{DkgParty, ReshareParty};
use tessera_keys::reshare::ReshareConfig;

/// A simulated network: every party's access link to the relay.
#[derive(Clone, Debug)]
struct Network {
    /// Its name in the table.
    name: String,
    /// Round-trip time between two parties through the relay.
    rtt: Duration,
    /// Each party's uplink and downlink bandwidth, bits per second.
    bits_per_second: u64,
}

/// The networks of the report: a WAN (50 ms round trip, 10 Mbit/s) and a
/// LAN (1 ms, 100 Mbit/s).
fn default_networks() -> Vec<Network> {
    vec![
        Network {
            name: "WAN 50 ms, 10 Mbit/s".into(),
            rtt: Duration::from_millis(50),
            bits_per_second: 10_000_000,
        },
        Network {
            name: "LAN 1 ms, 100 Mbit/s".into(),
            rtt: Duration::from_millis(1),
            bits_per_second: 100_000_000,
        },
    ]
}

/// One simulated session.
#[derive(Clone, Debug)]
struct Row {
    /// The protocol.
    protocol: &'static str,
    /// `t-of-n` (for signing: `t` signers of an `n`-party key).
    size: String,
    /// The network's name.
    network: String,
    /// The session's simulated end-to-end time, or why it failed.
    result: Result<Timeline<Secp256k1>, String>,
}

/// The sizes of the report: 2-of-3, 3-of-4, 67-of-100; with `large`, also
/// 667-of-1000 (FROST signing; DKG and refresh only up to `max_dkg_n`).
fn sizes(large: bool) -> Vec<(u16, u16)> {
    let mut sizes = vec![(2, 3), (3, 4), (67, 100)];
    if large {
        sizes.push((667, 1000));
    }
    sizes
}

fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

/// The process's CPU time: a step's own work, unaffected by whatever
/// else the machine runs (the wall clock if the OS cannot tell).
fn cpu_clock() -> Duration {
    cpu_time::ProcessTime::try_now()
        .map(|t| t.as_duration())
        .unwrap_or_else(|_| tessera_core::protocol::simulation::wall_clock())
}

/// Simulates `parties` on `network`.
fn simulated<S: Suite, P: Protocol<S>>(
    parties: Vec<P>,
    network: &Network,
) -> Result<Timeline<S>, String>
where
    P::Error: std::fmt::Display,
{
    let mut model = Model::new(Link::with_rtt(network.rtt, network.bits_per_second));
    model.compute = Compute::Measured;
    model.clock = cpu_clock;
    let (outcome, timeline) = simulate(with_rngs(parties, &mut rng(1)), &model);
    outcome
        .into_result()
        .map(|_| timeline)
        .map_err(|f| format!("{}: {}", f.party, f.error))
}

/// Key packages by participant.
type Keys = BTreeMap<Identifier<Secp256k1>, KeyPackage<Secp256k1>>;

/// A dealer's key of `t`-of-`n` (the setup of the signing and reshare
/// sessions; not simulated).
fn key(t: u16, n: u16) -> Result<(Keys, PublicKeyPackage<Secp256k1>), String> {
    let ids = identifiers::<Secp256k1>(n);
    let out = tessera_keys::dealer::keygen(t, &ids, &mut rng(2)).map_err(|e| e.to_string())?;
    Ok((
        out.key_packages.into_iter().map(|k| (k.id(), k)).collect(),
        out.public,
    ))
}

/// Every row of the report, on secp256k1. DKG and refresh are left out
/// above `max_dkg_n` parties: every simulated party keeps every dealer's
/// commitment, `n^2 t` points in the one process (at 667-of-1000 about
/// 667 million: the 67-of-100 run peaks at 128 MiB, which scales to over
/// 100 GB), and a
/// refresh verifies an MSM over about `t n` points at each party; ECDSA
/// runs at the two small sizes.
fn rows(large: bool, max_dkg_n: u16, networks: &[Network]) -> Vec<Row> {
    let mut rows = Vec::new();
    for (t, n) in sizes(large) {
        let size = format!("{t}-of-{n}");
        let ids = identifiers::<Secp256k1>(n);
        let (keys, public) = match key(t, n) {
            Ok(key) => key,
            Err(e) => {
                rows.push(Row {
                    protocol: "key generation (dealer)",
                    size,
                    network: String::new(),
                    result: Err(e),
                });
                continue;
            }
        };
        let signers: Vec<Identifier<Secp256k1>> =
            ids.iter().take(usize::from(t)).copied().collect();
        for network in networks {
            if n <= max_dkg_n {
                let parties = ids.iter().map(|id| DkgParty::new(*id, t, &ids)).collect();
                rows.push(Row {
                    protocol: "DKG",
                    size: size.clone(),
                    network: network.name.clone(),
                    result: simulated(parties, network),
                });
            }
            let frost = SigningConfig::new(
                public.clone(),
                &signers,
                b"latency",
                signers.first().copied(),
            )
            .map_err(|e| e.to_string())
            .and_then(|config| {
                let parties = signers
                    .iter()
                    .map(|id| FrostParty::new(&config, *id, keys.get(id)))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| e.to_string())?;
                simulated(parties, network)
            });
            rows.push(Row {
                protocol: "FROST signing (coordinator)",
                size: size.clone(),
                network: network.name.clone(),
                result: frost,
            });
            if n > max_dkg_n {
                continue;
            }
            let reshare = ReshareConfig::new(public.clone(), &signers, &ids, t)
                .map_err(|e| e.to_string())
                .and_then(|config| {
                    let parties = ids
                        .iter()
                        .map(|id| {
                            ReshareParty::new(
                                &config,
                                *id,
                                keys.get(id).filter(|_| signers.contains(id)),
                            )
                        })
                        .collect::<Result<Vec<_>, _>>()
                        .map_err(|e| e.to_string())?;
                    simulated(parties, network)
                });
            rows.push(Row {
                protocol: "refresh (reshare, t dealers)",
                size: size.clone(),
                network: network.name.clone(),
                result: reshare,
            });
            if n <= 4 {
                rows.push(Row {
                    protocol: "ECDSA signing (DKLs23)",
                    size: size.clone(),
                    network: network.name.clone(),
                    result: ecdsa(&keys, &public, &ids, &signers, network),
                });
            }
        }
    }
    rows
}

/// DKLs23 signing of `signers` (pairwise setups made in-process first).
fn ecdsa(
    keys: &Keys,
    public: &PublicKeyPackage<Secp256k1>,
    ids: &[Identifier<Secp256k1>],
    signers: &[Identifier<Secp256k1>],
    network: &Network,
) -> Result<Timeline<Secp256k1>, String> {
    let setups = tessera_ecdsa::local::setup_all(ids, &mut rng(3)).map_err(|e| e.to_string())?;
    let session =
        SigningSession::new(public.clone(), signers, [7; 32]).map_err(|e| e.to_string())?;
    let parties = signers
        .iter()
        .map(|id| {
            let key = keys.get(id).ok_or("no key")?;
            let setup = setups.get(id).ok_or("no setup")?;
            EcdsaSignParty::new(&session, key, setup, [9; 32]).map_err(|_| "bad signer")
        })
        .collect::<Result<Vec<_>, _>>()?;
    simulated(parties, network)
}

/// Milliseconds with one decimal.
fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

/// The page `reports/latency.md` for `rows`, generated in `took`.
fn page(rows: &[Row], took: Duration, command: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Simulated end-to-end latency\n");
    let _ = writeln!(
        out,
        "Generated by `{command}` (the simulation itself took {:.1} s). Each session runs the \
parties' real protocol code (`tessera_core::protocol::simulation`) on secp256k1; only time is simulated.\n",
        took.as_secs_f64()
    );
    if cfg!(debug_assertions) {
        let _ = writeln!(
            out,
            "This page was generated by a dev build (tessera's own crates at opt-level 1, dependencies at 3): compute times are longer than a `--release` build's.\n"
        );
    }
    let _ = writeln!(
        out,
        "**Model.** Parties reach each other through a relay. Each party has an access link: one-way latency RTT/4 to the relay (so RTT between two parties through it), the bandwidth given up and down, FIFO serialisation on each link, 64 bytes of framing per message. A broadcast is uploaded once and fanned out by the relay (unlimited capacity); a private message is uploaded once per recipient. Compute: each step's CPU time (the process's, so other load on the machine does not count) on the machine running the simulation is added to the party's clock (one core per party, as fast as this machine); messages that arrive while a party computes wait. Numbers are indicative: they depend on the machine.\n"
    );
    let _ = writeln!(
        out,
        "**Sessions.** DKG: every party is a dealer. FROST signing: `t` signers, the first coordinates (commitments to it, signing package broadcast, shares to it: three one-way trips). Refresh: a reshare of the key to the same `n` members with the same threshold, dealt by `t` holders. ECDSA: DKLs23 signing by `t` signers (three rounds, pairwise setups done beforehand), small sizes only. Keys for the signing and reshare sessions come from a dealer (not simulated). DKG and refresh are simulated up to `--max-dkg-n` parties (100 unless given): every simulated party keeps every dealer's commitment, `n^2 t` points in the one process, which at 667-of-1000 is about 667 million points: the whole 67-of-100 simulation peaks at 128 MiB resident, which scales by `n^2 t` to over 100 GB, more than the machine running the simulation has; a refresh also verifies an MSM over about 445,000 points at each of the 1000 parties.\n"
    );
    if !rows.iter().any(|r| r.size == "667-of-1000") {
        let _ = writeln!(
            out,
            "The 667-of-1000 rows (`--large`) were not run for this page.\n"
        );
    } else if !rows
        .iter()
        .any(|r| r.size == "667-of-1000" && r.protocol == "DKG")
    {
        let _ = writeln!(
            out,
            "At 667-of-1000 only FROST signing was run (`--large` without `--max-dkg-n 1000`).\n"
        );
    }
    let _ = writeln!(
        out,
        "| protocol | size | network | end to end (ms) | longest compute of one party (ms) | messages delivered | most bytes uploaded by one party |"
    );
    let _ = writeln!(out, "|---|---|---|---:|---:|---:|---:|");
    for row in rows {
        match &row.result {
            Ok(t) => {
                let compute = t.compute.values().max().copied().unwrap_or_default();
                let uploaded = t.uploaded.values().max().copied().unwrap_or_default();
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} | {} |",
                    row.protocol,
                    row.size,
                    row.network,
                    ms(t.end),
                    ms(compute),
                    t.messages,
                    uploaded
                );
            }
            Err(e) => {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | failed: {e} | | | |",
                    row.protocol, row.size, row.network
                );
            }
        }
    }
    out
}

/// The arguments of `tessera simulate`.
#[derive(Args)]
pub(crate) struct SimulateArgs {
    /// Add the 667-of-1000 size (FROST signing by 667 signers; DKG and
    /// refresh too if --max-dkg-n allows).
    #[arg(long)]
    large: bool,
    /// The largest number of parties for which DKG and refresh are
    /// simulated: every simulated party keeps every dealer's commitment
    /// (n^2 t points in all; 1000 parties need over 100 GB), and the
    /// parties run one after the other.
    #[arg(long, value_name = "N", default_value_t = 100)]
    max_dkg_n: u16,
    /// Simulate one network instead of the WAN and the LAN: the round-trip
    /// time between two parties through the relay, in milliseconds.
    #[arg(long, value_name = "MS", requires = "mbit")]
    rtt_ms: Option<u64>,
    /// That network's bandwidth, up and down, per party, in Mbit/s.
    #[arg(long, value_name = "MBIT", requires = "rtt_ms")]
    mbit: Option<u64>,
    /// Write the page to this file (e.g. reports/latency.md) instead of
    /// printing it.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// Runs every session and prints or writes the page.
pub(crate) fn run(args: &SimulateArgs, out: &mut impl Write) -> std::io::Result<()> {
    let networks = match (args.rtt_ms, args.mbit) {
        (Some(rtt), Some(mbit)) => vec![Network {
            name: format!("{rtt} ms, {mbit} Mbit/s"),
            rtt: Duration::from_millis(rtt),
            bits_per_second: mbit.saturating_mul(1_000_000),
        }],
        _ => default_networks(),
    };
    // Say how the page was made: a dev build runs tessera's own crates at
    // opt-level 1.
    let mut command = String::from(if cfg!(debug_assertions) {
        "cargo run -p tessera-cli -- simulate"
    } else {
        "cargo run --release -p tessera-cli -- simulate"
    });
    if args.large {
        command.push_str(" --large");
    }
    if args.max_dkg_n != 100 {
        let _ = write!(command, " --max-dkg-n {}", args.max_dkg_n);
    }
    if let (Some(rtt), Some(mbit)) = (args.rtt_ms, args.mbit) {
        let _ = write!(command, " --rtt-ms {rtt} --mbit {mbit}");
    }
    if let Some(path) = &args.out {
        let _ = write!(command, " --out {}", path.display());
    }
    let started = Instant::now();
    let rows = rows(args.large, args.max_dkg_n, &networks);
    let text = page(&rows, started.elapsed(), &command);
    match &args.out {
        Some(path) => {
            std::fs::write(path, text)?;
            writeln!(out, "wrote {}", path.display())
        }
        None => out.write_all(text.as_bytes()),
    }
}
