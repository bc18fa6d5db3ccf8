"""One settings object, read once from `TI_*` environment variables, validated, and passed down.

Each knob is declared once, as a typed field with its default, its accepted range or choices and a
French help line (`ti-assistant config` prints them). A bad value or an unknown `TI_*` name stops the
program with a French message naming the variable and what it accepts.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    SettingsError,
)

from ti_assistant.errors import ConfigError

PREFIX = "TI_"
# Where releases of the State, Régions and préfectures are published (a domain covers its subdomains).
OFFICIAL_DOMAINS = ("gouv.fr", "laregion.fr", "regions-france.org")
SECRETS = frozenset({"auth", "llm_api_key"})
_ENVIRON: ContextVar[Mapping[str, str] | None] = ContextVar("ti_environ", default=None)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=PREFIX, frozen=True, env_ignore_empty=True, extra="forbid")

    corpus_dir: Path = Field(Path("corpus"), description="dossier des communiqués à indexer")
    index_dir: Path = Field(
        Path("indexes"), description="dossier du manifeste, de l'index BM25 et de Chroma embarqué"
    )
    data_dir: Path = Field(Path("data"), description="données écrites par le chat (avis des utilisateurs)")
    chroma_url: str = Field("", description="serveur Chroma http://hôte:port ; vide = Chroma embarqué")
    collection: str = Field("releases", min_length=3, max_length=63, description="collection Chroma")
    embedder: str = Field(
        "e5", description="'e5' (multilingual-e5-small), 'use' (USE multilingue), 'minilm' ou 'st:<modèle>'"
    )
    sentence_embedder: str = Field(
        "e5",
        description="embedder des phrases candidates (mêmes valeurs ; 'e5' les encode à l'ingestion, 'use' à "
        "chaque question)",
    )
    sentence_vectors: Literal["ingest", "answer"] = Field(
        "ingest",
        description="phrases candidates d'un embedder lent (e5) encodées à l'ingestion ('ingest') ou à la "
        "première question qui lit leur passage ('answer' : ingestion deux fois plus rapide)",
    )
    embed_cache: str = Field(
        "auto",
        description="cache des vecteurs par embedder et empreinte du texte ('auto' = embeddings.sqlite "
        "dans TI_INDEX_DIR, 'off' = sans cache, ou un chemin)",
    )
    embed_batch: int = Field(64, ge=1, le=4096, description="passages encodés par lot")
    threads: int = Field(
        0, ge=0, le=256, description="threads de calcul de l'embedder (0 = un par cœur, 4 au plus)"
    )
    chunk_size: int = Field(800, ge=100, le=20000, description="taille visée des passages (caractères)")
    chunk_overlap: int = Field(1, ge=0, le=10, description="phrases répétées au début du passage suivant")
    max_file_mb: float = Field(20, gt=0, le=1000, description="taille maximale d'un fichier (Mo)")
    top_k: int = Field(5, ge=1, le=50, description="passages gardés après fusion")
    candidates: int = Field(20, ge=1, le=1000, description="candidats pris à chaque moteur avant fusion")
    dense_weight: float = Field(0.4, ge=0, le=1, description="poids de la recherche dense dans la fusion")
    fusion: Literal["relative", "rrf"] = Field(
        "relative", description="fusion des scores : 'relative' ou 'rrf'"
    )
    max_question_chars: int = Field(1000, ge=50, le=100000, description="longueur maximale d'une question")
    max_quotes: int = Field(2, ge=1, le=10, description="citations par réponse extractive")
    corpus_label: str = Field("", max_length=200, description="sujet du corpus, ajouté à sa description")
    examples: list[str] = Field(
        default_factory=list,
        description='questions d\'exemple du chat, en JSON (["…", "…"]) ; vide = tirées des titres',
    )
    app_title: str = Field("Assistant des communiqués officiels", min_length=1, description="titre du chat")
    public_url: str = Field(
        "",
        description="adresse publique du chat (https://…/) : liens copiés vers les communiqués sans page "
        "officielle ; vide = l'adresse de la page",
    )
    llm_base_url: str = Field(
        "", description="API compatible OpenAI (Albert, vLLM, Ollama…) ; vide = extractif"
    )
    llm_model: str = Field("", description="nom du modèle à cette adresse")
    llm_api_key: str = Field("", description="clé de l'API du modèle")
    llm_timeout: float = Field(
        60.0, gt=0, le=3600, description="secondes avant d'abandonner un appel au modèle"
    )
    host: str = Field("127.0.0.1", min_length=1, description="adresse d'écoute du chat")
    port: int = Field(7860, ge=1, le=65535, description="port du chat")
    auth: str = Field("", description="connexion des agents 'utilisateur:motdepasse' (vide = public)")
    corpus_kind: Literal["auto", "communiques", "faq", "autres"] = Field(
        "auto",
        description="genre des textes, qui choisit les seuils : 'communiques' (choisis sur des communiqués "
        "réels), 'faq' (sur une foire aux questions), 'autres' (sur une encyclopédie et une FAQ) ; 'auto' : "
        "communiqués si la moitié au moins des documents indexés portent une date ou un émetteur, sinon faq "
        "si la moitié au moins des titres sont des questions",
    )
    concurrency: int = Field(4, ge=1, le=256, description="questions traitées en même temps par le chat")
    request_budget: float = Field(
        5.0,
        gt=0,
        le=600,
        description="secondes de calcul au plus par question servie (chat, API) ; au-delà : « réessayez »",
    )
    answer_max_age_days: int = Field(
        365,
        ge=0,
        le=36500,
        description="âge (jours) au-delà duquel une réponse signale que la situation a pu changer (0 = jamais)",
    )
    reference_date: str = Field(
        "", description="date du jour pour les réponses, AAAA-MM-JJ (vide = aujourd'hui)"
    )
    fetch_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: list(OFFICIAL_DOMAINS),
        description="sites que `fetch` peut lire, séparés par des virgules (un domaine couvre ses sous-domaines)",
    )
    fetch_delay: float = Field(1.0, ge=0, le=300, description="secondes entre deux requêtes au même site")
    fetch_timeout: float = Field(20.0, gt=0, le=600, description="secondes avant d'abandonner une requête")
    fetch_max_mb: float = Field(15, gt=0, le=1000, description="taille maximale d'une page ou d'un PDF (Mo)")
    fetch_max_pages: int = Field(
        200, ge=1, le=100000, description="communiqués lus au plus par adresse donnée"
    )
    fetch_user_agent: str = Field(
        "ti-assistant/0.1 (collecte de communiques officiels; respecte robots.txt)",
        min_length=3,
        description="User-Agent annoncé aux sites",
    )

    @field_validator("fetch_hosts", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [host.strip().lower().lstrip(".") for host in value.split(",") if host.strip()]
        if isinstance(value, list) and not value:
            raise ValueError("au moins un domaine est attendu (ex. gouv.fr)")
        if isinstance(value, list):
            bad = [
                h
                for h in value
                if not re.fullmatch(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*", h)
            ]
            if bad:  # "*" or "https://gard.gouv.fr" would be accepted and then match nothing
                raise ValueError(
                    f"« {bad[0]} » n'est pas un nom de domaine (ex. gouv.fr ; pas de joker ni d'adresse complète)"
                )
        return value

    @field_validator("reference_date")
    @classmethod
    def _iso_date(cls, value: str) -> str:
        if value and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError("date au format AAAA-MM-JJ attendue")
        if value:
            try:
                date.fromisoformat(value)
            except ValueError:
                raise ValueError("ce jour n'existe pas (mois de 01 à 12, jour valide pour ce mois)") from None
        return value

    def today(self) -> date:
        """The day answers are given from: `reference_date`, else today."""
        return date.fromisoformat(self.reference_date) if self.reference_date else date.today()

    @field_validator("fetch_user_agent", "llm_api_key")
    @classmethod
    def _ascii_header(cls, value: str) -> str:
        if not value.isascii():
            raise ValueError("caractères ASCII seulement (c'est un en-tête HTTP) : sans accents")
        return value

    @field_validator("embedder", "sentence_embedder")
    @classmethod
    def _known_embedder(cls, value: str) -> str:
        if value in ("e5", "use", "minilm") or (value.startswith("st:") and len(value) > 3):
            return value
        raise ValueError("valeurs acceptées : 'e5', 'use', 'minilm' ou 'st:<modèle ou chemin>'")

    @field_validator("auth")
    @classmethod
    def _user_and_password(cls, value: str) -> str:
        if value and not all(value.partition(":")[::2]):
            raise ValueError("forme attendue : 'utilisateur:motdepasse'")
        return value

    @field_validator("chroma_url", "llm_base_url", "public_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("une adresse http:// ou https:// est attendue")
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        environ = _ENVIRON.get()
        if environ is not None and hasattr(env_settings, "env_vars"):  # an explicit mapping (tests)
            env_settings.env_vars = {k.lower(): v for k, v in environ.items() if v != ""}
        return init_settings, env_settings

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Settings from `environ` (default: the process environment); `overrides` win (None = unset)."""
        env = os.environ if environ is None else environ
        _refuse_unknown(env)
        given = {k: v for k, v in overrides.items() if v is not None}
        try:
            with _reading(env):
                return cls(**given)
        except ValidationError as exc:
            raise ConfigError(_french(exc)) from None
        except SettingsError as exc:  # a value that is not JSON where a list is expected
            field = re.search(r'field "(\w+)"', str(exc))
            name = env_name(field[1]) if field else "Un réglage"
            raise ConfigError(f"Réglage invalide — {name} : {_REASONS['list_type']}.") from None

    def with_(self, **changes: Any) -> Settings:
        values = self.model_dump() | changes
        try:
            return type(self).model_validate(values)
        except ValidationError as exc:
            raise ConfigError(_french(exc)) from None

    @property
    def llm_enabled(self) -> bool:
        return bool(self.llm_base_url and self.llm_model)

    def shown(self) -> Iterator[tuple[str, str, str]]:
        """(variable, value, help) of every setting, secrets masked: what `ti-assistant config` prints."""
        for name, field in type(self).model_fields.items():
            value = getattr(self, name)
            if name in SECRETS:
                text = "•••••• (défini)" if value else ""
            elif name == "fetch_hosts":
                text = ",".join(value)  # as TI_FETCH_HOSTS is written
            elif isinstance(value, list):
                text = json.dumps(value, ensure_ascii=False)  # as TI_EXAMPLES is written
            else:
                text = str(value)
            yield env_name(name), text, field.description or ""


