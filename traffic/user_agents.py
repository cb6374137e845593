"""Browser, operating system, device type and bot, from a user-agent string.

Parsing uses ua-parser with its native (Rust) resolver; importing it fails loudly if
the accelerator is missing, instead of silently running a hundred times slower. Each
distinct string is parsed once per ingestion and only the families survive.
"""

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from ua_parser import Parser, load_lazy_builtins
from ua_parser.regex import Resolver as NativeResolver

#: What ua-parser does not call a spider but is no person either.
_BOT_WORDS = re.compile(
    r"bot|crawl|spider|slurp|curl|wget|python-|go-http|java/|libwww|httpclient|"
    r"scrapy|headless|monitor|check|scan|feed|fetch|preview|http_request|okhttp",
    re.IGNORECASE,
)
_TABLET = re.compile(r"ipad|tablet|kindle|silk|playbook|(android(?!.*mobile))", re.IGNORECASE)
_MOBILE = re.compile(r"mobi|iphone|ipod|android|windows phone|blackberry|opera mini", re.I)


@dataclass(frozen=True)
class Agent:
    browser: str
    os: str
    device: str
    bot: bool


@cache
def parser() -> Parser:
    # The native resolver reads only the patterns' text; the lazy matchers skip
    # compiling all of them once more with Python's re (a quarter of a second).
    return Parser(NativeResolver(load_lazy_builtins()))


def agent_classified(user_agent: str) -> Agent:
    if not user_agent or user_agent == "-":
        return Agent(browser="Other", os="Other", device="other", bot=True)
    result = parser().parse(user_agent).with_defaults()
    bot = result.device.family == "Spider" or bool(_BOT_WORDS.search(user_agent))
    browser = result.user_agent.family
    if result.user_agent.major and not bot:
        browser = f"{browser} {result.user_agent.major}"
    if bot:
        device = "bot"
    elif _TABLET.search(user_agent):
        device = "tablet"
    elif _MOBILE.search(user_agent):
        device = "smartphone"
    else:
        device = "desktop"
    return Agent(browser=browser[:100], os=result.os.family[:100], device=device, bot=bot)


@lru_cache(maxsize=1024)
def agent_is_bot(user_agent: str) -> bool:
    return agent_classified(user_agent).bot
