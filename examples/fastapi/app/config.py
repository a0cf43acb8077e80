"""Settings, read once from the environment (the variables are listed in ../README.md)."""

import os
from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class Settings:
    # Taskflow's public origin, its BETTER_AUTH_URL: where the JWKS and introspection live.
    taskflow_url: str
    # "ES256": verify through Taskflow's JWKS, holding no secret. "HS256": the shared
    # JWT_SECRET_KEY (whoever holds it can mint tokens: prefer ES256 for other services).
    algorithm: str
    secret_key: Optional[str]
    # "name:secret" from Taskflow's RESOURCE_SERVER_SECRETS: when set, every request is also
    # checked by introspection, so a logout or a revocation is refused at once.
    introspection_credential: Optional[str]
    # A JWKS is kept this long at most (Taskflow sends max-age=300), and fetched again early
    # for an unknown kid, but not more often than every jwks_min_refresh_seconds.
    jwks_max_age_seconds: int
    jwks_min_refresh_seconds: int

    @property
    def issuer(self) -> str:
        # Taskflow's `iss`: its origin in ES256 mode, the spec's "taskflow" in HS256 mode.
        return self.taskflow_url if self.algorithm == "ES256" else "taskflow"


def load_settings() -> Settings:
    algorithm = os.environ.get("TASKFLOW_JWT_ALGORITHM", "ES256")
    if algorithm not in ("ES256", "HS256"):
        raise RuntimeError("TASKFLOW_JWT_ALGORITHM must be ES256 or HS256")
    secret_key = os.environ.get("TASKFLOW_JWT_SECRET_KEY") or None
    if algorithm == "HS256" and not secret_key:
        raise RuntimeError("TASKFLOW_JWT_SECRET_KEY is missing (TASKFLOW_JWT_ALGORITHM is HS256)")
    return Settings(
        taskflow_url=os.environ.get("TASKFLOW_URL", "http://localhost:3000").rstrip("/"),
        algorithm=algorithm,
        secret_key=secret_key,
        introspection_credential=os.environ.get("TASKFLOW_INTROSPECTION_CREDENTIAL") or None,
        jwks_max_age_seconds=int(os.environ.get("TASKFLOW_JWKS_MAX_AGE_SECONDS", "300")),
        jwks_min_refresh_seconds=int(os.environ.get("TASKFLOW_JWKS_MIN_REFRESH_SECONDS", "30")),
    )


settings = load_settings()
