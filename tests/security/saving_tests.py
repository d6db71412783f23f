"""Beside the URL access matrix: for every URL whose view accepts a POST, the test that saves through it
successfully (fills the form with valid data, posts it and checks what was saved).

`tests/security/test_every_form_saves.py` finds every POST view of the project and fails when one is missing
here, when a test named here no longer exists, or when it never names its URL. A new form therefore needs a
saving test before the suite passes.
"""

from __future__ import annotations

J = "tests/journeys/"

SAVED_BY: dict[str, str] = {
    # coproduction
    "profile_edit": "tests/coproduction/test_profile_and_history.py::test_a_leader_updates_their_details_and_the_change_is_recorded",
    "memberships_manage": "tests/recruitment/test_memberships.py::test_the_manager_adds_a_leader_to_a_group",
    "membership_end": "tests/recruitment/test_access_matrix_fixes.py::test_the_manager_still_ends_a_membership_by_form_and_not_by_following_a_link",
    "emails_failed": "tests/background/test_delivery.py::test_the_manager_sees_emails_not_sent_and_sends_them_again",
    "person_roles": "tests/security/test_least_privilege.py::test_roles_change_on_the_recorded_roles_page_and_never_your_own",
    "my_data": "tests/privacy/test_download.py::test_the_download_holds_every_section_with_bank_details_masked",
    # meetings
    "meetings:meeting_create": "tests/meetings/test_workflow.py::test_planning_a_series_through_the_page",
    "meetings:meeting_edit": J + "test_saves.py::test_the_change_meeting_form_saves_a_new_time",
    "meetings:meeting_cancel": J + "test_saves.py::test_the_manager_cancels_a_meeting_with_a_reason",
    "meetings:guest_add": J + "test_saves.py::test_the_manager_invites_a_guest_and_removes_them_on_the_page",
    "meetings:guest_remove": J + "test_saves.py::test_the_manager_invites_a_guest_and_removes_them_on_the_page",
    "meetings:agenda_item_add": J + "test_saves.py::test_the_manager_adds_an_agenda_item",
    "meetings:agenda_item_edit": "tests/meetings/test_agenda_changes.py::test_the_manager_changes_an_agenda_item",
    "meetings:agenda_item_move": "tests/meetings/test_agenda_changes.py::test_the_manager_moves_items_up_and_down_and_positions_stay_one_two_three",
    "meetings:agenda_item_remove": "tests/meetings/test_agenda_changes.py::test_removing_an_item_asks_first_then_closes_the_gap_and_keeps_its_papers",
    "meetings:paper_add": "tests/meetings/test_papers.py::test_the_manager_adds_a_paper_through_the_page",
    "meetings:paper_version_add": "tests/meetings/test_checking.py::test_upload_through_the_page_shows_the_check",
    "meetings:paper_check": "tests/meetings/test_checking.py::test_only_people_who_may_see_the_paper_see_its_check",
    "meetings:paper_rewrite": "tests/meetings/test_paper_handback.py::test_saving_the_suggestions_makes_a_new_checked_version_with_them_applied",
    "meetings:pack_send": "tests/meetings/test_pages.py::test_the_manager_sends_the_pack_from_the_page_and_sees_who_has_it",
    "meetings:papers_read": "tests/meetings/test_pages.py::test_a_leader_reads_the_papers_from_the_meeting_page",
    "meetings:format_request": "tests/meetings/test_workflow.py::test_accessible_format_requests",
    "meetings:format_request_done": "tests/meetings/test_workflow.py::test_accessible_format_requests",
    "meetings:attendance": "tests/meetings/test_workflow.py::test_recording_attendance",
    "meetings:minutes_edit": J + "test_saves.py::test_the_manager_writes_the_draft_minutes",
    "meetings:minutes_approve": "tests/meetings/test_minutes_agreed.py::test_the_next_meeting_approves_and_its_chair_records_it",
    "meetings:decision_add": "tests/meetings/test_workflow.py::test_decisions_are_recorded_searched_and_their_history_kept",
    "meetings:decision_edit": "tests/meetings/test_edit_round_trips.py::test_a_decision_is_changed_and_marked_done_and_keeps_its_due_date",
    "meetings:late_request_decide": "tests/meetings/test_late_papers.py::test_the_chair_approves_in_the_portal",
    "meetings:notice_rule_edit": "tests/meetings/test_pages.py::test_admins_set_notice_rules",
    "meetings:dispatch_retry": "tests/meetings/test_dispatch_status.py::test_refused_and_busy_copies_are_counted_apart_and_the_failed_ones_can_be_sent_again",
    "meetings:minutes_chair": "tests/meetings/test_minutes_agreed.py::test_the_draft_goes_to_the_leaders_first_then_the_attendees_then_the_group",
    "meetings:minutes_review": "tests/meetings/test_minutes_agreed.py::test_the_draft_goes_to_the_leaders_first_then_the_attendees_then_the_group",
    "meetings:needs_edit": "tests/meetings/test_formats.py::test_needs_are_for_the_person_and_staff_with_the_capability",
    "meetings:post_done": "tests/meetings/test_formats.py::test_a_printed_copy_posted_too_late_for_the_post_makes_the_pack_late",
    "meetings:calendar_settings": "tests/meetings/test_permissions.py::test_the_calendar_page_shows_the_link_once",
    # payments
    "payments:benefits": "tests/payments/test_claims.py::test_benefits_can_be_added_changed_and_removed",
    "payments:benefit_add": "tests/payments/test_claims.py::test_benefits_can_be_added_changed_and_removed",
    "payments:benefit_change": "tests/payments/test_claims.py::test_benefits_can_be_added_changed_and_removed",
    "payments:expense_confirm": "tests/payments/test_benefits_wiring.py::test_the_approver_confirms_an_expense_without_a_receipt_on_the_claim_page",
    "payments:other_income": "tests/payments/test_benefits_wiring.py::test_vouchers_gift_cards_and_thank_you_payments_count_as_earnings",
    "payments:payment_details": "tests/payments/test_runs.py::test_bank_details_are_validated_encrypted_at_rest_and_shown_masked",
    "payments:activity_add": "tests/payments/test_claims.py::test_a_leader_adds_a_listening_event_they_took_part_in",
    "payments:claim_new": "tests/payments/test_claims.py::test_the_whole_flow_from_a_phone_keeps_the_draft_between_steps",
    "payments:claim_activities": "tests/payments/test_claims.py::test_the_whole_flow_from_a_phone_keeps_the_draft_between_steps",
    "payments:claim_expenses": "tests/payments/test_claims.py::test_the_whole_flow_from_a_phone_keeps_the_draft_between_steps",
    "payments:expense_kind": "tests/payments/test_claims.py::test_the_whole_flow_from_a_phone_keeps_the_draft_between_steps",
    "payments:expense_add": "tests/payments/test_claims.py::test_the_whole_flow_from_a_phone_keeps_the_draft_between_steps",
    "payments:claim_check": "tests/payments/test_claims.py::test_the_whole_flow_from_a_phone_keeps_the_draft_between_steps",
    "payments:claim_detail": "tests/payments/test_approvals.py::test_manager_approves_then_finance_authorises_and_every_step_is_recorded",
    "payments:runs": "tests/payments/test_runs.py::test_the_run_page_refuses_an_overrun_plainly",
    "payments:run_detail": "tests/payments/test_runs.py::test_a_bank_run_makes_a_file_banks_accept_and_pays_each_claim_once",
    "payments:run_file": "tests/payments/test_runs.py::test_a_bank_run_makes_a_file_banks_accept_and_pays_each_claim_once",
    "payments:stripe_onboard": "tests/payments/test_stripe_onboarding_page.py::test_the_leader_starts_stripe_onboarding_and_their_account_is_saved",
    "payments:stripe_webhook": "tests/payments/test_stripe.py::test_a_verified_transfer_created_event_pays_the_claim_once",
    # recruitment
    "recruitment_apply_step": "tests/recruitment/test_public_application.py::test_answers_are_kept_between_steps",
    "recruitment_apply_check": "tests/recruitment/test_public_application.py::test_sending_the_application_records_it_and_emails_a_receipt_with_a_private_link",
    "recruitment_status": "tests/recruitment/test_public_application.py::test_an_applicant_can_withdraw_from_their_status_page",
    "recruitment_set_password": "tests/recruitment/test_pipeline.py::test_the_invited_person_sets_a_password_and_can_sign_in",
    "recruitment_role_new": J + "test_saves.py::test_the_manager_publishes_a_new_role_description",
    "recruitment_role_revise": "tests/recruitment/test_versions.py::test_the_manager_publishes_a_new_version_from_the_page",
    "recruitment_vacancy_new": "tests/recruitment/test_versions.py::test_a_new_vacancy_uses_the_latest_version",
    "recruitment_vacancy_manage": J + "test_saves.py::test_the_manager_closes_a_vacancy_from_its_page",
    "recruitment_application_move": "tests/recruitment/test_pipeline.py::test_the_manager_arranges_a_conversation_through_the_page",
    "recruitment_invitation_resend": "tests/recruitment/test_pipeline.py::test_an_invitation_can_be_sent_again",
    "agreement_new": J + "test_saves.py::test_the_manager_publishes_a_new_group_agreement",
    "agreement": "tests/recruitment/test_versions.py::test_a_leader_signs_the_current_version_with_name_date_and_version",
    "onboarding_tick": "tests/recruitment/test_onboarding_and_development.py::test_the_leader_ticks_their_payment_preference_and_it_records_who_and_when",
    "goal_new": "tests/recruitment/test_onboarding_and_development.py::test_a_leader_records_a_goal_of_their_choosing",
    "training_new": "tests/recruitment/test_onboarding_and_development.py::test_the_manager_offers_training_and_the_leader_marks_it_completed",
    "goal_achieved": "tests/recruitment/test_access_matrix_fixes.py::test_a_leader_marks_their_own_goal_achieved_only_by_form",
    "training_complete": "tests/recruitment/test_access_matrix_fixes.py::test_a_leader_marks_their_own_training_completed_only_by_form",
    "certificate_new": "tests/recruitment/test_onboarding_and_development.py::test_a_pdf_certificate_is_stored_under_a_server_made_name",
    # engagement
    "engagement:event_create": "tests/engagement/test_feedback_flow.py::test_a_leader_records_an_event_with_the_leaders_who_ran_it",
    "engagement:feedback_link": "tests/engagement/test_feedback_flow.py::test_links_show_both_ways",
    "engagement:feedback_link_group": "tests/engagement/test_feedback_flow.py::test_a_group_of_open_items_on_a_theme_is_linked_in_one_go",
    "engagement:feedback_status": "tests/engagement/test_feedback_flow.py::test_not_taken_forward_needs_the_reason_given_back",
    "engagement:feedback_unlink": "tests/engagement/test_access_matrix_fixes.py::test_the_manager_still_withdraws_and_unlinks",
    "engagement:import_upload": "tests/engagement/test_imports.py::test_a_good_spreadsheet_is_previewed_then_imported_in_full",
    "engagement:import_preview": "tests/engagement/test_imports.py::test_a_good_spreadsheet_is_previewed_then_imported_in_full",
    "engagement:trail_add_to_meeting": "tests/engagement/test_trail.py::test_the_board_paper_is_added_to_a_meeting_in_one_click",
    "engagement:update_create": J + "test_saves.py::test_the_manager_writes_a_you_said_we_did_update_then_changes_it",
    "engagement:update_edit": J + "test_saves.py::test_the_manager_writes_a_you_said_we_did_update_then_changes_it",
    "engagement:stop_telling": "tests/engagement/test_telling.py::test_the_one_click_stop_token_is_never_stored_and_needs_no_sign_in",
    "engagement:update_publish": "tests/engagement/test_updates.py::test_a_plain_update_is_published_and_appears_on_the_public_page",
    "engagement:update_withdraw": "tests/engagement/test_access_matrix_fixes.py::test_the_manager_still_withdraws_and_unlinks",
}

# POST views with no saving test yet, each with the reason. The test fails if one gains a test (move it up)
# or if a view appears that is in neither list.
NOT_YET: dict[str, str] = {}
