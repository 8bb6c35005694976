"""Call shapes from a fresh set of real news pages the rules had not been written for
(session 9): lines a scraped page broke mid-sentence, parses that strand a subject or hang a
call on the reporting verb, offices in other words, lists of offices and names, the writer's
seat in a header line, and bare surnames in a headline.

The sentences are written for these tests, in the shapes of those pages, not copied from them.
"""

from __future__ import annotations

import datetime as dt

import pytest

from test_call_rules import calls, surnames

pytestmark = pytest.mark.slow

SATURDAY = dt.date(2024, 3, 9)


def parties(events) -> list[tuple[str, ...]]:
    return sorted(tuple(sorted(surnames(e))) for e in events if e.status == "held")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A sentence a scraped page broke into lines: one sentence still.
        (
            "Turkey's President Recep Tayyip Erdogan\n"
            "held a telephone call with his Ukrainian counterpart Volodymyr Zelensky\n"
            "on Saturday to discuss the war\n.",
            [("erdogan", "zelensky")],
        ),
        # The parse hangs the subject's name on the clause before: it is still the subject.
        (
            "Britain sent a minister to the region and British Prime Minister Keir Starmer "
            "spoke with Egyptian President Abdel Fattah al-Sisi and Jordanian King Abdullah II "
            "on Sunday.",
            [("al-sisi", "starmer"), ("ii", "starmer")],
        ),
        (
            "Germany sent a delegation to the talks and Chancellor Olaf Scholz spoke with "
            "Polish Prime Minister Donald Tusk and Czech Prime Minister Petr Fiala on Tuesday.",
            [("fiala", "scholz"), ("scholz", "tusk")],
        ),
        # The call noun parsed as the subject of the reporting verb after it.
        (
            "Bahrain's Foreign Minister Sheikh Abdullatif bin Rashid Al Zayani made a phone "
            "call to his Moroccan counterpart Nasser Bourita, the Kingdom's news agency said "
            "on Tuesday.",
            [("bourita", "zayani")],
        ),
        # "top diplomat" is the foreign minister named the sentence before.
        (
            "Foreign Minister Wang Yi returned to Beijing on Monday. China's top diplomat held "
            "phone calls with his Egyptian counterpart Sameh Shoukry and Iranian Foreign "
            "Minister Abbas Araghchi.",
            [("araghchi", "yi"), ("shoukry", "yi")],
        ),
        # A full name the model tags as a place, right after an office word.
        (
            "Jordan's Foreign Minister Ayman Safadi made a phone call to his Greek counterpart "
            "Giorgos Gerapetritis, the foreign ministry said on Sunday.",
            [("gerapetritis", "safadi")],
        ),
    ],
)
def test_call_found_through_the_page_shape(nlp, text, expected):
    assert parties(calls(nlp, text, published=SATURDAY)) == expected


def test_a_list_of_offices_and_titled_names_is_a_joint_call_with_the_writer(nlp):
    # The readout's own "The Prime Minister" stands in the list, not in apposition to the
    # name after it; the header line says whose office wrote it.
    text = (
        "Prime Minister's Office, 10 Downing Street\n"
        "The Prime Minister, US President Joe Biden and French President Emmanuel Macron "
        "spoke by phone this afternoon about Iran."
    )
    (event,) = calls(nlp, text, published=SATURDAY)
    assert [p.country for p in event.parties] == ["GBR", "USA", "FRA"]
    assert event.parties[0].title == "Prime Minister"


def test_without_the_header_line_the_office_gets_no_guessed_country(nlp):
    text = (
        "The Prime Minister, US President Joe Biden and French President Emmanuel Macron "
        "spoke by phone this afternoon about Iran."
    )
    (event,) = calls(nlp, text, published=SATURDAY)
    assert len(event.parties) == 3
    assert event.parties[0].country is None


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        (
            "Sanchez and Meloni hold call on migration",
            "The Prime Minister spoke to the Italian Prime Minister this evening.",
            ("meloni", "sanchez"),
        ),
        (
            "Starmer and Macron hold call on migration",
            "The Prime Minister spoke to the French President this evening. They agreed to "
            "work together.",
            ("macron", "starmer"),
        ),
    ],
)
def test_bare_surnames_of_a_headline_are_the_sides(nlp, title, body, expected):
    # The small model tags only the second of two bare surnames; the first is a person too,
    # and neither side becomes the other's office.
    assert parties(calls(nlp, body, title=title, published=SATURDAY)) == [expected]


