from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from . import leader_views, recruitment_views, views

handler403 = "coproduction.views.permission_denied"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("profile/", views.profile_edit, name="profile_edit"),
    path("people/", views.person_list, name="person_list"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("groups/", views.group_list, name="group_list"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
    path("audit/", views.audit_list, name="audit_list"),
    path("meetings/", include("meetings.urls")),
    path("payments/", include("payments.urls")),
    path("listening/", include("engagement.urls")),
    # No one signs themselves up: the sign-up address goes to sign-in (the adapter also refuses it).
    path("accounts/signup/", RedirectView.as_view(pattern_name="account_login"), name="signup_closed"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

# Recruitment, onboarding, the group agreement and development records.
urlpatterns += [
    # Public: no sign-in needed.
    path("join/", recruitment_views.vacancy_list, name="recruitment_vacancy_list"),
    path("join/<int:pk>/", recruitment_views.vacancy_detail, name="recruitment_vacancy_detail"),
    path("join/<int:pk>/apply/check/", recruitment_views.apply_check, name="recruitment_apply_check"),
    path("join/<int:pk>/apply/sent/", recruitment_views.apply_done, name="recruitment_apply_done"),
    path("join/<int:pk>/apply/<slug:step>/", recruitment_views.apply_step, name="recruitment_apply_step"),
    path("join/status/<str:token>/", recruitment_views.application_status, name="recruitment_status"),
    path("welcome/<str:uidb64>/<str:token>/", recruitment_views.set_password, name="recruitment_set_password"),
    # The co-production manager.
    path("recruitment/", recruitment_views.recruitment_overview, name="recruitment_overview"),
    path("recruitment/reports/", recruitment_views.recruitment_reports, name="recruitment_reports"),
    path("recruitment/roles/", recruitment_views.role_list, name="recruitment_role_list"),
    path("recruitment/roles/new/", recruitment_views.role_new, name="recruitment_role_new"),
    path("recruitment/roles/<int:pk>/", recruitment_views.role_detail, name="recruitment_role_detail"),
    path("recruitment/roles/<int:pk>/new-version/", recruitment_views.role_new, name="recruitment_role_revise"),
    path("roles/<int:pk>/versions/<int:number>/", recruitment_views.role_version, name="recruitment_role_version"),
    path("recruitment/vacancies/new/", recruitment_views.vacancy_new, name="recruitment_vacancy_new"),
    path("recruitment/vacancies/<int:pk>/", recruitment_views.vacancy_manage, name="recruitment_vacancy_manage"),
    path("recruitment/applications/<int:pk>/", recruitment_views.application_detail,
         name="recruitment_application"),
    path("recruitment/applications/<int:pk>/invite-again/", recruitment_views.invitation_resend,
         name="recruitment_invitation_resend"),
    path("recruitment/applications/<int:pk>/<slug:move>/", recruitment_views.application_move,
         name="recruitment_application_move"),
    path("recruitment/onboarding/", leader_views.onboarding_overview, name="onboarding_overview"),
    path("recruitment/agreement/", leader_views.agreement_manage, name="agreement_manage"),
    path("recruitment/agreement/new/", leader_views.agreement_new, name="agreement_new"),
    path("recruitment/people/<int:person_pk>/groups/", leader_views.memberships_manage, name="memberships_manage"),
    path("recruitment/people/<int:person_pk>/groups/<int:pk>/end/", leader_views.membership_end,
         name="membership_end"),
    # A leader's own pages (the manager reaches anyone's through the same helpers).
    path("my-role/", leader_views.my_role, name="my_role"),
    path("agreement/", leader_views.agreement, name="agreement"),
    path("agreement/versions/<int:number>/", leader_views.agreement_version, name="agreement_version"),
    path("onboarding/<int:person_pk>/", leader_views.onboarding_person, name="onboarding_person"),
    path("onboarding/<int:person_pk>/<slug:step>/", leader_views.onboarding_tick, name="onboarding_tick"),
    path("development/", leader_views.development, name="development"),
    path("development/goals/new/", leader_views.goal_new, name="goal_new"),
    path("development/goals/<int:pk>/achieved/", leader_views.goal_achieved, name="goal_achieved"),
    path("development/training/<int:pk>/completed/", leader_views.training_complete, name="training_complete"),
    path("development/certificates/<int:pk>/", leader_views.certificate_download, name="certificate_download"),
    path("development/<int:person_pk>/", leader_views.development, name="development_person"),
    path("development/<int:person_pk>/training/new/", leader_views.training_new, name="training_new"),
    path("development/<int:person_pk>/certificates/new/", leader_views.certificate_new, name="certificate_new"),
    path("my-data/", leader_views.my_data, name="my_data"),
    path("my-data.json", leader_views.my_data_json, name="my_data_json"),
]
