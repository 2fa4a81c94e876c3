//! Short codes people read out and type: Crockford base32 in groups
//! (`7KQ-M2P-9XD`, `K7M2-Q9XD`), read back forgivingly.

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Formats random bytes (five bits of each) as groups of `group` symbols.
pub fn format(bytes: &[u8], group: usize) -> String {
    let symbols: String = bytes.iter().map(|b| CROCKFORD[(b & 31) as usize] as char).collect();
    grouped(&symbols, group)
}

/// Reads a code as a person types it: any case, with or without dashes or
/// spaces, the letters people confuse read as the digits they look like
/// (I, L → 1; O → 0). `None` unless exactly `len` symbols remain.
pub fn read(input: &str, len: usize, group: usize) -> Option<String> {
    let mut symbols = String::with_capacity(len);
    for c in input.chars() {
        let c = match c.to_ascii_uppercase() {
            '-' | ' ' => continue,
            'I' | 'L' => '1',
            'O' => '0',
            c if c.is_ascii() && CROCKFORD.contains(&(c as u8)) => c,
            _ => return None,
        };
        if symbols.len() == len {
            return None;
        }
        symbols.push(c);
    }
    (symbols.len() == len).then(|| grouped(&symbols, group))
}

/// `ABCDEFGH` → `ABCD-EFGH` (the symbols are ASCII).
fn grouped(symbols: &str, group: usize) -> String {
    symbols
        .as_bytes()
        .chunks(group.max(1))
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}
