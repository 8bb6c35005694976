"""One base exception; subclasses say what to do next. Only `cli` turns them into exit codes."""


class NewsEventsError(Exception):
    """Base class of every error newsevents raises on purpose."""


class UsageError(NewsEventsError):
    """A bad path or option given by the user (exit code 2)."""


class ModelNotInstalledError(NewsEventsError):
    """The configured spaCy model cannot be loaded."""


class OutputExistsError(NewsEventsError):
    """The output directory holds another run's output."""


class OutputLockedError(NewsEventsError):
    """Another run is writing into the same output directory."""


class DocumentError(NewsEventsError):
    """One document could not be processed; the batch goes on.

    Args:
        stage: the pipeline stage that failed (read, decode, clean, nlp, rules, write).
        reason: a message for the user.
    """

    def __init__(self, stage: str, reason: str) -> None:
        super().__init__(reason)
        self.stage = stage
        self.reason = reason
