"""The playground's static files, cacheable for a day: they change only with a release."""

from __future__ import annotations

import os

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from api.graphiql import STATIC_DIR


class StaticAssets(StaticFiles):
    def __init__(self) -> None:
        super().__init__(directory=STATIC_DIR)

    def file_response(
        self, full_path: str | os.PathLike[str], stat_result: os.stat_result, scope: Scope, status_code: int = 200
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers["Cache-Control"] = "public, max-age=86400"
        return response
