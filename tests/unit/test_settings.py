"""Settings: environment, TOML file, and refusing unsafe production secrets."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from assistant.cli import parse_mapping
from assistant.settings import Settings

pytestmark = pytest.mark.unit


def test_environment_and_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "aisle.toml"
    config.write_text('home = "/srv/store-a"\ncurrency = "eur"\n')
    monkeypatch.setenv("AISLE_CONFIG", str(config))
    settings = Settings()
    assert settings.home == Path("/srv/store-a") and settings.currency == "EUR"
    monkeypatch.setenv("AISLE_HOME", str(tmp_path / "b"))
    assert Settings().home == tmp_path / "b"  # environment beats the file
    assert Settings().resolved_database_url == f"sqlite:///{tmp_path / 'b' / 'store.db'}"


def test_unknown_setting_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = tmp_path / "aisle.toml"
    config.write_text('hom = "/typo"\n')
    monkeypatch.setenv("AISLE_CONFIG", str(config))
    with pytest.raises(ValidationError, match="hom"):
        Settings()


@pytest.mark.parametrize("secret", [None, "changeme", "short"])
def test_production_refuses_missing_or_placeholder_secret(secret: str | None) -> None:
    with pytest.raises(ValidationError, match="AISLE_SECRET_KEY"):
        Settings(env="production", secret_key=secret)


def test_production_with_real_secret() -> None:
    assert Settings(env="production", secret_key="9f" * 20).env == "production"


def test_parse_mapping() -> None:
    assert parse_mapping(["title=product_title,price=sale_price", "sku=Item Code"]) == {
        "title": "product_title",
        "price": "sale_price",
        "sku": "Item Code",
    }
