"""`coach ingest`, `ask`, `chat`, `doctor` and `eval`: the knowledge base and its answers from the terminal,
on the same AnswerService as the Slack app, and how they look there (rich): answers with their sources, the
chat loop, the ingest progress bar and the doctor's table of checks."""

from __future__ import annotations

import json
import re
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from bot.answers.models import Answer, Turn
from bot.answers.service import AnswerService
from bot.cli.common import (
    console,
    container,
    err,
    no_flag_value,
    print_json,
    write_file,
)
from bot.cli.setup import ingest_with_progress, prepare
from bot.container import Container
from bot.errors import UserError

MAX_HISTORY = 6


def ingest(paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders; default: COACH_KNOWLEDGE_DIRS")] = None,
           quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar")] = False) -> None:
    """Index Markdown, text, HTML, PDF, Word, PowerPoint, Excel and CSV files and Notion export zips (only what
    changed is re-embedded)."""
    if quiet:
        no_flag_value("--quiet", [str(p) for p in paths or () if not p.exists()])
    c = container()
    report = ingest_with_progress(c, paths or c.settings.knowledge_dirs, quiet, console)
    for path, reason in report.failed:
        err.print(f"[yellow]skipped[/] {path}: {reason}")
    console.print(f"Indexed: {len(report.added)} added, {len(report.updated)} updated, "
                  f"{len(report.unchanged)} unchanged, {len(report.removed)} removed; "
                  f"{report.chunks_embedded} chunks embedded, {report.chunks_total} in the index.")


def ask(questions: Annotated[list[str], typer.Argument(help="One or more questions")],
        as_json: Annotated[bool, typer.Option("--json", help="One JSON object per question per line")] = False) -> None:
    """Answer questions from the knowledge base."""
    if as_json:
        no_flag_value("--json", questions)
    c = container()
    prepare(c, err)
    service = c.answers
    service.warm_up()  # the model loads before the first question's latency_ms starts counting
    for question in questions:
        answer = service.ask(question)
        if as_json:
            print_json(answer.to_json())
        else:
            print_answer(answer, console)


def chat() -> None:
    """Talk to the coach in the terminal; follow-up questions use the conversation so far."""
    c = container()
    prepare(c, err)
    chat_loop(c.answers, console)


def doctor() -> None:
    """Check configuration, model, index and database."""
    if not run_doctor(container(), console):
        raise typer.Exit(1)


def evaluate(qa: Annotated[list[Path], typer.Option("--qa", help="QA YAML file or folder (repeatable)")],
             as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON")] = False,
             calibrate: Annotated[Path | None, typer.Option("--calibrate", help="Fit confidence on these QA files "
                                                            "and write it to this JSON file")] = None,
             examples: Annotated[Path | None, typer.Option("--examples", help="Write these QA files' in-scope "
                                                           "messages as the section model's worked examples")] = None,
             folds: Annotated[int, typer.Option("--folds", min=0, help="Score each QA file with worked examples "
                                                "fitted without it, in this many folds (hybrid only)")] = 0) -> None:
    """Measure retrieval and answers on a QA set: hybrid, BM25-only and vector-only side by side."""
    from bot.evaluation.crossval import cross_validated, write_examples
    from bot.evaluation.qa import load_qa, run_eval
    from bot.evaluation.report import print_report

    if folds == 1 or (folds and (calibrate or examples)):
        raise UserError("--folds needs at least 2 folds, and goes with neither --calibrate nor --examples.")
    if examples is not None and any("heldout" in part for p in qa for part in p.resolve().parts):
        raise UserError("The held-out sets measure questions nobody tuned on: they are never written into examples.")
    items = load_qa(qa)
    c = container()
    if examples is not None:
        written = write_examples(items, c.uow, c.embeddings)
        write_file(examples, lambda: written.save(examples))
        console.print(f"{len(written)} worked examples from {len({*written.sets})} QA files written to {examples}",
                      highlight=False)
        return
    stale = c.indexer.out_of_date(c.settings.knowledge_dirs)
    if stale:  # the figures would measure an older knowledge base than the one on disk
        shown = ", ".join(stale[:3]) + (f" and {len(stale) - 3} more" if len(stale) > 3 else "")
        err.print(f"warning: the index is older than {len(stale)} knowledge file(s) ({shown}): these figures "
                  "measure the old index; run `coach ingest` first.", markup=False, highlight=False, soft_wrap=True)
    results = (cross_validated(c.answers, c.questions, items, folds) if folds
               else run_eval(c.answers, items))
    fit_rows = results["modes"]["hybrid"].get("fit", [])
    judged = results["modes"]["hybrid"].get("judged", [])
    for mode in results["modes"].values():  # signals are for fitting, not for the report
        for one in (mode, *mode.get("sets", {}).values()):
            one.pop("fit", None)
            one.pop("judged", None)
    if calibrate is not None:
        from bot.answers.calibration import fit

        fitted = fit(fit_rows, sorted({p.name for p in qa}), judged)
        write_file(calibrate, lambda: fitted.save(calibrate))
        console.print(f"Calibration fitted on {fitted.examples} questions, written to {calibrate}; "
                      f"high-confidence mark {fitted.high:.2f}", highlight=False)
    if as_json:
        sys.stdout.write(json.dumps(results, indent=2) + "\n")
    else:
        print_report(results, console)


# views -----------------------------------------------------------------------------------------------

# Slack mrkdwn spans: *bold*, _italic_, `code`. Markers count only at word edges, so snake_case names and
# 2*3 stay as they are. Hand-written: no kept library renders Slack's mrkdwn (it is not Markdown) for a terminal.
_SPANS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"
                    r"|(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])"
                    r"|`([^`\n]+)`")
