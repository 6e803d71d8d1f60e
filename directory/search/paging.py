"""Page arithmetic for an already counted result list (the template's pagination macro)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Protocol


class PageParams(Protocol):
    @property
    def page(self) -> int: ...
    @property
    def per_page(self) -> int: ...


class Paging:
    """Mixin: needs ``total``, ``params.page`` and ``params.per_page``."""

    total: int
    params: PageParams

    @property
    def page(self) -> int:
        return self.params.page

    @property
    def per_page(self) -> int:
        return self.params.per_page

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def first(self) -> int:
        return min(self.total, (self.page - 1) * self.per_page + 1)

    @property
    def last(self) -> int:
        return min(self.total, self.page * self.per_page)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1

    @property
    def page_out_of_range(self) -> bool:
        return self.page > self.pages

    def iter_pages(
        self,
        left_edge: int = 2,
        left_current: int = 2,
        right_current: int = 4,
        right_edge: int = 2,
    ) -> Iterator[int | None]:
        """Page numbers to link, ``None`` for a gap (the same contract as Flask-SQLAlchemy)."""
        last_shown = 0
        for number in range(1, self.pages + 1):
            near_edge = number <= left_edge or number > self.pages - right_edge
            near_current = self.page - left_current <= number <= self.page + right_current
            if near_edge or near_current:
                if last_shown and number - last_shown > 1:
                    yield None
                yield number
                last_shown = number
