from __future__ import annotations

import hashlib
import json

import pytest

from newsclean.settings import Settings, SettingsError

# sha256 of the default settings' canonical JSON (Settings.hash hashes it with the rules
# files and the library versions). A new setting or a changed default moves it, and the
# repository's cleaned/ is rebuilt with it; how settings are checked must not.
DEFAULT_SETTINGS_SHA256 = "b58c207a9f468e345fbd9251f5a48cbb5e7099442e7b455c3b6497998ad223d7"


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
        SettingsError, match=r"newsclean.toml: \[furniture\] unknown setting 'mark_onyl'"
    ):
        Settings.from_toml(path)


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            '[furniture]\nmark_only = "false"',
            '[furniture] mark_only = "false" must be true or false',
        ),
        (
            "[readers]\nmax_bytes = -1",
            "[readers] max_bytes = -1 must be a whole number ≥ 1 and ≤ 4294967296",
        ),
        (
            "[duplicates]\nshingle_words = 0",
            "[duplicates] shingle_words = 0 must be a whole number ≥ 1 and ≤ 1000000000",
        ),
        ("[language]\nsample_chars = 0", "[language] sample_chars = 0 must be a whole number ≥ 1"),
        ("batch_size = -5", "batch_size = -5 must be a whole number ≥ 1 and ≤ 1000000000 or left"),
        ('batch_size = "ten"', 'batch_size = "ten" must be a whole number ≥ 1 and ≤ 1000000000'),
        ("batch_size = true", "batch_size = true must be a whole number ≥ 1 and ≤ 1000000000"),
        # huge numbers: an OverflowError or hours of work, were they let through
        (
            "[readers]\nmax_bytes = 99999999999999999999999",
            "[readers] max_bytes = 99999999999999999999999 must be a whole number ≥ 1 and "
            "≤ 4294967296",
        ),
        (
            "[duplicates]\nnum_perm = 3000000",
            "[duplicates] num_perm = 3000000 must be a whole number ≥ 2 and ≤ 1024",
        ),
        (
            "[language]\nsample_chars = 1000000001",
            "[language] sample_chars = 1000000001 must be a whole number ≥ 1 and ≤ 1000000000",
        ),
        (
            "[furniture]\nsection_max_items = 18446744073709551616",
            "[furniture] section_max_items = 18446744073709551616 must be a whole number ≥ 0 "
            "and ≤ 1000000000",
        ),
        ("[readers]\nmax_bytes = 12.5", "[readers] max_bytes = 12.5 must be a whole number ≥ 1"),
        (
            "[furniture]\nlearn_min_share = 1.5",
            "[furniture] learn_min_share = 1.5 must be a number > 0 and ≤ 1",
        ),
        (
            '[duplicates]\nduplicate_documents = "keep"',
            '[duplicates] duplicate_documents = "keep" must be "drop" or "mark"',
        ),
        ("furniture = 3", "furniture must be a table ([furniture])"),
        ("colour = 1", "unknown setting 'colour'"),
        ("[furniture.extra]\nx = 1", "[furniture] unknown setting 'extra'"),
        (
            "[duplicates]\ndocument_threshold = 0.99",
            "[duplicates] document_threshold = 0.99 with num_perm = 128: The number of bands",
        ),
        ("[furniture\nmark_only = true", "not a TOML file: "),
    ],
)
def test_bad_settings_are_refused_naming_the_key_and_what_it_may_be(tmp_path, toml, message):
    path = tmp_path / "bad.toml"
    path.write_text(toml + "\n", encoding="utf-8")
    with pytest.raises(SettingsError) as refused:
        Settings.from_toml(path)
    assert str(refused.value).startswith(f"settings file {path}: ")
    assert message in str(refused.value) and "\n" not in str(refused.value)


def test_every_key_at_fault_is_named_at_once(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[names]\ntext_normalised = "yes"\nmisspelling_min_documents = 0\nx = 1\n')
    with pytest.raises(SettingsError) as refused:
        Settings.from_toml(path)
    assert str(refused.value) == (
        f'settings file {path}: [names] text_normalised = "yes" must be true or false; '
        "[names] misspelling_min_documents = 0 must be a whole number ≥ 1 and ≤ 1000000000; "
        "[names] unknown setting 'x'"
    )


def test_a_file_that_is_not_toml_is_refused(tmp_path):
    path = tmp_path / "bytes.toml"
    path.write_bytes(b"\x00\xff\xfe binary")
    with pytest.raises(SettingsError, match="not a TOML file"):
        Settings.from_toml(path)
    with pytest.raises(SettingsError, match=f"settings file {tmp_path} is a folder"):
        Settings.from_toml(tmp_path)


def test_numbers_keep_their_type_and_whole_numbers_may_set_a_share(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text("[furniture]\nlearn_min_share = 1\nmark_only = false\n")
    furniture = Settings.from_toml(path).furniture
    assert furniture.learn_min_share == 1.0 and isinstance(furniture.learn_min_share, float)
    assert furniture.mark_only is False


def test_default_settings_hash_is_unchanged_by_the_checks():
    """The hash of the defaults as it was before settings had types and ranges: the corpus
    built with them stays valid (it changes with the rules files and library versions, which
    are hashed too, so only the settings part is compared)."""
    canonical = json.dumps(
        Settings().output_dict()["settings"], sort_keys=True, separators=(",", ":")
    )
    assert hashlib.sha256(canonical.encode()).hexdigest() == DEFAULT_SETTINGS_SHA256


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


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            "[readers]\nmax_bytes = 99999999999999999999999\n",
            "max_bytes = 99999999999999999999999 must be a whole number ≥ 1 and ≤ 4294967296",
        ),
        ("[duplicates]\nnum_perm = 3000000\n", "num_perm = 3000000 must be a whole number ≥ 2"),
        (None, "is a folder; give a TOML file"),
    ],
)
def test_a_settings_file_out_of_bounds_or_a_folder_stops_ingest_before_it_writes(
    tmp_path, toml, message
):
    """The command ends in one line, and no lock or marker is written in the cleaned folder,
    which already exists (empty) or does not."""
    from typer.testing import CliRunner

    from newsclean.cli import app
    from tests.conftest import SEEDS

    path = tmp_path / "s.toml"
    if toml is None:
        path.mkdir()
    else:
        path.write_text(toml)
    existing, missing = tmp_path / "existing", tmp_path / "missing"
    existing.mkdir()
    for cleaned in (existing, missing):
        result = CliRunner().invoke(
            app,
            ["ingest", "--seeds", str(SEEDS), "--cleaned", str(cleaned), "--settings", str(path)],
            catch_exceptions=False,
        )
        assert result.exit_code == 1
        assert message in result.output and result.output.count("\n") == 1
        assert "Traceback" not in result.output
    assert list(existing.iterdir()) == [] and not missing.exists()
