"""The static files: vendored libraries cacheable for a day, the project's own revalidated.

Vendored files change only with a release that changes their manifest; the example
page's own scripts may change with any deploy, so browsers check their ETag each time.
"""

from __future__ import annotations

import os
from pathlib import Path

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from api.graphiql import STATIC_DIR

VENDORED = (STATIC_DIR / "graphiql",)


class StaticAssets(StaticFiles):
    def __init__(self) -> None:
        super().__init__(directory=STATIC_DIR)

    def file_response(
        self, full_path: str | os.PathLike[str], stat_result: os.stat_result, scope: Scope, status_code: int = 200
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        vendored = any(Path(full_path).is_relative_to(folder) for folder in VENDORED)
        response.headers["Cache-Control"] = "public, max-age=86400" if vendored else "no-cache"
        return response
