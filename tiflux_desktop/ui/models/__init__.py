"""Qt models: exact adapters of the core's data (no business logic, O(1) data())."""
