"""Closed word classes that decide what can be a unique fact (matching keys, see ``normalize``).

A unique fact is a content unit: a name, a number or date with its unit, a noun phrase with its
head, or a commitment (a verb with its object). The classes here are the words that are never
a fact on their own, whatever the partners say: they frame a report (who said it, where it
was read), refer to the parties already named, or grade a noun without adding to it. They are
closed classes of English, not words of any one text; a word here may still lie inside a
fact's phrase when a content word next to it is new ("new Gwadar International Airport").
"""

from __future__ import annotations

from app.engine.normalize import match_key


def _words(text: str) -> list[str]:
    return text.split()


def _keys(words: str) -> frozenset[str]:
    return frozenset(match_key(w) for w in _words(words))


# Attribution: the verbs, nouns and prepositions that say who reports a claim, not the claim.
REPORTING = _keys(
    """say says said saying state states stated stating add adds added adding tell tells told
    note notes noted according accordance read reads quote quoted quoting report reports
    reported reporting reportedly statement statements communique communiqué communiques
    release released press remark remarks remarked claim claims claimed confirm confirms
    confirmed mention mentioned mentioning declare declared announce announced announcing
    describe described explain explained reiterate reiterated reiterating reaffirm reaffirmed
    emphasise emphasised emphasize emphasized stress stressed underline underlined
    highlight highlighted spokesperson spokesman spokeswoman official officials source
    sources issue issued further"""
)
# The verbs of attribution as written (not keys: "noted" and "not" share one), without forms
# that read as nouns ("reports", "claims"); and the auxiliaries between a verb and its speaker.
REPORTING_VERBS = frozenset(
    _words(
        """say says said tell tells told stated added reported confirm confirms confirmed
        announce announces announced declared claimed according"""
    )
)
AUXILIARIES = _keys("has have had was were is are be been")
# Words that end a noun phrase before a verb without being anyone who could speak.
NOT_SPEAKERS = _keys("morning afternoon evening night week month far then now so")
# Reference to the parties already named ("the two sides", "both countries").
PARTY_NOUNS = _keys(
    """side sides country countries nation nations party parties leader leaders
    minister ministers government governments state states delegation delegations"""
)
# Nouns that only organise a claim ("areas such as", "a wide range of matters").
_LIGHT_NOUN_TEXT = """
    area areas range matter matters issue issues field fields aspect aspects way ways part
    level levels kind kinds type types form forms number term terms meeting meetings round
    rounds session sessions talk talks event events occasion time times year years day days
    dialogue dialogues discussion discussions summit summits conference conferences
    consultation consultations
    effort efforts step steps thing things point points regard respect basis context
    framework series process manner sense measure measures action actions move moves"""
LIGHT_NOUNS = _keys(_LIGHT_NOUN_TEXT)
# Grading and generic adjectives and adverbs: they qualify a noun without adding to it.
_GENERIC_MODIFIER_TEXT = """
    great good well better best thorough shared mutual strong stronger full firm close
    closer deep deeper further new important significant major key various wide broad broader
    bilateral multilateral comprehensive detailed serious special fruitful productive cordial
    warm constructive positive successful historic long high higher joint overall general
    common continued continuing greater large larger big small particular real true entire
    whole several many much certain main basic clear also together jointly again already
    still even ever however meanwhile moreover furthermore finally apparently hopefully
    reportedly likely recently currently today now later soon early earlier fully deeply
    greatly closely firmly strongly highly widely actively"""
