"""Beside the saving tests: every URL whose view accepts a POST is classified here, as an action that cannot be
undone (it sends, pays, publishes, removes or decides) and so asks first on a confirmation page, or as a save
that can be put back, with the reason.

`tests/security/test_confirmations.py` fails when a POST view is in neither list (so a new form is classified
before the suite passes), and, for each action in CONFIRMED, opens the page its button is on, follows the button
to the confirmation page, checks that page (a form posting to the action, a "Yes, ..." button, a "No, go back"
link) and that showing it changed nothing in the database and sent nothing, then presses "Yes" and checks the
action was done.
"""

from __future__ import annotations

CONFIRMED: dict[str, str] = {
    # coproduction
    "emails_failed": "Sends the ticked emails again: the ticked boxes lead to a page naming each one.",
    "membership_end": "Ends a person's membership of a group today; they stop getting its papers.",
    # meetings
    "meetings:meeting_cancel": "Cancels the meeting and emails everyone invited; its page asks, with the reason.",
    "meetings:pack_send": "Sends the pack to everyone invited; its page lists what goes out and to how many.",
    "meetings:dispatch_retry": "Sends again the copies of a pack that could not be sent, naming each person.",
    "meetings:minutes_chair": "The chair sends the minutes (to the leaders, the attendees, the group): each send "
                              "asks, naming who gets them. Answering one comment is a save of that answer.",
    "meetings:minutes_approve": "Records the minutes as approved; approved minutes cannot be changed.",
    "meetings:late_request_decide": "The chair's decision on late papers; approving sends a late paper out.",
    "meetings:agenda_item_remove": "Takes an item off the agenda; its papers and decisions lose their link to it "
                                   "and adding it again does not bring the links back.",
    # payments
    "payments:run_detail": "The bank has paid this run; checked against the bank statement; send the run "
                           "through Stripe; pay again a refused or reversed transfer.",
    "payments:claim_detail": "Approving, authorising for payment or not approving a claim (returning it for "
                             "changes is undone by the leader sending it again, so it does not ask).",
    "payments:expense_confirm": "An approver confirms a cost with no receipt was genuinely paid: it stops "
                                "counting as earnings.",
    "payments:claim_check": "The leader sends their claim: the check page shows every line and total first "
                            "(GOV.UK's check your answers), and only its button sends.",
    # engagement
    "engagement:update_publish": "Publishes a \"you said, we did\" update and emails the people whose feedback "
                                 "led to it.",
    "engagement:update_withdraw": "Takes an update off the public page.",
    "engagement:feedback_unlink": "Removes a link from feedback to a decision and deletes what was written.",
    # recruitment
    "recruitment_application_move": "Each move of an application emails the applicant (an offer, 'not this "
                                    "time', an account and onboarding); each move's page says so first.",
    "recruitment_invitation_resend": "Emails the welcome invitation again.",
    "recruitment_status": "The applicant withdraws their application from their private status page.",
}

