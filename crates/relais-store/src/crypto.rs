//! Field encryption, keyed digests, and the keys derived for other purposes.
//!
//! Sensitive fields (a handoff's context, notes, evidence) are sealed with
//! XChaCha20-Poly1305 under a key derived from the helpline's master key,
//! with the row's id as associated data, so a sealed value moved to another
//! row does not open. Codes a child holds are looked up by a keyed digest,
//! never stored in clear. The master key lives in a 0600 file in the data
//! directory, created on first start.
//!
//! Every other key (digests, widget tokens, bundle signing, the audit trail's
//! MAC and checkpoints) is derived with HKDF-SHA256 under a label of its own,
//! so that no two purposes share a key. The field key keeps its first
//! derivation: deriving it anew would leave every sealed value unreadable.
//! Digests written under the first derivation are still found
//! ([`FieldKeys::digests`]), so a child's reference made before keeps working.

use std::path::Path;

use chacha20poly1305::aead::Aead;
use chacha20poly1305::{KeyInit, XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::StoreError;

const KEY_FILE: &str = "relais.key";
const NONCE_LEN: usize = 24;

/// The keys derived from the master key.
pub struct FieldKeys {
    cipher: XChaCha20Poly1305,
    digest_key: [u8; 32],
    /// The digest key of the first versions, for lookups of what they wrote.
    legacy_digest_key: [u8; 32],
    hkdf: hkdf::Hkdf<Sha256>,
}

impl std::fmt::Debug for FieldKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FieldKeys(…)")
    }
}

impl FieldKeys {
    /// Reads the master key from the data directory, creating it (mode 0600)
    /// the first time.
    pub fn load_or_create(data_dir: &Path) -> Result<FieldKeys, StoreError> {
        let path = data_dir.join(KEY_FILE);
        let fail = |source| StoreError::DataDir { path: path.display().to_string(), source };
        let master = match std::fs::read_to_string(&path) {
            Ok(text) => decode(text.trim())
                .ok_or_else(|| StoreError::Config(format!("{} does not hold a 64-digit hex key", path.display())))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir_all(data_dir).map_err(fail)?;
                let mut master = [0u8; 32];
                rand::fill(&mut master[..]);
                write_private(&path, &hex::encode(master)).map_err(fail)?;
                master
            }
            Err(e) => return Err(fail(e)),
        };
        Ok(FieldKeys::from_master(&master))
    }

    pub fn from_master(master: &[u8; 32]) -> FieldKeys {
        let cipher_key = derive(master, b"relais field encryption v1");
        let hkdf = hkdf::Hkdf::<Sha256>::new(Some(b"relais master key"), master);
        FieldKeys {
            cipher: XChaCha20Poly1305::new(&cipher_key.into()),
            digest_key: expand(&hkdf, "relais code digest v2"),
            legacy_digest_key: derive(master, b"relais code digest v1"),
            hkdf,
        }
    }

    /// A key for another purpose (sealing widget tokens, signing bundles), derived
    /// from the same master key with HKDF under `label`, so that one file holds
    /// the helpline's secrets and no two purposes share a key.
    pub fn derive_key(&self, label: &str) -> [u8; 32] {
        expand(&self.hkdf, label)
    }

    /// `nonce || ciphertext || tag`, bound to `row_id`.
    pub fn seal(&self, row_id: &str, plaintext: &[u8]) -> Result<Vec<u8>, StoreError> {
        seal_with(&self.cipher, row_id, plaintext)
    }

    pub fn open(&self, row_id: &str, sealed: &[u8]) -> Result<Vec<u8>, StoreError> {
        open_with(&self.cipher, row_id, sealed)
    }

    /// A fresh data key (for one case), and the same key wrapped by the master key.
    pub fn new_data_key(&self, owner_id: &str) -> Result<(DataKey, Vec<u8>), StoreError> {
        let mut key = [0u8; 32];
        rand::fill(&mut key[..]);
        let wrapped = self.seal(owner_id, &key)?;
        Ok((DataKey(XChaCha20Poly1305::new(&key.into())), wrapped))
    }

    /// Unwraps a data key.
    pub fn data_key(&self, owner_id: &str, wrapped: &[u8]) -> Result<DataKey, StoreError> {
        let key: [u8; 32] = self
            .open(owner_id, wrapped)?
            .try_into()
            .map_err(|_| StoreError::Corrupt(format!("the data key of {owner_id} is not 32 bytes")))?;
        Ok(DataKey(XChaCha20Poly1305::new(&key.into())))
    }
}

/// A key that seals one case's text; deleting its wrapped copy erases the case.
pub struct DataKey(XChaCha20Poly1305);

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(…)")
    }
}

impl DataKey {
    /// A key of a purpose of its own (see [`FieldKeys::derive_key`]).
    pub fn from_key(key: [u8; 32]) -> DataKey {
        DataKey(XChaCha20Poly1305::new(&key.into()))
    }

