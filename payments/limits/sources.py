"""The provisions the rules rest on, each with a public address (see payments/data/SOURCES.md)."""

from __future__ import annotations

from .core import Citation

LEG = "https://www.legislation.gov.uk"

# Universal Credit Regulations 2013 (SI 2013/376)
UC_REG_21 = Citation("Universal Credit Regulations 2013 (SI 2013/376), reg 21(2): assessment periods",
                     f"{LEG}/uksi/2013/376/regulation/21")
UC_REG_22 = Citation("UC Regulations 2013, reg 22: work allowance and the 55% taper (SI 2021/1283)",
                     f"{LEG}/uksi/2013/376/regulation/22")
UC_REG_54 = Citation("UC Regulations 2013, reg 54: earned income is the actual amount received in the "
                     "assessment period", f"{LEG}/uksi/2013/376/regulation/54")
UC_REG_61 = Citation("UC Regulations 2013, reg 61: employed earnings reported through PAYE real time "
                     "information are taken as received in the assessment period reported",
                     f"{LEG}/uksi/2013/376/regulation/61")
UC_SERVICE_USER = Citation(
    "UC Regulations 2013, reg 53(2) (participating as a service user), reg 55(3)(b) (expenses arising from "
    "participation as a service user are disregarded) and reg 60(4)(b) (no notional earnings for services "
    "provided by a person participating as a service user)", f"{LEG}/uksi/2013/376/regulation/55")
UC_NOTIONAL = Citation("UC Regulations 2013, reg 60: notional earned income; reg 60(4)(b) service users",
                       f"{LEG}/uksi/2013/376/regulation/60")

# Employment and Support Allowance
ESA_REG_45 = Citation("ESA Regulations 2008 (SI 2008/794), reg 45: exempt (permitted) work: £20 a week; or "
                      "16 x National Minimum Wage (rounded up to 50p) and fewer than 16 hours",
                      f"{LEG}/uksi/2008/794/regulation/45")
ESA_2013_REG_39 = Citation("ESA Regulations 2013 (SI 2013/379), reg 39: exempt work for new-style ESA "
                           "(same limits)", f"{LEG}/uksi/2013/379/regulation/39")
ESA_REG_93 = Citation("ESA Regulations 2008, regs 90(3) and 91-94: earnings are taken into account from the "
                      "first day of the benefit week in which they are due to be paid (reg 93(1)(b))",
                      f"{LEG}/uksi/2008/794/regulation/93")
ESA_SCH_7 = Citation("ESA Regulations 2008, Schedule 7: income-related ESA disregards earnings from "
                     "permitted work up to the permitted work limit", f"{LEG}/uksi/2008/794/schedule/7")
ESA_NOTIONAL = Citation("ESA Regulations 2008, reg 108(3)-(4): notional earnings for a service paid less "
                        "than a comparable rate, not applied to volunteers, charities or service users",
                        f"{LEG}/uksi/2008/794/regulation/108")
ESA_REG_45_6 = Citation("ESA Regulations 2008, reg 45(6): unpaid work for a charity or voluntary organisation "
                        "is exempt work where DWP is satisfied it is reasonable to do it free",
                        f"{LEG}/uksi/2008/794/regulation/45")

# Carer's Allowance
CA_REG_8 = Citation("Social Security (Invalid Care Allowance) Regulations 1976 (SI 1976/409), reg 8: the "
                    "earnings limit", f"{LEG}/uksi/1976/409/regulation/8")
CA_TIMING = Citation("Social Security Benefit (Computation of Earnings) Regulations 1996 (SI 1996/2745), regs "
                     "6-8: earnings are taken into account from the benefit week in which they are treated as "
                     "paid (reg 7)", f"{LEG}/uksi/1996/2745/regulation/7")
CA_SERVICE_USER = Citation(
    "Computation of Earnings Regulations 1996, reg 9(3)(b) and (3A): expenses of a claimant participating as a "
    "service user are not earnings (amended by SI 2009/2678 and SI 2015/784 reg 2, from 1 July 2015)",
    f"{LEG}/uksi/2015/784/made")

# Legacy income-related benefits and Pension Credit
IS_TIMING = Citation("Income Support (General) Regulations 1987 (SI 1987/1967), reg 31: income is treated as "
                     "paid on the first day of the benefit week in which it is due to be paid",
                     f"{LEG}/uksi/1987/1967/regulation/31")
IS_SCH_8 = Citation("Income Support (General) Regulations 1987, Schedule 8: £5, £10 (couple) or £20 "
                    "earnings disregards", f"{LEG}/uksi/1987/1967/schedule/8")
