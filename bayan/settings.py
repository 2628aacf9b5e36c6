"""Every setting Bayan has, read from the environment with safe defaults.

Operators configure an instance with ``BAYAN_*`` variables (or ``DATABASE_URL``);
nothing else needs editing. Values that cannot be right (a boolean spelled
``yes``, an unreadable secret file) stop the process with a message naming the
variable instead of being guessed at.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

# BASE_DIR is a setting in its own right (tests find ../shared from it).
from bayan.environment import BASE_DIR, data_dir, env_bool, env_int, env_list  # noqa: F401

PROJECT_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()


def read_secret_key():
    """The signing key: BAYAN_SECRET_KEY, the file BAYAN_SECRET_KEY_FILE, or DATA_DIR/secret_key.

    There is deliberately no built-in fallback: a guessable key would let anyone
    forge sessions. ``bayan`` creates DATA_DIR/secret_key on first use.
    """
    if os.environ.get("BAYAN_SECRET_KEY"):
        return os.environ["BAYAN_SECRET_KEY"]
    path = Path(os.environ.get("BAYAN_SECRET_KEY_FILE") or DATA_DIR / "secret_key")
    try:
        key = path.read_text(encoding="utf-8").strip()
    except OSError as error:
        raise ImproperlyConfigured(
            f"No secret key: set BAYAN_SECRET_KEY, or BAYAN_SECRET_KEY_FILE, or create {path} "
            f"(the bayan command does this on first run). Reading it failed: {error.strerror}"
        ) from None
    if len(key) < 32:
        raise ImproperlyConfigured(f"The secret key in {path} is shorter than 32 characters")
    return key


SECRET_KEY = read_secret_key()
DEBUG = env_bool("BAYAN_DEBUG", False)
ALLOWED_HOSTS = env_list("BAYAN_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("BAYAN_CSRF_TRUSTED_ORIGINS", [])
# A refused form gets the site's own page, in the reader's language.
CSRF_FAILURE_VIEW = "bayan.errors.csrf_failure"
# Absolute base for links that leave the site (feeds, sitemaps, Open Graph).
BASE_URL = os.environ.get("BAYAN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = BASE_URL
HTTPS = BASE_URL.startswith("https://")

INSTALLED_APPS = [
    "bayan.newsroom",
    "bayan.identity",
    "bayan.archives",
    "bayan.navigation",
    "bayan.wxr",
    "bayan.pagecache",
    "bayan.search",
    "bayan.cases",
    "bayan.statements",
    "bayan.mirror",
    "bayan.api",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "bayan.backups",
    "bayan.accounts",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.routable_page",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_countries",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above the page cache, so cached pages carry the same policy as fresh ones.
    "bayan.headers.ContentSecurityPolicyMiddleware",
    "bayan.headers.BrowserPolicyMiddleware",
    # The open data API's CORS, rate limits and conditional requests, before anything reads more.
    "bayan.api.middleware.ApiMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "bayan.wxr.middleware.LegacyQueryRedirectMiddleware",
    "bayan.pagecache.middleware.ReaderPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Reader pages are only read: any other method than GET and HEAD is 405 (bayan/errors.py).
    "bayan.errors.ReaderMethodsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Asks admin users for their second factor before anything else (bayan/accounts/two_factor.py).
    "bayan.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Wagtail's redirects, with the request's site held per content generation (bayan/wxr/middleware.py).
    "bayan.wxr.middleware.RedirectMiddleware",
    # Last, as django-axes asks: answers a locked-out sign-in attempt.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Refuses sign-in for a name and address locked out after repeated failures.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("BAYAN_SIGN_IN_FAILURES", 5)
AXES_COOLOFF_TIME = env_int("BAYAN_LOCKOUT_MINUTES", 60) / 60
# Lock the name tried from that address, so one attacker cannot lock out every editor.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "bayan.accounts.audit.client_address"
AXES_VERBOSE = False
# A page like the admin's sign-in, in the reader's language, saying when to try again (HTTP 429).
AXES_LOCKOUT_CALLABLE = "bayan.accounts.lockout.locked_out"

ROOT_URLCONF = "bayan.urls"
WSGI_APPLICATION = "bayan.wsgi.application"

TEMPLATES = [
    # Reader pages are Jinja2 (bayan/jinja2/): several times cheaper to render than Django's
    # templates, and rendering is most of an uncached page's cost. The admin stays on Django's.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [PROJECT_DIR / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "bayan.reader_templates.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "bayan.newsroom.context_processors.site",
                "bayan.identity.context_processors.identity",
                "bayan.navigation.context_processors.menus",
            ],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bayan.newsroom.context_processors.site",
                "bayan.identity.context_processors.identity",
            ],
        },
    },
]

POSTGRESQL_ENGINE = "bayan.engines.postgresql"
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    try:
        DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=600, conn_health_checks=True)}
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database address: {error}") from None
    # Django's PostgreSQL backend, with a connection used moments ago spared its health check
    # (bayan/engines/postgresql/base.py).
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"]["ENGINE"] = POSTGRESQL_ENGINE
    # Behind a pooler in transaction mode (pgbouncer), a server connection serves another client after each
    # transaction: nothing a session keeps past one (a prepared statement, a cursor held open) may be used.
    _transaction_pooler = env_bool("BAYAN_TRANSACTION_POOLER", False)
    if _transaction_pooler:
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    if (DATABASES["default"]["ENGINE"] == POSTGRESQL_ENGINE and not _transaction_pooler
            and env_bool("BAYAN_PREPARED_STATEMENTS", True)):
        # Parameters sent apart from the statement, so that psycopg prepares a statement asked five times
        # on its connection: PostgreSQL then plans it once, not on every request (planning a post page's
        # lookup took ten times as long as running it). Off behind a pooler that cannot keep prepared
        # statements (pgbouncer before 1.21 in transaction mode).
        DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
    # Streaming replicas of the primary (docs/operations.md, Read replicas): anonymous readers' reads go to
    # them (bayan/pagecache/replicas.py) while they keep within BAYAN_REPLICA_MAX_LAG_SECONDS of the primary.
    BAYAN_REPLICAS = []
    for _number, _url in enumerate(env_list("BAYAN_REPLICA_URLS", []), start=1):
        try:
            _replica = dj_database_url.parse(_url, conn_max_age=600, conn_health_checks=True)
        except ValueError as error:
            raise ImproperlyConfigured(f"BAYAN_REPLICA_URLS: replica {_number} is not a database address: "
                                       f"{error}") from None
        if _replica["ENGINE"] == "django.db.backends.postgresql":
            _replica["ENGINE"] = POSTGRESQL_ENGINE
        if {_replica["ENGINE"], DATABASES["default"]["ENGINE"]} != {POSTGRESQL_ENGINE}:
            raise ImproperlyConfigured(f"BAYAN_REPLICA_URLS: replica {_number} must be a PostgreSQL address, as "
                                       "DATABASE_URL must be (replicas are PostgreSQL's streaming replicas)")
        # A replica that does not answer is left out after two seconds, not waited for.
        _replica.setdefault("OPTIONS", {}).update(DATABASES["default"].get("OPTIONS", {}), connect_timeout=2)
        _replica["DISABLE_SERVER_SIDE_CURSORS"] = DATABASES["default"].get("DISABLE_SERVER_SIDE_CURSORS", False)
        # The test runner makes no database of its own for a replica.
        _replica["TEST"] = {"MIRROR": "default"}
        DATABASES[f"replica{_number}"] = _replica
        BAYAN_REPLICAS.append(f"replica{_number}")
    BAYAN_REPLICA_MAX_LAG_SECONDS = env_int("BAYAN_REPLICA_MAX_LAG_SECONDS", 5, minimum=1)
    if BAYAN_REPLICAS:
        DATABASE_ROUTERS = ["bayan.pagecache.replicas.ReplicaRouter"]
        MIDDLEWARE.insert(MIDDLEWARE.index("bayan.pagecache.middleware.ReaderPageCacheMiddleware"),
                          "bayan.pagecache.replicas.ReplicaRoutingMiddleware")
else:
    BAYAN_REPLICAS = []
    DATABASES = {
        "default": {
            # Django's SQLite backend, converting each statement's placeholders once (bayan/engines/sqlite3/base.py).
            "ENGINE": "bayan.engines.sqlite3",
            "NAME": DATA_DIR / "bayan.sqlite3",
            # Opening SQLite and running the pragmas below costs more than a listing's queries.
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # WAL lets readers go on while one writer commits; IMMEDIATE takes the
                # write lock up front so concurrent writers wait instead of failing.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON; PRAGMA mmap_size=268435456;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ar", "العربية")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = os.environ.get("BAYAN_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("BAYAN_MEDIA_DIR") or DATA_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "bayan.staticfiles.ForgivingManifestStorage"
        if env_bool("BAYAN_MANIFEST_STATIC", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("BAYAN_SECURE_COOKIES", HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = env_int("BAYAN_SESSION_SECONDS", 8 * 3600)
X_FRAME_OPTIONS = "DENY"
# Behind TLS (a BAYAN_BASE_URL starting with https://): browsers are told to use nothing else.
SECURE_HSTS_SECONDS = env_int("BAYAN_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("BAYAN_HSTS_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("BAYAN_HSTS_PRELOAD", HTTPS)
SECURE_SSL_REDIRECT = env_bool("BAYAN_SSL_REDIRECT", HTTPS)
BAYAN_BEHIND_PROXY = env_bool("BAYAN_BEHIND_PROXY", HTTPS)
if BAYAN_BEHIND_PROXY:
    # nginx (docs/caching.md) terminates TLS and says so in this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The proxies whose X-Forwarded-For names the client (comma-separated addresses). A request from
# any other address is taken to come from that address itself, whatever the header says, so
# that nobody can pick the address that rate limits and lock-outs count. By default the
# loopback proxy of docs/operations.md when Bayan runs behind one, else none.
BAYAN_TRUSTED_PROXIES = frozenset(
    address.strip()
    for address in os.environ.get("BAYAN_TRUSTED_PROXIES", "127.0.0.1,::1" if BAYAN_BEHIND_PROXY else "").split(",")
    if address.strip()
)
# Reader pages load nothing from any other site: no inline script or style, no frames.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "frame-src": ["'self'", *env_list("BAYAN_FRAME_HOSTS", [])],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

WAGTAIL_SITE_NAME = os.environ.get("BAYAN_SITE_NAME", "Bayan")
# The name authenticator apps show beside the account: the organisation's (Settings → Organisation),
# read when a device is set up, since settings load before the apps.
OTP_TOTP_ISSUER = lambda device: import_string("bayan.identity.organisation.totp_issuer")(device)  # noqa: E731
# Superusers (who may be in no group) must use a second factor on a public site; groups decide for everyone else.
BAYAN_SUPERUSERS_NEED_TWO_FACTOR = env_bool("BAYAN_SUPERUSERS_NEED_TWO_FACTOR", HTTPS)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAIL_ALLOW_UNICODE_SLUGS = True
# No avatars from gravatar.com: the admin would tell a third party which editors are signed in.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor a check for new Wagtail releases from the dashboard: the admin talks to this site only.
WAGTAIL_ENABLE_UPDATE_CHECK = False
TAGGIT_CASE_INSENSITIVE = True
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# Editors never see a password-protected page form that posts to a third party.
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "newsroom/password_required.html"

# Listings: how many items a page shows and how listing items are cut.
BAYAN_ITEMS_PER_PAGE = env_int("BAYAN_ITEMS_PER_PAGE", 10)
BAYAN_TITLE_WORDS = env_int("BAYAN_TITLE_WORDS", 8)
BAYAN_EXCERPT_WORDS = env_int("BAYAN_EXCERPT_WORDS", 30)
BAYAN_FEED_ITEMS = env_int("BAYAN_FEED_ITEMS", 20)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("BAYAN_LOG_LEVEL", "WARNING")},
}
# The embedded setup serves uploaded files itself; behind nginx, let nginx do it.
SERVE_MEDIA = env_bool("BAYAN_SERVE_MEDIA", True)

# Reader page cache: whole pages for anonymous readers, kept per process and dropped the
# moment anything a reader sees changes (see bayan/pagecache).
BAYAN_PAGE_CACHE = env_bool("BAYAN_PAGE_CACHE", True)
# Memory the stored pages may take in each server process (search pages an eighth of it at
# most), and the largest page kept: bounds in bytes, so no request can grow them.
BAYAN_PAGE_CACHE_MAX_BYTES = env_int("BAYAN_PAGE_CACHE_MAX_BYTES", 64 * 1024 * 1024, minimum=1024 * 1024)
BAYAN_PAGE_CACHE_MAX_ITEM = env_int("BAYAN_PAGE_CACHE_MAX_ITEM", 1024 * 1024, minimum=1024)
# Search results are kept until the content generation changes (see bayan/search/searching.py).
# Processes that build search documents while an import goes on writing posts (0: the importing process does it).
BAYAN_INDEX_WORKERS = env_int("BAYAN_INDEX_WORKERS", 1, minimum=0)
BAYAN_SEARCH_CACHE = env_bool("BAYAN_SEARCH_CACHE", True)
# Memory each server process may give to search results kept for asking again (bytes).
BAYAN_SEARCH_RESULTS_MAX_BYTES = env_int("BAYAN_SEARCH_RESULTS_MAX_BYTES", 8 * 1024 * 1024, minimum=64 * 1024)
# Memory each server process may give to the sets of words searched for (bayan/search/matchsets.py);
# at 100,000 posts one word's set takes about 12 kB.
BAYAN_SEARCH_SET_MEMORY_MB = env_int("BAYAN_SEARCH_SET_MEMORY_MB", 32, minimum=1)
# A term held by at least this many posts has its set of posts kept whole in the database, read in one row on
# a word's first search rather than gathered from the full-text index (bayan/search/postings.py).
BAYAN_SEARCH_POSTINGS_FROM = env_int("BAYAN_SEARCH_POSTINGS_FROM", 1000, minimum=1)
# How many of a query's matches (the most recently added) are ranked by relevance; older ones follow,
# newest first. Ranking costs about 10 microseconds a post (bayan/search/searching.py, docs/search.md).
BAYAN_SEARCH_RANKED_POOL = env_int("BAYAN_SEARCH_RANKED_POOL", 1000, minimum=10)
# Longest search query read, in characters; longer ones are cut at a word's end (bayan/search/query.py).
BAYAN_SEARCH_MAX_QUERY = env_int("BAYAN_SEARCH_MAX_QUERY", 300, minimum=20)
# The static mirror (bayan/mirror, docs/mirror.md): the folder kept in step with the site (none: no
# mirror is kept), the address it is served at, the signing key and its passphrase, and how many
# days a signature holds before readers' checks call the copy stale.
BAYAN_MIRROR_DIR = os.environ.get("BAYAN_MIRROR_DIR", "")
BAYAN_MIRROR_BASE_URL = os.environ.get("BAYAN_MIRROR_BASE_URL", "").rstrip("/")
BAYAN_MIRROR_KEY = Path(os.environ.get("BAYAN_MIRROR_KEY") or DATA_DIR / "mirror" / "bayan-mirror.key")
BAYAN_MIRROR_KEY_PASSPHRASE = os.environ.get("BAYAN_MIRROR_KEY_PASSPHRASE", "")
BAYAN_MIRROR_EXPIRY_DAYS = env_int("BAYAN_MIRROR_EXPIRY_DAYS", 14, minimum=1)
# Where each sync of that mirror is then copied with rsync (folders, host:folder or rsync://…), comma-separated.
BAYAN_MIRROR_RSYNC = env_list("BAYAN_MIRROR_RSYNC", [])
# And to S3-compatible buckets (s3://bucket/folder, comma-separated), at BAYAN_MIRROR_S3_ENDPOINT when the
# store is not AWS's (MinIO, Backblaze...); credentials from boto3's own AWS_* variables or files.
BAYAN_MIRROR_S3 = env_list("BAYAN_MIRROR_S3", [])
BAYAN_MIRROR_S3_ENDPOINT = os.environ.get("BAYAN_MIRROR_S3_ENDPOINT", "")
# Seconds a sync waits after a change, so that the changes of one editing session go together.
BAYAN_MIRROR_DEBOUNCE_SECONDS = env_int("BAYAN_MIRROR_DEBOUNCE_SECONDS", 3, minimum=0)
# Wagtail's own tasks (its admin search and reference index) run at once, as they always did; the
# mirror's syncs are queued in the database and run by `bayan serve`'s worker (bayan/mirror/tasks.py).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["mirror"]},
}
# The API answers conditional requests itself (bayan/api/middleware.py) and counts every request.
BAYAN_UNCACHED_PREFIXES = ("/admin/", "/documents/", "/media/", "/api/")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "default",
        "OPTIONS": {"MAX_ENTRIES": env_int("BAYAN_CACHE_ENTRIES", 5000)},
    },
}

# E-mail: sign-on confirmations and the editors' notice of signatures waiting. Without an SMTP
# host, messages are written to the console (the demo's confirmation links are read there).
EMAIL_HOST = os.environ.get("BAYAN_EMAIL_HOST", "")
EMAIL_PORT = env_int("BAYAN_EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = os.environ.get("BAYAN_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("BAYAN_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("BAYAN_EMAIL_TLS", True)
EMAIL_BACKEND = ("django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
                 else "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("BAYAN_EMAIL_FROM", "bayan@localhost")

# Joint statements' sign-on (bayan/statements, docs/statements.md). Each limit counts the
# submissions (sent forms, accepted or refused) within one window of BAYAN_SIGNON_WINDOW seconds.
# Open data API (docs/api.md): requests a minute per client address, and per partner key.
BAYAN_API_RATE_PER_MINUTE = env_int("BAYAN_API_RATE_PER_MINUTE", 300, minimum=1)
BAYAN_API_PARTNER_RATE_PER_MINUTE = env_int("BAYAN_API_PARTNER_RATE_PER_MINUTE", 6000, minimum=1)
BAYAN_SIGNON_WINDOW = env_int("BAYAN_SIGNON_WINDOW", 3600, minimum=1)
BAYAN_SIGNON_LIMIT_PER_ADDRESS = env_int("BAYAN_SIGNON_LIMIT_PER_ADDRESS", 10, minimum=1)
BAYAN_SIGNON_LIMIT_PER_LINK = env_int("BAYAN_SIGNON_LIMIT_PER_LINK", 300, minimum=1)
# How long a new sign-on link stays open unless the editor picks a date, in days.
BAYAN_SIGNON_LINK_DAYS = env_int("BAYAN_SIGNON_LINK_DAYS", 30, minimum=1)
# Hours the contact has to confirm a submission from the e-mailed link.
BAYAN_SIGNON_CONFIRM_HOURS = env_int("BAYAN_SIGNON_CONFIRM_HOURS", 72, minimum=1)
# Days after which the contact e-mail and comment of a rejected (or never confirmed) submission are erased.
BAYAN_REJECTED_SUBMISSION_DAYS = env_int("BAYAN_REJECTED_SUBMISSION_DAYS", 30, minimum=1)
# Least minutes between two e-mails telling editors that signatures wait for moderation.
BAYAN_SIGNON_NOTICE_MINUTES = env_int("BAYAN_SIGNON_NOTICE_MINUTES", 60, minimum=1)
# The jobs `bayan serve` runs every minute: scheduled publishing, the sign-on's housekeeping, queueing a
# mirror sync that no edit announces (a dated post coming into view, the daily re-signing), pruning
# the change log, and bringing the search's kept sets of common terms up to date.
BAYAN_SCHEDULED_JOBS = env_list("BAYAN_SCHEDULED_JOBS", ["publish_scheduled", "statements_tidy", "mirror_watch",
                                                        "changes_prune", "search_postings"])
# Days of the change log kept (bayan/pagecache/changelog.py): how far back the open data API's changes feed
# can resume a partner's token; older tokens are told to start again from a snapshot.
# At least 2, as changes-prune --days (pagecache.changelog.FEWEST_DAYS_KEPT).
BAYAN_CHANGE_LOG_DAYS = env_int("BAYAN_CHANGE_LOG_DAYS", 90, minimum=2)
