"""Test helper: wrap an article in the junk of an invented news site.

The site ("The Meridian Courier") and all its junk are made up for the tests: menus, a
cookie notice, a newsletter form, teaser rails with other stories' headlines and blurbs
(one of them about another leader's phone call), share widgets and a "Most read" list.
"""

from __future__ import annotations

import random

NAV = [
    "Skip to main content",
    "Menu",
    "Home World Politics Business Science Culture Opinion",
    "Search",
    "Log in",
]
COOKIE_NOTICE = [
    "We use cookies to personalise content and to analyse our traffic. By continuing to "
    "browse the site you agree to our cookie policy.",
    "Accept all cookies",
    "Manage preferences",
]
NEWSLETTER = [
    "The Morning Dispatch",
    "Get the day's five most important stories in your inbox before breakfast.",
    "Enter your email address",
    "Sign up",
    "By signing up you agree to our Terms of Use and acknowledge our Privacy Policy.",
]
# Headline and blurb pairs of other stories. The first is about a phone call on purpose:
# teasers are boilerplate even when they mention the event type we extract.
TEASERS = [
    (
        "President Oriana Velasquez of Marivia holds phone call with neighbouring premier",
        "The two leaders spoke for an hour about a disputed river dam, her office said on Sunday.",
    ),
    (
        "Harbour strike enters its third week as pay talks stall",
        "Dock workers rejected the latest offer, which union leaders called an insult to members.",
    ),
    (
        "Central bank leaves interest rates unchanged for a fourth month",
        "Policymakers said inflation was easing but warned that food prices stayed high.",
    ),
    (
        "New coastal rail link will cut journey times by half, ministers say",
        "The line, due to open next spring, will connect eleven fishing towns with the capital.",
    ),
]
TRENDING_HEADER = "Trending"
MORE_HEADER = "More from The Meridian Courier"
BYLINE = ["By Tomasz Reinholt, Diplomatic Editor", "Updated: 14:32 GMT"]
CAPTION = "Delegates arrive for the opening session of the summit. (Photo: Ilse Marguerre/Courier)"
SHARE = ["Share this article", "Copy link", "Print"]
MOST_READ = [
    "Most read",
    "1. Storm warnings issued for the northern coast",
    "2. City council approves budget after all-night session",
    "3. Former champion returns to the ring at 41",
]
FOOTER = [
    "© 2024 The Meridian Courier. All rights reserved.",
    "About us Contact Careers Advertise",
]


def _teasers(rng: random.Random, k: int) -> list[str]:
    pairs = TEASERS[:1] + rng.sample(TEASERS[1:], k - 1)
    rng.shuffle(pairs)
    return [line for pair in pairs for line in pair]


def wrap_in_boilerplate(text: str, *, seed: int = 0) -> str:
    """Put site junk before and after the article body of `text`.

    The first lines stay first: a `date ...` header and the title (the first non-empty line
    after it, or the first line). The seed picks the layout: with or without section headers
    above the teaser blocks, and which junk goes where.
    """
    rng = random.Random(seed)
    lines = text.split("\n")
    head_end = 0
    if lines and lines[0].strip().lower().startswith("date "):
        head_end = 1
        if lines[0].strip().count(" ") == 1:  # the title is on its own line
            while head_end < len(lines) and not lines[head_end].strip():
                head_end += 1
            head_end += 1
    else:
        head_end = 1
    head, body = lines[:head_end], lines[head_end:]
    while body and not body[0].strip():
        body.pop(0)

    before: list[str] = []
    blocks = [NAV, COOKIE_NOTICE, NEWSLETTER]
    rng.shuffle(blocks)
    for block in blocks:
        before += [*block, ""]
    if seed % 2 == 0:
        before += [TRENDING_HEADER, *_teasers(rng, 2), ""]
    else:
        before += [*_teasers(rng, 2), ""]
    before += [*BYLINE, CAPTION, ""]

    after: list[str] = [""]
    if seed % 3 == 0:
        after += [*SHARE, "", MORE_HEADER, *_teasers(rng, 3), ""]
    else:
        # teasers straight after the body, no header: only their shape gives them away
        after += [*_teasers(rng, 2), *SHARE, ""]
    after += [*MOST_READ, "", *FOOTER]
    return "\n".join([*head, *before, *body, *after])
