"""Quality gate on the QA sets in tests/qa (see tests/qa/README.md).

The curated sets carry the gates below. `informal_slack.yaml` was written before any tuning and is never tuned
on: its figures are printed and held to a floor under today's measured level, so they show generalisation
and catch regressions without becoming a target. `scenes_dev.yaml`, a tuning set of scene-first messages, is
reported apart with floors of its own until the scene handling it measures reaches the gates, and so is
`follow_ups_dev.yaml`, whose questions are asked after the question before them."""

import numpy as np
import pytest
import yaml

from bot.answers.calibration import HIGH_PRECISION
from bot.answers.scope import EXAMPLES
from bot.evaluation.qa import load_qa, run_eval
from tests.conftest import CHROMA_TEST_URL, POSTGRES_ADMIN_URL, QA_DIR

INFORMAL = "informal_slack"
# measured on 2026-12-05 before any tuning: R@3 1.000, fact hit rate 0.708, decline accuracy 0.538 (7 of 13);
# after decline examples written without seeing the QA files: decline accuracy 0.692 (9 of 13)
# after section questions, composition by question kind and calibration (2026-12-05, tuned on the curated sets and
# informal_dev only): R@3 1.000, fact hit rate 0.854, decline accuracy 1.000
# after quoting a nearly tied runner-up and looking at 20 sections' questions: fact hit rate 0.896; the floor stays
# below what was measured
FLOOR = {"recall@3": 0.95, "fact_hit_rate": 0.85, "decline_accuracy": 0.9}
SCENES = "scenes_dev"
# written 2026-12-05 blind to the engine, measured before any change: R@3 0.800, fact hit rate 0.625, decline
# accuracy 0.917, false declines 0.100. In the gated pool it would take the pool under its gates (R@3 0.935, fact
# hit rate 0.855, false declines 0.023): held apart, to floors under its measured level, until it reaches them.
# After the lean-back parts and the scene signal (2026-12-06): fact hit rate 0.650, false declines 0.050.
SCENES_FLOOR = {"recall@3": 0.75, "fact_hit_rate": 0.6, "decline_accuracy": 0.9}
SCENES_MAX_FALSE_DECLINES = 0.1
FOLLOW_UPS = "follow_ups_dev"
# written 2026-12-06 before any change was tuned on them, measured first: R@1 0.833, R@3 0.917, fact hit rate
# 0.818 (9 of 11); the held-out follow-ups in tests/heldout, the same day: R@3 0.917, fact hit rate 0.727.
# After the verb a "what does X <verb>?" question ends on and the follow-up's new aspect looked for in the guide
# that answered before (2026-12-06): R@1 1.000, fact hit rate 0.909 (held out: R@1 0.667 -> 0.750, facts unmoved).
# After a yes-or-no follow-up may hear again what answers it (2026-12-06): fact hit rate 1.000 (held out unmoved).
FOLLOW_UPS_FLOOR = {"recall@3": 0.95, "fact_hit_rate": 0.85}
# Sets written blind to the engine and tuned on since, each reported apart and held to floors of its own: its name, its
# number of items and its floors, with what it measured when written and after the changes made for it.
BLIND = {
    # a first-time user's 16 messages, written blind on 2026-12-06 and measured before any change: R@3 0.909, fact hit
    # rate 0.818, decline accuracy 0.400 (2 of 5). After the rules for one's own pay and job, the asked-for noun, the
    # comparison with a question after it and the missing benchmark (the same day): fact hit rate 0.909, declines 5 of
    # 5. Small, so its floors allow one miss each.
    "trial_dev": (16, {"recall@3": 0.8, "fact_hit_rate": 0.8, "decline_accuracy": 0.8}),
    # a second first-time user's 20 messages from eight personas, written blind on 2026-12-06 and measured before any
    # change: R@3 0.733, fact hit rate 0.500, decline accuracy 0.600, one false decline. After the rules for career
    # advice, product switches and legal pointers, chat shorthand, the subject without where it applies and the
    # knowledge's pointers that now carry what they pointed at (the same day): R@3 0.800, fact hit rate 0.750, declines
    # 5 of 5, no false decline. Its floors allow one miss each.
    "trial2_dev": (20, {"recall@3": 0.75, "fact_hit_rate": 0.65, "decline_accuracy": 0.8}),
    # a third trial, written blind after the changes for the first two (2026-12-06) and measured once, not tuned on in
    # that session: R@1 0.733, R@3 0.933, fact hit rate 1.000 (8 with facts), declines 4 of 5. Floors one miss below.
    "trial3_dev": (20, {"recall@3": 0.85, "fact_hit_rate": 0.85, "decline_accuracy": 0.8}),
    # 50 messages from ten personas and 12 to decline, written blind to the engine on 2026-12-06 and measured before any
    # change: R@3 0.900, fact hit rate 0.780, declines 12 of 12, 4 false declines (0.080). After that session's changes:
    # fact hit rate 0.800. Floors one miss below.
    "fresh2_dev": (62, {"recall@3": 0.88, "fact_hit_rate": 0.78, "decline_accuracy": 0.9}),
    # 45 messages to decline and 15 in-scope ones that sound like them, written blind to the engine on 2026-12-06 and
    # measured before any change: R@3 0.867, fact hit rate 0.533, declines 37 of 45, 2 false declines. After the rules
    # made for it (the same day): R@3 0.933, fact hit rate 0.667, declines 45 of 45, none false. Floors one miss below.
    "declines_fresh_dev": (60, {"recall@3": 0.86, "fact_hit_rate": 0.6, "decline_accuracy": 0.97}),
    # a fourth trial's 20 messages from seven personas, written blind on 2026-12-06 after that session's first changes
    # and measured before any change for it: R@3 0.600, fact hit rate 0.429 (7 with facts), declines 4 of 5, one false
    # decline. After the changes for it: R@3 0.733, fact hit rate 0.857, declines 5 of 5, none false. Floors one miss
    # below.
    "trial4_dev": (20, {"recall@3": 0.66, "fact_hit_rate": 0.71, "decline_accuracy": 0.8}),
    # a second such batch (45 + 15), written blind the same day after the rules made for the first and measured before
    # any change for it: R@3 0.867, fact hit rate 0.733, declines 36 of 45 (the first batch: 37 of 45), one false
    # decline. After the rules made for it: R@3 1.000, fact hit rate 0.800, declines 45 of 45, none false. Floors one
    # miss below.
    "declines_fresh2_dev": (60, {"recall@3": 0.93, "fact_hit_rate": 0.73, "decline_accuracy": 0.97}),
    # a fifth trial's 20 messages from seven personas, written blind on 2026-12-06 after that session's changes and
    # judged (6 of 15 useful, 7 partly, 2 not useful; 3 of 5 declined cleanly), measured before any change for it: R@1
    # 0.533, R@3 0.867, fact hit rate 1.000 (3 with facts), declines 4 of 5.
    "trial5_dev": (20, {"recall@3": 0.8, "fact_hit_rate": 0.66, "decline_accuracy": 0.8}),
    # a third batch (40 + 10) in less usual phrasings, written blind the same day after the rules made for the first two
    # and measured before any change for it: R@3 0.700, fact hit rate 0.600, declines 34 of 40, one false decline. After
    # the rules made for it: R@3 0.800, fact hit rate 0.700, declines 40 of 40, none false. Floors one miss below.
    "declines_fresh3_dev": (50, {"recall@3": 0.7, "fact_hit_rate": 0.6, "decline_accuracy": 0.97}),
    # 50 messages from ten more personas and 12 to decline, written blind to the engine on 2026-12-06 (later) and
    # measured before any change: R@1 0.680, R@3 0.840, fact hit rate 0.680, declines 11 of 12, 6 false declines.
    # Floors one miss below what it measures after the section model.
    "fresh3_dev": (62, {"recall@3": 0.82, "fact_hit_rate": 0.66, "decline_accuracy": 0.9}),
    # a sixth trial's 20 messages from seven personas, written blind on 2026-12-06 (evening) after the section model
    # and judged (6 of 15 useful, 7 partly, 2 not useful; 5 of 5 declined cleanly), measured before any change for it:
    # R@1 0.533, R@3 0.733, fact hit rate 0.533, declines 5 of 5, one false decline. Floors one miss below.
    "trial6_dev": (20, {"recall@3": 0.66, "fact_hit_rate": 0.46, "decline_accuracy": 0.8}),
    # a fourth batch to decline (45, 26 of them naming an AI product) and 25 in-scope messages near the boundary, from
    # ten personas, written blind to the engine on 2026-12-06 (session 14) and measured before any change: R@1 0.840,
    # R@3 0.960, fact hit rate 0.840, declines 42 of 45, 2 false declines. After the rules made for it (picks between
    # products no list names, courses for oneself): declines 45 of 45. Floors one miss below.
    "declines_fresh4_dev": (70, {"recall@3": 0.92, "fact_hit_rate": 0.8, "decline_accuracy": 0.97}),
    # a seventh trial's 20 messages from seven personas, written blind on 2026-12-06 (session 14) after that session's
    # changes and judged (7 of 15 useful, 7 partly, 1 not useful; 3 of 5 declined cleanly), labelled afterwards and
    # measured before any change for it: R@1 0.667, R@3 0.800, fact hit rate 0.600, declines 4 of 5. After the rules
    # made for it (a role's pay band, being signed out by a product): declines 5 of 5. Floors one miss below.
    "trial7_dev": (20, {"recall@3": 0.73, "fact_hit_rate": 0.53, "decline_accuracy": 0.6}),
    # 50 messages from ten new personas and 12 to decline, written blind to the engine on 2026-12-06 (session 15) and
    # measured before any change: R@1 0.700, R@3 0.860, fact hit rate 0.660, declines 11 of 12, 3 false declines.
    # Floors one miss below.
    "fresh4_dev": (62, {"recall@3": 0.84, "fact_hit_rate": 0.64, "decline_accuracy": 0.83}),
    # an eighth trial's 20 messages from seven personas, asked and judged after session 15's first changes (6 of 15
    # useful, 6 partly, 3 not useful; 3 of 5 declined cleanly), labelled by a second helper who did not see the
    # answers, and measured before any change for it: R@1 0.600, R@3 0.867, fact hit rate 0.533, declines 4 of 5, two
    # false declines. Floors one miss below.
    "trial8_dev": (20, {"recall@3": 0.8, "fact_hit_rate": 0.46, "decline_accuracy": 0.6}),
    # 50 messages from ten new personas and 12 to decline, written blind to the engine on 2026-12-06 (session 16) and
    # measured before any change: R@1 0.780, R@3 0.820, fact hit rate 0.740, declines 8 of 12, 2 false declines. After
    # the rules made for it: declines 12 of 12. Floors one miss below.
    "fresh5_dev": (62, {"recall@3": 0.8, "fact_hit_rate": 0.72, "decline_accuracy": 0.91}),
    # a ninth trial's 20 messages from seven personas, asked and judged on 2026-12-06 (session 16) after that
    # session's first rules (8 of 15 useful, 5 partly, 2 not useful; 4 of 5 declined cleanly), labelled by a second
    # helper who did not see the answers, and measured on the code it was asked on: R@1 0.733, R@3 0.867, fact hit
    # rate 0.600, declines 5 of 5, two false declines. After the rules made for it: fact hit rate 0.667, no false
    # decline. Floors one miss below.
    "trial9_dev": (20, {"recall@3": 0.8, "fact_hit_rate": 0.6, "decline_accuracy": 0.8}),
    # 50 messages from ten more personas and 12 to decline, written blind to the engine on 2026-12-06 (session 17) and
    # measured before any change: R@1 0.740, R@3 0.860, fact hit rate 0.680, declines 9 of 12, 8 false declines.
    # After the rules made for it: R@3 0.880, fact hit rate 0.700, declines 12 of 12, 7 false declines. Floors one
    # miss below.
    "fresh6_dev": (62, {"recall@3": 0.86, "fact_hit_rate": 0.68, "decline_accuracy": 0.91}),
    # a tenth trial's 20 messages from seven personas, asked and judged on 2026-12-06 (session 17) before that
    # session's changes (7 of 15 useful, 7 partly, 1 not useful; 5 of 5 not answered, one of them as "I don't know"),
    # labelled by a second helper who did not see the answers: R@1 0.533, R@3 0.667, fact hit rate 0.400, declines 5
    # of 5, one false decline. After the rules made for it: fact hit rate 0.467, no false decline. After a usage share
    # read as the adoption rate (session 18): R@3 0.733, fact hit rate 0.533. Floors one miss below.
    "trial10_dev": (20, {"recall@3": 0.66, "fact_hit_rate": 0.46, "decline_accuracy": 0.8}),
    # 50 messages from a sixth ten personas and 12 to decline, written blind to the engine on 2026-12-06 (session 18)
    # and measured before any change: R@1 0.640, R@3 0.800, fact hit rate 0.560, declines 10 of 12, 7 false declines.
    # After that session's changes: R@1 0.660, fact hit rate 0.560 (one more found, one two-part answer lost its
    # fact), declines 12 of 12. Floors one miss below.
    # After session 19's changes: R@1 0.680, R@3 0.820, fact hit rate 0.600, 5 false declines; floors raised.
    "fresh7_dev": (62, {"recall@3": 0.8, "fact_hit_rate": 0.58, "decline_accuracy": 0.91}),
    # an eleventh trial's 20 messages from seven personas, asked and judged at the start of session 18 (5 of 15
    # useful, 9 partly, 1 not useful; 5 of 5 declined cleanly), labelled by a second helper who did not see the
    # answers: R@1 0.600, R@3 0.867, fact hit rate 0.533, declines 5 of 5, no false decline. Unmoved by that session's
    # changes. Floors one miss below.
    "trial11_dev": (20, {"recall@3": 0.8, "fact_hit_rate": 0.46, "decline_accuracy": 0.8}),
    # 50 messages from a seventh ten personas and 12 to decline, written blind to the engine on 2026-12-07 (session 19)
    # and measured before any change: R@1 0.620, R@3 0.780, fact hit rate 0.620, declines 11 of 12, 6 false declines.
    # After that session's changes: R@1 0.720, R@3 0.820, fact hit rate 0.660, declines 12 of 12, 4 false declines.
    # Floors one miss below.
    "fresh8_dev": (62, {"recall@3": 0.8, "fact_hit_rate": 0.64, "decline_accuracy": 0.91}),
    # a fifth batch to decline (45, 15 of them the organisation's own facts) and 25 in-scope messages near the
    # boundary, ten new personas, written blind to the engine on 2026-12-07 (session 19) and measured before any
    # change: R@1 0.600, R@3 0.920, fact hit rate 0.720, declines 37 of 45, 3 false declines. After the rules made for
    # it: R@3 0.960, fact hit rate 0.800, declines 45 of 45. Floors one miss below.
    "declines_fresh5_dev": (70, {"recall@3": 0.92, "fact_hit_rate": 0.76, "decline_accuracy": 0.97}),
    # 50 messages from an eighth ten personas and 12 to decline, written blind to the engine on 2026-12-07 (session 20)
    # and measured before any change: R@1 0.460, R@3 0.660, fact hit rate 0.460, declines 11 of 12, 9 false declines.
    # After that session's changes: R@1 0.480, R@3 0.660, fact hit rate 0.520, declines 12 of 12, 10 false declines.
    # Floors one miss below.
    "fresh9_dev": (62, {"recall@3": 0.64, "fact_hit_rate": 0.5, "decline_accuracy": 0.91}),
    # a sixth batch to decline (45, 15 of them the organisation's own facts) and 25 in-scope messages near the
    # boundary, ten new personas, written blind to the engine on 2026-12-07 (session 20) and measured before any
    # change: R@1 0.520, R@3 0.680, fact hit rate 0.520, declines 37 of 45, 3 false declines. After the rules made for
    # it: fact hit rate 0.600, declines 45 of 45, 2 false declines. Floors one miss below.
    "declines_fresh6_dev": (70, {"recall@3": 0.64, "fact_hit_rate": 0.56, "decline_accuracy": 0.97}),
    # 50 messages from a ninth ten personas and 12 to decline, written blind to the engine on 2026-12-07 (session 21)
    # and measured before any change: R@1 0.420, R@3 0.480, fact hit rate 0.360, declines 10 of 12, 9 false declines.
    # After that session's changes: R@1 0.460, R@3 0.520, fact hit rate 0.400, declines 12 of 12, 8 false declines.
    # Floors one miss below.
    "fresh10_dev": (62, {"recall@3": 0.5, "fact_hit_rate": 0.38, "decline_accuracy": 0.91}),
    # a seventh batch to decline (45, 15 of them the organisation's own facts) and 25 in-scope messages near the
    # boundary, written blind to the engine on 2026-12-07 (session 21) and measured before any change: R@1 0.440,
    # R@3 0.640, fact hit rate 0.440, declines 33 of 45, 6 false declines. After the rules made for it: declines 41 of
    # 45, the rest unchanged. Floors one miss below.
    "declines_fresh7_dev": (70, {"recall@3": 0.6, "fact_hit_rate": 0.4, "decline_accuracy": 0.88}),
    # 50 messages from a tenth ten personas and 12 to decline, written blind to the engine on 2026-12-07 (session 22)
    # and measured before any change: R@1 0.640, R@3 0.760, fact hit rate 0.500, declines 10 of 12, 12 false declines.
    # After that session's changes: R@1 0.820, R@3 0.920, fact hit rate 0.740, declines 12 of 12, 5 false declines.
    # Floors one miss below.
    "fresh11_dev": (62, {"recall@3": 0.9, "fact_hit_rate": 0.72, "decline_accuracy": 0.91}),
    # an eighth batch to decline (45, 15 of them the organisation's own facts) and 25 in-scope messages near the
    # boundary, written blind to the engine on 2026-12-07 (session 22) and measured before any change: R@1 0.560,
    # R@3 0.760, fact hit rate 0.600, declines 40 of 45, 4 false declines. After the rules made for it: R@1 0.680,
    # R@3 0.880, fact hit rate 0.760, declines 45 of 45, 2 false declines. Floors one miss below.
    "declines_fresh8_dev": (70, {"recall@3": 0.86, "fact_hit_rate": 0.74, "decline_accuracy": 0.97}),
    # 50 messages from an eleventh ten personas and 12 to decline, written blind to the engine on 2026-12-07 (session
    # 23) and measured before any change: R@1 0.500, R@3 0.740, fact hit rate 0.480, declines 11 of 12, 19 false
    # declines. Floors one miss below.
    "fresh12_dev": (62, {"recall@3": 0.72, "fact_hit_rate": 0.46, "decline_accuracy": 0.83}),
    # a ninth batch to decline (45, 15 of them the organisation's own facts) and 25 in-scope messages near the
    # boundary, written blind to the engine on 2026-12-07 (session 23) and measured before any change: R@1 0.360,
    # R@3 0.720, fact hit rate 0.440, declines 36 of 45, 7 false declines. After the rules made for it: declines 45 of
    # 45, the rest unchanged. Floors one miss below.
    "declines_fresh9_dev": (70, {"recall@3": 0.68, "fact_hit_rate": 0.4, "decline_accuracy": 0.97}),
    # 50 messages from a twelfth ten personas and 12 to decline, written blind to the engine on 2026-12-07 (session
    # 24) and measured before any change: R@1 0.560, R@3 0.720, fact hit rate 0.540, declines 12 of 12, 13 false
    # declines. After that session's changes: R@1 0.720, R@3 0.880, fact hit rate 0.720, declines 12 of 12, 2 false
    # declines. Floors one miss below.
    "fresh13_dev": (62, {"recall@3": 0.86, "fact_hit_rate": 0.7, "decline_accuracy": 0.91}),
    # a tenth batch to decline (45, 15 of them the organisation's own facts) and 25 in-scope messages near the
    # boundary, written blind to the engine on 2026-12-07 (session 24) and measured before any change: R@1 0.680,
    # R@3 0.760, fact hit rate 0.680, declines 41 of 45, 5 false declines. After the rules made for it: R@1 0.720,
    # R@3 0.800, fact hit rate 0.760, declines 45 of 45, 3 false declines. Floors one miss below.
    "declines_fresh10_dev": (70, {"recall@3": 0.76, "fact_hit_rate": 0.72, "decline_accuracy": 0.97}),
}
APART = {INFORMAL, SCENES, FOLLOW_UPS, *BLIND}


