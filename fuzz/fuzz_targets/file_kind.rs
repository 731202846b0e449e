//! What every file-kind target checks: any bytes that are UTF-8, read as
//! the loader reads that kind of file, never panic, and every problem is a
//! diagnostic with a message (and, where `lines` is set, a line).

use pledgeboard::diag::Diagnostic;

pub fn check(data: &[u8], read: fn(&str) -> Vec<Diagnostic>, lines: bool) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for d in read(text) {
        assert!(!d.message.is_empty(), "empty message: {d:?}");
        assert!(!lines || d.line >= 1, "no line: {d:?}");
    }
}
