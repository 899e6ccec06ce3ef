"""Accounts, roles, sign-in throttling, API tokens, CSRF and the personal (no-account) mode."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models_accounts import Role, UserCreate
from app.services import accounts
from app.settings import Settings
from app.web.app import create_app
from tests.html import soup, texts

PASSWORD = "correct horse battery"


def csrf_from(client: TestClient, path: str = "/") -> str:
    """The token a browser would find in any form of the page."""
    html = soup(client.get(path).text)
    field = html.select_one("input[name=csrf_token]")
    assert field is not None, f"no CSRF field on {path}"
    return str(field["value"])


def add_user(session: Session, name: str, role: Role) -> None:
    accounts.create_user(session, UserCreate(username=name, password=PASSWORD, role=role))


def sign_in(client: TestClient, name: str, password: str = PASSWORD) -> int:
    token = csrf_from(client, "/login")
    response = client.post(
        "/login",
        data={"username": name, "password": password, "csrf_token": token, "next": "/"},
        follow_redirects=False,
    )
    return response.status_code


@pytest.fixture
def team(session: Session) -> Session:
    add_user(session, "ada", Role.admin)
    add_user(session, "eve", Role.editor)
    add_user(session, "rob", Role.reader)
    return session


def _new_dossier(client: TestClient, title: str = "Summit", token: str | None = None) -> int:
    data = {"title": title, "csrf_token": token if token is not None else csrf_from(client)}
    return client.post("/dossiers", data=data, follow_redirects=False).status_code


def test_personal_mode_works_without_signing_in_but_still_needs_csrf(client: TestClient) -> None:
    assert client.get("/").status_code == 200
    assert _new_dossier(client, token="forged") == 403
    assert _new_dossier(client) == 303


def test_forms_without_the_token_are_refused_with_a_clear_message(client: TestClient) -> None:
    response = client.post("/dossiers", data={"title": "No token"})
    assert response.status_code == 403
    assert "security token" in " ".join(texts(soup(response.text), ".error-message"))
    titles = [d["dossier"]["title"] for d in client.get("/index.json").json()["dossiers"]]
    assert "No token" not in titles


def test_a_foreign_origin_is_refused_even_with_a_token(client: TestClient) -> None:
    token = csrf_from(client)
    response = client.post(
        "/dossiers",
        data={"title": "X", "csrf_token": token},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403


def test_once_users_exist_reading_needs_sign_in(client: TestClient, team: Session) -> None:
    response = client.get("/dossiers/1", follow_redirects=False)
    assert response.status_code == 303 or response.status_code == 307
    assert response.headers["location"].startswith("/login?next=")
    assert client.get("/dossiers/1.json").status_code == 401


def test_anonymous_reading_is_a_setting(settings: Settings, team: Session) -> None:
    with TestClient(create_app(settings.model_copy(update={"anonymous_read": True}))) as c:
        assert c.get("/dossiers/1").status_code == 200
        assert _new_dossier(c) in (401, 303) and c.get("/index.json").status_code == 200


def test_reader_reads_but_cannot_change(client: TestClient, team: Session) -> None:
    assert sign_in(client, "rob") == 303
    assert client.get("/dossiers/1").status_code == 200
    assert _new_dossier(client) == 403


def test_editor_can_create_a_dossier(client: TestClient, team: Session) -> None:
    assert sign_in(client, "eve") == 303
    assert _new_dossier(client, "Editor's dossier") == 303
    assert client.get("/admin/users").status_code == 403


def test_admin_manages_users(client: TestClient, team: Session) -> None:
    assert sign_in(client, "ada") == 303
    page = soup(client.get("/admin/users").text)
    assert texts(page, ".user-name") == ["ada", "eve", "rob"]
    token = csrf_from(client, "/admin/users")
    response = client.post(
        "/admin/users",
        data={
            "username": "newbie",
            "password": "long enough pass",
            "role": "editor",
            "csrf_token": token,
        },
    )
    assert response.status_code == 201
    assert "newbie" in texts(soup(response.text), ".user-name")


def test_wrong_password_and_unknown_user_get_the_same_answer(
    client: TestClient, team: Session
) -> None:
    answers = []
    for name, password in (("eve", "wrong password!"), ("nobody", "wrong password!")):
        token = csrf_from(client, "/login")
        response = client.post(
            "/login", data={"username": name, "password": password, "csrf_token": token}
        )
        answers.append((response.status_code, texts(soup(response.text), "#login-error")))
    assert answers[0] == answers[1] == (401, ["The username or password is not right."])


@pytest.mark.parametrize("name", ["eve", "nobody"])
def test_repeated_failures_lock_out_without_revealing_the_user(
    client: TestClient, team: Session, name: str
) -> None:
    for _ in range(accounts.MAX_FAILURES):
        sign_in(client, name, "bad password 123")
    token = csrf_from(client, "/login")
    response = client.post(
        "/login", data={"username": name, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.text


def test_session_cookie_is_httponly_samesite_lax(client: TestClient, team: Session) -> None:
    token = csrf_from(client, "/login")
    response = client.post(
        "/login",
        data={"username": "eve", "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    cookie = next(
        v
        for k, v in response.headers.multi_items()
        if k == "set-cookie" and "communique_session" in v
    )
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_api_token_authenticates_json_requests(client: TestClient, team: Session) -> None:
    sign_in(client, "eve")
    html = soup(
        client.post("/account/token", data={"csrf_token": csrf_from(client, "/account")}).text
    )
    token = texts(html, ".api-token")[0]
    with TestClient(client.app) as script:
        headers = {"Authorization": f"Bearer {token}"}
        assert script.get("/index.json", headers=headers).status_code == 200
        assert script.get("/index.json").status_code == 401
        bad = script.get("/index.json", headers={"Authorization": "Bearer nope"})
        assert bad.status_code == 401


def test_sign_out_ends_the_session(client: TestClient, team: Session) -> None:
    sign_in(client, "eve")
    client.post("/logout", data={"csrf_token": csrf_from(client, "/account")})
    assert client.get("/dossiers/1.json").status_code == 401


def test_next_parameter_cannot_redirect_off_site(client: TestClient, team: Session) -> None:
    token = csrf_from(client, "/login")
    response = client.post(
        "/login",
        data={
            "username": "eve",
            "password": PASSWORD,
            "csrf_token": token,
            "next": "//evil.example/",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


@pytest.fixture
def network_client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings.model_copy(update={"host": "0.0.0.0"}))) as c:
        yield c


def test_exposed_server_without_accounts_is_read_only(network_client: TestClient) -> None:
    assert network_client.get("/").status_code == 200
    response = network_client.post(
        "/dossiers", data={"title": "X", "csrf_token": csrf_from(network_client)}
    )
    assert response.status_code == 403
    assert "communique user create --admin" in response.text
