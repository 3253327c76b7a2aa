"""Batch test data: shards made from the bundled outlet stories (the store fixtures are in tests/conftest.py)."""

from __future__ import annotations

import json
from pathlib import Path

STORIES = Path(__file__).resolve().parents[2] / "examples" / "story"


def story_lines() -> list[dict]:
    return [json.loads(line) for path in sorted(STORIES.glob("*.jsonl")) for line in path.read_text().splitlines()
            if line.strip()]


def write_shards(directory: Path, shards: int, per_shard: int) -> list[str]:
    """``shards`` JSONL files of ``per_shard`` distinct articles each (the outlet stories with an update line)."""
    stories = story_lines()
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for s in range(shards):
        lines = []
        for d in range(per_shard):
            record = dict(stories[(s * per_shard + d) % len(stories)])
            record["text"] = record["text"].rstrip() + f"\n\nThis story was updated (shard {s}, item {d})."
            lines.append(json.dumps(record))
        path = directory / f"shard-{s:02d}.jsonl"
        path.write_text("\n".join(lines) + "\n")
        paths.append(str(path))
    return paths
