"""Every URL pattern of the portal, with concrete paths to request: the walks of
tests/core/test_login_required.py, tests/core/test_hostile_urls.py and bench/sweep.py.

A pattern's parameters are filled from a list of candidate values, the first its regex accepts
(an <int:...> takes no letters, a <str:...> takes no slash), falling back to SAMPLE_VALUES.
"""

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.regex_helper import normalize

# Values that fit the portal's own parameters: an id, a kabupaten code, an app label, a UUID,
# a base64 uid and the password-reset token slug.
SAMPLE_VALUES = ["1", "64.01", "x", "accounts", "0f8fe8a4-8b6c-4e43-a5ee-8a7e0aa0b5d2", "MQ", "set-password"]


@dataclass(frozen=True)
class Pattern:
    """One leaf URL pattern: its dotted name (namespaces included; "" when unnamed), the view,
    and the chain of patterns from the root down to it."""

    name: str
    callback: object
    chain: tuple

    @property
    def route(self) -> str:
        return "/" + "".join(str(p.pattern) for p in self.chain)

    def path(self, candidates: Sequence[str] = ()) -> str | None:
        """A path this pattern resolves, each parameter the first of `candidates` (then of
        SAMPLE_VALUES) its regex accepts; None when no value fits. Quoted (a NUL is %00)."""
        values = [*candidates, *SAMPLE_VALUES]
        parts = []
        for pattern in self.chain:
            part = _fill(pattern.pattern.regex, values)
            if part is None:
                return None
            parts.append(part)
        return quote("/" + "".join(parts), safe="/:@-._~!$&'()*+,;=")

    @property
    def params(self) -> list[str]:
        names = []
        for pattern in self.chain:
            names.extend(pattern.pattern.regex.groupindex)
        return names


def _fill(regex, values) -> str | None:
    for fmt, params in normalize(regex.pattern):
        if not params:
            if regex.search(fmt):
                return fmt
            continue
        # Each parameter on its own: the first value that lets the whole segment match.
        chosen = {}
        for param in params:
            for value in values:
                trial = {name: chosen.get(name, value if name == param else _any(values)) for name in params}
                if regex.search(fmt % trial):
                    chosen[param] = value
                    break
        if len(chosen) == len(params) and regex.search(fmt % chosen):
            return fmt % chosen
        for combination in itertools.product(SAMPLE_VALUES, repeat=len(params)):
            candidate = fmt % dict(zip(params, combination, strict=True))
            if regex.search(candidate):
                return candidate
    return None


def _any(values) -> str:
    return values[-len(SAMPLE_VALUES)]


def url_patterns(resolver=None, chain=(), namespace="") -> Iterator[Pattern]:
    """Every leaf pattern of the URL configuration, named or not, in order."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_patterns(pattern, (*chain, pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else ""
            yield Pattern(name=name, callback=pattern.callback, chain=(*chain, pattern))


def resolver_pattern_count(resolver=None) -> int:
    """How many leaf patterns the resolver has, counted without url_patterns()."""
    resolver = resolver or get_resolver()
    return sum(resolver_pattern_count(p) if isinstance(p, URLResolver) else 1 for p in resolver.url_patterns)
