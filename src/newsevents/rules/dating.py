"""Dating a call: the date texts of its own sentences, of follow-up and lead sentences and
of the title, resolved by `newsevents.dates.call_date` in its precedence."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from newsevents.dates import call_date, month_number, resolve_expression
from newsevents.entities import DocEntities, PersonMention
from newsevents.lexicon import words
from newsevents.rules.clause import _predicate
from newsevents.rules.modality import _past_finite
from newsevents.rules.ty import CallCandidate, DocContext
from newsevents.text.patterns import DATE_RE, POST_SIGNATURE_RE, YEAR_RE

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

VIDEO_WORDS = words("video_words")
IN_PERSON_LEMMAS = words("in_person_lemmas")
# Nouns a date may own when it dates the call ("Friday's call", "Monday's phone conversation").
CALL_NOUNS = words("call_nouns")
REPORTING_LEMMAS = words("reporting_lemmas")
REPORTED_DEPS = words("reported_deps")
CALL_REF_NOUNS = words("call_ref_nouns")
SPEECH_VERBS = words("speech_verbs")
EARLIER_CALL_PREPS = words("earlier_call_preps")
DATE_BLOCKERS = words("date_blockers")
CALL_TITLE_WORDS = words("call_title_words")
DAY_PHRASE_OPENERS = words("day_phrase_openers")
DEFINITE_DETERMINERS = words("definite_determiners")
OPEN_RANGE_STARTS = words("open_range_starts")
SAME_DAY_PHRASES = words("same_day_phrases")
# "the day before", "the day after": the adverb is part of the date.
DAY_PHRASE_CLOSERS = words("day_phrase_closers")
QUOTE_MARKS = frozenset({'"', "“", "”"})
EARLIER_ADVERBS = frozenset({"previously", "earlier", "formerly"})


def _other_events_date(ent: Span) -> bool:
    """ "ahead of next week's summit", "before Sunday's election": the date of that event;
    "Friday's phone call" is the call's own."""
    owner = ent.root.head
    if ent.root.dep_ == "compound" and owner.pos_ == "PROPN" and owner.is_title:
        return True  # "a Sunday Times report": a name, not a day
    return (
        ent.root.dep_ == "poss"
        and owner.lemma_.lower() not in CALL_NOUNS
        and owner.lower_ not in VIDEO_WORDS
    )


FOLLOW_UP_SENTENCES = 2
# Sentences before the call's own that may date it: a standfirst or lead line ("The call was
# made on Wednesday"), with the report that the call happened after it.
LEAD_IN_SENTENCES = 2


def _follow_up_dates(
    doc: Doc, ents: DocEntities, cand: CallCandidate
) -> tuple[list[str], int]:
    """A call whose own sentences give no date, dated by the next sentences that refer back
    to it ("During Sunday's call, ...", "The conversation took place on 28 December"), else by
    the sentences just before it ("The call was made on Wednesday"). Also where the sentence
    that gave the date starts: "the day before" counts from the days named before it."""
    if not cand.sent_token_spans:
        return [], cand.date_at
    start = min(s for s, _ in cand.sent_token_spans)
    end = max(e for _, e in cand.sent_token_spans)
    own = {p.cluster for p in cand.parties if p.cluster is not None}
    sents = [s for s in doc.sents if s.text.strip()]
    after = [s for s in sents if s.start >= end][:FOLLOW_UP_SENTENCES]
    before = [s for s in sents if s.end <= start][-LEAD_IN_SENTENCES:][::-1]
    for near in (after, before):
        for sent in near:
            if _names_others(ents, sent, own):
                break  # someone else comes in: no longer this call
            text = _call_ref_date(doc, sent)
            if text is None and near is after:
                text = _quote_attribution_date(doc, sent)
            if text is None and near is before and len(own) >= 2:
                text = _joint_subject_date(doc, ents, sent, own)
            if text is not None:
                return [text], sent.start_char
    return _dated_mention(doc, ents, cand, own, start, end)


# How many sentences a quotation that tells the call again may run before its attribution.
QUOTE_SENTENCES = 4


