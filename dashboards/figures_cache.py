"""A shared cache of the dashboards' heavy figures that always says how fresh it is.

The figures (the §12 person counts, the breakdowns, the grant figures) are a few big queries
over the whole year's applications, enrolments and trainings: computed on every request, a
province's page takes seconds. So their results are kept in the cache (Redis), shared by every
user who asks the same question (same year, cycles and districts), with the *version of the
data* they were computed from: every SQL statement that writes one of the tables they read
(INSERT, UPDATE, DELETE, TRUNCATE, from any code path: a form, a bulk import, a raw statement)
advances one PostgreSQL sequence, `dashboards_figures_version`, through statement-level
triggers (migration 0004).

An entry is *fresh* while the version has not moved and it is younger than
`DASHBOARD_FIGURES_CACHE_SECONDS` (5 minutes: the version moves before the writing transaction
commits, so an entry computed in that window could miss the write; the age limit bounds it).
When it is not fresh:

- a dashboard page (`figures_page(allow_stale=True)`) is answered at once from the entry it has,
  if that is younger than `DASHBOARD_FIGURES_STALE_SECONDS`, and the page says when its figures
  were computed and that new ones are being computed ("dihitung 3 menit lalu"); the worker
  recomputes the entry (`dashboards.refresh_figures`), one worker per entry however many users
  asked (single flight);
- anything else (an export, `report_indicators`, a published version, an entry too old to show)
  computes the figures before answering; when several requests ask the same question at once,
  one computes and the others wait for its answer.

The worker also refreshes on its own: every `REFRESH_SECONDS` the beat task
`dashboards.refresh_stale_figures` recomputes every entry asked for in the last day whose data
changed, so after an import or a decision the figures are recomputed before the next visitor asks.

Entries are keyed by the database's own identity (its oid, new whenever a database is
created), so a new database (a test run, a rebuilt server)
never meets entries of an older one. If Redis is down, the figures are computed on every request
and the pages still open.
"""

import hashlib
import logging
import time
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from functools import wraps

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

# The tables the cached figures read; migrations 0004 and 0005 put the version trigger on each.
FIGURE_TABLES = (
    "participants_application", "participants_person", "verification_eligibilityresult", "training_enrolment",
    "training_batch", "training_importedtraining", "training_provider", "training_trainingpackage",
    "programs_programcycle", "programs_districttarget", "grants_grant", "grants_grantscheme",
    "grants_kurreferral", "grants_monitoringvisit", "grants_graduateoutcome",
)
SEQUENCE = "dashboards_figures_version"
# An entry not asked for in a day is no longer refreshed by the beat task, and then expires.
ACTIVE_SECONDS = 24 * 3600
REFRESH_SECONDS = 30
# How long a computation may hold its single-flight lock, and how long others wait for it.
LOCK_SECONDS = 120
WAIT_SECONDS = 30
logger = logging.getLogger(__name__)

_FUNCTIONS: dict = {}


def cache_seconds() -> int:
    return getattr(settings, "DASHBOARD_FIGURES_CACHE_SECONDS", 300)


def stale_seconds() -> int:
    return getattr(settings, "DASHBOARD_FIGURES_STALE_SECONDS", 3600)


@dataclass(frozen=True)
class Version:
    database: int  # the database's oid: a rebuilt database is another one
    value: int  # how far its data have moved


def data_version() -> Version:
    """The version of the data the figures are made of (its value grows with every write)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT last_value, is_called, (SELECT oid FROM pg_database WHERE datname = "
                       f"current_database()) FROM {SEQUENCE}")
        value, called, database = cursor.fetchone()
    return Version(database=database, value=value if called else 0)


@dataclass
class Entry:
    version: int
    computed_at: datetime
    result: object


@dataclass
class Freshness:
    """What the figures of one page were made from: the oldest computation used, and whether
    any of them is being recomputed because the data changed since."""

    used: list = field(default_factory=list)

    @property
    def computed_at(self) -> datetime:
        return min((at for at, _stale in self.used), default=None) or timezone.now()

    @property
    def age_seconds(self) -> float:
        return (timezone.now() - self.computed_at).total_seconds()

    @property
    def refreshing(self) -> bool:
        return any(stale for _at, stale in self.used)


@dataclass
class _Request:
    allow_stale: bool
    freshness: Freshness
    # The data version, read once per page: its figures are then all judged against the same one.
    version: Version | None = None


_current: ContextVar[_Request | None] = ContextVar("dashboards_figures_request", default=None)


def figures_page(*, allow_stale: bool):
    """Decorate a view: the figures it computes are tracked (`current_freshness()`), and with
    `allow_stale` an entry whose data changed is shown while the worker recomputes it."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            token = _current.set(_Request(allow_stale=allow_stale, freshness=Freshness()))
            try:
                return view(request, *args, **kwargs)
            finally:
                _current.reset(token)

        return wrapped

    return decorator


def current_freshness() -> Freshness:
    """The freshness of the figures computed so far in this request (now, outside a page)."""
    state = _current.get()
    return state.freshness if state is not None else Freshness()


def _plain(value):
    if isinstance(value, set | frozenset):
        return sorted(value)
    if isinstance(value, list | tuple):
        return list(value)
    return value


