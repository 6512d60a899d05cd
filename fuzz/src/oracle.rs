//! What a handler's result must satisfy when some of its input came from
//! hostile parties: an error names only hostile parties (a handler that
//! cannot tell which of a set misbehaved, and says so, names a set that
//! holds at least one hostile party), and its message is printable.

use core::fmt::Display;

use tessera_core::{Identifier, Suite};

/// Checks an error of `handler`: it prints, and none of `culprits` is
/// among `honest`.
pub fn blames_no_honest<S: Suite>(
    handler: &str,
    honest: &[Identifier<S>],
    culprits: &[Identifier<S>],
    error: &dyn Display,
) {
    let message = error.to_string();
    assert!(!message.is_empty(), "{handler}: empty error message");
    if let Some(id) = culprits.iter().find(|id| honest.contains(id)) {
        panic!(
            "{handler} ({}): the error names honest participant {id}: {message}",
            S::NAME
        );
    }
}

/// Checks an error that names a *set* of participants one of whom
/// misbehaved (the handler cannot tell which): the set holds at least one
/// of `hostile`.
pub fn blames_a_set_with_hostile<S: Suite>(
    handler: &str,
    hostile: &[Identifier<S>],
    culprits: &[Identifier<S>],
    error: &dyn Display,
) {
    let message = error.to_string();
    assert!(
        culprits.iter().any(|id| hostile.contains(id)),
        "{handler} ({}): the error names no hostile participant: {message}",
        S::NAME
    );
}