def _quote_attribution_date(doc: Doc, sent: Span) -> str | None:
    """ "“Had a phone call with X. We discussed ...,” tweeted Y on Wednesday evening": a
    quotation that opens by telling of a call, dated by the saying it closes with."""
    words_ = [t for t in sent if not t.is_space]
    if not words_ or words_[0].text not in QUOTE_MARKS:
        return None
    if not any(t.lemma_ in CALL_NOUNS and t.pos_ == "NOUN" for t in sent):
        return None
    cur = sent
    for _ in range(QUOTE_SENTENCES):
        close = [t for t in cur if t.text in QUOTE_MARKS and t.i > words_[0].i]
        if close:
            say = next(
                (t for t in cur if t.i > close[0].i and t.lemma_ in REPORTING_LEMMAS), None
            )
            if say is None:
                return None
            for ent in cur.ents:
                if ent.label_ in ("DATE", "TIME") and ent.start > close[0].i:
                    head = ent.root.head
                    while head.ent_type_ in ("DATE", "TIME") and head.head.i != head.i:
                        head = head.head  # "on Wednesday | evening"
                    if (head.head if head.dep_ == "prep" else head).i == say.i:
                        return _date_text(doc, ent)
            return None
        if cur.end >= len(doc):
            return None
        cur = doc[cur.end].sent
    return None


def _joint_subject_date(doc: Doc, ents: DocEntities, sent: Span, own: set[Any]) -> str | None:
    """ "X and Y on Thursday reaffirmed ... During the phone call, the two leaders ...": the
    sentence before a call told of by a group word has the call's parties as its subject,
    and its day is the call's."""
    if any(t.lemma_ in IN_PERSON_LEMMAS for t in sent):
        return None
    at = ents.person_at
    for verb in sent:
        if verb.pos_ != "VERB" or not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            continue
        # The people before the verb, however the parse joined them ("X and Y Thursday
        # reaffirmed": Y may hang from the date).
        named = {at[i].cluster for i in range(sent.start, verb.i) if i in at and not at[i].by_title}
        if named != own:
            continue
        for ent in sent.ents:
            head = ent.root.head
            via = head.head if head.dep_ == "prep" else head  # "on Thursday"
            if ent.label_ == "DATE" and verb.i in (head.i, via.i):
                return _date_text(doc, ent)
        return None
    return None


def _dated_mention(
    doc: Doc, ents: DocEntities, cand: CallCandidate, own: set[Any], start: int, end: int
) -> tuple[list[str], int]:
    """A call named again anywhere in the text with its date as a modifier ("the leaked
    March 3 call", "Friday's phone call"), in a sentence that names one of its parties and
    nobody else. Only when the text gives one such date: two mean two calls."""
    found: dict[str, tuple[str, int]] = {}
    for sent in doc.sents:
        if start <= sent.start < end:
            continue
        at = ents.person_at
        named = {at[i].cluster for i in range(sent.start, sent.end) if i in at}
        if not named & own or _names_others(ents, sent, own):
            continue
        for tok in sent:
            if tok.lemma_ in CALL_NOUNS and tok.pos_ == "NOUN":
                text = _modifier_date(doc, tok)
                if text is not None:
                    found.setdefault(text.lower(), (text, sent.start_char))
    if len(found) != 1:
        return [], cand.date_at
    text, at_char = next(iter(found.values()))
    return [text], at_char


def _modifier_date(doc: Doc, noun: Token) -> str | None:
    """The date written in front of a call noun: "Friday's call", "the 3 March call", "the
    leaked Jun. 5 call" (where the model tags the month as no date at all)."""
    for child in noun.lefts:
        if child.dep_ not in ("nmod", "compound", "poss", "npadvmod", "amod"):
            continue
        if child.ent_type_ in ("DATE", "TIME"):
            ent = next((e for e in doc.ents if e.start <= child.i < e.end), None)
            if ent is not None and ent.root.head.i == noun.i:
                return _date_text(doc, ent)
        if month_number(child.text) is not None:
            texts = _day_month_texts(doc[child.i - 1 : min(child.i + 2, noun.i)])
            if texts:
                return texts[0]
    return None


def _names_others(ents: DocEntities, sent: Span, own: set[Any]) -> bool:
    return any(
        sent.start <= m.start < sent.end and not m.by_title and m.cluster not in own
        for m in ents.persons
    )


