"""A small resource server beside Taskflow: it trusts Taskflow's access tokens.

    TASKFLOW_URL=http://localhost:3000 python3 -m uvicorn app.main:app --port 8000
"""

from fastapi import FastAPI

from .deps import CurrentUser, User

app = FastAPI(title="Taskflow resource server example")


@app.get("/me", response_model=User)
async def read_me(user: User = CurrentUser) -> User:
    return user


@app.get("/health")
async def health() -> dict:
    return {"status": "ok"}
