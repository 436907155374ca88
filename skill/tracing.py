"""Where an error happened, for log lines: never its message (it may quote what the person said)."""

from __future__ import annotations

import traceback
from pathlib import Path


def where(error: BaseException) -> str:
    """The innermost frames of ERROR's traceback as file:line:function; never its message."""
    frames = traceback.extract_tb(error.__traceback__)[-3:]
    return " < ".join(f"{Path(frame.filename).name}:{frame.lineno}:{frame.name}" for frame in reversed(frames)) or "-"
