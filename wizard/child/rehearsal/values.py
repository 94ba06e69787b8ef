"""Synthetic column values for the rehearsal: deterministic per row number, awkward on purpose.

Text carries quotes, a backslash, a percent sign and non-ASCII letters; numbers use both signs;
times carry microseconds; JSON nests. Row ``i`` always gets the same values, and different rows get
different values wherever the column's type allows it (so unique columns stay unique).
Runs inside the target's interpreter: standard library + Django only, Python 3.8+.
"""

from __future__ import annotations

import datetime
import decimal
import uuid

TEXT_TAIL = ' O\'Brien "Zoë" Ñandú 東京 \\ 50% _'
LONG_TAIL = (
    TEXT_TAIL + "\nsecond line \u2013 \u2018curly\u2019 \u201cquotes\u201d \xc6\xd8\xc5 \xdf"
)
INT_RANGES = {
    "SmallIntegerField": 2**15 - 1,
    "IntegerField": 2**31 - 1,
    "BigIntegerField": 2**63 - 1,
    "PositiveSmallIntegerField": 2**15 - 1,
    "PositiveIntegerField": 2**31 - 1,
    "PositiveBigIntegerField": 2**63 - 1,
}
AUTO_TYPES = ("AutoField", "BigAutoField", "SmallAutoField")
EPOCH = datetime.datetime(2000, 1, 1, 0, 0, 0)
MAX_DAYS = 2900000  # keeps dates below year 9940
UUID_SPREAD = 0x9E3779B97F4A7C15  # odd: i -> i * SPREAD mod 2**62 is injective


class CannotFill(Exception):
    """A column the rehearsal does not know how to fill; the message says which and why."""


def base36(number):
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if not number:
            return text


def is_auto_pk(field):
    return field.primary_key and field.get_internal_type() in AUTO_TYPES


def is_generated(field):
    return type(field).__name__ == "GeneratedField" or getattr(field, "generated", False)


def choice_values(field):
    return [value for value, _label in field.flatchoices]


def limited_domain(field):
    """Return how many distinct values ``field`` can take, for booleans and choices; else None."""
    if field.choices:
        return len(choice_values(field))
    if field.get_internal_type() == "BooleanField":
        return 2
    return None


def value(field, i, *, use_tz):
    """Return the value row ``i`` gets in ``field`` (a column that is not a relation)."""
    return maker(field, use_tz=use_tz)(i)


CAUTIOUS_KINDS = frozenset(
    {
        "IntegerField",
        "SmallIntegerField",
        "BigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "PositiveBigIntegerField",
        "DecimalField",
        "FloatField",
    }
)


def maker(field, *, use_tz, cautious=False):
    """Return a function of the row number that gives ``field``'s value (resolved once).

    A nullable column of a type the rehearsal does not know gets NULL; a non-nullable one its
    default, else CannotFill names it. ``cautious`` numbers are positive and small (1, 2, …),
    which most CHECK constraints (``seats >= 1``, ``price > 0``) accept.
    """
    kind = field.get_internal_type()
    if cautious and not field.choices and kind in CAUTIOUS_KINDS:
        return lambda i: cautious_number(field, i)
    if field.choices:
        choices = choice_values(field)
        if not choices:
            raise CannotFill("field %r has an empty choices list" % field.name)
        return lambda i: choices[i % len(choices)]
    kind = field.get_internal_type()
    make = MAKERS.get(kind) or special_maker(field, kind)
    if make is text:
        make = text_maker(field)
    if make is not None:
        return lambda i: make(field, i, use_tz)
    if field.null:
        return lambda i: None
    if field.has_default():
        return lambda i: field.get_default()
    raise CannotFill(
        "field %r is a %s, which the rehearsal cannot fill; give it a default or null=True"
        % (field.name, type(field).__name__)
    )


def text(field, i, use_tz):
    return clip(field, base36(i) + TEXT_TAIL)


def long_text(field, i, use_tz):
    return clip(field, base36(i) + LONG_TAIL)


def email(field, i, use_tz):
    return clip(field, "%s.o'brien+zoë@example.com" % base36(i))


def url(field, i, use_tz):
    return clip(field, "https://example.com/%s/caf%%C3%%A9?q='ü'&x=1" % base36(i))


def slug(field, i, use_tz):
    return clip(field, "%s-slug" % base36(i))


def clip(field, made):
    return made[: field.max_length] if field.max_length else made


def text_maker(field):
    """Return the text maker for a CharField subclass (emails, URLs and slugs look the part)."""
    from django.db import models

    for kind, make in (
        (models.EmailField, email),
        (models.URLField, url),
        (models.SlugField, slug),
    ):
        if isinstance(field, kind):
            return make
    return long_text if isinstance(field, models.TextField) else text


def integer(field, i, use_tz):
    limit = INT_RANGES.get(field.get_internal_type(), 2**31 - 1)
    number = i % limit
    if field.get_internal_type().startswith("Big"):
        number = (i * 1000000007) % limit
    signed = not field.get_internal_type().startswith("Positive")
    return -number if signed and i % 3 == 2 else number


def cautious_number(field, i):
    number = 1 + i % 100
    if field.get_internal_type() == "DecimalField":
        places = field.decimal_places or 0
        whole_digits = max((field.max_digits or 10) - places, 1)
        number = 1 + i % min(100, 10**whole_digits - 1)
        return decimal.Decimal(number).quantize(decimal.Decimal(1).scaleb(-places))
    if field.get_internal_type() == "FloatField":
        return number + 0.25
    return number