@pytest.fixture(scope="module")
def results(kb):
    return run_eval(kb.answers, [i for i in load_qa([QA_DIR]) if i.qa_set not in APART])


@pytest.fixture(scope="module")
def informal(kb):
    return run_eval(kb.answers, [i for i in load_qa([QA_DIR]) if i.qa_set == INFORMAL], modes=("hybrid",))


def test_qa_set_is_large_and_covers_every_reference_topic():
    items = [i for i in load_qa([QA_DIR]) if i.qa_set not in APART]
    answerable = [i for i in items if i.answerable]
    assert len(answerable) >= 40
    folders = {i.path.split("/")[1] for i in answerable}
    assert {"framework", "kpis", "okrs", "incentives", "case-studies", "about-the-bot"} <= folders
    assert {i.kind for i in items if not i.answerable} == {"out_of_scope", "unknown"}


def test_hybrid_recall_at_3(results):
    hybrid = results["modes"]["hybrid"]
    print(f"\nhybrid: R@1 {hybrid['recall@1']:.3f} R@3 {hybrid['recall@3']:.3f} "
          f"(strict {hybrid['recall@3_strict']:.3f}) R@5 {hybrid['recall@5']:.3f} MRR {hybrid['mrr']:.3f} "
          f"fact hit rate {hybrid['fact_hit_rate']:.3f}")
    assert hybrid["recall@3"] >= 0.95
    # `also` relabels (tests/qa/README.md) must not be what holds the gate open: the item's own passage alone
    assert hybrid["recall@3_strict"] >= 0.85


