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


FURNISHED = (
    "Pakistan, China vow closer ties\n"
    "By our correspondent\n"
    "ISLAMABAD, Jan 5 (APP): Pakistan and China on Monday pledged to deepen cooperation.\n"
    "Photo: Ishaq Dar and Wang Yi shake hands. \u2014 APP\n"
    "The ministers met in Beijing, officials said. - Dawn/ANN\n"
    "Published: January 5, 2026 12:50 PM\n"
    "More to come\n"
    "Share this article\n"
)


def test_article_furniture_has_kinds_of_its_own_and_the_dateline_sentence_goes_on():
    segs = segment_text(FURNISHED)
    assert [(s.kind, s.text) for s in segs] == [
        ("heading", "Pakistan, China vow closer ties"),
        ("byline", "By our correspondent"),
        ("dateline", "ISLAMABAD, Jan 5 (APP):"),
        ("sentence", "Pakistan and China on Monday pledged to deepen cooperation."),
        ("caption", "Photo: Ishaq Dar and Wang Yi shake hands."),
        ("credit", "\u2014 APP"),
        ("sentence", "The ministers met in Beijing, officials said."),
        ("credit", "- Dawn/ANN"),
        ("timestamp", "Published: January 5, 2026 12:50 PM"),
        ("boilerplate", "More to come"),
        ("boilerplate", "Share this article"),
    ]
    for s in segs:
        assert FURNISHED[s.start : s.end] == s.text


def test_prose_that_looks_like_furniture_stays_prose():
    text = (
        "By the time the talks ended, the ministers had agreed. "
        "The U.S. delegation - led by Ms Rice - arrived late.\n"
        "Sharing of water was discussed at length."
    )
    assert {s.kind for s in segment_text(text)} == {"sentence"}


def test_furniture_is_never_a_unique_fact():
    from app.engine import compare

    other = "Pakistan and China on Monday pledged to deepen cooperation."
    result = compare([FURNISHED, other])
    furniture = {
        (s.start, s.end)
        for s in result.segments[0]
        if s.kind in ("byline", "dateline", "caption", "credit", "timestamp", "boilerplate")
    }
    assert furniture
    for u in result.unique:
        if u.span.source == 0:
            assert all(not (a <= u.span.start < b) for a, b in furniture), u
