"""Eventbrite: the attendee report (Orders > Attendee summary > Export, CSV).

Row 1: ``Order #``, ``Order Date``, ``First Name``, ``Surname``, ``Email``, ``Quantity``,
``Ticket Type``, ``Attendee #``, ``Attendee Status``, ``Checked In`` ... then one column per
custom registration question. Newer reports write ``Last Name`` for ``Surname`` and add
Eventbrite's standard contact columns (``Prefix``, ``Home Phone``, ``Cell Phone``, ``Birth Date``,
``Shipping Address 1`` ...), empty unless the organiser asked for them: they are metadata, not
questions. ``Attendee Status`` is ``Attending`` or, once scanned at the door, ``Checked In``.
One row per ticket. Tickets Eventbrite marks as not attending
(cancelled, refunded, deleted, transferred to someone else) are set aside and reported. The
reader adds a ``Name`` column (first name and surname) for events matched by name.
"""

from __future__ import annotations

from .base import ExportKind, SourceTable, Variant, folded, has_all, make_frame

MARKERS = ("Order #", "Attendee Status")
META_COLUMNS = (
    "Order #", "Order Date", "First Name", "Surname", "Email", "Quantity", "Price Tier", "Ticket Type",
    "Attendee #", "Group", "Order Type", "Currency", "Total Paid", "Fees Paid", "Eventbrite Fees",
    "Eventbrite Payment Processing", "Attendee Status", "Checked In", "Name", "Last Name", "Barcode #",
    "Buyer Last Name", "Buyer First Name", "Buyer Surname", "Buyer Email", "Event Name", "Event ID",
    "Ticket Price", "Device Name", "Discount", "Hold", "Order Notes", "Check-In Date",
    # Eventbrite's standard contact fields: columns in every report, empty unless asked for.
    "Prefix", "Suffix", "Home Address 1", "Home Address 2", "Home City", "Home County", "Home State",
    "Home Postcode", "Home Zip", "Home Country", "Home Phone", "Cell Phone", "Mobile Phone", "Job Title",
    "Company", "Work Address 1", "Work Address 2", "Work City", "Work County", "Work State", "Work Postcode",
    "Work Zip", "Work Country", "Work Phone", "Website", "Blog", "Birth Date", "Date of Birth", "Age",
    "Billing Address 1", "Billing Address 2", "Billing City", "Billing County", "Billing State",
    "Billing Postcode", "Billing Zip", "Billing Country", "Shipping Address 1", "Shipping Address 2",
    "Shipping City", "Shipping County", "Shipping State", "Shipping Postcode", "Shipping Zip",
    "Shipping Country", "Shipping Method",
)
DATE_COLUMNS = ("Order Date",)
NOT_ATTENDING = {"not attending", "cancelled", "canceled", "refunded", "deleted", "transferred"}


def read(rows: list[list[str]], name: str) -> SourceTable:
    frame = make_frame(rows[0], rows[1:], name, date_columns=DATE_COLUMNS)
    rows_read = len(frame)
    surname = "Surname" if "Surname" in frame.columns else "Last Name"
    status = next((c for c in frame.columns if folded(c) == "attendee status"), None)
    if "Name" not in frame.columns and "First Name" in frame.columns and surname in frame.columns:
        frame["Name"] = (frame["First Name"] + " " + frame[surname]).str.strip()
    set_aside: dict[str, list[int]] = {}
    if status is not None:
        cancelled = frame[status].map(folded).isin(NOT_ATTENDING)
        for row, value in frame.loc[cancelled, status].items():
            set_aside.setdefault(
                f"Eventbrite marks this ticket {value!r} (cancelled or not attending)", []
            ).append(int(row))
        frame = frame.loc[~cancelled]
    return SourceTable(frame, KIND.name, rows_read=rows_read, set_aside=set_aside)


def looks_like(rows: list[list[str]]) -> bool:
    return has_all(rows[0], MARKERS)


KIND = ExportKind(
    name="eventbrite", label="Eventbrite", read=read, looks_like=looks_like, meta_columns=META_COLUMNS,
    role="registration",
    variants=(
        Variant("attendee summary", "Order #, Order Date, First Name, Surname, Email, Quantity, Ticket Type, "
                "Attendee #, Attendee Status, Checked In, then the questions", "2022-09", "eventbrite.csv"),
        Variant("with standard fields", "Last Name for Surname; Prefix, Home Phone, Cell Phone, Birth Date, "
                "Shipping Address 1 ... (empty); Attendee Status Checked In", "2024-02", "eventbrite_checkin.csv"),
    ),
)
