"""A call of many: no pair guessed from "X and the leaders of N nations", no junk participant
(a principal inside an aide's title, the tail of a two-word country name); the parties of
joint calls and summits by video, and of calls refused or not taken.

The sentences are written for these tests (not taken from any dev set).
"""

from __future__ import annotations

import pytest

from test_call_rules import calls, surnames

pytestmark = pytest.mark.slow

JOINT = (
    "Japanese Prime Minister Fumio Kishida and the leaders of six Pacific nations spoke to "
    "each other by video conference on Monday to plan a joint response to the storm. "
)
PARTICIPANTS = (
    "Apart from Kishida, Sri Lankan President Ranil Wickremesinghe, Fijian Prime Minister "
    "Sitiveni Rabuka and Special Assistant to Australian Prime Minister Anthony Albanese on "
    "Health Mark Butler took part in the video conference."
)


def test_group_subject_gives_no_pair(nlp):
    events = calls(nlp, JOINT + "The leaders pledged aid.")
    assert [e for e in events if len(e.parties) == 2] == []


def test_joint_call_has_only_its_participants(nlp):
    events = [e for e in calls(nlp, JOINT + PARTICIPANTS) if len(e.parties) > 2]
    assert len(events) == 1
    names = {p.name for p in events[0].parties}
    assert {"Ranil Wickremesinghe", "Sitiveni Rabuka", "Mark Butler"} <= names
    assert "Anthony Albanese" not in names
    assert "Lankan" not in names


def test_bilateral_call_with_an_aide_title_elsewhere_still_found(nlp):
    text = (
        "Prime Minister Fumio Kishida spoke to Australian Prime Minister Anthony Albanese by "
        "phone on Monday."
    )
    (event,) = calls(nlp, text)
    assert {p.name for p in event.parties} == {"Fumio Kishida", "Anthony Albanese"}


@pytest.mark.parametrize(
    ("text", "joint"),
    [
        # One call noun, its partners coordinated: one call, all of them on it.
        (
            "Spanish Prime Minister Pedro Sanchez held a video call with Italian Prime Minister "
            "Giorgia Meloni and Greek Prime Minister Kyriakos Mitsotakis on Thursday.",
            True,
        ),
        (
            "Canadian Prime Minister Justin Trudeau held a video call with the leaders of "
            "Mexico, Chile and Peru on Friday.",
            True,
        ),
        # Calls, or "spoke with A and B": a call each.
        (
            "Spanish Prime Minister Pedro Sanchez held phone calls with Italian Prime Minister "
            "Giorgia Meloni and Greek Prime Minister Kyriakos Mitsotakis on Thursday.",
            False,
        ),
        (
            "Spanish Prime Minister Pedro Sanchez spoke by phone with Italian Prime Minister "
            "Giorgia Meloni and Greek Prime Minister Kyriakos Mitsotakis on Thursday.",
            False,
        ),
    ],
)
def test_one_call_with_many_partners_is_one_joint_call(nlp, text, joint):
    events = [e for e in calls(nlp, text) if e.status == "held"]
    if joint:
        assert len(events) == 1 and len(events[0].parties) >= 3, events
    else:
        assert len(events) >= 2 and all(len(e.parties) == 2 for e in events), events


