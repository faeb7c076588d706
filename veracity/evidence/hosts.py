"""Whose host a page is on: the company's own, or a publisher's page about someone else.

A page's host names its subject only when the host is the company's own. News sites, news
wires, business directories, registries' mirrors and search/aggregator sites publish pages
*about* other companies: their host says who published, not who the page is about. Two
signals tell them apart, neither fitted to one data set:

- a documented list of publisher and directory hosts (`PUBLISHER_HOSTS`, matched on the
  registrable domain and on words a publisher's host is built from, `PUBLISHER_WORDS`);
- the structural signal: a host that names many different companies in one run is an
  aggregator (`many_names`), and a host whose name shares nothing with the company named
  beside it is not that company's own (`resembles`).

Registrable domains come from :func:`veracity.values.web.registrable_domain` (`tldextract` with
its bundled public-suffix snapshot, never fetched); `_EXTRACT` here only names a domain's label.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import tldextract

from veracity.values.web import registrable_domain

_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

# Well-known hosts whose pages are about other companies (news, wires, directories, data vendors).
PUBLISHER_HOSTS = frozenset({
    "reuters.com", "bloomberg.com", "ft.com", "wsj.com", "nytimes.com", "theguardian.com", "bbc.co.uk",
    "bbc.com", "cnbc.com", "forbes.com", "businessinsider.com", "techcrunch.com", "venturebeat.com",
    "prnewswire.com", "businesswire.com", "globenewswire.com", "accesswire.com", "einpresswire.com",
    "presseportal.de", "handelsblatt.com", "lesechos.fr", "lefigaro.fr", "elpais.com", "expansion.com",
    "crunchbase.com", "pitchbook.com", "dnb.com", "zoominfo.com", "owler.com", "craft.co", "cbinsights.com",
    "linkedin.com", "wikipedia.org", "wikidata.org", "opencorporates.com", "yelp.com", "yellowpages.com",
    "kompass.com", "europages.com", "northdata.com", "northdata.de", "societe.com", "pappers.fr",
    "infogreffe.fr", "companieshouse.gov.uk", "find-and-update.company-information.service.gov.uk",
    "google.com", "bing.com", "duckduckgo.com", "yahoo.com", "glassdoor.com", "indeed.com",
})
# Words a directory's or a newsroom's host is made of ("bizdirectory", "annuaire-pro", "newsroom-europa").
PUBLISHER_WORDS = (
    "news", "press", "presse", "wire", "journal", "gazette", "times", "herald", "tribune", "magazine", "media",
    "directory", "directories", "annuaire", "verzeichnis", "firmen", "register", "registry", "registre",
    "database", "index", "listing", "yellowpages", "pagesjaunes", "gelbeseiten", "paginasamarillas",
    "companies", "company-information", "bizdir", "handelsregister", "kompass", "rating", "reviews",
)
MANY_NAMES = 3  # distinct company names on one host in one run: an aggregator


@lru_cache(maxsize=4096)
def registrable(host: str) -> str:
    """The registrable domain of a host (``www.shop.acme.co.uk`` → ``acme.co.uk``), offline: the
    values layer's one function (:func:`veracity.values.web.registrable_domain`)."""
    return registrable_domain(host)


def _label(domain: str) -> str:
    return _EXTRACT(domain).domain.lower()


def is_publisher(domain: str) -> bool:
    """A host whose pages are about other companies: a listed publisher, or one built of publisher words."""
    reg = registrable(domain)
    if reg in PUBLISHER_HOSTS:
        return True
    label = _label(reg)
    return any(word in label for word in PUBLISHER_WORDS)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if c.isalnum())


_WORD_RE = re.compile(r"[^\W_]+")


def resembles(domain: str, name_key: str) -> bool:
    """The host is built from the name: a word of the name (4+ letters) or its initials in the host's label.

    "glimau-software.co.uk" and "glimau software"; "ibm.com" and "international business machines"."""
    label = _fold(_label(registrable(domain)))
    if not label:
        return False
    words = [_fold(w) for w in _WORD_RE.findall(name_key)]
    words = [w for w in words if w]
    if not words:
        return False
    if any(len(w) >= 4 and (w in label or (label in w and len(label) >= 4)) for w in words):
        return True
    compact = "".join(words)
    initials = "".join(w[0] for w in words)
    return label in compact or (len(initials) >= 2 and label.startswith(initials))
