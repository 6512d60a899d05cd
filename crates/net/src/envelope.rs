//! The frames parties exchange through a transport: a fixed header, then a
//! signed broadcast or a Noise-encrypted private message.
//!
//! | offset | size | field                                              |
//! |--------|------|----------------------------------------------------|
//! | 0      | 4    | magic and version `b"TSN1"`                        |
//! | 4      | 1    | kind: 1 broadcast, 2 private, 3 broadcast digest   |
//! | 5      | 32   | session id                                         |
//! | 37     | 2    | round (big-endian)                                 |
//! | 39     | 32   | sender's Ed25519 key                               |
//! | 71     | 32   | recipient's Ed25519 key (zeros unless private)     |
//! | 103    | 4    | body length (big-endian)                           |
//! | 107    | ...  | body                                               |
//!
//! **Broadcast and digest bodies** are the payload followed by the
//! sender's Ed25519 signature over `"tessera-net/broadcast/v1"`, the first
//! 103 header bytes and the payload: every recipient checks it, and the
//! digest exchange ([`crate::runner`]) finds a sender that signed two
//! different broadcasts for one round.
//!
//! **Private bodies** are a Noise one-way handshake (Noise protocol
//! framework rev. 34, §7.4 pattern `K`: `-> s`, `<- s`, `-> e, es, ss`,
//! `Noise_K_25519_ChaChaPoly_BLAKE2s`) from the sender's static X25519 key
//! to the recipient's, whose prologue is `"tessera-net/private/v2"`, the
//! first 103 header bytes and the body length (`u32`, big-endian): so the
//! ciphertext is bound to the session, round, sender and recipient, and to
//! its own length. The payload is cut into chunks of at most [`CHUNK`]
//! bytes: the first rides in the handshake message, the others in
//! transport messages of the same session; each is prefixed by its length
//! (`u32`, big-endian). Only the recipient can decrypt, and a successful
//! decryption proves the sender's static key (`ss`). Binding the body
//! length matters: each Noise transport message is authenticated on its
//! own, so without it a relay could drop the trailing chunks of a frame,
//! fix up the header's length field, and the recipient would open a
//! prefix of the payload (version 1 of this prologue did not bind it;
//! found by the `store_frames` fuzz target).

use zeroize::Zeroizing;

use crate::identity::{Identity, PublicIdentity, verify_ed25519};

/// The frame magic and version.
pub const MAGIC: [u8; 4] = *b"TSN1";
/// Length of the frame header.
pub const HEADER_LEN: usize = 107;
/// The part of the header that signatures and Noise prologues cover.
const BOUND_LEN: usize = 103;
/// The largest plaintext chunk of a private message.
pub const CHUNK: usize = 60_000;
/// The Noise protocol name of private messages.
pub const NOISE_PARAMS: &str = "Noise_K_25519_ChaChaPoly_BLAKE2s";

const BROADCAST_DOMAIN: &[u8] = b"tessera-net/broadcast/v1";
const PRIVATE_DOMAIN: &[u8] = b"tessera-net/private/v2";
/// What the Noise `K` handshake message adds to its payload: the
/// ephemeral X25519 key and the AEAD tag.
const HANDSHAKE_OVERHEAD: usize = 32 + 16;
/// What a Noise transport message adds to its payload: the AEAD tag.
const TRANSPORT_OVERHEAD: usize = 16;

/// What a frame carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A protocol broadcast.
    Broadcast,
    /// A protocol message to one participant.
    Private,
    /// The digest of the broadcasts a party received (end of session).
    Digest,
}

impl Kind {
    fn byte(self) -> u8 {
        match self {
            Kind::Broadcast => 1,
            Kind::Private => 2,
            Kind::Digest => 3,
        }
    }

    fn from_byte(b: u8) -> Option<Self> {
        match b {
            1 => Some(Kind::Broadcast),
            2 => Some(Kind::Private),
            3 => Some(Kind::Digest),
            _ => None,
        }
    }
}

