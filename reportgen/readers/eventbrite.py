"""Eventbrite: the attendee report (Orders > Attendee summary > Export, CSV).

Row 1: ``Order #``, ``Order Date``, ``First Name``, ``Surname``, ``Email``, ``Quantity``,
``Ticket Type``, ``Attendee #``, ``Attendee Status``, ``Checked In`` ... then one column per
custom registration question. One row per ticket. Tickets Eventbrite marks as not attending
(cancelled, refunded, deleted, transferred to someone else) are set aside and reported. The
reader adds a ``Name`` column (first name and surname) for events matched by name.
"""

from __future__ import annotations

from .base import SourceTable, folded, make_frame

KIND = "eventbrite"
MARKERS = ("Order #", "First Name", "Surname", "Email", "Attendee Status")
META_COLUMNS = (
    "Order #", "Order Date", "First Name", "Surname", "Email", "Quantity", "Price Tier", "Ticket Type",
    "Attendee #", "Group", "Order Type", "Currency", "Total Paid", "Fees Paid", "Eventbrite Fees",
    "Eventbrite Payment Processing", "Attendee Status", "Checked In", "Name", "Last Name",
)
DATE_COLUMNS = ("Order Date",)
NOT_ATTENDING = {"not attending", "cancelled", "canceled", "refunded", "deleted", "transferred"}


def read(rows: list[list[str]], name: str) -> SourceTable:
    frame = make_frame(rows[0], rows[1:], name, date_columns=DATE_COLUMNS)
    rows_read = len(frame)
    surname = "Surname" if "Surname" in frame.columns else "Last Name"
    if "Name" not in frame.columns and "First Name" in frame.columns and surname in frame.columns:
        frame["Name"] = (frame["First Name"] + " " + frame[surname]).str.strip()
    set_aside: dict[str, list[int]] = {}
    if "Attendee Status" in frame.columns:
        cancelled = frame["Attendee Status"].map(folded).isin(NOT_ATTENDING)
        for row, status in frame.loc[cancelled, "Attendee Status"].items():
            set_aside.setdefault(
                f"Eventbrite marks this ticket {status!r} (cancelled or not attending)", []
            ).append(int(row))
        frame = frame.loc[~cancelled]
    return SourceTable(frame, KIND, rows_read=rows_read, set_aside=set_aside)


def looks_like(rows: list[list[str]]) -> bool:
    header = [h.strip() for h in rows[0]]
    return "Order #" in header and "Attendee Status" in header
