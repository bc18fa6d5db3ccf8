"""The real Gradio app in a subprocess: through `gradio_client` over HTTP, and in a real browser
(Debian chromium driven by playwright)."""

from __future__ import annotations

import base64
import html
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import RELEASE, ROOT, free_port, make_settings, settings_env

from ti_assistant.ingest.pipeline import ingest
from ti_assistant.store.embeddings import TiEmbedding

pytestmark = pytest.mark.integration

HOSTILE = (
    "Le 4 février 2020, la préfecture du Gard signale un test d'affichage <script>window.__pwned = 1</script> "
    "avec un [lien piégé](http://evil.example/) pour vérifier la sécurité de l'affichage des communiqués."
)


HTML_RELEASE = (
    "<html><body><h1>Communiqué de la préfecture de l'Hérault</h1><p>La préfecture de l'Hérault "
    "annonce l'ouverture d'un guichet pour les entreprises industrielles du département.</p>"
    "<script>window.__pwned = 1</script></body></html>"
)


def _shots() -> Path:
    """Where screenshots go: docs/ (the README's pictures) only when asked (`make screenshots`, which
    sets UI_SCREENSHOTS_DIR=docs), a temporary folder otherwise, so that a test run leaves the clone clean."""
    folder = Path(os.environ.get("UI_SCREENSHOTS_DIR") or tempfile.gettempdir())
    folder = ROOT / folder if not folder.is_absolute() else folder
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _status(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> int:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


@contextmanager
def serving(
    tmp: Path,
    use_embedder: TiEmbedding,
    files: dict[str, str],
    env_extra: dict[str, str] | None = None,
    chroma_url: str = "",
) -> Iterator[tuple[str, Path]]:
    """`python app.py` in a subprocess over the release plus `files`; yields (url, data dir)."""
    settings = make_settings(tmp, chroma_url=chroma_url)
    for name, text in files.items():
        (Path(settings.corpus_dir) / name).write_text(text, encoding="utf-8")
    ingest(settings, embedder=use_embedder)
    port = free_port()
    env = {
        **os.environ,
        **settings_env(settings),
        "TI_DATA_DIR": str(settings.data_dir),
        "TI_CHROMA_URL": chroma_url,
        "TI_PORT": str(port),
        "GRADIO_ANALYTICS_ENABLED": "False",
        **(env_extra or {}),
    }
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py")],
        env=env,
        cwd=tmp,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 90
    try:
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(url, timeout=1)
                break
            except urllib.error.HTTPError as exc:
                if exc.code != 503:  # 503: the chat is still starting
                    break  # the server is up (a login may be required)
                time.sleep(0.3)
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("the app did not start")
        yield url, Path(settings.data_dir)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture(scope="module")
def app_url(
    tmp_path_factory: pytest.TempPathFactory, use_embedder: TiEmbedding
) -> Iterator[tuple[str, Path]]:
    """The app over the release and a test document carrying HTML and a link to another site."""
    files = {"affichage.txt": HOSTILE, "page.html": HTML_RELEASE}
    with serving(tmp_path_factory.mktemp("ui"), use_embedder, files) as served:
        yield served


@pytest.fixture(scope="module")
def release_app_url(
    tmp_path_factory: pytest.TempPathFactory, use_embedder: TiEmbedding
) -> Iterator[tuple[str, Path]]:
    """The app over the bundled corpus only, as `make run` serves it (the README's screenshot)."""
    public = {"TI_PUBLIC_URL": "https://assistant.exemple.gouv.fr/"}  # where copied links point
    with serving(tmp_path_factory.mktemp("ui-release"), use_embedder, {}, env_extra=public) as served:
        yield served


def test_api_ask_follow_up_refusal_and_feedback(app_url: tuple[str, Path]) -> None:
    from gradio_client import Client

    url, data_dir = app_url
    client = Client(url, verbose=False)
    answer = client.predict("Combien de territoires d'industrie compte la France ?", api_name="/ask")
    assert isinstance(answer, dict) and not answer["refused"] and "146" in answer["answer"]
    assert answer["citations"][0]["quote"] in answer["answer"]

    follow = client.predict("Qui le porte ?", ["En quoi consiste le projet Think & Mate ?"], api_name="/ask")
    assert "Institut Mines Télécom" in follow["answer"]

    refused = client.predict("Quelle est la météo à Alès demain ?", api_name="/ask")
    assert refused["status"] != "answer" and 0 <= refused["confidence"] <= 1

    client.predict(answer, False, ["incomplete", "source_manquante"], api_name="/feedback")
    entries = [
        json.loads(line) for line in (data_dir / "feedback.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert entries[-1]["helpful"] is False and entries[-1]["reasons"] == ["incomplete", "source_manquante"]
    assert entries[-1]["cited_chunks"] == [c["chunk_id"] for c in answer["citations"]]
    assert set(entries[-1]) == {
        "timestamp",
        "helpful",
        "reasons",
        "question",
        "understood",
        "answer",
        "status",
        "refused",
        "cited_chunks",
    }


def test_concurrent_clients_all_get_correct_answers(app_url: tuple[str, Path]) -> None:
    from gradio_client import Client

    url, _ = app_url
    questions = ["Combien de territoires d'industrie compte la France ?", "Qui est le maire d'Alès ?"] * 4

    def ask(question: str) -> dict:
        return Client(url, verbose=False).predict(question, api_name="/ask")

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(ask, questions))
    for question, answer in zip(questions, answers, strict=True):
        assert not answer["refused"]
        assert ("146" if "territoires" in question else "Max Roustan") in answer["answer"]


def _browser():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        pytest.skip("Debian chromium is not installed (.ci/run installs it)")
    manager = sync_playwright().start()
    browser = manager.chromium.launch(
        executable_path=chromium,
        args=[
            "--no-sandbox",
            "--headless",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
        ],
    )
    return manager, browser


@contextmanager
def chat_page(url: str, requested: list[str] | None = None, **options: Any) -> Iterator[Any]:
    """The chat open in Debian Chromium, ready for a question; the browser closes afterwards.
    `requested` collects the address of every request the page makes, from the first."""
    manager, browser = _browser()
    try:
        page = browser.new_page(**options)
        if requested is not None:
            page.on("request", lambda request: requested.append(request.url))
        page.goto(url)
        page.wait_for_selector("#ti-question textarea", timeout=30000)
        yield page
    finally:
        browser.close()
        manager.stop()


def _ask(page, question: str) -> None:  # type: ignore[no-untyped-def]
    page.fill("#ti-question textarea", question)
    page.click("#ti-send")


def test_browser_answer_sources_citation_link_staff_view_and_feedback(
    release_app_url: tuple[str, Path],
) -> None:
    url, data_dir = release_app_url
    with chat_page(url, viewport={"width": 1366, "height": 900}) as page:
        _ask(page, "Qui pilote le territoire d'industrie d'Alès ?")
        page.wait_for_selector("#ti-sources .ti-card mark", timeout=30000)
        bubble = page.locator("#ti-chat").inner_text()
        assert "Jalil Benabdillah" in bubble and "Yann Belhomme" in bubble
        card = page.locator("#source-1")
        assert (
            "9 décembre 2019" in card.inner_text() and "Préfecture de région Occitanie" in card.inner_text()
        )
        assert "Jalil Benabdillah" in card.locator("mark").inner_text()
        page.screenshot(path=str(_shots() / "screenshot.png"), full_page=True)

        hrefs = page.locator("#ti-sources a").evaluate_all("(links) => links.map((a) => a.href)")
        assert hrefs and not [h for h in hrefs if "file=" in h or "/tmp" in h]  # no server path shown
        with page.context.expect_page() as opened:  # the release, readable, at the quoted passage
            card.get_by_text("Lire le communiqué à ce passage").click()
        release = opened.value
        release.wait_for_load_state()
        assert "Jalil Benabdillah" in release.locator("mark#extrait").inner_text()
        assert release.evaluate("location.hash") == "#extrait" and release.title().startswith("L'État")
        release.close()

        page.locator("#ti-chat a.ti-cite").first.click()
        page.wait_for_function("location.hash === '#source-1'", timeout=5000)

        page.get_by_text("Vérifier : tous les passages retrouvés").click()  # staff view
        page.wait_for_selector("#ti-passages table.ti-table", timeout=10000)
        assert page.locator("#ti-passages tbody tr").count() >= 2  # every retrieved passage, not only cited
        page.get_by_label("date (récent d'abord)").check()  # the staff sort the passages by date
        page.wait_for_function(
            "document.querySelector('#ti-passages th:nth-child(2)')?.innerText === 'date'", timeout=10000
        )
        assert "9 décembre 2019" in page.locator("#ti-passages tbody tr").first.inner_text()

        page.get_by_text("Votre avis sur la dernière réponse").click()
        page.get_by_label("Réponse incomplète").check()
        page.click("#ti-bad")
        page.wait_for_function("document.body.innerText.includes('Merci pour votre avis.')", timeout=10000)
        entry = json.loads((data_dir / "feedback.jsonl").read_text(encoding="utf-8").splitlines()[-1])
        assert entry["helpful"] is False and entry["reasons"] == ["incomplete"]
        assert entry["question"] == "Qui pilote le territoire d'industrie d'Alès ?"
        assert not page.get_by_label("Réponse incomplète").is_checked()  # reasons reset once sent

        # One vote per answer, under the answer itself, that can be changed: the change is logged as such.
        log = data_dir / "feedback.jsonl"
        before = len(log.read_text(encoding="utf-8").splitlines())
        page.locator("#ti-chat button[aria-label='Réponse utile']").last.click()
        deadline = time.monotonic() + 10
        while len(log.read_text(encoding="utf-8").splitlines()) < before + 1 and time.monotonic() < deadline:
            time.sleep(0.2)
        page.wait_for_function(  # the thanks shows under the chat, not in the closed "Votre avis"
            "document.querySelector('#ti-status').innerText.includes('Merci pour votre avis')", timeout=10000
        )
        page.locator("#ti-chat button[aria-label='Réponse pas utile']").last.click()
        while len(log.read_text(encoding="utf-8").splitlines()) < before + 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        page.wait_for_function(
            "document.querySelector('#ti-status').innerText.includes('Avis modifié, merci')", timeout=10000
        )
        liked, changed = (json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()[before:])
        assert liked["helpful"] is True and "changed_from" not in liked
        assert changed["helpful"] is False and changed["changed_from"] is True

        page.click("#ti-new")
        page.wait_for_function("!document.querySelector('#ti-sources .ti-card')", timeout=10000)
        assert "Jalil" not in page.locator("#ti-chat").inner_text()


def test_browser_shows_release_html_as_text_and_never_runs_it(app_url: tuple[str, Path]) -> None:
    url, _ = app_url
    with chat_page(url) as page:
        _ask(page, "Que signale la préfecture du Gard pour la sécurité de l'affichage ?")
        page.wait_for_selector("#ti-sources .ti-card", timeout=30000)
        assert "<script>" in page.locator("#ti-sources").inner_text()  # shown as text
        assert page.evaluate("window.__pwned") is None  # never executed
        assert page.locator("a[href='http://evil.example/']").count() == 0  # no link to another site
        page.goto(url + "communique?id=page.html")  # the HTML release's own page: its script stays text
        assert "ouverture d'un guichet" in page.locator("body").inner_text()
        assert page.evaluate("window.__pwned") is None and page.locator("script").count() == 0


def test_missing_index_shows_a_french_message_with_the_command(tmp_path: Path) -> None:
    from ti_assistant.app.ui import build_app

    app = build_app(make_settings(tmp_path))
    texts = [str(c.get("props", {}).get("value", "")).replace("\\", "") for c in app.config["components"]]
    assert any("Aucun communiqué n'est indexé" in t and "ti-assistant ingest" in t for t in texts)


def test_staff_login_protects_the_app_and_its_api(tmp_path: Path, use_embedder: TiEmbedding) -> None:
    from gradio_client import Client

    with serving(tmp_path, use_embedder, {}, {"TI_AUTH": "agent:motdepasse"}) as (url, _):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url + "config", timeout=5)
        assert refused.value.code in (401, 403)  # closed without a login
        with pytest.raises(Exception):  # noqa: B017 - the client raises several kinds on a refused login
            Client(url, verbose=False, auth=("agent", "mauvais"))
        answer = Client(url, verbose=False, auth=("agent", "motdepasse")).predict(
            "Qui est le maire d'Alès ?", api_name="/ask"
        )
        assert "Max Roustan" in answer["answer"]
        body = json.dumps({"question": "Qui est le maire d'Alès ?"}).encode()
        headers = {"Content-Type": "application/json"}
        assert _status(url + "api/ask", body, headers) == 401  # the JSON route asks for the same login
        login = {"Authorization": "Basic " + base64.b64encode(b"agent:motdepasse").decode()}
        assert _status(url + "api/ask", body, {**headers, **login}) == 200
        accented = {"Authorization": "Basic " + base64.b64encode("agént:mötdepassé".encode()).decode()}
        assert _status(url + "api/ask", body, {**headers, **accented}) == 401  # refused, not a 500
        huge = json.dumps({"question": "Et lui ?", "history": ["x" * 400_000]}).encode()
        many = json.dumps({"question": "Et lui ?", "history": ["Qui ?"] * 21}).encode()
        for payload in (huge, many):
            assert _status(url + "api/ask", payload, {**headers, **login}) == 400  # bounded, in French
        release = url + "communique?" + urllib.parse.urlencode({"id": RELEASE.name})
        assert _status(release) == 401 and _status(release, headers=login) == 200  # release pages too
        jar = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())  # the chat's login form
        form = urllib.parse.urlencode({"username": "agent", "password": "motdepasse"}).encode()
        jar.open(url + "login", form, timeout=10)
        with jar.open(release, timeout=10) as page:
            assert page.status == 200


