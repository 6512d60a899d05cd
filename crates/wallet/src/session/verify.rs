//! Verifying certificates and the actions they authorise.

use core::any::Any;

use sha2::{Digest, Sha512};
use tessera_core::batch::BatchCheck;
use tessera_core::{Point, Scalar, Suite};
use tessera_frost::Epoch;

use super::SessionSuite;
use super::action::SignedAction;
use super::cache::VerifiedCertificates;
use super::certificate::Certificate;
use super::revocation::RevocationList;
use crate::error::Error;
use crate::schnorr::{EncodedKey, EncodedSignature, hex, push_equation, verify_one};

/// What a verifier accepts: the account it verifies for, whether it
/// revokes certificates by key epoch, and its explicit revocation list.
#[derive(Clone, Debug)]
pub struct Verifier<S: Suite> {
    account: EncodedKey<S>,
    current_epoch: Option<Epoch>,
    revoked: RevocationList<S>,
}

impl<S: Suite> Verifier<S> {
    /// A verifier for the account with group key `account`, revoking by
    /// list only (empty).
    pub fn new(account: Point<S>) -> Self {
        Self {
            account: EncodedKey::new(account),
            current_epoch: None,
            revoked: RevocationList::new(),
        }
    }

    /// Revokes by epoch: only certificates issued at `current` (the
    /// account's epoch now) are accepted, so every refresh or reshare
    /// revokes every earlier certificate.
    pub fn revoke_by_epoch(mut self, current: Epoch) -> Self {
        self.current_epoch = Some(current);
        self
    }

    /// Uses `list` as the explicit revocation list.
    pub fn with_revocations(mut self, list: RevocationList<S>) -> Self {
        self.revoked = list;
        self
    }

    /// The checks that need no signature: account, window, scope,
    /// revocation list, epoch.
    fn check_claims<K: SessionSuite>(
        &self,
        certificate: &Certificate<S, K>,
        now: u64,
        scope: Option<&str>,
    ) -> Result<(), Error<S>> {
        if certificate.account_key().bytes != self.account.bytes {
            return Err(Error::WrongAccount {
                expected: hex(&self.account.bytes),
                found: hex(&certificate.account_key().bytes),
            });
        }
        let window = certificate.window();
        if now < window.not_before {
            return Err(Error::CertificateNotYetValid {
                not_before: window.not_before,
                now,
            });
        }
        if now > window.not_after {
            return Err(Error::CertificateExpired {
                not_after: window.not_after,
                now,
            });
        }
        if let Some(scope) = scope {
            if !certificate.scopes().iter().any(|s| s == scope) {
                return Err(Error::WrongScope {
                    requested: scope.to_string(),
                    granted: certificate.scopes().to_vec(),
                });
            }
        }
        if self.revoked.contains(&certificate.id()) {
            return Err(Error::CertificateRevoked {
                id: certificate.id_hex(),
            });
        }
        if let Some(current) = self.current_epoch {
            if certificate.epoch() != current {
                return Err(Error::CertificateEpochRevoked {
                    issued: certificate.epoch(),
                    current,
                });
            }
        }
        Ok(())
    }

    /// Verifies a certificate at time `now` (seconds since the UNIX epoch),
    /// and that it grants `scope` when one is given.
    pub fn verify_certificate<K: SessionSuite>(
        &self,
        certificate: &Certificate<S, K>,
        now: u64,
        scope: Option<&str>,
    ) -> Result<(), Error<S>> {
        self.check_claims(certificate, now, scope)?;
        if verify_one(
            certificate.account_key(),
            certificate.message(),
            certificate.encoded_signature(),
        ) {
            Ok(())
        } else {
            Err(Error::ForgedCertificate)
        }
    }

    /// Verifies a signed action at time `now`: its certificate (as
    /// [`Verifier::verify_certificate`], for the action's scope, which must
    /// equal `scope` when one is given) and the session signature. When the
    /// account and the session key are of one suite, both signature
    /// equations are checked in one multi-scalar multiplication.
    pub fn verify_action<K: SessionSuite>(
        &self,
        action: &SignedAction<S, K>,
        now: u64,
        scope: Option<&str>,
    ) -> Result<(), Error<S>> {
        self.check_action_claims(action, now, scope)?;
        self.check_signatures(action)
    }

