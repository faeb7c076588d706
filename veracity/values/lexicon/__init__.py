"""Word lists per language, looked up by language code.

One module per language (:mod:`.en`, :mod:`.de`, :mod:`.fr`, :mod:`.es`, :mod:`.it`, :mod:`.nl`,
:mod:`.pt`) holds each list once.
:func:`for_language` gives a language's :class:`Lexicon`; an unknown or missing code gives the
union of all languages, so a text whose language is not known is read in every language.
:func:`guess_language` names a text's language: from its function words when they leave no
doubt, else by a statistical detector (``lingua``) restricted to these languages.

>>> for_language("de").missing >= {"unbekannt", "k. a."}, "inconnu" in words("missing")
(True, True)
>>> sorted(words("missing", "es") & {"desconocido", "unknown"})
['desconocido']
>>> guess_language("Die Firma hat zwölf Mitarbeiter und ist in der Stadt"), guess_language("12")
('de', None)
>>> guess_language("A empresa tem doze funcionários e sede em Lisboa")
'pt'
>>> guess_language("Het bedrijf heeft twaalf medewerkers"), guess_language("L'azienda ha dodici dipendenti")
('nl', 'it')
"""

from __future__ import annotations

from .base import Lexicon
from .lookup import LANGUAGES, for_language, guess_language, patterns, words

__all__ = ["LANGUAGES", "Lexicon", "for_language", "guess_language", "patterns", "words"]
