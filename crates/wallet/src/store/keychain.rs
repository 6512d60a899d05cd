//! What one member's store file holds, and its encoding (the plaintext of
//! the file).
//!
//! Body (after the header `version || suite || 0x78`), each variable part
//! `u32`-length-prefixed: the member's name (UTF-8), its key package, the
//! public key package, a `u32` count of threshold-ECDSA pair setups and
//! each setup, then `0` or `1` and, with `1`, the session: its suite tag,
//! the session key's secret scalar and the certificate.

use core::fmt;

use tessera_core::Suite;
use tessera_core::encoding::{FORMAT_VERSION, HEADER_LEN, Reader, Wire, Writer, check_header_of};
use tessera_ecdsa::{EcdsaSuite, PairSetup, PairwiseSetups};
use tessera_frost::{KeyPackage, PublicKeyPackage, legacy};
use zeroize::Zeroizing;

use crate::error::Error;
use crate::schnorr::SigningKey;
use crate::session::{Certificate, SessionKey, SessionSuite};

/// Wire kind of a [`Keychain`] (the store's plaintext).
pub const KIND_KEYCHAIN: u8 = 0x78;

/// A session key with its certificate.
pub type StoredPair<S, K> = (SessionKey<K>, Certificate<S, K>);

/// A session key and its certificate, kept as bytes of the session suite.
#[derive(Clone)]
struct StoredSession {
    suite: u8,
    secret: Zeroizing<Vec<u8>>,
    certificate: Vec<u8>,
}

/// One member's secrets: its key package and the public key package of the
/// account, its threshold-ECDSA pair setups (secp256k1 and P-256), and its
/// session key with certificate. Wiped on drop; `Debug` prints no secret.
#[derive(Clone)]
pub struct Keychain<S: Suite> {
    name: String,
    key: KeyPackage<S>,
    public: PublicKeyPackage<S>,
    ecdsa: Vec<Zeroizing<Vec<u8>>>,
    session: Option<StoredSession>,
}

impl<S: Suite> Keychain<S> {
    /// Member `name`'s keychain with `key`, which must belong to `public`
    /// (same epoch and group key, and its verifying share listed).
    pub fn new(
        name: &str,
        key: KeyPackage<S>,
        public: PublicKeyPackage<S>,
    ) -> Result<Self, Error<S>> {
        check_key(&key, &public)?;
        Ok(Self {
            name: name.to_string(),
            key,
            public,
            ecdsa: Vec::new(),
            session: None,
        })
    }

    /// The member's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The member's key package.
    pub fn key(&self) -> &KeyPackage<S> {
        &self.key
    }

    /// The account's public key package.
    pub fn public(&self) -> &PublicKeyPackage<S> {
        &self.public
    }

    /// Replaces the key after a refresh, reshare or repair. The ECDSA
    /// setups are kept (they do not depend on the shares); the session is
    /// kept too (whether a verifier still accepts its certificate is the
    /// verifier's policy).
    pub fn set_key(
        &mut self,
        key: KeyPackage<S>,
        public: PublicKeyPackage<S>,
    ) -> Result<(), Error<S>> {
        check_key(&key, &public)?;
        self.key = key;
        self.public = public;
        Ok(())
    }

    /// Stores a session key and its certificate (replacing any).
    pub fn set_session<K: SessionSuite>(
        &mut self,
        key: &SessionKey<K>,
        certificate: &Certificate<S, K>,
    ) -> Result<(), Error<S>> {
        if key.public() != certificate.session_key() {
            return Err(Error::InvalidCertificate(
                "the certificate does not certify this session key",
            ));
        }
        self.session = Some(StoredSession {
            suite: K::ID,
            secret: key.to_bytes(),
            certificate: certificate.to_bytes(),
        });
        Ok(())
    }

    /// The suite tag of the stored session key, if any.
    pub fn session_suite(&self) -> Option<u8> {
        self.session.as_ref().map(|s| s.suite)
    }

    /// The stored session key and certificate, if any, decoded as suite
    /// `K` ([`Error::SessionSuiteMismatch`] for another suite).
    pub fn session<K: SessionSuite>(&self) -> Result<Option<StoredPair<S, K>>, Error<S>> {
        let Some(stored) = &self.session else {
            return Ok(None);
        };
        if stored.suite != K::ID {
            return Err(Error::SessionSuiteMismatch {
                found: stored.suite,
                expected: K::ID,
            });
        }
        let key = SigningKey::<K>::from_bytes(&stored.secret)
            .map_err(|e| Error::SessionEncoding(e.to_string()))?;
        let certificate = Certificate::from_bytes(&stored.certificate)?;
        Ok(Some((key, certificate)))
    }

    /// The encoded threshold-ECDSA pair setups, as stored.
    pub(crate) fn ecdsa_encoded(&self) -> &[Zeroizing<Vec<u8>>] {
        &self.ecdsa
    }

    /// Replaces the encoded threshold-ECDSA pair setups (each is decoded
    /// strictly when [`Keychain::ecdsa_setups`] is called).
    pub(crate) fn set_ecdsa_encoded(&mut self, setups: Vec<Zeroizing<Vec<u8>>>) {
        self.ecdsa = setups;
    }

    /// Takes over `other`'s session key and certificate (or none), as they
    /// are stored: keeps a member's session when its keychain is rebuilt
    /// after a refresh, reshare or repair.
    pub fn copy_session_from(&mut self, other: &Self) {
        self.session.clone_from(&other.session);
    }