def _call_ref_date(doc: Doc, sent: Span) -> str | None:
    """The date of a definite call noun the sentence dates: "Sunday's call", "the call on
    Sunday", "the conversation took place the day before", "the call was made on Monday"."""
    for tok in sent:
        if tok.lemma_ not in CALL_NOUNS or tok.pos_ != "NOUN":
            continue
        definite = any(
            c.lower_ in DEFINITE_DETERMINERS or c.ent_type_ in ("DATE", "TIME")
            for c in tok.children
        )
        if not definite:
            continue
        for ent in sent.ents:
            if ent.label_ not in ("DATE", "TIME"):
                continue
            head = ent.root.head
            # "the day before": the date hangs from its adverb.
            if head.dep_ == "advmod" and head.lower_ in DAY_PHRASE_CLOSERS:
                head = head.head
            via = head.head if head.dep_ == "prep" else head
            if (
                head.i == tok.i
                or via.i == tok.i
                or (tok.dep_ in ("nsubj", "nsubjpass") and via.i == tok.head.i)
            ):
                return _date_text(doc, ent)
    return None


def _sentence_dates(
    doc: Doc, sent: Span, trig: Token, people: dict[int, PersonMention] | None = None
) -> list[str]:
    """DATE/TIME texts of the sentence, nearest to the trigger first; "since June" is not the
    call's."""
    found = []
    # Dates between a reporting verb and the subject of the clause it reports belong to the
    # reporting, however the parse attaches them.
    said_end = -1
    clause = _predicate(trig)
    if clause.dep_ == "ccomp" and clause.head.lemma_ in REPORTING_LEMMAS:
        subj = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj and clause.head.i < subj[0].i:
            said_end = subj[0].left_edge.i
            said_start = clause.head.i
            said_end = said_end if said_start < said_end else -1
    near = trig
    while near.pos_ not in ("VERB", "AUX") and near.head.i != near.i:
        near = near.head  # the verb the call word is in: "after holding talks" -> holding
    own = {t.i for t in near.subtree}
    for ent in sent.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        if people and any(i in people for i in range(ent.start, ent.end)):
            continue  # "Theresa May": a name, not a month
        before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
        if before in DATE_BLOCKERS and before != "last":
            continue
        if ent.text.lower().startswith(tuple(OPEN_RANGE_STARTS)):
            continue
        if ent.root.head.i != trig.i and _other_events_date(ent):
            continue
        if _in_other_call(sent, trig, ent):
            continue  # "spoke in May, following a call in February": February's call
        if _in_other_clause(ent, trig):
            continue  # "the first call since the president took office in May"
        if said_end > 0 and clause.head.i < ent.start < said_end:
            continue  # "X said on Monday he had spoken ...": the saying's day
        # "X said on Wednesday that their call ...": the date of the saying, not of the call.
        head = ent.root.head
        if head.dep_ == "prep":
            head = head.head
        if (
            head.lemma_ in REPORTING_LEMMAS
            and head.i != trig.i
            and trig.i not in {t.i for t in head.children if t.dep_ in ("dobj", "nsubj")}
        ):
            continue
        found.append((abs(ent.start - trig.i), _date_text(doc, ent), ent.root.i in own))
    found.sort()
    if any(inside for *_, inside in found) or _temporal_phrase(near):
        # "denied a report that they had spoken last week": the clause's own date, not the
        # denial's; "days after holding talks with X, Y on Monday called Z": the other
        # clause's day is not this one's.
        found = [f for f in found if f[2]]
    return [t for _, t, _ in found]


def _temporal_phrase(pred: Token) -> bool:
    """The clause is the object of "after", "before", "following" or "since"."""
    return (
        pred.dep_ in ("pcomp", "pobj")
        and pred.head.lower_ in EARLIER_CALL_PREPS
        and pred.head.head.i != pred.head.i
    )


def _saying_dates(doc: Doc, cand: CallCandidate) -> list[str]:
    """The dates of the saying a held call is reported in ("X said on Tuesday evening that he
    had talked with Y"): the call took place by then, so that day is nearer the call's than the
    next day's dateline. Empty unless the call is a past clause reported by the verb."""
    if cand.status != "held":
        return []
    span = doc.char_span(cand.trigger_char, cand.trigger_char + 1, alignment_mode="expand")
    if span is None or not len(span):
        return []
    clause = _predicate(span[0])
    say = clause.head
    if (
        clause.dep_ not in REPORTED_DEPS
        or say.lemma_ not in REPORTING_LEMMAS
        or not _past_finite(clause)
    ):
        return []
    found = []
    for ent in span[0].sent.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        head = ent.root.head
        while head.ent_type_ in ("DATE", "TIME") and head.head.i != head.i:
            head = head.head  # "on Tuesday | evening": the day hangs from its part
        if head.dep_ == "prep":
            head = head.head
        if head.i == say.i and not _other_events_date(ent):
            found.append(_date_text(doc, ent))
    return found


