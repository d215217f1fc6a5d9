"""The chat service (FastAPI + uvicorn): Tiflux API v2 where it exists, our extensions elsewhere."""
