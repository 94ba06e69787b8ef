"""One form per wizard step."""