def _quote_saying_dates(doc: Doc, cand: CallCandidate) -> list[str]:
    """The dates of the saying a call told in direct speech is reported with ('"Today we
    held a call," the office said on Monday'): the quote's "today" is that day."""
    span = doc.char_span(cand.trigger_char, cand.trigger_char + 1, alignment_mode="expand")
    if span is None or not len(span):
        return []
    trig = span[0]
    clause = _predicate(trig)
    say = clause.head
    if clause.dep_ not in REPORTED_DEPS or say.lemma_ not in REPORTING_LEMMAS:
        return []
    sent = trig.sent
    # Inside quotation marks: a mark opens before the call and another closes before the
    # saying.
    marks = [t.i for t in sent if t.text in QUOTE_MARKS]
    if not any(i < trig.i for i in marks) or not any(trig.i < i < say.i for i in marks):
        return []
    reported = {t.i for t in clause.subtree}
    return [
        _date_text(doc, ent)
        for ent in sent.ents
        if ent.label_ == "DATE"
        and ent.root.i not in reported
        and _verb_above(ent.root) == say
        and not _other_events_date(ent)
    ]


def _in_other_clause(ent: Span, trig: Token) -> bool:
    """The date belongs to a clause of its own that the call is not in: a temporal clause
    ("since X took office in May", "after Y was elected on Sunday") or a relative clause
    ("Z, who took office in January, ...") with its own subject."""
    cur = ent.root
    for _ in range(8):
        if cur.head.i == cur.i:
            return False
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            break
    else:
        return False
    if cur.i == trig.i or not any(c.dep_ in ("nsubj", "nsubjpass") for c in cur.children):
        return False
    # "the videoconference they held last June": a clause on the call noun is the call's own.
    own = (cur.dep_ == "relcl" and cur.head.i != trig.i) or (
        cur.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ in EARLIER_CALL_PREPS for c in cur.children)
    )
    return own and trig.i not in {t.i for t in cur.subtree}


def _in_other_call(sent: Span, trig: Token, ent: Span) -> bool:
    """The date belongs to another call the sentence names in a temporal phrase, or, for
    such a call, lies outside its own phrase."""
    for noun in sent:
        if not (noun.dep_ == "pobj" and noun.head.lower_ in EARLIER_CALL_PREPS):
            continue
        # Only beside another call word: "after their call, the two on Monday agreed ..."
        # keeps the date outside the phrase.
        if noun.lemma_ not in CALL_REF_NOUNS or noun.head.head.lemma_ not in SPEECH_VERBS:
            continue
        inside = ent.root.i in {t.i for t in noun.subtree}
        if noun.i == trig.i:
            return not inside
        if inside and trig.i not in {t.i for t in noun.subtree}:
            return True
    return False


def _date_text(doc: Doc, ent: Span) -> str:
    """The entity's text, with the day number the model left out of it ("14 | March 2021",
    "October | 3"): without it the date is only a month. "Later in | the day" is kept whole
    for the reader."""
    start, end = ent.start, ent.end
    after = _day_after_part_of_day(doc, ent)
    if after is not None:
        # "the night of | July 26", "the evening | of July 1": the model splits the part of
        # the day from the day it is of; alone, "the night of" dates nothing.
        return doc[start : after.end].text
    if month_number(doc[start].text) is not None and start > 0 and _is_day(doc[start - 1]):
        start -= 1
    elif ent.text.lower() in SAME_DAY_PHRASES:
        while start > 0 and doc[start - 1].lower_ in DAY_PHRASE_OPENERS:
            start -= 1
        if end < len(doc) and doc[end].lower_ in DAY_PHRASE_CLOSERS:
            end += 1
    elif (
        end - start == 1
        and month_number(doc[start].text) is not None
        and end < len(doc)
        and _is_day(doc[end])
    ):
        end += 1
    return doc[start:end].text if (start, end) != (ent.start, ent.end) else ent.text


