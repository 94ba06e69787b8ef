"""Custom migration operations a kind's migrations need; their source is written into the
migrations."""
