//! FROST end to end with fuzzer-chosen parameters and randomness: a dealer
//! splits a key `t`-of-`n`, some signers sign a message, the aggregate must
//! verify (alone and in a batch), and any bit flipped in the signature, the
//! message or the group key must make verification fail. When asked, one
//! signer's share is corrupted, and aggregation must fail naming exactly
//! that signer.
//!
//! Input layout, after the suite selector byte:
//!
//! | bytes | meaning |
//! |-------|---------|
//! | 1     | parameters: bits 0-1 `t` (2..=5), bits 2-3 `n` (t..=5), bits 4-5 extra signers, bit 6 derived identifiers, bit 7 corrupt a share |
//! | 32    | ChaCha20 seed (zero-padded if the input is shorter) |
//! | 2 + 2 | two bit positions to flip in `signature || message || group key` (big-endian; `0xffff` = none; two equal positions cancel) |
//! | rest  | the message |

use std::collections::BTreeMap;

use crate::with_suite;
use ff::Field;
use group::GroupEncoding;
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};
use tessera_core::encoding::Wire;
use tessera_core::{Identifier, Suite};
use tessera_frost::{
    Signature, SignatureShare, SigningPackage, aggregate, round1, round2, verify_batch,
    verify_signature_share,
};
use tessera_keys::dealer;

/// Splits `n` bytes off the front of `data` (fewer if it is shorter).
fn take<'a>(data: &mut &'a [u8], n: usize) -> &'a [u8] {
    let (head, tail) = data.split_at(n.min(data.len()));
    *data = tail;
    head
}

fn flip(bytes: &mut [u8], bit: usize) {
    if let Some(b) = bytes.get_mut(bit / 8) {
        *b ^= 1 << (bit % 8);
    }
}

fn check<S: Suite>(mut data: &[u8]) {
    let params = take(&mut data, 1).first().copied().unwrap_or(0);
    let mut seed = [0u8; 32];
    let seed_bytes = take(&mut data, 32);
    seed[..seed_bytes.len()].copy_from_slice(seed_bytes);
    let flips: Vec<u16> = take(&mut data, 4)
        .chunks_exact(2)
        .map(|c| u16::from_be_bytes([c[0], c[1]]))
        .filter(|&f| f != u16::MAX)
        .collect();
    let message = data;

    let t = 2 + u16::from(params & 3);
    let n = t + u16::from((params >> 2) & 3) % (6 - t);
    let signers = usize::from(t + u16::from((params >> 4) & 3) % (n - t + 1));
    let derived_ids = params & 0x40 != 0;
    let corrupt = params & 0x80 != 0;
    let mut rng = ChaCha20Rng::from_seed(seed);

    // Identifiers 1..=n, or derived from names (large, unordered scalars).
    let ids: Vec<Identifier<S>> = (1..=n)
        .map(|i| {
            if derived_ids {
                Identifier::derive(&[b'p', (i & 0xff) as u8]).expect("derived identifier")
            } else {
                Identifier::new(i).expect("non-zero identifier")
            }
        })
        .collect();
    let dealt = dealer::keygen::<S, _>(t, &ids, &mut rng).expect("dealer keygen");
    let public = dealt.public;
    let group_key = public.group_key();

    // A random subset of `signers` key packages.
    let mut keys = dealt.key_packages;
    for i in (1..keys.len()).rev() {
        let j = (rng.next_u64() % (i as u64 + 1)) as usize;
        keys.swap(i, j);
    }
    keys.truncate(signers);

    // Round one, round two.
    let mut nonces = BTreeMap::new();
    let mut commitments = BTreeMap::new();
    for key in &keys {
        let (nonce, commitment) = round1::commit(key, &mut rng);
        nonces.insert(key.id(), nonce);
        commitments.insert(key.id(), commitment);
    }
    let package = SigningPackage::new(public.epoch(), commitments, message);
    let mut shares: BTreeMap<Identifier<S>, SignatureShare<S>> = BTreeMap::new();
    for key in &keys {
        let nonce = nonces.remove(&key.id()).expect("nonce of a signer");
        let share = round2::sign(&package, nonce, key).expect("round two");
        verify_signature_share(&key.id(), &share, &package, &public)
            .expect("honest signature share verifies");
        shares.insert(key.id(), share);
    }

    if corrupt {
        // One wrong share: aggregation fails and names exactly its sender.
        let index = (rng.next_u64() % shares.len() as u64) as usize;
        let culprit = *shares.keys().nth(index).expect("a signer");
        let mut bad = shares.clone();
        let wrong = SignatureShare::new(bad[&culprit].value() + <S::Scalar as Field>::ONE);
        bad.insert(culprit, wrong);
        let err = aggregate(&package, &bad, &public).expect_err("a corrupted share aggregated");
        assert_eq!(err.culprits(), vec![culprit], "wrong culprits: {err}");
        assert!(verify_signature_share(&culprit, &wrong, &package, &public).is_err());
    }

    let signature = aggregate(&package, &shares, &public).expect("honest aggregation");
    signature
        .verify(&group_key, message)
        .expect("aggregate signature verifies");
    assert_eq!(
        <Signature<S> as Wire<S>>::from_bytes(&Wire::<S>::to_bytes(&signature)),
        Ok(signature)
    );

    // Flip bits of `signature || message || group key`.
    let sig_bytes = signature.to_standard_bytes();
    let key_bytes = group_key.to_bytes().as_ref().to_vec();
    let mut all = [&sig_bytes[..], message, &key_bytes[..]].concat();
    let total_bits = 8 * all.len();
    for &f in &flips {
        flip(&mut all, usize::from(f) % total_bits);
    }
    let (sig2, rest) = all.split_at(sig_bytes.len());
    let (msg2, key2) = rest.split_at(message.len());
    let changed = sig2 != sig_bytes || msg2 != message || key2 != key_bytes;

    let decoded = Signature::<S>::from_standard_bytes(sig2)
        .ok()
        .zip(S::decode_point(key2).ok());
    if !changed {
        assert!(decoded.is_some(), "valid encodings rejected");
    }
    let Some((sig2, key2)) = decoded else {
        // The change made an encoding invalid: rejected before verifying.
        return;
    };
    let verifies = sig2.verify(&key2, msg2).is_ok();
    assert_eq!(
        verifies, !changed,
        "t={t} n={n} signers={signers} flips={flips:?}: changed={changed} but verifies={verifies}"
    );

    // Batch verification agrees, and names the altered item.
    let batch = verify_batch::<S, _>(
        &[(group_key, message, signature), (key2, msg2, sig2)],
        &mut rng,
    );
    if changed {
        assert_eq!(batch, Err(tessera_frost::Error::InvalidSignatures(vec![1])));
    } else {
        assert_eq!(batch, Ok(()));
    }
}

/// The target: `[suite selector] [input...]`.
pub fn run(data: &[u8]) {
    let Some((&suite, rest)) = data.split_first() else {
        return;
    };
    with_suite!(suite, check(rest));
}
