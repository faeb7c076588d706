"""Domains, URLs and e-mail addresses.

Hosts are reduced to their registrable domain by ``tldextract`` with its bundled Public Suffix List
snapshot (never fetched: ``suffix_list_urls=()``); a host under no public suffix (an intranet name)
keeps its last two labels. This is the project's one registrable-domain function.

>>> parse_domain("https://www.acmerobotics.io/about").domain
'acmerobotics.io'
>>> parse_domain("ACMEROBOTICS.IO") == parse_domain("acmerobotics.io")
True
>>> registrable_domain("shop.acme.co.uk")
'acme.co.uk'
>>> parse_email("Dana.Liu@AcmeRobotics.io")
Email(address='dana.liu@acmerobotics.io', domain='acmerobotics.io', vtype=<ValueType.EMAIL: 'email'>)
"""

from __future__ import annotations

import re
from functools import lru_cache

import tldextract
from rapidfuzz.distance import Levenshtein

from .labels import label_at
from .tlds import MULTI_PART_SUFFIXES, TEXT_TLD_EXCLUDE, TLDS
from .types import Email, Mention, ValueType, WebAddress

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_URL_RE = re.compile(
    rf"\b(?:https?://|ftp://|www\.)(?:[^\s/?#@\"'<>]+@)?(?P<host>(?:{_LABEL}\.)*{_LABEL}\.?)(?::\d{{1,5}})?"
    r"(?P<path>[/?#][^\s\"'<>\])}]*)?",
    re.IGNORECASE,
)
EMAIL_RE = re.compile(
    rf"(?<![\w.+-])(?P<local>[a-z0-9!#$%&'*+/=?^_`{{|}}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{{|}}~-]+)*)@"
    rf"(?P<host>(?:{_LABEL}\.)+[a-z]{{2,24}})\b",
    re.IGNORECASE,
)
_BARE_DOMAIN_RE = re.compile(
    rf"(?<![\w@.\-/])(?P<host>(?:{_LABEL}\.)+(?P<tld>[a-z]{{2,24}}))(?![\w-]|\.[a-z0-9])(?P<path>/[^\s\"'<>\])}}]*)?",
    re.IGNORECASE,
)
_SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=65536)
def registrable_domain(host: str) -> str:
    """The registrable part of a host: ``www.shop.acme.co.uk`` -> ``acme.co.uk``, ``a.b.github.io`` ->
    ``github.io`` (public suffixes of ICANN only: a company's site on a hosting platform is the platform's)."""
    host = host.strip().strip(".").lower()
    top = _EXTRACT(host).top_domain_under_public_suffix
    if top:
        return top
    parts = host.split(".")
    if len(parts) <= 2:
        return host
    if ".".join(parts[-2:]) in MULTI_PART_SUFFIXES:
        return ".".join(parts[-3:])
    return ".".join(parts[-2:])


def _split_url(s: str) -> tuple[str, str] | None:
    s = s.strip().strip("<>\"'")
    if not s or any(c.isspace() for c in s):
        return None
    s = _SCHEME_RE.sub("", s)
    if "@" in s.split("/", 1)[0]:
        s = s.split("@", 1)[1]
    cut = len(s)
    for ch in "/?#":
        i = s.find(ch)
        if i != -1 and i < cut:
            cut = i
    host, rest = s[:cut], s[cut:]
    host = host.rsplit(":", 1)[0] if ":" in host else host
    host = host.lower().strip(".")
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        return None
    if "." not in host or not re.fullmatch(rf"(?:{_LABEL}\.)+[a-z][a-z0-9-]{{1,62}}", host):
        return None
    return host, rest


def _norm_path(rest: str) -> str:
    path = rest.split("#", 1)[0]
    path = path.split("?", 1)[0]
    path = path.rstrip("/")
    return path.lower()


def _make(host: str, rest: str, vtype: ValueType) -> WebAddress:
    if host.startswith("www.") and host.count(".") >= 2:
        host = host[4:]
    return WebAddress(domain=registrable_domain(host), host=host, path=_norm_path(rest), vtype=vtype)


def parse_domain(value: object) -> WebAddress | None:
    """Normal form of a domain (or a URL / e-mail, reduced to its domain)."""
    if not isinstance(value, str):
        return None
    s = value.strip()
    if "@" in s and "://" not in s:
        e = parse_email(s)
        return WebAddress(e.domain, e.domain, "", ValueType.DOMAIN) if e else None
    sp = _split_url(s)
    if sp is None:
        m = _URL_RE.search(s) or _BARE_DOMAIN_RE.search(s)
        if m is None:
            return None
        sp = _split_url(m.group())
        if sp is None:
            return None
    return _make(sp[0], "", ValueType.DOMAIN)


def parse_url(value: object) -> WebAddress | None:
    """Normal form of a URL: host without ``www.``, lowercased path without query/fragment."""
    if not isinstance(value, str):
        return None
    sp = _split_url(value)
    if sp is None:
        m = _URL_RE.search(value)
        if m is None:
            return None
        sp = _split_url(m.group())
        if sp is None:
            return None
    return _make(sp[0], sp[1], ValueType.URL)


def parse_email(value: object) -> Email | None:
    if not isinstance(value, str):
        return None
    s = value.strip()
    if s.lower().startswith("mailto:"):
        s = s[7:]
    m = EMAIL_RE.search(s)
    if m is None:
        return None
    host = m.group("host").lower()
    return Email(address=f"{m.group('local').lower()}@{host}", domain=registrable_domain(host))


