"""Client network: REST over httpx and the realtime websocket loop."""
