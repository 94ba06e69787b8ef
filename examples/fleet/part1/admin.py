from django.contrib import admin

from .models import ParkingBay, Plane


class ParkingBayInline(admin.TabularInline):
    model = ParkingBay
    extra = 0


@admin.register(Plane)
class PlaneAdmin(admin.ModelAdmin):
    list_display = ("registration",)
    search_fields = ("registration",)
    inlines = [ParkingBayInline]


@admin.register(ParkingBay)
class ParkingBayAdmin(admin.ModelAdmin):
    list_display = ("code", "plane")
    list_select_related = ("plane",)
