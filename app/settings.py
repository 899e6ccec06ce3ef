"""Application settings, read from ``COMMUNIQUE_*`` environment variables.

Built by :func:`get_settings` (never at import time) so tests and the CLI can make their own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Every setting is documented here and in the README (a test checks both agree)."""

    model_config = SettingsConfigDict(env_prefix="COMMUNIQUE_", extra="ignore")

    database_url: str = Field(
        default="sqlite:///./data/communique.db",
        description="SQLAlchemy URL of the database; SQLite by default, PostgreSQL for teams.",
    )
    host: str = Field(default="127.0.0.1", description="Interface the web server binds to.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port the web server listens on.")
    debug: bool = Field(default=False, description="Show tracebacks and reload templates.")
    max_upload_bytes: int = Field(
        default=5 * 1024 * 1024, ge=1024, description="Largest accepted upload or pasted text."
    )
    seeds_dir: Path = Field(
        default=REPO_ROOT / "seeds", description="Folder with the seed manifest and articles."
    )
    migrate_on_start: bool = Field(
        default=True, description="Run database migrations when the web app starts."
    )
    secret_key: str = Field(
        default="",
        description="Signs session and CSRF cookies; when empty, a key is generated once and "
        "kept in secret_key_file.",
    )
    secret_key_file: Path = Field(
        default=Path("./data/secret_key"), description="Where the generated secret key is kept."
    )
    anonymous_read: bool = Field(
        default=False, description="Once accounts exist, let visitors read without signing in."
    )
    load_seeds: bool = Field(
        default=True, description="Load the seed dossier on start when it is not there yet."
    )
    trusted_hosts: str = Field(
        default="127.0.0.1,localhost,[::1]",
        description="Comma-separated host names the server answers to (besides `host`); a "
        "request with another Host header gets 400, which stops DNS rebinding. `*` allows any, "
        "`*.example.org` a domain and its subdomains.",
    )
    trusted_proxies: str = Field(
        default="",
        description="Comma-separated addresses of reverse proxies whose X-Forwarded-For and "
        "X-Forwarded-Proto headers are believed; empty: those headers are ignored.",
    )
    session_idle_minutes: int = Field(
        default=480, ge=1, description="A sign-in ends after this many minutes without a request."
    )

    comparison_worker: Literal["thread", "inline", "external"] = Field(
        default="thread",
        description="Where the web app compares a changed dossier: 'thread' (a background "
        "worker thread in each web process; saving answers at once), 'external' (jobs wait in "
        "the database for `communique worker` processes) or 'inline' (in the request, as the "
        "command line does).",
    )
    job_lease_seconds: float = Field(
        default=30.0,
        ge=0.5,
        le=3600,
        description="A worker's claim on a comparison job lasts this long unless renewed (it "
        "renews it every third of it while it computes); a job whose worker died is retried by "
        "another worker after it.",
    )
    job_max_attempts: int = Field(
        default=3,
        ge=1,
        description="Claims of one comparison job before it is failed because its workers "
        "kept stopping mid-way.",
    )
    worker_nice: int = Field(
        default=10,
        ge=0,
        le=19,
        description="How much `communique worker` lowers its CPU priority (nice), so that on "
        "a machine it shares with web workers, pages keep answering while it compares.",
    )
    worker_poll_seconds: float = Field(
        default=1.0,
        gt=0,
        le=60,
        description="How often an idle worker looks for queued comparison jobs.",
    )

    page_cache_mb: int = Field(
        default=64,
        ge=0,
        le=65536,
        description="Memory each web worker may hold in rendered pages, reused until the "
        "database changes; 0 renders every page afresh.",
    )

    fetch_timeout_seconds: float = Field(
        default=10.0, gt=0, le=120, description="Timeout of each fetch when importing by URL."
    )
    fetch_max_redirects: int = Field(
        default=5, ge=0, le=20, description="Redirects followed when importing by URL."
    )
    fetch_allowed_hosts: str = Field(
        default="",
        description="Comma-separated host names or addresses that import by URL may fetch "
        "although they are private, loopback or link-local (refused otherwise).",
    )

    @field_validator("database_url")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("database_url must not be empty")
        return value

    @property
    def allowed_fetch_hosts(self) -> frozenset[str]:
        hosts = (h.strip().lower() for h in self.fetch_allowed_hosts.split(","))
        return frozenset(h for h in hosts if h)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def allowed_hosts(self) -> list[str]:
        """``trusted_hosts`` plus the bound host (unless it is a wildcard address)."""
        names = [h.strip().lower() for h in self.trusted_hosts.split(",") if h.strip()]
        bound = self.host.strip().lower()
        if bound in ("0.0.0.0", "::", ""):
            return names
        return [*names, f"[{bound}]" if ":" in bound and not bound.startswith("[") else bound]

    @property
    def proxy_addresses(self) -> list[str]:
        return [h.strip() for h in self.trusted_proxies.split(",") if h.strip()]


def resolve_secret_key(settings: Settings) -> str:
    """The configured key, else the one kept on disk (created once, readable by the owner only)."""
    if settings.secret_key:
        return settings.secret_key
    import os  # noqa: PLC0415
    import secrets  # noqa: PLC0415

    path = settings.secret_key_file
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        # Written aside and linked into place, so a second worker never reads a half file.
        scratch = path.with_name(f".{path.name}.{os.getpid()}")
        fd = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_urlsafe(48))
        try:
            os.link(scratch, path)
        except FileExistsError:
            pass
        finally:
            scratch.unlink()
    return path.read_text("utf-8").strip()


def get_settings(**overrides: object) -> Settings:
    """Build settings from the environment, with explicit ``overrides`` winning."""
    return Settings(**overrides)  # type: ignore[arg-type]
