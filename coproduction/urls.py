from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from . import views

handler403 = "coproduction.views.permission_denied"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("profile/", views.profile_edit, name="profile_edit"),
    path("people/", views.person_list, name="person_list"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/roles/", views.person_roles, name="person_roles"),
    path("groups/", views.group_list, name="group_list"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
    path("audit/", views.audit_list, name="audit_list"),
    path("settings/", views.settings_index, name="settings_index"),
    path("emails/not-sent/", views.emails_failed, name="emails_failed"),
    path("recruitment/people/<int:person_pk>/groups/", views.memberships_manage, name="memberships_manage"),
    path("recruitment/people/<int:person_pk>/groups/<int:pk>/end/", views.membership_end, name="membership_end"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/<slug:part>/", views.my_data_part, name="my_data_part"),
    path("my-data.json", views.my_data_json, name="my_data_json"),
    path("", include("recruitment.urls")),
    path("meetings/", include("meetings.urls")),
    path("payments/", include("payments.urls")),
    path("listening/", include("engagement.urls")),
    # No one signs themselves up: the sign-up address goes to sign-in (the adapter also refuses it).
    path("accounts/signup/", RedirectView.as_view(pattern_name="account_login"), name="signup_closed"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
