from django.urls import path

from . import views, views_board, views_telling

app_name = "engagement"
urlpatterns = [
    path("", views.listening_home, name="home"),
    path("events/", views.event_list, name="event_list"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/feedback/new/", views.event_feedback_create, name="event_feedback_create"),
    path("feedback/", views.feedback_list, name="feedback_list"),
    path("feedback/new/", views.feedback_create, name="feedback_create"),
    path("feedback/link-group/", views.feedback_link_group, name="feedback_link_group"),
    path("feedback/<int:pk>/", views.feedback_detail, name="feedback_detail"),
    path("feedback/<int:pk>/status/", views.feedback_status, name="feedback_status"),
    path("feedback/<int:pk>/link/", views.feedback_link, name="feedback_link"),
    path("feedback/<int:pk>/links/<int:link_pk>/remove/", views.feedback_unlink, name="feedback_unlink"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/template.csv", views.import_template, name="import_template"),
    path("import/<int:pk>/", views.import_preview, name="import_preview"),
    path("search/", views.search, name="search"),
    path("trail/", views_board.trail, name="trail"),
    path("trail/export.csv", views_board.trail_export_csv, name="trail_csv"),
    path("trail/board-paper.pdf", views_board.trail_export_pdf, name="trail_pdf"),
    path("trail/add-to-meeting/", views_board.trail_add_to_meeting, name="trail_add_to_meeting"),
    path("papers/<int:pk>/", views_board.paper_detail, name="paper_detail"),
    path("papers/<int:pk>/download/", views_board.paper_download, name="paper_download"),
    path("decisions/<int:pk>/", views_board.decision_detail, name="decision_detail"),
    path("updates/", views_board.update_list, name="update_list"),
    path("updates/new/", views_board.update_edit, name="update_create"),
    path("updates/<int:pk>/", views_board.update_detail, name="update_detail"),
    path("updates/<int:pk>/edit/", views_board.update_edit, name="update_edit"),
    path("updates/<int:pk>/publish/", views_board.update_publish, name="update_publish"),
    path("updates/<int:pk>/withdraw/", views_board.update_withdraw, name="update_withdraw"),
    path("you-said-we-did/", views_board.public_updates, name="public_updates"),
    path("stop/<str:token>/", views_telling.stop_telling, name="stop_telling"),
]
