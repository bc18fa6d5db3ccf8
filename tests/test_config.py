"""Settings: read once from TI_* variables, validated, with French messages naming the variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from ti_assistant.app.cli import main
from ti_assistant.config import Settings
from ti_assistant.errors import ConfigError


def test_defaults_and_typed_values() -> None:
    settings = Settings.from_env(
        {"TI_TOP_K": "7", "TI_DENSE_WEIGHT": "0.5", "TI_INDEX_DIR": "/srv/idx", "TI_PORT": ""}
    )
    assert (settings.top_k, settings.dense_weight, settings.index_dir, settings.port) == (
        7,
        0.5,
        Path("/srv/idx"),
        7860,
    )
    assert Settings.from_env({"TI_EXAMPLES": '["Qui ?", "Quand ?"]'}).examples == ["Qui ?", "Quand ?"]
    assert Settings.from_env({}, top_k=3, index_dir=None).top_k == 3  # None leaves the setting alone


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"TI_TOPK": "3"}, "Variable inconnue TI_TOPK. Vouliez-vous dire TI_TOP_K ?"),
        ({"TI_FUSION": "foo"}, "TI_FUSION : valeurs acceptées : 'relative' ou 'rrf' (reçu : 'foo')"),
        ({"TI_TOP_K": "abc"}, "TI_TOP_K : un nombre entier est attendu"),
        ({"TI_TOP_K": "0"}, "TI_TOP_K : doit être supérieur ou égal à 1"),
        ({"TI_DENSE_WEIGHT": "1.5"}, "TI_DENSE_WEIGHT : doit être inférieur ou égal à 1"),
        ({"TI_EMBEDDER": "bert"}, "TI_EMBEDDER : valeurs acceptées : 'e5', 'use', 'minilm'"),
        ({"TI_CHROMA_URL": "localhost:8000"}, "TI_CHROMA_URL : une adresse http:// ou https:// est attendue"),
        ({"TI_EXAMPLES": "Qui ?, Quand ?"}, "TI_EXAMPLES : une liste JSON est attendue"),
        ({"TI_AUTH": "agent"}, "TI_AUTH : forme attendue : 'utilisateur:motdepasse'."),
        ({"TI_REFERENCE_DATE": "2024-13-45"}, "TI_REFERENCE_DATE : ce jour n'existe pas (mois de 01 à 12"),
        ({"TI_FETCH_HOSTS": "*"}, "TI_FETCH_HOSTS : « * » n'est pas un nom de domaine"),
        ({"TI_FETCH_HOSTS": "gouv.fr,https://x.fr"}, "« https://x.fr » n'est pas un nom de domaine"),
        ({"TI_LLM_API_KEY": "clé"}, "TI_LLM_API_KEY : caractères ASCII seulement"),
    ],
)
def test_bad_values_stop_with_a_french_message(environ: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.from_env(environ)
    assert message in str(caught.value)


def test_a_secret_is_never_echoed_in_an_error() -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.from_env({"TI_AUTH": "motdepasse-sans-utilisateur"})
    assert "motdepasse" not in str(caught.value).replace("utilisateur:motdepasse", "")


def test_overrides_are_validated_too() -> None:
    with pytest.raises(ConfigError, match="TI_TOP_K"):
        Settings.from_env({}).with_(top_k=-1)


def test_config_command_masks_secrets(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TI_AUTH", "agent:secret-de-test")
    monkeypatch.setenv("TI_LLM_API_KEY", "sk-cle-de-test")
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert "secret-de-test" not in out and "sk-cle-de-test" not in out
    assert "TI_AUTH" in out and "(défini)" in out and "TI_TOP_K" in out


def test_the_command_line_reports_a_bad_variable_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TI_TOPK", "3")
    assert main(["stats"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Erreur : Variable inconnue TI_TOPK") and "Traceback" not in err


def test_list_settings_are_shown_as_they_are_written() -> None:
    settings = Settings.from_env({"TI_FETCH_HOSTS": "gard.gouv.fr, laregion.fr", "TI_EXAMPLES": '["Qui ?"]'})
    shown = {name: value for name, value, _ in settings.shown()}
    assert shown["TI_FETCH_HOSTS"] == "gard.gouv.fr,laregion.fr" and shown["TI_EXAMPLES"] == '["Qui ?"]'
