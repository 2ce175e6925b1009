"""`kiosque generate`: fill the database with a large, realistic site to measure pages against."""

from __future__ import annotations

import random
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kiosque.demo.generator import (
    COMMENTS_PER_MEMBER,
    GENERATED_PASSWORD,
    GenerationRefused,
    generate,
)


class Command(BaseCommand):
    help = (
        "Add published articles, members and comments (power-law comments per article) in "
        "bulk, for performance measurements. Adds to what the database holds; meant for test "
        f'and benchmark databases: every generated member has the password "{GENERATED_PASSWORD}".'
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--articles", type=int, required=True, help="articles to publish")
        parser.add_argument(
            "--comments", type=int, required=True, help="comments in all, the hot ones included"
        )
        parser.add_argument(
            "--hot-comments",
            type=int,
            default=None,
            metavar="K",
            help="give the newest article exactly K comments",
        )
        parser.add_argument(
            "--members",
            type=int,
            default=None,
            help=f"members who write them (default: one per {COMMENTS_PER_MEMBER} comments, "
            "20 to 100,000)",
        )
        parser.add_argument(
            "--seed", type=int, default=None, help="repeat a run: same seed, same rows"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        seed = options["seed"]
        if seed is None:
            seed = random.SystemRandom().randrange(2**31)
        self.stdout.write(f"Generating with seed {seed} (pass --seed {seed} to repeat this run).")
        try:
            report = generate(
                articles=options["articles"],
                comments=options["comments"],
                hot_comments=options["hot_comments"],
                members=options["members"],
                seed=seed,
                progress=self.stdout.write,
            )
        except GenerationRefused as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(self.style.SUCCESS(report.summary()))
