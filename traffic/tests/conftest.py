import pytest


@pytest.fixture
def log_dir(tmp_path, settings):
    """Access logs written by the app into a temporary directory."""
    directory = tmp_path / "access"
    settings.TRAFFIC_ACCESS_LOG_DIR = directory
    settings.TRAFFIC_ACCESS_LOG_WRITE = True
    return directory


def combined(
    path: str,
    *,
    ip: str = "203.0.113.7",
    when: str = "10/Oct/2026:13:55:36 +0200",
    status: int = 200,
    size: int = 1000,
    referrer: str = "-",
    agent: str = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0",
    method: str = "GET",
) -> str:
    return f'{ip} - - [{when}] "{method} {path} HTTP/1.1" {status} {size} "{referrer}" "{agent}"\n'


#: Headless Chromium says "HeadlessChrome" and so counts as a bot, which the usage
#: analytics never records; the browser tests play an ordinary visitor.
VISITOR_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "user_agent": VISITOR_AGENT}
