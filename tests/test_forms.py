"""The form pages through the ASGI client: create a dossier, import (preview, save), edit, delete.

Read the way a user does — by selector and visible text — and after every refusal check that
nothing was stored (sources and segments counted in the database).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import func
from sqlmodel import Session, col, select

from app.models import ComparisonRun, Segment, Source
from app.services import comparisons, sources
from app.settings import Settings
from app.web.app import create_app
from tests.html import one, soup, texts

ARTICLE = (
    "Harbour officials in Port Celadon said on Tuesday that the northern pier will reopen "
    "in May after repairs. The ferry company expects to restore its morning crossing first.\n\n"
    "A spokesperson said the repairs cost 4.2 million crowns."
)
OTHER_ARTICLE = (
    "The northern pier of Port Celadon reopens in May, the harbour authority announced. "
    "Morning ferries come back first, according to the operator."
)
HTML_ARTICLE = """<!doctype html>
<html><head><title>Pier to reopen in May | Celadon Courier</title>
<meta name="author" content="Ina Voss">
<meta property="article:published_time" content="2026-03-04T09:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/sport">Sport</a> <a href="/weather">Weather</a></nav>
<article>
<h1>Pier to reopen in May</h1>
<p>The northern pier of Port Celadon will reopen in May, harbour officials said on Tuesday,
after four months of repairs to its storm-damaged decking.</p>
<p>The ferry operator said it would restore the morning crossing to Vell Island first and
add the evening crossing two weeks later, once the new gangway has been inspected.</p>
<p>Repairs cost 4.2 million crowns, a spokesperson for the harbour authority said.</p>
</article>
<footer>Copyright Celadon Courier. All rights reserved. Subscribe to our newsletter.</footer>
</body></html>
"""


# ---------------------------------------------------------------- helpers


def csrf(client: TestClient) -> dict[str, str]:
    """The CSRF field of the forms, when the app asks for one (read from the home page)."""
    field = soup(client.get("/").text).select_one("input[name=csrf_token]")
    return {"csrf_token": str(field["value"])} if field else {}


def post_form(
    client: TestClient, url: str, data: dict[str, str], files: Any = None, **kw: Any
) -> Response:
    return client.post(url, data={**csrf(client), **data}, files=files, **kw)


def new_dossier(client: TestClient, title: str = "Northern pier reopening") -> int:
    response = post_form(client, "/dossiers", {"title": title}, follow_redirects=False)
    assert response.status_code == 303
    return int(response.headers["location"].rsplit("/", 1)[1])


def counts(session: Session) -> tuple[int, int]:
    """(sources, segments) in the whole database."""
    session.expire_all()
    sources = session.exec(select(func.count(col(Source.id)))).one()
    segments = session.exec(select(func.count(col(Segment.id)))).one()
    return int(sources), int(segments)


def no_file() -> dict[str, tuple[str, bytes, str]]:
    """What a browser sends when no file was chosen: an empty part with an empty name."""
    return {"file": ("", b"", "application/octet-stream")}


def preview_paste(client: TestClient, dossier_id: int, text: str) -> Response:
    return post_form(
        client, f"/dossiers/{dossier_id}/import", {"step": "preview", "text": text}, no_file()
    )


def preview_upload(
    client: TestClient, dossier_id: int, name: str, data: bytes, media_type: str = "text/plain"
) -> Response:
    return post_form(
        client,
        f"/dossiers/{dossier_id}/import",
        {"step": "preview", "text": ""},
        {"file": (name, data, media_type)},
    )


def form_values(page: BeautifulSoup, form_selector: str = "form") -> dict[str, str]:
    """What the browser would submit from the form: inputs, checked radios, textareas."""
    form = page.select(form_selector)[-1]
    values: dict[str, str] = {}
    for field in form.select("input[name], textarea[name]"):
        name = str(field["name"])
        if field.name == "textarea":
            values[name] = field.get_text()
        elif field.get("type") == "radio":
            if field.has_attr("checked"):
                values[name] = str(field["value"])
        elif field.get("type") != "file":
            values[name] = str(field.get("value", ""))
    return values


def save(client: TestClient, dossier_id: int, preview: Response, **changes: str) -> Response:
    values = {**form_values(soup(preview.text)), **changes}
    return post_form(client, f"/dossiers/{dossier_id}/import", values, follow_redirects=False)


def errors(page: BeautifulSoup) -> list[str]:
    return texts(page, ".form-errors li")


def field_error(page: BeautifulSoup, name: str) -> str:
    """The error shown under a field, checking the input points at it for screen readers."""
    control = one(page, f"#field-{name}")
    assert f"field-{name}-error" in str(control.get("aria-describedby", "")).split()
    assert control.get("aria-invalid") == "true"
    return texts(page, f"#field-{name}-error")[0].removeprefix("Error: ")


@pytest.fixture
def small_client(settings: Settings) -> Iterator[TestClient]:
    """No seeds, and an upload limit of 2,048 bytes."""
    small = settings.model_copy(update={"load_seeds": False, "max_upload_bytes": 2048})
    with TestClient(create_app(small)) as c:
        yield c


# ---------------------------------------------------------------- home: create a dossier


def test_home_has_a_labelled_create_dossier_form(empty_client: TestClient) -> None:
    page = soup(empty_client.get("/").text)
    form = one(page, ".create-dossier form")
    assert form["method"] == "post" and form["action"] == "/dossiers"
    assert texts(page, "label[for=field-title]") == ["Title (required)"]
    assert texts(page, "label[for=field-event_date]") == ["Event date"]
    assert one(page, "#field-description").name == "textarea"
    assert texts(page, ".create-dossier button[type=submit]") == ["Create dossier"]


def test_creating_a_dossier_redirects_to_it_and_lists_it_on_home(
    empty_client: TestClient,
) -> None:
    response = post_form(
        empty_client,
        "/dossiers",
        {"title": "Northern pier", "description": "Reports of the reopening", "event_date": ""},
        follow_redirects=False,
    )
    assert response.status_code == 303
    page = soup(empty_client.get(response.headers["location"]).text)
    assert texts(page, "h1") == ["Northern pier"]
    home = soup(empty_client.get("/").text)
    assert texts(home, ".dossier-link") == ["Northern pier"]
    assert texts(home, ".source-count") == ["0"]


def test_a_dossier_without_title_is_refused_with_the_form_kept(
    empty_client: TestClient,
) -> None:
    response = post_form(
        empty_client,
        "/dossiers",
        {"title": "   ", "description": "Kept as typed", "event_date": "2026-02-30"},
    )
    assert response.status_code == 422
    page = soup(response.text)
    assert field_error(page, "title") == "Give the dossier a title."
    assert field_error(page, "event_date").startswith("Event date: “2026-02-30” is not a date.")
    assert errors(page)[0] == "Give the dossier a title."
    assert one(page, "#field-description").get_text().strip() == "Kept as typed"
    assert empty_client.get("/index.json").json()["dossiers"] == []


# ---------------------------------------------------------------- import: the form


def test_import_form_offers_paste_and_upload_and_states_the_limit(
    empty_client: TestClient,
) -> None:
    dossier_id = new_dossier(empty_client)
    page = soup(empty_client.get(f"/dossiers/{dossier_id}/import").text)
    assert texts(page, "h1") == ["Import an article"]
    form = one(page, "form.import-form")
    assert form["enctype"] == "multipart/form-data"
    assert texts(page, "label[for=field-text]") == ["Paste the article text"]
    assert texts(page, "label[for=field-file]") == ["Upload a file"]
    assert "at most 5,242,880 bytes (5,120 KiB)" in texts(page, "#field-file-hint")[0]
    twin = empty_client.get(f"/dossiers/{dossier_id}/import.json").json()
    assert twin["max_upload_bytes"] == 5_242_880
    assert twin["dossier"]["id"] == dossier_id


def test_dossier_page_links_to_the_import_form(empty_client: TestClient) -> None:
    dossier_id = new_dossier(empty_client)
    page = soup(empty_client.get(f"/dossiers/{dossier_id}").text)
    link = one(page, ".dossier-actions a.primary")
    assert link.get_text(strip=True) == "Import an article"
    assert link["href"] == f"/dossiers/{dossier_id}/import"


def test_missing_dossier_has_no_import_form(empty_client: TestClient) -> None:
    assert empty_client.get("/dossiers/999/import").status_code == 404


# ---------------------------------------------------------------- import: paste


def test_pasted_text_is_previewed_before_anything_is_saved(
    empty_client: TestClient, session: Session
) -> None:
    dossier_id = new_dossier(empty_client)
    before = counts(session)
    response = preview_paste(empty_client, dossier_id, ARTICLE)
    assert response.status_code == 200
    page = soup(response.text)
    assert texts(page, "h1") == ["Check the article before saving"]
    assert one(page, "pre.extracted-text").get_text() == ARTICLE
    assert "3 sentences" in texts(page, ".extracted-facts")[0]
    assert one(page, "#field-language")["value"] == "en"
    assert one(page, "#field-role-report").has_attr("checked")
    assert counts(session) == before


def test_saving_a_pasted_text_stores_it_and_shows_the_new_source(
    empty_client: TestClient, session: Session
) -> None:
    dossier_id = new_dossier(empty_client)
    before = counts(session)
    preview = preview_paste(empty_client, dossier_id, ARTICLE.replace("\n", "\r\n"))
    response = save(
        empty_client,
        dossier_id,
        preview,
        title="Pier reopens in May",
        outlet="Celadon Courier",
        url="https://courier.example/pier",
        published_date="2026-03-04",
        role="primary",
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith("/sources/")
    data = empty_client.get(f"{response.headers['location']}.json").json()
    assert data["source"]["title"] == "Pier reopens in May"
    assert data["source"]["outlet"] == "Celadon Courier"
    assert data["source"]["published_date"] == "2026-03-04"
    assert data["source"]["role"] == "primary"
    assert data["text"] == ARTICLE  # the browser's CRLF line breaks are normalised
    dossier = soup(empty_client.get(f"/dossiers/{dossier_id}").text)
    assert "Celadon Courier" in texts(dossier, "a.source-link")
    assert counts(session)[0] == before[0] + 1


def test_script_tags_in_pasted_text_are_stored_as_text_and_shown_escaped(
    empty_client: TestClient,
) -> None:
    dossier_id = new_dossier(empty_client)
    text = "The minister said <script>alert('pier')</script> nothing more. Talks resume soon."
    preview = preview_paste(empty_client, dossier_id, text)
    page = soup(preview.text)
    assert page.select("main script") == []
    assert "<script>alert('pier')</script>" in one(page, "pre.extracted-text").get_text()
    response = save(empty_client, dossier_id, preview, title="Escaping")
    source_page = empty_client.get(response.headers["location"])
    assert soup(source_page.text).select("main script") == []
    stored = empty_client.get(f"{response.headers['location']}.json").json()["text"]
    assert stored == text


def test_empty_paste_is_refused_next_to_the_text_box(
    empty_client: TestClient, session: Session
) -> None:
    dossier_id = new_dossier(empty_client)
    before = counts(session)
    response = preview_paste(empty_client, dossier_id, "  \n\t ")
    assert response.status_code == 422
    page = soup(response.text)
    assert field_error(page, "text") == "The pasted text is empty: there is nothing to compare."
    assert errors(page) == ["The pasted text is empty: there is nothing to compare."]
    assert counts(session) == before


def test_paste_and_file_together_are_refused(empty_client: TestClient, session: Session) -> None:
    dossier_id = new_dossier(empty_client)
    before = counts(session)
    response = post_form(
        empty_client,
        f"/dossiers/{dossier_id}/import",
        {"step": "preview", "text": ARTICLE},
        {"file": ("pier.txt", OTHER_ARTICLE.encode(), "text/plain")},
    )
    assert response.status_code == 422
    assert field_error(soup(response.text), "text") == "Paste a text or choose a file, not both."
    assert counts(session) == before


def test_too_long_paste_is_refused_with_the_limit(
    small_client: TestClient, session: Session
) -> None:
    dossier_id = new_dossier(small_client)
    before = counts(session)
    response = preview_paste(small_client, dossier_id, "The pier reopens. " * 200)
    assert response.status_code == 413
    message = field_error(soup(response.text), "text")
    assert message.startswith("The pasted text is 3,600 bytes; the limit is 2,048 bytes (2 KiB).")
    assert counts(session) == before


# ---------------------------------------------------------------- import: uploads


def test_html_upload_is_reduced_to_its_main_text_with_metadata_prefilled(
    empty_client: TestClient, session: Session
) -> None:
    dossier_id = new_dossier(empty_client)
    before = counts(session)
    response = preview_upload(
        empty_client, dossier_id, "pier.html", HTML_ARTICLE.encode(), "text/html"
    )
    assert response.status_code == 200
    page = soup(response.text)
    extracted = one(page, "pre.extracted-text").get_text()
    assert "after four months of repairs" in extracted
    assert "Subscribe to our newsletter" not in extracted and "Weather" not in extracted
    assert "pier.html · text/html" in texts(page, ".extracted-facts")[0]
    assert one(page, "#field-title")["value"].startswith("Pier to reopen in May")
    assert one(page, "#field-author")["value"] == "Ina Voss"
    assert one(page, "#field-published_date")["value"] == "2026-03-04"
    assert counts(session) == before

    saved = save(empty_client, dossier_id, response, title="Pier to reopen", outlet="Courier")
    assert saved.status_code == 303
    source_id = int(saved.headers["location"].rsplit("/", 1)[1])
    stored = session.get(Source, source_id)
    assert stored is not None
    assert stored.original == HTML_ARTICLE.encode()  # the page itself is kept, byte for byte
    assert stored.text == extracted
    assert (stored.title, stored.media_type, stored.filename) == (
        "Pier to reopen",
        "text/html",
        "pier.html",
    )


@pytest.mark.parametrize("name", ["pier.txt", "pier.md"])
def test_text_and_markdown_uploads_keep_the_file_text(empty_client: TestClient, name: str) -> None:
    dossier_id = new_dossier(empty_client)
    data = ("\ufeff" + OTHER_ARTICLE).encode("utf-8")  # a BOM is dropped
    preview = preview_upload(empty_client, dossier_id, name, data, "application/octet-stream")
    assert one(soup(preview.text), "pre.extracted-text").get_text() == OTHER_ARTICLE
    saved = save(empty_client, dossier_id, preview)
    data_json = empty_client.get(f"{saved.headers['location']}.json").json()
    assert data_json["source"]["filename"] == name
    assert data_json["text"] == OTHER_ARTICLE


@pytest.mark.parametrize(
    ("name", "data", "status", "expected"),
    [
        ("pier.pdf", b"%PDF-1.7 pier", 415, "pier.pdf: unsupported file type"),
        ("pier.docx", b"PK\x03\x04 pier", 415, "pier.docx: unsupported file type"),
        ("pier.txt", b"\x00\x01PIER\x00" * 20, 415, "pier.txt looks like a binary file"),
        ("pier.txt", "Pier reopens in Malmö".encode("latin-1"), 422, "not valid UTF-8"),
        ("pier.txt", b"   \n\n ", 422, "pier.txt is empty"),
    ],
)
def test_bad_uploads_are_refused_next_to_the_file_input(
    empty_client: TestClient,
    session: Session,
    name: str,
    data: bytes,
    status: int,
    expected: str,
) -> None:
    dossier_id = new_dossier(empty_client)
    before = counts(session)
    declared = "application/pdf" if name.endswith(".pdf") else "application/octet-stream"
    response = preview_upload(empty_client, dossier_id, name, data, declared)
    assert response.status_code == status
    assert expected in field_error(soup(response.text), "file")
    assert counts(session) == before


def test_a_file_over_the_limit_is_refused_with_the_limit_stated(
    small_client: TestClient, session: Session
) -> None:
    dossier_id = new_dossier(small_client)
    before = counts(session)
    response = preview_upload(small_client, dossier_id, "long.txt", b"The pier. " * 300)
    assert response.status_code == 413
    assert field_error(soup(response.text), "file").startswith(
        "The file is 3,000 bytes; the limit is 2,048 bytes (2 KiB)."
    )
    assert counts(session) == before


def test_an_oversized_request_is_refused_before_its_body_is_read(
    small_client: TestClient, session: Session
) -> None:
    dossier_id = new_dossier(small_client)
    before = counts(session)
    response = preview_upload(small_client, dossier_id, "huge.txt", b"x" * 200_000)
    assert response.status_code == 413
    message = texts(soup(response.text), ".error-message")[0]
    assert "the limit is 2,048 bytes" in message
    assert counts(session) == before


# ---------------------------------------------------------------- import: save step refusals


def test_a_text_already_in_the_dossier_is_named_with_a_link(
    empty_client: TestClient, session: Session
) -> None:
    dossier_id = new_dossier(empty_client)
    first = save(
        empty_client, dossier_id, preview_paste(empty_client, dossier_id, ARTICLE), title="First"
    )
    existing = first.headers["location"]
    before = counts(session)

    again = preview_paste(empty_client, dossier_id, ARTICLE)
    assert again.status_code == 409
    page = soup(again.text)
    assert errors(page)[0].startswith("This text is already in the dossier as source")
    assert "(First)" in errors(page)[0]
    assert one(page, ".form-errors a.error-link")["href"] == existing
    assert counts(session) == before


def test_a_duplicate_caught_at_the_save_step_is_refused_too(
    empty_client: TestClient, session: Session
) -> None:
    dossier_id = new_dossier(empty_client)
    preview = preview_paste(empty_client, dossier_id, ARTICLE)
    assert save(empty_client, dossier_id, preview, title="First").status_code == 303
    before = counts(session)
    second = save(empty_client, dossier_id, preview, title="Second")  # e.g. a second tab
    assert second.status_code == 409
    page = soup(second.text)
    assert "already in the dossier" in errors(page)[0]
    assert one(page, "#field-title")["value"] == "Second"  # the form is kept
    assert counts(session) == before


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("url", "ftp://courier.example/pier", "The URL must start with http:// or https://."),
        ("url", "javascript:alert(1)", "The URL must start with http:// or https://."),
        ("published_date", "2026-02-30", "Published date: “2026-02-30” is not a date."),
        ("published_date", "4 March", "Published date: “4 March” is not a date."),
        ("role", "rumour", "Role must be “primary” (the official statement) or “report”."),
    ],
)
def test_bad_metadata_is_refused_at_the_save_step_with_the_text_kept(
    empty_client: TestClient, session: Session, field: str, value: str, expected: str
) -> None:
    dossier_id = new_dossier(empty_client)
    preview = preview_paste(empty_client, dossier_id, ARTICLE)
    before = counts(session)
    response = save(empty_client, dossier_id, preview, **{field: value})
    assert response.status_code == 422
    page = soup(response.text)
    assert any(e.startswith(expected) for e in errors(page)), errors(page)
    if field != "role":
        assert field_error(page, field).startswith(expected)
        assert one(page, f"#field-{field}")["value"] == value
    assert one(page, "pre.extracted-text").get_text() == ARTICLE
    assert counts(session) == before


def test_a_damaged_hidden_copy_is_refused(empty_client: TestClient, session: Session) -> None:
    dossier_id = new_dossier(empty_client)
    preview = preview_paste(empty_client, dossier_id, ARTICLE)
    before = counts(session)
    response = save(empty_client, dossier_id, preview, original="not base64!")
    assert response.status_code == 400
    assert "start the import again" in errors(soup(response.text))[0]
    assert counts(session) == before


# ---------------------------------------------------------------- inline validation (htmx)


def test_inline_validation_answers_with_the_error_of_one_field(
    empty_client: TestClient,
) -> None:
    headers = {"HX-Request": "true", "HX-Trigger-Name": "url"}
    bad = post_form(empty_client, "/validate/source-meta", {"url": "ftp://x"}, headers=headers)
    assert bad.status_code == 200
    assert soup(bad.text).get_text() == "Error: The URL must start with http:// or https://."
    good = post_form(
        empty_client, "/validate/source-meta", {"url": "https://x.example"}, headers=headers
    )
    assert soup(good.text).get_text().strip() == ""


def test_pages_load_the_pinned_htmx_and_carry_no_inline_script(empty_client: TestClient) -> None:
    dossier_id = new_dossier(empty_client)
    for url in ("/", f"/dossiers/{dossier_id}/import"):
        page = soup(empty_client.get(url).text)
        scripts = page.select("script")
        assert all(s.has_attr("src") and not s.get_text().strip() for s in scripts)
        assert "/static/vendor/htmx-2.0.11.min.js" in [s["src"] for s in scripts]
    vendored = empty_client.get("/static/vendor/htmx-2.0.11.min.js")
    assert vendored.status_code == 200 and 'version:"2.0.11"' in vendored.text
    assert empty_client.get("/static/vendor/htmx-LICENSE").status_code == 200


# ---------------------------------------------------------------- edit a source


def _stored(client: TestClient, dossier_id: int, text: str = ARTICLE, **meta: str) -> int:
    response = save(client, dossier_id, preview_paste(client, dossier_id, text), **meta)
    assert response.status_code == 303
    return int(response.headers["location"].rsplit("/", 1)[1])


def test_source_page_links_to_edit_and_delete(empty_client: TestClient) -> None:
    source_id = _stored(empty_client, new_dossier(empty_client), title="Pier")
    page = soup(empty_client.get(f"/sources/{source_id}").text)
    links = {a.get_text(strip=True): a["href"] for a in page.select(".source-actions a")}
    assert links == {
        "Edit details": f"/sources/{source_id}/edit",
        "Delete source": f"/sources/{source_id}/delete",
    }


def test_edit_form_is_prefilled_and_agrees_with_its_json_twin(empty_client: TestClient) -> None:
    source_id = _stored(
        empty_client, new_dossier(empty_client), title="Pier", outlet="Courier", role="primary"
    )
    page = soup(empty_client.get(f"/sources/{source_id}/edit").text)
    values = form_values(page)
    twin = empty_client.get(f"/sources/{source_id}/edit.json").json()
    assert values["title"] == twin["form"]["values"]["title"] == "Pier"
    assert values["outlet"] == "Courier"
    assert values["role"] == twin["form"]["values"]["role"] == "primary"
    assert values["version"] == twin["version"]
    assert texts(page, "label[for=field-url]") == ["URL"]


def test_editing_saves_the_details_and_touches_the_dossier(
    empty_client: TestClient,
) -> None:
    dossier_id = new_dossier(empty_client)
    source_id = _stored(empty_client, dossier_id, title="Pier")
    changed_before = empty_client.get(f"/dossiers/{dossier_id}.json").json()["dossier"]
    values = form_values(soup(empty_client.get(f"/sources/{source_id}/edit").text))
    values.update(title="Pier reopens in May", outlet="Celadon Courier", published_date="")
    response = post_form(empty_client, f"/sources/{source_id}/edit", values, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/sources/{source_id}"
    data = empty_client.get(f"/sources/{source_id}.json").json()["source"]
    assert (data["title"], data["outlet"], data["published_date"]) == (
        "Pier reopens in May",
        "Celadon Courier",
        None,
    )
    changed_after = empty_client.get(f"/dossiers/{dossier_id}.json").json()["dossier"]
    assert changed_after["updated_at"] > changed_before["updated_at"]


def test_bad_edits_are_refused_and_nothing_changes(empty_client: TestClient) -> None:
    source_id = _stored(empty_client, new_dossier(empty_client), title="Pier")
    values = form_values(soup(empty_client.get(f"/sources/{source_id}/edit").text))
    values.update(title="Changed", url="www.courier.example")
    response = post_form(empty_client, f"/sources/{source_id}/edit", values)
    assert response.status_code == 422
    page = soup(response.text)
    assert field_error(page, "url") == "The URL must start with http:// or https://."
    assert one(page, "#field-title")["value"] == "Changed"
    assert empty_client.get(f"/sources/{source_id}.json").json()["source"]["title"] == "Pier"


def test_an_edit_of_a_stale_version_is_refused_and_overwrites_nothing(
    empty_client: TestClient,
) -> None:
    source_id = _stored(empty_client, new_dossier(empty_client), title="Pier")
    mine = form_values(soup(empty_client.get(f"/sources/{source_id}/edit").text))
    theirs = dict(mine, outlet="Their outlet")
    assert post_form(empty_client, f"/sources/{source_id}/edit", theirs).status_code == 200

    mine.update(outlet="My outlet", title="My title")
    response = post_form(empty_client, f"/sources/{source_id}/edit", mine)
    assert response.status_code == 409
    page = soup(response.text)
    assert errors(page) == [
        "This source was changed by someone else since you opened the form; "
        "reload to see the new version. Reload the form"
    ]
    assert one(page, ".form-errors a.error-link")["href"] == f"/sources/{source_id}/edit"
    assert one(page, "input[name=version]")["value"] == mine["version"]
    stored = empty_client.get(f"/sources/{source_id}.json").json()["source"]
    assert (stored["outlet"], stored["title"]) == ("Their outlet", "Pier")


def test_an_edit_without_its_version_is_refused(empty_client: TestClient) -> None:
    source_id = _stored(empty_client, new_dossier(empty_client), title="Pier")
    values = form_values(soup(empty_client.get(f"/sources/{source_id}/edit").text))
    values.update(version="", title="Changed")
    response = post_form(empty_client, f"/sources/{source_id}/edit", values)
    assert response.status_code == 400
    assert "does not say which version" in errors(soup(response.text))[0]
    assert empty_client.get(f"/sources/{source_id}.json").json()["source"]["title"] == "Pier"


# ---------------------------------------------------------------- delete a source


def test_delete_asks_for_confirmation_naming_the_source(empty_client: TestClient) -> None:
    source_id = _stored(empty_client, new_dossier(empty_client), outlet="Celadon Courier")
    page = soup(empty_client.get(f"/sources/{source_id}/delete").text)
    assert texts(page, "h1") == ["Delete “Celadon Courier”?"]
    assert "3 sentences" in texts(page, ".confirm-delete p")[0]
    assert texts(page, ".confirm-delete button") == ["Delete this source"]
    twin = empty_client.get(f"/sources/{source_id}/delete.json").json()
    assert twin["label"] == "Celadon Courier" and twin["sentences"] == 3


def test_deleting_moves_the_source_to_the_trash(empty_client: TestClient, session: Session) -> None:
    dossier_id = new_dossier(empty_client)
    keep = _stored(empty_client, dossier_id, OTHER_ARTICLE, outlet="Keep")
    source_id = _stored(empty_client, dossier_id, outlet="Celadon Courier")
    before = counts(session)
    response = post_form(empty_client, f"/sources/{source_id}/delete", {}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/dossiers/{dossier_id}?trashed=source-{source_id}"
    assert empty_client.get(f"/sources/{source_id}").status_code == 404
    page = soup(empty_client.get(f"/dossiers/{dossier_id}").text)
    assert texts(page, "a.source-link") == ["Keep"]
    assert counts(session) == before, "kept in the trash until purged"
    assert empty_client.get(f"/sources/{keep}").status_code == 200


def test_deleting_a_missing_source_is_404(empty_client: TestClient) -> None:
    assert post_form(empty_client, "/sources/999/delete", {}).status_code == 404
    assert empty_client.get("/sources/999/edit").status_code == 404


# ---------------------------------------------------------------- the comparison follows


def test_importing_and_deleting_recompute_the_stored_comparison(
    empty_client: TestClient, session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    dossier_id = new_dossier(empty_client)

    def stored_and_current() -> tuple[list[str], str]:
        session.expire_all()
        runs = session.exec(select(ComparisonRun).where(ComparisonRun.dossier_id == dossier_id))
        current = comparisons.input_hash(sources.list_sources(session, dossier_id))
        return [run.input_hash for run in runs], current

    _stored(empty_client, dossier_id, ARTICLE, outlet="Courier")
    second = _stored(empty_client, dossier_id, OTHER_ARTICLE, outlet="Gazette")
    stored, current = stored_and_current()
    assert current in stored
    post_form(empty_client, f"/sources/{second}/delete", {})
    stored, current = stored_and_current()
    assert current in stored
    assert not [r for r in caplog.records if "recomputing the comparison" in r.getMessage()]