JSA_RULES = Citation("Jobseeker's Allowance Regulations 1996 (SI 1996/207), Part VIII and Schedule 6: "
                     "earnings disregards; earnings count from the date they are treated as paid",
                     f"{LEG}/uksi/1996/207/schedule/6")
HB_TIMING = Citation("Housing Benefit Regulations 2006 (SI 2006/213), regs 29 and 29A: average weekly "
                     "earnings, taken into account from the benefit week after a change",
                     f"{LEG}/uksi/2006/213/regulation/29A")
HB_SCH_4 = Citation("Housing Benefit Regulations 2006, Schedule 4: earnings disregards (£5, £10 couple, £20, "
                    "£25 lone parent); para 10A: earnings from ESA exempt (permitted) work disregarded where "
                    "DWP is satisfied it is exempt work", f"{LEG}/uksi/2006/213/schedule/4")
HB_SCH_5 = Citation("Housing Benefit Regulations 2006, Schedule 5: para 4 (whole income disregarded for people "
                    "on UC, IS, income-based JSA or income-related ESA); para 2A (service-user expenses)",
                    f"{LEG}/uksi/2006/213/schedule/5")
HB_TAPER = Citation("Housing Benefit Regulations 2006, reg 71: HB falls by 65% of income above the applicable "
                    "amount", f"{LEG}/uksi/2006/213/regulation/71")
PC_RULES = Citation("State Pension Credit Regulations 2002 (SI 2002/1792), regs 17 and 17A and Schedule VI: "
                    "weekly earnings and the £5, £10 and £20 disregards; guarantee credit falls pound for pound "
                    "(State Pension Credit Act 2002 s 2)", f"{LEG}/uksi/2002/1792/schedule/VI")

# Service-user involvement provisions (the legacy benefits and Pension Credit)
SI_2009_2655 = Citation(
    "Social Security (Miscellaneous Amendments) (No. 4) Regulations 2009 (SI 2009/2655): expenses of service "
    "user groups disregarded and no notional earnings, for Income Support (reg 2), JSA (reg 4), Pension "
    "Credit (reg 5), Housing Benefit (reg 6) and ESA (reg 11)", f"{LEG}/uksi/2009/2655/contents/made")
SI_2014_591 = Citation(
    "Social Security (Miscellaneous Amendments) Regulations 2014 (SI 2014/591): 'participating as a service "
    "user' (consulted by a body with a statutory duty in health, social care or social housing, or doing "
    "research on them) replaces 'service user group'; e.g. reg 2 (Income Support reg 2(1B)), reg 4 (JSA "
    "Regulations 1996 regs 1(3G), 98(2)(h), 105(15A), Sch 7 para 2A)", f"{LEG}/uksi/2014/591/made")
SI_2015_784 = Citation(
    "Social Security Benefit (Computation of Earnings) (Amendment) Regulations 2015 (SI 2015/784), reg 2: the "
    "same wording for Carer's Allowance (Computation of Earnings Regulations 1996 reg 9(3)(b), (3A))",
    f"{LEG}/uksi/2015/784/made")
SCIE_GUIDE = Citation("SCIE, Paying people who receive benefits: service users may decline or reduce a payment "
                      "without being treated as paid the full amount",
                      "https://www.scie.org.uk/co-production/supporting/paying-people-who-receive-benefits")

# Uprating and closing
SSAA_S150 = Citation(
    "Social Security Administration Act 1992, s 150(10), (10ZA) and (10ZB): uprating in the week beginning with "
    "the first Monday in the tax year (Monday 6 April 2026); for UC, from the first assessment period beginning "
    "on or after that Monday", f"{LEG}/ukpga/1992/5/section/150")
CLOSING_2025 = Citation(
    "Welfare Reform Act 2012 (Commencement No. 35) (Abolition of Benefits) Order 2025 (made 3 November 2025): "
    "Income Support and income-based JSA abolished for remaining awards from 1 April 2026",
    "https://www.legislationtracker.co.uk/article/welfare-reform-act-2012-commencement-no-35-abolition-of-"
    "benefits-order-2025-03-11-25")
CLOSING_2026 = Citation(
    "Welfare Reform Act 2012 (Commencement No. 35) (Abolition of Benefits) (Amendment) Order 2026 "
    "(SI 2026/409), art 2(4), new art 3A: income-related ESA abolished for remaining awards from 1 July 2026",
    f"{LEG}/uksi/2026/409/made")