def records(nlp, text: str, title: str | None = None) -> list[tuple[frozenset[str], str]]:
    return sorted(
        ((frozenset(surnames(e)), e.status) for e in calls(nlp, text, title=title)),
        key=lambda x: sorted(x[0]),
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A list the parse tears apart (the last items hung on the verb) is still one list.
        (
            "Indian Prime Minister Ravi Kumar will host a virtual summit with Peruvian President "
            "Ana Quispe, Bolivian President Luis Mamani and Ecuadorian counterpart Jorge Vera on "
            "Tuesday.",
            [(frozenset({"kumar", "quispe", "mamani", "vera"}), "planned")],
        ),
        # The partners hung on the body the summit is for.
        (
            "Indian Prime Minister Ravi Kumar will host a virtual summit for the Andean Community "
            "Organisation with Peruvian President Ana Quispe, Bolivian President Luis Mamani and "
            "Ecuadorian counterpart Jorge Vera on Tuesday.",
            [(frozenset({"kumar", "quispe", "mamani", "vera"}), "planned")],
        ),
        (
            "Chilean President Diego Rojas held a video conference with Peruvian President Ana "
            "Quispe, Bolivian President Luis Mamani and Ecuadorian President Jorge Vera on Friday.",
            [(frozenset({"rojas", "quispe", "mamani", "vera"}), "held")],
        ),
        # "hold a call on" a topic is a call, not "a call on X to act".
        (
            "Mexican President Carlos Vega and Brazilian President Marcos Moreno will hold a "
            "call on the crisis in the region.",
            [(frozenset({"vega", "moreno"}), "planned")],
        ),
        # "spoke with A, B and C" stays a call each.
        (
            "Brazilian President Marcos Moreno spoke by phone with Peruvian President Ana Quispe, "
            "Bolivian President Luis Mamani and Chilean President Rosa Diaz.",
            [
                (frozenset({"moreno", "diaz"}), "held"),
                (frozenset({"moreno", "mamani"}), "held"),
                (frozenset({"moreno", "quispe"}), "held"),
            ],
        ),
        # A partner on a later call phrase of its own is another call.
        (
            "Brazilian President Marcos Moreno held a phone call with Peruvian President Ana "
            "Quispe and later with Bolivian President Luis Mamani.",
            [(frozenset({"moreno", "mamani"}), "held"), (frozenset({"moreno", "quispe"}), "held")],
        ),
    ],
)
def test_joint_call_parties(nlp, text, expected):
    assert records(nlp, text) == expected


def test_leaders_of_four_countries_plan_one_call(nlp):
    """The last country of "the leaders of A, B, C, and D", which the parse hangs on the
    office, is one more leader on the call."""
    found = calls(
        nlp,
        "The leaders of Peru, Bolivia, Chile, and Ecuador are planning to call Brazilian "
        "President Marcos Moreno together.",
    )
    assert len(found) == 1
    assert found[0].status == "planned"
    assert sorted(p.country or "" for p in found[0].parties) == [
        "BOL", "BRA", "CHL", "ECU", "PER"
    ]


def test_quoted_we_is_the_speaker_and_a_joint_call_absorbs_it(nlp):
    """'"We will speak with A and B," X said': X is on the call; with a title telling of the
    joint call, the pairs are that call."""
    text = (
        "Mexican President Carlos Vega spoke to reporters. \"Yes, we will probably speak on the "
        "phone with President Moreno and President Ruiz today. We will talk about trade,\" Vega "
        "said."
    )
    assert records(nlp, text) == [
        (frozenset({"vega", "moreno"}), "planned"),
        (frozenset({"vega", "ruiz"}), "planned"),
    ]
    title = "Vega, Moreno and Ruiz will hold a call on the crisis in the region"
    assert records(nlp, text, title=title) == [(frozenset({"vega", "moreno", "ruiz"}), "planned")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The owner of the call not taken is the caller (a call noun before "to <purpose>").
        (
            "President Marcos Moreno said Monday that Argentine President Pablo Ruiz didn't take "
            "his call to congratulate him on his victory.",
            [(frozenset({"moreno", "ruiz"}), "denied")],
        ),
        (
            "Argentine President Pablo Ruiz returned Brazilian President Marcos Moreno's call on "
            "Monday.",
            [(frozenset({"moreno", "ruiz"}), "held")],
        ),
        # The leaders of one country: one side, by office.
        (
            "The newspaper reported last month that the leaders of Saudi Arabia declined to speak "
            "with Brazilian President Marcos Moreno about oil prices.",
            [(frozenset({"moreno", "leader"}), "denied")],
        ),
        # A leader called a dictator is still an official.
        (
            "Brazilian President Marcos Moreno is not planning to speak to Venezuelan dictator "
            "Pedro Mora about the crisis.",
            [(frozenset({"moreno", "mora"}), "denied")],
        ),
    ],
)
def test_refused_call_parties(nlp, text, expected):
    assert records(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An inverted source after the call ("..., said the press secretary X") is no partner.
        (
            "Brazilian President Marcos Moreno will hold a series of international telephone "
            "conversations next week, said the press secretary of the head of state Pedro Alves.",
            [],
        ),
        (
            "Brazilian President Marcos Moreno spoke by phone with Peruvian President Ana Quispe, "
            "said the spokesman of the presidency Pedro Alves.",
            [(frozenset({"moreno", "quispe"}), "held")],
        ),
        # "he" in the spokesman's quote is the president told of before, not the spokesman.
        (
            "Brazilian President Marcos Moreno is not planning to speak to Venezuelan dictator "
            "Pedro Mora about the crisis. \"There is no point now,\" presidential spokesman Joao "
            "Alves told reporters. \"He's got no intentions to talk to Mr. Mora right now. In "
            "fact, quite the contrary,\" he said.",
            [(frozenset({"moreno", "mora"}), "denied")],
        ),
        # A topic phrase's "talks with Z" names no partner of the call.
        (
            "Brazilian President Marcos Moreno briefed Argentine President Pablo Ruiz in the "
            "phone call about his talks with Venezuelan President Pedro Mora.",
            [(frozenset({"moreno", "ruiz"}), "held")],
        ),
        # A comma list that a finite verb ends is no list of partners.
        (
            "Brazilian President Marcos Moreno spoke by phone with Peruvian President Ana Quispe, "
            "Bolivian President Luis Mamani said on Monday.",
            [(frozenset({"moreno", "quispe"}), "held")],
        ),
    ],
)
def test_sources_and_topics_are_no_parties(nlp, text, expected):
    assert records(nlp, text) == expected


