//! Reading a posted form: `application/x-www-form-urlencoded` or
//! `multipart/form-data` (for photos). Field values must be UTF-8; files
//! are kept as bytes with the name the browser sent (which is never used
//! as a file name: see `photo`).

/// One uploaded file.
#[derive(Clone, Debug)]
pub struct Upload {
    pub field: String,
    pub bytes: Vec<u8>,
}

/// A posted form's fields (in order; a name may repeat) and files.
#[derive(Clone, Debug, Default)]
pub struct Form {
    pub fields: Vec<(String, String)>,
    pub files: Vec<Upload>,
}

impl Form {
    /// The first value of `name`, trimmed (`""` when absent).
    pub fn get(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.trim())
            .unwrap_or("")
    }

    /// Whether the form holds a field `name` (a text field left empty is
    /// sent all the same; one missing was not on the form).
    pub fn has(&self, name: &str) -> bool {
        self.fields.iter().any(|(n, _)| n == name)
    }

    /// Every value of `name`, trimmed, empty ones left out.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.fields
            .iter()
            .filter(|(n, v)| n == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
            .collect()
    }
}

/// Parses a body by its `Content-Type`; `None` for anything else or a
/// malformed body.
pub fn parse(content_type: &str, body: &[u8]) -> Option<Form> {
    let ct = content_type.trim();
    let lower = ct.to_ascii_lowercase();
    if lower.starts_with("application/x-www-form-urlencoded") {
        return urlencoded(body);
    }
    if lower.starts_with("multipart/form-data") {
        let boundary = ct.split(';').skip(1).find_map(|p| {
            let (k, v) = p.split_once('=')?;
            k.trim()
                .eq_ignore_ascii_case("boundary")
                .then(|| v.trim().trim_matches('"').to_string())
        })?;
        return multipart(body, &boundary);
    }
    None
}

fn urlencoded(body: &[u8]) -> Option<Form> {
    let text = std::str::from_utf8(body).ok()?;
    let mut form = Form::default();
    for pair in text.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        form.fields.push((decode(k)?, decode(v)?));
    }
    Some(form)
}

/// `+` is a space, `%XX` a byte; the result must be UTF-8.
fn decode(s: &str) -> Option<String> {
    let bytes = crate::serve::http::percent_decode(&s.replace('+', " "))?;
    String::from_utf8(bytes).ok()
}

fn multipart(body: &[u8], boundary: &str) -> Option<Form> {
    if boundary.is_empty() || boundary.len() > 200 {
        return None;
    }
    let delim = format!("--{boundary}").into_bytes();
    let mut form = Form::default();
    let mut rest = body.get(find(body, &delim)? + delim.len()..)?;
    loop {
        if rest.starts_with(b"--") {
            return Some(form); // the closing delimiter
        }
        rest = rest.strip_prefix(b"\r\n")?;
        let head_end = find(rest, b"\r\n\r\n")?;
        let head = std::str::from_utf8(&rest[..head_end]).ok()?;
        let after = &rest[head_end + 4..];
        let mut close = delim.clone();
        close.splice(0..0, *b"\r\n");
        let end = find(after, &close)?;
        let content = &after[..end];
        rest = &after[end + close.len()..];
        let disposition = head.split("\r\n").find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case("content-disposition")
                .then_some(v)
        })?;
        let name = param(disposition, "name")?;
        if param(disposition, "filename").is_some() {
            if !content.is_empty() {
                form.files.push(Upload {
                    field: name,
                    bytes: content.to_vec(),
                });
            }
        } else {
            form.fields
                .push((name, String::from_utf8(content.to_vec()).ok()?));
        }
    }
}

/// `name="value"` out of a `Content-Disposition` header.
fn param(header: &str, key: &str) -> Option<String> {
    header.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
    })
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_encodings_are_read() {
        let f = parse(
            "application/x-www-form-urlencoded",
            "a=1+2&b=%E5%BC%A0&a=3&c".as_bytes(),
        )
        .expect("form");
        assert_eq!(f.get("a"), "1 2");
        assert_eq!(f.get("b"), "张");
        assert_eq!(f.all("a"), ["1 2", "3"]);
        assert_eq!(f.get("c"), "");
        assert!(parse("application/x-www-form-urlencoded", b"a=%ZZ").is_none());
        assert!(parse("application/x-www-form-urlencoded", b"a=%FF").is_none());
        let body = b"--XY\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n\xe6\xa0\x87\r\n--XY\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff\r\n--XY\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"\"\r\n\r\n\r\n--XY--\r\n";
        let f = parse("multipart/form-data; boundary=XY", body).expect("multipart");
        assert_eq!(f.get("title"), "标");
        assert_eq!(f.files.len(), 1);
        assert_eq!(f.files[0].bytes, b"\xff\xd8\xff");
        assert!(parse("multipart/form-data; boundary=XY", b"--XY\r\nbroken").is_none());
        assert!(parse("text/plain", b"a=1").is_none());
    }
}
