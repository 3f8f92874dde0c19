from __future__ import annotations

import pytest

from newsclean.settings import Settings


def test_toml_overrides_nested_settings(tmp_path):
    path = tmp_path / "newsclean.toml"
    path.write_text("batch_size = 8\n[furniture]\nmark_only = true\n")
    settings = Settings.from_toml(path)
    assert settings.batch_size == 8
    assert settings.furniture.mark_only is True
    assert settings.duplicates == Settings().duplicates


def test_unknown_settings_are_refused(tmp_path):
    path = tmp_path / "newsclean.toml"
    path.write_text("[furniture]\nmark_onyl = true\n")
    with pytest.raises(
        ValueError, match=r"newsclean.toml \[furniture\]: unknown setting 'mark_onyl'"
    ):
        Settings.from_toml(path)


def test_hash_follows_what_shapes_the_output(tmp_path):
    base = Settings()
    path = tmp_path / "s.toml"
    path.write_text("batch_size = 3\n")
    assert Settings.from_toml(path).hash() == base.hash()  # batching never changes a byte
    path.write_text("[furniture]\nmark_only = true\n")
    assert Settings.from_toml(path).hash() != base.hash()
    rules = base.output_dict()["rules"]
    assert "header.toml" in rules and all(len(h) == 64 for h in rules.values())
    assert base.output_dict()["versions"]["trafilatura"]
