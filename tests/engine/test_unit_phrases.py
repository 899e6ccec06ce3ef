"""How a unique fact is grown into its phrase, and the reason it is given (issue 11)."""

from app.engine import compare


def _found(texts: list[str], source: int = 0) -> list[tuple[str, str]]:
    result = compare(texts)
    return [(u.span.text, u.reason) for u in result.unique if u.span.source == source]


def test_a_light_verb_and_its_new_object_are_one_commitment():
    # the partner also "took" something: the fact is what was taken
    found = _found(
        [
            "Westhaven took the lead in the harbour talks on Monday.",
            "Westhaven took part in the harbour talks on Monday.",
        ]
    )
    assert found == [("took the lead", "a commitment the aligned sentences do not report")]


def test_a_new_object_of_a_known_verb_is_no_rewording_of_the_verb():
    found = _found(
        [
            "The navy ship was patrolling the coast after receiving signals from the harbour.",
            "The navy ship was patrolling the coast after receiving orders from the harbour.",
        ]
    )
    assert [text for text, _ in found] == ["signals"]


def test_the_speaker_of_a_closing_attribution_is_not_an_item_of_a_list():
    found = _found(
        [
            "The ferry reached the harbour of Westhaven late Thursday, Kestrel Radio reported.",
            "The ferry reached the harbour of Westhaven.",
        ]
    )
    assert found == [
        ("late Thursday", "a date or time the aligned sentences do not give"),
        ("Kestrel Radio reported", "a source the aligned sentences do not cite"),
    ]


def test_an_amount_is_a_number_not_a_date():
    found = _found(
        [
            "The council approved a harbour budget of $184 million.",
            "The council approved a harbour budget.",
        ]
    )
    assert found == [("184 million", "a number the aligned sentences do not give")]


def test_words_parted_only_by_spaces_are_one_phrase_not_a_list():
    found = _found(
        [
            "The offer to the Westhaven council was first reported by harbour radio host"
            " Mara Lind.",
            "The offer to the Westhaven council was first reported.",
        ]
    )
    assert found == [("harbour radio host Mara Lind", "a name the other sources do not mention")]
    listed = _found(
        [
            "The council will fund the harbour, ferries and lighthouses.",
            "The council will fund the harbour.",
        ]
    )
    assert listed == [("ferries and lighthouses", "items the aligned sentences do not list")]


_BUDGET_A = (
    "The Westhaven council approved the harbour budget and a new ferry terminal on Monday. "
    "The mayor praised the new ferry terminal plans at a press conference."
)


def test_a_word_of_a_partners_neighbour_that_reports_another_claim_vouches_for_nothing():
    # B's second sentence is the counterpart of A's second, so its "ferry terminal" does not
    # tell that B's council approved one
    found = _found(
        [
            _BUDGET_A,
            "The Westhaven council approved the harbour budget on Monday. "
            "The mayor praised the new ferry terminal plans at a press conference.",
        ]
    )
    assert [text for text, _ in found] == ["new ferry terminal"]


def test_a_claim_split_over_two_sentences_of_a_partner_is_carried_by_both():
    found = _found(
        [
            "The Westhaven council approved the harbour budget and a new ferry terminal on Monday.",
            "The Westhaven council approved the harbour budget on Monday. "
            "It also backed a new ferry terminal.",
        ]
    )
    assert found == []


def test_have_before_a_new_object_is_a_light_verb_of_one_commitment():
    found = _found(
        [
            "Westhaven police did not have any suspects after the harbour fire on Monday.",
            "Westhaven police investigated the harbour fire on Monday.",
        ]
    )
    assert ("have any suspects", "a commitment the aligned sentences do not report") in found


def test_an_adjective_after_to_is_a_phrase_not_a_verb():
    # "to" here is a preposition: the reason must not call the adjective a commitment
    found = _found(
        [
            "The ferry strike posed serious risks to regional trade on Monday.",
            "The ferry strike posed serious risks on Monday.",
        ]
    )
    assert found == [("regional trade", "a detail the aligned sentences do not report")]


def test_a_list_followed_by_a_place_stays_a_list():
    # the place ends the run, but the run is the list, not a name
    found = _found(
        [
            "The council will fund the harbour, ferries and lighthouses in Westhaven.",
            "The council will fund the harbour.",
        ]
    )
    assert found == [
        ("ferries and lighthouses in Westhaven", "items the aligned sentences do not list")
    ]


def test_a_hyphenated_word_is_never_cut():
    # "all" alone is a function word, but "all-weather" is one word of the phrase
    found = _found(
        [
            "The ferry company praised its all-weather harbour.",
            "The ferry company praised its harbour.",
        ]
    )
    assert [text for text, _ in found] == ["all-weather harbour"]


_ARREST_B = (
    "Westhaven police arrested two men on Monday. Divers searched the bay for a second day. "
    "The arson destroyed three boats in the marina."
)


def test_a_bare_noun_that_the_linked_sources_use_elsewhere_is_no_fact():
    # B tells of the arson in another sentence: "arson" alone adds nothing to the arrest
    found = _found(
        [
            "Westhaven police arrested two men on Monday over the arson. "
            "The arson destroyed three boats in the marina.",
            _ARREST_B,
        ]
    )
    assert found == []


def test_a_bare_noun_that_no_linked_source_uses_stays_a_fact():
    found = _found(
        [
            "Westhaven police arrested two men on Monday over the smuggling. "
            "The arson destroyed three boats in the marina.",
            _ARREST_B,
        ]
    )
    assert [text for text, _ in found] == ["smuggling"]


_EVIDENCE = "Officers found the evidence and two witnesses in the marina."
_EVIDENCE_B = (
    "Westhaven police arrested two men on Monday. Divers searched the bay for a second day. "
    + _EVIDENCE
)


def test_a_known_noun_behind_a_word_of_degree_is_no_fact():
    # B names the evidence in another sentence; "strong" only grades it
    found = _found(
        [
            "Westhaven police arrested two men on Monday with strong evidence. " + _EVIDENCE,
            _EVIDENCE_B,
        ]
    )
    assert found == []


def test_a_known_noun_behind_a_count_stays_a_fact():
    found = _found(
        [
            "Westhaven police arrested two men on Monday after several witnesses. " + _EVIDENCE,
            _EVIDENCE_B,
        ]
    )
    assert [text for text, _ in found] == ["several witnesses"]


def test_a_word_parted_by_a_non_breaking_hyphen_is_never_cut():
    found = _found(
        [
            "The ferry company praised its all\u2011weather harbour.",
            "The ferry company praised its harbour.",
        ]
    )
    assert [text for text, _ in found] == ["all\u2011weather harbour"]
