"""Helpers to read pages the way a user does: by CSS selector and visible text."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def texts(doc: BeautifulSoup, selector: str) -> list[str]:
    return [" ".join(el.get_text(" ", strip=True).split()) for el in doc.select(selector)]


def one(doc: BeautifulSoup, selector: str) -> Tag:
    found = doc.select(selector)
    assert len(found) == 1, f"expected one {selector!r}, found {len(found)}"
    return found[0]
