# pointers to mail.activity that 19.0.1.4.0 no longer stores: (table, column)
ACTIVITY_POINTERS = (
    ("safeguarding_taf_action", "activity_id", "safeguarding.taf.action"),
    ("safeguarding_taf_review", "reminder_activity_id", "safeguarding.taf.review"),
    ("safeguarding_taf_review", "overdue_activity_id", "safeguarding.taf.review"),
)


def migrate(cr, version):
    """Databases installed before 19.0.1.4.0: the activities of plan actions and reviews
    were kept on their case, with a stored pointer. They now sit on the action or the
    review itself (the mail mixin finds them there): move each open one there."""
    for table, column, model in ACTIVITY_POINTERS:
        cr.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
            (table, column),
        )
        if not cr.fetchone():
            continue
        cr.execute(
            f"""
            UPDATE mail_activity activity
               SET res_model = %(model)s,
                   res_model_id = (SELECT id FROM ir_model WHERE model = %(model)s),
                   res_id = line.id
              FROM {table} line
             WHERE line.{column} = activity.id
            """,  # noqa: S608 - table and column come from the constant above
            {"model": model},
        )
