//! What a value in a text measures, as `veracity.values.labels.label_at` reads it: the JSON key
//! or table label before it, else the word after it. The regexes are those of `labels.py`
//! spelt for the `regex` crate: `\s` is Python's (`str.isspace`, which also counts
//! U+001C..U+001F), and `$` is Python's (the end, or before a final newline).

use regex::Regex;
use std::collections::HashSet;

const S: &str = r"[\t\n\x0B\x0C\r\x1C-\x1F \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]";

/// Python's `str.isspace` of one character.
fn py_space(c: char) -> bool {
    matches!(c, '\t'..='\r' | '\x1c'..='\x1f' | ' ' | '\u{85}' | '\u{a0}' | '\u{1680}'
        | '\u{2000}'..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}')
}

/// The answer for one span: a label, none, or "ask Python" (a key that is not ASCII, whose
/// lower-casing is Python's, or a row index, whose label comes from the enclosing object).
pub enum Label {
    Found(String),
    Nothing,
    Defer,
}

pub struct Labeler {
    json_key: Regex,
    table_key: Regex,
    next_word: Regex,
    not_units: HashSet<String>,
}

impl Labeler {
    pub fn new(not_units: HashSet<String>) -> Labeler {
        let end = r"\n?\z";
        let json_key = format!(r#"["']([^"'\\\n]{{1,64}})["']{S}*:{S}*\[?{S}*["']?{S}*{end}"#);
        let table_key = format!(
            r#"(?:^|[\n|,;(\[{{>\t]|{S}{{2}}){S}*([A-Za-z][A-Za-z _/.()-]{{0,40}}?){S}*[:=|\t]{S}*["']?{S}*{end}"#
        );
        let next_word = format!(
            r"^[ \t\x{{A0}}-]*(?:(?:full|part)[- ]time{S}+|total{S}+|global{S}+|active{S}+)?([A-Za-z][A-Za-z']*)"
        );
        Labeler {
            json_key: Regex::new(&json_key).expect("json key regex"),
            table_key: Regex::new(&table_key).expect("table key regex"),
            next_word: Regex::new(&next_word).expect("next word regex"),
            not_units,
        }
    }

    /// The label of `text[start..end]` (code points).
    pub fn label_at(&self, text: &str, start: usize, end: usize) -> Label {
        let at = byte_offsets(text, &[start.saturating_sub(80), start, end, end + 40]);
        let (w0, s, e, e40) = (at[0], at[1], at[2], at[3]);
        match self.before(text, w0, s) {
            Label::Nothing => {}
            found => return found,
        }
        if end > 0 && text[..e].ends_with('.') {
            return Label::Nothing;
        }
        if let Some(c) = self.next_word.captures(&text[e..e40]) {
            let w = c[1].to_ascii_lowercase();
            if !self.not_units.contains(&w) {
                return Label::Found(w);
            }
        }
        Label::Nothing
    }

    fn before(&self, text: &str, w0: usize, s: usize) -> Label {
        let prev = text[..s]
            .chars()
            .rev()
            .find(|c| !matches!(c, ' ' | '"' | '\'' | '[' | '\u{a0}'));
        if !matches!(prev, Some(':' | '=' | '|' | '\t')) {
            return Label::Nothing;
        }
        let window = &text[w0..s];
        if let Some(c) = self.json_key.captures(window) {
            let key = &c[1];
            if !key.is_ascii() {
                return Label::Defer;
            }
            let key = key.trim_matches(py_space).to_ascii_lowercase();
            if !key.is_empty() && key.bytes().all(|b| b.is_ascii_digit()) {
                return Label::Defer;
            }
            return if key.is_empty() {
                Label::Nothing
            } else {
                Label::Found(key)
            };
        }
        if let Some(c) = self.table_key.captures(window) {
            let key = c[1].trim_matches(py_space).to_ascii_lowercase();
            return if key.is_empty() {
                Label::Nothing
            } else {
                Label::Found(key)
            };
        }
        Label::Nothing
    }
}

/// The byte offsets of these code-point offsets (each clamped to the text's end), in one pass.
pub fn byte_offsets(text: &str, cps: &[usize]) -> Vec<usize> {
    if text.is_ascii() {
        return cps.iter().map(|&c| c.min(text.len())).collect();
    }
    let mut out = vec![text.len(); cps.len()];
    let mut pending: Vec<usize> = (0..cps.len()).collect();
    for (i, (b, _)) in text.char_indices().enumerate() {
        pending.retain(|&k| {
            if cps[k] == i {
                out[k] = b;
                false
            } else {
                true
            }
        });
        if pending.is_empty() {
            break;
        }
    }
    out
}