def env_name(field: str) -> str:
    return PREFIX + field.upper()


@contextmanager
def _reading(environ: Mapping[str, str]) -> Iterator[None]:
    token = _ENVIRON.set(environ)
    try:
        yield
    finally:
        _ENVIRON.reset(token)


def _refuse_unknown(environ: Mapping[str, str]) -> None:
    known = {env_name(name) for name in Settings.model_fields}
    for variable in sorted(k for k in environ if k.upper().startswith(PREFIX) and k.upper() not in known):
        close = difflib.get_close_matches(variable.upper(), sorted(known), n=1)
        hint = f" Vouliez-vous dire {close[0]} ?" if close else ""
        raise ConfigError(
            f"Variable inconnue {variable}.{hint} Les réglages acceptés sont listés par : ti-assistant config"
        )


_REASONS = {
    "int_parsing": "un nombre entier est attendu",
    "int_from_float": "un nombre entier est attendu",
    "float_parsing": "un nombre est attendu",
    "greater_than_equal": "doit être supérieur ou égal à {ge}",
    "greater_than": "doit être strictement supérieur à {gt}",
    "less_than_equal": "doit être inférieur ou égal à {le}",
    "string_too_short": "doit compter au moins {min_length} caractère(s)",
    "string_too_long": "doit compter au plus {max_length} caractères",
    "literal_error": "valeurs acceptées : {expected}",
    "list_type": 'une liste JSON est attendue, par exemple ["Question 1 ?", "Question 2 ?"]',
    "json_invalid": 'une liste JSON est attendue, par exemple ["Question 1 ?", "Question 2 ?"]',
}


def _french(error: ValidationError) -> str:
    lines = []
    for problem in error.errors():
        field = str(problem["loc"][0]) if problem["loc"] else ""
        context = problem.get("ctx") or {}
        if problem["type"] == "value_error":
            reason = str(context.get("error", problem["msg"]))
        elif problem["type"] == "extra_forbidden":
            reason = "réglage inconnu"
        else:
            reason = _REASONS.get(problem["type"], problem["msg"]).format(**context).replace(" or ", " ou ")
        received = problem.get("input")
        shown = "" if field in SECRETS or isinstance(received, dict) else f" (reçu : {received!r})"
        lines.append(f"{env_name(field)} : {reason}{shown}.")
    return "Réglage invalide — " + " ".join(lines)
