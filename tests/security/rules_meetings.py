"""Access rules for the meetings app's URLs (see access_rules.py).

The object is a meeting of a working group that the `leader` persona belongs to, chaired by that leader;
the manager sees every meeting; other people are not invited (404), and manager pages are 403 for them.
"""

from __future__ import annotations

from typing import Any

from tests.security.access_rules import SIGNED_IN, Rule

MANAGER_ONLY = ["manager"]
INVITED = ["leader", "manager"]


def _meeting(personas: dict[str, Any]):
    from meetings import services
    from tests.factories import GroupFactory
    from tests.meetings.factories import MeetingFactory, add_member

    group = GroupFactory(name="Working group: access and waiting")
    add_member(group, personas["leader"])
    meeting = MeetingFactory(group=group, chair=personas["leader"])
    paper = services.paper_create(meeting=meeting, title="Crisis line", by=personas["manager"],
                                  author=personas["leader"])
    version = services.paper_version_add(paper=paper, by=personas["manager"], summary="What we ask you to agree.",
                                         content=b"The paper text.", filename="paper.md")
    return meeting, paper, version


def meeting_kwargs(personas: dict[str, Any]) -> dict[str, Any]:
    meeting, _paper, _version = _meeting(personas)
    return {"pk": meeting.pk}


def minutes_kwargs(personas: dict[str, Any]) -> dict[str, Any]:
    from meetings import minutes

    meeting, _paper, _version = _meeting(personas)
    minutes.minutes_save(meeting=meeting, text="We agreed to open the line at weekends.", by=personas["manager"])
    return {"pk": meeting.pk}


def guest_kwargs(personas: dict[str, Any]) -> dict[str, Any]:
    meeting, _paper, _version = _meeting(personas)
    meeting.guests.add(personas["board_member"])
    return {"pk": meeting.pk, "person_pk": personas["board_member"].pk}


def agenda_item_kwargs(personas: dict[str, Any]) -> dict[str, Any]:
    from meetings import services

    meeting, _paper, _version = _meeting(personas)
    services.agenda_item_add(meeting=meeting, title="Welcome")
    item = services.agenda_item_add(meeting=meeting, title="Crisis line hours", purpose="decision")
    return {"pk": meeting.pk, "item_pk": item.pk}


def paper_kwargs(personas: dict[str, Any]) -> dict[str, Any]:
    _meeting_obj, paper, _version = _meeting(personas)
    return {"pk": paper.pk}


def download_kwargs(personas: dict[str, Any]) -> dict[str, Any]:
    _meeting_obj, paper, version = _meeting(personas)
    return {"paper_pk": paper.pk, "version_pk": version.pk}


def docx_kwargs(personas: dict[str, Any]) -> dict[str, Any]:
    import io

    import docx

    from meetings import services

    _meeting_obj, paper, _version = _meeting(personas)
    document = docx.Document()
    document.add_paragraph("The ICB will utilise the money.")
    buffer = io.BytesIO()
    document.save(buffer)
    version = services.paper_version_add(paper=paper, by=personas["manager"], summary="What we ask you to agree.",
                                         content=buffer.getvalue(), filename="paper.docx")
    return {"paper_pk": paper.pk, "version_pk": version.pk}


def dispatch_kwargs(personas: dict[str, Any]) -> dict[str, Any]:
    from meetings.models import PackDispatch

    meeting, _paper, _version = _meeting(personas)
    dispatch = PackDispatch.objects.create(meeting=meeting, sent_by=personas["manager"])
    return {"pk": meeting.pk, "dispatch_pk": dispatch.pk}


def late_request_kwargs(personas: dict[str, Any]) -> dict[str, Any]:
    from meetings import services

    meeting, _paper, _version = _meeting(personas)
    late = services.late_request_create(meeting=meeting, reason="The finance figures came late.",
                                        by=personas["manager"])
    return {"pk": late.pk}


def format_request_kwargs(personas: dict[str, Any]) -> dict[str, Any]:
    from meetings import services

    meeting, _paper, _version = _meeting(personas)
    request = services.format_request_create(meeting=meeting, person=personas["leader"], format="large_print")
    return {"pk": request.pk}


def _format_dispatch(personas: dict[str, Any]):
    from meetings.models import PackDispatch

    meeting, _paper, _version = _meeting(personas)
    return PackDispatch.objects.create(meeting=meeting, sent_by=personas["manager"],
                                       deadline=meeting.deadline)


def format_file_kwargs(personas: dict[str, Any]) -> dict[str, Any]:
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from meetings.format_models import FormatFile

    dispatch = _format_dispatch(personas)
    name = default_storage.save("meetings/formats/test.html", ContentFile(b"<!DOCTYPE html><title>x</title>"))
    item = FormatFile.objects.create(key=f"{dispatch.pk}:agenda:web", dispatch=dispatch, kind="web",
                                     title="Agenda", storage_name=name, mimetype="text/html", size=31)
    return {"pk": item.pk}


def post_kwargs(personas: dict[str, Any]) -> dict[str, Any]:
    from meetings.format_models import FormatDelivery

    dispatch = _format_dispatch(personas)
    delivery = FormatDelivery.objects.create(dispatch=dispatch, person=personas["leader"], kind="post",
                                             due_at=dispatch.deadline)
    return {"pk": delivery.pk}


def decision_kwargs(personas: dict[str, Any]) -> dict[str, Any]:

    from meetings import services

    meeting, _paper, _version = _meeting(personas)
    decision = services.decision_create(meeting=meeting, title="Open the crisis line at weekends",
                                        decision="Agreed.")
    return {"pk": decision.pk}