/// A frame's header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    /// What the frame carries.
    pub kind: Kind,
    /// The session.
    pub session: [u8; 32],
    /// The round.
    pub round: u16,
    /// The sender's Ed25519 key.
    pub from: [u8; 32],
    /// The recipient's Ed25519 key (zeros unless private).
    pub to: [u8; 32],
}

impl Header {
    fn bound(&self) -> [u8; BOUND_LEN] {
        let mut out = [0u8; BOUND_LEN];
        let mut w = Vec::with_capacity(BOUND_LEN);
        w.extend_from_slice(&MAGIC);
        w.push(self.kind.byte());
        w.extend_from_slice(&self.session);
        w.extend_from_slice(&self.round.to_be_bytes());
        w.extend_from_slice(&self.from);
        w.extend_from_slice(&self.to);
        out.copy_from_slice(&w);
        out
    }

    fn frame(&self, body: &[u8]) -> Option<Vec<u8>> {
        let len = u32::try_from(body.len()).ok()?;
        let mut out = Vec::with_capacity(HEADER_LEN + body.len());
        out.extend_from_slice(&self.bound());
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(body);
        Some(out)
    }
}

/// Splits a frame into its header and body; `None` unless the magic, kind
/// and length are exact.
pub fn parse(frame: &[u8]) -> Option<(Header, &[u8])> {
    let head = frame.get(..HEADER_LEN)?;
    let body = frame.get(HEADER_LEN..)?;
    if head.get(..4)? != MAGIC {
        return None;
    }
    let kind = Kind::from_byte(*head.get(4)?)?;
    let header = Header {
        kind,
        session: head.get(5..37)?.try_into().ok()?,
        round: u16::from_be_bytes(head.get(37..39)?.try_into().ok()?),
        from: head.get(39..71)?.try_into().ok()?,
        to: head.get(71..103)?.try_into().ok()?,
    };
    let len = u32::from_be_bytes(head.get(103..107)?.try_into().ok()?);
    if usize::try_from(len).ok()? != body.len() {
        return None;
    }
    if kind != Kind::Private && header.to != [0u8; 32] {
        return None;
    }
    Some((header, body))
}

/// A signed broadcast (or digest) frame.
pub fn seal_broadcast(
    identity: &Identity,
    kind: Kind,
    session: [u8; 32],
    round: u16,
    payload: &[u8],
) -> Option<Vec<u8>> {
    let header = Header {
        kind,
        session,
        round,
        from: identity.public().ed25519,
        to: [0u8; 32],
    };
    let signature = identity.sign(&signed_message(&header, payload));
    let mut body = Vec::with_capacity(payload.len() + 64);
    body.extend_from_slice(payload);
    body.extend_from_slice(&signature);
    header.frame(&body)
}

/// The payload of a broadcast (or digest) frame whose signature by the
/// header's sender is valid.
pub fn open_broadcast<'a>(header: &Header, body: &'a [u8]) -> Option<&'a [u8]> {
    let split = body.len().checked_sub(64)?;
    let (payload, signature) = (body.get(..split)?, body.get(split..)?);
    verify_ed25519(&header.from, &signed_message(header, payload), signature).then_some(payload)
}

fn signed_message(header: &Header, payload: &[u8]) -> Vec<u8> {
    let mut m = Vec::with_capacity(BROADCAST_DOMAIN.len() + BOUND_LEN + payload.len());
    m.extend_from_slice(BROADCAST_DOMAIN);
    m.extend_from_slice(&header.bound());
    m.extend_from_slice(payload);
    m
}

/// The Noise prologue of a private frame with `header` and a body of
/// `body_len` bytes (`None` if the length does not fit a `u32`).
fn prologue(header: &Header, body_len: usize) -> Option<Vec<u8>> {
    let len = u32::try_from(body_len).ok()?;
    let mut p = Vec::with_capacity(PRIVATE_DOMAIN.len() + BOUND_LEN + 4);
    p.extend_from_slice(PRIVATE_DOMAIN);
    p.extend_from_slice(&header.bound());
    p.extend_from_slice(&len.to_be_bytes());
    Some(p)
}

