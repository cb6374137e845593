"""Indexes on the e-mail columns of two library tables, for data-subject requests.

privacy.subjects looks up accounts and allauth's e-mail addresses by e-mail,
case-insensitively; on PostgreSQL Django writes that as UPPER("email") = UPPER(%s),
which only an index on UPPER("email") serves. The tables belong to the libraries, so
the indexes are created here, in plain SQL that PostgreSQL and SQLite both accept.
"""

from django.db import migrations

INDEXES = [
    ("auth_user_email_upper", "auth_user"),
    ("account_emailaddress_email_upper", "account_emailaddress"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0005_subject_lookup_indexes"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" (UPPER("email"))',
            reverse_sql=f'DROP INDEX IF EXISTS "{name}"',
        )
        for name, table in INDEXES
    ]
