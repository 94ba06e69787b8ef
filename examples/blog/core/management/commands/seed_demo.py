"""Fill the blog with demo data whose ids have gaps, like a database that has lived a while."""

from __future__ import annotations

import datetime
import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from ...models import Category, Post

CATEGORY_NAMES = [
    "Cooking",
    "Travel",
    "Django",
    "Databases",
    "Café culture",
    "Gardening",
    "Music",
    "Photography",
    "Books & reading",
    "Naïve art",
    "Über-long reads",
    "Weekend projects",
]
# Characters that trip up hand-written SQL, quoting and encodings come first, so they survive.
SPECIAL_TITLES = [
    'Crème brûlée\'s "best" post',
    "Naïve questions about Zoë's café",
    "Emoji 🚀, Ελληνικά and 日本語 in one title",
    "Semicolons; backslashes \\ and 100% of the percent signs",
    "O'Reilly's `backticks` and <angle brackets>",
]
ADJECTIVES = ["Quick", "Slow", "Honest", "Late-night", "Seasonal", "Unexpected", "Small", "Long"]
TOPICS = [
    "notes on sourdough",
    "thoughts on SQLite",
    "guide to the Alps",
    "review of a jazz record",
    "lessons from migrations",
    "walk through Lisbon",
    "take on tomato plants",
    "look at film cameras",
]
SENTENCES = [
    "It started, as these things do, with a small change.",
    "Nobody expected the second part to take three weeks.",
    "The data was fine; the schema was the problem.",
    "We tried it twice and wrote down what happened.",
    "Coffee helped more than it should have.",
    "In the end the simplest fix was the right one.",
]
START = datetime.datetime(2023, 1, 1, tzinfo=datetime.timezone.utc)
TWO_YEARS_IN_MINUTES = 2 * 365 * 24 * 60


class Command(BaseCommand):
    help = "Fill the blog with deterministic demo posts and categories, leaving gaps in the ids."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=60, help="posts to create (default 60)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--reset", action="store_true", help="delete existing posts and categories first"
        )

    def handle(self, *args, count, seed, reset, **options):
        if count < 1:
            raise CommandError(f"--count must be at least 1, not {count!r}.")
        with transaction.atomic():
            if reset:
                Post.objects.all().delete()
                Category.objects.all().delete()
            refuse_if_seeded()
            summary = seed_blog(random.Random(seed), count)
        self.stdout.write(f"{summary} (seed {seed}).")


def refuse_if_seeded():
    posts, categories = Post.objects.count(), Category.objects.count()
    if posts or categories:
        raise CommandError(
            f"The database already holds {posts} posts and {categories} categories: "
            "run seed_demo --reset to replace them."
        )


def seed_blog(rng: random.Random, count: int) -> str:
    """Create categories, posts and pairs, delete some of each; return a summary."""
    Category.objects.bulk_create(Category(name=name, slug=slugify(name)) for name in CATEGORY_NAMES)
    category_ids = ids_in_insert_order(Category)
    Post.objects.bulk_create(make_post(rng, index) for index in range(count))
    post_ids = ids_in_insert_order(Post)
    Through = Post.categories.through
    Through.objects.bulk_create(
        Through(post_id=post_id, category_id=category_id)
        for post_id in post_ids
        for category_id in rng.sample(category_ids, rng.choices([0, 1, 2, 3], [1, 4, 3, 2])[0])
    )
    # Gaps inside the sequence and a high-water mark above max(id), as in a lived-in table.
    tail = min(3, count // 4)
    doomed_posts = [pk for i, pk in enumerate(post_ids) if i % 7 == 6 or i >= count - tail]
    doomed_categories = [category_ids[5], category_ids[-1]]
    Post.objects.filter(pk__in=doomed_posts).delete()
    Category.objects.filter(pk__in=doomed_categories).delete()
    delete_newest(Through.objects.all())
    return (
        f"Seeded the blog with {Category.objects.count()} categories, {Post.objects.count()} posts "
        f"and {Through.objects.count()} post-category pairs; deleted {len(doomed_posts)} posts "
        f"and {len(doomed_categories)} categories so the ids have gaps"
    )


def make_post(rng: random.Random, index: int) -> Post:
    if index < len(SPECIAL_TITLES):
        title = SPECIAL_TITLES[index]
    else:
        title = f"{rng.choice(ADJECTIVES)} {rng.choice(TOPICS)} #{index + 1}"
    paragraphs = rng.randrange(0, 4)  # no body at all for a quarter of the posts
    body = "\n\n".join(" ".join(rng.sample(SENTENCES, 3)) for _ in range(paragraphs))
    published = None
    if rng.random() < 0.8:
        published = START + datetime.timedelta(minutes=rng.randrange(TWO_YEARS_IN_MINUTES))
    return Post(title=title, body=body, published=published)


def delete_newest(queryset) -> None:
    newest = queryset.order_by("-pk").first()
    if newest is not None:
        newest.delete()


def ids_in_insert_order(model) -> list[int]:
    # bulk_create sets no pks on backends without RETURNING (MySQL, older MariaDB); the tables
    # start empty, so the ids in ascending order are the rows in the order they were inserted.
    return list(model.objects.order_by("pk").values_list("pk", flat=True))
