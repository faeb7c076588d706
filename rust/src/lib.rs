//! `veracity._core`: the native evidence core. Each function is a one-pass scanner of one
//! source text whose Python twin in `veracity.values` is the specification (differential tests
//! in `tests/native` hold them equal); `veracity.values.native` chooses between the two.

pub mod alnum;
pub mod tokens;

use pyo3::prelude::*;

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
    m.add("UNICODE_VERSION", alnum::UNICODE_VERSION)?;
    Ok(())
}
