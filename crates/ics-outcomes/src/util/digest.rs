//! SHA-256 digests of inputs and results, as run records write them.

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

/// A SHA-256 digest, written `sha256:` and 64 hex digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Digest(String);

impl Digest {
    /// The digest of some bytes.
    pub fn of_bytes(bytes: &[u8]) -> Digest {
        let mut hasher = Sha256::new();
        hasher.update(bytes);
        Digest::hex(hasher)
    }

    /// The digest of a text.
    pub fn of_text(text: &str) -> Digest {
        Digest::of_bytes(text.as_bytes())
    }

    /// The digest of what `feed` writes to a hasher.
    pub(crate) fn of_rows(feed: impl FnOnce(&mut Sha256)) -> Digest {
        let mut hasher = Sha256::new();
        feed(&mut hasher);
        Digest::hex(hasher)
    }

    pub(crate) fn hex(hasher: Sha256) -> Digest {
        let hex: String = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
        Digest(format!("sha256:{hex}"))
    }
}

impl std::fmt::Display for Digest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
