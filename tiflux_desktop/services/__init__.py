"""User intents (assume, transfer, send, finish ...): return results or raise."""
