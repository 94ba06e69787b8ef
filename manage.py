#!/usr/bin/env python
"""Django's command-line utility for the Migration Wizard site."""

from __future__ import annotations

from config.cli import manage

if __name__ == "__main__":
    manage()
