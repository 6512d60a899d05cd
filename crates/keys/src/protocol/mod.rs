//! The key protocols as parties of [`tessera_core::protocol::Protocol`]:
//! each adapter runs the typed rounds of its protocol module, unchanged, for
//! one party, so the in-memory runner ([`crate::local`]), the latency model
//! and a network runner all drive the same code.
//!
//! | protocol | adapter | rounds |
//! |----------|---------|--------|
//! | DKG ([`crate::dkg`]) | [`DkgParty`] | broadcast commitments; private shares |
//! | reshare, refresh, revoke ([`crate::reshare`]) | [`ReshareParty`] | dealers broadcast commitments and send private sub-shares |
//! | repair, enrolment ([`crate::repair`]) | [`RepairParty`] | helpers broadcast commitments and send private summands; private sums to the target |
//!
//! Each file draws who sends what to whom. Secret state (polynomials,
//! round secrets, the party's own sub-share) stays inside the party and is
//! consumed by the step that uses it; a party borrows its key package.
//! A party is neither `Clone` nor serialisable:
//!
//! ```compile_fail
//! use tessera_core::suites::Secp256k1;
//! use tessera_keys::protocol::DkgParty;
//! fn copy(p: &DkgParty<Secp256k1>) -> DkgParty<Secp256k1> {
//!     p.clone() // error: a party is not Clone
//! }
//! ```
//!
//! ```compile_fail
//! use tessera_core::suites::Secp256k1;
//! use tessera_keys::protocol::ReshareParty;
//! fn copy<'a>(p: &ReshareParty<'a, Secp256k1>) -> ReshareParty<'a, Secp256k1> {
//!     p.clone() // error: a party is not Clone
//! }
//! ```

pub mod dkg;
pub mod repair;
pub mod reshare;

pub use dkg::DkgParty;
pub use repair::RepairParty;
pub use reshare::{ReshareOutput, ReshareParty};
