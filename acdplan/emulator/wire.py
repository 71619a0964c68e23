"""The shapes on the wire every route shares: an error answer, a response, a request, the body checks."""

from __future__ import annotations

import json
import secrets


class ApiError(Exception):
    """An error answer: the admin API's `{error, errorDescription}`, the DFO's `{errors: [...]}`."""

    def __init__(self, status: int, error: str, description: str = "", field: str = ""):
        super().__init__(description or error)
        self.status, self.error, self.description, self.field = status, error, description, field


class Response:
    def __init__(self, status: int = 200, body=None, headers: dict | None = None):
        self.status, self.body, self.headers = status, body, headers or {}


class _Request:
    def __init__(self, method, path, query, headers, body, params):
        self.method, self.path, self.query, self.headers, self.body, self.params = (
            method,
            path,
            query,
            headers,
            body,
            params,
        )

    def json(self):
        if not self.body:
            return {}
        try:
            value = json.loads(self.body)
        except ValueError:
            raise ApiError(400, "InvalidJson", "the body is not JSON") from None
        if not isinstance(value, dict):
            raise ApiError(400, "InvalidJson", "the body must be a JSON object")
        return value


def _strings(body: dict, fields, where: str) -> None:
    """Ids the published types give as strings (cj:AdminAgentsService.ts: `agentId: string` and
    `roleId: string` in PUT /agents, `agentIds: Array<string>` in POST /agents/skills, `skillId:
    string` in an agent's skills) are refused as numbers, with the admin API's 400 shape."""
    for name in fields:
        value = body.get(name) if isinstance(body, dict) else None
        values = value if isinstance(value, list) else [value]
        for one in values:
            if one is not None and not isinstance(one, str):
                place = f"{where}.{name}" if where else name
                raise ApiError(400, "InvalidArgument", f"{place} must be a string, not {json.dumps(one)}", place)


def _only(body: dict, allowed, where: str) -> None:
    if not isinstance(body, dict):
        raise ApiError(400, "InvalidArgument", f"{where or 'the body'} must be a JSON object", where)
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        place = f"{where}." if where else ""
        raise ApiError(400, "InvalidArgument", f"unknown field {place}{unknown[0]}", place + unknown[0])


def _error(error: ApiError, dfo: bool) -> Response:
    if dfo:  # cj:DigitalChannelService.ts ApiErrorCollection
        return Response(
            error.status,
            {
                "errors": [
                    {
                        "field": error.field,
                        "message": error.description or error.error,
                        "parameters": {},
                        "errorCode": error.error,
                    }
                ],
                "uid": secrets.token_hex(8),
            },
        )
    if error.error.islower() or "_" in error.error:  # OAuth errors of the token endpoints
        return Response(error.status, {"error": error.error, "error_description": error.description})
    return Response(
        error.status, {"error": error.error, "errorDescription": error.description}
    )  # AdminGeneralService.ts


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