    /// Verifies a signed action as [`Verifier::verify_action`] does, except
    /// that the account signature of a certificate `cache` holds is not
    /// verified again: the certificate's claims (account, window, scope,
    /// revocation, epoch) and the session signature are checked every
    /// time. A certificate verified here enters the cache once the whole
    /// action has checked out. Pair with [`SignedAction::from_bytes_cached`]
    /// to skip decoding the certificate as well: a service that sees one
    /// session certificate on many requests then checks each with one
    /// signature verification instead of two and three point decodings
    /// fewer.
    pub fn verify_action_cached<K: SessionSuite>(
        &self,
        action: &SignedAction<S, K>,
        now: u64,
        scope: Option<&str>,
        cache: &VerifiedCertificates<S, K>,
    ) -> Result<(), Error<S>> {
        self.check_action_claims(action, now, scope)?;
        let certificate = action.certificate();
        if cache.contains(certificate.as_bytes()) {
            return if verify_one(
                certificate.session_encoded(),
                action.message(),
                action.encoded_signature(),
            ) {
                Ok(())
            } else {
                Err(Error::InvalidSessionSignature)
            };
        }
        self.check_signatures(action)?;
        cache.insert(certificate, now);
        Ok(())
    }

    /// The action's scope against `scope`, then its certificate's claims.
    fn check_action_claims<K: SessionSuite>(
        &self,
        action: &SignedAction<S, K>,
        now: u64,
        scope: Option<&str>,
    ) -> Result<(), Error<S>> {
        if let Some(scope) = scope {
            if scope != action.scope() {
                return Err(Error::WrongScope {
                    requested: scope.to_string(),
                    granted: vec![action.scope().to_string()],
                });
            }
        }
        self.check_claims(action.certificate(), now, Some(action.scope()))
    }

    /// Both signatures of an action: the account's on the certificate and
    /// the session key's on the action.
    fn check_signatures<K: SessionSuite>(
        &self,
        action: &SignedAction<S, K>,
    ) -> Result<(), Error<S>> {
        let certificate = action.certificate();
        let session_key = certificate.session_encoded();
        let session_signature = action.encoded_signature();
        let same_suite = (session_key as &dyn Any)
            .downcast_ref::<EncodedKey<S>>()
            .zip((session_signature as &dyn Any).downcast_ref::<EncodedSignature<S>>());
        if let Some((key, signature)) = same_suite {
            let weight = batch_weight::<S>(certificate, action.message(), &signature.bytes);
            let mut batch = BatchCheck::<S>::with_capacity(4);
            push_equation(
                &mut batch,
                &Scalar::<S>::from(1u64),
                certificate.account_key(),
                certificate.message(),
                certificate.encoded_signature(),
            );
            push_equation(&mut batch, &weight, key, action.message(), signature);
            if batch.verify() {
                return Ok(());
            }
        }
        // Separate checks: for different suites, and to tell which of the
        // two signatures failed a batch.
        if !verify_one(
            certificate.account_key(),
            certificate.message(),
            certificate.encoded_signature(),
        ) {
            return Err(Error::ForgedCertificate);
        }
        if !verify_one(session_key, action.message(), session_signature) {
            return Err(Error::InvalidSessionSignature);
        }
        Ok(())
    }
}

/// The weight of the session equation in a batch: SHA-512 of both signed
/// messages and both signatures, reduced to a scalar, so it is fixed only
/// after both signatures are.
fn batch_weight<S: Suite>(
    certificate: &Certificate<impl Suite, impl SessionSuite>,
    action_message: &[u8],
    action_signature: &[u8],
) -> Scalar<S> {
    let mut h = Sha512::new();
    h.update(b"tessera session batch v1");
    for part in [
        certificate.message(),
        &certificate.encoded_signature().bytes,
        action_message,
        action_signature,
    ] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part);
    }
    S::hash_to_scalar(b"session-batch", &[h.finalize().as_slice()])
}
