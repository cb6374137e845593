"""The development mailbox: every mail as a file in var/mail/ that a person can read."""

import email.policy

from django.core.mail.backends import filebased

#: SMTP allows lines of up to 998 characters. Below that the body is written as plain
#: UTF-8 (8bit) instead of quoted-printable, so umlauts stay umlauts and an activation
#: link stays on one line, ready to copy.
READABLE = email.policy.default.clone(max_line_length=998)


class ReadableFileBackend(filebased.EmailBackend):
    def write_message(self, message):
        self.stream.write(message.message(policy=READABLE).as_bytes() + b"\n")
        self.stream.write(b"-" * 79)
        self.stream.write(b"\n")
