"""A small resource server beside Taskflow: it trusts Taskflow's access tokens.

    TASKFLOW_URL=http://localhost:3000 python3 -m uvicorn app.main:app --port 8000
"""

from fastapi import Depends, FastAPI

from .deps import CurrentUser, User, workspace_role

app = FastAPI(title="Taskflow resource server example")


@app.get("/me", response_model=User)
async def read_me(user: User = CurrentUser) -> User:
    return user


@app.get("/workspaces/{workspace_id}/report")
async def workspace_report(
    workspace_id: str, role: str = Depends(workspace_role("owner", "admin"))
) -> dict:
    """Something only a workspace's owners and admins may read."""
    return {"workspace_id": workspace_id, "role": role}


@app.get("/health")
async def health() -> dict:
    return {"status": "ok"}
