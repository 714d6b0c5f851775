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
