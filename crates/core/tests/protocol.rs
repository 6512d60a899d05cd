//! The protocol layer's message types: how they travel and what `Debug`
//! shows of them (the length of a payload, never its bytes).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use tessera_core::Identifier;
use tessera_core::protocol::{Delivery, Outgoing};
use tessera_core::suites::Ristretto255;

type S = Ristretto255;

fn id(n: u16) -> Identifier<S> {
    Identifier::new(n).unwrap()
}

#[test]
fn messages_debug_without_their_payload() {
    let secret = vec![0xab; 3];
    let private = Outgoing::<S>::private(1, id(2), secret.clone());
    assert_eq!(private.delivery(), Delivery::Private);
    assert_eq!(
        format!("{private:?}"),
        "Outgoing { round: 1, to: One(Identifier(2)), payload_len: 3 }"
    );
    let incoming = private.to_incoming(id(3));
    assert_eq!(incoming.from, id(3));
    assert_eq!(incoming.round, 1);
    assert_eq!(incoming.delivery, Delivery::Private);
    assert_eq!(incoming.payload.as_slice(), secret.as_slice());
    assert_eq!(
        format!("{incoming:?}"),
        "Incoming { from: Identifier(3), round: 1, delivery: Private, payload_len: 3 }"
    );
    let broadcast = Outgoing::<S>::broadcast(2, vec![1]);
    assert_eq!(broadcast.delivery(), Delivery::Broadcast);
    assert_eq!(
        format!("{broadcast:?}"),
        "Outgoing { round: 2, to: All, payload_len: 1 }"
    );
}
