"""Liveness and readiness: the database answers and the engine is importable."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from app.engine import ENGINE_VERSION
from app.web.deps import SessionDep
from app.web.views import Health

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health, summary="Health check")
def healthz(session: SessionDep) -> Health:
    session.exec(text("SELECT 1"))  # type: ignore[call-overload]
    return Health(status="ok", database="ok", engine_version=ENGINE_VERSION)
