"""Quoted text inside ``<q>`` (which draws its own marks) is shown without doubled quotes."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.web.render import quote_element, unquote
from tests.html import soup

QUOTE_MARKS = "\u201c\u201d\u2018\u2019\"'"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\u201czero-tolerance\u201d", "zero-tolerance"),
        ('"port deal"', "port deal"),
        ("\u2018credible\u2019", "credible"),
        ("no quotes at all", "no quotes at all"),
        ("\u201ca\u201d and \u201cb\u201d", "\u201ca\u201d and \u201cb\u201d"),  # two quotes
        ("\u201conly opened", "\u201conly opened"),
        ('"', '"'),
    ],
)
def test_one_pair_of_enclosing_marks_is_dropped(text: str, shown: str) -> None:
    assert unquote(text) == shown


def test_a_sentence_that_opens_a_quotation_keeps_its_marks_and_gets_no_more() -> None:
    html = quote_element("\u201cWe agreed,\u201d the minister said.")
    assert html == '<q class="own-marks">\u201cWe agreed,\u201d the minister said.</q>'
    assert quote_element("<b>plain</b>") == "<q>&lt;b&gt;plain&lt;/b&gt;</q>"


def test_the_report_never_doubles_quote_marks(client: TestClient) -> None:
    client.get("/dossiers/1")  # the seed dossier, compared
    page = soup(client.get("/dossiers/1/report").text)
    quotes = page.select("q")
    assert quotes
    for q in quotes:
        text = q.get_text()
        draws_marks = "own-marks" not in (q.get("class") or [])
        # A <q> that draws marks must not hold text already opening with one.
        assert not (draws_marks and text[:1] in QUOTE_MARKS), text
