"""The command line as other tools use it: JSON in, JSON out, French errors and no traceback."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import cli, settings_env

from ti_assistant.config import Settings

pytestmark = pytest.mark.integration


def test_ask_json(release_index: Settings) -> None:
    result = cli(release_index, "ask", "--json", "Combien de territoires d'industrie compte la France ?")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["refused"] is False and "146" in data["answer"]
    assert data["citations"][0]["quote"] in data["answer"]
    assert set(data["timings_ms"]) >= {"retrieval", "answer", "total"}


def test_ask_batch_gives_one_line_per_question(release_index: Settings, tmp_path: Path) -> None:
    batch = tmp_path / "questions.txt"
    batch.write_text(
        "Qui est le maire d'Alès ?\n\nQuelle est la météo à Alès demain ?\nQui le porte ?\n", encoding="utf-8"
    )
    result = cli(release_index, "ask", "--json", "--batch", str(batch))
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    statuses = [line["status"] for line in lines]  # batch questions are independent
    assert statuses[0] != "refused" and statuses[1] != "answer" and statuses[2] == "refused"
    assert all(line["refused"] == (line["status"] == "refused") for line in lines)
    assert "Max Roustan" in lines[0]["answer"]


def test_chat_reads_a_conversation_from_stdin(release_index: Settings) -> None:
    result = cli(
        release_index, "chat", "--json", stdin="En quoi consiste le projet Think & Mate ?\nQui le porte ?\n"
    )
    turns = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(turns) == 2 and "Institut Mines Télécom" in turns[1]["answer"]
    assert turns[1]["standalone_question"] == "Qui le porte (Think & Mate) ?"


def test_a_chat_read_from_a_file_repeats_each_question(release_index: Settings) -> None:
    result = cli(release_index, "chat", stdin="En quoi consiste le projet Think & Mate ?\nQui le porte ?\n")
    lines = result.stdout.splitlines()
    assert result.returncode == 0 and "> En quoi consiste le projet Think & Mate ?" in lines
    assert lines.index("> Qui le porte ?") > lines.index("> En quoi consiste le projet Think & Mate ?")


def test_config_keeps_its_columns_apart_with_long_values(tmp_path: Path) -> None:
    settings = Settings.from_env({}, corpus_dir=str(tmp_path / "un-dossier-de-corpus-au-nom-long"))
    shown = cli(settings, "config").stdout.splitlines()
    at = next(i for i, line in enumerate(shown) if line.startswith("TI_CORPUS_DIR"))
    assert shown[at].endswith("un-dossier-de-corpus-au-nom-long")  # the value ends its line
    assert shown[at + 1].strip() == "dossier des communiqués à indexer"  # its help on the next one


def test_readable_output_and_stats(release_index: Settings) -> None:
    result = cli(release_index, "ask", "Qui pilote le territoire d'industrie d'Alès ?")
    assert "Jalil Benabdillah" in result.stdout and "[1] L'État et la Région" in result.stdout
    stats = cli(release_index, "stats")
    assert "Communiqués : 1" in stats.stdout and "use-multilingual-v3" in stats.stdout
    assert re.search(r"Taille de l'index : \d+,\d Mo", stats.stdout)  # a French decimal comma


def test_missing_index_is_a_french_message(tmp_path: Path) -> None:
    settings = Settings.from_env({}, corpus_dir=str(tmp_path), index_dir=str(tmp_path / "vide"))
    result = cli(settings, "ask", "Bonjour ?")
    assert result.returncode == 2
    assert "Aucun communiqué n'est indexé" in result.stderr and "ti-assistant ingest" in result.stderr
    assert "Traceback" not in result.stderr


def test_ingest_exit_code_reports_failures(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "vide.txt").write_text("", encoding="utf-8")
    (corpus / "casse.pdf").write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntronque")  # no EOF marker
    (corpus / "ok.txt").write_text(
        "Le 3 mars 2021, la préfecture du Gard annonce un plan pour l'industrie.", encoding="utf-8"
    )
    settings = Settings.from_env({}, corpus_dir=str(corpus), index_dir=str(tmp_path / "idx"))
    result = cli(settings, "ingest", "--quiet")
    assert result.returncode == 1
    assert "Échec : vide.txt — fichier vide" in result.stderr
    assert "Échec : casse.pdf — PDF corrompu ou illisible" in result.stderr
    assert "EOF marker" not in result.stderr + result.stdout  # pypdf's own English log stays quiet
    assert "1 ajouté(s)" in result.stdout and "2 en échec" in result.stdout
    assert re.search(r"— \d+,\d s$", result.stdout.strip())  # a decimal comma


def test_bad_input_gets_french_messages_and_no_traceback(tmp_path: Path, release_index: Settings) -> None:
    import socket

    bad_date = cli(release_index, "ask", "--since", "2019/12/01", "Qui ?")
    assert (
        bad_date.returncode == 2 and "--since attend une date réelle au format AAAA-MM-JJ" in bad_date.stderr
    )
    missing = Settings.from_env({}, corpus_dir=str(tmp_path), index_dir=str(tmp_path / "absent"))
    stats = cli(missing, "stats")
    assert stats.returncode == 2 and "Aucun index" in stats.stderr and not (tmp_path / "absent").exists()
    unknown = cli(release_index, "frobnicate")
    assert unknown.returncode == 2 and "Erreur : argument command : choix invalide" in unknown.stderr
    assert "utilisation :" in unknown.stderr
    assert "afficher cette aide" in cli(release_index, "stats", "--help").stdout
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = str(busy.getsockname()[1])
        serve = cli(release_index, "serve", "--port", port)
    assert serve.returncode == 2 and f"Le port {port}" in serve.stderr and "--port ou TI_PORT" in serve.stderr
    for result in (bad_date, stats, unknown, serve):
        assert "Traceback" not in result.stderr


def test_a_reader_that_goes_away_gets_no_traceback(release_index: Settings) -> None:
    """`ti-assistant ask … | head -1`: the pipe closes before the answer is written."""
    env = {**os.environ, **settings_env(release_index)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "ti_assistant", "ask", "Qui pilote le territoire d'industrie d'Alès ?"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # before the model is even loaded
    errors = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=120) == 141 and "Traceback" not in errors and "Exception ignored" not in errors


def test_a_mistyped_option_shows_its_command_usage_in_french(tmp_path: Path) -> None:
    settings = Settings.from_env({}, corpus_dir=str(tmp_path), index_dir=str(tmp_path / "idx"))
    result = cli(settings, "ask", "--jsn", "Qui ?")
    assert result.returncode == 2
    assert "utilisation : ti-assistant ask" in result.stderr and "arguments inconnus : --jsn" in result.stderr
    top = cli(settings, "--help")
    assert "commandes :" in top.stdout and "options :" in top.stdout and "commandes:" not in top.stdout


def test_a_held_out_set_has_no_dev_part_to_look_at(tmp_path: Path) -> None:
    """CRPA and DILA are only ever test sets: asking for their dev part is refused in French, and
    nothing is run or recorded in the test-run ledger."""
    settings = Settings.from_env({}, corpus_dir=str(tmp_path), index_dir=str(tmp_path / "idx"))
    ledger = tmp_path / "runs.jsonl"
    out = tmp_path / "reports"
    result = cli(
        settings, "eval", "--set", "crpa", "--part", "dev", "--ledger", str(ledger), "--out", str(out)
    )
    assert result.returncode == 2
    assert "n'a pas de partie dev" in result.stdout and "--part test" in result.stdout
    assert not ledger.exists() and not out.exists()


def test_a_small_corpus_is_asked_of_squad_sets_only(tmp_path: Path) -> None:
    """`--articles` cuts a SQuAD set's corpus down to a few of its articles; the project's own sets are
    small already: asked of them, it says so in French and runs nothing."""
    settings = Settings.from_env({}, corpus_dir=str(tmp_path), index_dir=str(tmp_path / "idx"))
    out = tmp_path / "reports"
    result = cli(settings, "eval", "--set", "own", "--part", "dev", "--articles", "3", "--out", str(out))
    assert result.returncode == 2
    assert "--articles réduit le corpus d'un jeu SQuAD" in result.stdout
    assert not out.exists()
