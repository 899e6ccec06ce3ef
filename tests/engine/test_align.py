import pytest

from app.engine import compare

A = (
    "Ministers of Ruritania and Freedonia met in Capital City on Monday.\n"
    "They agreed to build a new railway to the port of Westhaven.\n"
    "The minister also praised the local cheese industry.\n"
)
B = (
    "Freedonia and Ruritania agreed on Monday to construct a railway to Westhaven port.\n"
    "Ruritanian and Freedonian ministers met in Capital City.\n"
    "Separately, a storm damaged several fishing boats near Eastbay.\n"
)


def _pairs(result):
    return {(al.a.text[:20], al.b.text[:20]) for al in result.alignments}


def test_links_matching_claims_only():
    result = compare([A, B])
    pairs = _pairs(result)
    assert ("They agreed to build", "Freedonia and Rurita") in pairs
    assert not any("storm" in b or "cheese" in a for a, b in pairs)
    for al in result.alignments:
        assert al.a.source < al.b.source
        assert 0.0 <= al.score <= 1.0
        assert al.kind in ("equivalent", "partial")


def test_acronym_defined_in_dossier_links():
    a = "Work on the Northern Trade Corridor (NTC) will resume in May."
    b = "Officials said NTC work resumes in May after the winter pause."
    result = compare([a, b])
    assert len(result.alignments) == 1


def test_groups_have_labels_from_texts():
    result = compare([A, B])
    assert result.groups
    texts = [A, B]
    for group in result.groups:
        assert len(group.sources) >= 2
        assert any(group.label in texts[m.source] for m in group.members)


@pytest.mark.parametrize("bad", [["only one"], ["fine text", "   \n"], ["", "x"]])
def test_bad_input_raises_value_error(bad):
    with pytest.raises(ValueError):
        compare(bad)


def test_error_names_the_empty_text():
    with pytest.raises(ValueError, match="text 1"):
        compare(["a real sentence.", " \t\n"])
