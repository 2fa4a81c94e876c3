//! `relais bundle`: check an evidence bundle and name what was altered, or
//! print the public key its recipients check it with.
use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Subcommand;

use crate::cli::Common;

#[derive(Debug, Subcommand)]
pub enum BundleAction {
    /// Checks a bundle's signature and every file in it; names what was altered.
    Verify {
        file: PathBuf,
        /// The helpline's public key (hex), as `relais bundle public-key` prints it; by default the
        /// key of the data directory's master key.
        #[arg(long)]
        public_key: Option<String>,
        #[command(flatten)]
        common: Common,
    },
    /// Prints the public key that signs this helpline's bundles, to give to their recipients.
    PublicKey {
        #[command(flatten)]
        common: Common,
    },
}

pub fn bundle(action: BundleAction) -> anyhow::Result<()> {
    use relais_server::bundle;
    let helpline_key = |common: &Common| common.public_key(bundle::KEY_LABEL);
    let mut out = std::io::stdout().lock();
    match action {
        BundleAction::PublicKey { common } => {
            writeln!(out, "{}", hex::encode(helpline_key(&common)?.to_bytes()))?;
            Ok(())
        }
        BundleAction::Verify { file, public_key, common } => {
            let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let key = match public_key {
                Some(hex_key) => {
                    let raw: [u8; 32] = hex::decode(hex_key.trim())
                        .ok()
                        .and_then(|b| b.try_into().ok())
                        .context("a public key is 64 hexadecimal digits")?;
                    ed25519_dalek::VerifyingKey::from_bytes(&raw).context("not an Ed25519 public key")?
                }
                None => helpline_key(&common)?,
            };
            match bundle::verify(&bytes, Some(&key)) {
                bundle::Verdict::Intact { files, .. } => {
                    writeln!(
                        out,
                        "{}: intact, signed by the helpline's key; {files} files as listed.",
                        file.display()
                    )?;
                    Ok(())
                }
                bundle::Verdict::Altered(problems) => {
                    anyhow::bail!("{} does not check out:\n  {}", file.display(), problems.join("\n  "))
                }
            }
        }
    }
}
