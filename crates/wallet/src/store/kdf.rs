//! Argon2id parameters and the key derivation.

use argon2::{Algorithm, Argon2, Params, Version};
use tessera_core::Suite;
use zeroize::Zeroizing;

use crate::error::Error;

/// The largest memory cost a file may ask for when opened, in KiB (1 GiB):
/// a hostile file cannot make the reader allocate more.
const MAX_MEMORY_KIB: u32 = 1 << 20;
/// The most passes a file may ask for.
const MAX_PASSES: u32 = 64;
/// The most lanes a file may ask for.
const MAX_LANES: u32 = 16;

/// Argon2id cost parameters, stored in each file's header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KdfParams {
    memory_kib: u32,
    passes: u32,
    lanes: u32,
}

impl Default for KdfParams {
    fn default() -> Self {
        Self::OWASP
    }
}

impl KdfParams {
    /// OWASP's first Argon2id configuration (Password Storage Cheat Sheet):
    /// 19 MiB of memory, 2 passes, 1 lane. The floor of [`KdfParams::new`].
    pub const OWASP: Self = Self {
        memory_kib: 19 * 1024,
        passes: 2,
        lanes: 1,
    };

    /// Parameters at least as strong as [`KdfParams::OWASP`] in memory and
    /// passes (and at most 1 GiB, 64 passes, 16 lanes).
    pub fn new<S: Suite>(memory_kib: u32, passes: u32, lanes: u32) -> Result<Self, Error<S>> {
        if memory_kib < Self::OWASP.memory_kib || passes < Self::OWASP.passes {
            return Err(Error::StoreKdfParams(format!(
                "{memory_kib} KiB and {passes} passes are weaker than the minimum of {} KiB and {} passes",
                Self::OWASP.memory_kib,
                Self::OWASP.passes
            )));
        }
        Self::checked(memory_kib, passes, lanes)
    }

    /// Cheap parameters (64 KiB, 1 pass) that make tests fast. They give a
    /// password almost no protection: only for tests.
    #[cfg(feature = "insecure-test-kdf")]
    pub fn insecure_for_tests() -> Self {
        Self {
            memory_kib: 64,
            passes: 1,
            lanes: 1,
        }
    }

    /// Parameters read from a file: within the bounds a reader accepts
    /// (Argon2's own minimums, at most 1 GiB, 64 passes, 16 lanes).
    pub(crate) fn checked<S: Suite>(
        memory_kib: u32,
        passes: u32,
        lanes: u32,
    ) -> Result<Self, Error<S>> {
        if !(1..=MAX_LANES).contains(&lanes) {
            return Err(Error::StoreKdfParams(format!(
                "{lanes} lanes; 1 to {MAX_LANES} are accepted"
            )));
        }
        if !(1..=MAX_PASSES).contains(&passes) {
            return Err(Error::StoreKdfParams(format!(
                "{passes} passes; 1 to {MAX_PASSES} are accepted"
            )));
        }
        if memory_kib < 8 * lanes || memory_kib > MAX_MEMORY_KIB {
            return Err(Error::StoreKdfParams(format!(
                "{memory_kib} KiB of memory; {} to {MAX_MEMORY_KIB} KiB are accepted",
                8 * lanes
            )));
        }
        Ok(Self {
            memory_kib,
            passes,
            lanes,
        })
    }

    /// Memory cost in KiB.
    pub fn memory_kib(&self) -> u32 {
        self.memory_kib
    }

    /// Passes (time cost).
    pub fn passes(&self) -> u32 {
        self.passes
    }

    /// Lanes (parallelism).
    pub fn lanes(&self) -> u32 {
        self.lanes
    }

    /// Argon2id of `password` and `salt`: 48 bytes, wiped when dropped.
    pub(crate) fn derive<S: Suite>(
        &self,
        password: &[u8],
        salt: &[u8],
    ) -> Result<Zeroizing<[u8; 48]>, Error<S>> {
        let params = Params::new(self.memory_kib, self.passes, self.lanes, Some(48))
            .map_err(|e| Error::StoreKdfParams(e.to_string()))?;
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let mut out = Zeroizing::new([0u8; 48]);
        argon
            .hash_password_into(password, salt, out.as_mut())
            .map_err(|e| Error::StoreKdfParams(e.to_string()))?;
        Ok(out)
    }
}
