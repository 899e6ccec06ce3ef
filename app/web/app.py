"""Application factory: ``create_app(settings)`` wires settings, database, templates, routes."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from app import migrate
from app.db import make_engine, session_scope
from app.services import comparison_jobs, comparison_worker
from app.services.errors import ServiceError
from app.services.job_queue import LeasePolicy
from app.services.seeds import load_seeds
from app.settings import REPO_ROOT, Settings, get_settings, resolve_secret_key
from app.web import convertors
from app.web.guard import LoginRequired, guard, login_url
from app.web.hosts import TrustedHostsMiddleware
from app.web.limits import BodyLimitMiddleware
from app.web.methods import HeadAsGetMiddleware, allowed_methods
from app.web.page_cache import PageCache
from app.web.render import error_page, make_templates, wants_json
from app.web.routes import (
    accounts,
    api_sources,
    bulk_import,
    compare,
    docs,
    dossier_edit,
    editor,
    forms,
    health,
    jobs,
    pages,
    search,
    trash,
)
from app.web.routes import review as review_routes
from app.web.security import SecurityHeadersMiddleware
from app.web.sessions import SessionMiddleware
from app.web.views import ERROR_RESPONSES

log = logging.getLogger("communique")


def lease_policy(settings: Settings) -> LeasePolicy:
    return LeasePolicy(settings.job_lease_seconds, settings.job_max_attempts)


def _startup(app: FastAPI, settings: Settings) -> None:
    if settings.migrate_on_start:
        migrate.upgrade(settings)
    engine = app.state.engine
    if settings.comparison_worker == "thread":
        runner = comparison_worker.ThreadRunner(
            engine,
            comparison_jobs.run_claimed,
            lease_policy(settings),
            poll_seconds=settings.worker_poll_seconds,
        )
        comparison_worker.install(engine, runner)
    elif settings.comparison_worker == "external":
        comparison_worker.install(engine, comparison_worker.QueueOnly())
    if settings.load_seeds and (settings.seeds_dir / "manifest.json").exists():
        with session_scope(app.state.engine) as session:
            result = load_seeds(session, settings.seeds_dir)
        if result.sources_added:
            log.info("seed dossier %s: %d sources added", result.dossier_id, result.sources_added)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for ``settings`` (read from the environment when not given)."""
    settings = settings or get_settings()
    convertors.install()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        _startup(app, settings)
        yield
        runner = comparison_worker.uninstall(app.state.engine)
        if runner is not None:
            runner.close()
        app.state.engine.dispose()

    app = FastAPI(
        title="Communiqué",
        description="Compare how outlets report the same event. Every HTML page has a JSON twin.",
        version="0.1.0",
        lifespan=lifespan,
        debug=settings.debug,
        dependencies=[Depends(guard)],
        responses=ERROR_RESPONSES,
        # Served from the app's own pinned copies instead (app/web/routes/docs.py).
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = make_engine(settings)
    app.state.templates = make_templates()
    app.state.page_cache = PageCache(settings.page_cache_mb * 1024 * 1024)
    # Added innermost first. Outside in: proxy headers (only from trusted proxies), security
    # headers, the Host check, sessions, the body limit, HEAD as GET.
    app.add_middleware(HeadAsGetMiddleware)
    app.add_middleware(BodyLimitMiddleware, max_upload_bytes=settings.max_upload_bytes)
    app.add_middleware(SessionMiddleware, secret_key=resolve_secret_key(settings))
    app.add_middleware(TrustedHostsMiddleware, allowed_hosts=settings.allowed_hosts)
    app.add_middleware(SecurityHeadersMiddleware)
    if settings.proxy_addresses:
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.proxy_addresses)
    app.mount("/static", StaticFiles(directory=str(REPO_ROOT / "static")), name="static")
    app.include_router(health.router)
    app.include_router(docs.router)
    app.include_router(pages.router)
    app.include_router(compare.router)
    app.include_router(editor.router)
    app.include_router(forms.router)
    app.include_router(api_sources.api)
    app.include_router(search.router)
    app.include_router(accounts.router)
    app.include_router(review_routes.router)
    app.include_router(trash.router)
    app.include_router(jobs.router)
    app.include_router(bulk_import.router)
    app.include_router(bulk_import.api_router)
    app.include_router(dossier_edit.router)
    _install_error_handlers(app)
    return app


NUMERIC_VALUE_OUT_OF_RANGE = "22003"


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def _login_required(request: Request, exc: LoginRequired) -> Response:
        if wants_json(request) or request.method not in ("GET", "HEAD"):
            return error_page(request, 401, exc.message)
        return RedirectResponse(login_url(request), status_code=303)

    @app.exception_handler(ServiceError)
    async def _service_error(request: Request, exc: ServiceError) -> Response:
        return error_page(request, exc.status, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = "There is no page at this address." if exc.status_code == 404 else str(exc.detail)
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            allowed = allowed_methods(request.app.routes, request.scope)
            headers["Allow"] = ", ".join(allowed)
            message = (
                f"{request.method} is not allowed here; this address takes {headers['Allow']}."
            )
        return error_page(request, exc.status_code, message, headers)

    @app.exception_handler(DataError)
    async def _out_of_range(request: Request, exc: DataError) -> Response:
        # PostgreSQL's integer ids stop at 2**31 - 1 (SQLite's at 2**63 - 1): a bigger number
        # names no record, as on SQLite, rather than failing the request.
        if getattr(exc.orig, "sqlstate", None) != NUMERIC_VALUE_OUT_OF_RANGE:
            raise exc
        return error_page(request, 404, "There is no record with that number.")

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {"msg": "invalid request"}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        return error_page(request, 422, f"{where}: {first.get('msg')}" if where else first["msg"])
