from __future__ import annotations

from django.urls import path

from . import handback_views, manage_views, minutes_views, views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("plan/", manage_views.meeting_create, name="meeting_create"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/change/", manage_views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/cancel/", manage_views.meeting_cancel, name="meeting_cancel"),
    path("<int:pk>/guests/", manage_views.guest_add, name="guest_add"),
    path("<int:pk>/agenda/add/", manage_views.agenda_item_add, name="agenda_item_add"),
    path("<int:pk>/papers/add/", manage_views.paper_add, name="paper_add"),
    path("<int:pk>/send/", manage_views.pack_send, name="pack_send"),
    path("<int:pk>/sent/<int:dispatch_pk>/", manage_views.dispatch_detail, name="dispatch_detail"),
    path("<int:pk>/sent/<int:dispatch_pk>/retry/", manage_views.dispatch_retry, name="dispatch_retry"),
    path("<int:pk>/read/", views.papers_read, name="papers_read"),
    path("<int:pk>/formats/", views.format_request, name="format_request"),
    path("<int:pk>/attendance/", manage_views.attendance, name="attendance"),
    path("<int:pk>/minutes/", manage_views.minutes_edit, name="minutes_edit"),
    path("<int:pk>/minutes/review/", minutes_views.minutes_review, name="minutes_review"),
    path("<int:pk>/minutes/chair/", minutes_views.minutes_chair, name="minutes_chair"),
    path("<int:pk>/minutes/approve/", minutes_views.minutes_approve, name="minutes_approve"),
    path("<int:pk>/decisions/add/", manage_views.decision_add, name="decision_add"),
    path("<int:pk>/history/", manage_views.meeting_history, name="meeting_history"),
    path("<int:pk>/meeting.ics", views.meeting_ics, name="meeting_ics"),
    path("papers/<int:pk>/new-version/", manage_views.paper_version_add, name="paper_version_add"),
    path("papers/<int:paper_pk>/v/<int:version_pk>/download/", views.paper_download, name="paper_download"),
    path("papers/<int:paper_pk>/v/<int:version_pk>/check/", views.paper_check, name="paper_check"),
    path("papers/<int:paper_pk>/v/<int:version_pk>/with-comments.docx", handback_views.paper_commented,
         name="paper_commented"),
    path("papers/<int:paper_pk>/v/<int:version_pk>/suggestions/", handback_views.paper_rewrite,
         name="paper_rewrite"),
    path("late/<int:pk>/", views.late_request_decide, name="late_request_decide"),
    path("formats/", manage_views.format_requests, name="format_requests"),
    path("formats/<int:pk>/done/", manage_views.format_request_done, name="format_request_done"),
    path("decisions/", views.decision_list, name="decision_list"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/change/", manage_views.decision_edit, name="decision_edit"),
    path("notice-report/", manage_views.compliance_report, name="compliance_report"),
    path("notice-rules/", manage_views.notice_rules, name="notice_rules"),
    path("notice-rules/<int:group_pk>/", manage_views.notice_rule_edit, name="notice_rule_edit"),
    path("calendar/", views.calendar_settings, name="calendar_settings"),
    path("calendar/<uuid:public_id>/<str:secret>.ics", views.calendar_feed, name="calendar_feed"),
]
