"""Where the `margin-oracle` binary is."""

import os
import shutil


class BinaryNotFound(RuntimeError):
    """No `margin-oracle` binary: set MARGIN_ORACLE or put it on PATH."""


def find_binary(explicit=None):
    """The binary: `explicit`, else $MARGIN_ORACLE, else `margin-oracle` on PATH."""
    candidate = explicit or os.environ.get("MARGIN_ORACLE")
    if candidate:
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
        raise BinaryNotFound(f"MARGIN_ORACLE / binary '{candidate}' is not an executable file")
    found = shutil.which("margin-oracle")
    if found:
        return found
    raise BinaryNotFound(
        "margin-oracle was not found: build it (swift build -c release) and set "
        "MARGIN_ORACLE=/path/to/.build/release/margin-oracle, or put it on PATH"
    )
