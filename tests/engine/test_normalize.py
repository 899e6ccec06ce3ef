import pytest

from app.engine.normalize import fold, match_key, tokens


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Defence", "defense"),
        ("organisations", "organizations"),
        ("neighbourly", "neighborly"),
        ("centre", "center"),
        ("travelled", "traveled"),
        ("seventh", "7th"),
        ("VII", "seven"),
        ("Two", "2"),
        ("II", "2.0"),
        ("checked", "checks"),
        ("Pakistan\u2019s", "pakistan"),
    ],
)
def test_same_key(a, b):
    assert match_key(a) == match_key(b)


@pytest.mark.parametrize(("a", "b"), [("sixth", "seventh"), ("China", "Chinese"), ("I", "II")])
def test_different_key(a, b):
    assert match_key(a) != match_key(b)


def test_fold_keeps_length():
    text = "\u201cZero\u2013tolerance\u201d \u2018policy\u2019 \u0130stanbul"
    assert len(fold(text)) == len(text)
    assert fold("\u201cA\u2013B\u201d") == '"a-b"'


def test_tokens_offsets_and_compounds():
    text = "Pakistan-China talks (CPEC) on 4 January"
    toks = list(tokens(text))
    assert [t.text for t in toks] == ["Pakistan", "China", "talks", "CPEC", "on", "4", "January"]
    assert all(text[t.start : t.end] == t.text for t in toks)


@pytest.mark.parametrize(
    "forms",
    [
        ("agree", "agreed", "agrees", "agreeing"),
        ("decide", "decided", "decides", "deciding"),
        ("co-operation", "cooperation", "Co\u2011operation"),
        ("re-hired", "rehired", "rehires"),
    ],
)
def test_inflections_and_prefix_hyphens_share_a_key(forms):
    from app.engine.normalize import match_key

    assert len({match_key(f) for f in forms}) == 1


def test_bound_prefix_keeps_one_token_with_offsets():
    from app.engine.normalize import tokens

    text = "Pakistan-China co-operation"
    toks = list(tokens(text))
    assert [t.text for t in toks] == ["Pakistan", "China", "co-operation"]
    assert all(text[t.start : t.end] == t.text for t in toks)


def test_irregular_verb_forms_share_a_key() -> None:
    from app.engine.normalize import match_key

    assert match_key("fled") == match_key("flee") == match_key("fleeing")
    assert match_key("took") == match_key("take") == match_key("taking")
    assert match_key("died") == match_key("dies") == match_key("die") == match_key("dying")
    assert match_key("shot") == match_key("shoots")
    assert match_key("fled") != match_key("fed")
