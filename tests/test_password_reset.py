"""An admin resets another user's password (web page, API, command line): the user's
sign-ins end, and the web page shows a temporary password once or sets the one typed."""

from __future__ import annotations

import httpx
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.cli import main
from app.models_accounts import User
from app.settings import Settings
from tests.html import soup, texts
from tests.test_accounts import PASSWORD, csrf_from, sign_in, team  # noqa: F401  (fixture)


def _id(session: Session, name: str) -> int:
    session.expire_all()
    user = session.exec(select(User).where(User.username == name)).one()
    assert user.id is not None
    return user.id


def _signed_in_as(client: TestClient, name: str, password: str = PASSWORD) -> TestClient:
    other = TestClient(client.app)
    assert sign_in(other, name, password) == 303
    assert other.get("/account.json").json()["user"]["username"] == name
    return other


def _reset(client: TestClient, user_id: int, password: str = "") -> httpx.Response:
    token = csrf_from(client, "/admin/users")
    data = {"password": password, "csrf_token": token}
    return client.post(f"/admin/users/{user_id}/password", data=data)


def test_a_reset_shows_a_temporary_password_once_and_ends_the_users_sign_ins(
    client: TestClient,
    team: Session,  # noqa: F811
) -> None:
    eve = _signed_in_as(client, "eve")
    assert sign_in(client, "ada") == 303
    response = _reset(client, _id(team, "eve"))
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    temporary = texts(soup(response.text), "#temporary-password")[0]
    assert len(temporary) >= 16
    assert eve.get("/account.json").status_code == 401  # her old sign-in ended
    assert sign_in(TestClient(client.app), "eve") == 401  # the old password is gone
    _signed_in_as(client, "eve", temporary)
    # Shown once: the users page does not show it again.
    assert soup(client.get("/admin/users").text).select_one("#temporary-password") is None


def test_a_reset_sets_the_password_typed(client: TestClient, team: Session) -> None:  # noqa: F811
    assert sign_in(client, "ada") == 303
    response = _reset(client, _id(team, "rob"), "a brand new password")
    assert response.status_code == 200
    assert soup(response.text).select_one("#temporary-password") is None
    _signed_in_as(client, "rob", "a brand new password")


def test_a_short_password_and_ones_own_reset_are_refused_and_change_nothing(
    client: TestClient,
    team: Session,  # noqa: F811
) -> None:
    assert sign_in(client, "ada") == 303
    short = _reset(client, _id(team, "rob"), "short")
    assert short.status_code == 422
    assert "10 to 256 characters" in short.text
    own = _reset(client, _id(team, "ada"), "another long password")
    assert own.status_code == 409
    assert "account page" in own.text
    _signed_in_as(client, "rob")  # both unchanged
    _signed_in_as(client, "ada")


def test_only_an_admin_may_reset(client: TestClient, team: Session) -> None:  # noqa: F811
    assert sign_in(client, "eve") == 303
    token = csrf_from(client, "/account")
    response = client.post(
        f"/admin/users/{_id(team, 'rob')}/password", data={"password": "", "csrf_token": token}
    )
    assert response.status_code == 403
    _signed_in_as(client, "rob")


def test_the_api_resets_with_or_without_a_password(
    client: TestClient,
    team: Session,  # noqa: F811
) -> None:
    assert sign_in(client, "ada") == 303
    api = {"X-Requested-With": "tests"}
    rob = _signed_in_as(client, "rob")
    url = f"/api/admin/users/{_id(team, 'rob')}/password"
    made = client.post(url, json={}, headers=api)
    assert made.status_code == 200, made.text
    assert made.headers["cache-control"] == "no-store"
    body = made.json()
    assert body["user"]["username"] == "rob" and len(body["temporary_password"]) >= 16
    assert rob.get("/account.json").status_code == 401
    _signed_in_as(client, "rob", body["temporary_password"])
    given = client.post(url, json={"password": "typed by the admin"}, headers=api)
    assert given.status_code == 200 and given.json()["temporary_password"] is None
    _signed_in_as(client, "rob", "typed by the admin")
    assert client.post("/api/admin/users/999/password", json={}, headers=api).status_code == 404
    short = client.post(url, json={"password": "tiny"}, headers=api)
    assert short.status_code == 422 and "10 to 256" in short.json()["detail"]


@pytest.fixture
def runner(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("COMMUNIQUE_DATABASE_URL", settings.database_url)
    return CliRunner()


def test_the_command_line_resets_any_user_even_a_locked_out_admin(
    runner: CliRunner,
    client: TestClient,
    team: Session,  # noqa: F811
) -> None:
    ada = _signed_in_as(client, "ada")
    made = runner.invoke(main, ["user", "reset-password", "ADA"])
    assert made.exit_code == 0, made.output
    temporary = made.output.split("shown this once): ")[1].strip()
    assert ada.get("/account.json").status_code == 401
    _signed_in_as(client, "ada", temporary)
    given = runner.invoke(
        main, ["user", "reset-password", "eve", "--password-stdin"], input="from the shell 42\n"
    )
    assert given.exit_code == 0, given.output
    assert "Temporary" not in given.output
    _signed_in_as(client, "eve", "from the shell 42")
    missing = runner.invoke(main, ["user", "reset-password", "nobody"])
    assert missing.exit_code != 0 and "no user named 'nobody'" in missing.output
