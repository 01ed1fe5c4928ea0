"""The guardrail rules file: defaults, partial overrides, clear errors, and the version."""

from __future__ import annotations

from pathlib import Path

import pytest

from guardrails.errors import GuardrailConfigError
from guardrails.rules import DEFAULT_RULES_FILE, GuardrailRules, load_rules, rules_version


def test_packaged_file_states_the_defaults() -> None:
    # the YAML a store copies must say what the code does when the file is absent
    assert load_rules(DEFAULT_RULES_FILE) == GuardrailRules()
    assert load_rules() == GuardrailRules()


def test_a_file_only_needs_the_keys_it_changes(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(
        "injection:\n  message_threshold: 0.8\n  heuristics: {role_play: false}\n"
        "retention: {transcript_days: 7}\noutput: {pii: false}\n",
        encoding="utf-8",
    )
    rules = load_rules(path)
    assert rules.injection.message_threshold == 0.8
    assert "role_play" not in rules.injection.heuristics.enabled()
    assert "instruction_override" in rules.injection.heuristics.enabled()
    assert rules.retention.transcript_days == 7
    assert rules.output.pii is False and rules.output.grounded_numbers is True
    assert rules.pii == GuardrailRules().pii


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pii: {enabeld: false}\n", "pii.enabeld: Extra inputs are not permitted"),
        ("injection: {message_threshold: 1.5}\n", "injection.message_threshold"),
        ("retention: {transcript_days: 0}\n", "retention.transcript_days"),
        ("output: [1, 2]\n", "output"),
        ("pii: {enabled: true\n", "not valid YAML"),
    ],
)
def test_bad_files_name_the_key_and_the_fix(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GuardrailConfigError) as caught:
        load_rules(path)
    assert expected in caught.value.message
    assert str(path) in caught.value.message
    assert caught.value.hint


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(GuardrailConfigError, match="cannot read"):
        load_rules(tmp_path / "nope.yaml")


def test_empty_file_gives_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("# nothing changed\n", encoding="utf-8")
    assert load_rules(path) == GuardrailRules()


def test_version_follows_the_rules() -> None:
    default = rules_version(GuardrailRules())
    assert default == rules_version(GuardrailRules())
    stricter = GuardrailRules.model_validate({"injection": {"document_threshold": 0.5}})
    assert rules_version(stricter) != default
    assert len(default) == 12