def test_hybrid_beats_each_retriever_alone(results):
    modes = results["modes"]
    assert modes["hybrid"]["recall@3"] > modes["bm25"]["recall@3"]
    assert modes["hybrid"]["recall@3"] > modes["vector"]["recall@3"]
    assert modes["hybrid"]["mrr"] > max(modes["bm25"]["mrr"], modes["vector"]["mrr"])


def test_declines(results):
    hybrid = results["modes"]["hybrid"]
    print(f"\nhybrid: decline accuracy {hybrid['decline_accuracy']:.3f}, "
          f"false declines {hybrid['false_decline_rate']:.3f}")
    assert hybrid["decline_accuracy"] >= 0.95
    assert hybrid["false_decline_rate"] <= 0.02


def test_answers_carry_the_facts(results):
    # Reported above (measured 0.885 on these sets, 2026-12-05; the gate is 0.85, held here just under
    # the measured level so that a change losing fact hits shows)
    assert results["modes"]["hybrid"]["fact_hit_rate"] >= 0.87


def test_answers_shown_as_high_confidence_are_right_at_least_95_percent_of_the_time(results):
    high = results["modes"]["hybrid"]["high_confidence"]
    print(f"\nhigh confidence: {high['answers']} answers, {high['right']:.3f} right")
    assert high["answers"] >= 50 and high["right"] >= HIGH_PRECISION


