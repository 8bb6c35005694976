"""Call shapes found in real news pages the rules had not been written for (session 8).

The sentences are written for these tests, in the shapes of those pages, not copied from them.
"""

from __future__ import annotations

import datetime as dt

import pytest

from test_call_rules import calls, surnames

pytestmark = pytest.mark.slow

MONDAY = dt.date(2024, 3, 11)


def pairs(events) -> list[tuple[str, tuple[str, ...], str | None]]:
    return sorted(
        (e.status, tuple(sorted(surnames(e))), e.date.value)
        for e in events
    )


def test_an_office_whose_country_the_model_tagged_into_the_name(nlp):
    text = (
        "The President of Ukraine spoke by phone with the leaders of Chile and Denmark.\n"
        "In a conversation with Prime Minister of Denmark Mette Frederiksen, they discussed "
        "air defence.\nWith President Gabriel Boric of Chile, he discussed grain exports."
    )
    found = calls(nlp, text, published=MONDAY)
    names = sorted(sorted(p.name or "" for p in e.parties) for e in found)
    assert ["Gabriel Boric", ""] not in names
    assert any("Mette Frederiksen" in n for n in names), names
    assert not any(n.startswith("Denmark") for ns in names for n in ns), names


def test_holders_named_inside_a_body_and_a_country_in_brackets(nlp):
    text = (
        "A video conference was held on Tuesday between the foreign ministers of Chile and "
        "Peru, with the participation of the Contact Group Co-Chairs Anna Berg (Sweden), "
        "Paul Weiss (Austria) and Mark Dunn (Canada)."
    )
    (event,) = calls(nlp, text, published=MONDAY)
    countries = {p.name: p.country for p in event.parties if p.name}
    assert countries.get("Anna Berg") == "SWE", countries
    assert countries.get("Paul Weiss") == "AUT", countries
    assert countries.get("Mark Dunn") == "CAN", countries


def test_a_report_the_headline_and_next_sentence_deny_is_one_denied_call(nlp):
    text = (
        "Kremlin denies Putin and Trump spoke by phone\n"
        "The Kremlin on Monday denied a newspaper report that Russian President Vladimir Putin "
        "and US President-elect Donald Trump had spoken by phone last week.\n"
        "The newspaper reported on Sunday that Trump talked by phone on Thursday with Putin.\n"
        "Kremlin spokesman Dmitry Peskov said the report was false."
    )
    found = calls(nlp, text, published=MONDAY)
    assert [e.status for e in found] == ["denied"], pairs(found)


def test_talks_held_before_the_main_clause_do_not_take_its_day(nlp):
    text = (
        "Days after holding talks with French President Emmanuel Macron, Indian Prime Minister "
        "Narendra Modi on Monday held telephonic talks with Japanese Prime Minister Fumio "
        "Kishida.\nEarlier, Modi had on March 8 held a telephone conversation with Macron."
    )
    found = calls(nlp, text, published=MONDAY)
    assert pairs(found) == [
        ("held", ("kishida", "modi"), "2024-03-11"),
        ("held", ("macron", "modi"), "2024-03-08"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "In a phone call with his Spanish counterpart, Wang Yi said Beijing valued the ties.",
        "Chinese Foreign Minister Wang Yi urged closer ties with Europe.\nDuring a telephone "
        "call with Spanish Foreign Minister Jose Manuel Albares, Wang said the two sides should "
        "cooperate.",
    ],
)
def test_the_subject_after_a_call_phrase_keeps_his_own_country(nlp, text):
    (event,) = calls(nlp, text, published=MONDAY)
    wang = next(p for p in event.parties if p.name and p.name.startswith("Wang"))
    assert wang.country == "CHN"
    assert {p.country for p in event.parties} == {"CHN", "ESP"}


def test_a_plain_call_in_a_line_that_is_not_the_title_makes_spoke_to_a_phone_call(nlp):
    text = (
        "PM call with President Macron: 11 March 2024\n"
        "The Prime Minister spoke to President Macron this afternoon about Ukraine."
    )
    (event,) = calls(nlp, text, published=MONDAY, title="Press release")
    assert event.medium == "phone"


def test_a_name_after_another_persons_headline_title_is_not_titled_by_it(nlp):
    text = (
        "Albanese, Indonesian President-elect Prabowo Discuss Trade\n"
        "Prime Minister Anthony Albanese spoke with Indonesian President-elect Prabowo "
        "Subianto by telephone on Thursday."
    )
    (event,) = calls(nlp, text, published=MONDAY)
    assert {p.name: p.country for p in event.parties}["Anthony Albanese"] == "AUS"


