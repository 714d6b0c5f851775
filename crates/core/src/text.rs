//! Small text helpers shared by the core, the CLI and the page, so that messages are spelled
//! the same way wherever they are shown.

/// `message` with its first letter in lower case: messages from other libraries and the
/// operating system start with a capital ("No such file or directory"), bucketrust's do not.
pub fn lowercase_first(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `text` with its first letter in upper case, for a label that starts a line.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Characters that change how text reads without showing themselves: line and paragraph
/// separators, bidirectional controls and zero-width characters. In a value written into
/// console steps they could make a shared link display lines the value does not hold.
pub fn is_deceptive(c: char) -> bool {
    matches!(
        c,
        '\u{2028}' | '\u{2029}' | '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
    )
}

/// `text` with the range from UTF-16 offset `start` to `end` (what a textarea's selection
/// counts) replaced by `inserted`: what a paste over that selection leaves. Offsets past the
/// end stop at the end, one inside a character stops before it, and a range given backwards
/// covers the same characters.
pub fn spliced_utf16(text: &str, start: usize, end: usize, inserted: &str) -> String {
    let (start, end) = (start.min(end), start.max(end));
    let byte_at = |offset: usize| {
        let mut units = 0;
        for (byte, c) in text.char_indices() {
            if units + c.len_utf16() > offset {
                return byte;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let (start, end) = (byte_at(start), byte_at(end));
    let mut out = String::with_capacity(text.len() - (end - start) + inserted.len());
    out.push_str(text.get(..start).unwrap_or_default());
    out.push_str(inserted);
    out.push_str(text.get(end..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paste_replaces_the_selection_counted_in_utf16() {
        assert_eq!(spliced_utf16("", 0, 0, "{}"), "{}");
        assert_eq!(spliced_utf16("ab", 2, 2, "c"), "abc");
        assert_eq!(spliced_utf16("abcd", 1, 3, "X"), "aXd");
        // `é` is one code unit, `😀` two: the range after them is counted in units.
        assert_eq!(spliced_utf16("é😀xy", 3, 4, "Z"), "é😀Zy");
        // Backwards, past the end, inside a surrogate pair.
        assert_eq!(spliced_utf16("abcd", 3, 1, "X"), "aXd");
        assert_eq!(spliced_utf16("ab", 1, 99, "X"), "aX");
        assert_eq!(spliced_utf16("a😀b", 2, 2, "X"), "aX😀b");
    }

    #[test]
    fn first_letters_change_case_and_nothing_else() {
        assert_eq!(lowercase_first("No such file"), "no such file");
        assert_eq!(capitalised("detect from the document"), "Detect from the document");
        assert_eq!(lowercase_first(""), "");
        assert_eq!(capitalised("élan"), "Élan");
    }
}