# The two checks below read files only (the knowledge's question lists, scope.yaml and the QA sets): the embedded run
# makes them, and the run on servers, which would give the same answer, leaves them out (CI time).
ON_SERVERS = bool(CHROMA_TEST_URL or POSTGRES_ADMIN_URL)
FILES_ONLY = pytest.mark.skipif(ON_SERVERS, reason="reads files only: checked in the embedded run")


@FILES_ONLY
def test_section_questions_do_not_copy_the_unseen_sets(shared_embeddings):
    # The knowledge files' own question lists were written without seeing tests/qa/informal_slack.yaml or
    # tests/heldout; none may be a near-verbatim copy of one of their questions. Names the file only.

    from bot.ingest.chunking import sections
    from bot.ingest.loaders import load_document
    from tests.conftest import KNOWLEDGE

    written = [q for f in sorted(KNOWLEDGE.rglob("*.md")) for s in sections(load_document(f, f.name))
               for q in s.questions]
    unseen = [i for i in load_qa([QA_DIR]) if i.qa_set == INFORMAL] + load_qa([QA_DIR.parent / "heldout"])
    sims = np.asarray(shared_embeddings.embed_documents(written)) @ \
        np.asarray(shared_embeddings.embed_documents([i.question for i in unseen])).T
    assert len(written) >= 1000
    assert not sorted({unseen[j].qa_set for _, j in zip(*np.nonzero(sims >= 0.97))})


