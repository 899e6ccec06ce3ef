"""Import by URL from a local HTTP server (allowed by the test settings), SSRF refusals, and
bulk upload of several files and a .zip: one summary line per item, nothing half-stored."""

from __future__ import annotations

import io
import threading
import time
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.models import Source
from app.services.errors import InvalidInput
from app.services.url_fetch import FetchPolicy, check_url
from app.settings import Settings
from app.web.app import create_app
from tests.html import one, soup
from tests.test_forms import counts, form_values, post_form


def article_page(title: str, outlet: str, body: str) -> bytes:
    return f"""<!doctype html><html><head><title>{title} | {outlet}</title>
<meta property="og:site_name" content="{outlet}">
<meta property="og:title" content="{title}">
<meta name="author" content="Ines Moreau">
<meta property="article:published_time" content="2026-05-02T09:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
<article><h1>{title}</h1>{body}</article>
<footer>Subscribe to our newsletter for more.</footer></body></html>""".encode()


PAGES = {
    "/a.html": article_page(
        "Harbour crane deal signed",
        "Harbour Herald",
        "<p>The port authority signed a contract for six new cranes on Friday, officials "
        "said.</p><p>The cranes will be delivered by March 2027 and cost 40 million euros in "
        "total, according to the contract.</p>",
    ),
    "/b.html": article_page(
        "Port buys cranes",
        "Coast Daily",
        "<p>Six cranes were ordered by the port on Friday for delivery in 2027.</p><p>Dock "
        "workers' unions asked for training on the new machines before they arrive.</p>",
    ),
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.path in PAGES:
            self._send(200, "text/html; charset=utf-8", PAGES[self.path])
        elif self.path == "/image":
            self._send(200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
        elif self.path == "/big":
            self._send(200, "text/html", b"<p>" + b"word " * 5000 + b"</p>")
        elif self.path == "/slow":
            time.sleep(1.5)
            self._send(200, "text/html", PAGES["/a.html"])
        elif self.path == "/redirect":
            self._redirect("/a.html")
        elif self.path == "/loop":
            self._redirect("/loop")
        else:
            self._send(404, "text/html", b"<p>Not here</p>")

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, where: str) -> None:
        self.send_response(302)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    local = settings.model_copy(
        update={
            "load_seeds": False,
            "max_upload_bytes": 8192,
            "fetch_timeout_seconds": 0.5,
            "fetch_max_redirects": 3,
            "fetch_allowed_hosts": "127.0.0.1",
        }
    )
    with TestClient(create_app(local)) as c:
        yield c


def new_dossier(client: TestClient) -> int:
    response = post_form(client, "/dossiers", {"title": "Harbour cranes"}, follow_redirects=False)
    return int(response.headers["location"].rsplit("/", 1)[1])


def summary_lines(html: str) -> list[str]:
    return [" ".join(li.get_text(" ").split()) for li in soup(html).select("li.import-item")]


def test_one_url_shows_the_preview_with_the_page_metadata_and_saves(
    client: TestClient, site: str, session: Session
) -> None:
    dossier_id = new_dossier(client)
    url = f"{site}/a.html"
    preview = post_form(client, f"/dossiers/{dossier_id}/import/urls", {"urls": url})
    assert preview.status_code == 200
    doc = soup(preview.text)
    assert "six new cranes" in one(doc, "pre.extracted-text").get_text()
    assert "newsletter" not in one(doc, "pre.extracted-text").get_text()
    values = form_values(doc)
    assert values["title"] == "Harbour crane deal signed"
    assert values["outlet"] == "Harbour Herald"
    assert values["author"] == "Ines Moreau"
    assert values["published_date"] == "2026-05-02"
    assert values["url"] == url
    saved = client.post(f"/dossiers/{dossier_id}/import", data=values, follow_redirects=False)
    assert saved.status_code == 303
    stored = session.exec(select(Source).where(Source.dossier_id == dossier_id)).one()
    assert (stored.url, stored.outlet, stored.media_type) == (url, "Harbour Herald", "text/html")
    again = post_form(client, f"/dossiers/{dossier_id}/import/urls", {"urls": url})
    assert again.status_code == 409 and "already in the dossier" in again.text


def test_many_urls_store_the_good_ones_and_say_why_each_other_failed(
    client: TestClient, site: str, session: Session
) -> None:
    dossier_id = new_dossier(client)
    before = counts(session)
    urls = [
        f"{site}/a.html",
        f"{site}/redirect",  # the same page as a.html, reached by a redirect
        f"{site}/b.html",
        f"{site}/missing",
        f"{site}/image",
        f"{site}/big",
        f"{site}/slow",
        f"{site}/loop",
        f"{site}/b.html",
        "ftp://example.org/file",
    ]
    response = post_form(client, f"/dossiers/{dossier_id}/import/urls", {"urls": "\n".join(urls)})
    assert response.status_code == 200
    lines = summary_lines(response.text)
    assert len(lines) == len(urls)
    assert lines[0].startswith("stored") and lines[2].startswith("stored")
    assert lines[1].startswith("duplicate") and "already in the dossier" in lines[1]
    assert "404" in lines[3]
    assert "not an HTML page (content type image/png)" in lines[4]
    assert "too large" in lines[5]
    assert "timeout" in lines[6]
    assert "more than 3 redirects" in lines[7]
    assert lines[8].startswith("duplicate") and "listed twice" in lines[8]
    assert "not an http:// or https:// address" in lines[9]
    assert one(soup(response.text), "#import-counts").get_text() == (
        "2 stored, 2 skipped as duplicates, 6 refused."
    )
    stored = session.exec(select(Source).where(Source.dossier_id == dossier_id)).all()
    assert sorted(s.outlet for s in stored) == ["Coast Daily", "Harbour Herald"]
    assert counts(session)[0] == before[0] + 2  # nothing half-stored from the refusals


def test_a_known_url_is_a_duplicate_without_fetching(client: TestClient, site: str) -> None:
    dossier_id = new_dossier(client)
    api = {"X-Requested-With": "tests"}
    first = client.post(
        f"/api/dossiers/{dossier_id}/sources/urls", json={"urls": [f"{site}/b.html"]}, headers=api
    )
    assert first.status_code == 200 and first.json()["stored"] == 1
    second = client.post(
        f"/api/dossiers/{dossier_id}/sources/urls", json={"urls": [f"{site}/b.html"]}, headers=api
    )
    assert second.json()["duplicates"] == 1
    assert second.json()["items"][0]["url"] == first.json()["items"][0]["url"]


POLICY = FetchPolicy(timeout=1, max_bytes=1000, max_redirects=1, allowed_hosts=frozenset())


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost:8000/admin",
        "http://10.1.2.3/",
        "http://192.168.0.10/",
        "http://172.16.5.4/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[fe80::1]/",
        "http://0.0.0.0/",
    ],
)
def test_private_loopback_and_link_local_addresses_are_refused(url: str) -> None:
    with pytest.raises(InvalidInput, match="private, loopback or link-local"):
        check_url(url, POLICY)


