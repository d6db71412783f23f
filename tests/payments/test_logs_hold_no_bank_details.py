"""Logs never hold bank details, whatever happens to a payment."""

from __future__ import annotations

import datetime as dt
import logging

from payments import services
from payments.models import PaymentRun
from tests.payments.factories import bank, paid_claim

SORT_CODE, ACCOUNT = "401276", "31926819"


def test_a_whole_bank_payment_leaves_no_bank_details_in_the_logs(caplog, leader, manager, finance, rates):
    caplog.set_level(logging.DEBUG)
    bank(leader, SORT_CODE, ACCOUNT, "Jo Bennett")
    paid_claim(leader, manager, finance, ["2025-06-02"])
    run, _held_back = services.run_build(by=finance, method=PaymentRun.Method.BANK_FILE,
                                         payment_date=dt.date(2025, 6, 13))

    bank_file = services.run_bank_file(run=run)

    assert ACCOUNT in bank_file  # the file for the bank has them, so the check below is meaningful
    assert ACCOUNT not in caplog.text
    assert SORT_CODE not in caplog.text
    assert "30-99" not in caplog.text
