"""In development every mail lands in var/mail/ as a file a newcomer can read: the
umlauts as umlauts and a long link on one line, ready to copy into the browser."""

import email.policy
from email import message_from_bytes

from django.core.mail import EmailMessage

from stadtwerk.mail import ReadableFileBackend

LINK = "http://127.0.0.1:8000/kundencenter/aktivieren/Mg:1xYPpv:PsrXxLKAiPSUT89Srql6K-yhXNCM3ipEm_NZvBwQWI8/"


def test_a_mail_file_shows_umlauts_and_the_whole_link_on_one_line(tmp_path):
    connection = ReadableFileBackend(file_path=str(tmp_path))
    body = f"Guten Tag Frau Müller,\n\naktivieren Sie Ihren Zugang über diesen Link:\n{LINK}\n"
    connection.send_messages([EmailMessage("Zugang aktivieren", body, to=["erika@example.org"])])

    [written] = tmp_path.iterdir()
    text = written.read_text(encoding="utf-8")
    assert "Frau Müller" in text
    assert f"\n{LINK}\n" in text
    # Still a well-formed message that mail programs and tests can parse.
    raw = written.read_bytes().split(b"\n" + b"-" * 79)[0]
    message = message_from_bytes(raw, policy=email.policy.default)
    assert message.get_content().endswith(f"{LINK}\n")
