"""Recruitment, onboarding, the group agreement and development records (included at the site root)."""

from django.urls import path

from . import onboarding_views, views

urlpatterns = [
    # Public: no sign-in needed.
    path("join/", views.vacancy_list, name="recruitment_vacancy_list"),
    path("join/<int:pk>/", views.vacancy_detail, name="recruitment_vacancy_detail"),
    path("join/<int:pk>/apply/check/", views.apply_check, name="recruitment_apply_check"),
    path("join/<int:pk>/apply/sent/", views.apply_done, name="recruitment_apply_done"),
    path("join/<int:pk>/apply/<slug:step>/", views.apply_step, name="recruitment_apply_step"),
    path("join/status/<str:token>/", views.application_status, name="recruitment_status"),
    path("welcome/<str:uidb64>/<str:token>/", views.set_password, name="recruitment_set_password"),
    # The co-production manager.
    path("recruitment/", views.recruitment_overview, name="recruitment_overview"),
    path("recruitment/reports/", views.recruitment_reports, name="recruitment_reports"),
    path("recruitment/roles/", views.role_list, name="recruitment_role_list"),
    path("recruitment/roles/new/", views.role_new, name="recruitment_role_new"),
    path("recruitment/roles/<int:pk>/", views.role_detail, name="recruitment_role_detail"),
    path("recruitment/roles/<int:pk>/new-version/", views.role_new, name="recruitment_role_revise"),
    path("roles/<int:pk>/versions/<int:number>/", views.role_version, name="recruitment_role_version"),
    path("recruitment/vacancies/new/", views.vacancy_new, name="recruitment_vacancy_new"),
    path("recruitment/vacancies/<int:pk>/", views.vacancy_manage, name="recruitment_vacancy_manage"),
    path("recruitment/applications/<int:pk>/", views.application_detail,
         name="recruitment_application"),
    path("recruitment/applications/<int:pk>/invite-again/", views.invitation_resend,
         name="recruitment_invitation_resend"),
    path("recruitment/applications/<int:pk>/<slug:move>/", views.application_move,
         name="recruitment_application_move"),
    path("recruitment/onboarding/", onboarding_views.onboarding_overview, name="onboarding_overview"),
    path("recruitment/agreement/", onboarding_views.agreement_manage, name="agreement_manage"),
    path("recruitment/agreement/new/", onboarding_views.agreement_new, name="agreement_new"),
    # A leader's own pages (the manager reaches anyone's through the same helpers).
    path("my-role/", onboarding_views.my_role, name="my_role"),
    path("agreement/", onboarding_views.agreement, name="agreement"),
    path("agreement/versions/<int:number>/", onboarding_views.agreement_version, name="agreement_version"),
    path("onboarding/<int:person_pk>/", onboarding_views.onboarding_person, name="onboarding_person"),
    path("onboarding/<int:person_pk>/<slug:step>/", onboarding_views.onboarding_tick, name="onboarding_tick"),
    path("development/", onboarding_views.development, name="development"),
    path("development/goals/new/", onboarding_views.goal_new, name="goal_new"),
    path("development/goals/<int:pk>/achieved/", onboarding_views.goal_achieved, name="goal_achieved"),
    path("development/training/<int:pk>/completed/", onboarding_views.training_complete, name="training_complete"),
    path("development/certificates/<int:pk>/", onboarding_views.certificate_download, name="certificate_download"),
    path("development/<int:person_pk>/", onboarding_views.development, name="development_person"),
    path("development/<int:person_pk>/training/new/", onboarding_views.training_new, name="training_new"),
    path("development/<int:person_pk>/certificates/new/", onboarding_views.certificate_new, name="certificate_new"),
]
