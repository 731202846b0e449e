//! The editing layer's secrets: a random key per `serve --edit` session,
//! form tokens bound to what a form may write (HMAC-SHA256 over the form's
//! kind, its target, the target file's version and a one-time nonce), and
//! file versions (a hash of the bytes the form was made from).

use std::collections::HashSet;
use std::sync::Mutex;

use sha2::{Digest, Sha256};

/// What a token is bound to: a form may write only what it names, only
/// over the file version it was made from, and only once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding<'a> {
    pub form: &'a str,
    pub target: &'a str,
    pub version: &'a str,
    pub nonce: &'a str,
}

/// The session's key and the nonces already used.
pub struct Keys {
    secret: [u8; 32],
    used: Mutex<HashSet<String>>,
}

impl Keys {
    /// A new random key from the system's generator; `None` when it
    /// cannot give one (then editing stays off).
    pub fn new() -> Option<Keys> {
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret).ok()?;
        Some(Keys {
            secret,
            used: Mutex::new(HashSet::new()),
        })
    }

    /// A fresh one-time nonce (hex), for one form as served.
    pub fn nonce(&self) -> String {
        let mut n = [0u8; 16];
        if getrandom::fill(&mut n).is_err() {
            // Unique all the same: the key-derived count of nonces made.
            let count = self.used.lock().map(|u| u.len()).unwrap_or(0);
            return hex(&self.mac(&format!(
                "fallback\0{count}\0{:?}",
                std::time::Instant::now()
            ))[..16]);
        }
        hex(&n)
    }

    /// The token a form bound to `b` carries.
    pub fn token(&self, b: &Binding) -> String {
        let text = format!("{}\0{}\0{}\0{}", b.form, b.target, b.version, b.nonce);
        hex(&self.mac(&text))
    }

    /// Whether `token` was made by this session for `b` (compared in
    /// constant time).
    pub fn verify(&self, b: &Binding, token: &str) -> bool {
        let want = self.token(b);
        want.len() == token.len()
            && want
                .bytes()
                .zip(token.bytes())
                .fold(0u8, |acc, (x, y)| acc | (x ^ y))
                == 0
    }

    /// Marks `nonce` used; false when it was already (a replay).
    pub fn spend(&self, nonce: &str) -> bool {
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(nonce.to_string())
    }

    /// HMAC-SHA256 (RFC 2104) of `text` under the session's key.
    fn mac(&self, text: &str) -> [u8; 32] {
        let mut ipad = [0x36u8; 64];
        let mut opad = [0x5cu8; 64];
        for (i, k) in self.secret.iter().enumerate() {
            ipad[i] ^= k;
            opad[i] ^= k;
        }
        let inner = Sha256::new()
            .chain_update(ipad)
            .chain_update(text.as_bytes())
            .finalize();
        Sha256::new()
            .chain_update(opad)
            .chain_update(inner)
            .finalize()
            .into()
    }
}

/// A file's version: the first 16 bytes of the SHA-256 of its bytes (hex);
/// a missing file is `new`.
pub fn version(bytes: Option<&[u8]>) -> String {
    match bytes {
        Some(b) => hex(&Sha256::digest(b)[..16]),
        None => "new".to_string(),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_bound_to_every_part_and_nonces_spend_once() {
        let keys = Keys::new().expect("random");
        let b = Binding {
            form: "note",
            target: "a/2026/x",
            version: "v1",
            nonce: "n1",
        };
        let t = keys.token(&b);
        assert!(keys.verify(&b, &t));
        for other in [
            Binding {
                form: "sheet",
                ..b.clone()
            },
            Binding {
                target: "a/2026/y",
                ..b.clone()
            },
            Binding {
                version: "v2",
                ..b.clone()
            },
            Binding {
                nonce: "n2",
                ..b.clone()
            },
        ] {
            assert!(!keys.verify(&other, &t), "{other:?}");
        }
        assert!(!keys.verify(&b, ""));
        assert!(!keys.verify(&b, &t[1..]));
        // Another session's key makes other tokens.
        let other = Keys::new().expect("random");
        assert!(!other.verify(&b, &t));
        assert!(keys.spend("n1"));
        assert!(!keys.spend("n1"));
        assert_ne!(keys.nonce(), keys.nonce());
        assert_eq!(version(None), "new");
        assert_eq!(version(Some(b"abc")), "ba7816bf8f01cfea414140de5dae2223");
    }
}