/// The body length of a private frame carrying `payload`: each chunk's
/// length prefix, ciphertext and Noise overhead.
fn private_body_len(payload: &[u8]) -> usize {
    let mut chunks = payload.chunks(CHUNK);
    let first = chunks.next().map_or(0, <[u8]>::len);
    chunks.fold(4 + first + HANDSHAKE_OVERHEAD, |len, chunk| {
        len + 4 + chunk.len() + TRANSPORT_OVERHEAD
    })
}

/// A private frame: `payload` encrypted from `identity` to `to`.
pub fn seal_private(
    identity: &Identity,
    to: &PublicIdentity,
    session: [u8; 32],
    round: u16,
    payload: &[u8],
) -> Result<Vec<u8>, snow::Error> {
    let header = Header {
        kind: Kind::Private,
        session,
        round,
        from: identity.public().ed25519,
        to: to.ed25519,
    };
    let body_len = private_body_len(payload);
    let prologue = prologue(&header, body_len).ok_or(snow::Error::Input)?;
    let params: snow::params::NoiseParams = NOISE_PARAMS.parse()?;
    let mut handshake = snow::Builder::new(params)
        .local_private_key(identity.x25519_secret())?
        .remote_public_key(&to.x25519)?
        .prologue(&prologue)?
        .build_initiator()?;
    let mut chunks = payload.chunks(CHUNK);
    let first = chunks.next().unwrap_or(&[]);
    let mut body = Vec::with_capacity(payload.len() + 64);
    let mut buf = vec![0u8; CHUNK + 64];
    let n = handshake.write_message(first, &mut buf)?;
    push_chunk(&mut body, buf.get(..n).unwrap_or(&[]));
    let mut transport = handshake.into_transport_mode()?;
    for chunk in chunks {
        let n = transport.write_message(chunk, &mut buf)?;
        push_chunk(&mut body, buf.get(..n).unwrap_or(&[]));
    }
    // The prologue bound the length computed in advance; a body of another
    // length would not open.
    if body.len() != body_len {
        return Err(snow::Error::Input);
    }
    header.frame(&body).ok_or(snow::Error::Input)
}

fn push_chunk(body: &mut Vec<u8>, chunk: &[u8]) {
    // Chunks are below 64 KiB, so the length fits.
    body.extend_from_slice(&u32::try_from(chunk.len()).unwrap_or(0).to_be_bytes());
    body.extend_from_slice(chunk);
}

/// The payload of a private frame addressed to `identity` by `from`, if it
/// decrypts and authenticates; `None` otherwise.
pub fn open_private(
    identity: &Identity,
    from: &PublicIdentity,
    header: &Header,
    body: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    if header.kind != Kind::Private || header.to != identity.public().ed25519 {
        return None;
    }
    let prologue = prologue(header, body.len())?;
    let params: snow::params::NoiseParams = NOISE_PARAMS.parse().ok()?;
    let mut handshake = snow::Builder::new(params)
        .local_private_key(identity.x25519_secret())
        .ok()?
        .remote_public_key(&from.x25519)
        .ok()?
        .prologue(&prologue)
        .ok()?
        .build_responder()
        .ok()?;
    let mut out = Zeroizing::new(Vec::with_capacity(body.len()));
    let mut buf = Zeroizing::new(vec![0u8; CHUNK + 64]);
    let mut rest = body;
    let first = next_chunk(&mut rest)?;
    let n = handshake.read_message(first, &mut buf).ok()?;
    out.extend_from_slice(buf.get(..n)?);
    let mut transport = handshake.into_transport_mode().ok()?;
    while !rest.is_empty() {
        let chunk = next_chunk(&mut rest)?;
        let n = transport.read_message(chunk, &mut buf).ok()?;
        out.extend_from_slice(buf.get(..n)?);
    }
    Some(out)
}

fn next_chunk<'a>(rest: &mut &'a [u8]) -> Option<&'a [u8]> {
    let len = u32::from_be_bytes(rest.get(..4)?.try_into().ok()?);
    let len = usize::try_from(len).ok()?;
    if len > CHUNK + 64 {
        return None;
    }
    let chunk = rest.get(4..4 + len)?;
    *rest = rest.get(4 + len..)?;
    Some(chunk)
}