def _get(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status), dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return int(exc.code), dict(exc.headers), exc.read().decode("utf-8", "replace")


def test_releases_are_shown_from_the_index_and_no_file_is_served(app_url: tuple[str, Path]) -> None:
    url, data_dir = app_url
    corpus = (data_dir.parent / "corpus").resolve()
    (corpus / ".brouillon-cache.md").write_text("secret", encoding="utf-8")
    (corpus / "brouillon.md").write_text("Un brouillon jamais indexé.", encoding="utf-8")
    for name in (RELEASE.name, ".brouillon-cache.md", "brouillon.md", "page.html"):
        assert _status(url + "gradio_api/file=" + urllib.parse.quote(str(corpus / name))) != 200, name

    status, headers, body = _get(url + "communique?" + urllib.parse.urlencode({"id": "page.html"}))
    assert status == 200 and "default-src 'none'" in headers["content-security-policy"]
    assert "ouverture d'un guichet" in html.unescape(body) and "<script" not in body  # text, no markup
    status, _, body = _get(url + "communique?" + urllib.parse.urlencode({"id": RELEASE.name, "passage": 0}))
    assert status == 200 and 'lang="fr"' in body and '<mark id="extrait">' in body
    assert str(corpus) not in body and "Contrat du Territoire d'Industrie d'Alès" in html.unescape(body)
    for missing in ("brouillon.md", ".brouillon-cache.md", "../" + RELEASE.name, ""):
        status, _, body = _get(url + "communique?" + urllib.parse.urlencode({"id": missing}))
        assert status == 404 and "pas (ou plus) dans l'index" in body, missing

    boundary = "----ti"
    body_bytes = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="x.txt"\r\n\r\n'
        + "x" * 2000
        + f"\r\n--{boundary}--\r\n"
    ).encode()
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    request = urllib.request.Request(url + "gradio_api/upload", data=body_bytes, headers=headers)
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 413  # refused in French, before Gradio reads the file
    assert json.loads(refused.value.read()) == {"erreur": "L'assistant n'accepte aucun envoi de fichier."}


