"""The answering service: one entry point for Slack, the CLI and evaluation."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.answers.calibration import Calibration
from bot.answers.conversation import (
    asks_yes_or_no,
    contextualize,
    is_follow_up,
    new_aspect,
    per_side,
)
from bot.answers.evidence import (
    Passage,
    TermWeights,
    confidence,
    evidence_score,
    join_sections,
    rank_score,
)
from bot.answers.extractive import (
    NEAR_TIE,
    Composed,
    answers_again,
    compose,
    compose_parts,
    quoted_sentences,
    said_before,
    said_keys,
)
from bot.answers.focus import context_terms, focus, leans_back, prefer_context
from bot.answers.forecasts_and_law import forecast, legal_question
from bot.answers.guide_labels import names_passage
from bot.answers.llm import LLMAnswerer
from bot.answers.models import Answer, Source, Turn
from bot.answers.personal_advice import personal_matters
from bot.answers.question_kinds import QuestionShape, shape_of
from bot.answers.scope import ScopeGuard, ScopeVerdict
from bot.answers.searched import as_searched
from bot.answers.shorthand import expand
from bot.answers.specifics import benchmark_missing, evidence_present, expected_type
from bot.answers.tool_names import as_the_guides_say, product_question
from bot.answers.work_requests import work_request
from bot.retrieval.hybrid import HybridRetriever, Mode
from bot.retrieval.lexical import TermAnalyzer

log = logging.getLogger(__name__)

RERANK_WINDOW = 10
MAX_QUERY_CHARS = 1000  # longer messages are answered from their beginning
# A question at least this close in meaning to an out-of-scope example, and closer to it than to any
# passage by OUT_OF_SCOPE_MARGIN, is declined as off-topic rather than "not known".
OUT_OF_SCOPE_SIMILARITY = 0.45
OUT_OF_SCOPE_MARGIN = 0.05
KNOWN_QUESTION = 0.85  # bot.retrieval.questions: a near-paraphrase of a section's listed or taught question
# How long the scene around a question is, as a share of this many words: searched with the question, a long scene
# lowers the closeness in meaning of the passage that answers it, and the confidence model learns by how much.
SCENE_WORDS = 40
# A follow-up's new aspect answered in the guide that answered before, at least this share as well as any section
# answers it (bot.answers.service._next_in_guide); set once, before measuring, not tuned.
NEXT_IN_GUIDE = 0.8
WORK = {"writing": "writing or drafting", "translation": "translating", "code": "writing or fixing code",
        "summary": "summarising documents", "booking": "booking, scheduling or sending things",
        "lookup": "looking up company events and details", "forecast": "predicting the years ahead",
        "legal": "legal advice beyond what the guides say", "pick": "choosing between AI products, plans or vendors",
        "learning": "recommending courses, books or certificates",
        "opinion": "giving personal opinions", "pay": "advising on your own pay",
        "career": "advising on your own career", "hr": "HR administration",
        "engineering": "building, training or tuning AI models", "wellbeing": "advising on your own wellbeing"}
# Where to go instead, when it is not the human contact for AI at work: by the route of an off-topic example's
# category (bot/answers/scope.yaml), and by declined task
ELSEWHERE = {"hr": "For pay, leave and other HR matters, please ask your manager or HR.",
             "office": "For the office, facilities and company events, please ask your office or facilities team."}
ASK_INSTEAD = {"pay": "For pay, please ask your manager or HR.",
               "career": "For your career and development, please ask your manager or HR.",
               "legal": "For legal questions, please ask your legal team or data protection officer.",
               "hr": ELSEWHERE["hr"],
               "wellbeing": "For your workload and wellbeing, please talk to your manager or HR, or your employee "
                            "assistance programme if you have one."}


@dataclass
class AnswerPolicy:
    min_confidence: float
    top_k: int
    max_sentences: int
    human_contact: str
    it_contact: str


class AnswerService:
    def __init__(self, retriever: HybridRetriever, uow_factory, scope: ScopeGuard, analyzer: TermAnalyzer,
                 policy: AnswerPolicy, llm: LLMAnswerer | None = None, calibration: Calibration | None = None):
        self.retriever = retriever
        self._uow = uow_factory
        self.scope = scope
        self.analyzer = analyzer
        self.policy = policy
        self.llm = llm
        self.calibration = calibration  # None: the uncalibrated score (bot.answers.evidence.confidence)

    # retrieval ----------------------------------------------------------------------------------
    def passages(self, query: str, mode: Mode = "hybrid", team_id: str | None = None) -> list[Passage]:
        """Passages for a query, best first (hybrid mode re-ranks the fused list)."""
        return self._ranked(query, mode, team_id)[0]

    def _ranked(self, query: str, mode: Mode, team_id: str | None = None,
                by_section: bool = True) -> tuple[list[Passage], TermWeights]:
        """The passages, and the query's term weights they were scored with (the answer reuses them). Without
        ``by_section`` the section model does not reorder them: a follow-up's query holds the last question's
        subject too, and the model would send it back to the section that answered that."""
        weights = TermWeights(query, self.analyzer, self.retriever.lexical)
        # Re-rank a wider window than we keep: the fused order is good at recall, less at precision.
        hits = self.retriever.search(query, max(2 * self.policy.top_k, RERANK_WINDOW), mode, team_id)
        hidden = self.retriever.questions.hidden_paths(team_id) if self.retriever.questions else frozenset()
        with self._uow() as uow:
            chunks = uow.documents.chunks_by_ids([h.chunk_id for h in hits])
            passages = []
            for h in hits:
                c = chunks.get(h.chunk_id)
                if c is None or c.document.path in hidden:  # an ingest in progress; another workspace's lesson
                    continue
                passages.append(Passage(c.id, c.document.path, c.document.title, c.breadcrumb, c.text, h.dense,
                                        weights.coverage(f"{c.breadcrumb}\n{c.text}"),
                                        weights.coverage(c.breadcrumb), unit_similarity=h.units,
                                        question_similarity=h.question, ordinal=c.ordinal, leads=h.leads,
                                        section_probability=h.section if by_section else 0.0))
        for p in passages:
            p.evidence = evidence_score(p)
            p.rank_score = rank_score(p)
        if mode == "hybrid":
            passages.sort(key=lambda p: (not p.leads, -p.rank_score))
            passages = join_sections(passages)
        return passages[:self.policy.top_k], weights

    # answering ----------------------------------------------------------------------------------
    def warm_up(self) -> None:
        """Load the embedding model, the indexes and the out-of-scope examples now, so that the first
        question's latency_ms measures answering it rather than the one-off start-up. It retrieves without
        answering: with COACH_LLM set, a warm-up must not cost a model call."""
        question = "How do we measure AI adoption?"
        self._ranked(question, "hybrid")
        self.scope.nearest(self.retriever.vectors.embeddings.embed_query(question))

    def ask(self, question: str, history: Sequence[Turn] = (), mode: Mode = "hybrid",
            team_id: str | None = None) -> Answer:
        started = time.perf_counter()
        answer = self._ask(" ".join(question.split()), history, mode, team_id)
        answer.question = question
        answer.latency_ms = (time.perf_counter() - started) * 1000
        return answer

    def _ask(self, question: str, history: Sequence[Turn], mode: Mode, team_id: str | None) -> Answer:
        if not self.analyzer.terms(question) and not question.strip("?!. "):
            return Answer(question, False, "empty", "Ask me a question about adopting AI at work, for example "
                          "_How do we measure AI adoption?_", 0.0)
        message = expand(question[:MAX_QUERY_CHARS])  # "wat can u do" -> "what can you do"
        scene = focus(message)  # the question(s) in the message, apart from the scene set around them
        task = (work_request(message) or ("forecast" if forecast(message) else None)
                or next(iter(personal_matters(message, scene.question)), None))
        if task is not None:
            return self._decline_kind(question, task)
        # the question as asked, product names and all (the off-topic examples and the rules read those), and as
        # the guides would put it (bot.answers.tool_names), for retrieval and composing
        named = scene.question or message
        product = product_question(named, self._indexed, scene.context)
        if product == "pick":
            return self._decline_kind(question, "pick")
        if product == "support":
            return self._out_of_scope(question, question, "it", 0.0)
        asked, message = as_the_guides_say(named, message, self._indexed)
        # the question weighs twice, the scene around it once: the scene often names the subject ("copilot",
        # "the pilot") that the question only points at ("why does nobody use it?"). Three times gained 2 fact hits
        # on the tuning sets and lost 2 on the never-tuned informal set (2026-12-05): not adopted.
        # searched with a usage share as the "adoption rate", one's best people dropping the tool as "high
        # performers", a case's results as its "outcomes" and "you" as the coach where it asks what the coach keeps
        # (bot.answers.searched); a two-part answer's labels keep the asker's words
        query = contextualize(as_searched(f"{asked} {message}" if scene.context else asked), history, self.analyzer)
        follow_up = bool(history) and is_follow_up(asked, self.analyzer)
        passages, weights = self._ranked(query, mode, team_id, by_section=not follow_up)
        if mode == "hybrid" and scene.context:
            passages = prefer_context(passages, context_terms(scene.context, self.analyzer), self.analyzer)
        best = passages[0] if passages else None
        verdict = self.scope.nearest(self.retriever.vectors.embeddings.embed_query(named))
        best_dense = max((p.dense for p in passages), default=0.0)
        signals = self._signals(passages, best_dense - verdict.similarity, scene.context)
        conf = self._confidence(best, signals)
        if mode == "hybrid" and follow_up:
            # after confidence: the subject's passage found again says how sure the answer is of its subject
            passages = self._next_in_guide(asked, history[-1], passages, team_id)
        answer = self._decide(question, named, asked, query, history, passages, weights, verdict, best_dense, conf,
                              mode, team_id, scene.context)
        answer.signals = signals
        answer.ranked = [(p.path, p.breadcrumb) for p in passages]
        # The mark was set on single questions. A follow-up's signals measure the subject it borrows, not its new
        # aspect: on follow_ups_dev.yaml 2 of the 3 follow-ups above the mark were right (2026-12-06).
        answer.high_confidence = (answer.kind == "answer" and self.calibration is not None and not follow_up
                                  and answer.confidence >= self.calibration.high)
        return answer

    def _decide(self, question: str, named: str, asked: str, query: str, history: Sequence[Turn],
                passages: list[Passage], weights: TermWeights, verdict: ScopeVerdict, best_dense: float, conf: float,
                mode: Mode, team_id: str | None, context: str = "") -> Answer:
        best = passages[0] if passages else None
        # A question this close to one its section lists (or an admin taught) is that section's question,
        # whatever an off-topic example or a low score says.
        known = best is not None and best.question_similarity >= KNOWN_QUESTION
        if (not known and verdict.similarity >= OUT_OF_SCOPE_SIMILARITY
                and verdict.similarity > best_dense + OUT_OF_SCOPE_MARGIN):
            return self._out_of_scope(question, query, verdict.route, min(conf, 1 - verdict.similarity))
        # a law the guides do not name is declined as legal advice, however sure retrieval is of its passage
        if not known and legal_question(question, "\n".join(f"{p.breadcrumb}\n{p.text}" for p in passages[:3])):
            return self._decline_kind(question, "legal")
        # a clear paraphrase of a section's question (bot.retrieval.hybrid.LEADING_QUESTION), or a guide label naming
        # the first passage (guide_labels.names_passage), is answered from it even when its scores are low; the
        # checks above and below still apply
        if best is None or (conf < self.policy.min_confidence and not known and not best.leads
                            and not names_passage(query, best.breadcrumb, best.text)):
            return self._unknown(question, query, conf, passages)
        wanted = expected_type(named)
        if (wanted and not evidence_present(wanted, best.text)  # headings are Title Case, never a name
                or benchmark_missing(named, "\n".join(p.text for p in passages[:3]))):
            return self._unknown(question, query, min(conf, self.policy.min_confidence / 2), passages)

        if self.llm is not None:
            try:
                result = self.llm.answer(question, passages, history)
            except Exception as exc:  # provider down, bad output: fall back to the extractive answer
                log.warning("LLM answer failed, using the extractive answer instead: %s", type(exc).__name__)
            else:
                if result is None:
                    return self._unknown(question, query, conf, passages)
                text, cited = result
                return Answer(question, True, "answer", text, conf, self._sources(cited), query=query)
        composed = self._compose(asked, history, passages, weights, mode, team_id, best_dense - verdict.similarity,
                                 context)
        return Answer(question, True, "answer", composed.text, conf, self._sources(composed.passages), query=query)

    def _compose(self, asked: str, history: Sequence[Turn], passages: list[Passage], weights: TermWeights,
                 mode: Mode, team_id: str | None, scope_margin: float, context: str = "") -> Composed:
        """The answer by the question's shape: each part of a two-part question retrieved on its own, each side of
        a comparison given its own passages, and a follow-up without the sentences the last answer quoted."""
        shape = shape_of(asked)
        follow_up = bool(history) and is_follow_up(asked, self.analyzer)
        exclude = quoted_sentences(history[-1].answer) if follow_up else frozenset()
        # a yes-or-no follow-up checks what was said: its answer may be a sentence the last answer quoted
        aspect = new_aspect(asked, self.analyzer) if exclude and passages and asks_yes_or_no(asked) else ""
        if aspect:
            exclude -= answers_again(passages[0], exclude, TermWeights(aspect, self.analyzer, self.retriever.lexical))
        sides = per_side(asked, history, self.analyzer) if shape.kind not in ("comparison", "parts") else ()
        if sides:  # "and how do I measure that?" after "soft vs hard ROI?": asked of each side
            shape = QuestionShape("parts", sides)
        if shape.kind == "parts":
            # each part with the scene the message set (the part twice, the scene once, as for the whole message):
            # "what can managers see?" after "we just sent the UTAUT survey to a team of three" is about surveys
            scene = as_the_guides_say("", context, self._indexed)[1]  # its tools as the guides name them
            # each part searched as the whole message is (bot.answers.searched), and without the section model: a
            # part is a few words beside the scene, whose subject the model would follow
            # (the UTAUT survey's templates for "what can managers see?")
            parts = [(part, *self._ranked(as_searched(self._part_query(shape.parts, i, scene)), mode, team_id,
                                          by_section=False))
                     for i, part in enumerate(shape.parts)]
            sure = [self._confidence(ranked[0], self._signals(ranked, scope_margin, context)) if ranked else 0.0
                    for _, ranked, _ in parts]
            if min(sure) >= self.policy.min_confidence:
                return compose_parts(self._lean_back(shape.parts, parts, scene), self.policy.max_sentences,
                                     exclude)
        side_scores: list[dict[str, float]] = []
        if shape.kind == "comparison":  # each side's own best passages, for composing only
            seen = {p.chunk_id for p in passages}
            for side in shape.parts:
                ranked = self._ranked(side, mode, team_id)[0]
                side_scores.append({p.chunk_id: p.evidence for p in ranked})
                for p in ranked[:3]:
                    if p.chunk_id not in seen:
                        seen.add(p.chunk_id)
                        passages = [*passages, p]
        return compose(passages, weights, self.policy.max_sentences, shape=shape, exclude=exclude,
                       side_scores=tuple(side_scores), question=asked)

    def _next_in_guide(self, asked: str, previous: Turn, passages: list[Passage], team_id: str | None) -> list[Passage]:
        """A follow-up that asks something new of the last subject ("what is a canary release?" then "and what
        happens after launch?") and found the passage the last answer quoted again: the guide that answered goes
        on to the new aspect in another section more often than not, so its section that best answers the new
        aspect alone comes first, when it answers it nearly as well as any section does and better than the one
        quoted before. It takes the first place's score, and the passages the last answer quoted leave the list:
        they answered the last question, and quoted again as a near tie they would repeat it."""
        aspect = new_aspect(asked, self.analyzer)
        said = said_keys(quoted_sentences(previous.answer))  # normalised once, checked against every passage
        if not aspect or not passages or not said_before(passages[0], said):
            return passages
        ranked = self._ranked(aspect, "hybrid", team_id)[0]
        guide = passages[0].path
        again = next((i for i, p in enumerate(ranked) if p.path == guide and said_before(p, said)), len(ranked))
        fresh = next((p for p in ranked[:again] if p.path == guide), None)
        if fresh is None or fresh.evidence < NEXT_IN_GUIDE * ranked[0].evidence:
            return passages
        first = replace(fresh, rank_score=max(fresh.rank_score, passages[0].rank_score))
        return [first, *(p for p in passages if p.chunk_id != fresh.chunk_id and not said_before(p, said))]

    @staticmethod
    def _lean_back(asked: Sequence[str], parts: list[tuple[str, list[Passage], TermWeights]], scene: str = ""
                   ) -> list[tuple[str, list[Passage], TermWeights]]:
        """A part that only points back at the one before it ("how many should we run, and why not all of them?")
        asks more of that part's subject: the passage that answered it is read first, and the part quotes what it
        has not said yet when that answers the part (bot.answers.extractive._lead), else goes on to its own. A part
        with a subject of its own reads that passage first only when it nearly ties with the part's own best, and
        only without a scene: a scene both parts are searched with ("we just sent the UTAUT survey…") draws them to
        one section whatever each asks."""
        out = list(parts)
        for i in range(1, len(out)):
            label, ranked, weights = out[i]
            if not out[i - 1][1] or not ranked:
                continue
            first = out[i - 1][1][0]
            ours = [p for p in ranked[:3] if (p.path, p.breadcrumb) == (first.path, first.breadcrumb)]
            if not leans_back(asked[i]):
                if scene:
                    continue
                # parts of one message share its subject: between near-equals, the section that answered the part
                # before comes first ("…realistic adoption rate? and how do I define an active user?")
                tied = next((p for p in ours if p is not ranked[0] and ranked[0].rank_score - p.rank_score <= NEAR_TIE),
                            None)
                if tied is not None:
                    out[i] = (label, [tied, *(p for p in ranked if p is not tied)], weights)
                continue
            # its section already among the passages the part reads: the part's own order stands
            if not ours:
                out[i] = (label, [first, *(p for p in ranked if p.chunk_id != first.chunk_id)], weights)
        return out

    @staticmethod
    def _part_query(parts: Sequence[str], i: int, scene: str) -> str:
        """What one part of a two-part question is searched with: the part twice, then the part before it when
        this one only points back at it ("what does amber mean and what should I do with it first?"), then the
        scene, once each. A first part that points back points at the scene ("5h to close, now 3h with AI. how
        should I report that, and is there a benchmark?"): the scene is read twice, as a part before it would be."""
        part = parts[i]
        before = parts[i - 1] if i else scene
        around = " ".join(x for x in ((before if leans_back(part) else ""), scene) if x)
        return f"{part} {part} {around}" if around else part

    def _indexed(self, name: str) -> bool:
        terms = self.analyzer.terms(name)
        return bool(terms) and all(self.retriever.lexical.knows(t) for t in terms)

    @staticmethod
    def _signals(passages: Sequence[Passage], scope_margin: float, context: str = "") -> dict[str, float]:
        if not passages:
            return {}
        # read in the order the passages' own text puts them (Passage.evidence): the section model reorders what is
        # quoted, it does not make an answer look surer or less sure
        ordered = sorted(passages, key=lambda p: (not p.leads, -p.evidence))
        best = ordered[0]
        runner_up = ordered[1].evidence if len(ordered) > 1 else 0.0
        return {"dense": best.dense, "coverage": best.coverage, "heading": best.heading_coverage,
                "question": best.question_similarity, "gap": best.evidence - runner_up,
                "scope_margin": scope_margin, "scene": min(len(context.split()) / SCENE_WORDS, 1.0)}

    def _confidence(self, best: Passage | None, signals: dict[str, float]) -> float:
        if best is None:
            return 0.0
        if self.calibration is None:
            return confidence(best)
        return round(self.calibration.probability(signals), 3)

    @staticmethod
    def _sources(passages: Sequence[Passage]) -> list[Source]:
        return [Source(i, p.title, p.section, p.path, round(min(max(p.rank_score, 0.0), 1.0), 3))
                for i, p in enumerate(passages, start=1)]

    def _unknown(self, question: str, query: str, conf: float, passages: Sequence[Passage]) -> Answer:
        suggestions = list(dict.fromkeys(p.breadcrumb for p in passages[:3]))[:2]
        text = (f"I don't know the answer to that: it isn't covered by the adoption guides I can see. "
                f"Please ask {self.policy.human_contact}, who can answer and add it to the knowledge base.")
        if suggestions:
            text += "\nClosest topics I do cover: " + "; ".join(f"_{s}_" for s in suggestions) + "."
        return Answer(question, False, "unknown", text, conf, [], query=query, suggestions=suggestions)

    def _decline_kind(self, question: str, task: str) -> Answer:
        text = (f"I can't do that for you ({WORK[task]}): I answer how-to questions about adopting AI at work "
                f"from the adoption guides. "
                + ASK_INSTEAD.get(task, f"For the rest, please ask {self.policy.human_contact}."))
        return Answer(question, False, "out_of_scope", text, 0.0, [], query=question)

    def _out_of_scope(self, question: str, query: str, route: str, conf: float) -> Answer:
        text = ("That's outside what I can help with: I answer questions about adopting AI at work "
                "(rollout phases, KPIs and OKRs, incentives, surveys and this bot).")
        if route == "it":
            text += f" For accounts, passwords, devices and access, please contact {self.policy.it_contact}."
        elif route in ELSEWHERE:
            text += " " + ELSEWHERE[route]
        else:
            text += f" For anything else about AI at work, {self.policy.human_contact} can help."
        return Answer(question, False, "out_of_scope", text, max(conf, 0.0), [], query=query)
