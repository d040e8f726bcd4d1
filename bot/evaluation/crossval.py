"""The section model's worked examples (bot.retrieval.examples): written from QA files, and measured honestly.

Once the QA sets' messages are examples, `coach eval` on those sets measures messages the model was fitted on.
`cross_validated` scores each QA file with a model fitted without that file's messages, so each file is scored as
a new writer's would be; the held-out sets (tests/heldout) are never written into the examples.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

import numpy as np

from bot.answers.service import AnswerService
from bot.evaluation.qa import QAItem, by_set, relevant, results_of, score
from bot.ingest.chunking import breadcrumb_anchor
from bot.retrieval.embeddings import LocalEmbeddings
from bot.retrieval.examples import Examples
from bot.retrieval.questions import QuestionIndex

SEED = 7  # which files go to which fold: fixed, so that two runs compare


def pick_examples(items: Sequence[QAItem], chunks: Sequence[tuple[str, str, str]]
                  ) -> list[tuple[QAItem, tuple[str, str]]]:
    """Every in-scope message of these QA items whose section is among these (chunk id, path, breadcrumb) rows,
    with its (path, anchor); a follow-up's is left out (alone, it does not say its subject)."""
    picked = []
    for item in items:
        if not item.answerable or item.after or not item.path:
            continue
        crumb = next((crumb for _, path, crumb in chunks if relevant(item, path, crumb, strict=True)), None)
        if crumb is not None:
            picked.append((item, (item.path, breadcrumb_anchor(crumb))))
    return picked


def write_examples(items: Sequence[QAItem], uow_factory: Callable, embeddings: LocalEmbeddings) -> Examples:
    """The worked examples of these QA items (`pick_examples`), embedded."""
    with uow_factory() as uow:
        picked = pick_examples(items, uow.questions.section_chunks())
    vectors = np.asarray(embeddings.embed_documents([item.question for item, _ in picked]), dtype="float32")
    return Examples(vectors.reshape(len(picked), -1), [key for _, key in picked], [item.qa_set for item, _ in picked],
                    [item.question for item, _ in picked])


def cross_validated(service: AnswerService, questions: QuestionIndex, items: Sequence[QAItem], folds: int) -> dict:
    """Hybrid figures (the only mode with a section model), each QA file's messages scored with the examples of the
    files in the other folds; the examples in use are restored afterwards."""
    examples = questions.examples
    files = sorted({item.qa_set for item in items})
    random.Random(SEED).shuffle(files)
    service.warm_up()
    records = []
    try:
        for k in range(folds):
            fold = set(files[k::folds])
            questions.use_examples(examples.without(fold))
            questions.refresh()  # fitted here, not in the first question's latency
            records += [score(service, item, "hybrid") for item in items if item.qa_set in fold]
    finally:
        questions.use_examples(examples)
    return results_of(service, len(records), {"hybrid": by_set(records)}) | {"folds": folds}
