"""Errors users can read: every message is French and says what to do next."""

import errno


class TiAssistantError(Exception):
    """Base class. `str(error)` is a French message fit for a citizen or a member of staff."""


class ConfigError(TiAssistantError):
    """A setting has an invalid value."""


class LoadError(TiAssistantError):
    """A file could not be turned into a document (empty, corrupt, binary, too large...)."""


class IndexMissingError(TiAssistantError):
    """No index exists yet, or it holds no document."""


class IndexMismatchError(TiAssistantError):
    """The index was built with another embedder or other chunking settings."""


class EmbedderError(TiAssistantError):
    """The embedding model could not be loaded or used."""


class LLMError(TiAssistantError):
    """The optional LLM endpoint failed or is misconfigured."""


class IndexBusyError(TiAssistantError):
    """Another process is writing to the index."""


class StoreUnavailableError(TiAssistantError):
    """The vector store (a Chroma server) stopped answering."""


class IndexCorruptError(TiAssistantError):
    """A part of the index cannot be read."""


class InputError(TiAssistantError):
    """A question or a request is malformed or too large."""


def checked_text(value: object, limit: int, what: str, advice: str) -> str:
    """`value` stripped, when it is a text of at most `limit` characters; otherwise an `InputError`
    naming it (`what`: "La question", "L'affirmation") and saying what to do when it is too long."""
    if not isinstance(value, str):
        raise InputError(f"{what} doit être un texte.")
    if len(value) > limit:
        raise InputError(f"{what} est trop longue ({len(value)} caractères ; {limit} au plus) : {advice}.")
    return value.strip()


class OverBudgetError(TiAssistantError):
    """A served question spent its budget of computing time (`answer.budget`)."""


class DiskFullError(TiAssistantError):
    """The disk holding the index (or the data folder) has no space left."""


DISK_FULL = (
    "Le disque de l'index est plein : libérez de la place (ou réglez TI_INDEX_DIR vers un autre disque), "
    "puis relancez la commande. Ce qui était validé dans l'index le reste ; une ingestion interrompue "
    "se termine à la suivante."
)


def as_disk_full(exc: BaseException) -> DiskFullError | None:
    """The French error for `exc` when it (or what caused it) is a full disk — OSError ENOSPC, SQLite's
    or Chroma's "database or disk is full" — else None."""
    seen: BaseException | None = exc
    for _ in range(10):  # a chain of causes, bounded
        if seen is None:
            return None
        if (isinstance(seen, OSError) and seen.errno == errno.ENOSPC) or any(
            marker in str(seen) for marker in ("disk is full", "No space left on device")
        ):
            return DiskFullError(DISK_FULL)
        seen = seen.__cause__ or seen.__context__
    return None
