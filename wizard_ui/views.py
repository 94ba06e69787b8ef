from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<!doctype html><title>Migration Wizard</title><h1>Migration Wizard</h1>")
