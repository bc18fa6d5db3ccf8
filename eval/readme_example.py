"""The README's JSON example, from real output: `ti-assistant ask --json` over the bundled corpus with
the shipped settings, written between the README's `<!-- ask-json -->` markers. `tests/test_readme.py`
checks the README against a fresh run, so an example never shows what the assistant does not say.

    python eval/readme_example.py          (rewrites the README's block)
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
QUESTION = "Combien de territoires d'industrie compte la France ?"
BLOCK = re.compile(r"(<!-- ask-json -->\n```json\n)(.*?)(\n```\n<!-- /ask-json -->)", re.DOTALL)
VARYING = ("timings_ms",)  # differs from run to run: not compared


def real_output(workdir: Path) -> dict[str, Any]:
    """The CLI's answer on a fresh index of the bundled corpus (shipped settings; the project's cache
    of passage vectors, when present, spares re-embedding)."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("TI_")},
        "TI_CORPUS_DIR": str(ROOT / "corpus"),
        "TI_INDEX_DIR": str(workdir / "index"),
        "TI_DATA_DIR": str(workdir / "data"),
        "TI_EMBED_CACHE": str(ROOT / "indexes" / "embeddings.sqlite"),
    }
    command = [sys.executable, "-m", "ti_assistant"]
    subprocess.run([*command, "ingest", "--quiet"], env=env, check=True, capture_output=True)
    done = subprocess.run([*command, "ask", "--json", QUESTION], env=env, check=True, capture_output=True)
    return dict(json.loads(done.stdout))


def shown() -> dict[str, Any]:
    """The example the README shows."""
    match = BLOCK.search(README.read_text(encoding="utf-8"))
    if match is None:
        raise SystemExit("README.md n'a pas de bloc <!-- ask-json --> … <!-- /ask-json -->.")
    return dict(json.loads(match[2]))


def comparable(output: dict[str, Any]) -> dict[str, Any]:
    """What must match: everything but timings, the confidence to two decimals (the 4-bit model's
    arithmetic may differ in the last digits from one processor to another)."""
    kept = {k: v for k, v in output.items() if k not in VARYING}
    return {**kept, "confidence": round(float(kept["confidence"]), 2)}


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="ti-readme-") as work:
        output = real_output(Path(work))
    text = README.read_text(encoding="utf-8")
    items = [f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in output.items()]
    pretty = "{" + ",\n ".join(items) + "}"  # one key per line, compact values: valid JSON, short
    README.write_text(BLOCK.sub(lambda m: m[1] + pretty + m[3], text, count=1), encoding="utf-8")
    print(f"Exemple JSON du README réécrit ({output['status']}, confiance {output['confidence']}).")


if __name__ == "__main__":
    main()
