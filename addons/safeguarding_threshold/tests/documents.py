"""Reading a printed document back, as its reader would (shared by the tests)."""

import shutil
import subprocess
import tempfile

PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"


def render_pdf(env, report_xmlid, records, user):
    """The PDF of ``records`` printed as ``user`` (rendered by wkhtmltopdf even in a test)."""
    pdf, _kind = (
        env["ir.actions.report"]
        .with_user(user)
        .with_context(force_report_rendering=True)
        ._render_qweb_pdf(report_xmlid, records.ids)
    )
    return pdf


def pdf_text(pdf):
    """The text of ``pdf`` as pdftotext reads it, whitespace run together: once in
    reading order (a cell's wrapped lines together) and once row by row (``-layout``:
    a table's label and value together), so that a fact reads as a person reads it."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as document:
        document.write(pdf)
        document.flush()
        readings = [
            subprocess.run(
                [PDFTOTEXT, *mode, document.name, "-"],
                capture_output=True,
                check=True,
                text=True,
                timeout=60,
            ).stdout
            for mode in ([], ["-layout"])
        ]
    return " | ".join(" ".join(text.split()) for text in readings)
