//! Photos uploaded with a progress note: the type is read from the
//! content's first bytes (JPEG, PNG, WebP or GIF, nothing else: no SVG, no
//! HTML, whatever the name says), the size is limited, and the file name
//! is made here (`<note-stem>-<n>.<ext>`), never taken from the browser.

/// The largest photo accepted.
pub const MAX_PHOTO_BYTES: usize = 8 << 20;
/// Photos accepted with one note.
pub const MAX_PHOTOS: usize = 6;

/// What a photo's content says it is: its file extension.
pub fn kind(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("gif")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("webp")
    } else {
        None
    }
}

/// The name of the `n`-th photo (from 1) of note `stem`.
pub fn name(stem: &str, n: usize, ext: &str) -> String {
    format!("{stem}-{n}.{ext}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_real_pictures_pass() {
        assert_eq!(kind(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("jpg"));
        assert_eq!(kind(b"\x89PNG\r\n\x1a\nxxxx"), Some("png"));
        assert_eq!(kind(b"GIF89a..."), Some("gif"));
        assert_eq!(kind(b"RIFF\0\0\0\0WEBPVP8 "), Some("webp"));
        for bad in [
            &b"<svg xmlns='http://www.w3.org/2000/svg'/>"[..],
            b"<!DOCTYPE html><script>alert(1)</script>",
            b"<?xml version='1.0'?><svg/>",
            b"RIFF\0\0\0\0WAVE",
            b"",
            b"\xff\xd8",
        ] {
            assert_eq!(kind(bad), None, "{bad:?}");
        }
        assert_eq!(name("2026-03-01-1", 2, "png"), "2026-03-01-1-2.png");
    }
}
