"""The wizard's pages: one function view per step."""
