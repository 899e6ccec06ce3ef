"""An id beyond what the database stores (PostgreSQL's integer stops at 2**31 - 1) names no
record: 404 on the page and its JSON twin, on SQLite and PostgreSQL alike, never a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


@pytest.mark.parametrize("number", [2**31 - 1, 2**31, 2**40])
def test_a_huge_dossier_id_is_not_found(client: TestClient, number: int) -> None:
    assert client.get(f"/dossiers/{number}").status_code == 404
    assert client.get(f"/dossiers/{number}.json").status_code == 404
    assert client.get(f"/sources/{number}").status_code == 404
