"""Item delegates: they paint from model roles only."""
