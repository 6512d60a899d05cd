//! Progress bars (indicatif) for the steps that can take over a second.
//!
//! Opening or writing a store file costs one Argon2id derivation (about
//! 0.1 s with [`KdfParams::OWASP`](tessera_wallet::store::KdfParams)), so a
//! command over many members (a 67-of-100 keygen writes 100 files) shows a
//! bar per file, and the pairwise DKLs23 setups (n(n-1)/2 pairs) a spinner.
//! Bars go to stderr and are drawn only when stderr is a terminal: piped
//! output, `--json` captured by a script and the tests see nothing of them.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

/// Below this many files a bar would flash for under a second: none.
const MIN_STEPS: usize = 8;

/// A bar over `len` steps, titled `what`; hidden for fewer than
/// [`MIN_STEPS`] steps.
pub(crate) fn bar(len: usize, what: &'static str) -> ProgressBar {
    if len < MIN_STEPS {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(u64::try_from(len).unwrap_or(u64::MAX));
    if let Ok(style) =
        ProgressStyle::with_template("{msg:>24} [{bar:32}] {pos}/{len} ({elapsed}, {eta} left)")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what);
    bar
}

/// A spinner for one long step, titled `what`.
pub(crate) fn spinner(what: &'static str) -> ProgressBar {
    let spinner = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
        spinner.set_style(style);
    }
    spinner.set_message(what);
    spinner.enable_steady_tick(Duration::from_millis(120));
    spinner
}
