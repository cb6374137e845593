"""Production settings pass Django's deployment checks, refuse to start without a
secret key, and send the security headers the privacy policy promises."""

import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from stadtwerk.testing import unavailable

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
MANAGE = REPO_ROOT / "manage.py"
# Only what a Python process needs to run; nothing from the test run's own settings
# (pytest-django and stadtwerk.test_settings put DJANGO_SETTINGS_MODULE, DEBUG and
# SECRET_KEY into os.environ).
PASSED_THROUGH = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")


def clean_environment(**variables: str) -> dict[str, str]:
    environment = {name: os.environ[name] for name in PASSED_THROUGH if name in os.environ}
    return {**environment, **variables}


def production_environment(tmp_path: Path, **variables: str) -> dict[str, str]:
    secret_key = secrets.token_urlsafe(45)
    assert len(secret_key) == 60
    production = {
        "DJANGO_SETTINGS_MODULE": "stadtwerk.settings",
        "DEBUG": "false",
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": "www.stadtwerke.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        # Production sends SMS through a provider's HTTPS API (sms.W002 otherwise).
        "SMS_HTTP_URL": "https://sms.provider.example/v1/messages",
    }
    return clean_environment(**{**production, **variables})


def manage(*arguments: str, env: dict[str, str], cwd: Path = REPO_ROOT):
    return subprocess.run(
        [sys.executable, str(MANAGE), *arguments],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def dot_env_defines(name: str) -> bool:
    """Whether the checkout's .env (read by the settings) sets this variable."""
    dot_env = REPO_ROOT / ".env"
    if not dot_env.exists():
        return False
    for line in dot_env.read_text().splitlines():
        line = line.strip().removeprefix("export ").lstrip()
        if line.split("=", 1)[0].strip() == name:
            return True
    return False


def test_production_settings_pass_the_deployment_checks(tmp_path):
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=production_environment(tmp_path)
    )

    output = result.stdout + result.stderr
    assert "WARNINGS" not in output, output
    assert result.returncode == 0, output


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    if dot_env_defines("SECRET_KEY"):
        unavailable("this checkout's .env sets SECRET_KEY")
    environment = production_environment(tmp_path)
    del environment["SECRET_KEY"]

    result = manage("check", env=environment)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr, result.stderr
    assert "SECRET_KEY" in result.stderr, result.stderr


def test_production_refuses_to_start_with_an_empty_secret_key(tmp_path):
    result = manage("check", env=production_environment(tmp_path, SECRET_KEY=""))

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr, result.stderr


def test_development_invents_a_secret_key_once_per_checkout(tmp_path):
    """Run against a copy of the settings module, so its var/ is under tmp_path and the
    checkout's own var/secret_key is never touched."""
    package = tmp_path / "stadtwerk"
    package.mkdir()
    (package / "__init__.py").write_text("")
    shutil.copy(REPO_ROOT / "stadtwerk" / "settings.py", package / "settings.py")
    real_key_file = REPO_ROOT / "var" / "secret_key"
    real_key_before = real_key_file.read_bytes() if real_key_file.exists() else None
    script = (
        "import stadtwerk.settings as s; "
        "assert s.BASE_DIR == s.VAR_DIR.parent; "
        "print(s.VAR_DIR); print(s.SECRET_KEY)"
    )
    environment = clean_environment(DEBUG="true")

    def settings_key() -> tuple[str, str]:
        result = subprocess.run(
            [sys.executable, "-c", script],
            cwd=tmp_path,
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        var_dir, key = result.stdout.split()
        return var_dir, key

    var_dir, first_key = settings_key()
    _, second_key = settings_key()

    key_file = tmp_path / "var" / "secret_key"
    assert Path(var_dir) == tmp_path / "var"
    assert key_file.read_text().strip() == first_key
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert len(first_key) >= 50
    assert second_key == first_key
    real_key_after = real_key_file.read_bytes() if real_key_file.exists() else None
    assert real_key_after == real_key_before


@pytest.mark.django_db
def test_pages_carry_the_security_headers(client):
    from stadtwerk.demo import demo_data_load

    demo_data_load()

    response = client.get("/")

    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "object-src 'none'" in csp
    assert "frame-ancestors 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
