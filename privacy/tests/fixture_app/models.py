from django.db import models


class Visit(models.Model):
    ip_address = models.GenericIPAddressField()
    created_at = models.DateTimeField()


class Ticket(models.Model):
    class Kind(models.TextChoices):
        CONTACT = "contact"
        CALLBACK = "callback"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    customer_number = models.CharField(max_length=20, blank=True)
    concern = models.TextField(blank=True)
    done_at = models.DateTimeField(null=True)

    personal_data_fields = ("concern",)


class Account(models.Model):
    customer_number = models.CharField(max_length=20)
    email = models.EmailField()
    password = models.CharField(max_length=128)
