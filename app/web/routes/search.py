"""Routes of the search part of the web app."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["search"])
