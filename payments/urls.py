from django.urls import path

from . import views

app_name = "payments"
urlpatterns = [
    path("", views.index, name="index"),
    path("benefits/", views.benefits, name="benefits"),
    path("how-you-are-paid/", views.payment_details, name="payment_details"),
    path("stripe/start/", views.stripe_onboard, name="stripe_onboard"),
    path("stripe/return/", views.stripe_return, name="stripe_return"),
    path("activities/new/", views.activity_add, name="activity_add"),
    path("claims/new/", views.claim_new, name="claim_new"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/activities/", views.claim_activities, name="claim_activities"),
    path("claims/<int:pk>/expenses/", views.claim_expenses, name="claim_expenses"),
    path("claims/<int:pk>/expenses/new/", views.expense_kind, name="expense_kind"),
    path("claims/<int:pk>/expenses/new/<str:kind>/", views.expense_add, name="expense_add"),
    path("claims/<int:pk>/check/", views.claim_check, name="claim_check"),
    path("claims/<int:pk>/adviser-summary/", views.claim_adviser, name="claim_adviser"),
    path("receipts/<int:pk>/", views.receipt, name="receipt"),
    path("statements/", views.statements, name="statements"),
    path("statements/<int:year>-<int:month>.csv", views.statement_month, name="statement_month"),
    path("statements/tax-year-<int:year>.csv", views.statement_tax_year, name="statement_tax_year"),
    path("statements/<int:year>-<int:month>.pdf", views.statement_month, {"fmt": "pdf"}, name="statement_month_pdf"),
    path("statements/tax-year-<int:year>.pdf", views.statement_tax_year, {"fmt": "pdf"},
         name="statement_tax_year_pdf"),
    path("review/", views.review_list, name="review_list"),
    path("budgets/", views.budgets, name="budgets"),
    path("runs/", views.runs, name="runs"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("runs/<int:pk>/bank-file.csv", views.run_file, name="run_file"),
    path("totals/tax-year-<int:year>.csv", views.year_totals, name="year_totals"),
    path("webhooks/stripe/", views.stripe_webhook, name="stripe_webhook"),
]
