"""Settings for Stadtwerk-Portal, read from environment variables.

Development needs none of them: `make run` writes a `.env` with DEBUG=true, the
database is SQLite under `var/`, mail lands in `var/mail/`. Production sets at least
DEBUG=false, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"  # database, mail, secret key and logs of a development checkout
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)


def _development_secret_key() -> str:
    """A random key made once per checkout, so sessions survive a restart."""
    from django.core.management.utils import get_random_secret_key

    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    return key_file.read_text().strip()


# Production must bring its own key; only development may invent one.
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set the SECRET_KEY environment variable (DEBUG is off).")
    SECRET_KEY = _development_secret_key()

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Addresses of reverse proxies whose X-Forwarded-For header is believed
# (single addresses or networks such as 10.0.0.0/8). See privacy.client_ip.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

INSTALLED_APPS = [
    "stadtwerk",  # the demo data of all apps and its command
    "privacy",
    "website",
    "inquiries",
    "portal",
    "sms",
    "traffic",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
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
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django_tasks_db",
    "crontask",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
]

MIDDLEWARE = [
    # Above the page cache (check traffic.E001), so cached pages are logged and counted.
    "traffic.middleware.AccessLogMiddleware",
    "traffic.middleware.AnalyticsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "website.admin_csp.AdminStylePolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "privacy.middleware.ProxyMisconfigurationMiddleware",
    # Above everything that finishes the page or sets cookies, so it stores the final
    # response (check website.E001); below the security and CSP headers, added per hit.
    "website.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Below the locale middleware, so its German/English announcement is translated.
    "website.external_links.ExternalLinkMiddleware",
    "django.middleware.common.CommonMiddleware",
    "inquiries.middleware.FormTokenCsrfMiddleware",  # public forms without a CSRF cookie
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Records each logged-in session (IP, browser) so a customer can see and end it.
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    # Last, so its "not found" page is rendered like any other, in the visitor's language.
    "stadtwerk.middleware.NulBytePathMiddleware",
]

ROOT_URLCONF = "stadtwerk.urls"
WSGI_APPLICATION = "stadtwerk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web, worker and scheduler processes read while one writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test_db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if env.str("REDIS_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env.str("REDIS_URL"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous visitors get public pages from the cache for this long at most; publishing
# invalidates sooner. 0 turns the page cache off (the default while developing, so
# template changes show at once).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0 if DEBUG else 300)
# Pages, sites and site settings invalidate the page cache when saved; so does every
# model named here ("app_label.ModelName") that a public page shows.
PAGE_CACHE_INVALIDATED_BY: list[str] = [
    "privacy.PolicyVersion",
    "inquiries.OpeningInterval",
    "inquiries.SpecialDay",
]

# Contact services: deletion after processing, and what the public can make us send.
INQUIRIES_RETENTION_DAYS = env.int("INQUIRIES_RETENTION_DAYS", default=30)
INQUIRIES_MAIL_COOLDOWN_SECONDS = env.int("INQUIRIES_MAIL_COOLDOWN_SECONDS", default=15 * 60)
INQUIRIES_MAIL_DAILY_BUDGET = env.int("INQUIRIES_MAIL_DAILY_BUDGET", default=500)
# Activation letters cost postage: a pause per customer and a daily budget.
PORTAL_LETTER_COOLDOWN_DAYS = env.int("PORTAL_LETTER_COOLDOWN_DAYS", default=7)
PORTAL_LETTER_DAILY_BUDGET = env.int("PORTAL_LETTER_DAILY_BUDGET", default=100)
PORTAL_ACTIVATION_CODE_ATTEMPTS_PER_HOUR = env.int(
    "PORTAL_ACTIVATION_CODE_ATTEMPTS_PER_HOUR", default=10
)
# Business transactions: the billing system fetches them with this bearer token (empty:
# the API is closed), and transferred requests are deleted this many days later.
PORTAL_BILLING_API_TOKEN = env.str("PORTAL_BILLING_API_TOKEN", default="")
PORTAL_BILLING_CLAIM_LEASE_MINUTES = env.int("PORTAL_BILLING_CLAIM_LEASE_MINUTES", default=15)
PORTAL_TRANSFERRED_REQUEST_RETENTION_DAYS = env.int(
    "PORTAL_TRANSFERRED_REQUEST_RETENTION_DAYS", default=30
)
PORTAL_METER_PHOTO_MAX_BYTES = env.int("PORTAL_METER_PHOTO_MAX_BYTES", default=8 * 1024 * 1024)

# Free SMS of the customer centre (app sms): the gateway backend (console, file, locmem,
# http) and the limits against SMS-pumping fraud. See sms/conf.py for each setting.
SMS_BACKEND = env.str(
    "SMS_BACKEND",
    default="sms.backends.file.SmsBackend" if DEBUG else "sms.backends.http.SmsBackend",
)
SMS_FILE_PATH = env.path("SMS_FILE_PATH", default=VAR_DIR / "sms")
SMS_HTTP_URL = env.str("SMS_HTTP_URL", default="")
SMS_HTTP_USERNAME = env.str("SMS_HTTP_USERNAME", default="")
SMS_HTTP_PASSWORD = env.str("SMS_HTTP_PASSWORD", default="")
SMS_HTTP_TIMEOUT = env.float("SMS_HTTP_TIMEOUT", default=10.0)
SMS_DAILY_QUOTA = env.int("SMS_DAILY_QUOTA", default=5)
SMS_RECIPIENT_DAILY_CAP = env.int("SMS_RECIPIENT_DAILY_CAP", default=10)
SMS_DAILY_BUDGET = env.int("SMS_DAILY_BUDGET", default=1000)
SMS_ALLOWED_COUNTRIES = env.list("SMS_ALLOWED_COUNTRIES", default=["DE"])
SMS_MAX_PARTS = env.int("SMS_MAX_PARTS", default=3)

# Access logs: daily files in the combined log format. The app writes them when it
# serves itself; where nginx writes them (same format), TRAFFIC_ACCESS_LOG_WRITE=false
# and TRAFFIC_ACCESS_LOG_DIR/PATTERN point at nginx's files. Raw files are deleted
# after TRAFFIC_ACCESS_LOG_DAYS (at most 90); TRAFFIC_TRUNCATE_IP_DAYS > 0 shortens
# their addresses (IPv4 /16, IPv6 /48) after that many days.
TRAFFIC_ACCESS_LOG_DIR = env.path("TRAFFIC_ACCESS_LOG_DIR", default=VAR_DIR / "log" / "access")
TRAFFIC_ACCESS_LOG_WRITE = env.bool("TRAFFIC_ACCESS_LOG_WRITE", default=True)
TRAFFIC_ACCESS_LOG_PATTERN = env.str("TRAFFIC_ACCESS_LOG_PATTERN", default="access*.log*")
TRAFFIC_ACCESS_LOG_DAYS = env.int("TRAFFIC_ACCESS_LOG_DAYS", default=90)
TRAFFIC_TRUNCATE_IP_DAYS = env.int("TRAFFIC_TRUNCATE_IP_DAYS", default=0)

# The utility's legal name, where a document must name who issued it.
UTILITY_NAME = env.str("UTILITY_NAME", default="Stadtwerke Bochum GmbH")
#: Told of every new data-subject request (reference and deadline only, no data).
PRIVACY_OFFICER_EMAIL = env.str("PRIVACY_OFFICER_EMAIL", default="datenschutz@stadtwerke.example")
# The return-address line above the window of an activation letter (DIN 5008).
PORTAL_LETTER_RETURN_ADDRESS = env.str(
    "PORTAL_LETTER_RETURN_ADDRESS",
    default="Stadtwerke Bochum GmbH · Ostring 28 · 44787 Bochum",
)

TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}
# One scheduler runs at a time; with Redis the lock also spans machines.
CRONTASK = {"REDIS_URL": env.str("REDIS_URL", default="") or None}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    # allauth's, doing the same lookups for known and unknown login addresses.
    "portal.auth_backends.EvenAuthenticationBackend",
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

MAILERS = {
    "default": {
        "BACKEND": env.str(
            "MAIL_BACKEND",
            default="stadtwerk.mail.ReadableFileBackend"
            if DEBUG
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
        "OPTIONS": env.json("MAIL_OPTIONS", default={})
        or ({"file_path": str(VAR_DIR / "mail")} if DEBUG else {}),
    }
}
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Stadtwerke <kundenservice@stadtwerke.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL


# No page may load anything from another host, and no page runs inline script.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views allow SAMEORIGIN themselves

if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

WAGTAIL_SITE_NAME = "Stadtwerke"
WAGTAILADMIN_BASE_URL = env.str("BASE_URL", default="http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# The admin would ask releases.wagtail.org for news: no request to a third party.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Staff avatars would come from gravatar.com: no request to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_PERMITTED_LANGUAGES = [("de", "Deutsch"), ("en", "English")]
# German stemming where the database has it (PostgreSQL); SQLite's FTS ignores the setting.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "german"}
}

ACCOUNT_ADAPTER = "portal.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# One login address per account; a new one replaces it once its link is followed.
ACCOUNT_CHANGE_EMAIL = True
# The reset mail is looked up and sent by a task, so known and unknown addresses cost
# the request the same.
ACCOUNT_FORMS = {"reset_password": "portal.forms.PasswordResetForm"}
# The old address hears of a change of address, password or second factor.
ACCOUNT_EMAIL_NOTIFICATIONS = True
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Stadtwerke"
# last_seen_at follows every request, so the retention rule on it (privacy.privacy) holds.
USERSESSIONS_TRACK_ACTIVITY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "privacy": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
