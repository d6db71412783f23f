"""Pages for communication needs and the formats made from them (`meetings.formats`).

- Everyone records their own needs (their own page); staff with VIEW_COMMUNICATION_NEEDS see everyone's.
- A format file is for the people who may see its meeting (404 otherwise).
- The manager (MANAGE_MEETINGS) records that a printed copy was posted.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET, require_POST

from coproduction.roles import Capability, require_capability

from . import access, formats
from .format_models import CommunicationNeeds, FormatDelivery, FormatFile
from .forms import CommunicationNeedsForm


@login_required
def needs_edit(request: HttpRequest) -> HttpResponse:
    """The person's own communication needs: recorded once, used for every pack."""
    needs = formats.needs_for(request.user)
    form = CommunicationNeedsForm(request.POST or None, instance=needs)
    if request.method == "POST" and form.is_valid():
        formats.needs_save(person=request.user, by=request.user,
                           **{name: form.cleaned_data[name] for name in form.Meta.fields})
        messages.success(request, "Your needs are saved. Every pack from now on comes in these formats.")
        return redirect("meetings:needs_edit")
    return render(request, "meetings/needs_edit.html", {"form": form, "needs": needs})


@require_capability(Capability.VIEW_COMMUNICATION_NEEDS)
def needs_list(request: HttpRequest) -> HttpResponse:
    """Everyone who has recorded a need, for the team that arranges them."""
    recorded = (CommunicationNeeds.objects.select_related("person")
                .filter(Q(large_print=True) | Q(web_version=True) | Q(audio=True) | Q(printed_by_post=True)
                        | Q(easy_read=True) | Q(supporter=True) | ~Q(interpreter="") | ~Q(note=""))
                .order_by("person__full_name"))
    return render(request, "meetings/needs_list.html", {"recorded": recorded})


# The web version carries its own styles (it is also sent as an attachment, to read offline): its one
# <style> element gets this response's nonce; nothing else may load or run.
WEB_VERSION_CSP = {**settings.SECURE_CSP, "style-src": [CSP.NONCE], "script-src": [CSP.NONE],
                   "img-src": [CSP.NONE], "font-src": [CSP.NONE], "default-src": [CSP.NONE]}


@login_required
@require_GET
@csp_override(WEB_VERSION_CSP)
def format_file(request: HttpRequest, pk: int) -> HttpResponse:
    """A large-print PDF, web version or audio file of a pack, for the people who may see its meeting."""
    item = get_object_or_404(FormatFile.objects.select_related("dispatch"), pk=pk)
    access.get_meeting_for_user(request.user, item.dispatch.meeting_id)
    try:
        handle = default_storage.open(item.storage_name, "rb")
    except FileNotFoundError as error:
        raise Http404("Not found") from error
    filename = f"{'-'.join(item.title.lower().split())[:60] or 'paper'}.{item.extension}"
    if item.kind == FormatFile.Kind.WEB:
        with handle:
            page = handle.read().decode("utf-8")
        nonce = get_nonce(request)
        return HttpResponse(page.replace("<style>", f'<style nonce="{nonce}">', 1), content_type="text/html")
    response = FileResponse(handle, as_attachment=item.kind == FormatFile.Kind.LARGE_PRINT, filename=filename,
                            content_type=item.mimetype)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_capability(Capability.MANAGE_MEETINGS)
@require_POST
def post_done(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = get_object_or_404(FormatDelivery.objects.select_related("dispatch", "person"), pk=pk,
                                 kind=FormatDelivery.Kind.POST)
    if formats.post_done(delivery=delivery, by=request.user):
        messages.success(request, f"The printed copy for {delivery.person.full_name} is recorded as posted.")
    return redirect("meetings:format_requests")
