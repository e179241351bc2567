"""Form field types a campaign may use, and the shared signup fields every campaign gets."""
from __future__ import annotations

from undersigned.campaigns.model import FormField
from undersigned.i18n import N_

FIELD_TYPES = frozenset({"text", "textarea", "email", "select", "country", "us_state", "checkbox"})

SHARED_FIELDS: tuple[FormField, ...] = (
    FormField("first_name", N_("First name"), max_length=100),
    FormField("last_name", N_("Last name"), max_length=100),
    FormField("email", N_("E-mail address"), type="email", max_length=254),
)

US_STATES: tuple[tuple[str, str], ...] = (
    ("AL", "Alabama"), ("AK", "Alaska"), ("AZ", "Arizona"), ("AR", "Arkansas"),
    ("CA", "California"), ("CO", "Colorado"), ("CT", "Connecticut"), ("DE", "Delaware"),
    ("DC", "District of Columbia"), ("FL", "Florida"), ("GA", "Georgia"), ("HI", "Hawaii"),
    ("ID", "Idaho"), ("IL", "Illinois"), ("IN", "Indiana"), ("IA", "Iowa"), ("KS", "Kansas"),
    ("KY", "Kentucky"), ("LA", "Louisiana"), ("ME", "Maine"), ("MD", "Maryland"),
    ("MA", "Massachusetts"), ("MI", "Michigan"), ("MN", "Minnesota"), ("MS", "Mississippi"),
    ("MO", "Missouri"), ("MT", "Montana"), ("NE", "Nebraska"), ("NV", "Nevada"),
    ("NH", "New Hampshire"), ("NJ", "New Jersey"), ("NM", "New Mexico"), ("NY", "New York"),
    ("NC", "North Carolina"), ("ND", "North Dakota"), ("OH", "Ohio"), ("OK", "Oklahoma"),
    ("OR", "Oregon"), ("PA", "Pennsylvania"), ("RI", "Rhode Island"), ("SC", "South Carolina"),
    ("SD", "South Dakota"), ("TN", "Tennessee"), ("TX", "Texas"), ("UT", "Utah"),
    ("VT", "Vermont"), ("VA", "Virginia"), ("WA", "Washington"), ("WV", "West Virginia"),
    ("WI", "Wisconsin"), ("WY", "Wyoming"), ("AS", "American Samoa"), ("GU", "Guam"),
    ("MP", "Northern Mariana Islands"), ("PR", "Puerto Rico"), ("VI", "U.S. Virgin Islands"),
)


def all_fields(campaign_fields: tuple[FormField, ...]) -> tuple[FormField, ...]:
    """The shared fields followed by the campaign's own."""
    return SHARED_FIELDS + campaign_fields