def group_kwargs(personas: dict[str, Any]) -> dict[str, Any]:
    from tests.factories import GroupFactory

    return {"group_pk": GroupFactory().pk}


def feed_kwargs(personas: dict[str, Any]) -> dict[str, Any]:
    from meetings import services

    token, secret = services.feed_token_create(person=personas["leader"])
    return {"public_id": token.public_id, "secret": secret}


def manager_page(make=meeting_kwargs, **extra: Any) -> Rule:
    return Rule(allowed=MANAGER_ONLY, make=make, **extra)


RULES: dict[str, Rule] = {
    "meetings:meeting_list": Rule(allowed=SIGNED_IN),
    "meetings:meeting_create": Rule(allowed=MANAGER_ONLY),
    "meetings:meeting_detail": Rule(allowed=INVITED, refused_with=404, make=meeting_kwargs),
    "meetings:meeting_edit": manager_page(),
    "meetings:meeting_cancel": manager_page(),
    "meetings:guest_add": manager_page(),
    "meetings:guest_remove": manager_page(make=guest_kwargs, methods=("POST",)),
    "meetings:agenda_item_add": manager_page(),
    # Changing the agenda: the manager only (leaders, the chair included, and the board get 403).
    "meetings:agenda_manage": manager_page(methods=("GET",)),
    "meetings:agenda_item_edit": manager_page(make=agenda_item_kwargs),
    "meetings:agenda_item_move": manager_page(make=agenda_item_kwargs, methods=("POST",)),
    "meetings:agenda_item_remove": manager_page(make=agenda_item_kwargs),
    "meetings:paper_add": manager_page(),
    "meetings:pack_send": manager_page(),
    "meetings:dispatch_detail": manager_page(make=dispatch_kwargs),
    "meetings:dispatch_retry": manager_page(make=dispatch_kwargs, methods=("POST",)),
    "meetings:attendance": manager_page(),
    "meetings:minutes_edit": manager_page(),
    # The draft and its comments: the chair (the leader here) and the manager; the chair's actions (a POST
    # with no action changes nothing); approval is checked against the chair of the approving meeting.
    "meetings:minutes_review": Rule(allowed=INVITED, refused_with=404, make=minutes_kwargs),
    "meetings:minutes_chair": Rule(allowed=["leader"], refused_with=404, make=minutes_kwargs, methods=("POST",),
                                   overrides={"manager": 403}),
    "meetings:minutes_approve": Rule(allowed=INVITED, refused_with=404, make=minutes_kwargs, methods=("POST",)),
    "meetings:decision_add": manager_page(),
    "meetings:meeting_history": manager_page(),
    "meetings:papers_read": Rule(allowed=INVITED, refused_with=404, make=meeting_kwargs, methods=("POST",)),
    # Only people invited ask for another format (the manager arranges them, and is not an invitee here).
    "meetings:format_request": Rule(allowed=["leader"], refused_with=404, make=meeting_kwargs),
    "meetings:meeting_ics": Rule(allowed=INVITED, refused_with=404, make=meeting_kwargs, methods=("GET",)),
    # The paper's author (the leader) and the manager may add a version.
    "meetings:paper_version_add": Rule(allowed=INVITED, refused_with=404, make=paper_kwargs),
    # The check of a paper, with its acknowledge and chair-override forms (POST with no form changes nothing).
    "meetings:paper_check": Rule(allowed=INVITED, refused_with=404, make=download_kwargs),
    # The paper handed back: the Word paper with comments (whoever sees the check); the suggestions applied
    # (the author, here the leader, and the manager).
    "meetings:paper_commented": Rule(allowed=INVITED, refused_with=404, make=docx_kwargs, methods=("GET",)),
    "meetings:paper_rewrite": Rule(allowed=INVITED, refused_with=404, make=download_kwargs),
    "meetings:paper_download": Rule(allowed=INVITED, refused_with=404, make=download_kwargs, methods=("GET",)),
    # Only the chair decides on late papers; the manager sees the meeting but is not its chair.
    "meetings:late_request_decide": Rule(allowed=["leader"], refused_with=404, make=late_request_kwargs,
                                         overrides={"manager": 403}),
    "meetings:format_requests": Rule(allowed=MANAGER_ONLY),
    "meetings:format_request_done": manager_page(make=format_request_kwargs),
    "meetings:decision_list": Rule(allowed=SIGNED_IN),
    # Members of the deciding group, and roles that see the whole decision log.
    "meetings:decision_detail": Rule(allowed=["leader", "manager", "board_member", "admin_user"], refused_with=404,
                                     make=decision_kwargs),
    "meetings:decision_edit": manager_page(make=decision_kwargs),
    "meetings:compliance_report": Rule(allowed=["manager", "board_member", "admin_user"]),
    "meetings:notice_rules": Rule(allowed=["admin_user"]),
    "meetings:notice_rule_edit": Rule(allowed=["admin_user"], make=group_kwargs),
    "meetings:calendar_settings": Rule(allowed=SIGNED_IN),
    # Everyone records their own communication needs; the team that arranges them sees everyone's.
    "meetings:needs_edit": Rule(allowed=SIGNED_IN),
    "meetings:needs_list": Rule(allowed=MANAGER_ONLY),
    "meetings:format_file": Rule(allowed=INVITED, refused_with=404, make=format_file_kwargs, methods=("GET",)),
    "meetings:post_done": Rule(allowed=MANAGER_ONLY, make=post_kwargs, methods=("POST",)),
    # Calendar apps do not sign in: the link's secret is the key.
    "meetings:calendar_feed": Rule(allowed=SIGNED_IN, public=True, make=feed_kwargs, methods=("GET",)),
}
