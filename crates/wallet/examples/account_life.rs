//! The account life of the seeds, on every suite: create 2-of-3 (device,
//! login, recovery), sign, lose the device and replace it, raise to 3-of-4
//! with a hardware factor, lower back to 2-of-3, and reconstruct from device
//! + recovery alone; every step checked, the same address throughout.
//!
//! ```text
//! cargo run -p tessera-wallet --example account_life
//! ```

use tessera_core::suites::{Ed25519, P256, Ristretto255, Secp256k1};
use tessera_keys::{NativeAddress, NativeKey};
use tessera_wallet::story::account_life;

fn run<S: NativeKey + NativeAddress>() -> Result<(), String> {
    println!("== {}", S::NAME);
    account_life::<S, _>(&mut rand::rng(), |line| println!("   {line}"))
        .map_err(|e| format!("{}: {e}", S::NAME))
}

fn main() -> Result<(), String> {
    run::<Ed25519>()?;
    run::<Ristretto255>()?;
    run::<Secp256k1>()?;
    run::<P256>()?;
    println!("all four suites: every step verified");
    Ok(())
}
