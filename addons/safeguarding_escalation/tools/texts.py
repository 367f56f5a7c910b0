from odoo.exceptions import ValidationError


def check_texts_given(records, messages):
    """Refuse ``records`` whose texts are empty or only spaces.

    ``messages`` maps each field name to the message saying what to write in it.
    """
    for record in records:
        for name, message in messages.items():
            if not (record[name] or "").strip():
                raise ValidationError(message)
