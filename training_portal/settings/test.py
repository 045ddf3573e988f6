from .base import *  # noqa: F403
from .base import BASE_DIR, REDIS_URL, env

DEBUG = False
SECRET_KEY = "test-only-secret-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# seed_demo in tests must not overwrite the developer's demo logins.
DEMO_LOGINS_FILE = BASE_DIR / "var" / "test-demo-logins.txt"
# A database of Redis of its own so tests never touch development data.
TEST_REDIS_URL = env("TEST_REDIS_URL", default=REDIS_URL.rsplit("/", 1)[0] + "/15")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": TEST_REDIS_URL}
}
CELERY_BROKER_URL = TEST_REDIS_URL
CELERY_RESULT_BACKEND = TEST_REDIS_URL

# A worker process started by a test (a worker killed mid-import) works on the test database.
if env("WORKER_DATABASE_NAME", default=""):
    DATABASES["default"]["NAME"] = env("WORKER_DATABASE_NAME")  # noqa: F405

# A test's figures are those of its own data: the figures cache never shows figures computed
# before a change (tests/dashboards/test_figures_cache.py turns it on where it is the subject).
DASHBOARD_FIGURES_STALE_SECONDS = 0