GENERIC_MODIFIERS = _keys(_GENERIC_MODIFIER_TEXT)
# The generic modifiers that only say how much of a thing ("strong support", "full support"):
# not those that judge it ("good news" against bad), count it ("several charges") or adverbs.
GRADING_MODIFIERS = _keys(
    """strong stronger full firm close closer deep deeper further thorough comprehensive
    detailed serious"""
)
# Titles and forms of address: "H.E." or "Mr" is never a fact about the person.
HONORIFICS = _keys(
    """mr mrs ms miss dr prof sir madam his her excellency excellencies h.e he hon honourable
    honorable sheikh sahib shri sri mister lord lady dame"""
)
# Verbs that take another verb ("agreed to expand"): the fact is in what follows.
MODALS = _keys("will would shall should can could may might must")
SUBJECT_PRONOUNS = _keys("they we he she it i you who which that")
DETERMINERS = _keys(
    """a an the this that these those its their his her our your my each every both all any
    some no"""
)
MONTHS = _keys(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec"""
)
WEEKDAYS = _keys(
    """monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur
    thurs fri sat sun"""
)
# Days named relative to the report ("met yesterday"): adverbs of time, never an object.
RELATIVE_DAYS = _keys("today yesterday tomorrow tonight")
# Prepositions that belong to a place, date or time phrase ("in Balochistan", "on 4 January").
LOCATIVES = _keys("in on at from since until till by near outside inside across during")
TIME_WORDS = _keys("am pm a.m p.m gmt utc pst est pkt bst cet ist")
# Prepositions that the stop list leaves out; like it, they never make a fact alone.
PREPOSITIONS = _keys(
    """toward towards alongside among within without beyond despite amid amidst along around
    behind beside besides regarding concerning including following like unlike onto
    throughout versus across near upon via whereas whether though although yet"""
)
# Multiword prepositions and conjunctions: function words, whatever their nouns ("order").
COMPLEX_PREPOSITIONS = tuple(
    tuple(p.split())
    for p in (
        "in order to",
        "as well as",
        "in terms of",
        "with regard to",
        "in line with",
        "on behalf of",
        "in addition to",
        "such as",
        "in view of",
        "by means of",
        "in favour of",
        "in favor of",
        "on the basis of",
        "in the wake of",
        "related to",
        "relating to",
        "with respect to",
        "due to",
    )
)
COMPLEX_BY_FIRST: dict[str, tuple[tuple[str, ...], ...]] = {
    first: tuple(p for p in COMPLEX_PREPOSITIONS if p[0] == first)
    for first in {p[0] for p in COMPLEX_PREPOSITIONS}
}
# Verbs common in news reports, placed as a verb unless a determiner or a modifier comes first.
COMMON_VERBS = _keys(
    """strengthen enhance expand deepen promote boost advance support develop maintain adopt
    hold ensure protect improve increase reduce build establish continue work seek pursue
    accelerate speed push upgrade intensify broaden facilitate encourage foster reinforce
    consolidate safeguard implement explore address tackle combat fight oppose condemn
    welcome urge call pledge vow agree commit discuss review sign launch mark celebrate visit
    meet attend host lead chair share exchange cooperate collaborate engage coordinate help
    provide offer give take make keep show reach resolve settle appreciate commend prioritize
    prioritise include involve emphasize stress express voice extend invite receive elevate
    revive resume bolster"""
)
# Catenative verbs: what they commit to is the verb they govern ("agreed to expand", "vowed to
# fight"); other verbs before "to" are events of their own ("was hired to direct").
CATENATIVE_VERBS = _keys(
    """agree agreed pledge pledged vow vowed decide decided seek sought aim aimed plan planned
    want wanted try tried promise promised commit committed continue continued hope hoped
    intend intended expect expected resolve resolved undertake undertook seem seemed appear
    appeared need needed wish wished prepare prepared refuse refused choose chose attempt
    attempted strive strove endeavour endeavor urge urged call called ask asked reaffirm
    reiterate determine determined move moved begin began start started fail failed
    manage managed"""
)
# Verbs that frame what they take: a stance toward it or a talk about it ("commended
# Pakistan's measures", "reviewed cooperation in trade"). The fact is the object, which is a
# unit of its own when new; the verb alone is none.
FRAME_VERBS = _keys(
    """appreciate appreciated commend commended praise praised welcome welcomed applaud
    applauded hail hailed laud lauded acknowledge acknowledged recognise recognised recognize
    recognized value valued discuss discussed review reviewed examine examined deliberate
    deliberated exchange exchanged"""
)
# Light verbs: their meaning is in their object ("show zero tolerance", "make progress").
# Degree and aspect verbs ("deepen", "maintain") likewise: what changes or lasts is the object.
LIGHT_VERBS = _keys(
    """make take give keep show hold have get put set do go come work bring
    deepen enhance strengthen expand boost promote advance improve intensify broaden bolster
    consolidate reinforce increase accelerate upgrade elevate widen step raise ensure
    continue maintain remain resume sustain adopt pursue"""
)
# The light verbs proper, whose object makes the phrase ("take the lead", "set the stage").
SUPPORT_VERBS = _keys("make take give keep show hold have get put set do go come bring")
NOUN_SUFFIXES = ("tion", "sion", "ment", "ness", "ity", "ism", "ship")
# Endings of adjectives that no common verb shares ("to regional security" is a preposition
# before an adjective, not an infinitive); "-al" alone would take "appeal", "reveal", "signal".
ADJECTIVE_SUFFIXES = ("ous", "ional", "ical", "ial", "ful", "less", "ic")

# The same two classes as written: a key is shared by words of other parts of speech ("news"
# and "new", "continue" and "continued"), which are no light noun or modifier.
LIGHT_NOUN_WORDS = frozenset(_words(_LIGHT_NOUN_TEXT))
GENERIC_MODIFIER_WORDS = frozenset(_words(_GENERIC_MODIFIER_TEXT))

NEVER_FACT = REPORTING | HONORIFICS | MODALS | PREPOSITIONS


def is_month(key: str) -> bool:
    """True for a month name or its abbreviation (a matching key)."""
    return key in MONTHS
