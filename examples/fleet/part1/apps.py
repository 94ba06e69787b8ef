from django.apps import AppConfig


class Part1Config(AppConfig):
    name = "part1"