_clients: dict[str, redis.Redis] = {}


def _redis() -> redis.Redis:
    """A client of the cache's Redis for the entries' index (a set), one pool per process."""
    url = settings.CACHES["default"]["LOCATION"]
    if url not in _clients:
        _clients[url] = redis.Redis.from_url(url, socket_timeout=2)
    return _clients[url]


def _keys(name: str, plain: dict, database: int) -> tuple[str, str, str]:
    digest = hashlib.sha256(repr((name, plain)).encode()).hexdigest()[:32]
    base = f"dashboards:figures:{database}:{digest}"
    return base, f"{base}:args", f"{base}:lock"


def _index_key(database: int) -> str:
    return f"dashboards:figures:{database}:index"


def _is_fresh(entry: Entry | None, version: Version) -> bool:
    if entry is None or entry.version != version.value:
        return False
    return (timezone.now() - entry.computed_at).total_seconds() < cache_seconds()


def _compute_and_store(name: str, plain: dict, version: Version) -> Entry:
    """Compute the figures and keep them, with the version read before computing (a write during
    the computation then leaves the entry stale, never wrongly fresh)."""
    computed_at = timezone.now()
    entry = Entry(version=version.value, computed_at=computed_at, result=_FUNCTIONS[name](**plain))
    key, args_key, _lock = _keys(name, plain, version.database)
    cache.set(key, entry, ACTIVE_SECONDS + stale_seconds())
    cache.set(args_key, (name, plain), ACTIVE_SECONDS)
    _redis().sadd(_index_key(version.database), key)
    return entry


def _wait_for(key: str, version: Version) -> Entry | None:
    """Another request holds the lock and is computing: wait for its entry."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(0.05)
        entry = cache.get(key)
        if _is_fresh(entry, version):
            return entry
    return None


def _schedule_refresh(lock: str, key: str) -> None:
    if cache.add(lock, 1, LOCK_SECONDS):
        from .tasks import refresh_figures

        refresh_figures.delay(key)


def _answer(name: str, plain: dict) -> tuple[Entry, bool]:
    """The entry to answer with, and whether it is stale (being recomputed)."""
    state = _current.get()
    if state is not None:
        state.version = state.version or data_version()
    version = state.version if state is not None else data_version()
    key, args_key, lock = _keys(name, plain, version.database)
    entry = cache.get(key)
    if _is_fresh(entry, version):
        cache.touch(args_key, ACTIVE_SECONDS)
        return entry, False
    age = None if entry is None else (timezone.now() - entry.computed_at).total_seconds()
    if state is not None and state.allow_stale and age is not None and age < stale_seconds():
        cache.set(args_key, (name, plain), ACTIVE_SECONDS)
        _schedule_refresh(lock, key)
        return entry, True
    if cache.add(lock, 1, LOCK_SECONDS):
        try:
            return _compute_and_store(name, plain, version), False
        finally:
            cache.delete(lock)
    return _wait_for(key, version) or _compute_and_store(name, plain, version), False


def figures_cached(function):
    """Keep `function`'s result (it takes keyword arguments of plain values) in the cache, with
    the version of the data it was computed from."""
    name = f"{function.__module__}.{function.__qualname__}"
    _FUNCTIONS[name] = function

    @wraps(function)
    def cached(**kwargs):
        plain = {key: _plain(value) for key, value in sorted(kwargs.items())}
        if not cache_seconds() or connection.in_atomic_block:
            # Inside a transaction the figures may include its own uncommitted writes (which a
            # rollback would undo under an advanced version): always computed afresh there, as
            # when an official publishes them.
            return function(**plain)
        try:
            entry, stale = _answer(name, plain)
        except (redis.RedisError, OSError):  # the cache server down: computed, the page still opens
            logger.warning("dashboards figures cache unavailable", exc_info=True)
            return function(**plain)
        state = _current.get()
        if state is not None:
            state.freshness.used.append((entry.computed_at, stale))
        return entry.result

    cached.uncached = function
    return cached


def figures_refresh(key: str) -> bool:
    """Recompute the entry under `key` if its data changed (the worker's job). True if it did."""
    version = data_version()
    lock = f"{key}:lock"
    try:
        found = cache.get(f"{key}:args")
        if found is None or not key.startswith(f"dashboards:figures:{version.database}:"):
            return False
        name, plain = found
        if name not in _FUNCTIONS or _is_fresh(cache.get(key), version):
            return False
        _compute_and_store(name, plain, version)
        return True
    finally:
        cache.delete(lock)


def figures_refresh_stale() -> int:
    """Recompute every entry asked for in the last day whose data changed (the beat task); forget
    the others. Returns how many were recomputed."""
    version = data_version()
    client = _redis()
    index = _index_key(version.database)
    refreshed = 0
    for raw in client.smembers(index):
        key = raw.decode()
        if cache.get(f"{key}:args") is None:
            client.srem(index, key)
            continue
        if _is_fresh(cache.get(key), version) or not cache.add(f"{key}:lock", 1, LOCK_SECONDS):
            continue
        refreshed += figures_refresh(key)
    return refreshed