@pytest.mark.parametrize("mode", ["embarqué", "serveur"])
def test_the_chat_keeps_answering_during_and_after_a_command_line_ingest(
    tmp_path: Path, use_embedder: TiEmbedding, request: pytest.FixtureRequest, mode: str
) -> None:
    from gradio_client import Client

    chroma_url = request.getfixturevalue("chroma_server") if mode == "serveur" else ""
    with serving(tmp_path, use_embedder, {}, chroma_url=chroma_url) as (url, data_dir):
        corpus = data_dir.parent / "corpus"
        filler = " ".join(RELEASE.read_text(encoding="utf-8").split()[:300])
        (corpus / "mende.txt").write_text(
            "La préfecture de la Lozère inaugure la passerelle piétonne de Mende, longue de 180 mètres, "
            "le 3 mars 2024 en présence des élus du département.",
            encoding="utf-8",
        )
        for i in range(150):
            (corpus / f"lot-{i:03d}.txt").write_text(
                f"Communiqué {i} : la préfecture de la Lozère attribue {100 + i}000 euros à l'atelier numéro {i}."
                f"\n\n{filler}",
                encoding="utf-8",
            )
        env = {
            **os.environ,
            "TI_CORPUS_DIR": str(corpus),
            "TI_INDEX_DIR": str(data_dir.parent / "indexes"),
            "TI_EMBEDDER": "use",
            "TI_SENTENCE_EMBEDDER": "use",
            "TI_CHROMA_URL": chroma_url,
        }
        ingesting = subprocess.Popen(
            [sys.executable, "-m", "ti_assistant", "ingest", "--quiet"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = Client(url, verbose=False)
        failures, asked = [], 0
        deadline = time.monotonic() + 120
        while ingesting.poll() is None and time.monotonic() < deadline:
            asked += 1
            try:
                answer = client.predict(
                    "Combien de territoires d'industrie compte la France ?", api_name="/ask"
                )
                if "146" not in answer["answer"]:
                    failures.append(answer["answer"][:80])
            except Exception as exc:  # every failure counts, whatever its kind
                failures.append(repr(exc)[:120])
        assert ingesting.wait(timeout=120) == 0 and asked > 0
        for _ in range(10):
            answer = client.predict("Combien de territoires d'industrie compte la France ?", api_name="/ask")
            if "146" not in answer["answer"]:
                failures.append("après : " + answer["answer"][:80])
        new = client.predict("Quelle est la longueur de la passerelle piétonne de Mende ?", api_name="/ask")
        assert failures == [], f"{len(failures)} failures out of {asked + 10} questions"
        assert asked >= 10  # the questions really ran while the ingestion did
        cited = [c["doc_id"] for c in new["citations"]]
        assert "mende.txt" in cited, (new["status"], new["answer"][:300])  # seen without a restart
        status, _, page = _get(url + "communique?id=mende.txt")
        assert status == 200 and "180 mètres" in page  # and its page is readable at once


_CONTRAST = """(el) => {
  const rgb = (s) => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = (c) => { const [r, g, b] = c.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const style = getComputedStyle(el);
  const [a, b] = [lum(rgb(style.color)), lum(rgb(style.backgroundColor))].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""


def test_browser_french_page_bad_date_kept_question_clear_and_dark_contrast(
    release_app_url: tuple[str, Path],
) -> None:
    url, _ = release_app_url
    with chat_page(
        url + "?__theme=dark", viewport={"width": 1366, "height": 900}, color_scheme="dark"
    ) as page:
        assert page.evaluate("document.documentElement.lang") == "fr"
        assert page.get_by_label("Votre question").count() >= 1  # a French accessible name
        assert "Bonjour ! Posez votre question" in page.locator("#ti-chat").inner_text()
        page.get_by_text("Que dit le communiqué").first.click()  # an example is sent by one click
        page.wait_for_selector("#ti-sources .ti-card", timeout=30000)
        page.click("#ti-new")
        page.wait_for_function("!document.querySelector('#ti-sources .ti-card')", timeout=10000)

        page.get_by_text("Filtres").click()
        page.get_by_label("Depuis le (AAAA-MM-JJ)").fill("2019/12/01")
        _ask(page, "Qui pilote le territoire d'industrie d'Alès ?")
        page.wait_for_function(
            "document.querySelector('#ti-status').innerText.includes('AAAA-MM-JJ')", timeout=10000
        )
        assert page.input_value("#ti-question textarea") == "Qui pilote le territoire d'industrie d'Alès ?"
        assert (
            "Erreur" not in page.locator("body").inner_text()
            and "Error" not in page.locator("body").inner_text()
        )

        page.get_by_label("Depuis le (AAAA-MM-JJ)").fill("2019-12-01")
        page.click("#ti-send")
        page.wait_for_selector("#ti-sources .ti-card mark", timeout=30000)
        assert (
            page.locator("#ti-sources .ti-card mark").first.evaluate(_CONTRAST) >= 4.5
        )  # readable in dark mode
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(_shots() / "screenshot-dark.png"))  # the README shows it

        page.locator(
            "#ti-chat button[aria-label='Effacer la conversation']"
        ).first.click()  # the chat's own trash icon
        page.wait_for_function("!document.querySelector('#ti-sources .ti-card')", timeout=10000)
        _ask(page, "Et quand a-t-il été signé ?")  # no hidden earlier question to lean on any more
        page.wait_for_function(
            "document.querySelector('#ti-chat').innerText.includes('préciser')", timeout=30000
        )


def test_browser_mobile_question_box_first_screen_and_sources_there_and_back(
    release_app_url: tuple[str, Path],
) -> None:
    url, _ = release_app_url
    with chat_page(url, viewport={"width": 390, "height": 844}, is_mobile=True) as page:
        box = page.locator("#ti-question textarea").bounding_box()
        assert box is not None and box["y"] + box["height"] <= 844 * 2 / 3  # high on the first screen
        _ask(page, "Qui pilote le territoire d'industrie d'Alès ?")
        page.wait_for_selector("#ti-sources .ti-card mark", timeout=30000)
        page.screenshot(path=str(_shots() / "screenshot-mobile.png"))  # the README shows it
        page.locator("#ti-chat a.ti-cite").first.click()  # one tap to the source
        page.wait_for_function("location.hash === '#source-1'", timeout=5000)
        page.locator("#source-1 a.ti-back").click()  # and one tap back
        page.wait_for_function("location.hash === '#ti-chat'", timeout=5000)
        chat = page.locator("#ti-chat").bounding_box()
        assert chat is not None and chat["y"] < 844


def _serious_violations(page) -> list[tuple[str, list[str], str]]:  # type: ignore[no-untyped-def]
    """What axe-core finds serious or critical on the page as it stands."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [
        (v["id"], [n["target"] for n in v["nodes"]], v["nodes"][0].get("failureSummary", "")[:200])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [(1366, 900), (390, 844)], ids=["bureau", "mobile"])
def test_axe_finds_no_serious_or_critical_violation(
    release_app_url: tuple[str, Path], theme: str, viewport: tuple[int, int]
) -> None:
    url, _ = release_app_url
    size = {"width": viewport[0], "height": viewport[1]}
    with chat_page(f"{url}?__theme={theme}", viewport=size, color_scheme=theme) as page:
        _ask(
            page, "Qui pilote le territoire d'industrie d'Alès ?"
        )  # audit the page with an answer and sources
        page.wait_for_selector("#ti-sources .ti-card mark", timeout=30000)
        serious = _serious_violations(page)
    assert serious == []


def test_the_page_asks_nothing_of_other_origins(release_app_url: tuple[str, Path]) -> None:
    url, _ = release_app_url
    requested: list[str] = []
    with chat_page(url, requested) as page:
        _ask(page, "Qui pilote le territoire d'industrie d'Alès ?")
        page.wait_for_selector("#ti-sources .ti-card mark", timeout=30000)
    foreign = [u for u in requested if not u.startswith((url.rstrip("/"), "data:", "blob:"))]
    assert requested and foreign == []  # no font, script or image from elsewhere


def test_the_json_route_answers_scripts_beside_the_queue(app_url: tuple[str, Path]) -> None:
    url, _ = app_url

    def post(payload: object) -> tuple[int, dict[str, object]]:
        request = urllib.request.Request(
            url + "api/ask", json.dumps(payload).encode(), {"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return int(response.status), json.loads(response.read())
        except urllib.error.HTTPError as exc:
            return int(exc.code), json.loads(exc.read())

    code, answer = post({"question": "Combien de territoires d'industrie compte la France ?"})
    assert code == 200 and answer["status"] != "refused" and "146" in str(answer["answer"])
    code, follow = post(
        {"question": "Qui le porte ?", "history": ["En quoi consiste le projet Think & Mate ?"]}
    )
    assert code == 200 and "Institut Mines Télécom" in str(follow["answer"])
    bad_requests = [
        ({"question": 3}, "« question » est attendue"),
        ({"question": "Q ?", "history": "pas une liste"}, "(« history ») est une liste"),
        ({"question": "x" * 5000}, "trop longue"),
    ]
    for payload, message in bad_requests:
        code, error = post(payload)
        assert code == 400 and message in str(error["erreur"])


_FOCUSED = """() => { const e = document.activeElement;
  return (e.getAttribute('aria-label') || e.innerText || e.getAttribute('placeholder') || e.tagName).trim(); }"""


def test_keyboard_only_french_labels_and_copy_as_plain_text(release_app_url: tuple[str, Path]) -> None:
    url, _ = release_app_url
    options = {"locale": "en-US", "permissions": ["clipboard-read", "clipboard-write"]}  # an English browser
    with chat_page(url, viewport={"width": 1366, "height": 900}, **options) as page:
        reached: list[str] = []
        for _ in range(40):  # from the top of the page to the question box, by Tab alone
            page.keyboard.press("Tab")
            reached.append(page.evaluate(_FOCUSED))
            if page.evaluate("document.activeElement.tagName") == "TEXTAREA":
                break
        assert page.evaluate("document.activeElement.tagName") == "TEXTAREA", reached
        page.keyboard.type("Qui pilote le territoire d'industrie d'Alès ?")
        page.keyboard.press("Enter")
        page.wait_for_selector("#ti-sources .ti-card mark", timeout=30000)
        for _ in range(80):  # every control is reached by Tab
            page.keyboard.press("Tab")
            reached.append(page.evaluate(_FOCUSED))
        for control in (
            "Envoyer",
            "Nouvelle conversation",
            "Filtres",
            "Votre avis sur la dernière réponse",
            "Effacer la conversation",
            "Copier le message en texte brut",
            "Réponse utile",
            "Réponse pas utile",
            "[1]",
            "Lire le communiqué à ce passage",
            "↑ Retour à la réponse",
            "Vérifier : tous les passages retrouvés",
        ):
            assert any(r.startswith(control) for r in reached), (control, reached)
        assert any(r.startswith("Que dit le communiqué") for r in reached)  # the example questions

        page.locator("#ti-chat button[aria-label='Réponse utile']").last.click()  # Gradio says "Liked"
        page.wait_for_selector("#ti-chat button[aria-label='Réponse utile (avis donné)']", timeout=5000)
        labels = page.locator("[aria-label]").evaluate_all(
            "(els) => els.map((e) => e.getAttribute('aria-label'))"
        )
        english = {
            "Like",
            "Liked",
            "Dislike",
            "Disliked",
            "Scroll down",
            "Copy message",
            "Clear",
            "chatbot conversation",
            "Gradio footer navigation",
        }
        assert not english & set(labels) and not [
            x for x in labels if "<a " in x or "\\" in x or "'s message" in x
        ]

        page.locator(".message-buttons-left button[aria-label='Copier le message en texte brut']").focus()
        page.keyboard.press("Enter")  # copy, by keyboard
        page.wait_for_function(
            "navigator.clipboard.readText().then((t) => t.includes('Sources'))", timeout=5000
        )
        copied = page.evaluate("navigator.clipboard.readText()")
        assert (
            "Jalil Benabdillah, Premier Vice-Président" in copied
            and "<a" not in copied
            and "\\" not in copied
        )
        assert "\n\nSources :\n[1] L'État et la Région Occitania" in copied and "9 décembre 2019" in copied
        assert (  # no official page: the chat's public address, not the local one
            "https://assistant.exemple.gouv.fr/communique?id=2019-12-09_communique_territoire-industrie-ales.md"
            in copied
        )
        assert "Réponse copiée" in page.locator("#ti-copied").inner_text()  # a visible confirmation

        page.get_by_role("button", name="Filtres").focus()  # the filters open and fill by keyboard
        page.keyboard.press("Enter")
        page.wait_for_selector("text=Depuis le (AAAA-MM-JJ)", timeout=5000)
        for _ in range(6):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.closest('label')?.innerText || ''").startswith(
                "Depuis le"
            ):
                break
        page.keyboard.type("2019/12/01")
        page.locator("#ti-question textarea").focus()
        page.keyboard.type("Et quand a-t-il été signé ?")
        page.keyboard.press("Enter")
        page.wait_for_function(
            "document.querySelector('#ti-status').innerText.includes('AAAA-MM-JJ')", timeout=10000
        )


def test_the_json_route_answers_while_the_chat_is_still_being_built(release_index) -> None:  # type: ignore[no-untyped-def]
    import threading

    from fastapi.testclient import TestClient

    from ti_assistant.answer.engine import Assistant
    from ti_assistant.app import server

    assistant = Assistant(release_index)
    go = threading.Event()

    def slow_chat() -> Any:  # the chat as `serve` builds it, held back until the test lets it go
        go.wait(60)
        return server._chat(release_index, assistant, "")

    app = server.json_api(release_index, assistant, chat=slow_chat)
    with TestClient(app) as client:
        starting = client.get("/")
        assert starting.status_code == 503 and "Le chat démarre" in starting.text
        answer = client.post("/api/ask", json={"question": "Qui est le maire d'Alès ?"})
        assert answer.status_code == 200 and "Max Roustan" in answer.json()["answer"]
        go.set()
        deadline = time.monotonic() + 60
        while client.get("/").status_code == 503 and time.monotonic() < deadline:
            time.sleep(0.2)
        page = client.get("/")
        assert page.status_code == 200 and "gradio" in page.text.lower()
        assert client.get("/communique?id=absent.md").status_code == 404  # routes before the chat stay


def test_the_page_follows_the_index_at_each_load(tmp_path: Path, use_embedder: TiEmbedding) -> None:
    """A release indexed while the chat runs shows at the next page load: the header's count and
    period, the publisher filter, the example questions (several releases, none cut mid-word)."""
    with serving(tmp_path, use_embedder, {}) as (url, data_dir):
        with chat_page(url) as page:
            header = page.locator("#ti-header").inner_text()
            assert "1 communiqué" in header and "Lozère" not in header
        corpus = data_dir.parent / "corpus"
        (corpus / "passerelle.md").write_text(
            "---\ntitle: Inauguration de la passerelle piétonne de Mende\ndate: 2024-03-03\n"
            "publisher: Préfecture de la Lozère\n---\n\nLa préfecture de la Lozère inaugure la passerelle "
            "piétonne de Mende, longue de 180 mètres, en présence des élus du département.\n",
            encoding="utf-8",
        )
        env = {**os.environ, "TI_CORPUS_DIR": str(corpus), "TI_INDEX_DIR": str(data_dir.parent / "indexes"),
               "TI_EMBEDDER": "use", "TI_SENTENCE_EMBEDDER": "use"}  # fmt: skip
        done = subprocess.run(
            [sys.executable, "-m", "ti_assistant", "ingest", "--quiet"], env=env, timeout=300
        )
        assert done.returncode == 0
        with chat_page(url) as page:  # a new visit, no restart of the server
            # the header is refreshed by the page's load event, which may still be running (Gradio then
            # shows its timer, "0.1s", in the header): wait for it, then check what it says
            page.locator("#ti-header", has_text="communiqués de presse").wait_for(timeout=30000)
            header = page.locator("#ti-header").inner_text()
            assert "2 communiqués" in header and "3 mars 2024" in header, header
            examples = page.locator("#ti-examples").inner_text()
            assert "Inauguration de la passerelle…" in examples and "Occitania" in examples, examples
            assert "..." not in examples  # Gradio cuts examples over 60 characters, mid-word
            page.locator("#ti-filters").click()  # the accordion
            page.locator("#ti-publisher input").click()
            assert page.get_by_role("option", name="Préfecture de la Lozère").count() == 1


_OUTLINE = "(el) => { const s = getComputedStyle(el); return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
_TEXT_BOX = """(el) => { const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let node; while ((node = walker.nextNode()) && !node.textContent.trim()) {}
  const range = document.createRange(); range.selectNodeContents(node);
  const b = range.getClientRects()[0]; return {x: b.x, y: b.y}; }"""


def test_focus_fonts_welcome_and_the_staff_table_are_laid_out(release_app_url: tuple[str, Path]) -> None:
    """Focus shows as a 3 px ring (text box and navy button), headings and text share one font, the
    welcome text clears the chat's label and border, and the staff table gives its passages the room."""
    url, _ = release_app_url
    with chat_page(url, viewport={"width": 1366, "height": 900}) as page:
        welcome = page.locator("#ti-chat .placeholder").evaluate(_TEXT_BOX)  # where its first word is
        chat = page.locator("#ti-chat").bounding_box()
        assert chat and welcome["x"] - chat["x"] >= 12, (welcome, chat)  # not against the left border
        fonts = page.evaluate(
            "[document.querySelector('#ti-header h1'), document.querySelector('#ti-header p')]"
            ".map((e) => getComputedStyle(e).fontFamily)"
        )
        assert fonts[0] == fonts[1] and fonts[0].startswith("system-ui"), fonts
        page.locator("#ti-question textarea").focus()
        assert page.locator("#ti-question textarea").evaluate(_OUTLINE) == ["solid", 3]
        page.keyboard.press("Tab")  # to the send button, by keyboard: :focus-visible
        assert page.evaluate("document.activeElement.id") == "ti-send"
        assert page.locator("#ti-send").evaluate(_OUTLINE) == ["solid", 3]
        _ask(page, "Qui pilote le territoire d'industrie d'Alès ?")
        page.wait_for_selector("#ti-sources .ti-card mark", timeout=30000)
        page.get_by_text("Vérifier : tous les passages retrouvés").click()
        page.wait_for_selector("#ti-passages table", timeout=10000)
        widths = page.evaluate(
            "[...document.querySelectorAll('#ti-passages tr:first-child th')].map((e) => e.offsetWidth)"
        )
        assert widths[-1] >= 0.5 * sum(widths), widths  # the passage column takes most of the table
    with chat_page(url, viewport={"width": 390, "height": 844}) as page:
        label = page.locator("#ti-chat label, #ti-chat [data-testid='block-label']").first.bounding_box()
        welcome = page.locator("#ti-chat .placeholder").evaluate(_TEXT_BOX)
        assert label and welcome["y"] >= label["y"] + label["height"], (label, welcome)  # below the label


def _open_verify_tab_by_keyboard(page) -> None:  # type: ignore[no-untyped-def]
    """From the top of the page: Tab to the "Vérifier une affirmation" tab, Enter, Tab to its text box."""
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate(_FOCUSED).startswith("Vérifier une affirmation"):
            break
    page.keyboard.press("Enter")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#ti-claim') !== null"):
            return
    raise AssertionError("the statement box was not reached by Tab")


STATEMENTS = (
    "La France compte 150 Territoires d'industrie. Depuis 2016, la Région Occitanie a accompagné près "
    "de 8 200 entreprises. La gare de Nantes sera rénovée en 2025."
)


def test_a_paragraph_is_checked_sentence_by_sentence_by_keyboard(release_app_url: tuple[str, Path]) -> None:
    url, _ = release_app_url
    with chat_page(url, viewport={"width": 1366, "height": 900}) as page:
        _open_verify_tab_by_keyboard(page)
        page.keyboard.type(STATEMENTS)
        page.keyboard.press("Tab")  # to the "Vérifier" button
        assert page.evaluate(_FOCUSED) == "Vérifier"
        page.keyboard.press("Enter")
        page.wait_for_selector("#ti-verdicts .ti-verdict", timeout=30000)
        labels = page.locator("#ti-verdicts .ti-v-label").all_inner_texts()
        assert labels == ["1. Contredit", "2. Confirmé", "3. Introuvable"]
        first = page.locator("#ti-verdicts .ti-verdict").first
        # the fact is marked, and its verdict said in words (not by colour alone)
        assert first.locator("mark", has_text="150").count() == 1
        assert "contredit : les communiqués disent 146" in first.inner_text()
        assert "dit 146, pas 150" in first.inner_text()
        link = first.locator("a.ti-read").first
        assert link.inner_text() == "Lire le communiqué à ce passage"
        assert "/communique?id=" in (link.get_attribute("href") or "")
        page.screenshot(path=str(_shots() / "screenshot-verify.png"), full_page=True)  # the README shows it


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [(1366, 900), (390, 844)], ids=["bureau", "mobile"])
def test_the_verify_tab_has_no_serious_accessibility_violation(
    release_app_url: tuple[str, Path], theme: str, viewport: tuple[int, int]
) -> None:
    url, _ = release_app_url
    size = {"width": viewport[0], "height": viewport[1]}
    with chat_page(f"{url}?__theme={theme}", viewport=size, color_scheme=theme) as page:
        page.get_by_role("tab", name="Vérifier une affirmation").click()
        page.fill("#ti-claim textarea", STATEMENTS)
        page.click("#ti-verify")
        page.wait_for_selector("#ti-verdicts .ti-verdict mark", timeout=30000)
        serious = _serious_violations(page)
    assert serious == []