@FILES_ONLY
def test_out_of_scope_examples_do_not_repeat_the_qa_questions(shared_embeddings):
    # The decline figures above measure generalisation only if bot/answers/scope.yaml was not written
    # from the questions it is tested on: no example may be a near-duplicate of a QA question.
    categories = yaml.safe_load(EXAMPLES.read_text())["categories"]
    examples = [e for spec in categories.values() for e in spec["examples"]]
    items = load_qa([QA_DIR])
    sims = np.asarray(shared_embeddings.embed_documents(examples)) @ \
        np.asarray(shared_embeddings.embed_documents([i.question for i in items])).T
    # names the example and the QA file, never the question: whoever rewords an example must not see it
    close = [(examples[i], items[j].qa_set, round(float(sims[i, j]), 2)) for i, j in zip(*np.nonzero(sims >= 0.85))]
    assert not close


def test_the_informal_set_is_reported_apart_and_holds_its_floor(informal, kb):
    items = load_qa([QA_DIR])
    assert len([i for i in items if i.qa_set == INFORMAL]) >= 60
    hybrid = informal["modes"]["hybrid"]
    print(f"\ninformal (never tuned on): R@3 {hybrid['recall@3']:.3f} fact hit rate {hybrid['fact_hit_rate']:.3f} "
          f"decline accuracy {hybrid['decline_accuracy']:.3f} false declines {hybrid['false_decline_rate']:.3f}")
    # coach eval prints every file apart, and a file's figures in a mixed run are its own: the informal set with
    # two questions of every other file (not all of them: the whole of tests/qa took over two minutes per run)
    mixed = [i for i in items if i.qa_set == INFORMAL]
    mixed += [i for name in {i.qa_set for i in items} - {INFORMAL} for i in [j for j in items if j.qa_set == name][:2]]
    everything = run_eval(kb.answers, mixed, modes=("hybrid",))["modes"]["hybrid"]
    assert set(everything["sets"]) == {i.qa_set for i in items}
    assert everything["sets"][INFORMAL]["recall@3"] == hybrid["recall@3"]
    assert everything["sets"][INFORMAL]["fact_hit_rate"] == hybrid["fact_hit_rate"]
    assert hybrid["recall@3"] >= FLOOR["recall@3"]
    assert hybrid["fact_hit_rate"] >= FLOOR["fact_hit_rate"]
    assert hybrid["decline_accuracy"] >= FLOOR["decline_accuracy"]


