import numpy as np
import pytest

from bot.retrieval.embeddings import (
    DIMENSIONS,
    MAX_TOKENS,
    LocalEmbeddings,
    _check_recipe,
    bundled_model_path,
)


def test_encoder_reproduces_sentence_transformers(shared_embeddings):
    from sentence_transformers import SentenceTransformer

    texts = ["How do we measure AI adoption?", "Phase 2 produces five deliverables: a pilot plan and more.",
             "x", "A long passage. " * 200]
    reference = SentenceTransformer(bundled_model_path(), device="cpu")
    reference.max_seq_length = MAX_TOKENS
    expected = reference.encode(texts, normalize_embeddings=True)
    ours = np.asarray(shared_embeddings.embed_documents(texts))
    assert ours.shape == (4, DIMENSIONS)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert (np.sum(ours * expected, axis=1) > 0.999).all()  # bf16 on capable CPUs stays this close


def test_order_and_queries_are_consistent(shared_embeddings):
    texts = ["short", "a somewhat longer sentence about incentives", "mid length text"]
    together = np.asarray(shared_embeddings.embed_documents(texts))
    alone = np.asarray([shared_embeddings.embed_documents([t])[0] for t in texts])
    assert np.allclose(together, alone, atol=2e-2)  # batching and length-sorting keep each text's vector
    query = np.asarray(shared_embeddings.embed_query(texts[1]))
    assert float(query @ together[1]) > 0.999
    assert shared_embeddings.embed_documents([]) == []


def test_a_model_with_another_recipe_is_refused(tmp_path):
    (tmp_path / "1_Pooling").mkdir()
    (tmp_path / "modules.json").write_text('[{"type": "sentence_transformers.models.Transformer"}, '
                                           '{"type": "sentence_transformers.models.Pooling"}]')
    (tmp_path / "1_Pooling" / "config.json").write_text('{"pooling_mode_cls_token": true}')
    with pytest.raises(ValueError, match="mean-pooled"):
        _check_recipe(tmp_path)
    with pytest.raises(ValueError):
        LocalEmbeddings(str(tmp_path)).embed_query("hello")
