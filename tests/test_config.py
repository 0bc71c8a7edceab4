"""Settings precedence: arguments > PERSONIFY_* env vars > config file > defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from personify import InvalidInputError, load_settings


def test_defaults() -> None:
    settings = load_settings()
    assert settings.embedder == "onnx"
    assert settings.database.name == "personify.db"


def test_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        'db_path = "/from/file.db"\nmax_text_chars = 100\n[weights]\nlexical = 0.5\nrecency = 0.2\n'
    )
    monkeypatch.setenv("PERSONIFY_CONFIG", str(config))
    settings = load_settings()
    assert str(settings.database) == "/from/file.db"
    assert settings.weights.lexical == 0.5 and settings.max_text_chars == 100

    monkeypatch.setenv("PERSONIFY_DB_PATH", "/from/env.db")
    monkeypatch.setenv("PERSONIFY_WEIGHT_LEXICAL", "0.25")
    settings = load_settings()
    assert str(settings.database) == "/from/env.db"
    assert settings.weights.lexical == 0.25 and settings.weights.recency == 0.2

    settings = load_settings(db_path="/from/arg.db", weights={"lexical": 0.0})
    assert str(settings.database) == "/from/arg.db" and settings.weights.lexical == 0.0


def test_invalid_values_are_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PERSONIFY_MAX_TEXT_CHARS", "lots")
    with pytest.raises(InvalidInputError, match="max_text_chars"):
        load_settings()
    monkeypatch.delenv("PERSONIFY_MAX_TEXT_CHARS")
    config = tmp_path / "bad.toml"
    config.write_text("db_path = ")
    monkeypatch.setenv("PERSONIFY_CONFIG", str(config))
    with pytest.raises(InvalidInputError, match="not valid TOML"):
        load_settings()


def test_an_unknown_setting_is_named_not_ignored(tmp_path: Path) -> None:
    from personify import Personify

    # Personify(path=...) once opened the default database without a word
    with pytest.raises(InvalidInputError, match="path"):
        Personify(path=tmp_path / "p.db")
    assert not (tmp_path / "p.db").exists()