# POST views whose save can be put back, or that change nothing outside the person's own draft, each with why
# it does not ask first.
REVERSIBLE: dict[str, str] = {
    # coproduction
    "profile_edit": "Your own details: change them again on the same page.",
    "memberships_manage": "Adds a membership; it can be ended (which asks first).",
    "person_roles": "Roles are given and taken away on the same recorded page, with a reason typed each time.",
    "my_data": "Makes a download of your own data; nothing is changed or sent.",
    # meetings
    "meetings:meeting_create": "Plans a meeting; nothing is sent until the pack, which asks first.",
    "meetings:meeting_edit": "Changes to a meeting are changed back the same way.",
    "meetings:guest_add": "A guest is removed on the same page.",
    "meetings:guest_remove": "A guest is invited again on the same page; nothing is sent.",
    "meetings:agenda_item_add": "An agenda item is changed or removed later.",
    "meetings:agenda_item_edit": "An agenda item is changed back on the same page; its history is kept.",
    "meetings:agenda_item_move": "An item moved up is moved down again on the same page.",
    "meetings:paper_add": "A paper is replaced by a new version; nothing is sent until the pack.",
    "meetings:paper_version_add": "A new version; people see the newest one.",
    "meetings:paper_check": "Acknowledging a finding or the chair's agreement is recorded with the reason typed; "
                            "nothing leaves the portal until the pack is sent, which asks first.",
    "meetings:paper_rewrite": "Makes a new version with the suggestions; the old one is kept.",
    "meetings:papers_read": "The person's own note that they have read the papers.",
    "meetings:format_request": "The person's own request for a format; changed on the same page.",
    "meetings:format_request_done": "Marks a format made; the file can be made again.",
    "meetings:attendance": "Attendance is corrected on the same page.",
    "meetings:minutes_edit": "The draft minutes, changed until they are sent (which asks first).",
    "meetings:minutes_review": "A comment on the draft, written and sent by the person who typed it.",
    "meetings:decision_add": "A decision is changed on its own page.",
    "meetings:decision_edit": "A decision is changed again the same way; its history is kept.",
    "meetings:notice_rule_edit": "A setting, changed back the same way.",
    "meetings:needs_edit": "The person's own communication needs.",
    "meetings:post_done": "Records that a printed copy was posted.",
    "meetings:calendar_settings": "Your own calendar link: a new one is made on the same page.",
    # payments
    "payments:benefits": "Your own benefits record: added again on the same page.",
    "payments:benefit_add": "Your own benefits record.",
    "payments:benefit_change": "Your own benefits record.",
    "payments:other_income": "A line of your own draft claim.",
    "payments:payment_details": "How you are paid: changed again on the same page.",
    "payments:stripe_onboard": "Starts setting up Stripe; nothing is paid.",
    "payments:activity_add": "Your own record of an activity.",
    "payments:claim_new": "Starts a draft claim, or carries on with one.",
    "payments:claim_activities": "A step of your own draft claim.",
    "payments:claim_expenses": "A step of your own draft claim (removing an expense from the draft).",
    "payments:expense_kind": "A step of your own draft claim.",
    "payments:expense_add": "A step of your own draft claim.",
    "payments:runs": "Builds a run from the authorised claims; no money moves until it is sent through Stripe "
                     "or the bank has paid it, and each of those asks first.",
    "payments:run_file": "Downloads the bank file (marking the run as sent to the bank); nothing is paid until "
                         "finance says the bank has paid, which asks first. The file can be downloaded again.",
    "payments:stripe_webhook": "Stripe's own messages to the portal; no person presses a button.",
    # recruitment
    "recruitment_apply_step": "A step of the public application form; nothing is sent.",
    "recruitment_apply_check": "The applicant's check your answers page: every answer is shown with a Change "
                               "link before its button sends (tests/recruitment/test_public_application.py).",
    "recruitment_set_password": "Chooses a password (once).",
    "recruitment_role_new": "A role description; a new version replaces it.",
    "recruitment_role_revise": "A new version of a role description; the old ones are kept.",
    "recruitment_vacancy_new": "A vacancy; changed or closed on its page.",
    "recruitment_vacancy_manage": "A vacancy's details and whether it is open, changed back the same way.",
    "agreement_new": "A new version of the group agreement; a later version replaces it.",
    "agreement": "Signing the agreement: the leader types their name, which is the confirmation.",
    "onboarding_tick": "A step of the onboarding checklist, with an undo.",
    "goal_new": "Your own development goal.",
    "training_new": "Training offered; its record can be completed later.",
    "certificate_new": "A certificate added to a development record.",
    "goal_achieved": "The leader's own note that they reached their goal.",
    "training_complete": "Marks training done on a development record.",
    # engagement
    "engagement:event_create": "A listening event; changed later.",
    "engagement:feedback_link": "Links feedback to a decision; the link can be removed (which asks first).",
    "engagement:feedback_link_group": "Shows the items first and links them only when that page is confirmed "
                                      "(tests/engagement/test_feedback_flow.py); each link can be removed.",
    "engagement:feedback_status": "A feedback item's status, moved on again with a note.",
    "engagement:import_upload": "Uploads a spreadsheet for its preview; nothing is imported yet.",
    "engagement:import_preview": "The preview shows every row before its button imports them "
                                 "(tests/engagement/test_imports.py).",
    "engagement:trail_add_to_meeting": "Adds the board paper to a meeting; nothing is sent until the pack.",
    "engagement:update_create": "A draft update; nothing is public until it is published (which asks first).",
    "engagement:update_edit": "A draft update, changed again.",
    "engagement:stop_telling": "Stops the messages to the person who asked (from the link in their email).",
}