def _email_matches(text: str) -> list[re.Match[str]]:
    """E-mail matches, searched only in windows around each "@" (fast on long texts)."""
    out: list[re.Match[str]] = []
    at = text.find("@")
    last_end = 0
    while at != -1:
        m = EMAIL_RE.search(text, max(last_end, at - 64), min(len(text), at + 256))
        if m is not None and m.start() <= at < m.end():
            out.append(m)
            last_end = m.end()
        at = text.find("@", max(at + 1, last_end))
    return out


def find_emails(text: str) -> list[Mention]:
    out: list[Mention] = []
    if "@" not in text:
        return out
    for m in _email_matches(text):
        host = m.group("host").lower()
        e = Email(address=f"{m.group('local').lower()}@{host}", domain=registrable_domain(host))
        out.append(Mention(e, m.start(), m.end(), m.group(), False, label_at(text, m.start(), m.end())))
    return out


def _may_hold_url(text: str) -> bool:
    """Necessary for a ``_URL_RE`` match: its scheme or "www." (no non-ASCII character folds to
    these letters, so the lower-cased text holds them whenever the pattern matches)."""
    low = text.lower()
    return "http" in low or "ftp" in low or "www" in low


def _may_hold_domain(text: str) -> bool:
    """Necessary for a ``_BARE_DOMAIN_RE`` match: a dot between a letter or digit and a letter."""
    n = len(text)
    i = text.find(".")
    while i != -1:
        if 0 < i < n - 1 and text[i - 1].isalnum() and text[i + 1].isalpha():
            return True
        i = text.find(".", i + 1)
    return False


def _find_web(text: str, vtype: ValueType) -> list[Mention]:
    """URLs, bare domains and (for domains) the domains of e-mail addresses."""
    out: list[Mention] = []
    if "." not in text:
        return out
    taken: list[tuple[int, int]] = []
    for m in _URL_RE.finditer(text) if _may_hold_url(text) else ():
        raw = m.group().rstrip(".,;:!?)'\"")
        sp = _split_url(raw)
        if sp is None:
            continue
        w = _make(sp[0], sp[1] if vtype is ValueType.URL else "", vtype)
        end = m.start() + len(raw)
        out.append(Mention(w, m.start(), end, raw, False, label_at(text, m.start(), end)))
        taken.append((m.start(), end))
    if vtype is ValueType.DOMAIN and "@" in text:
        for e in _email_matches(text):
            host = e.group("host").lower()
            s = e.start("host")
            out.append(
                Mention(
                    _make(host, "", vtype),
                    s,
                    e.end(),
                    e.group("host"),
                    False,
                    label_at(text, e.start(), e.end()),
                )
            )
            taken.append((e.start(), e.end()))
    for m in _BARE_DOMAIN_RE.finditer(text) if _may_hold_domain(text) else ():
        if any(a <= m.start() < b for a, b in taken):
            continue
        tld = m.group("tld").lower()
        quoted = text[m.start() - 1 : m.start()] == '"' and text[m.end() : m.end() + 1] == '"'
        if tld not in TLDS or (tld in TEXT_TLD_EXCLUDE and not m.group("path") and not quoted):
            continue  # "ridge.in" in prose is a typo; "ridgeenergy1.in" as a JSON value is a domain
        host = m.group("host").lower()
        first = host.split(".", 1)[0]
        if len(first) < 2 and host.count(".") == 1:
            continue  # "e.g", "U.S"
        raw = m.group().rstrip(".,;:!?)'\"") if vtype is ValueType.URL else m.group("host")
        w = _make(host, (m.group("path") or "") if vtype is ValueType.URL else "", vtype)
        end = m.start() + len(raw)
        out.append(Mention(w, m.start(), end, raw, False, label_at(text, m.start(), end)))
    out.sort(key=lambda x: x.start)
    return out


def find_domains(text: str) -> list[Mention]:
    return _find_web(text, ValueType.DOMAIN)


def find_urls(text: str) -> list[Mention]:
    return _find_web(text, ValueType.URL)


def _str_distance(a: str, b: str) -> float:
    if a == b:
        return 0.0
    return float(Levenshtein.normalized_distance(a, b))


def web_distance(a: WebAddress, b: WebAddress) -> float:
    """Edit distance of the registrable domains, then of the paths (for URLs with paths)."""
    if a.domain != b.domain:
        return max(0.5, _str_distance(a.domain, b.domain))
    if a.path and b.path and a.path != b.path:
        return 0.25 + 0.25 * _str_distance(a.path, b.path)
    return 0.0


def same_web(a: WebAddress, b: WebAddress, tolerance: float | None = None) -> bool:
    """Same registrable domain; for two URLs that both have a path, also the same path."""
    if tolerance is not None:
        return web_distance(a, b) <= tolerance
    if a.domain != b.domain:
        return False
    return not (a.path and b.path and a.path != b.path)


def email_distance(a: Email, b: Email) -> float:
    if a.address == b.address:
        return 0.0
    return max(0.01, _str_distance(a.address, b.address))


def same_email(a: Email, b: Email, tolerance: float | None = None) -> bool:
    if tolerance is not None:
        return email_distance(a, b) <= tolerance
    return a.address == b.address


def render_web(w: WebAddress) -> str:
    return f"https://{w.host}{w.path}" if w.vtype is ValueType.URL else w.domain
