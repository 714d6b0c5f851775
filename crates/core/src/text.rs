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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_letters_change_case_and_nothing_else() {
        assert_eq!(lowercase_first("No such file"), "no such file");
        assert_eq!(capitalised("detect from the document"), "Detect from the document");
        assert_eq!(lowercase_first(""), "");
        assert_eq!(capitalised("élan"), "Élan");
    }
}
