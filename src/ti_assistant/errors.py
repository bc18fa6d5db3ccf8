"""Errors users can read: every message is French and says what to do next."""


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
