"""Language inference from function words (newsitem.text.lang), on invented sentences."""

from __future__ import annotations

import pytest

from newsitem.text import lang

SENTENCES = {
    "en": "The ferry to the island was late on Monday because of the storm, the operator said.",
    "de": "Die Fähre zur Insel war am Montag wegen des Sturms verspätet, sagte der Betreiber.",
    "fr": "Le ferry pour l'île était en retard lundi à cause de la tempête, selon l'opérateur.",
    "es": "El ferry a la isla llegó tarde el lunes por la tormenta, según dijo el operador.",
    "it": "Il traghetto per l'isola è arrivato in ritardo lunedì per la tempesta, dice la società.",
    "pt": "A balsa para a ilha atrasou na segunda-feira por causa da tempestade, disse a empresa.",
}


@pytest.mark.parametrize("code", sorted(SENTENCES))
def test_detects_language(code: str) -> None:
    """One ordinary news sentence is enough to tell the six agency languages apart."""
    assert lang.detect(SENTENCES[code]) == code


@pytest.mark.parametrize("text", ["", "Reuters", "IDEX NYSE IEX 2021 Q3", "a b c"])
def test_no_guess_on_too_little_text(text: str) -> None:
    """Too few words, or no function words, give no language."""
    assert lang.detect(text) is None