def decimal_value(field, i, use_tz):
    places = field.decimal_places or 0
    whole_digits = max((field.max_digits or 10) - places, 0)
    whole = i % (10**whole_digits) if whole_digits else 0
    fraction = decimal.Decimal((i * 37) % (10**places)).scaleb(-places) if places else 0
    number = (decimal.Decimal(whole) + fraction).quantize(decimal.Decimal(1).scaleb(-places))
    return -number if i % 3 == 2 else number


def float_value(field, i, use_tz):
    number = i + 0.25  # exactly representable: values compare equal after a round trip
    return -number if i % 3 == 2 else number


def date_value(field, i, use_tz):
    return EPOCH.date() + datetime.timedelta(days=i % MAX_DAYS)


def datetime_value(field, i, use_tz):
    moment = EPOCH + datetime.timedelta(
        seconds=(i * 3607) % (MAX_DAYS * 86400), microseconds=(i * 7919) % 1000000
    )
    return moment.replace(tzinfo=datetime.timezone.utc) if use_tz else moment


def time_value(field, i, use_tz):
    seconds = (i * 37) % 86400
    return datetime.time(seconds // 3600, seconds // 60 % 60, seconds % 60, (i * 7919) % 1000000)


def duration_value(field, i, use_tz):
    return datetime.timedelta(seconds=i * 61, microseconds=(i * 7919) % 1000000)


def uuid_value(field, i, use_tz):
    """Return a valid version-4 UUID (MariaDB's uuid type refuses others), distinct per row."""
    high = ((i + 1) * UUID_SPREAD) % 2**64
    low = ((i + 1) * UUID_SPREAD) % 2**62  # below the variant bits, which version=4 sets
    return uuid.UUID(int=(high << 64) | low, version=4)


def binary_value(field, i, use_tz):
    return bytes([(i >> 8) & 255, i & 255, 0, 255, 39, 92])


def boolean_value(field, i, use_tz):
    return i % 2 == 0


def ip_value(field, i, use_tz):
    if getattr(field, "protocol", "both").lower() == "ipv6":
        return "2001:db8::%x" % (i + 1)
    return "10.%d.%d.%d" % ((i >> 16) & 255, (i >> 8) & 255, i & 255)


def json_value(field, i, use_tz):
    if i % 7 == 6:
        return "plain string ü %d" % i
    if i % 3 == 1:
        return [i, 'O\'Brien "Zoë"', 2.5, None, True]
    return {"i": i, "name": 'O\'Brien "Zoë" 東京', "nested": {"list": [1, "ü"], "ok": i % 2 == 0}}


def file_value(field, i, use_tz):
    return clip(field, "uploads/%s/zoë's file.txt" % base36(i))


MAKERS = {
    "CharField": text,
    "TextField": text,
    "SlugField": text,
    "EmailField": text,
    "URLField": text,
    "IntegerField": integer,
    "SmallIntegerField": integer,
    "BigIntegerField": integer,
    "PositiveIntegerField": integer,
    "PositiveSmallIntegerField": integer,
    "PositiveBigIntegerField": integer,
    "DecimalField": decimal_value,
    "FloatField": float_value,
    "DateField": date_value,
    "DateTimeField": datetime_value,
    "TimeField": time_value,
    "DurationField": duration_value,
    "UUIDField": uuid_value,
    "BinaryField": binary_value,
    "BooleanField": boolean_value,
    "NullBooleanField": boolean_value,
    "GenericIPAddressField": ip_value,
    "IPAddressField": ip_value,
    "JSONField": json_value,
    "FileField": file_value,
    "ImageField": file_value,
    "FilePathField": file_value,
}


def special_maker(field, kind):
    """Return a maker for PostgreSQL arrays, hstore and ranges, which wrap other values."""
    if kind == "ArrayField":
        base = field.base_field

        def array(field, i, use_tz):
            return [value(base, i, use_tz=use_tz), value(base, i + 1, use_tz=use_tz)]

        return array
    if kind == "HStoreField":
        return lambda field, i, use_tz: {"k": str(i), "ü": "O'Brien"}
    if kind in RANGE_BOUNDS and getattr(field, "range_type", None) is not None:
        return range_value
    return None


# Row i's range starts where no other row's ends: exclusion constraints (no overlaps) hold.
RANGE_BOUNDS = {
    "IntegerRangeField": lambda i, use_tz: (10 * i, 10 * i + 5),
    "BigIntegerRangeField": lambda i, use_tz: (10 * i, 10 * i + 5),
    "DecimalRangeField": lambda i, use_tz: (
        decimal.Decimal(10 * i) + decimal.Decimal("0.25"),
        decimal.Decimal(10 * i) + decimal.Decimal("5.5"),
    ),
    "DateRangeField": lambda i, use_tz: (
        date_value(None, i, use_tz),
        date_value(None, i, use_tz) + datetime.timedelta(days=1),
    ),
    "DateTimeRangeField": lambda i, use_tz: (
        datetime_value(None, i, use_tz),
        datetime_value(None, i, use_tz) + datetime.timedelta(hours=1),
    ),
}


def range_value(field, i, use_tz):
    """Return a PostgreSQL range of row ``i``; no two rows' ranges overlap."""
    lower, upper = RANGE_BOUNDS[field.get_internal_type()](i, use_tz)
    return field.range_type(lower, upper)
