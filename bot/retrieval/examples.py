"""Worked examples for the section model: messages people really sent, each with the section that answers it.

The guides' listed questions are short and written by us. The QA sets' in-scope messages are written as employees
write (a scene first, chat shorthand, two parts), each labelled with the section that answers it. Fitted beside
the listed questions they teach the section model (bot.retrieval.questions) which directions in meaning matter
when a message is worded unlike any listed question. Measured by cross-validation, each QA file scored by a model
fitted without that file's messages (`coach eval --folds 5`): on tests/qa, 2026-12-07, fact hits 1,077 -> 1,110 of
1,350, Recall@1 1,079 -> 1,153 of 1,387 (with `SECTION_WEIGHT` 0.3 -> 0.5), no off-topic message more answered.
Written from the rewritten query the engine searches instead of the message: 2 fact hits fewer.

They are used by the section model only, never as nearest questions: as nearest questions too (out of fold) they
won 20 more fact hits but answered 12 more off-topic messages, whose scenes read like in-scope ones.

Stored with their vectors (float16, the bundled model's) so that no process embeds ~1,400 messages when it starts,
and with the messages, whose words the model reads too (bot.retrieval.section_model); `coach eval --qa tests/qa
--examples bot/retrieval/examples.npz` writes them again after the QA sets change. The
held-out sets (tests/heldout) are never written into them.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DEFAULT_PATH = Path(__file__).with_name("examples.npz")


@dataclass(frozen=True)
class Examples:
    vectors: np.ndarray  # float32, one row per message
    sections: list[tuple[str, str]]  # (path, anchor) of the section that answers each
    sets: list[str]  # the QA file each came from: cross-validation leaves a file's own messages out
    texts: list[str]  # the messages themselves: the section model reads their words too

    def __len__(self) -> int:
        return len(self.sections)

    def without(self, sets: Collection[str]) -> Examples:
        keep = [i for i, name in enumerate(self.sets) if name not in sets]
        return Examples(self.vectors[keep], [self.sections[i] for i in keep], [self.sets[i] for i in keep],
                        [self.texts[i] for i in keep])

    def save(self, path: Path) -> None:
        with path.open("wb") as f:  # a file object: np.savez would add ".npz" to a path without it
            np.savez_compressed(f, vectors=self.vectors.astype("float16"),
                                paths=np.array([p for p, _ in self.sections]),
                                anchors=np.array([a for _, a in self.sections]), sets=np.array(self.sets),
                                texts=np.array(self.texts))

    @classmethod
    def load(cls, path: Path = DEFAULT_PATH) -> Examples | None:
        if not path.exists():
            return None
        with np.load(path, allow_pickle=False) as data:
            return cls(data["vectors"].astype("float32"), list(zip(data["paths"].tolist(), data["anchors"].tolist())),
                       data["sets"].tolist(), data["texts"].tolist())

    @classmethod
    def none(cls) -> Examples:
        return cls(np.zeros((0, 0), dtype="float32"), [], [], [])
