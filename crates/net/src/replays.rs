//! The login service's memory of request nonces, bounded in time and in
//! size.
//!
//! A signing request names its session by a fresh nonce, and the service
//! refuses an (account, nonce) pair it has seen. It only needs to remember
//! a nonce while the request could still be accepted, that is while the
//! session certificate that authorized it is valid: once the certificate's
//! window has ended, a replay is refused by the certificate check. So each
//! nonce is kept until its certificate's `not_after` and then forgotten.
//!
//! The clock only moves forward here ([`Replays::now`]): a system clock set
//! back cannot make an expired, forgotten nonce's certificate valid again,
//! because the service checks certificates against the same high-water
//! time. Within the windows, the memory is bounded per account and in
//! total; a request over either bound is refused (never a remembered nonce
//! forgotten early, which would let it be replayed).

use std::collections::{BTreeSet, HashMap, HashSet};

/// How many unexpired nonces one account may have by default.
pub const DEFAULT_PER_ACCOUNT: usize = 10_000;

/// How many unexpired nonces the service keeps by default, all accounts
/// together (about 100 bytes each).
pub const DEFAULT_TOTAL: usize = 1_000_000;

/// Why a nonce was not recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The (account, nonce) pair is remembered: a replay.
    Replay,
    /// The account has `limit` unexpired nonces already.
    AccountFull {
        /// The per-account bound.
        limit: usize,
    },
    /// The service has `limit` unexpired nonces already.
    ServiceFull {
        /// The total bound.
        limit: usize,
    },
}

/// The unexpired nonces, by account.
#[derive(Debug)]
pub struct Replays {
    per_account: usize,
    total: usize,
    /// The latest time seen (seconds since the UNIX epoch).
    high_water: u64,
    /// Every remembered pair.
    seen: HashSet<(String, [u8; 32])>,
    /// The same pairs by expiry, to forget them in order.
    by_expiry: BTreeSet<(u64, String, [u8; 32])>,
    /// Remembered pairs per account.
    counts: HashMap<String, usize>,
}

impl Default for Replays {
    fn default() -> Self {
        Self::new(DEFAULT_PER_ACCOUNT, DEFAULT_TOTAL)
    }
}

impl Replays {
    /// At most `per_account` unexpired nonces per account and `total` in
    /// all.
    pub fn new(per_account: usize, total: usize) -> Self {
        Self {
            per_account,
            total,
            high_water: 0,
            seen: HashSet::new(),
            by_expiry: BTreeSet::new(),
            counts: HashMap::new(),
        }
    }

    /// Moves the clock to `clock` if that is later than any time seen, and
    /// returns the (never decreasing) time to check certificates at.
    pub fn now(&mut self, clock: u64) -> u64 {
        self.high_water = self.high_water.max(clock);
        self.high_water
    }

    /// Records `nonce` for `account`, to be remembered until `expires`
    /// (the certificate's last valid second), after forgetting every
    /// nonce that expired before the current time.
    pub fn record(&mut self, account: &str, nonce: [u8; 32], expires: u64) -> Result<(), Refusal> {
        self.forget_expired();
        let key = (account.to_owned(), nonce);
        if self.seen.contains(&key) {
            return Err(Refusal::Replay);
        }
        let count = self.counts.get(account).copied().unwrap_or(0);
        if count >= self.per_account {
            return Err(Refusal::AccountFull {
                limit: self.per_account,
            });
        }
        if self.seen.len() >= self.total {
            return Err(Refusal::ServiceFull { limit: self.total });
        }
        self.by_expiry.insert((expires, key.0.clone(), nonce));
        self.seen.insert(key);
        *self.counts.entry(account.to_owned()).or_insert(0) += 1;
        Ok(())
    }

    /// How many nonces are remembered.
    pub fn len(&self) -> usize {
        self.seen.len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }

    /// Forgets the nonces whose certificates expired before the current
    /// time (a certificate is valid through its `not_after` second).
    fn forget_expired(&mut self) {
        while let Some(first) = self.by_expiry.first() {
            if first.0 >= self.high_water {
                break;
            }
            let Some((_, account, nonce)) = self.by_expiry.pop_first() else {
                break;
            };
            if let Some(count) = self.counts.get_mut(&account) {
                *count = count.saturating_sub(1);
                if *count == 0 {
                    self.counts.remove(&account);
                }
            }
            self.seen.remove(&(account, nonce));
        }
    }
}
