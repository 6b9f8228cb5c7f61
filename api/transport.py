"""GraphQL over HTTP: reading a request, choosing the response's media type, shaping errors.

Follows the GraphQL-over-HTTP specification: POST with a JSON object body, GET with URL
parameters (queries only), `application/graphql-response+json` for clients that accept
it and `application/json` for the rest. Anything that is not a well-formed request is
refused here, before GraphQL sees it, with a 4xx status and a body shaped like a GraphQL
response, so a client has one error format to read whatever went wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
from starlette.requests import Request

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"

#: JSON deeper than this is no request a client needs to send (variables included).
MAX_JSON_DEPTH = 32


class TransportError(Exception):
    """A request that is not well-formed GraphQL over HTTP: answered with `status`."""

    def __init__(self, status: int, message: str, code: str = "BAD_REQUEST", headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.headers = headers or {}

    def __reduce__(self) -> tuple[type[TransportError], tuple[int, str, str, dict[str, str]]]:
        """Pickled whole, as a query process (api.offload) raises it to the loop."""
        return TransportError, (self.status, self.message, self.code, self.headers)

    def body(self) -> dict[str, Any]:
        return {"errors": [{"message": self.message, "extensions": {"code": self.code}}]}


@dataclass(frozen=True)
class GraphQLRequest:
    query: str | None
    variables: dict[str, Any] | None
    operation_name: str | None
    extensions: dict[str, Any] | None


def response_media_type(accept: str | None) -> str:
    """The media type to answer in, from the Accept header (q-values honored)."""
    if not accept:
        return JSON
    offered: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept.split(",")):
        media, _, parameters = part.strip().partition(";")
        quality = 1.0
        for parameter in parameters.split(";"):
            key, _, value = parameter.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        offered.append((quality, -position, media.strip().lower()))
    for quality, _, media in sorted(offered, reverse=True):
        if quality <= 0:
            continue
        if media == GRAPHQL_RESPONSE:
            return GRAPHQL_RESPONSE
        if media in (JSON, "application/*", "*/*"):
            return JSON
    raise TransportError(
        406, f"cannot answer in any of the accepted media types; accept {GRAPHQL_RESPONSE} or {JSON}", "NOT_ACCEPTABLE"
    )


def _depth(value: Any) -> int:
    """How deeply `value` nests, computed without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def _decode_json(text: str | bytes, what: str) -> Any:
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        if "depth limit" in str(error):
            raise TransportError(400, f"{what} nests deeper than {MAX_JSON_DEPTH} levels") from None
        raise TransportError(400, f"{what} is not valid UTF-8 JSON: {error}") from None
    if _depth(value) > MAX_JSON_DEPTH:
        raise TransportError(400, f"{what} nests deeper than {MAX_JSON_DEPTH} levels")
    return value


def _parameters(values: dict[str, Any]) -> GraphQLRequest:
    """Check the four parameters' types, as the specification requires."""
    unknown = sorted(set(values) - {"query", "variables", "operationName", "extensions"})
    if unknown:
        raise TransportError(400, f'unknown request parameter "{unknown[0]}"')
    query, variables = values.get("query"), values.get("variables")
    operation_name, extensions = values.get("operationName"), values.get("extensions")
    if query is not None and not isinstance(query, str):
        raise TransportError(400, '"query" must be a string')
    if operation_name is not None and not isinstance(operation_name, str):
        raise TransportError(400, '"operationName" must be a string')
    if variables is not None and not isinstance(variables, dict):
        raise TransportError(400, '"variables" must be an object')
    if extensions is not None and not isinstance(extensions, dict):
        raise TransportError(400, '"extensions" must be an object')
    return GraphQLRequest(query=query, variables=variables, operation_name=operation_name, extensions=extensions)


async def read_request(request: Request, *, max_body_bytes: int) -> GraphQLRequest:
    """The GraphQL request a GET or POST carries, or TransportError."""
    if request.method == "GET":
        values: dict[str, Any] = dict(request.query_params)
        for name in ("variables", "extensions"):
            if name in values:
                values[name] = _decode_json(values[name], f'"{name}"')
        return _parameters(values)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != JSON:
        raise TransportError(
            415, f"a POST body must be {JSON}, got {content_type or 'no content type'}", "UNSUPPORTED_MEDIA_TYPE"
        )
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_body_bytes:
        raise TransportError(413, f"the body is larger than {max_body_bytes} bytes", "PAYLOAD_TOO_LARGE")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_body_bytes:
            raise TransportError(413, f"the body is larger than {max_body_bytes} bytes", "PAYLOAD_TOO_LARGE")
    value = _decode_json(bytes(body), "the body")
    if isinstance(value, list):
        raise TransportError(400, "batched operations are not supported: send one operation per request")
    if not isinstance(value, dict):
        raise TransportError(400, "the body must be a JSON object with a query")
    return _parameters(value)
