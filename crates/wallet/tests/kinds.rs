//! The wallet's message kinds are registered, under their names, in
//! `tessera_core::tags::KINDS` (the one tag-to-name table).

use tessera_core::tags::kind_name;
use tessera_wallet::session::{KIND_CERTIFICATE, KIND_REVOCATION_LIST, KIND_SIGNED_ACTION};
use tessera_wallet::store::KIND_KEYCHAIN;

#[test]
fn wallet_kinds_are_registered() {
    assert_eq!(kind_name(KIND_CERTIFICATE), Some("wallet-certificate"));
    assert_eq!(kind_name(KIND_SIGNED_ACTION), Some("wallet-signed-action"));
    assert_eq!(
        kind_name(KIND_REVOCATION_LIST),
        Some("wallet-revocation-list")
    );
    assert_eq!(kind_name(KIND_KEYCHAIN), Some("wallet-keychain"));
}
