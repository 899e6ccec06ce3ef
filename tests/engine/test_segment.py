from app.engine.segment import segment_text


def _texts(text):
    return [s.text for s in segment_text(text)]


def test_offsets_match_text():
    text = "BEIJING: Talks opened on Monday. Both sides agreed.\n\nA second paragraph here.\n"
    for seg in segment_text(text):
        assert text[seg.start : seg.end] == seg.text


def test_abbreviations_do_not_split():
    text = "Mr. Khan met H.E. Wang Yi in the U.S. on Jan. 5 to discuss trade. They agreed."
    assert _texts(text) == [
        "Mr. Khan met H.E. Wang Yi in the U.S. on Jan. 5 to discuss trade.",
        "They agreed.",
    ]


def test_curly_quotes_end_sentence():
    text = "He said \u201cwe agree.\u201d Then they left!"
    assert _texts(text) == ["He said \u201cwe agree.\u201d", "Then they left!"]


def test_headline_numbered_paragraph_and_bullets():
    text = (
        "Ministers Meet in Beijing\n"
        "1. At the invitation of the host, the minister visited. It went well.\n"
        "- first point of the list\n"
        "\u2022 second point\n"
    )
    segs = segment_text(text)
    assert [(s.kind, s.text) for s in segs] == [
        ("heading", "Ministers Meet in Beijing"),
        ("sentence", "At the invitation of the host, the minister visited."),
        ("sentence", "It went well."),
        ("list_item", "first point of the list"),
        ("list_item", "second point"),
    ]


def test_caption_and_wrapped_line():
    text = (
        "Photo: the two ministers shake hands\nThe talks covered trade and\ninvestment in detail.\n"
    )
    segs = segment_text(text)
    assert segs[0].kind == "caption"
    assert segs[1].text == "The talks covered trade and\ninvestment in detail."


def test_crlf_and_no_alnum():
    text = "First line here.\r\n***\r\nSecond line here.\r\n"
    assert _texts(text) == ["First line here.", "Second line here."]
