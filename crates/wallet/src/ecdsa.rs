//! Threshold ECDSA as one more way to sign with the same account
//! (secp256k1 and P-256): DKLs23 ([`tessera_ecdsa`]) on the account's FROST
//! key packages, no second key generation.
//!
//! The account keeps every member's pairwise setups (base OTs and the
//! zero-sharing seed of each pair of members). They depend only on the two
//! members' identifiers, never on the shares, so they survive refresh,
//! repair and reshare; [`Account::ecdsa_setup`] runs exactly the pairs that
//! have none (all pairs the first time, after a reshare only the pairs with
//! a new member), and the setups of a member that leaves are dropped.

use tessera_core::Identifier;
use tessera_core::encoding::Wire;
use tessera_ecdsa::local::{self, Setups};
use tessera_ecdsa::{EcdsaSuite, PairSetup, PairwiseSetups, Signature, SigningSession};
use zeroize::Zeroizing;

use crate::account::Account;
use crate::error::Error;

impl<S: EcdsaSuite> Account<S> {
    /// Runs the ECDSA pairwise setup of every pair of current members that
    /// has none, and returns those pairs by name.
    pub fn ecdsa_setup<R: rand_core::CryptoRng + ?Sized>(
        &mut self,
        rng: &mut R,
    ) -> Result<Vec<(String, String)>, Error<S>> {
        let members: Vec<Identifier<S>> = self.key_packages().keys().copied().collect();
        let mut setups = self.decoded_setups(&members)?;
        let run = local::setup_members(&mut setups, &members, rng)?;
        // A pair run again (one side had lost its setup, e.g. a repaired
        // member's store file) replaces both sides' setups.
        for (me, setup) in &setups {
            self.ecdsa.insert(
                *me,
                setup
                    .pairs()
                    .map(|pair| Zeroizing::new(pair.to_bytes()))
                    .collect(),
            );
        }
        Ok(run
            .iter()
            .map(|(a, b)| (self.name_of(a), self.name_of(b)))
            .collect())
    }

    /// Member `name`'s pair setups (for its store file).
    pub fn ecdsa_setups_of(&self, name: &str) -> Result<PairwiseSetups<S>, Error<S>> {
        let id = self.identifiers_of(&[name])?;
        let mut setups = self.decoded_setups(&id)?;
        setups
            .remove(
                id.first()
                    .ok_or_else(|| Error::UnknownRole(name.to_string()))?,
            )
            .ok_or_else(|| Error::UnknownRole(name.to_string()))
    }

    /// `signers` (at least the threshold) sign the 32-byte `prehash` with
    /// threshold ECDSA, after running any missing pair setup. The signature
    /// (low `s`, with its recovery id) is verified under the account's key
    /// before it is returned.
    pub fn sign_ecdsa<R: rand_core::CryptoRng + ?Sized>(
        &mut self,
        signers: &[&str],
        prehash: &[u8; 32],
        rng: &mut R,
    ) -> Result<Signature<S>, Error<S>> {
        let ids = self.identifiers_of(signers)?;
        self.ecdsa_setup(rng)?;
        let setups = self.decoded_setups(&ids)?;
        let mut session_id = [0u8; 32];
        rng.fill_bytes(&mut session_id);
        let session = SigningSession::new(self.public().clone(), &ids, session_id)?;
        let signature = local::sign(&session, self.key_packages(), &setups, prehash, rng)?;
        if !signature.verify(&self.group_key(), prehash) {
            return Err(tessera_frost::Error::InvalidSignature.into());
        }
        Ok(signature)
    }

    /// Whether any member holds a pair setup (the account signs ECDSA).
    pub fn has_ecdsa_setups(&self) -> bool {
        self.ecdsa.values().any(|setups| !setups.is_empty())
    }

    /// The stored setups of `members`, decoded; setups with a peer that is
    /// no longer a member are left out.
    fn decoded_setups(&self, members: &[Identifier<S>]) -> Result<Setups<S>, Error<S>> {
        let current = self.public().verifying_shares();
        let mut setups = Setups::new();
        for me in members {
            let mut mine = PairwiseSetups::new(*me);
            for bytes in self.ecdsa.get(me).into_iter().flatten() {
                let pair = PairSetup::from_bytes(bytes)?;
                if current.contains_key(&pair.peer()) {
                    mine.insert(pair)?;
                }
            }
            setups.insert(*me, mine);
        }
        Ok(setups)
    }
}
