"""The one way a route gets the caller: `user: User = CurrentUser`."""

from typing import Optional

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
    if settings.introspection_credential:
        answer = await introspect(token)
        if not answer.get("active"):
            raise credentials_exception()
        role = answer["role"]  # the role now, not the one the token was issued with
    return User(id=claims["sub"], session_id=claims["sid"], email=claims["email"], role=role)


# FastAPI 0.95+ writes this `CurrentUser = Annotated[User, Depends(get_current_user)]` and
# routes take `user: CurrentUser`; Debian's FastAPI 0.92 predates Annotated dependencies, so
# here routes take `user: User = CurrentUser`. Same dependency, same single way in.
CurrentUser = Depends(get_current_user)
