//! The device's side of co-signing: one request to the service's inbox,
//! one answer back, then the device's own share and the signature.

use std::collections::BTreeMap;
use std::time::Duration;

use tessera_core::{Identifier, Suite};
use tessera_frost::{KeyPackage, PublicKeyPackage, Signature, SigningPackage, round1};

use super::wire::{AuthorizedRequest, CoSignRequest, SignRequest, open_answer, request_frame};
use crate::relay::RelayClient;
use crate::roster::Roster;
use crate::transport::{Address, Transport};

/// What [`request_signature`] returns on failure.
pub type DeviceError<S> = crate::Error<S, tessera_frost::Error<S>>;

/// Asks the service at `service` to co-sign `request` (a [`SignRequest`]
/// signed by the device's certified session key, see
/// [`SignRequest::authorize`]) and returns the signature.
///
/// The request's signers must be this device (`key`) and the service,
/// the device first: the device draws its nonces, sends their commitment
/// with the request, and waits up to `round_timeout` for the service's
/// answer ([`super::CoSignAnswer`]); frames in the session that are not a
/// valid answer signed by the service are ignored. It then signs the
/// package made of both commitments and aggregates
/// ([`tessera_frost::sign_and_aggregate`]: the package derived once); if
/// the signature does not verify, the error names the service (its share
/// is checked on its own). No answer in time: [`crate::Error::Timeout`] naming the service,
/// which is also what a refused request looks like (the service does not
/// tell an unauthenticated sender why).
pub async fn request_signature<S: Suite>(
    client: &RelayClient,
    service: &Address,
    key: &KeyPackage<S>,
    public: &PublicKeyPackage<S>,
    roster: &Roster<S>,
    request: &AuthorizedRequest<S>,
    round_timeout: Duration,
) -> Result<Signature<S>, DeviceError<S>> {
    let usage = |what: &str| crate::Error::Request(what.to_owned());
    let inner = SignRequest::from_bytes(request.action())
        .ok_or_else(|| usage("the signed action is not a sign request"))?;
    let service_id = roster
        .id(service)
        .ok_or_else(|| usage("the service's identity key is not in the roster"))?;
    let signers = inner
        .signers
        .iter()
        .map(|n| Identifier::<S>::new(*n))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| usage("a signer identifier is zero"))?;
    if signers != [key.id(), service_id] {
        return Err(usage(
            "the request's signers must be this device, then the service (a device co-signs with the service alone)",
        ));
    }
    let mut rng = crate::runner::fresh_rng();
    let (nonces, commitment) = round1::commit(key, &mut rng);
    let frame = request_frame(
        client.identity(),
        service,
        &CoSignRequest {
            authorized: request.clone(),
            commitments: vec![commitment],
        },
    )
    .ok_or_else(|| usage("the request is too large for a frame"))?;
    let session = inner.session_id(roster);
    let mut answers = client.session(session);
    // The request and the wait for its answer in one HTTP request; then
    // whatever time is left for an answer that did not come with it.
    let started = tokio::time::Instant::now();
    answers
        .send_and_await_reply(super::inbox_id(service), &[*service], frame, round_timeout)
        .await?;
    let left = round_timeout.saturating_sub(started.elapsed());
    let answer = tokio::time::timeout(left, async {
        loop {
            let received = answers.recv().await?;
            if received.from != *service {
                continue;
            }
            if let Some(answer) = open_answer::<S>(&received.frame, &session, service) {
                return Ok::<_, crate::TransportError>(answer);
            }
        }
    })
    .await
    .map_err(|_| crate::Error::Timeout {
        round: 1,
        culprits: vec![service_id],
    })??;
    let package = SigningPackage::new(
        public.epoch(),
        BTreeMap::from([(key.id(), commitment), (service_id, answer.commitment)]),
        &inner.message,
    );
    let theirs = BTreeMap::from([(service_id, answer.share)]);
    tessera_frost::sign_and_aggregate(&package, nonces, key, &theirs, public)
        .map_err(crate::Error::Protocol)
}
