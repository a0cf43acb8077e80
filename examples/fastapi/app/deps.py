"""The one way a route gets the caller: `user: User = CurrentUser`."""

from typing import Callable, Dict, Optional

from fastapi import Cookie, Depends, HTTPException, status
from fastapi.security import OAuth2PasswordBearer
from pydantic import BaseModel

from .config import settings
from .security import InvalidToken, introspect, verify_access_token

# Taskflow's login takes the OAuth2 password form, so the docs' "Authorize" button works too.
oauth2_scheme = OAuth2PasswordBearer(
    tokenUrl=f"{settings.taskflow_url}/api/auth/login", auto_error=False
)


class User(BaseModel):
    id: str
    session_id: str
    email: str
    role: str
    # Workspace id -> the user's role there now, from introspection (the token carries none).
    workspaces: Dict[str, str] = {}


def credentials_exception() -> HTTPException:
    return HTTPException(
        status_code=status.HTTP_401_UNAUTHORIZED,
        detail="Could not validate credentials",
        headers={"WWW-Authenticate": "Bearer"},
    )


async def get_current_user(
    bearer: Optional[str] = Depends(oauth2_scheme),
    # Taskflow names its cookie `__Host-access_token` in production (https) and `access_token`
    # in development; the cookie reaches this service only when it is served on the same host.
    host_access_token: Optional[str] = Cookie(default=None, alias="__Host-access_token"),
    access_token: Optional[str] = Cookie(default=None),
) -> User:
    # The cookie wins over the header, as in Taskflow itself (its README, "Tokens").
    token = host_access_token or access_token or bearer
    if not token:
        raise credentials_exception()
    try:
        claims = await verify_access_token(token)
    except InvalidToken:
        raise credentials_exception()
    role = claims["role"]
    workspaces: Dict[str, str] = {}
    if settings.introspection_credential:
        answer = await introspect(token)
        if not answer.get("active"):
            raise credentials_exception()
        role = answer["role"]  # the role now, not the one the token was issued with
        workspaces = {w["id"]: w["role"] for w in answer.get("workspaces", [])}
    return User(
        id=claims["sub"],
        session_id=claims["sid"],
        email=claims["email"],
        role=role,
        workspaces=workspaces,
    )


# FastAPI 0.95+ writes this `CurrentUser = Annotated[User, Depends(get_current_user)]` and
# routes take `user: CurrentUser`; Debian's FastAPI 0.92 predates Annotated dependencies, so
# here routes take `user: User = CurrentUser`. Same dependency, same single way in.
CurrentUser = Depends(get_current_user)


def workspace_role(*allowed: str) -> Callable:
    """A dependency for routes under `/workspaces/{workspace_id}`: the caller's role there must be
    one of `allowed`. The role comes from introspection, asked on every request, so a removal or
    a demotion in Taskflow is refused here at once; without introspection this service knows no
    memberships and refuses every workspace route (a token alone says nothing about them).
    A workspace the caller is not in is 404, as in Taskflow."""

    async def dependency(workspace_id: str, user: User = CurrentUser) -> str:
        role = user.workspaces.get(workspace_id)
        if role is None:
            raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="Workspace not found")
        if role not in allowed:
            raise HTTPException(status_code=status.HTTP_403_FORBIDDEN, detail="Role not allowed")
        return role

    return dependency
