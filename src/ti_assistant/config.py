"""One settings object, read once from `TI_*` environment variables and passed down.

Every knob is declared once in `SETTINGS` with its name, default and help line; `Settings.from_env()`
reads them, and the CLI's `ti-assistant config` prints the table.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from ti_assistant.errors import ConfigError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str

    @property
    def env(self) -> str:
        return "TI_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("corpus_dir", "corpus", "Folder of releases to ingest (md, txt, html, pdf, docx)."),
    Setting(
        "index_dir", "indexes", "Folder holding the manifest, the BM25 index and the embedded Chroma store."
    ),
    Setting("data_dir", "data", "Folder for runtime data written by the app (feedback)."),
    Setting("chroma_url", "", "Chroma server URL (http://host:port); empty means the embedded store."),
    Setting("collection", "releases", "Chroma collection name."),
    Setting(
        "embedder", "use", "Embedder: 'use' (USE multilingual, offline), 'minilm', or 'st:<name or path>'."
    ),
    Setting("embed_batch", 64, "Chunks embedded per batch."),
    Setting("threads", 0, "BLAS threads for the embedder (0 = one per core, at most 4)."),
    Setting("chunk_size", 800, "Target chunk size in characters."),
    Setting("chunk_overlap", 1, "Sentences repeated at the start of the next chunk when a block is split."),
    Setting("max_file_mb", 20, "Files larger than this (MB) are refused at ingestion."),
    Setting("top_k", 5, "Passages kept after fusion."),
    Setting("candidates", 20, "Candidates taken from each retriever before fusion."),
    Setting("dense_weight", 0.3, "Weight of dense retrieval in the fusion (BM25 gets 1 - weight)."),
    Setting(
        "fusion", "relative", "Fusion of dense and BM25 results: 'relative' (normalised scores) or 'rrf'."
    ),
    Setting("max_quotes", 2, "Most quotes an extractive answer composes."),
    Setting("refusal_threshold", 0.36, "Minimum evidence score to answer instead of refusing."),
    Setting(
        "llm_base_url",
        "",
        "OpenAI-compatible endpoint (Albert, vLLM, Ollama...); empty = extractive answers.",
    ),
    Setting("llm_model", "", "Model name at the LLM endpoint."),
    Setting("llm_api_key", "", "API key for the LLM endpoint."),
    Setting("llm_timeout", 60.0, "Seconds before an LLM call is abandoned."),
    Setting("host", "127.0.0.1", "Address the web chat binds to."),
    Setting("port", 7860, "Port of the web chat."),
    Setting("auth", "", "Staff login for the web chat, 'user:password' (empty = public)."),
    Setting("concurrency", 4, "Questions answered at once by the web chat."),
)


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path
    index_dir: Path
    data_dir: Path
    chroma_url: str
    collection: str
    embedder: str
    embed_batch: int
    threads: int
    chunk_size: int
    chunk_overlap: int
    max_file_mb: float
    top_k: int
    candidates: int
    dense_weight: float
    fusion: str
    max_quotes: int
    refusal_threshold: float
    llm_base_url: str
    llm_model: str
    llm_api_key: str
    llm_timeout: float
    host: str
    port: int
    auth: str
    concurrency: int

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for setting in SETTINGS:
            raw = env.get(setting.env)
            values[setting.name] = setting.default if raw in (None, "") else _parse(setting, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        for name in ("corpus_dir", "index_dir", "data_dir"):
            values[name] = Path(values[name])
        return cls(**values)

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    @property
    def llm_enabled(self) -> bool:
        return bool(self.llm_base_url and self.llm_model)


def _parse(setting: Setting, raw: str) -> Any:
    kind = type(setting.default)
    try:
        return kind(raw) if kind is not str else raw
    except ValueError as exc:
        raise ConfigError(
            f"La variable {setting.env} doit être de type {kind.__name__} (valeur reçue : {raw!r})."
        ) from exc


assert [s.name for s in SETTINGS] == [f.name for f in fields(Settings)], "SETTINGS and Settings diverge"
