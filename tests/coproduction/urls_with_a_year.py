"""A URL configuration whose one pattern takes a four-digit year (tests/coproduction/test_rowtools.py)."""

from django.http import HttpResponse
from django.urls import re_path

urlpatterns = [re_path(r"^reports/(?P<year>[0-9]{4})/$", lambda request, year: HttpResponse(year), name="report")]
