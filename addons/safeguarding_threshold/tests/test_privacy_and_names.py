from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.addons.mail.tools.discuss import Store

from .common import SafeguardingCase

TODO = "mail.mail_activity_data_todo"
# each model of the chatter, and a field of it that carries what it tells
CHATTER_FIELDS = {
    "mail.message": "body",
    "mail.notification": "res_partner_id",
    "mail.followers": "partner_id",
    "mail.activity": "summary",
}
CHATTER_MODELS = tuple(CHATTER_FIELDS)


@tagged("post_install", "-at_install", "access_rights")
class TestMailPrivacy(SafeguardingCase):
    """Chatter of safeguarding records, as people without a safeguarding role try to read it.

    Case A is followed by its lead, the hub and (added as superuser) a finance user;
    the lead posts on it to the hub, the finance user and a portal user, and has an
    activity on it; another activity on it is assigned to the finance user; stale
    notifications of the case message for the finance and portal users exist (as if
    made before the addon filtered recipients).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.finance_user = mail_new_test_user(
            cls.env, login="sg_finance", groups="base.group_user", notification_type="inbox"
        )
        # a settings administrator without a safeguarding role
        cls.it_admin = mail_new_test_user(cls.env, login="sg_it_admin", groups="base.group_system")
        cls.outsiders = cls.finance_user | cls.portal_user | cls.it_admin
        cls.hub_user.notification_type = "inbox"
        case = cls.case_a
        case.message_subscribe(
            partner_ids=(cls.practitioner | cls.hub_user | cls.finance_user).partner_id.ids
        )
        cls.case_message = case.with_user(cls.practitioner).message_post(
            body="Amelia Ashdown told her teacher she is frightened at home.",
            partner_ids=(cls.hub_user | cls.finance_user | cls.portal_user).partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        cls.env["mail.notification"].create(
            [
                {
                    "mail_message_id": cls.case_message.id,
                    "res_partner_id": user.partner_id.id,
                    "notification_type": "inbox",
                }
                for user in (cls.finance_user | cls.portal_user)
                if user.partner_id not in cls.case_message.notification_ids.res_partner_id
            ]
        )
        cls.stale_notifications = cls.case_message.notification_ids.filtered(
            lambda notification: (
                notification.res_partner_id.user_ids & (cls.finance_user | cls.portal_user)
            )
        )
        cls.tracking = cls.env["mail.tracking.value"].create(
            {
                "field_id": cls.env["ir.model.fields"]._get("safeguarding.child", "last_name").id,
                "mail_message_id": cls.child_a1.message_post(body="Surname corrected").id,
                "old_value_char": "Ashdon",
                "new_value_char": "Ashdown",
            }
        )
        case.activity_schedule(TODO, summary="Call the school", user_id=cls.practitioner.id)
        case.activity_schedule(TODO, summary="Pay the taxi", user_id=cls.finance_user.id)
        cls.env.flush_all()

    def _rows_of_case(self, user, model):
        """Ids of ``model`` rows of case A that ``user`` can search, or None if refused."""
        field = {"mail.message": "res_id", "mail.notification": "mail_message_id.res_id"}
        model_field = {"mail.message": "model", "mail.notification": "mail_message_id.model"}
        domain = [
            (model_field.get(model, "res_model"), "=", "safeguarding.taf"),
            (field.get(model, "res_id"), "=", self.case_a.id),
        ]
        try:
            return self.env[model].with_user(user).search(domain).ids
        except AccessError:
            return None

    def _case_rows(self, model):
        return self._rows_of_case(self.env.user, model)

    def test_outsiders_search_no_chatter_row(self):
        for model in CHATTER_MODELS:
            self.assertTrue(self._case_rows(model), f"the scenario has {model} rows")
            for user in self.outsiders:
                with self.subTest(model=model, user=user.login):
                    self.assertFalse(self._rows_of_case(user, model))

    def test_outsiders_cannot_read_chatter_rows_by_id(self):
        """Reading the rows by id, as a client would after guessing them."""
        for model in CHATTER_MODELS:
            rows = self.env[model].browse(self._case_rows(model))
            for user in self.outsiders:
                with self.subTest(model=model, user=user.login), self.assertRaises(AccessError):
                    rows.with_user(user).read([CHATTER_FIELDS[model]])

    def test_outsiders_own_rows_hidden(self):
        """Their own notification, follower row, activity and message addressed to them:
        what mail itself would show them without the document's access."""
        own = {
            "mail.notification": self.stale_notifications.filtered(
                lambda n: n.res_partner_id == self.finance_user.partner_id
            ),
            "mail.followers": self.case_a.message_follower_ids.filtered(
                lambda f: f.partner_id == self.finance_user.partner_id
            ),
            "mail.activity": self.case_a.activity_ids.filtered(
                lambda a: a.user_id == self.finance_user
            ),
            "mail.message": self.case_message,
        }
        for model, rows in own.items():
            self.assertEqual(len(rows), 1, model)
            with self.subTest(model=model), self.assertRaises(AccessError):
                rows.with_user(self.finance_user).read([CHATTER_FIELDS[model]])
        portal_notification = self.stale_notifications - own["mail.notification"]
        for rows in (portal_notification, self.case_message):
            with self.subTest(model=rows._name, user="portal"), self.assertRaises(AccessError):
                rows.with_user(self.portal_user).read([CHATTER_FIELDS[rows._name]])

    def test_outsiders_inbox_and_systray_empty(self):
        Message = self.env["mail.message"]
        for user in (self.finance_user, self.portal_user):
            with self.subTest(user=user.login):
                inbox = Message.with_user(user)._message_fetch([("needaction", "=", True)])
                self.assertNotIn(self.case_message, inbox["messages"])
        groups = self.env["res.users"].with_user(self.finance_user)._get_activity_groups()
        self.assertFalse(sum(group["total_count"] for group in groups))

    def test_tracking_values_hidden_from_administrator_without_role(self):
        with self.assertRaises(AccessError):
            self.tracking.with_user(self.it_admin).read(["old_value_char"])
        self.assertFalse(
            self.env["mail.tracking.value"]
            .with_user(self.it_admin)
            .search([("mail_message_id.model", "=", "safeguarding.child")])
        )
        admin_with_role = mail_new_test_user(
            self.env,
            login="sg_it_admin_with_role",
            groups="base.group_system,safeguarding_threshold.group_safeguarding_practitioner",
        )
        self.assertEqual(self.tracking.with_user(admin_with_role).old_value_char, "Ashdon")

    def test_outsiders_not_notified(self):
        """No notification, inbox push or e-mail for recipients without a role."""
        notified = self.case_message.notification_ids - self.stale_notifications
        self.assertEqual(notified.res_partner_id, self.hub_user.partner_id)
        reply = self.case_a.with_user(self.practitioner).message_post(
            body="Amelia's school has been told.",
            partner_ids=self.outsiders.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        # the finance user follows the case; the hub follows it too and stays notified
        self.assertEqual(reply.notification_ids.res_partner_id, self.hub_user.partner_id)
        self.assertFalse(
            self.env["mail.mail"].search([("mail_message_id", "=", reply.id)]).recipient_ids
            & self.outsiders.partner_id
        )

    def test_lead_reads_own_case_chatter(self):
        """The chatter, followers widget and notification status of the lead's case, as
        the web client loads them (/mail/thread/data and /mail/thread/messages)."""
        Case = self.env["safeguarding.taf"].with_user(self.practitioner)
        case = Case._get_thread_with_access(self.case_a.id, mode="read")
        self.assertEqual(case, self.case_a)
        data = Store().add(case, request_list=["followers", "activities"], as_thread=True)
        data = data.get_result()
        followers = {row["partner_id"] for row in data["mail.followers"]}
        self.assertIn(self.finance_user.partner_id.id, followers)
        self.assertIn(self.hub_user.partner_id.id, followers)
        self.assertEqual(len(data["mail.activity"]), 2)
        fetched = (
            self.env["mail.message"].with_user(self.practitioner)._message_fetch(None, thread=case)
        )
        self.assertIn(self.case_message, fetched["messages"])
        messages = Store().add(fetched["messages"]).get_result()
        notified = {row["id"] for row in messages["mail.notification"]}
        self.assertTrue(set(self.case_message.notification_ids.ids) & notified)
        for model in CHATTER_MODELS:
            with self.subTest(model=model):
                self.assertTrue(self._rows_of_case(self.practitioner, model))

    def test_recipient_inbox_of_safeguarding_message(self):
        inbox = (
            self.env["mail.message"]
            .with_user(self.hub_user)
            ._message_fetch([("needaction", "=", True)])["messages"]
        )
        self.assertIn(self.case_message, inbox)
        own = self.case_message.notification_ids.filtered(
            lambda n: n.res_partner_id == self.hub_user.partner_id
        )
        own.with_user(self.hub_user).write({"is_read": True})
        self.assertTrue(own.is_read)

    def test_mash_reads_referral_chatter(self):
        message = self.referral_b.with_user(self.other_practitioner).message_post(
            body="Bella's carer has been told about the referral.",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self.referral_b.message_subscribe(partner_ids=self.other_practitioner.partner_id.ids)
        referral = (
            self.env["safeguarding.referral"]
            .with_user(self.mash_user)
            ._get_thread_with_access(self.referral_b.id, mode="read")
        )
        fetched = (
            self.env["mail.message"].with_user(self.mash_user)._message_fetch(None, thread=referral)
        )
        self.assertIn(message, fetched["messages"])
        data = Store().add(referral, request_list=["followers"], as_thread=True).get_result()
        self.assertIn(
            self.other_practitioner.partner_id.id,
            {row["partner_id"] for row in data["mail.followers"]},
        )

    def test_outsiders_keep_their_own_chatter(self):
        """The rules hide safeguarding chatter only: the finance user still reads the
        notifications, messages, followers and activities of an ordinary record."""
        supplier = self.env["res.partner"].create({"name": "Taxi firm"})
        supplier.message_subscribe(partner_ids=self.finance_user.partner_id.ids)
        message = supplier.message_post(
            body="Invoice attached.",
            partner_ids=self.finance_user.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        activity = supplier.activity_schedule(TODO, user_id=self.finance_user.id)
        as_finance = self.env["mail.notification"].with_user(self.finance_user)
        notification = as_finance.search([("mail_message_id", "=", message.id)])
        self.assertEqual(notification.res_partner_id, self.finance_user.partner_id)
        inbox = (
            self.env["mail.message"]
            .with_user(self.finance_user)
            ._message_fetch([("needaction", "=", True)])["messages"]
        )
        self.assertIn(message, inbox)
        followers = (
            self.env["mail.followers"]
            .with_user(self.finance_user)
            .search([("res_model", "=", "res.partner"), ("res_id", "=", supplier.id)])
        )
        self.assertIn(self.finance_user.partner_id, followers.partner_id)
        self.assertEqual(
            activity.with_user(self.finance_user).read(["summary"])[0]["id"], activity.id
        )


@tagged("post_install", "-at_install")
class TestNames(SafeguardingCase):
    """Names are required and bounded, with a message naming the field; nothing changes."""

    BAD = {
        "empty": "",
        "blank": "   \t ",
        "100,000 characters": "A" * 100_000,
    }

    def _assert_refused(self, record, field, value, label):
        before = record[field]
        with self.assertRaises(ValidationError) as caught:
            record.write({field: value})
        self.assertIn(label, str(caught.exception))
        record.invalidate_recordset()
        self.assertEqual(record[field], before)

    def _assert_create_refused(self, model, vals, label):
        count = self.env[model].search_count([])
        with self.assertRaises(ValidationError) as caught:
            self.env[model].with_user(self.hub_user).create(vals)
        self.assertIn(label, str(caught.exception))
        self.assertEqual(self.env[model].search_count([]), count)

    def _required_names(self):
        return [
            (self.child_a1, "last_name", "child's last name", 100),
            (self.adult_a, "name", "adult's name", 200),
            (self.family_a, "name", "household's name", 200),
        ]

    def test_required_names_refused(self):
        for record, field, label, _max in self._required_names():
            record = record.with_user(self.hub_user)
            for case, value in {**self.BAD, "missing": False}.items():
                with self.subTest(model=record._name, field=field, case=case):
                    self._assert_refused(record, field, value, label)

    def test_required_names_refused_on_create(self):
        creations = {
            "safeguarding.child": ("last_name", {"first_name": "Ava"}, "child's last name"),
            "safeguarding.adult": ("name", {}, "adult's name"),
            "safeguarding.family": ("name", {}, "household's name"),
        }
        for model, (field, vals, label) in creations.items():
            with self.subTest(model=model, case="left out"):
                self._assert_create_refused(model, vals, label)
            for case, value in {**self.BAD, "missing": False}.items():
                with self.subTest(model=model, case=case):
                    self._assert_create_refused(model, {**vals, field: value}, label)

    def test_first_name_bounded_not_blank(self):
        child = self.child_a1.with_user(self.hub_user)
        for case in ("blank", "100,000 characters"):
            with self.subTest(case=case):
                self._assert_refused(child, "first_name", self.BAD[case], "child's first name")
        # not known yet: an unborn or newborn child
        child.first_name = False
        self.assertEqual(child.name, "Ashdown")

    def test_lengths_at_the_limit(self):
        for record, field, label, maximum in self._required_names():
            record = record.with_user(self.hub_user)
            with self.subTest(model=record._name):
                record.write({field: "B" * maximum})
                self.assertEqual(len(record[field]), maximum)
                self._assert_refused(record, field, "B" * (maximum + 1), label)

    def test_ordinary_names_accepted(self):
        child = self.child_a1.with_user(self.practitioner)
        child.write({"first_name": "Amelia-Rose", "last_name": "O'Brien-Ashdown"})
        self.assertEqual(child.name, "Amelia-Rose O'Brien-Ashdown")
        self.adult_a.with_user(self.practitioner).name = "Alex Ó Súilleabháin"
        self.assertEqual(self.adult_a.name, "Alex Ó Súilleabháin")
        self.family_a.with_user(self.practitioner).name = "O'Brien-Ashdown household"
        self.assertEqual(self.family_a.name, "O'Brien-Ashdown household")
