from __future__ import annotations

from django.urls import path

from wizard_ui import views

app_name = "wizard_ui"
urlpatterns = [path("", views.home, name="home")]
