//! Frames cut or extended by a relay or a man in the middle: a private
//! frame of several chunks whose trailing chunks are dropped (and whose
//! body length is fixed up) must not open to a prefix of the payload; a
//! broadcast with a changed payload must not open.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use tessera_net::Identity;
use tessera_net::envelope::{self, CHUNK, HEADER_LEN, Kind};
use zeroize::Zeroizing;

fn identity(seed: u8) -> Identity {
    Identity::from_seed(Zeroizing::new([seed; 32]))
}

/// Rewrites the body length (header bytes 103..107) to the body's.
fn fix_length(frame: &mut [u8]) {
    let len = u32::try_from(frame.len() - HEADER_LEN).unwrap();
    frame[HEADER_LEN - 4..HEADER_LEN].copy_from_slice(&len.to_be_bytes());
}

/// The body offsets where each chunk of a private frame starts.
fn chunk_starts(frame: &[u8]) -> Vec<usize> {
    let mut at = HEADER_LEN;
    let mut starts = Vec::new();
    while at < frame.len() {
        starts.push(at);
        let len = u32::from_be_bytes(frame[at..at + 4].try_into().unwrap());
        at += 4 + usize::try_from(len).unwrap();
    }
    starts
}

#[test]
fn a_private_frame_cut_at_a_chunk_boundary_does_not_open() {
    let (a, r) = (identity(1), identity(3));
    let payload: Vec<u8> = (0..2 * CHUNK + 10).map(|i| (i % 251) as u8).collect();
    let frame = envelope::seal_private(&a, &r.public(), [7; 32], 1, &payload).unwrap();
    let (header, body) = envelope::parse(&frame).unwrap();
    let opened = envelope::open_private(&r, &a.public(), &header, body).unwrap();
    assert_eq!(opened.as_slice(), payload.as_slice());

    let starts = chunk_starts(&frame);
    assert_eq!(starts.len(), 3, "the payload takes three chunks");
    for cut in &starts[1..] {
        let mut truncated = frame[..*cut].to_vec();
        fix_length(&mut truncated);
        let (header, body) = envelope::parse(&truncated).unwrap();
        assert!(
            envelope::open_private(&r, &a.public(), &header, body).is_none(),
            "a frame cut to {cut} bytes opens to a prefix of the payload"
        );
    }
    // An empty trailing chunk appended does not open either.
    let mut extended = frame.clone();
    extended.extend_from_slice(&0u32.to_be_bytes());
    fix_length(&mut extended);
    let (header, body) = envelope::parse(&extended).unwrap();
    assert!(envelope::open_private(&r, &a.public(), &header, body).is_none());
}

#[test]
fn a_private_frame_opens_only_for_its_sender_and_recipient() {
    let (a, b, r) = (identity(1), identity(2), identity(3));
    for len in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1] {
        let payload = vec![0xabu8; len];
        let frame = envelope::seal_private(&a, &r.public(), [7; 32], 1, &payload).unwrap();
        let (header, body) = envelope::parse(&frame).unwrap();
        assert_eq!(
            envelope::open_private(&r, &a.public(), &header, body)
                .unwrap()
                .as_slice(),
            payload.as_slice()
        );
        assert!(envelope::open_private(&r, &b.public(), &header, body).is_none());
        assert!(envelope::open_private(&b, &a.public(), &header, body).is_none());
    }
}

#[test]
fn a_broadcast_with_another_payload_does_not_open() {
    let a = identity(1);
    let frame = envelope::seal_broadcast(&a, Kind::Broadcast, [7; 32], 1, b"payload").unwrap();
    let (header, body) = envelope::parse(&frame).unwrap();
    assert_eq!(
        envelope::open_broadcast(&header, body),
        Some(&b"payload"[..])
    );
    for cut in [1, 64, body.len()] {
        let mut short = frame[..frame.len() - cut].to_vec();
        fix_length(&mut short);
        let (header, body) = envelope::parse(&short).unwrap();
        assert!(envelope::open_broadcast(&header, body).is_none());
    }
}
