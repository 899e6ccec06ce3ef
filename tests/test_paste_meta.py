"""A pasted article's preview proposes its headline line as title and a date near the top.
Texts made up for the tests."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from app.services.paste_meta import found_date, headline
from tests.html import soup
from tests.test_forms import new_dossier, post_form

ARTICLE = (
    "Valmora and Sudavia agree on a new ferry line\n"
    "\n"
    "VALMORA, Tuesday 7 January 2026 — The two governments signed a ferry agreement on "
    "Monday. Service starts on 1 March 2026.\n"
    "Officials said the line would carry 200 passengers a day."
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (ARTICLE, "Valmora and Sudavia agree on a new ferry line"),
        ("  Talks end without a deal  \nThe ministers left early.", "Talks end without a deal"),
        ("The ministers met on Monday.\nThey left early.", ""),  # a sentence, not a headline
        ("Only one line here", ""),
        ("x" * 201 + "\nmore text", ""),
        ('Minister: "We will sign"\nThe minister said so.', 'Minister: "We will sign"'),
    ],
)
def test_headline(text: str, expected: str) -> None:
    assert headline(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (ARTICLE, date(2026, 1, 7)),
        ("Published 2025-11-30. Talks went on.", date(2025, 11, 30)),
        ("Geneva, March 4, 2026 (Reuters) - Talks began.", date(2026, 3, 4)),
        ("Geneva, Sept. 21st 2025: talks began.", date(2025, 9, 21)),
        ("Talks on 31 February 2026 and then 2 March 2026.", date(2026, 3, 2)),
        ("Talks on 07/01/2026 in Geneva.", None),  # day or month first? not guessed
        ("No date here, only May and 2026.", None),
        ("x" * 700 + " 7 January 2026", None),  # too far down to be the article's date
    ],
)
def test_found_date(text: str, expected: date | None) -> None:
    assert found_date(text) == expected


def test_the_paste_preview_proposes_the_title_and_date(client: TestClient) -> None:
    dossier_id = new_dossier(client)
    response = post_form(
        client, f"/dossiers/{dossier_id}/import", {"text": ARTICLE, "step": "preview"}
    )
    assert response.status_code == 200
    page = soup(response.text)
    assert page.select_one("#field-title")["value"] == (
        "Valmora and Sudavia agree on a new ferry line"
    )
    assert page.select_one("#field-published_date")["value"] == "2026-01-07"
