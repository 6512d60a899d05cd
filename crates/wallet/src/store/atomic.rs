//! Atomic file replacement: a file is either its previous contents or its
//! new contents, never a mix, whatever moment a crash or power loss hits.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Writes `bytes` to `path` atomically: into a new temporary file in the
/// same directory (created exclusively, mode 0600 on Unix), `fsync`, then
/// renamed over `path`, then the directory `fsync`ed so the rename itself
/// is durable. If anything fails before the rename, `path` is untouched and
/// the temporary file is removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, bytes, |_| Ok(()))
}

/// [`write_atomic`] with `before_rename` run between the fsync of the
/// temporary file and the rename: the point where a crash is injected in
/// the tests. An error from it aborts the write as a crash would, except
/// that the temporary file is left in place, as a crash leaves it.
pub(crate) fn write_atomic_with(
    path: &Path,
    bytes: &[u8],
    before_rename: impl FnOnce(&Path) -> io::Result<()>,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?;
    // Unique per process and call; `create_new` refuses any clash.
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let tmp = dir.join(format!(
        ".{}.{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = write_new(&tmp, bytes);
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    before_rename(&tmp)?;
    if let Err(e) = fs::rename(&tmp, path) {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    sync_dir(&dir)
}

/// Creates `tmp` (it must not exist), writes `bytes` and fsyncs it.
fn write_new(tmp: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(tmp)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Makes a rename in `dir` durable (a no-op where directories cannot be
/// opened, as on Windows).
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("tessera-atomic-{name}-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// A crash between the fsync of the temporary file and the rename
    /// leaves the previous file whole (the temporary file stays, as a
    /// crash leaves it); the next write succeeds.
    #[test]
    fn crash_before_rename_keeps_the_previous_file() {
        let dir = dir("crash");
        let path = dir.join("member.tsr");
        write_atomic(&path, b"previous contents").unwrap();
        let crashed = write_atomic_with(&path, b"new contents", |tmp| {
            assert_eq!(fs::read(tmp).unwrap(), b"new contents");
            Err(io::Error::other("simulated crash"))
        });
        assert!(crashed.is_err());
        assert_eq!(fs::read(&path).unwrap(), b"previous contents");
        write_atomic(&path, b"new contents").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new contents");
        fs::remove_dir_all(&dir).unwrap();
    }

    /// The store: a save interrupted before the rename leaves the previous
    /// store file, which still opens with its password.
    #[cfg(feature = "insecure-test-kdf")]
    #[test]
    fn crash_during_save_keeps_the_previous_store() {
        use rand::SeedableRng;
        use tessera_core::suites::Ed25519;
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(9);
        let account =
            crate::Account::<Ed25519>::create(&["device", "login", "recovery"], 2, &mut rng)
                .unwrap();
        let chain = |name: &str| {
            crate::store::Keychain::new(
                name,
                account.key(name).unwrap().clone(),
                account.public().clone(),
            )
            .unwrap()
        };
        let pw = crate::store::Password::new::<Ed25519>("pw".into()).unwrap();
        let kdf = crate::store::KdfParams::insecure_for_tests();
        let dir = dir("store");
        let path = dir.join("device.tsr");
        crate::store::save(&path, &chain("device"), &pw, kdf, &mut rng).unwrap();
        let new = crate::store::seal(&chain("login"), &pw, kdf, &mut rng).unwrap();
        assert!(
            write_atomic_with(&path, &new, |_| Err(io::Error::other("simulated crash"))).is_err()
        );
        let opened = crate::store::load::<Ed25519>(&path, &pw).unwrap();
        assert_eq!(opened.name(), "device");
        fs::remove_dir_all(&dir).unwrap();
    }
}
