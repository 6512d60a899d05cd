//! Decodes untrusted bytes as one of tessera's wire messages and checks the
//! canonical-encoding property of `tessera_core::encoding`: whenever
//! `from_bytes(b)` succeeds, `to_bytes()` gives back exactly `b`, and
//! decoding that again gives an equal value.
//!
//! Input: `[suite selector] [type selector] [message bytes...]`. The suite
//! is `suite selector % 4`, the wire type `(type selector & 0x7f) % 15`
//! (see `tessera_fuzz::with_wire_type`). When the top bit of the type
//! selector is set, the correct 3-byte header is put in front of the
//! message bytes, so that the fuzzer spends its time on bodies; otherwise
//! the bytes are decoded as they are, header included.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tessera_core::encoding::{FORMAT_VERSION, Wire};
use tessera_fuzz::{FuzzWire, Suite, WireVisitor, with_suite, with_wire_type};

struct Roundtrip<'a> {
    selector: u8,
    body: &'a [u8],
}

impl<S: Suite> WireVisitor<S> for Roundtrip<'_> {
    fn visit<T: FuzzWire<S>>(&mut self, name: &'static str) {
        let input: Vec<u8> = if self.selector & 0x80 != 0 {
            [&[FORMAT_VERSION, S::ID, T::KIND][..], self.body].concat()
        } else {
            self.body.to_vec()
        };
        let Ok(value) = <T as Wire<S>>::from_bytes(&input) else {
            return;
        };
        let encoded = value.to_bytes();
        assert!(
            encoded == input,
            "{name}/{}: accepted a non-canonical encoding\n input:     {}\n re-encoded: {}",
            S::NAME,
            hex::encode(&input),
            hex::encode(&encoded),
        );
        let again = match <T as Wire<S>>::from_bytes(&encoded) {
            Ok(again) => again,
            Err(e) => panic!(
                "{name}/{}: own encoding rejected: {e}\n encoding: {}",
                S::NAME,
                hex::encode(&encoded)
            ),
        };
        assert!(
            again == value,
            "{name}/{}: decode(encode(x)) != x\n encoding: {}",
            S::NAME,
            hex::encode(&encoded),
        );
    }
}

fn run<S: Suite>(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    with_wire_type::<S, _>(selector & 0x7f, &mut Roundtrip { selector, body });
}

fuzz_target!(|data: &[u8]| {
    let Some((&suite, rest)) = data.split_first() else {
        return;
    };
    with_suite!(suite, run(rest));
});
