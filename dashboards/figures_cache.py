"""A shared cache of the dashboards' heavy figures that is never stale.

The figures (the §12 person counts, the breakdowns, the grant figures) are a few big queries
over the whole year's applications, enrolments and trainings: computed on every request, a
province's page takes seconds. So their results are kept in the cache (Redis), shared by every
user who asks the same question (same year, cycles and districts), under the *version of the
data*: every SQL statement that writes one of the tables they read (INSERT, UPDATE, DELETE,
TRUNCATE, from any code path: a form, a bulk import, a raw statement) advances one PostgreSQL
sequence, `dashboards_figures_version`, through statement-level triggers (migration 0004). The
next request reads the new version (one tiny query), misses, and recomputes: "an import or a
decision shows on the next visit" stays true.

The sequence starts at the clock's microseconds when the database is created, so a new
database (a test run, a rebuilt server) never meets entries cached for an older one. A sequence,
not a counter row, so that writers never wait on each other. Its value moves
before the writing transaction commits; a request that reads the new version while that
transaction is still open would compute without the write and keep that under the new version,
so entries also expire (`DASHBOARD_FIGURES_CACHE_SECONDS`, 5 minutes by default; 0 switches the
cache off), which bounds that rare window.
"""

import hashlib
import logging
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import connection

# The tables the cached figures read; migration 0004 puts the version trigger on each.
FIGURE_TABLES = (
    "participants_application", "participants_person", "verification_eligibilityresult", "training_enrolment",
    "training_batch", "training_importedtraining", "training_provider", "training_trainingpackage",
    "programs_programcycle", "programs_districttarget", "grants_grant", "grants_grantscheme",
    "grants_kurreferral", "grants_monitoringvisit",
)
SEQUENCE = "dashboards_figures_version"
logger = logging.getLogger(__name__)


def cache_seconds() -> int:
    return getattr(settings, "DASHBOARD_FIGURES_CACHE_SECONDS", 300)


def data_version() -> int:
    """The version of the data the figures are made of (it grows with every write)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT last_value, is_called FROM {SEQUENCE}")
        value, called = cursor.fetchone()
    return value if called else 0


def _plain(value):
    if isinstance(value, set | frozenset):
        return sorted(value)
    if isinstance(value, list | tuple):
        return list(value)
    return value


def figures_cached(function):
    """Keep `function`'s result (it takes keyword arguments of plain values) in the cache under
    the data version and its arguments."""
    name = f"{function.__module__}.{function.__qualname__}"

    @wraps(function)
    def cached(**kwargs):
        seconds = cache_seconds()
        if not seconds or connection.in_atomic_block:
            # Inside a transaction the figures may include its own uncommitted writes (which a
            # rollback would undo under an advanced version): always computed afresh there, as
            # when an official publishes them.
            return function(**kwargs)
        plain = {key: _plain(value) for key, value in sorted(kwargs.items())}
        digest = hashlib.sha256(repr(plain).encode()).hexdigest()[:32]
        key = f"dashboards:figures:{name}:{data_version()}:{digest}"
        try:
            found = cache.get(key)
        except Exception:  # the cache server down: the figures are computed, the page still opens
            logger.warning("dashboards figures cache unavailable", exc_info=True)
            return function(**plain)
        if found is None:
            found = function(**plain)
            try:
                cache.set(key, found, seconds)
            except Exception:
                logger.warning("dashboards figures cache unavailable", exc_info=True)
        return found

    cached.uncached = function
    return cached
