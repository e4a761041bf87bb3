"""The workspace's catalogues: every string in the sources is translated into Indonesian, and
the compiled .mo files match their .po sources (`make translations` was run)."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[3]
TRANSLATIONS = ROOT / "service" / "web" / "translations"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "english": None,
            "lazy_gettext": None}  # fmt: skip


def _catalogue(language: str):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=language)


def _source_messages() -> set[str]:
    with open(ROOT / "service" / "web" / "babel.cfg") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_string_of_the_pages_has_an_indonesian_translation():
    catalogue = _catalogue("id")
    missing = sorted(m for m in _source_messages() if not (catalogue.get(m) and
                     catalogue.get(m).string))  # fmt: skip
    assert not missing, f"not in the Indonesian catalogue (run make translations): {missing}"


@pytest.mark.parametrize("language", ["id", "en"])
def test_compiled_catalogues_match_their_sources(language):
    source = {_key(m.id): _key(m.string) for m in _catalogue(language) if m.id}
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.mo", "rb") as mo:
        compiled = {_key(m.id): _key(m.string) for m in read_mo(mo) if m.id}
    # an untranslated plural is compiled as its own English forms
    compiled = {key: value for key, value in compiled.items() if value != key}
    source = {key: value for key, value in source.items() if value != key}
    translated = {key: value for key, value in source.items() if any(_key(value))}
    assert compiled == translated, "run make translations: the .mo is older than the .po"


def _key(value: str | list | tuple) -> tuple:
    return tuple(value) if isinstance(value, list | tuple) else (value,)
