//! `relais pdq`: the PDQ hash of image files, as the helpline's list and the
//! platforms' matchers compute it, and the distance between two hashes.
use std::io::Write;
use std::path::PathBuf;

use clap::Subcommand;
use relais_pdq::decode::DecodeLimits;

#[derive(Debug, Subcommand)]
pub enum PdqAction {
    /// Prints `<64 hex digits> <quality> <file>` for each file (upright by its EXIF orientation,
    /// the first frame of an animation); a file that cannot be hashed is named on stderr.
    Hash {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Also print the seven other dihedral hashes (turned and flipped), one per line.
        #[arg(long)]
        dihedral: bool,
    },
    /// Prints the Hamming distance between two hashes (31 or less: the same picture).
    Distance { first: String, second: String },
    /// Prints the public key that signs the hash list platforms fetch (`Relais-Signature`), to give to them.
    PublicKey {
        #[command(flatten)]
        common: crate::cli::Common,
    },
}

/// A file's eight hashes, and whether it was an animation (its first frame hashed).
fn hash_one(file: &std::path::Path) -> anyhow::Result<(relais_pdq::Dihedral, bool)> {
    let found = relais_pdq::hash_file(&std::fs::read(file)?, DecodeLimits::default())?;
    Ok((found.hashes, found.picture.animated))
}

pub fn run(action: PdqAction) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match action {
        PdqAction::Hash { files, dihedral } => {
            let mut failed = 0;
            for file in &files {
                let name = file.display();
                let hashed = hash_one(file);
                match hashed {
                    Ok((d, animated)) => {
                        writeln!(out, "{} {} {name}", d.original, d.quality)?;
                        if animated {
                            eprintln!("{name}: an animation; its first frame was hashed");
                        }
                        if dihedral {
                            for (short, hash) in d.all().iter().skip(1) {
                                writeln!(out, "{hash} {} {name} {short}", d.quality)?;
                            }
                        }
                    }
                    Err(e) => {
                        eprintln!("{name}: {e}");
                        failed += 1;
                    }
                }
            }
            if failed > 0 {
                anyhow::bail!("{failed} of {} files could not be hashed", files.len());
            }
        }
        PdqAction::Distance { first, second } => {
            let a: relais_pdq::Hash = first.parse().map_err(|e| anyhow::anyhow!("the first hash: {e}"))?;
            let b: relais_pdq::Hash = second.parse().map_err(|e| anyhow::anyhow!("the second hash: {e}"))?;
            writeln!(out, "{}", a.distance(&b))?;
        }
        PdqAction::PublicKey { common } => {
            let key = common.public_key(relais_server::platform_api::hashes::KEY_LABEL)?;
            writeln!(out, "{}", hex::encode(key.to_bytes()))?;
        }
    }
    Ok(())
}
