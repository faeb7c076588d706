//! Word tokens of a text, as `veracity.values.folding.token_spans` finds them.
//!
//! A token is a run of letters and digits (Python's `str.isalnum`, i.e. `re`'s `\w` less `_`),
//! runs joined by one apostrophe (`'` or `’`) each: the regex `[^\W_]+(?:['’][^\W_]+)*`.
//! Offsets count code points, as Python's `str` indexes do.

use crate::alnum::ALNUM;

/// Python's `str.isalnum()` of one character.
pub fn is_word(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    let cp = c as u32;
    ALNUM
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// One token: its folded form when it is ASCII (lower-cased, apostrophes dropped), else
/// `None` (Python folds accents: NFKD, marks dropped, case-folded), and its code-point span.
pub type Token = (Option<String>, usize, usize);

/// Every token of `text`, in order.
pub fn token_spans(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        if !is_word(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && is_word(chars[i]) {
            i += 1;
        }
        while i + 1 < n && is_apostrophe(chars[i]) && is_word(chars[i + 1]) {
            i += 1;
            while i < n && is_word(chars[i]) {
                i += 1;
            }
        }
        let span = &chars[start..i];
        let folded = if span.iter().all(char::is_ascii) {
            Some(
                span.iter()
                    .filter(|&&c| c != '\'')
                    .map(char::to_ascii_lowercase)
                    .collect(),
            )
        } else {
            None
        };
        out.push((folded, start, i));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_apostrophes_and_keeps_code_point_offsets() {
        let t = token_spans("D'Angelo’s café, x_y 😀 ok'");
        let got: Vec<(Option<&str>, usize, usize)> =
            t.iter().map(|(s, a, b)| (s.as_deref(), *a, *b)).collect();
        assert_eq!(
            got,
            vec![
                (None, 0, 10),
                (None, 11, 15),
                (Some("x"), 17, 18),
                (Some("y"), 19, 20),
                (Some("ok"), 23, 25),
            ]
        );
    }
}