def _day_after_part_of_day(doc: Doc, ent: Span) -> Span | None:
    """The DATE entity a TIME entity ("the evening", "the night of") is the part of."""
    if ent.label_ != "TIME":
        return None
    at = ent.end
    if doc[ent.end - 1].lower_ != "of":
        if at >= len(doc) or doc[at].lower_ != "of":
            return None
        at += 1
    if at >= len(doc) or doc[at].ent_type_ != "DATE" or doc[at].ent_iob_ != "B":
        return None
    return next((e for e in doc.ents if e.start == at), None)


def _day_month_texts(span: Span) -> list[str]:
    """Day-and-month dates the model tagged as no DATE at all, as in headlines ("PM call with
    X: 3 May", where "May" reads as a name): a day number next to a month name, and a year
    after them if there is one."""
    found = []
    for tok in span:
        if month_number(tok.text) is None or tok.ent_type_ == "DATE":
            continue
        start, end = tok.i, tok.i + 1
        if start > span.start and _is_day(tok.doc[start - 1]):
            start -= 1
        elif end < span.end and _is_day(tok.doc[end]):
            end += 1
        else:
            continue
        year = end + 1 if end < span.end and tok.doc[end].text == "," else end
        if year < span.end and tok.doc[year].like_num and len(tok.doc[year].text) == 4:
            end = year + 1
        found.append(tok.doc[start:end].text)
    return found


def _is_day(tok: Token) -> bool:
    digits = tok.lower_.removesuffix("st").removesuffix("nd").removesuffix("rd")
    digits = digits.removesuffix("th")
    # The model often tags such a day as a CARDINAL of its own.
    plain = tok.ent_type_ in ("", "DATE", "CARDINAL")
    return plain and digits.isdigit() and 1 <= int(digits) <= 31


def _story_days(doc: Doc, anchor: dt.date | None) -> list[tuple[int, dt.date]]:
    """Every day the text names, in order (char offset, day): "later that day" is the last
    one before it."""
    days = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        resolved = resolve_expression(_date_text(doc, ent), anchor)
        if resolved is not None and resolved.value is not None:
            days.append((ent.start_char, resolved.value))
    return days


CALL_LINE_WORDS = words("call_line_words")


def page_dates(text: str) -> tuple[dt.date, ...]:
    """The full dates (day, month and year) a page's text writes on lines that tell of a call
    ("... holds phone talks with X on December 12, 2025. (Photo)"), in order."""
    out = []
    for line in text.splitlines():
        if not {w.lower() for w in re.findall(r"[\w'-]+", line)} & CALL_LINE_WORDS:
            continue
        out += _full_dates(line)
    return tuple(out)


def _full_dates(line: str) -> list[dt.date]:
    out = []
    for m in DATE_RE.finditer(line):
        if not YEAR_RE.search(m.group(0)):
            continue
        resolved = resolve_expression(m.group(0), None)
        if resolved is not None and resolved.value is not None and resolved.granularity == "day":
            out.append(resolved.value)
    return out


def _same_day_written_out(
    texts: Sequence[str], full: Sequence[dt.date]
) -> dt.date | None:
    """A page with no date of its own that writes the call's day in full elsewhere ("on
    December 12" and, in a caption, "on December 12, 2025"): that full date."""
    # A day and month with no year ("December 12"), not a relative word ("today").
    yearless = [
        t
        for t in texts
        if not YEAR_RE.search(t) and any(month_number(w) for w in t.replace(",", " ").split())
    ]
    for day in full:
        for text in yearless:
            resolved = resolve_expression(text, day)
            if resolved is not None and resolved.value == day:
                return day
    return None


def _embedded_post_day(doc: Doc) -> dt.date | None:
    """The day of the latest social-media post the page embeds ("— Name (@handle) June 3,
    2024"): a page that shows no date of its own was written by then."""
    days = []
    for m in POST_SIGNATURE_RE.finditer(doc.text):
        resolved = resolve_expression(m["date"], None)
        if resolved is not None and resolved.value is not None:
            days.append(resolved.value)
    return max(days, default=None)


def _previous_call(
    ents: DocEntities, earlier: list[CallCandidate], cand: CallCandidate
) -> CallCandidate | None:
    """The held call reported last before `cand` with a party in common."""
    keys = {p.key(ents) for p in cand.parties}
    for prev in reversed(earlier):
        if prev.status == "held" and keys & {p.key(ents) for p in prev.parties}:
            return prev
    return None