def test_two_offices_of_one_person_joined_by_and(nlp):
    text = (
        "Chinese State Councilor and Foreign Minister Wang Yi held a phone call with Spanish "
        "Foreign Minister Jose Manuel Albares on Monday.\n"
        "The Prime Minister and President Emmanuel Macron spoke by phone on Monday."
    )
    found = calls(nlp, text, published=MONDAY)
    wang = next(p for e in found for p in e.parties if p.name == "Wang Yi")
    assert wang.country == "CHN" and "Foreign Minister" in (wang.title or "")
    macron = next(p for e in found for p in e.parties if p.name and "Macron" in p.name)
    assert "Prime Minister" not in (macron.title or "")


def test_a_call_between_two_leaders_asked_about_by_a_third_is_theirs_and_to_come(nlp):
    text = (
        "Japanese Foreign Minister Yoko Kamikawa sounded out Beijing about the possibility of a "
        "phone call between Prime Minister Fumio Kishida and Chinese President Xi Jinping."
    )
    (event,) = calls(nlp, text, published=MONDAY)
    assert surnames(event) == {"kishida", "jinping"}
    assert event.status == "planned"


def test_an_office_ref_of_a_defence_minister_and_calls_on_two_days(nlp):
    text = (
        "The Russian defence minister spoke by telephone with US Defense Secretary Lloyd "
        "Austin on Friday and Sunday."
    )
    found = calls(nlp, text, published=MONDAY)
    assert [e.date.value for e in found] == ["2024-03-08", "2024-03-10"]
    assert all(e.parties[0].country == "RUS" for e in found)


def test_calls_between_two_days_are_one_span_not_two_calls(nlp):
    text = (
        "US Secretary of State Antony Blinken spoke by phone with Chinese Foreign Minister "
        "Wang Yi between Friday and Sunday."
    )
    assert len(calls(nlp, text, published=MONDAY)) == 1


def test_on_the_phone_with_leaders_including_named_ones(nlp):
    text = (
        "US President Joe Biden spent Wednesday on the phone with world leaders, including "
        "French President Emmanuel Macron and Japanese Prime Minister Fumio Kishida."
    )
    found = calls(nlp, text, published=MONDAY)
    assert sorted(sorted(surnames(e)) for e in found) == [
        ["biden", "kishida"],
        ["biden", "macron"],
    ]
    assert all(e.medium == "phone" for e in found)


@pytest.mark.parametrize(
    "text",
    [
        "If you call President Joe Biden, the line goes to him directly, the senator said.",
        "Whenever he calls President Nana Akufo-Addo, aides answer and say he is unavailable.",
    ],
)
def test_calls_of_a_condition_or_a_habit_are_no_call(nlp, text):
    assert calls(nlp, text, published=MONDAY) == []


def test_a_call_a_condition_only_opens_is_still_planned(nlp):
    text = "If the talks fail, President Joe Biden will call President Xi Jinping on Friday."
    (event,) = calls(nlp, text, published=MONDAY)
    assert event.status == "planned"


def test_a_person_assured_in_a_call_hung_on_the_objects_phrase_is_the_partner(nlp):
    text = (
        "Prime Minister Kyriakos Mitsotakis assured Ukrainian President Volodymyr Zelenskyy of "
        "Greece's support for his people in a telephone call, his office said on Monday."
    )
    (event,) = calls(nlp, text, published=MONDAY)
    assert surnames(event) == {"mitsotakis", "zelenskyy"}


def test_the_president_of_a_body_in_apposition_names_its_holder(nlp):
    text = (
        "Kuwait's Emir Sheikh Mishal al-Ahmad al-Jaber al-Sabah on Wednesday received a phone "
        "call from the President of the European Council, Charles Michel, the news agency said."
    )
    (event,) = calls(nlp, text, published=MONDAY)
    michel = next(p for p in event.parties if p.name == "Charles Michel")
    assert michel.org == "EU"
    assert event.initiated_by == "Charles Michel"


@pytest.mark.parametrize(
    "text",
    [
        "MEP Anna Berg praised the speech.\nAddressing the European Parliament in a special "
        "session through a video link on Tuesday, President Volodymyr Zelenskyy vowed to fight.",
        "Chancellor Olaf Scholz listened as President Volodymyr Zelenskyy addressed the "
        "Bundestag by video on Thursday.",
    ],
)
def test_a_speech_to_a_body_over_a_video_link_is_no_call(nlp, text):
    assert calls(nlp, text, published=MONDAY) == []


def test_an_office_set_off_after_the_partners_name_is_the_partners(nlp):
    text = (
        "Prime Minister Anthony Albanese spoke with Indonesian President-elect Prabowo Subianto "
        "— currently Indonesia's defence minister — by telephone on Thursday."
    )
    (event,) = calls(nlp, text, published=MONDAY)
    assert {p.name: p.country for p in event.parties} == {
        "Anthony Albanese": "AUS",
        "Prabowo Subianto": "IDN",
    }


