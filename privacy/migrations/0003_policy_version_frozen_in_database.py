from django.db import migrations

MESSAGE = "Published privacy-policy versions cannot be changed."

SQL = {
    "sqlite": (
        [
            "CREATE TRIGGER privacy_policyversion_frozen BEFORE UPDATE ON privacy_policyversion "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
        ],
        ["DROP TRIGGER IF EXISTS privacy_policyversion_frozen;"],
    ),
    "postgresql": (
        [
            "CREATE FUNCTION privacy_policyversion_frozen() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$ LANGUAGE plpgsql;",
            "CREATE TRIGGER privacy_policyversion_frozen BEFORE UPDATE ON privacy_policyversion "
            "FOR EACH ROW EXECUTE FUNCTION privacy_policyversion_frozen();",
        ],
        [
            "DROP TRIGGER IF EXISTS privacy_policyversion_frozen ON privacy_policyversion;",
            "DROP FUNCTION IF EXISTS privacy_policyversion_frozen();",
        ],
    ),
}


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement)


def forwards(apps, schema_editor):
    _run(schema_editor, SQL.get(schema_editor.connection.vendor, ([], []))[0])


def backwards(apps, schema_editor):
    _run(schema_editor, SQL.get(schema_editor.connection.vendor, ([], []))[1])


class Migration(migrations.Migration):
    """A published version's text cannot change even through raw SQL: the database
    refuses every UPDATE of the table. Deleting stays possible for the database owner
    (test runs empty tables), the application refuses it."""

    dependencies = [("privacy", "0002_policy_version")]

    operations = [migrations.RunPython(forwards, backwards)]
