"""Reading typed settings from the environment."""

import os
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlsplit

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, *, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return _bool(name, raw)


def _bool(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{name} must be true or false, not {raw!r}")


def env_list(name: str, *, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"


@dataclass(frozen=True)
class EmailServer:
    """Django's EMAIL_* settings, as one EMAIL_URL describes them."""

    backend: str
    host: str = "localhost"
    port: int = 25
    user: str = ""
    password: str = field(default="", repr=False)
    use_tls: bool = False
    use_ssl: bool = False
    timeout: int | None = None


def env_email(name: str) -> EmailServer | None:
    """The mail server in one URL, or None when the variable is unset or empty.

    smtp://user:password@host:587?tls=1   SMTP with STARTTLS (port 587 unless given)
    smtp+ssl://user:password@host         SMTP over TLS from the first byte (port 465)
    smtp://host                           plain SMTP (port 25), e.g. a relay on the same network
    console://                            print each message to the log instead of sending it
    Characters such as @ : / in the user or password are percent-encoded (%40 for @).
    ?timeout=SECONDS (default 10) bounds how long a request waits for the server.
    """
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    # Error messages name the variable and the part at fault, never the URL: it holds a password.
    url = urlsplit(raw)
    scheme = url.scheme.lower()
    if scheme == "console":
        return EmailServer(backend=CONSOLE_BACKEND)
    if scheme not in {"smtp", "smtp+ssl"}:
        raise ValueError(f"{name} starts with smtp://, smtp+ssl:// or console://")
    if not url.hostname:
        raise ValueError(f"{name} names no mail server (smtp://user:password@host:port)")
    options = dict(parse_qsl(url.query, keep_blank_values=True))
    unknown = options.keys() - {"tls", "timeout"}
    if unknown:
        raise ValueError(f"{name} takes ?tls=1 and ?timeout=SECONDS, not {sorted(unknown)}")
    use_ssl = scheme == "smtp+ssl"
    use_tls = _bool(f"{name} ?tls", options.get("tls", ""))
    if use_ssl and use_tls:
        raise ValueError(f"{name}: smtp+ssl:// is already encrypted; drop ?tls=1")
    try:
        port = url.port or (465 if use_ssl else 587 if use_tls else 25)
        timeout = int(options.get("timeout", "10"))
    except ValueError:
        raise ValueError(f"{name} has a port or timeout that is not a number") from None
    return EmailServer(
        backend=SMTP_BACKEND,
        host=url.hostname,
        port=port,
        user=unquote(url.username or ""),
        password=unquote(url.password or ""),
        use_tls=use_tls,
        use_ssl=use_ssl,
        timeout=timeout,
    )


LOCMEM_CACHE = "django.core.cache.backends.locmem.LocMemCache"
REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"
DUMMY_CACHE = "django.core.cache.backends.dummy.DummyCache"


def env_cache(name: str) -> dict[str, object]:
    """Django's default cache, as one URL describes it.

    locmem://                 each process keeps its own (the default, when unset or empty)
    redis://host:6379/1       one Redis for every worker (rediss:// over TLS)
    dummy://                  nothing is kept (the tests, but for those of the cache itself)
    """
    raw = os.environ.get(name, "").strip() or "locmem://"
    scheme = urlsplit(raw).scheme.lower()
    if scheme == "locmem":
        return {"BACKEND": LOCMEM_CACHE, "OPTIONS": {"MAX_ENTRIES": 5000}}
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": REDIS_CACHE, "LOCATION": raw}
    if scheme == "dummy":
        return {"BACKEND": DUMMY_CACHE}
    raise ValueError(f"{name} starts with locmem://, redis://, rediss:// or dummy://")