def test_a_counterpart_named_beside_a_holder_of_the_same_office(nlp):
    text = (
        "Chinese Foreign Minister Wang Yi met his Spanish counterpart Jose Manuel Albares in "
        "Madrid last year.\nIn a phone call with his Spanish counterpart, Wang Yi said Beijing "
        "wanted stable ties."
    )
    (event,) = calls(nlp, text, published=MONDAY)
    assert surnames(event) == {"yi", "albares"}


def test_a_counterpart_of_another_office_is_not_the_ministers(nlp):
    text = (
        "Russian President Vladimir Putin spoke with his French counterpart Emmanuel Macron "
        "last week.\nRussian Defence Minister Sergei Shoigu on Sunday held a telephone "
        "conversation with his French counterpart."
    )
    found = calls(nlp, text, published=MONDAY)
    shoigu = next(e for e in found if "shoigu" in surnames(e))
    assert "macron" not in surnames(shoigu)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "President Cyril Ramaphosa held talks by telephone with the President of Ghana, His "
            "Excellency Nana Addo Dankwa Akufo-Addo.",
            {"Cyril Ramaphosa", "Nana Addo Dankwa Akufo-Addo"},
        ),
        (
            "President Alexander Stubb had a telephone conversation with the President of "
            "Ukraine Volodymyr Zelensky on Thursday.",
            {"Alexander Stubb", "Volodymyr Zelensky"},
        ),
        (
            "Lao Prime Minister Sonexay Siphandone made a phone call to the new Vietnamese Prime "
            "Minister Pham Minh Chinh on Monday.",
            {"Sonexay Siphandone", "Pham Minh Chinh"},
        ),
        (
            "The President of the Republic, Kais Saied, and the President of the French "
            "Republic, Emmanuel Macron, had a telephone interview on Monday.",
            {"Kais Saied", "Emmanuel Macron"},
        ),
    ],
)
def test_names_the_model_leaves_untagged_cut_or_tagged_otherwise(nlp, text, names):
    (event,) = calls(nlp, text, published=MONDAY)
    assert {p.name for p in event.parties} == names


@pytest.mark.parametrize(
    "text",
    [
        "In a telephone interview with Reuters on Monday, President Emmanuel Macron said France "
        "would help.",
        "President Emmanuel Macron gave a telephone interview to the newspaper Le Monde.",
    ],
)
def test_an_interview_given_to_the_media_is_no_call(nlp, text):
    assert calls(nlp, text, published=MONDAY) == []


def test_an_office_of_state_is_no_ones_name(nlp):
    text = (
        "It was the first call with Kenya's Head of State since President Joe Biden took "
        "office on January 20."
    )
    assert all(p.name != "Head" for e in calls(nlp, text, published=MONDAY) for p in e.parties)


def test_separate_talks_of_two_leaders_with_a_third_are_a_call_each(nlp):
    text = (
        "Thai Prime Minister Anutin Charnvirakul and Cambodian Prime Minister Hun Manet said "
        "they held separate phone talks with US President Donald Trump on Friday."
    )
    found = calls(nlp, text, published=MONDAY)
    assert sorted(sorted(surnames(e)) for e in found) == [
        ["charnvirakul", "trump"],
        ["manet", "trump"],
    ]


def test_a_relative_clause_of_what_was_said_names_no_more_partners(nlp):
    text = (
        "King Abdullah II received a phone call on Monday from his brother, President Mahmoud "
        "Abbas, in which he congratulated His Majesty the King on the anniversary."
    )
    (event,) = calls(nlp, text, published=MONDAY)
    assert surnames(event) == {"ii", "abbas"} or {p.name for p in event.parties} >= {
        "Mahmoud Abbas"
    }
    assert len(event.parties) == 2


def test_a_call_one_received_from_another_told_in_a_relative_clause(nlp):
    text = (
        "Malaysian Prime Minister Anwar Ibrahim shared with the public a phone call he received "
        "from Turkish President Recep Tayyip Erdogan to congratulate him."
    )
    (event,) = calls(nlp, text, published=MONDAY)
    assert surnames(event) == {"ibrahim", "erdogan"}


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "BELGRADE (Sputnik) - Serbian President Aleksandar Vucic said he had had a phone "
            "conversation with US President Donald Trump.",
            {"Aleksandar Vucic", "Donald Trump"},
        ),
        (
            "Turkish Foreign Minister Hakan Fidan discussed Gaza. This came in a phone call with "
            "US Secretary of State Antony Blinken today, the ministry's spokesman wrote on X.",
            {"Hakan Fidan", "Antony Blinken"},
        ),
    ],
)
def test_an_agency_or_a_platform_is_no_party(nlp, text, names):
    (event,) = calls(nlp, text, published=MONDAY)
    assert {p.name for p in event.parties} == names


