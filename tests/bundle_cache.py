"""Targets and bundles built once per test session, shared by the apply tests of both kinds."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from wizard.bundle import Bundle, build_bundle
from wizard.scratch import VENDORS
from wizard.target import Target


class BundleCache:
    """Build each named target and each case's bundle on first use, then reuse them."""

    def __init__(
        self, folder: Path, targets: Mapping[str, Callable[[Path], Path]], cases: Mapping[str, Any]
    ) -> None:
        self.folder = folder
        self.makers = targets
        self.cases = cases
        self.targets: dict[str, Path] = {}
        self.bundles: dict[str, Bundle] = {}

    def target(self, name: str) -> Path:
        if name not in self.targets:
            self.targets[name] = self.makers[name](self.folder / name)
        return self.targets[name]

    def bundle(self, case_name: str) -> Bundle:
        if case_name not in self.bundles:
            case = self.cases[case_name]
            target = Target.resolve(self.target(case.target))
            vendors = getattr(case, "vendors", VENDORS)
            self.bundles[case_name] = build_bundle(target, case.plan, vendors=vendors)
        return self.bundles[case_name]