def test_the_scenes_set_is_reported_apart_and_holds_its_floor(kb):
    items = [i for i in load_qa([QA_DIR]) if i.qa_set == SCENES]
    assert len(items) >= 50
    hybrid = run_eval(kb.answers, items, modes=("hybrid",))["modes"]["hybrid"]
    print(f"\nscenes (tuning, apart): R@3 {hybrid['recall@3']:.3f} fact hit rate {hybrid['fact_hit_rate']:.3f} "
          f"decline accuracy {hybrid['decline_accuracy']:.3f} false declines {hybrid['false_decline_rate']:.3f}")
    measured = {key: hybrid[key] for key in SCENES_FLOOR}
    assert all(measured[key] >= floor for key, floor in SCENES_FLOOR.items()), measured
    assert hybrid["false_decline_rate"] <= SCENES_MAX_FALSE_DECLINES


def test_the_follow_up_set_is_reported_apart_and_holds_its_floor(kb):
    items = [i for i in load_qa([QA_DIR]) if i.qa_set == FOLLOW_UPS]
    assert len(items) >= 12 and all(i.after for i in items)
    hybrid = run_eval(kb.answers, items, modes=("hybrid",))["modes"]["hybrid"]
    print(f"\nfollow-ups (tuning, apart): R@1 {hybrid['recall@1']:.3f} R@3 {hybrid['recall@3']:.3f} "
          f"fact hit rate {hybrid['fact_hit_rate']:.3f}")
    measured = {key: hybrid[key] for key in FOLLOW_UPS_FLOOR}
    assert all(measured[key] >= floor for key, floor in FOLLOW_UPS_FLOOR.items()), measured


# The blind sets' floors hold in the embedded run; the run on servers (CI's second) leaves them out, to keep .ci/run
# under its 45-minute budget (CI took 42 minutes in session 21, with fewer sets). What they measure is the answer
# engine, the same over either store: the gated sets above still run on both.
@pytest.mark.skipif(ON_SERVERS,
                    reason="measured in the embedded run: the blind sets test the answer engine, not the store")
@pytest.mark.parametrize("name, size, floor", [(name, size, floor) for name, (size, floor) in BLIND.items()])
def test_each_blind_tuning_set_is_reported_apart_and_holds_its_floor(kb, name, size, floor):
    items = [i for i in load_qa([QA_DIR]) if i.qa_set == name]
    assert len(items) == size
    hybrid = run_eval(kb.answers, items, modes=("hybrid",))["modes"]["hybrid"]
    print(f"\n{name} (tuning, apart): R@3 {hybrid['recall@3']:.3f} fact hit rate {hybrid['fact_hit_rate']:.3f} "
          f"decline accuracy {hybrid['decline_accuracy']:.3f}")
    measured = {key: hybrid[key] for key in floor}
    assert all(measured[key] >= low for key, low in floor.items()), measured

