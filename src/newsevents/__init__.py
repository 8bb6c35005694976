"""newsevents: a directory of news articles in, typed and validated event records out."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("newsevents")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0"

__all__ = ["__version__"]
