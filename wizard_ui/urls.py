from __future__ import annotations

from django.urls import path

from wizard_ui.views import plan_steps, results, start

app_name = "wizard_ui"
urlpatterns = [
    path("", start.home, name="home"),
    path("plans/", start.plan_list, name="plans"),
    path("plans/<str:plan_id>/", start.project, name="project"),
    path("plans/<str:plan_id>/refactor/", plan_steps.refactor, name="refactor"),
    path("plans/<str:plan_id>/details/", plan_steps.details_view, name="details"),
    path("plans/<str:plan_id>/details/check/", plan_steps.details_check, name="details_check"),
    path("plans/<str:plan_id>/preview/", results.preview, name="preview"),
    path("plans/<str:plan_id>/rehearse/", results.rehearse, name="rehearse"),
    path("plans/<str:plan_id>/download/", results.download, name="download"),
    path("plans/<str:plan_id>/download/<str:name>", results.download_zip, name="download_zip"),
    path("plans/<str:plan_id>/walkthrough/", results.walkthrough, name="walkthrough"),
    path(
        "plans/<str:plan_id>/walkthrough/<int:number>/",
        results.walkthrough,
        name="walkthrough_slide",
    ),
]
