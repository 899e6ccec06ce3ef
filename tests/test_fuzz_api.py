"""Schemathesis over the OpenAPI schema: generated requests never get a 5xx and every response
matches the schema its operation documents.

Schemathesis's pytest plugin does not run under pytest 9 yet, so each operation's Hypothesis
strategy is driven directly; the checks are Schemathesis's own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from app.settings import Settings
from app.web.app import create_app
from tests.robustness import record

pytestmark = pytest.mark.slow
EXAMPLES_PER_OPERATION = 60


@pytest.fixture
def api_schema(settings: Settings) -> Iterator[Any]:
    app = create_app(settings.model_copy(update={"max_upload_bytes": 64 * 1024}))
    with TestClient(app):  # runs the lifespan: the seed dossier is there to be found
        yield schemathesis.openapi.from_asgi("/openapi.json", app)


def test_every_operation_is_fuzzed_without_server_errors(api_schema: Any) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:
        _fuzz(operation)
    record("fuzz_operations", len(operations))


def _fuzz(operation: Any) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def run(case: Any) -> None:
        case.call_and_validate(
            headers={"X-Requested-With": "schemathesis"},
            checks=[not_a_server_error, response_schema_conformance],
        )
        record("fuzz_requests")

    run()