    /// Removes the session.
    pub fn clear_session(&mut self) {
        self.session = None;
    }

    /// The encoding (the store's plaintext), wiped when dropped.
    pub fn to_bytes(&self) -> Zeroizing<Vec<u8>> {
        let mut w = Writer::default();
        w.raw(&[FORMAT_VERSION, S::ID, KIND_KEYCHAIN]);
        w.bytes(self.name.as_bytes());
        let key = Zeroizing::new(self.key.to_bytes());
        w.bytes(&key);
        w.bytes(&self.public.to_bytes());
        w.count(self.ecdsa.len());
        for setup in &self.ecdsa {
            w.bytes(setup);
        }
        match &self.session {
            None => w.raw(&[0]),
            Some(s) => {
                w.raw(&[1, s.suite]);
                w.bytes(&s.secret);
                w.bytes(&s.certificate);
            }
        }
        Zeroizing::new(w.as_bytes().to_vec())
    }

    /// Decodes a keychain strictly: the key package must belong to the
    /// public key package. The ECDSA setups and the session are decoded
    /// when asked for.
    ///
    /// A keychain written at wire-format version 1 (a store saved by an
    /// earlier tessera) is read too: its key and public key packages go
    /// through [`tessera_frost::legacy::upgrade_v1`], and the messages it
    /// holds whose encoding did not change (ECDSA pair setups, the session
    /// certificate) get the current version in their header. Saving the
    /// keychain again writes the current version.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error<S>> {
        let mut r = Reader::<S>::new(bytes);
        let header = r.take_array::<HEADER_LEN>()?;
        let v1 = header[0] == legacy::V1;
        let version = if v1 { legacy::V1 } else { FORMAT_VERSION };
        check_header_of::<S>(version, header, KIND_KEYCHAIN)?;
        let name = std::str::from_utf8(r.bytes()?)
            .map_err(|_| Error::InvalidCertificate("the member's name is not UTF-8"))?
            .to_string();
        let (key, public) = if v1 {
            let key = r.bytes()?;
            let upgraded = legacy::upgrade_v1::<S>(key, r.bytes()?)?;
            (upgraded.key, upgraded.public)
        } else {
            let key = KeyPackage::<S>::from_bytes(r.bytes()?)?;
            (key, PublicKeyPackage::<S>::from_bytes(r.bytes()?)?)
        };
        let n = r.count(4)?;
        let ecdsa = (0..n)
            .map(|_| Ok(Zeroizing::new(current(r.bytes()?, v1))))
            .collect::<Result<Vec<_>, Error<S>>>()?;
        let session = match r.take_array::<1>()? {
            [0] => None,
            [1] => {
                let [suite] = r.take_array::<1>()?;
                let secret = Zeroizing::new(r.bytes()?.to_vec());
                let certificate = current(r.bytes()?, v1);
                Some(StoredSession {
                    suite,
                    secret,
                    certificate,
                })
            }
            [other] => {
                return Err(tessera_core::Error::<S>::InvalidLength(usize::from(other)).into());
            }
        };
        r.finish()?;
        check_key(&key, &public)?;
        Ok(Self {
            name,
            key,
            public,
            ecdsa,
            session,
        })
    }
}

impl<S: EcdsaSuite> Keychain<S> {
    /// Stores the member's threshold-ECDSA pair setups (replacing any).
    pub fn set_ecdsa_setups(&mut self, setups: &PairwiseSetups<S>) -> Result<(), Error<S>> {
        if setups.me() != self.key.id() {
            return Err(tessera_core::Error::UnknownParticipant {
                culprit: setups.me(),
            }
            .into());
        }
        self.ecdsa = setups
            .pairs()
            .map(|p| Zeroizing::new(p.to_bytes()))
            .collect();
        Ok(())
    }

    /// The member's threshold-ECDSA pair setups (none until set).
    pub fn ecdsa_setups(&self) -> Result<PairwiseSetups<S>, Error<S>> {
        let mut setups = PairwiseSetups::new(self.key.id());
        for bytes in &self.ecdsa {
            setups.insert(PairSetup::<S>::from_bytes(bytes)?)?;
        }
        Ok(setups)
    }
}

/// A message stored in a keychain, with a version 1 header rewritten to
/// the current version when the keychain is of version 1 (only for kinds
/// whose body did not change; the decoder then checks the rest).
fn current(bytes: &[u8], v1: bool) -> Vec<u8> {
    let mut bytes = bytes.to_vec();
    if let (true, Some(version)) = (v1, bytes.first_mut())
        && *version == legacy::V1
    {
        *version = FORMAT_VERSION;
    }
    bytes
}

/// `key` belongs to `public`.
fn check_key<S: Suite>(key: &KeyPackage<S>, public: &PublicKeyPackage<S>) -> Result<(), Error<S>> {
    if key.epoch() != public.epoch()
        || key.group_key() != public.group_key()
        || public.verifying_share(&key.id())? != key.verifying_share()
    {
        return Err(tessera_frost::Error::InconsistentKey(
            "the key package does not belong to the public key package",
        )
        .into());
    }
    Ok(())
}

impl<S: Suite> fmt::Debug for Keychain<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keychain")
            .field("name", &self.name)
            .field("key", &self.key)
            .field("ecdsa_setups", &self.ecdsa.len())
            .field("session_suite", &self.session.as_ref().map(|s| s.suite))
            .finish_non_exhaustive()
    }
}
