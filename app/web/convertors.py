"""Path convertors: ids in URLs are bounded so they always fit a database integer.

Starlette's ``int`` convertor takes any run of digits, so ``/dossiers/9223372036854775808``
reached SQLite and overflowed (a 500). Every route uses ``{x:int}``; replacing the ``int``
convertor once makes such URLs plain 404s everywhere, including routes added later.
"""

from __future__ import annotations

from starlette.convertors import IntegerConvertor, register_url_convertor


class BoundedIntConvertor(IntegerConvertor):
    regex = "[0-9]{1,18}"


def install() -> None:
    register_url_convertor("int", BoundedIntConvertor())