def test_the_server_refuses_loopback_unless_allowed(
    settings: Settings, site: str, session: Session
) -> None:
    closed = settings.model_copy(update={"load_seeds": False})
    with TestClient(create_app(closed)) as c:
        dossier_id = new_dossier(c)
        response = post_form(c, f"/dossiers/{dossier_id}/import/urls", {"urls": f"{site}/a.html"})
    assert response.status_code == 422
    assert "private, loopback or link-local" in response.text
    assert session.exec(select(Source).where(Source.dossier_id == dossier_id)).all() == []


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_bulk_upload_of_files_and_a_zip_summarises_each_file(
    client: TestClient, session: Session
) -> None:
    dossier_id = new_dossier(client)
    one_text = b"The port ordered six cranes on Friday. Delivery is due in 2027."
    archive = zipped(
        {
            "reports/second.txt": b"Six cranes were bought by the port. Unions want training.",
            "reports/page.html": PAGES["/a.html"],
            "reports/scan.pdf": b"%PDF-1.4",
            "reports/again.txt": one_text,
        }
    )
    files = [
        ("files", ("first.txt", one_text, "text/plain")),
        ("files", ("empty.txt", b"   ", "text/plain")),
        ("files", ("bundle.zip", archive, "application/zip")),
        ("files", ("broken.zip", b"PK not really", "application/zip")),
    ]
    response = post_form(client, f"/dossiers/{dossier_id}/import/files", {}, files=files)
    assert response.status_code == 200
    lines = summary_lines(response.text)
    assert [line.split()[0] for line in lines] == [
        "stored",
        "refused",
        "stored",
        "stored",
        "refused",
        "duplicate",
        "refused",
    ]
    assert "empty" in lines[1]
    assert "bundle.zip/reports/scan.pdf" in lines[4] and "unsupported" in lines[4]
    assert "not a readable .zip" in lines[6]
    stored = session.exec(select(Source).where(Source.dossier_id == dossier_id)).all()
    assert sorted(s.filename for s in stored) == ["first.txt", "page.html", "second.txt"]
    assert next(s for s in stored if s.filename == "page.html").outlet == "Harbour Herald"


def test_bulk_upload_without_files_says_so(client: TestClient) -> None:
    dossier_id = new_dossier(client)
    response = post_form(client, f"/dossiers/{dossier_id}/import/files", {})
    assert response.status_code == 422 and "Choose one or more files" in response.text
