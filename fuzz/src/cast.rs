//! Who takes part, who is honest, and the honest parties' material, all
//! from fixed seeds so that the harness knows who is honest and every run
//! is reproducible. Fixtures that cost much to make (dealt keys, ECDSA pair
//! setups) are made once per process and reused.

use core::any::{Any, TypeId};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::SeedableRng;
use tessera_core::{Identifier, SecretScalar, Suite};
use tessera_keys::dealer::{self, DealerOutput};

/// The participants of one run: identifiers `1..=n`, threshold `t`, and
/// which of them are honest.
#[derive(Clone, Debug)]
pub struct Cast<S: Suite> {
    /// The threshold.
    pub t: u16,
    /// Every participant, sorted.
    pub ids: Vec<Identifier<S>>,
    /// The honest participants (at least one).
    pub honest: Vec<Identifier<S>>,
    /// The hostile participants (at least one).
    pub hostile: Vec<Identifier<S>>,
}

/// Identifier `i` (non-zero).
pub fn id<S: Suite>(i: u16) -> Identifier<S> {
    Identifier::new(i.max(1)).unwrap_or_else(|| unreachable!("a non-zero identifier"))
}

impl<S: Suite> Cast<S> {
    /// The cast a shape byte picks: bit 0 the threshold (`2` or `3`), bit 1
    /// one more participant than the threshold, bits 2.. which
    /// participants are hostile (at least one is, and at least one is not).
    pub fn new(shape: u8) -> Self {
        let t = 2 + u16::from(shape & 1);
        let n = t + u16::from((shape >> 1) & 1);
        let mask = shape >> 2;
        let ids: Vec<Identifier<S>> = (1..=n).map(id).collect();
        let mut hostile: Vec<Identifier<S>> = (1..=n)
            .filter(|i| mask & (1 << (i - 1)) != 0)
            .map(id)
            .collect();
        if hostile.is_empty() {
            hostile.push(id(n));
        }
        if hostile.len() == ids.len() {
            hostile.remove(0);
        }
        let honest = ids
            .iter()
            .copied()
            .filter(|i| !hostile.contains(i))
            .collect();
        Self {
            t,
            ids,
            honest,
            hostile,
        }
    }

    /// Whether `id` is honest.
    pub fn is_honest(&self, id: &Identifier<S>) -> bool {
        self.honest.contains(id)
    }

    /// The participants a bit mask picks (bit `i` for the `i+1`-th), or all
    /// of them when it picks none.
    pub fn subset(&self, mask: u8) -> Vec<Identifier<S>> {
        let picked: Vec<_> = self
            .ids
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, id)| *id)
            .collect();
        if picked.is_empty() {
            self.ids.clone()
        } else {
            picked
        }
    }
}

/// A deterministic RNG for one party's step, seeded from a label.
pub fn rng(parts: &[&[u8]]) -> ChaCha20Rng {
    let mut seed = [0x5au8; 32];
    for (i, b) in parts.iter().flat_map(|p| p.iter()).enumerate() {
        let slot = &mut seed[i % 32];
        *slot = slot.wrapping_mul(31).wrapping_add(*b);
    }
    ChaCha20Rng::from_seed(seed)
}

type Cache = HashMap<(TypeId, &'static str, u64), Rc<dyn Any>>;

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(HashMap::new());
}

/// The value `make` returns, made once per process for suite `S`, `what`
/// and `key`.
pub fn cached<S: Suite, T: 'static>(
    what: &'static str,
    key: u64,
    make: impl FnOnce() -> T,
) -> Rc<T> {
    let slot = (TypeId::of::<S>(), what, key);
    if let Some(hit) = CACHE.with(|c| c.borrow().get(&slot).cloned())
        && let Ok(value) = hit.downcast::<T>()
    {
        return value;
    }
    let value = Rc::new(make());
    let stored: Rc<dyn Any> = value.clone();
    CACHE.with(|c| c.borrow_mut().insert(slot, stored));
    value
}

/// A key dealt `t`-of-`n` to identifiers `1..=n`, from a fixed seed, and
/// the secret it shares.
pub struct Dealt<S: Suite> {
    /// The dealer's output.
    pub output: DealerOutput<S>,
    /// The shared secret.
    pub secret: SecretScalar<S>,
}

/// The fixed key of `t`-of-`n` in suite `S`.
pub fn dealt<S: Suite>(t: u16, n: u16) -> Rc<Dealt<S>> {
    cached::<S, _>("dealt", u64::from(t) << 16 | u64::from(n), || {
        let ids: Vec<Identifier<S>> = (1..=n).map(id).collect();
        let mut rng = rng(&[b"dealer", &t.to_be_bytes(), &n.to_be_bytes()]);
        let secret = SecretScalar::random(&mut rng);
        let output = dealer::split_secret(&secret, t, &ids, &mut rng)
            .unwrap_or_else(|e| panic!("fixture: dealing {t}-of-{n}: {e}"));
        Dealt { output, secret }
    })
}
