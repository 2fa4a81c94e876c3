//! Evidence bundles for escalations (PHAROS, a school's referent, the public
//! prosecutor): a ZIP holding the captures, a manifest (each file's SHA-256,
//! the items' locations and capture times, the case's timeline), a printable
//! summary, and an Ed25519 signature of the manifest by the helpline's key.
//! Whoever receives it checks it with `relais bundle verify FILE`, which names
//! what was altered. The key is derived from the master key, so a helpline has
//! one signing identity without another secret file to keep.

use std::collections::BTreeMap;
use std::io::{Read, Write};

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub const MANIFEST: &str = "manifest.json";
/// What the signing key is derived from the master key under.
pub const KEY_LABEL: &str = "relais evidence bundles v1";
pub const SIGNATURE: &str = "signature.json";
pub const SUMMARY: &str = "summary.html";

pub use relais_core::escalation::Target;

/// One item of evidence in the manifest.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Item {
    pub url: Option<String>,
    pub platform_content_id: Option<String>,
    pub captured_at: Option<String>,
    /// The capture inside the bundle, if one is carried.
    pub file: Option<String>,
    pub sha256: Option<String>,
    pub media_type: Option<String>,
}

/// What the bundle says; signed as its exact bytes.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    pub bundle_version: u32,
    pub target: Target,
    pub legal_basis: String,
    pub helpline: String,
    pub case: String,
    pub created_at: String,
    pub category: String,
    pub legal_ground: String,
    pub age_band: String,
    pub fields: BTreeMap<String, String>,
    pub items: Vec<Item>,
    /// When, who (a role or a platform), what.
    pub timeline: Vec<[String; 3]>,
    /// Every other file of the bundle and its SHA-256.
    pub files: BTreeMap<String, String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct SignatureFile {
    algorithm: String,
    public_key: String,
    signed_file: String,
    signature: String,
}

/// The helpline's signing key, from 32 bytes derived from its master key.
pub fn signing_key(seed: [u8; 32]) -> SigningKey {
    SigningKey::from_bytes(&seed)
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Writes the ZIP: the captures, the summary, the manifest listing their hashes, and its signature.
pub fn build(
    mut manifest: Manifest,
    captures: Vec<(String, Vec<u8>)>,
    summary_html: String,
    key: &SigningKey,
) -> Result<Vec<u8>, String> {
    let mut files: Vec<(String, Vec<u8>)> = captures;
    files.push((SUMMARY.to_owned(), summary_html.into_bytes()));
    manifest.files = files.iter().map(|(name, bytes)| (name.clone(), sha256_hex(bytes))).collect();
    let manifest_bytes = serde_json::to_vec_pretty(&manifest).map_err(|e| e.to_string())?;
    let signature = key.sign(&manifest_bytes);
    let signature_file = SignatureFile {
        algorithm: "Ed25519".into(),
        public_key: hex::encode(key.verifying_key().to_bytes()),
        signed_file: MANIFEST.into(),
        signature: hex::encode(signature.to_bytes()),
    };
    let signature_bytes = serde_json::to_vec_pretty(&signature_file).map_err(|e| e.to_string())?;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in
        [(MANIFEST.to_owned(), manifest_bytes), (SIGNATURE.to_owned(), signature_bytes)].into_iter().chain(files)
    {
        zip.start_file(name, options).map_err(|e| e.to_string())?;
        zip.write_all(&bytes).map_err(|e| e.to_string())?;
    }
    Ok(zip.finish().map_err(|e| e.to_string())?.into_inner())
}

/// What a check of a bundle found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Signed by this key, every file as listed.
    Intact { public_key: String, files: usize },
    /// What was altered, added or removed, in words.
    Altered(Vec<String>),
}