def test_an_emir_of_the_state_of_a_country_has_its_country(nlp):
    text = (
        "Sultan Haitham bin Tarik today phoned Sheikh Mishal al-Ahmad al-Jaber al-Sabah, Emir of "
        "the State of Kuwait."
    )
    (event,) = calls(nlp, text, published=MONDAY)
    kuwait = next(p for p in event.parties if "Sabah" in (p.name or ""))
    assert kuwait.country == "KWT"


def test_the_presidents_of_two_countries_one_tagged_a_nationality(nlp):
    text = "The presidents of Uzbekistan and Tajikistan held a telephone conversation on Monday."
    (event,) = calls(nlp, text, published=MONDAY)
    assert sorted(p.country for p in event.parties) == ["TJK", "UZB"]


def test_a_call_to_apologise_told_by_the_one_called(nlp):
    text = (
        "Papua New Guinea Prime Minister James Marape told local media on Thursday that "
        "President Joe Biden had called to apologise for his absence."
    )
    (event,) = calls(nlp, text, published=MONDAY)
    assert surnames(event) == {"marape", "biden"}
    assert event.initiated_by == "Joe Biden"


def test_a_message_conveyed_in_a_call_told_by_the_one_who_conveyed_it(nlp):
    text = (
        "In a Facebook post, Prime Minister Anwar Ibrahim said the commitment was conveyed to "
        "Turkish President Recep Tayyip Erdogan during a telephone call yesterday."
    )
    (event,) = calls(nlp, text, published=MONDAY)
    assert surnames(event) == {"ibrahim", "erdogan"}


def test_a_list_goes_on_after_a_name_cut_from_its_title(nlp):
    text = (
        "Prime Minister Anwar Ibrahim spoke by phone with three of his counterparts - Australian "
        "Prime Minister Anthony Albanese, Timor-Leste Prime Minister Kay Rala Xanana Gusmao and "
        "Thai Prime Minister Paetongtarn Shinawatra."
    )
    found = calls(nlp, text, published=MONDAY)
    assert {frozenset(surnames(e)) for e in found} >= {
        frozenset({"ibrahim", "albanese"}),
        frozenset({"ibrahim", "shinawatra"}),
    }


@pytest.mark.parametrize("honorific", ["His Majesty", "His Highness"])
def test_an_honorific_alone_is_no_party(nlp, honorific):
    text = (
        f"{honorific} Sultan Haitham bin Tarik today phoned President Abdel Fattah al-Sisi.\n"
        f"During the call, {honorific} the Sultan conveyed his greetings."
    )
    found = calls(nlp, text, published=MONDAY)
    assert found and all(p.name not in ("Majesty", "Highness") for e in found for p in e.parties)


def test_a_title_word_opening_a_bodys_name_is_no_one(nlp):
    text = (
        'Former referees\' chief Philip Don said clubs were informed. "We spoke to all the '
        'Premier League clubs as well as the Football League clubs in the summer," he added.'
    )
    assert calls(nlp, text, published=MONDAY) == []


def test_a_call_from_an_office_then_its_holder_after_honorifics(nlp):
    text = (
        "Today, President Abdel Fattah El-Sisi received a phone call from King of the Hashemite "
        "Kingdom of Jordan, His Majesty King Abdullah II ibn Al Hussein."
    )
    (event,) = calls(nlp, text, published=MONDAY)
    assert event.initiated_by == "Abdullah II ibn Al Hussein"
    assert event.rule.startswith("call.noun")


@pytest.mark.parametrize(
    ("text", "caller"),
    [
        ("President Joe Biden called up Chancellor Olaf Scholz on Monday.", "Joe Biden"),
        ("Chancellor Olaf Scholz thanked President Joe Biden for his call on Monday.", "Joe Biden"),
        (
            "President Joe Biden followed up with a call to Chancellor Olaf Scholz on Monday.",
            "Joe Biden",
        ),
    ],
)
def test_who_placed_a_call_in_other_words(nlp, text, caller):
    (event,) = calls(nlp, text, published=MONDAY)
    assert surnames(event) == {"biden", "scholz"}
    assert event.status == "held"
    assert event.initiated_by == caller


def test_calls_made_with_two_leaders_name_no_caller(nlp):
    text = (
        "President Joe Biden made calls with Chancellor Olaf Scholz and President Emmanuel "
        "Macron on Monday."
    )
    found = calls(nlp, text, published=MONDAY)
    assert len(found) == 2 and all(e.initiated_by is None for e in found)


def test_a_chance_taken_to_call_is_a_call_made(nlp):
    text = "President Joe Biden took the chance to call Chancellor Olaf Scholz on Monday."
    (event,) = calls(nlp, text, published=MONDAY)
    assert event.status == "held"


def test_reservists_called_up_are_no_call(nlp):
    assert calls(nlp, "The defence minister called up reservists on Monday.", published=MONDAY) == []