def test_a_common_noun_before_a_name_is_no_person(nlp):
    assert calls(nlp, "Leaders and Macron spoke on Monday.", published=SATURDAY) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An untagged holder (a hyphenated given name) right after "President of the
        # Republic of X".
        (
            "On March 3, the President of the Republic of Azerbaijan Ilham Aliyev held a "
            "telephone conversation with the President of the Republic of Kazakhstan "
            "Kassym-Jomart Tokayev.",
            [("aliyev", "tokayev")],
        ),
        # "During the call" is the call told before: those a message was sent to are no sides.
        (
            "Prime Minister Shehbaz Sharif held a telephone conversation with Saudi Crown "
            "Prince Mohammed bin Salman on Wednesday. During the call, the prime minister "
            "conveyed his respect and best wishes to King Salman bin Abdulaziz Al Saud and "
            "Crown Prince Mohammed bin Salman.",
            [("salman", "sharif")],
        ),
        # Nor do "both the leaders" of that call become the two countries' heads of state.
        (
            "US Secretary of State Marco Rubio held a phone call with Bangladesh's Chief "
            "Adviser Muhammad Yunus on Tuesday. During the call, both the leaders discussed "
            "trade.",
            [("rubio", "yunus")],
        ),
        # "the premier" is the Prime Minister the text names.
        (
            "Prime Minister Shehbaz Sharif visited Lahore on Friday. In a phone call with "
            "Qatar's Emir Sheikh Tamim bin Hamad Al Thani, the premier thanked Qatar for its "
            "support.",
            [("sharif", "thani")],
        ),
        # "he" is the one the story is about, not a person of a relative clause before.
        (
            "Indian Prime Minister Narendra Modi thanked US President Donald Trump for his "
            "Diwali wishes. The Republican greeted guests at the White House, where FBI "
            "Director Kash Patel stood by his side. During the festivities, the US president "
            "called Diwali a great festival. Praising the celebrations, he went on to talk "
            "about his phone call with Narendra Modi.",
            [("modi", "trump")],
        ),
    ],
)
def test_sides_from_the_story(nlp, text, expected):
    assert parties(calls(nlp, text, published=SATURDAY)) == expected


def test_a_virtual_meeting_with_two_leaders_is_one_meeting(nlp):
    text = (
        "French President Emmanuel Macron met virtually with German Chancellor Olaf Scholz "
        "and Polish Prime Minister Donald Tusk on Monday to discuss defence."
    )
    (event,) = calls(nlp, text, published=SATURDAY)
    assert surnames(event) == {"macron", "scholz", "tusk"}
    assert event.medium == "video"


def test_one_who_left_to_answer_a_call_took_it(nlp):
    # Held, not planned: an answered call came; "the head of state" is the president named.
    text = (
        "President Gustavo Petro visited a refinery on Wednesday. During the visit, an aide "
        "handed him a phone. Minutes later the head of state stepped outside to take a call "
        "from the president of Brazil, Luiz Inacio Lula da Silva."
    )
    (event,) = calls(nlp, text, published=SATURDAY)
    assert event.status == "held"
    assert surnames(event) == {"petro", "silva"}
    assert event.initiated_by == "Luiz Inacio Lula da Silva"


def test_who_took_the_chance_to_call_placed_the_call(nlp):
    text = (
        "Kenyan President William Ruto seized the opportunity to call US President-elect "
        "Donald Trump on Wednesday."
    )
    (event,) = calls(nlp, text, published=SATURDAY)
    assert event.initiated_by == "William Ruto"


