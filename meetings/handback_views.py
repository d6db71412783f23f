"""The paper handed back with its check: a Word paper with each finding as a comment, and a written paper with
the suggestions applied, reviewed as a list of changes before it is saved as a new version."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from coproduction.access import refuse
from plain_language import UnreadableDocument

from . import access, language_check, selectors, services
from .forms import RewriteSaveForm
from .models import PaperVersion
from .packs import LateApprovalNeeded

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONTEXT = 40  # characters of the paper shown either side of a change


@dataclass
class ShownChange:
    before: str
    old: str
    new: str
    after: str
    kind: str


def _content(version: PaperVersion) -> bytes:
    try:
        with default_storage.open(version.storage_name, "rb") as handle:
            return handle.read()
    except FileNotFoundError as error:
        raise Http404("Not found") from error


@login_required
@require_GET
def paper_commented(request: HttpRequest, paper_pk: int, version_pk: int) -> HttpResponse:
    """The Word paper with each finding of its check as a comment at its words (the text is unchanged)."""
    version = access.get_checked_version_for_user(request.user, paper_pk, version_pk)
    if version.format != PaperVersion.Format.DOCX:
        raise Http404("Only Word papers can be downloaded with comments.")
    try:
        annotated = language_check.commented_docx(_content(version))
    except UnreadableDocument:
        messages.warning(request, "We could not read this Word document to add the comments.")
        return redirect("meetings:paper_check", paper_pk=paper_pk, version_pk=version_pk)
    stem = PurePath(version.download_filename).stem
    response = HttpResponse(annotated, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{stem}-with-comments.docx"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _shown(text: str, rewrite: Any) -> list[ShownChange]:
    return [ShownChange(before=text[max(0, change.start - CONTEXT):change.start], old=change.old, new=change.new,
                        after=text[change.end:change.end + CONTEXT], kind=change.kind)
            for change in rewrite.changes]


@login_required
def paper_rewrite(request: HttpRequest, paper_pk: int, version_pk: int) -> HttpResponse:
    """"Apply the suggestions": every change listed with the words around it; saving makes a new version."""
    version = access.get_checked_version_for_user(request.user, paper_pk, version_pk)
    paper = version.paper
    if not access.may_change_paper(request.user, paper):
        raise refuse(request.user, f"rewrite of paper version {version_pk}")
    if version.format not in language_check.REWRITABLE:
        raise Http404("Only papers written as text can be rewritten.")
    text = _content(version).decode("utf-8", errors="replace")
    rewrite = language_check.suggested_rewrite(text, version.format)
    late = selectors.pack_sent(paper.meeting) is not None
    form = RewriteSaveForm(request.POST or None, late=late, initial={"proposal": _digest(rewrite.text)})
    if request.method == "POST" and form.is_valid():
        if not rewrite.changes:
            return redirect("meetings:paper_check", paper_pk=paper_pk, version_pk=version_pk)
        if form.cleaned_data["proposal"] != _digest(rewrite.text):
            messages.warning(request, "The paper or the glossary changed since you looked. "
                                      "Here are the changes as they are now: nothing has been saved yet.")
            return redirect(request.path)
        new = _save(version, rewrite.text, request.user, form.cleaned_data.get("late_reason") or "", form)
        if new is not None:
            messages.success(request, f"The changes are saved as version {new.number}. It has been checked again."
                             if not new.held else "The changes are saved. They go out once the chair approves them.")
            return redirect("meetings:paper_check", paper_pk=paper_pk, version_pk=new.pk)
    return render(request, "meetings/paper_rewrite.html", {
        "version": version, "paper": paper, "meeting": paper.meeting, "changes": _shown(text, rewrite),
        "skipped": len(rewrite.skipped), "form": form, "is_current": paper.current_version_id == version.pk,
    })


def _save(version: PaperVersion, text: str, user: Any, late_reason: str, form: RewriteSaveForm) -> Any:
    paper = version.paper
    summary = paper.summary or "The paper with the plain-language suggestions applied."
    try:
        if version.format == PaperVersion.Format.WRITTEN:
            return services.paper_version_add(paper=paper, by=user, summary=summary, written_text=text,
                                              late_reason=late_reason)
        name = PurePath(version.download_filename).with_suffix(f".{version.format}").name
        return services.paper_version_add(paper=paper, by=user, summary=summary, content=text.encode("utf-8"),
                                          filename=name, late_reason=late_reason)
    except LateApprovalNeeded as error:
        form.add_error("late_reason" if "late_reason" in form.fields else None, str(error))
    except ValidationError as error:
        form.add_error(None, error.messages[0])
    return None
