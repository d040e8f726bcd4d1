"""Dense vectors in Chroma (embedded under the data dir, or a Chroma server when COACH_CHROMA_URL is set).

We always hand Chroma our own embeddings (through langchain-chroma), so Chroma's default embedding
function, which would download a model, is never used. Telemetry is off.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlparse

from bot.errors import UserError
from bot.retrieval.embeddings import LocalEmbeddings

COLLECTION = "knowledge"  # default name; one vector per chunk (sentence vectors live in the database: ChunkUnit)


def make_chroma_client(persist_dir: Path, url: str | None):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if url:
        parsed = urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise UserError(f"COACH_CHROMA_URL must look like http://host:8000, not {url!r}.")
        try:
            return chromadb.HttpClient(host=parsed.hostname, port=parsed.port or 8000, ssl=parsed.scheme == "https",
                                       settings=chroma_settings)
        except Exception as exc:  # chromadb raises plain ValueError/ConnectionError when the server is down
            raise UserError(f"Cannot reach the Chroma server at {url} (COACH_CHROMA_URL): "
                            f"{type(exc).__name__}. Is `chroma run` up?") from exc
    persist_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(persist_dir), settings=chroma_settings)


class VectorIndex:
    def __init__(self, embeddings: LocalEmbeddings, persist_dir: Path, url: str | None = None,
                 collection: str = COLLECTION):
        self.embeddings = embeddings
        self._persist_dir = persist_dir
        self._url = url
        self.collection = collection
        self._store = None

    @property
    def store(self):
        if self._store is None:
            from langchain_chroma import Chroma

            self._store = Chroma(collection_name=self.collection, embedding_function=self.embeddings,
                                 client=make_chroma_client(self._persist_dir, self._url),
                                 collection_metadata={"hnsw:space": "cosine"})
        return self._store

    def close(self) -> None:
        """Release the Chroma client (an embedded one holds its SQLite files, an event loop and threads); the
        next use opens a new one."""
        store, self._store = self._store, None
        if store is not None:
            store._client.close()

    def add(self, ids: Sequence[str], texts: Sequence[str], metadatas: Sequence[dict]) -> None:
        if ids:
            self.store.add_texts(texts=list(texts), metadatas=list(metadatas), ids=list(ids))

    def delete(self, ids: Sequence[str]) -> None:
        if ids:
            self.store.delete(ids=list(ids))

    def count(self) -> int:
        return self.store._collection.count()

    def reset(self) -> None:
        self.store.reset_collection()

    def search(self, vector: list[float], k: int) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity), best first."""
        total = self.count()
        if total == 0:
            return []
        result = self.store._collection.query(query_embeddings=[vector], n_results=min(k, total),
                                              include=["distances"])
        return [(cid, 1.0 - float(dist)) for cid, dist in zip(result["ids"][0], result["distances"][0])]

    def vectors(self, ids: Sequence[str]) -> dict[str, list[float]]:
        if not ids:
            return {}
        got = self.store._collection.get(ids=list(ids), include=["embeddings"])
        return {cid: list(vec) for cid, vec in zip(got["ids"], got["embeddings"])}
