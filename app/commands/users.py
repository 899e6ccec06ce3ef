"""``communique user``: create the first admin (and other users), reset a password."""

from __future__ import annotations

import sys

import click


@click.group("user")
def user_cmd() -> None:
    """Manage user accounts."""


@user_cmd.command("create")
@click.argument("username")
@click.option("--admin", is_flag=True, help="Give the admin role (users and settings).")
@click.option(
    "--role",
    type=click.Choice(["reader", "editor", "admin"]),
    default="editor",
    show_default=True,
    help="Role when --admin is not given.",
)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user(username: str, admin: bool, role: str, password_stdin: bool) -> None:
    """Create USERNAME; asks for the password twice unless --password-stdin."""
    from pydantic import ValidationError  # noqa: PLC0415

    from app import migrate  # noqa: PLC0415
    from app.db import make_engine, session_scope  # noqa: PLC0415
    from app.models_accounts import Role, UserCreate  # noqa: PLC0415
    from app.services import accounts  # noqa: PLC0415
    from app.services.errors import ServiceError  # noqa: PLC0415
    from app.settings import get_settings  # noqa: PLC0415

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    settings = get_settings()
    migrate.upgrade(settings)
    try:
        data = UserCreate(
            username=username, password=password, role=Role.admin if admin else Role(role)
        )
        with session_scope(make_engine(settings)) as session:
            user = accounts.create_user(session, data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise click.ClickException(f"{first['loc'][0]}: {first['msg']}") from exc
    except ServiceError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"User {user.username} created with the {user.role.value} role.")


@user_cmd.command("reset-password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the new password from standard input.")
def reset_password(username: str, password_stdin: bool) -> None:
    """Set USERNAME's password (a locked-out admin's too) and end their sign-ins; without
    --password-stdin, a temporary password is made and printed once."""
    from app import migrate  # noqa: PLC0415
    from app.db import make_engine, session_scope  # noqa: PLC0415
    from app.services import accounts  # noqa: PLC0415
    from app.services.errors import ServiceError  # noqa: PLC0415
    from app.settings import get_settings  # noqa: PLC0415

    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    settings = get_settings()
    migrate.upgrade(settings)
    try:
        with session_scope(make_engine(settings)) as session:
            user = accounts.get_user_by_name(session, username)
            assert user.id is not None
            user, temporary = accounts.reset_password(session, user.id, password)
    except ServiceError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"The password of {user.username} was reset; their sign-ins have ended.")
    if temporary is not None:
        click.echo(f"Temporary password (shown this once): {temporary}")
