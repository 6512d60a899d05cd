//! A Taproot account: an account of suite `secp256k1-tr` whose key is the
//! internal key of a Taproot output (BIP-341, key path; BIP-86 without a
//! script tree), signing BIP-340 for the output key through FROST with the
//! Taproot tweak ([`tessera_frost::taproot`]). Refresh and reshare keep the
//! internal key, so they keep the output key and the P2TR address
//! ([`tessera_bitcoin::address`]).

use tessera_bitcoin::address::{Network, TaprootOutput};
use tessera_core::suites::Secp256k1Tr;
use tessera_frost::{KeyPackage, Signature};
use tessera_keys::local::run_signing;

use crate::account::Account;
use crate::error::Error;

impl Account<Secp256k1Tr> {
    /// The Taproot output of the account's key with the script tree of
    /// `merkle_root` (`None`: key path only, BIP-86).
    pub fn taproot_output(
        &self,
        merkle_root: Option<[u8; 32]>,
    ) -> Result<TaprootOutput, Error<Secp256k1Tr>> {
        TaprootOutput::new(&self.group_key(), merkle_root).ok_or(Error::Frost(
            tessera_frost::Error::InconsistentKey("the account key has no Taproot output"),
        ))
    }

    /// The P2TR address (bech32m) of the key-path-only output on `network`.
    pub fn p2tr_address(&self, network: Network) -> Result<String, Error<Secp256k1Tr>> {
        Ok(self.taproot_output(None)?.address(network))
    }

    /// `signers` sign `message` for the Taproot output key (script tree
    /// `merkle_root`, `None` for BIP-86): a BIP-340 signature under the
    /// output's x-only key, checked before it is returned.
    pub fn sign_taproot<R: rand_core::CryptoRng + ?Sized>(
        &self,
        signers: &[&str],
        message: &[u8],
        merkle_root: Option<&[u8; 32]>,
        rng: &mut R,
    ) -> Result<Signature<Secp256k1Tr>, Error<Secp256k1Tr>> {
        let keys: Vec<KeyPackage<Secp256k1Tr>> = signers
            .iter()
            .map(|n| {
                self.key(n)?
                    .taproot_tweaked(merkle_root)
                    .map_err(Error::from)
            })
            .collect::<Result<_, _>>()?;
        let output = self.public().taproot_tweaked(merkle_root)?;
        Ok(run_signing(&keys, &output, message, rng)?)
    }
}
