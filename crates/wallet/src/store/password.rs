//! Passwords: from a prompt, a file or an environment variable, never from
//! a command-line argument (which shells keep in their history and other
//! users can read in the process list).

use core::fmt;
use std::path::Path;

use tessera_core::Suite;
use zeroize::Zeroizing;

use crate::error::Error;

/// A password, wiped when dropped and never printed.
#[derive(Clone)]
pub struct Password(Zeroizing<String>);

impl Password {
    /// A password held by the program (e.g. from a secure channel). Must
    /// not be empty.
    pub fn new<S: Suite>(password: String) -> Result<Self, Error<S>> {
        let password = Zeroizing::new(password);
        if password.is_empty() {
            return Err(Error::Password("the password is empty".into()));
        }
        Ok(Self(password))
    }

    /// The value of the environment variable `name`.
    pub fn from_env<S: Suite>(name: &str) -> Result<Self, Error<S>> {
        match std::env::var(name) {
            Ok(value) => Self::new(value),
            Err(std::env::VarError::NotPresent) => Err(Error::Password(format!(
                "the environment variable {name} is not set"
            ))),
            Err(std::env::VarError::NotUnicode(_)) => Err(Error::Password(format!(
                "the environment variable {name} is not valid UTF-8"
            ))),
        }
    }

    /// The first line of the file at `path` (without its line ending).
    pub fn from_file<S: Suite>(path: &Path) -> Result<Self, Error<S>> {
        let text =
            Zeroizing::new(std::fs::read_to_string(path).map_err(|e| Error::io("read", path, &e))?);
        let line = text.lines().next().unwrap_or_default();
        Self::new(line.to_string())
    }

    /// Asks on the terminal, without echo.
    pub fn prompt<S: Suite>(prompt: &str) -> Result<Self, Error<S>> {
        let value = rpassword::prompt_password(prompt).map_err(|e| {
            Error::Password(format!(
                "cannot read a password from the terminal ({e}); use an environment variable or a file"
            ))
        })?;
        Self::new(value)
    }

    /// The password's bytes (UTF-8).
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}
