"""Sessions that end on the server, the sign-in throttle's trust in proxies, the last admin,
readers' API tokens, usernames that cannot imitate others, and no-store on signed-in pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import Session, select

from app.models import utcnow
from app.models_accounts import Role, User
from app.services import accounts
from app.settings import Settings
from app.web.app import create_app
from tests.html import soup, texts
from tests.test_accounts import PASSWORD, add_user, csrf_from, sign_in

SESSION = "communique_session"


@pytest.fixture
def team(session: Session) -> Session:
    add_user(session, "ada", Role.admin)
    add_user(session, "eve", Role.editor)
    add_user(session, "rob", Role.reader)
    return session


def _saved_cookie(client: TestClient) -> str:
    value = client.cookies.get(SESSION)
    assert value, "not signed in"
    return value


def _with_cookie(client: TestClient, cookie: str) -> TestClient:
    """Another browser that replays a copied session cookie."""
    copy = TestClient(client.app)
    copy.cookies.set(SESSION, cookie)
    return copy


def _reads(client: TestClient) -> int:
    return client.get("/dossiers/1.json").status_code


def _user_id(session: Session, name: str) -> int:
    user = session.exec(select(User).where(User.username == name)).one()
    assert user.id is not None
    return user.id


def test_a_cookie_saved_before_sign_out_no_longer_works(client: TestClient, team: Session) -> None:
    sign_in(client, "eve")
    saved = _saved_cookie(client)
    replay = _with_cookie(client, saved)
    assert _reads(replay) == 200
    client.post("/logout", data={"csrf_token": csrf_from(client, "/account")})
    assert _reads(replay) == 401
    assert _reads(client) == 401


def test_a_password_change_ends_other_sign_ins_and_keeps_this_one(
    client: TestClient, team: Session
) -> None:
    sign_in(client, "eve")
    elsewhere = _with_cookie(client, _saved_cookie(client))
    token = csrf_from(client, "/account")
    wrong = client.post(
        "/account/password",
        data={"current": "not it at all", "new": "a brand new secret", "csrf_token": token},
    )
    assert wrong.status_code == 403 and _reads(elsewhere) == 200
    response = client.post(
        "/account/password",
        data={"current": PASSWORD, "new": "a brand new secret", "csrf_token": token},
    )
    assert response.status_code == 200
    assert "other sign-ins have ended" in " ".join(texts(soup(response.text), "#password-notice"))
    assert _reads(elsewhere) == 401
    assert _reads(client) == 200
    fresh = TestClient(client.app)
    assert sign_in(fresh, "eve", PASSWORD) == 401
    assert sign_in(fresh, "eve", "a brand new secret") == 303


@pytest.mark.parametrize(("role", "active"), [("reader", "1"), ("editor", "")])
def test_a_role_change_or_deactivation_ends_the_users_sign_ins(
    client: TestClient, team: Session, role: str, active: str
) -> None:
    eve = TestClient(client.app)
    sign_in(eve, "eve")
    assert _reads(eve) == 200
    sign_in(client, "ada")
    form = {"role": role, "active": active, "csrf_token": csrf_from(client, "/admin/users")}
    response = client.post(f"/admin/users/{_user_id(team, 'eve')}", data=form)
    assert response.status_code == 200  # after the redirect to the users page
    assert _reads(eve) == 401


def test_a_sign_in_ends_after_the_idle_timeout(settings: Settings, team: Session) -> None:
    from app.models_accounts import UserSession

    app = create_app(settings.model_copy(update={"session_idle_minutes": 30}))
    with TestClient(app) as client:
        sign_in(client, "eve")
        assert _reads(client) == 200
        stale = utcnow() - timedelta(minutes=31)
        team.execute(update(UserSession).values(last_seen_at=stale))
        team.commit()
        assert _reads(client) == 401
        assert team.exec(select(UserSession)).all() == []


def test_the_only_admin_cannot_demote_or_deactivate_themselves(
    client: TestClient, team: Session
) -> None:
    sign_in(client, "ada")
    ada = _user_id(team, "ada")
    for role, active in (("editor", "1"), ("admin", "")):
        form = {"role": role, "active": active, "csrf_token": csrf_from(client, "/admin/users")}
        response = client.post(f"/admin/users/{ada}", data=form)
        assert response.status_code == 409
        assert "only active admin" in " ".join(texts(soup(response.text), ".flash-error"))
    team.expire_all()
    assert team.get(User, ada).role == Role.admin and team.get(User, ada).active  # type: ignore[union-attr]
    # With a second admin, stepping down works.
    accounts.set_role(team, _user_id(team, "eve"), Role.admin)
    form = {"role": "editor", "active": "1", "csrf_token": csrf_from(client, "/admin/users")}
    client.post(f"/admin/users/{ada}", data=form, follow_redirects=False)
    team.expire_all()
    assert team.get(User, ada).role == Role.editor  # type: ignore[union-attr]


def test_a_reader_may_hold_a_read_only_api_token(client: TestClient, team: Session) -> None:
    sign_in(client, "rob")
    response = client.post("/account/token", data={"csrf_token": csrf_from(client, "/account")})
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    token = texts(soup(response.text), ".api-token")[0]
    with TestClient(client.app) as script:
        headers = {"Authorization": f"Bearer {token}"}
        assert script.get("/dossiers/1.json", headers=headers).status_code == 200
        made = script.post("/api/dossiers", json={"title": "By a reader"}, headers=headers)
        assert made.status_code == 403


def test_signed_in_pages_are_not_cached(client: TestClient, team: Session) -> None:
    assert "no-store" not in client.get("/login").headers.get("cache-control", "")
    sign_in(client, "rob")
    for path in ("/", "/dossiers/1", "/account", "/dossiers/1.json"):
        assert client.get(path).headers.get("cache-control") == "no-store", path


@pytest.mark.parametrize(
    ("name", "status", "says"),
    [
        ("\uff25\uff36\uff25", 409, "already exists"),  # full-width: the same name once normalised
        ("\u0435ve", 422, "look-alike"),  # a Cyrillic е among Latin letters
        ("\u0435\u0475\u0435", 409, "looks like the existing user 'eve'"),  # all Cyrillic
        ("\u0430\u0501\u0430", 409, "looks like the existing user 'ada'"),  # all Cyrillic
        ("EVE", 409, "already exists"),
    ],
)
def test_names_that_imitate_an_existing_user_are_refused(
    client: TestClient, team: Session, name: str, status: int, says: str
) -> None:
    sign_in(client, "ada")
    form = {
        "username": name,
        "password": "long enough pass",
        "role": "admin",
        "csrf_token": csrf_from(client, "/admin/users"),
    }
    response = client.post("/admin/users", data=form)
    assert response.status_code == status
    assert says in " ".join(texts(soup(response.text), ".flash-error"))
    assert len(accounts.list_users(team)) == 3


def test_a_full_width_name_signs_in_as_the_user(client: TestClient, team: Session) -> None:
    assert sign_in(client, "Ｅｖｅ") == 303
    assert client.get("/account.json").json()["user"]["username"] == "eve"


def test_forwarded_for_is_ignored_unless_the_proxy_is_trusted(
    settings: Settings, team: Session
) -> None:
    def failures_until_locked(client: TestClient) -> int:
        for n in range(1, 12):
            token = csrf_from(client, "/login")
            response = client.post(
                "/login",
                data={"username": "eve", "password": "wrong password!", "csrf_token": token},
                headers={"X-Forwarded-For": f"203.0.113.{n}"},
            )
            if response.status_code == 429:
                return n - 1
        return 99

    with TestClient(create_app(settings)) as direct:
        assert failures_until_locked(direct) == accounts.MAX_FAILURES
    behind_proxy = settings.model_copy(update={"trusted_proxies": "testclient"})
    with TestClient(create_app(behind_proxy)) as proxied:
        # Each forwarded address is its own client: none reaches the limit.
        assert failures_until_locked(proxied) == 99


def test_the_throttle_counts_afresh_once_the_lockout_is_over(session: Session) -> None:
    from app.models_accounts import LoginThrottle
    from app.services import login_throttle

    slots = [login_throttle.take_slot(session, "client|eve") for _ in range(7)]
    assert [s.allowed for s in slots] == [True] * 5 + [False] * 2
    assert slots[4].locked_until is not None and slots[6].locked_until == slots[4].locked_until
    row = session.get(LoginThrottle, "client|eve")
    assert row is not None
    row.locked_until = utcnow() - timedelta(seconds=1)
    session.add(row)
    session.commit()
    again = login_throttle.take_slot(session, "client|eve")
    assert again.allowed and again.attempt == 1 and again.locked_until is None


def test_serve_does_not_let_uvicorn_believe_forwarded_headers(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """uvicorn trusts X-Forwarded-For from 127.0.0.1 by default, which let any local client
    pick its throttle key; `communique serve` leaves that to the trusted_proxies setting."""
    import uvicorn
    from click.testing import CliRunner

    from app.cli import main

    calls: list[dict[str, object]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: calls.append(kw))
    monkeypatch.setenv("COMMUNIQUE_DATABASE_URL", settings.database_url)
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 0, result.output
    assert calls and calls[0]["proxy_headers"] is False