def _lede_dates(
    doc: Doc, ents: DocEntities, cand: CallCandidate, title_sent: Span | None
) -> list[str]:
    """DATE texts of the lead sentence when it restates the title's call: the first sentence
    after the title that names the call's parties, with one of the title's verbs as its own
    ("X, Y discuss oil over phone" / "X and Y discussed oil on Monday"). A caption that names
    them ("X and Y shake hands in Lima, May 3") has a verb of its own."""
    if title_sent is None:
        return []
    clusters = {p.cluster for p in cand.parties if p.cluster is not None}
    if len(clusters) < 2:
        return []
    verbs = {t.lemma_.lower() for t in title_sent if t.pos_ == "VERB"}
    for sent in doc.sents:
        if sent.start_char < title_sent.end_char or not sent.text.strip():
            continue
        at = ents.person_at
        named = {at[i].cluster for i in range(sent.start, sent.end) if i in at}
        if not clusters <= named:
            continue
        heads = [sent.root]
        if sent.root.lemma_.lower() in REPORTING_LEMMAS:
            # "X spoke with Y on Sunday, a spokesman said Monday": the reported clause,
            # however the parse hangs it from the saying.
            heads += [v for v in sent if v.pos_ == "VERB" and _verb_above(v) == sent.root]
        for head in heads:
            if head.lemma_.lower() in IN_PERSON_LEMMAS:
                continue
            # "X spoke with Y on Sunday and urged him to ..." under "X urges Y in call": the
            # title's verb may be the lead's second one.
            lead_verbs = {head.lemma_.lower()} | {
                c.lemma_.lower() for c in head.children if c.dep_ == "conj" and c.pos_ == "VERB"
            }
            if lead_verbs & verbs:
                return _sentence_dates(doc, sent, head, at)
        return []
    return []


def _verb_above(tok: Token) -> Token | None:
    """The nearest verb `tok` hangs from, through any nouns between."""
    cur = tok
    while cur.head.i != cur.i:
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            return cur
    return None


def _told_as_earlier(doc: Doc, cand: CallCandidate) -> bool:
    """ "X, who has previously confirmed that he had calls with A and B": calls told as
    before the story's, not on the day of the call told before them."""
    span = doc.char_span(cand.trigger_char, cand.trigger_char + 1, alignment_mode="expand")
    if span is None or not len(span):
        return False
    cur = span[0]
    for _ in range(8):
        if any(c.dep_ == "advmod" and c.lower_ in EARLIER_ADVERBS for c in cur.children):
            return True
        if cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def _date_for(
    doc: Doc,
    ents: DocEntities,
    ctx: DocContext,
    cand: CallCandidate,
    title_sent: Span | None,
    *,
    main_event: bool,
    story_days: Sequence[tuple[int, dt.date]] = (),
    previous: dict[str, Any] | None = None,
    posted: dt.date | None = None,
) -> dict[str, Any]:
    title_dates: list[str] = []
    title_names_call = False
    if title_sent is not None:
        title_dates = [
            _date_text(doc, e)
            for e in title_sent.ents
            if e.label_ in ("DATE",) and not _other_events_date(e)
        ]
        title_dates += _day_month_texts(title_sent)
        tl = {t.lemma_ for t in title_sent} | {t.lower_ for t in title_sent}
        title_names_call = bool(tl & CALL_TITLE_WORDS)
    if previous is not None and _told_as_earlier(doc, cand):
        previous = None
    reference = None
    for at, day in story_days:
        if at >= cand.date_at:
            break
        reference = day
    if ctx.dateline_date is None and ctx.published is None and posted is None:
        posted = _same_day_written_out(cand.date_texts, ctx.page_dates)
    return call_date(
        sentence=cand.date_texts,
        title=title_dates,
        title_names_call=title_names_call and main_event,
        lede=_lede_dates(doc, ents, cand, title_sent) if main_event else (),
        said=_saying_dates(doc, cand) if not cand.date_texts else (),
        quote_said=_quote_saying_dates(doc, cand) if cand.date_texts else (),
        main_event=main_event,
        dateline=ctx.dateline_date,
        published=ctx.published,
        status=cand.status,
        reference=reference,
        previous=previous,
        posted=posted,
    )