_STYLES = ("bold", "italic", "cyan")


def mrkdwn_to_terminal(text: str) -> Text:
    """An answer's Slack mrkdwn as styled terminal text: links as "label (url)", entities decoded, the
    markers replaced by bold, italics and code styles (plain text when the output is not a terminal)."""
    text = re.sub(r"<(https?://[^|>]+)\|([^>]+)>", r"\2 (\1)", text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    out, pos = Text(), 0
    for match in _SPANS.finditer(text):
        out.append(text[pos:match.start()])
        group = next(i for i in range(3) if match.group(i + 1) is not None)
        out.append(match.group(group + 1), style=_STYLES[group])
        pos = match.end()
    out.append(text[pos:])
    return out


def print_answer(answer: Answer, console: Console) -> None:
    console.print(mrkdwn_to_terminal(answer.text), highlight=False)
    for s in answer.sources:
        console.print(f"  [{s.number}] {s.label}  ({s.path})", style="dim", markup=False, highlight=False)
    status = "answered" if answer.answered else answer.kind.replace("_", " ")
    console.print(f"  {status} · confidence {answer.confidence:.2f} · {answer.latency_ms:.0f} ms", style="dim")


def chat_loop(service: AnswerService, console: Console, reader=input) -> None:
    """The terminal chat. The model loads while the banner shows, so the first answer is as quick as the rest."""
    warming = _Background(service.warm_up)
    history: list[Turn] = []
    console.print("Ask about rolling out AI at work: phases, KPIs, OKRs, incentives. Empty line or Ctrl-D quits.")
    while True:
        try:
            question = reader("you> ").strip()
        except EOFError:
            console.print()
            return
        if not question or question.lower() in {"quit", "exit"}:
            return
        warming.wait()
        answer = service.ask(question, history)
        print_answer(answer, console)
        if answer.answered:
            history = (history + [Turn(question, answer.text)])[-MAX_HISTORY:]


class _Background:
    """``work`` on a thread of its own; ``wait()`` joins it and raises what it raised (a UserError stays one line)."""

    def __init__(self, work: Callable[[], object]):
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(work,), name="warm-up", daemon=True)
        self._thread.start()

    def _run(self, work: Callable[[], object]) -> None:
        try:
            work()
        except BaseException as exc:  # noqa: BLE001 -- handed to the thread that waits, which raises it
            self._error = exc

    def wait(self) -> None:
        self._thread.join()
        if self._error is not None:
            error, self._error = self._error, None
            raise error


def run_doctor(container: Container, console: Console) -> bool:
    """Print one row per check; True when everything needed to answer is in place."""
    s = container.settings
    table = Table("check", "status", "detail", title="coach doctor")
    ok = True

    def row(name: str, good: bool, detail: str, required: bool = True) -> None:
        nonlocal ok
        ok = ok and (good or not required)
        table.add_row(name, "[green]ok[/]" if good else ("[red]fail[/]" if required else "[yellow]warn[/]"),
                      detail)

    row("data dir", True, str(s.data_dir.resolve()))
    missing = [str(d) for d in s.knowledge_dirs if not d.is_dir()]
    row("knowledge folders", not missing, f"missing: {', '.join(missing)} (COACH_KNOWLEDGE_DIRS)" if missing
        else ", ".join(str(d) for d in s.knowledge_dirs))
    try:
        with container.uow() as uow:  # raises when the database is unreachable or not migrated
            docs, chunks = uow.documents.counts()
            sentences = uow.documents.unit_count()
        row("database", True, f"{s.db_url.split('://', 1)[0]}, migrated")
        row("knowledge index", chunks > 0, f"{docs} documents, {chunks} chunks"
            + ("" if chunks else " (run `coach ingest`)"))
        if chunks and not missing:
            stale = container.indexer.out_of_date(s.knowledge_dirs)
            row("index up to date", not stale, "every knowledge file indexed as it is now" if not stale else
                f"{len(stale)} knowledge file(s) changed since the last ingest, e.g. {stale[0]} (run `coach ingest`)",
                required=False)
        with container.uow() as uow:
            written, taught = uow.questions.counts()
        row("section questions", True, f"{written} listed by the knowledge files, {taught} taught "
            "(`coach teach --list`)", required=False)
    except Exception as exc:
        row("database", False, str(exc))
        docs = chunks = sentences = 0
    try:
        dims = len(container.embeddings.embed_query("adoption"))
        row("embedding model", dims == 384, f"all-MiniLM-L6-v2, {dims} dimensions, offline")
    except Exception as exc:
        row("embedding model", False, f"{type(exc).__name__}: {exc}")
    try:
        vectors = container.vectors.count()
        good = vectors == chunks and (sentences > 0) == (chunks > 0)
        row("vector store", good, f"Chroma ({s.chroma_url or 'embedded'}), {vectors} passage vectors; "
            f"{sentences} sentence vectors in the database" + ("" if good else f" for {chunks} chunks: run `coach ingest`"))
    except Exception as exc:
        row("vector store", False, f"{type(exc).__name__}: {exc}")
    lexical = container.lexical.size
    row("BM25 index", lexical == chunks, f"{lexical} passages")
    try:  # built exactly as the answer path builds it; constructing a chat model makes no network call
        llm = container.llm
        row("LLM", True, f"{s.llm or 'chat model'} ({type(llm.model).__name__})" if llm
            else "none (extractive answers)")
    except UserError as exc:
        row("LLM", False, str(exc))
    except Exception as exc:  # e.g. the prompts/ folder is missing
        row("LLM", False, f"{type(exc).__name__}: {exc}")
    row("Slack", s.slack_configured, "tokens set" if s.slack_configured else "no tokens: local mode only",
        required=False)
    console.print(table)
    return ok
