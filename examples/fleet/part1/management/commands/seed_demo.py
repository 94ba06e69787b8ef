"""Fill the fleet with demo data whose ids have gaps, like a database that has lived a while."""

from __future__ import annotations

import datetime
import random
import string

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ...models import ParkingBay, Plane

USERNAME_PREFIX = "demo-pilot-"
FIRST_NAMES = ["Zoë", "Björn", "Siobhán", "Amélie", "Jürgen", "Ana", "Kwame", "Mei", "Łukasz"]
LAST_NAMES = ["O'Brien", "Müller", "García", "Nakamura", "Okafor", "Dubois", "Ní Bhriain"]
# Civil aircraft registrations: a country prefix, a dash, then letters (G-ABCD, EI-FAB, D-EXYZ).
PREFIXES = [("G", 4), ("D", 4), ("F", 4), ("EI", 3), ("OO", 3), ("PH", 3)]
START = datetime.datetime(2019, 1, 1, tzinfo=datetime.timezone.utc)
FIVE_YEARS_IN_MINUTES = 5 * 365 * 24 * 60


class Command(BaseCommand):
    help = "Fill the fleet with deterministic demo pilots, planes and parking bays, with id gaps."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=40, help="planes to create (default 40)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--reset",
            action="store_true",
            help=f"delete existing planes, parking bays and {USERNAME_PREFIX}* users first",
        )

    def handle(self, *args, count, seed, reset, **options):
        if count < 1:
            raise CommandError(f"--count must be at least 1, not {count!r}.")
        with transaction.atomic():
            if reset:
                ParkingBay.objects.all().delete()
                Plane.objects.all().delete()
                demo_users().delete()
            refuse_if_seeded()
            summary = seed_fleet(random.Random(seed), count)
        self.stdout.write(f"{summary} (seed {seed}).")


def demo_users():
    return get_user_model().objects.filter(username__startswith=USERNAME_PREFIX)


def refuse_if_seeded():
    planes, bays, users = Plane.objects.count(), ParkingBay.objects.count(), demo_users().count()
    if planes or bays or users:
        raise CommandError(
            f"The database already holds {planes} planes, {bays} parking bays and {users} "
            "demo pilots: run seed_demo --reset to replace them."
        )


def seed_fleet(rng: random.Random, count: int) -> str:
    """Create pilots, planes, their pairs and parking bays, delete some; return a summary."""
    User = get_user_model()
    users = max(3, count // 3)
    User.objects.bulk_create(make_user(rng, index) for index in range(users))
    user_ids = list(demo_users().order_by("pk").values_list("pk", flat=True))
    create_planes([Plane(registration=registration) for registration in registrations(rng, count)])
    plane_ids = list(Plane.objects.order_by("pk").values_list("pk", flat=True))
    Through = Plane.pilots.through
    Through.objects.bulk_create(
        Through(plane_id=plane_id, user_id=user_id)
        for plane_id in plane_ids
        for user_id in rng.sample(user_ids, rng.choices([0, 1, 2, 3], [2, 4, 3, 1])[0])
    )
    bay_numbers = iter(range(3 * count))
    ParkingBay.objects.bulk_create(
        ParkingBay(code=bay_code(next(bay_numbers)), plane_id=plane_id)
        for plane_id in plane_ids
        for _ in range(rng.randrange(4))
    )
    # Gaps inside the sequence and a high-water mark above max(id), as in a lived-in table.
    tail = min(3, count // 4)
    doomed_planes = [pk for i, pk in enumerate(plane_ids) if i % 7 == 6 or i >= count - tail]
    doomed_users = [pk for i, pk in enumerate(user_ids) if i % 5 == 1 or i == users - 1]
    Plane.objects.filter(pk__in=doomed_planes).delete()
    User.objects.filter(pk__in=doomed_users).delete()
    delete_newest(Through.objects.all())
    delete_newest(ParkingBay.objects.all())
    return (
        f"Seeded the fleet with {demo_users().count()} pilots, {Plane.objects.count()} planes, "
        f"{Through.objects.count()} plane-pilot pairs and {ParkingBay.objects.count()} parking "
        f"bays; deleted {len(doomed_planes)} planes and {len(doomed_users)} pilots so the ids "
        "have gaps"
    )


def make_user(rng: random.Random, index: int):
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    username = f"{USERNAME_PREFIX}{index + 1:03d}"
    return get_user_model()(
        username=username,
        first_name=first,
        last_name=last,
        email=f"{username}@example.com",
        password=f"{UNUSABLE_PASSWORD_PREFIX}seed-demo",  # nobody logs in as a demo pilot
        date_joined=START + datetime.timedelta(minutes=rng.randrange(FIVE_YEARS_IN_MINUTES)),
    )


def registrations(rng: random.Random, count: int) -> list[str]:
    seen: set[str] = set()
    result = []
    while len(result) < count:
        prefix, letters = rng.choice(PREFIXES)
        registration = prefix + "-" + "".join(rng.choices(string.ascii_uppercase, k=letters))
        if registration not in seen:
            seen.add(registration)
            result.append(registration)
    return result


def bay_code(number: int) -> str:
    return f"{'ABCDEFGH'[number % 8]}-{number // 8 + 1:02d}"


def delete_newest(queryset) -> None:
    newest = queryset.order_by("-pk").first()
    if newest is not None:
        newest.delete()


def create_planes(planes: list[Plane]) -> None:
    if Plane._meta.parents:
        # Once Plane has a multi-table parent (the wizard's refactor), bulk_create refuses it.
        for plane in planes:
            plane.save()
    else:
        Plane.objects.bulk_create(planes)
