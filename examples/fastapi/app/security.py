"""Verifying Taskflow access tokens: python-jose, pinned the way Taskflow pins them itself."""

import asyncio
import time
from typing import Any, Dict, Optional

import httpx
from jose import JWTError, jwt

from .config import settings

AUDIENCE = "taskflow:api"
# Taskflow writes no other header member; a token with `jwk`, `jku`, `x5u`... is not its own.
HEADER_MEMBERS = {"alg", "typ", "kid"}
CLOCK_SKEW_SECONDS = 30


class InvalidToken(Exception):
    """Anything that is not a valid, current Taskflow access token."""


class Jwks:
    """Taskflow's public keys by kid, fetched from /.well-known/jwks.json and cached.

    A key Taskflow publishes ahead of a rotation (JWT_SIGNING_KEY_NEXT) is in the cached copy
    before any token is signed with it, so a promotion needs no fetch here. A kid that is still
    unknown triggers one early fetch, at most every jwks_min_refresh_seconds, so a stream of
    forged kids cannot turn into a stream of requests to Taskflow.
    """

    def __init__(self, url: str) -> None:
        self._url = url
        self._keys: Dict[str, Dict[str, Any]] = {}
        self._fetched_at = float("-inf")
        self._lock = asyncio.Lock()

    async def key(self, kid: str) -> Optional[Dict[str, Any]]:
        age = time.monotonic() - self._fetched_at
        stale = age > settings.jwks_max_age_seconds
        if stale or (kid not in self._keys and age > settings.jwks_min_refresh_seconds):
            await self._refresh()
        return self._keys.get(kid)

    async def _refresh(self) -> None:
        async with self._lock:
            async with httpx.AsyncClient(timeout=5) as client:
                response = await client.get(self._url)
                response.raise_for_status()
            self._keys = {key["kid"]: key for key in response.json()["keys"] if "kid" in key}
            self._fetched_at = time.monotonic()


jwks = Jwks(f"{settings.taskflow_url}/.well-known/jwks.json")


async def verify_access_token(token: str) -> Dict[str, Any]:
    """The claims of a valid Taskflow access token; raises InvalidToken otherwise."""
    try:
        header = jwt.get_unverified_header(token)
    except JWTError as error:
        raise InvalidToken("malformed token") from error
    if not set(header) <= HEADER_MEMBERS or header.get("typ") != "JWT":
        raise InvalidToken("unexpected header")
    if header.get("alg") != settings.algorithm:
        raise InvalidToken("unexpected algorithm")
    if settings.algorithm == "ES256":
        key = await jwks.key(str(header.get("kid", "")))
        if key is None:
            raise InvalidToken("unknown key")
    else:
        key = settings.secret_key
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=[settings.algorithm],
            audience=AUDIENCE,
            issuer=settings.issuer,
            options={"require_exp": True, "require_iat": True, "require_sub": True},
        )
    except JWTError as error:
        raise InvalidToken("invalid token") from error
    if claims.get("type") != "access" or not claims.get("sid"):
        raise InvalidToken("not an access token")
    if claims["iat"] > time.time() + CLOCK_SKEW_SECONDS:
        raise InvalidToken("issued in the future")
    return claims


async def introspect(token: str) -> Dict[str, Any]:
    """Taskflow's RFC 7662 answer for the token: `{"active": false}` once its session ended."""
    name, _, secret = (settings.introspection_credential or "").partition(":")
    async with httpx.AsyncClient(timeout=5) as client:
        response = await client.post(
            f"{settings.taskflow_url}/api/auth/introspect",
            data={"token": token},
            auth=(name, secret),
        )
    response.raise_for_status()
    return response.json()