    pub fn seal(&self, row_id: &str, plaintext: &[u8]) -> Result<Vec<u8>, StoreError> {
        seal_with(&self.0, row_id, plaintext)
    }

    pub fn open(&self, row_id: &str, sealed: &[u8]) -> Result<Vec<u8>, StoreError> {
        open_with(&self.0, row_id, sealed)
    }
}

fn seal_with(cipher: &XChaCha20Poly1305, row_id: &str, plaintext: &[u8]) -> Result<Vec<u8>, StoreError> {
    let mut nonce = [0u8; NONCE_LEN];
    rand::fill(&mut nonce[..]);
    let sealed = cipher
        .encrypt(&XNonce::from(nonce), chacha20poly1305::aead::Payload { msg: plaintext, aad: row_id.as_bytes() })
        .map_err(|_| StoreError::Corrupt("encryption failed".into()))?;
    let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    Ok(out)
}

fn open_with(cipher: &XChaCha20Poly1305, row_id: &str, sealed: &[u8]) -> Result<Vec<u8>, StoreError> {
    let (nonce, body) = sealed
        .split_at_checked(NONCE_LEN)
        .ok_or_else(|| StoreError::Corrupt(format!("sealed value of row {row_id} is truncated")))?;
    let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| StoreError::Corrupt("nonce".into()))?;
    cipher
        .decrypt(&XNonce::from(nonce), chacha20poly1305::aead::Payload { msg: body, aad: row_id.as_bytes() })
        .map_err(|_| StoreError::Corrupt(format!("sealed value of row {row_id} does not open with this key")))
}

impl FieldKeys {
    /// A keyed digest, to find a record by a code without storing the code.
    pub fn digest(&self, text: &str) -> Vec<u8> {
        keyed(&self.digest_key, text)
    }

    /// The digest of a code now, and under the first versions' key: what a
    /// lookup of a long-lived code (a child's reference) searches for.
    pub fn digests(&self, text: &str) -> [Vec<u8>; 2] {
        [keyed(&self.digest_key, text), keyed(&self.legacy_digest_key, text)]
    }
}

fn keyed(key: &[u8; 32], text: &str) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as hmac::KeyInit>::new_from_slice(key).expect("any key length");
    mac.update(text.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

fn expand(hkdf: &hkdf::Hkdf<Sha256>, label: &str) -> [u8; 32] {
    let mut key = [0u8; 32];
    // 32 bytes is far below HKDF-SHA256's limit of 255 blocks: this cannot fail.
    hkdf.expand(label.as_bytes(), &mut key).unwrap_or_default();
    key
}

fn derive(master: &[u8; 32], label: &[u8]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as hmac::KeyInit>::new_from_slice(master).expect("any key length");
    mac.update(label);
    mac.finalize().into_bytes().into()
}

fn decode(text: &str) -> Option<[u8; 32]> {
    hex::decode(text).ok()?.try_into().ok()
}

fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_in_their_row_and_with_their_key() {
        let keys = FieldKeys::from_master(&[7; 32]);
        let sealed = keys.seal("row-1", b"the story").unwrap();
        assert_eq!(keys.open("row-1", &sealed).unwrap(), b"the story");
        assert!(keys.open("row-2", &sealed).is_err());
        assert!(FieldKeys::from_master(&[8; 32]).open("row-1", &sealed).is_err());
        assert!(keys.open("row-1", &sealed[..10]).is_err());
        let mut tampered = sealed.clone();
        *tampered.last_mut().unwrap() ^= 1;
        assert!(keys.open("row-1", &tampered).is_err());
        assert_ne!(keys.seal("row-1", b"the story").unwrap(), sealed, "a fresh nonce each time");
    }

    #[test]
    fn each_purpose_has_a_key_of_its_own() {
        let keys = FieldKeys::from_master(&[7; 32]);
        let (a, b) = (keys.derive_key("relais widget tokens v2"), keys.derive_key("relais audit mac v1"));
        assert_ne!(a, b);
        assert_eq!(a, FieldKeys::from_master(&[7; 32]).derive_key("relais widget tokens v2"), "stable");
        assert_ne!(a, FieldKeys::from_master(&[8; 32]).derive_key("relais widget tokens v2"));
        let [now, before] = keys.digests("K7M2-Q9XD");
        assert_eq!(now, keys.digest("K7M2-Q9XD"));
        assert_ne!(now, before, "the first versions' digests are still searched");
    }

    #[test]
    fn the_key_file_is_created_private_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let a = FieldKeys::load_or_create(dir.path()).unwrap();
        let b = FieldKeys::load_or_create(dir.path()).unwrap();
        assert_eq!(a.digest("7KQ-M2P-9XD"), b.digest("7KQ-M2P-9XD"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(KEY_FILE)).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
