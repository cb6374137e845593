"""The privacy audit: everything that is stored longer than its rule allows, or is not
declared at all. `manage.py privacy audit` and the DPO's desk both show this list; an
empty list means the audit passes."""

from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from privacy.coverage import uncovered_models
from privacy.retention import overdue
from privacy.selectors import policy_drift


def audit_findings(*, now: datetime | None = None) -> list[str]:
    """What fails the audit, one readable sentence per finding."""
    findings = [
        ngettext(
            "%(activity)s: %(count)d Datensatz älter als erlaubt (%(rule)s)",
            "%(activity)s: %(count)d Datensätze älter als erlaubt (%(rule)s)",
            item.count,
        )
        % {"activity": item.activity, "count": item.count, "rule": item.rule}
        for item in overdue(now=now)
    ] + [
        _(
            "%(model)s: personenbezogene Daten (%(fields)s) sind von keiner "
            "Verarbeitungstätigkeit erfasst"
        )
        % {"model": item.model, "fields": ", ".join(item.fields)}
        for item in uncovered_models()
    ]
    drift = policy_drift()
    if drift:
        findings.append(
            _(
                "Version %(version)s der Datenschutzerklärung beschreibt die erklärten "
                "Verarbeitungstätigkeiten nicht (neu: %(new)s; geändert: %(changed)s; "
                "entfernt: %(removed)s; Auftragsverarbeiter geändert: %(processors)s); "
                "bitte eine neue Version veröffentlichen"
            )
            % {
                "version": drift.version,
                "new": ", ".join(drift.new) or "-",
                "changed": ", ".join(drift.changed) or "-",
                "removed": ", ".join(drift.removed) or "-",
                "processors": _("ja") if drift.processors_changed else _("nein"),
            }
        )
    return findings