@pytest.mark.parametrize(
    ("nxt", "joint"),
    [
        # The next sentence tells the leaders acting together: one call of all of them.
        ("The leaders discussed the situation in the region.", True),
        # Told call by call: a call each.
        ("In each call, they discussed the situation in the region.", False),
    ],
)
def test_leaders_listed_then_acting_together_is_one_call(nlp, nxt, joint):
    text = "The Prime Minister spoke to leaders of Peru, Bolivia, Chile and Ecuador last night. "
    sizes = sorted(len(e.parties) for e in calls(nlp, text + nxt))
    assert sizes == ([5] if joint else [2, 2, 2, 2])


def test_a_call_on_someone_to_act_is_no_call(nlp):
    text = (
        "Brazilian President Marcos Moreno renewed his call on Argentine President Pablo Ruiz "
        "to end the strike."
    )
    assert calls(nlp, text) == []


CALL_WITH_QUISPE = (
    "Brazilian President Marcos Moreno spoke by phone on Monday with Peruvian President Ana "
    "Quispe. "
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Participation words put more people on the call the text continues.
        (
            CALL_WITH_QUISPE + "Chilean President Rosa Diaz and Bolivian President Luis Mamani "
            "also took part in the call.",
            [(frozenset({"moreno", "quispe", "diaz", "mamani"}), "held")],
        ),
        (
            CALL_WITH_QUISPE + "Chilean President Rosa Diaz and Bolivian President Luis Mamani "
            "also participated in the conversation.",
            [(frozenset({"moreno", "quispe", "diaz", "mamani"}), "held")],
        ),
        (
            CALL_WITH_QUISPE + "Chilean President Rosa Diaz later joined the call.",
            [(frozenset({"moreno", "quispe", "diaz"}), "held")],
        ),
        (
            CALL_WITH_QUISPE + "Chilean President Rosa Diaz was also on the call.",
            [(frozenset({"moreno", "quispe", "diaz"}), "held")],
        ),
        (
            "Brazilian President Marcos Moreno will hold a video conference with Peruvian "
            "President Ana Quispe on Monday. Chilean President Rosa Diaz is expected to join the "
            "video conference.",
            [(frozenset({"moreno", "quispe", "diaz"}), "planned")],
        ),
        (
            CALL_WITH_QUISPE + "The call was also attended by Chilean President Rosa Diaz.",
            [(frozenset({"moreno", "quispe", "diaz"}), "held")],
        ),
        # The object left out: "also took part", "also joined".
        (
            CALL_WITH_QUISPE + "Chilean President Rosa Diaz and Bolivian President Luis Mamani "
            "also took part.",
            [(frozenset({"moreno", "quispe", "diaz", "mamani"}), "held")],
        ),
        (
            CALL_WITH_QUISPE + "Chilean President Rosa Diaz joined the alliance in May.",
            [(frozenset({"moreno", "quispe"}), "held")],
        ),
        # The calls one phrase told with each, which "the call" then names as one.
        (
            "Brazilian President Marcos Moreno spoke by phone on Monday with Peruvian President "
            "Ana Quispe, Chilean President Rosa Diaz and Bolivian President Luis Mamani. Mamani "
            "also took part in the conversation from La Paz.",
            [(frozenset({"moreno", "quispe", "diaz", "mamani"}), "held")],
        ),
        # A list of participants after the call names its other side.
        (
            "Brazilian President Marcos Moreno consulted by phone with regional leaders on "
            "Monday. Participants included Peruvian President Ana Quispe, Chilean President Rosa "
            "Diaz and Bolivian President Luis Mamani.",
            [(frozenset({"moreno", "quispe", "diaz", "mamani"}), "held")],
        ),
        (
            "Brazilian President Marcos Moreno held a phone call with Peruvian President Ana "
            "Quispe on Monday. Other participants included Chilean President Rosa Diaz.",
            [(frozenset({"moreno", "quispe", "diaz"}), "held")],
        ),
        # Not on the call: a call of another kind, a meeting, a list far from any call.
        (
            CALL_WITH_QUISPE + "Chilean President Rosa Diaz took part in a separate call.",
            [(frozenset({"moreno", "diaz"}), "held"), (frozenset({"moreno", "quispe"}), "held")],
        ),
        (
            CALL_WITH_QUISPE + "Chilean President Rosa Diaz joined the meeting in Lima on Friday.",
            [(frozenset({"moreno", "quispe"}), "held")],
        ),
        (
            CALL_WITH_QUISPE + "Trade was discussed. Prices fell. Participants at the fair "
            "included Chilean President Rosa Diaz.",
            [(frozenset({"moreno", "quispe"}), "held")],
        ),
    ],
)
def test_participants_join_the_call_told_before(nlp, text, expected):
    assert records(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "joint"),
    [
        # A joint cue on the call the talk verb is told in: one call of all.
        (
            "Brazilian President Marcos Moreno spoke with Peruvian President Ana Quispe and "
            "Chilean President Rosa Diaz in a joint phone call on Monday.",
            True,
        ),
        (
            "Brazilian President Marcos Moreno spoke with Peruvian President Ana Quispe and "
            "Chilean President Rosa Diaz on a three-way call on Monday.",
            True,
        ),
        (
            "Brazilian President Marcos Moreno talked with Peruvian President Ana Quispe and "
            "Chilean President Rosa Diaz during a trilateral video conference.",
            True,
        ),
        (
            "Brazilian President Marcos Moreno spoke jointly by phone with Peruvian President "
            "Ana Quispe and Chilean President Rosa Diaz on Monday.",
            True,
        ),
        # "joint" on what they talked about is no cue.
        (
            "Brazilian President Marcos Moreno spoke by phone with Peruvian President Ana Quispe "
            "and Chilean President Rosa Diaz about a joint statement.",
            False,
        ),
        (
            "Brazilian President Marcos Moreno spoke by phone with Peruvian President Ana Quispe "
            "and Chilean President Rosa Diaz on a two-way trade deal.",
            False,
        ),
    ],
)
def test_joint_cue_makes_one_call(nlp, text, joint):
    events = [e for e in calls(nlp, text) if e.status == "held"]
    if joint:
        assert len(events) == 1 and len(events[0].parties) == 3, events
    else:
        assert len(events) == 2 and all(len(e.parties) == 2 for e in events), events


def test_headline_call_with_three_is_one_call(nlp):
    """A headline's bare "holds call with A, B and C" is the joint call the body's "spoke
    with" each of them tells again."""
    title = "Moreno holds call with Quispe, Diaz and Mamani"
    text = (
        "Brazilian President Marcos Moreno spoke on Monday with Peruvian President Ana Quispe, "
        "Chilean President Rosa Diaz and Bolivian President Luis Mamani."
    )
    assert records(nlp, text, title=title) == [
        (frozenset({"moreno", "quispe", "diaz", "mamani"}), "held")
    ]
