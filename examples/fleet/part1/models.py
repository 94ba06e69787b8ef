from django.conf import settings
from django.db import models


class Plane(models.Model):
    registration = models.CharField(max_length=100)
    pilots = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True)

    def __str__(self) -> str:
        return self.registration


class ParkingBay(models.Model):
    code = models.CharField(max_length=20)
    plane = models.ForeignKey(Plane, on_delete=models.CASCADE, related_name="parking_bays")

    def __str__(self) -> str:
        return f"{self.code} ({self.plane})"
