"""newsevents' spaCy components, registered as factories under versioned names.

- `newsevents_line_sentences_v1`: a line break ends a sentence (before the parser).
- `newsevents_call_rules_v1`: the call events of the document in `doc._.newsevents_events`,
  a list of dicts exactly as `extract` writes them to events.jsonl. What the rules know of
  the article beyond its text (doc_id, title, publication date, dateline) is read from
  `doc._.newsevents_context`, set before the component runs: an `Article` (the Doc's text is
  then its `nlp_text`, and the evidence offsets index its `text`) or a `DocContext`; without
  one the document has no id, no title, no dates and no dateline.

Also available through the `spacy_factories` entry point: `nlp.add_pipe(
"newsevents_call_rules_v1")` works in any pipeline once newsevents is installed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.tokens import Doc

if TYPE_CHECKING:
    from newsevents.rules.ty import DocContext

LINE_SENTENCES = "newsevents_line_sentences_v1"
CALL_RULES = "newsevents_call_rules_v1"
CONTEXT_ATTR = "newsevents_context"
EVENTS_ATTR = "newsevents_events"

for _attr in (CONTEXT_ATTR, EVENTS_ATTR):
    if not Doc.has_extension(_attr):
        Doc.set_extension(_attr, default=None)


def line_sentences(doc: Doc) -> Doc:
    """A line break ends a sentence: titles, datelines and list items are sentences of their own.
    Not after a word no sentence ends on ("with", "and", "the"), nor before a line that opens
    in lower case or on a comma or stop after a line that ends on no stop: a sentence a
    scraped page broke across lines ("President X" / "held a call with Y" / "on Monday")."""
    from newsevents.lexicon import words

    continuation = words("line_continuation_words")
    last_word = None
    for i, token in enumerate(doc[:-1]):
        if not token.is_space:
            last_word = token
        if "\n" in token.text or "\n" in token.whitespace_:
            if last_word is not None and last_word.lower_ in continuation:
                continue
            if last_word is not None and _continues(last_word, _next_word(doc, i + 1)):
                continue
            doc[i + 1].is_sent_start = True
    return doc


SENTENCE_ENDS = frozenset(".!?:;\"'\u201d\u2019)")


def _next_word(doc: Doc, i: int) -> Any:
    while i < len(doc) and doc[i].is_space:
        i += 1
    return doc[i] if i < len(doc) else None


def _continues(last: Any, nxt: Any) -> bool:
    """The next line goes on with the sentence the line before left open."""
    if nxt is None or last.text[-1:] in SENTENCE_ENDS:
        return False
    first = nxt.text[:1]
    return first.islower() or first in ",.;"


@Language.factory(LINE_SENTENCES, default_config={}, assigns=["token.is_sent_start"])
def make_line_sentences(nlp: Language, name: str) -> Any:
    """Sentence starts after line breaks; runs before the parser, which keeps them."""
    return line_sentences


class CallRules:
    """The call rules as a pipeline component: events in `doc._.newsevents_events`."""

    def __call__(self, doc: Doc) -> Doc:
        from newsevents.entities import find_entities
        from newsevents.records.build import call_records

        context = doc._.get(CONTEXT_ATTR)
        ctx, text = _rules_context(context, doc)
        ents = find_entities(
            doc,
            dateline_place=ctx.dateline_place,
            title_span=ctx.title_span,
            day=ctx.published or ctx.dateline_date,
        )
        events = call_records(doc, ents, ctx, text=text)
        doc._.set(EVENTS_ATTR, [e.model_dump(mode="json") for e in events])
        return doc


@Language.factory(
    CALL_RULES,
    default_config={},
    assigns=[f"doc._.{EVENTS_ATTR}"],
    requires=["doc.ents", "doc.sents", "token.dep", "token.pos"],
)
def make_call_rules(nlp: Language, name: str) -> CallRules:
    """The call events of each document, as `extract` writes them."""
    return CallRules()


def _rules_context(context: object, doc: Doc) -> tuple[DocContext, str]:
    """The rules' context and the text evidence offsets index, from `doc._.newsevents_context`."""
    from newsevents.article import Article
    from newsevents.records.build import doc_context
    from newsevents.rules.ty import DocContext

    if isinstance(context, Article):
        return doc_context(context, length=len(doc.text)), context.text
    if isinstance(context, DocContext):
        return context, doc.text
    if context is None:
        empty = DocContext(
            doc_id="", title_span=None, published=None, dateline_date=None, dateline_place=None
        )
        return empty, doc.text
    raise TypeError(
        f"doc._.{CONTEXT_ATTR} must be an Article or a DocContext, not {type(context).__name__}"
    )
