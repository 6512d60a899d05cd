//! The relay: an HTTPS service (axum over rustls) that moves frames between
//! the parties of a session, and its client [`Transport`](crate::Transport).
//!
//! The relay never holds a secret and never needs one: private messages
//! are Noise ciphertexts between the parties' identity keys and broadcasts
//! are signed by their senders ([`crate::envelope`]); the relay only
//! authenticates who is talking to it, routes by session and recipient,
//! and bounds what it keeps. Every party connects out to the relay (a
//! device behind NAT needs no inbound port) and long-polls for its frames.
//!
//! # HTTP API (version 1)
//!
//! | request | body | answer |
//! |---|---|---|
//! | `POST /v1/challenge` | none | 32 random bytes (valid [`CHALLENGE_TTL`], single use) |
//! | `POST /v1/login` | Ed25519 key (32), challenge (32), signature (64) over `"tessera-relay/login/v1"` and the challenge | a 32-byte bearer token |
//! | `POST /v1/sessions/{id}/send` | recipient count (1 byte), recipients' keys (32 each), frame | `204`; `413` too large, `429` a queue is full, `401` unknown token |
//! | `GET /v1/sessions/{id}/recv?wait_ms=N` | none | frames for the caller: sender key (32), length (`u32`), frame, repeated; empty after `N` ms (at most [`MAX_WAIT`]) without any |
//! | `POST /v1/sessions/{id}/send?reply={id2}&wait_ms=N` | as `send` | the frame queued, then as `recv` of session `id2`: a request and its answer in one round trip |
//! | `POST /v1/send-many[?reply={id2}&wait_ms=N]` | per frame: session id (32), recipient count (1 byte), recipients' keys (32 each), frame length (`u32`), frame; repeated | every frame queued or none (`429`, `503`, `413` as `send`), then `204`, or as `recv` of `id2` |
//!
//! Session ids are 64 hex digits; tokens are sent as `Authorization:
//! Bearer <64 hex digits>`.

mod client;
mod server;
pub mod tls;

pub use client::{Outgoing, RelayClient, RelayTransport};
pub use server::{Relay, RelayConfig, RelayHandle};

use std::time::Duration;

/// How long a login challenge stays valid.
pub const CHALLENGE_TTL: Duration = Duration::from_secs(60);

/// The longest a receive request waits for a frame.
pub const MAX_WAIT: Duration = Duration::from_secs(25);

/// The domain of the login signature.
pub const LOGIN_DOMAIN: &[u8] = b"tessera-relay/login/v1";