def test_calls_between_one_and_several_are_a_call_each(nlp):
    # Each named leader is the office the sentence before lists by country: one call each.
    text = (
        "President Recep Tayyip Erdogan spoke by phone on Tuesday with the leaders of Iraq and "
        "Uzbekistan. The phone calls between Erdogan and Iraq's Abdul Latif Rashid and "
        "Uzbekistan's Shavkat Mirziyoyev also addressed trade."
    )
    assert parties(calls(nlp, text, published=SATURDAY)) == [
        ("erdogan", "mirziyoyev"),
        ("erdogan", "rashid"),
    ]


def test_one_of_the_first_leaders_to_call_called(nlp):
    text = (
        "Hungarian Prime Minister Viktor Orban was one of the first European leaders to call US "
        "President-elect Donald Trump after the vote, his spokesman said."
    )
    (event,) = calls(nlp, text, published=SATURDAY)
    assert event.status == "held"
    assert event.initiated_by == "Viktor Orban"


def test_a_quote_after_its_speaker_is_theirs(nlp):
    # A summit spoken about puts no one in a room.
    text = (
        "South African President Cyril Ramaphosa said the summit would go ahead. \"I spoke to "
        "President Donald Trump after the vote to wish him well and to tell him "
        "about the upcoming summit in Johannesburg."
    )
    assert parties(calls(nlp, text, published=SATURDAY)) == [("ramaphosa", "trump")]


def test_participants_listed_a_line_each(nlp):
    text = (
        "President Joe Biden held a call with allies on Tuesday about Ukraine.\n"
        "Attendees, according to officials, were:\n"
        "- Canadian Prime Minister Justin Trudeau\n"
        "- German Chancellor Olaf Scholz\n"
        "- Italian Prime Minister Giorgia Meloni\n"
    )
    (event,) = calls(nlp, text, published=SATURDAY)
    assert surnames(event) == {"biden", "trudeau", "scholz", "meloni"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "the Jordanian monarch" is the King the text names.
        (
            "On Saturday, the royal court said that the Jordanian monarch spoke to the "
            "President of the United States by phone. King Abdullah II stressed the need for a "
            "ceasefire. President Donald Trump thanked him.",
            [("ii", "trump")],
        ),
        # "H. E." (His Excellency) is no one's name.
        (
            "On August 9, Mr. KISHIDA Fumio, Prime Minister of Japan, held a telephone talk "
            "with H. E. Mr. Shavkat MIRZIYOYEV, President of the Republic of Uzbekistan.",
            [("fumio", "mirziyoyev")],
        ),
    ],
)
def test_offices_and_honorifics(nlp, text, expected):
    assert parties(calls(nlp, text, published=SATURDAY)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A page with no date of its own writes the call's day in full in a caption.
        (
            "Prime Minister Pham Minh Chinh talked over the phone with his Malaysian "
            "counterpart Anwar Ibrahim on December 12 to discuss trade.\n"
            "Prime Minister Pham Minh Chinh holds phone talks with Anwar Ibrahim on December "
            "12, 2025. (Photo: VNA)",
            "2025-12-12",
        ),
        # A full date of another day gives a year-less one no year; nor does "today".
        (
            "President Ilham Aliyev spoke by phone on 24 June with Russian President Vladimir "
            "Putin about the ceasefire statement they signed on 9 November 2020. Putin also "
            "spoke with Armenian Prime Minister Nikol Pashinyan today.",
            None,
        ),
    ],
)
def test_the_year_of_a_day_written_out_elsewhere(nlp, text, expected):
    events = [e for e in calls(nlp, text, published=None) if e.status == "held"]
    assert events and events[0].date.value == expected


def test_an_editors_insertion_in_brackets_keeps_the_name_in_the_sentence(nlp):
    from newsevents.clean import clean_article
    from newsevents.io.read import article_from_text
    from newsevents.records.build import doc_records

    text = (
        "German Chancellor Friedrich Merz spoke to reporters in Berlin on Sunday. \"I have "
        "spoken with [U.S. Secretary of State] Marco Rubio about the ceasefire talks,\" Merz "
        "said.\n"
    )
    article = clean_article(article_from_text(text, doc_id="t.txt", published=SATURDAY))
    assert article.text == text  # evidence offsets still index the text as written
    _, events, _ = doc_records(nlp(article.nlp_text), article)
    assert parties(events) == [("merz", "rubio")]
