"""Copies of one story that several sites publish: their bodies are near-duplicates, as
the language pipeline's MinHash signatures measure it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import numpy as np

from nghedan.language.duplicates import signature, similarity

from .common import ArticleIn


def syndication_key(article: ArticleIn) -> np.ndarray | None:
    """The MinHash signature of the article's body (its title when it has no body), as
    `language.duplicates.signature` computes it: copies of one story on different sites
    have nearly equal keys. None when there is nothing to compare. Store it with
    `duplicates.signature_bytes`."""
    return signature(article.text or article.title)


def group_syndicated(*, articles: Sequence[ArticleIn], threshold: float = 0.8) -> list[list[int]]:
    """Indices of the articles grouped by story: two articles whose bodies' estimated
    Jaccard similarity reaches `threshold` are copies of one story (groups are closed
    under that relation). Every article is in exactly one group; within a group the
    earliest published comes first (undated ones last, then input order); groups come in
    the order of their first article in the input."""
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    keys = [syndication_key(article) for article in articles]
    parent = list(range(len(articles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    signatures = {i: key for i, key in enumerate(keys) if key is not None}
    comparable = list(signatures)
    if len(comparable) > 1:
        matrix = np.stack([signatures[i] for i in comparable])
        for row, i in enumerate(comparable[:-1]):
            # All later signatures at once; `similarity` confirms each match.
            agreement = (matrix[row + 1 :] == matrix[row]).mean(axis=1)
            for offset in np.flatnonzero(agreement >= threshold - 1e-9):
                j = comparable[row + 1 + int(offset)]
                if similarity(signatures[i], signatures[j]) >= threshold - 1e-9:
                    parent[root(j)] = root(i)

    groups: dict[int, list[int]] = {}
    for i in range(len(articles)):
        groups.setdefault(root(i), []).append(i)
    far_future = datetime.max.replace(tzinfo=UTC)

    def order(i: int) -> tuple[bool, datetime, int]:
        published = articles[i].published
        return (published is None, published or far_future, i)

    return [sorted(members, key=order) for members in sorted(groups.values(), key=min)]
