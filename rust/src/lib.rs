//! `veracity._core`: the native evidence core. Each function is a one-pass scanner of one
//! source text whose Python twin in `veracity.values` is the specification (differential tests
//! in `tests/native` hold them equal); `veracity.values.native` chooses between the two.

pub mod alnum;
pub mod labels;
pub mod tokens;

use pyo3::prelude::*;
use std::collections::HashSet;

/// `labels.label_at` for many spans of many texts, its regexes compiled once.
#[pyclass(frozen)]
struct Labeler {
    inner: labels::Labeler,
}

#[pymethods]
impl Labeler {
    /// `not_units`: the words after a value that are no unit (English function words).
    #[new]
    fn new(not_units: HashSet<String>) -> Self {
        Labeler {
            inner: labels::Labeler::new(not_units),
        }
    }

    /// `(True, label or None)`, or `(False, None)` when Python must answer (see `labels.rs`).
    fn label_at(&self, text: &str, start: usize, end: usize) -> (bool, Option<String>) {
        match self.inner.label_at(text, start, end) {
            labels::Label::Found(w) => (true, Some(w)),
            labels::Label::Nothing => (true, None),
            labels::Label::Defer => (false, None),
        }
    }
}

/// Every word token of `text` as `(folded or None, start, end)`, offsets in code points; the
/// folded form is given for ASCII tokens only (see `veracity.values.folding.token_spans`).
#[pyfunction]
fn token_spans(text: &str) -> Vec<tokens::Token> {
    tokens::token_spans(text)
}

/// Whether the code point is a letter or digit as Python's `str.isalnum` says (for the test
/// that holds the generated table to the running Python's Unicode database).
#[pyfunction]
fn is_word(cp: u32) -> bool {
    char::from_u32(cp).is_some_and(tokens::is_word)
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(token_spans, m)?)?;
    m.add_function(wrap_pyfunction!(is_word, m)?)?;
    m.add_class::<Labeler>()?;
    m.add("UNICODE_VERSION", alnum::UNICODE_VERSION)?;
    Ok(())
}
