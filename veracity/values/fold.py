"""The form text search compares: Unicode NFKC, casefolded."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """NFKC, casefolded, so 'STRASSE' finds 'Straße' and a full-width 'Ａ' finds 'a'.

    >>> fold("Straße") == fold("STRASSE")
    True
    >>> fold("Ａcme")
    'acme'
    """
    return unicodedata.normalize("NFKC", text).casefold()
