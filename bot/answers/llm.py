"""Optional LLM answerer (any LangChain chat model), grounded only on retrieved passages."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from pathlib import Path

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from bot.answers.evidence import Passage
from bot.answers.models import Turn
from bot.answers.text import to_mrkdwn
from bot.errors import UserError

log = logging.getLogger(__name__)
PROMPTS = Path(__file__).resolve().parents[2] / "prompts"
NOT_IN_SOURCES = "NOT_IN_SOURCES"
_CITATION = re.compile(r"\[(\d+)\]")
_TAG = re.compile(r"</?\s*source", re.IGNORECASE)
_PROVIDER_EXTRAS = {"openai": "openai", "anthropic": "anthropic", "ollama": "ollama"}


def build_chat_model(llm: str, base_url: str | None, api_key: str | None, temperature: float) -> BaseChatModel:
    """``provider:model`` through LangChain's init_chat_model, or any model behind an OpenAI-compatible URL."""
    try:
        if base_url:
            from langchain_openai import ChatOpenAI

            return ChatOpenAI(model=llm, base_url=base_url, api_key=api_key or "not-needed",
                              temperature=temperature)
        from langchain.chat_models import init_chat_model

        kwargs = {"temperature": temperature}
        if api_key:
            kwargs["api_key"] = api_key
        return init_chat_model(llm, **kwargs)
    except ImportError as exc:
        provider = llm.split(":", 1)[0] if ":" in llm else "openai"
        extra = _PROVIDER_EXTRAS.get(provider, provider)
        raise UserError(f"COACH_LLM={llm} needs its LangChain provider package: "
                        f"pip install 'adoption-coach[{extra}]'") from exc
    except ValueError as exc:
        raise UserError(f"COACH_LLM={llm} is not a model LangChain knows ({_first_line(exc)}). "
                        "Use provider:model, e.g. openai:gpt-4o-mini.") from exc
    except Exception as exc:  # the provider's client refused its settings, e.g. no API key
        raise UserError(f"COACH_LLM={llm} cannot be set up: {_first_line(exc)} "
                        "(COACH_LLM_API_KEY sets the provider's key)") from exc


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0].rstrip(".")


def _source_block(number: int, p: Passage) -> str:
    body = _TAG.sub("[source", p.text)  # a passage cannot close its own tag or open a new one
    return f'<source id="{number}" title="{_TAG.sub("", p.title)}" section="{_TAG.sub("", p.section)}">\n{body}\n</source>'


class LLMAnswerer:
    def __init__(self, model: BaseChatModel, prompts: Path = PROMPTS):
        self.model = model
        self.system = (prompts / "answer_system.md").read_text()
        self.user = (prompts / "answer_user.md").read_text()

    def messages(self, question: str, passages: Sequence[Passage], history: Sequence[Turn]) -> list:
        conversation = ""
        if history:
            turns = "\n".join(f"Employee: {t.question}" for t in history[-3:])
            conversation = f"Earlier questions in this conversation:\n{turns}\n\n"
        sources = "\n\n".join(_source_block(i, p) for i, p in enumerate(passages, start=1))
        return [SystemMessage(self.system),
                HumanMessage(self.user.format(conversation=conversation, sources=sources, question=question))]

    def answer(self, question: str, passages: Sequence[Passage], history: Sequence[Turn]
               ) -> tuple[str, list[Passage]] | None:
        """(mrkdwn text renumbered to the cited passages, cited passages), or None when not in sources."""
        reply = self.model.invoke(self.messages(question, passages, history))
        text = str(reply.content).strip()
        if not text or NOT_IN_SOURCES in text:
            return None
        cited_numbers = [int(n) for n in dict.fromkeys(_CITATION.findall(text)) if 1 <= int(n) <= len(passages)]
        if not cited_numbers:
            raise ValueError("the model's answer cites none of the sources")
        renumber = {old: new for new, old in enumerate(cited_numbers, start=1)}
        text = _CITATION.sub(lambda m: f"[{renumber[int(m.group(1))]}]" if int(m.group(1)) in renumber else "",
                             text)
        lines = [re.sub(r"^\s*[-*]\s+", "• ", line) for line in text.splitlines()]
        return to_mrkdwn("\n".join(lines)), [passages[n - 1] for n in cited_numbers]
