"""Dependencies the routes declare: the server state, session tokens, and API keys.

Keys and tokens are compared in constant time and never logged. A missing credential is 401,
one that does not grant the request is 403.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from pydantic import SecretStr

from api.errors import ApiError
from api.state import ServerState

_bearer = HTTPBearer(auto_error=False, description="The session token from POST /v1/sessions.")
_api_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="An agent or admin key.")


def server_state(request: Request) -> ServerState:
    """The server's shared state."""
    state: ServerState = request.app.state.aisle
    return state


State = Annotated[ServerState, Depends(server_state)]


def ready_state(state: State) -> ServerState:
    """The state, once the store and the model are loaded (503 before)."""
    if not state.ready.is_set():
        detail = state.failure or "the assistant is still loading"
        raise ApiError(503, detail, headers={"Retry-After": "5"})
    return state


ReadyState = Annotated[ServerState, Depends(ready_state)]


def session_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """The bearer token (401 when absent)."""
    if credentials is None or not credentials.credentials:
        raise ApiError(
            401,
            "send the session token as 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return credentials.credentials


SessionToken = Annotated[str, Depends(session_token)]


def authorize_session(state: ServerState, session_id: str, token: str) -> None:
    """404 for an unknown session, 403 when the token is not this session's."""
    conversations = state.components.conversations
    if conversations.verify(session_id, token):
        return
    conversations.load(session_id)  # raises UnknownSessionError (404) if there is none
    raise ApiError(403, "this token does not belong to the session")


def _key_holder(keys: list[SecretStr], presented: str | None, role: str) -> str:
    if not presented:
        raise ApiError(401, f"send an {role} key as 'X-API-Key'")
    matched = False
    for key in keys:  # every key is compared, so timing does not tell which one matched
        matched |= hmac.compare_digest(key.get_secret_value().encode(), presented.encode())
    if not keys:
        raise ApiError(403, f"no {role} keys are configured (AISLE_{role.upper()}_API_KEYS)")
    if not matched:
        raise ApiError(403, f"this key is not an {role} key")
    return role


def agent_key(state: State, key: Annotated[str | None, Depends(_api_key)]) -> str:
    """An agent's (or an admin's) request."""
    settings = state.components.settings
    return _key_holder([*settings.agent_api_keys, *settings.admin_api_keys], key, "agent")


def admin_key(state: State, key: Annotated[str | None, Depends(_api_key)]) -> str:
    """An admin's request."""
    return _key_holder(state.components.settings.admin_api_keys, key, "admin")


AgentKey = Annotated[str, Depends(agent_key)]
AdminKey = Annotated[str, Depends(admin_key)]