/// Checks a bundle: the manifest's signature (by `expected_key` if given, else
/// by the key the bundle names), then each listed file's SHA-256; files not
/// listed are reported too.
pub fn verify(zip_bytes: &[u8], expected_key: Option<&VerifyingKey>) -> Verdict {
    let mut problems = Vec::new();
    let mut archive = match zip::ZipArchive::new(std::io::Cursor::new(zip_bytes)) {
        Ok(a) => a,
        Err(e) => return Verdict::Altered(vec![format!("not a readable ZIP: {e}")]),
    };
    let mut read = |name: &str| -> Option<Vec<u8>> {
        let mut file = archive.by_name(name).ok()?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).ok()?;
        Some(bytes)
    };
    let (Some(manifest_bytes), Some(signature_bytes)) = (read(MANIFEST), read(SIGNATURE)) else {
        return Verdict::Altered(vec![format!("{MANIFEST} or {SIGNATURE} is missing")]);
    };
    let Ok(signature_file) = serde_json::from_slice::<SignatureFile>(&signature_bytes) else {
        return Verdict::Altered(vec![format!("{SIGNATURE} is not a signature file")]);
    };
    let named_key = hex::decode(&signature_file.public_key)
        .ok()
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .and_then(|b| VerifyingKey::from_bytes(&b).ok());
    let key = match (expected_key, named_key) {
        (Some(expected), Some(named)) if expected != &named => {
            problems.push("signed by another key than the helpline's".to_owned());
            *expected
        }
        (Some(expected), _) => *expected,
        (None, Some(named)) => named,
        (None, None) => return Verdict::Altered(vec![format!("{SIGNATURE} names no valid public key")]),
    };
    let signature = hex::decode(&signature_file.signature).ok().and_then(|b| Signature::from_slice(&b).ok());
    if signature.is_none_or(|s| key.verify(&manifest_bytes, &s).is_err()) {
        problems.push(format!("{MANIFEST} was altered: its signature does not match"));
    }
    let Ok(manifest) = serde_json::from_slice::<Manifest>(&manifest_bytes) else {
        problems.push(format!("{MANIFEST} is not a manifest"));
        return Verdict::Altered(problems);
    };
    for (name, expected) in &manifest.files {
        match read(name) {
            None => problems.push(format!("{name} is missing")),
            Some(bytes) if &sha256_hex(&bytes) != expected => {
                problems.push(format!("{name} was altered: SHA-256 {} instead of {expected}", sha256_hex(&bytes)))
            }
            Some(_) => {}
        }
    }
    let names: Vec<String> = archive.file_names().filter_map(Result::ok).map(|n| n.into_owned()).collect();
    for name in names {
        if name != MANIFEST && name != SIGNATURE && !manifest.files.contains_key(&name) {
            problems.push(format!("{name} was added: it is not in the manifest"));
        }
    }
    if problems.is_empty() {
        Verdict::Intact { public_key: hex::encode(key.to_bytes()), files: manifest.files.len() }
    } else {
        Verdict::Altered(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest() -> Manifest {
        Manifest {
            bundle_version: 1,
            target: Target::Pharos,
            legal_basis: Target::Pharos.legal_basis().into(),
            helpline: "e-Enfance (3018)".into(),
            case: "K7M2Q9XD".into(),
            created_at: "2026-11-28T20:00:00Z".into(),
            category: "harassment".into(),
            legal_ground: "art. 222-33-2-2".into(),
            age_band: "13_17".into(),
            fields: BTreeMap::from([("published_at".into(), "2026-11-27T18:00".into())]),
            items: vec![],
            timeline: vec![],
            files: BTreeMap::new(),
        }
    }

    fn rewrite(
        zip_bytes: &[u8],
        change: impl Fn(&str, Vec<u8>) -> Option<Vec<u8>>,
        add: Option<(&str, &[u8])>,
    ) -> Vec<u8> {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip_bytes)).unwrap();
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let names: Vec<String> = archive.file_names().map(|n| n.unwrap().into_owned()).collect();
        for name in names {
            let mut bytes = Vec::new();
            archive.by_name(&name).unwrap().read_to_end(&mut bytes).unwrap();
            if let Some(bytes) = change(&name, bytes) {
                out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
                out.write_all(&bytes).unwrap();
            }
        }
        if let Some((name, bytes)) = add {
            out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
            out.write_all(bytes).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn a_bundle_verifies_and_every_alteration_is_named() {
        let key = signing_key([7; 32]);
        let capture = ("evidence/abc.png".to_owned(), b"\x89PNG capture".to_vec());
        let bundle = build(manifest(), vec![capture], "<h1>Résumé</h1>".into(), &key).unwrap();
        assert_eq!(
            verify(&bundle, Some(&key.verifying_key())),
            Verdict::Intact { public_key: hex::encode(key.verifying_key().to_bytes()), files: 2 }
        );

        let swapped =
            rewrite(&bundle, |n, b| Some(if n == "evidence/abc.png" { b"\x89PNG other".to_vec() } else { b }), None);
        match verify(&swapped, None) {
            Verdict::Altered(p) => assert!(p[0].starts_with("evidence/abc.png was altered"), "{p:?}"),
            v => panic!("{v:?}"),
        }
        let edited = rewrite(
            &bundle,
            |n, b| {
                Some(if n == MANIFEST {
                    String::from_utf8(b).unwrap().replace("K7M2Q9XD", "ZZZZ").into_bytes()
                } else {
                    b
                })
            },
            None,
        );
        assert!(matches!(verify(&edited, None), Verdict::Altered(p) if p[0].contains("manifest.json was altered")));
        let missing = rewrite(&bundle, |n, b| (n != SUMMARY).then_some(b), None);
        assert!(matches!(verify(&missing, None), Verdict::Altered(p) if p == ["summary.html is missing"]));
        let added = rewrite(&bundle, |_, b| Some(b), Some(("evidence/extra.png", b"x")));
        assert!(matches!(verify(&added, None), Verdict::Altered(p) if p[0].contains("evidence/extra.png was added")));
        let other = signing_key([8; 32]);
        assert!(
            matches!(verify(&bundle, Some(&other.verifying_key())), Verdict::Altered(p) if p[0].contains("another key"))
        );
        assert!(matches!(verify(b"not a zip", None), Verdict::Altered(_)));
    }
}
