from datetime import date, timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import SafeguardingCase


@tagged("post_install", "-at_install")
class TestChild(SafeguardingCase):
    def _create_as_hub(self, vals):
        return self.env["safeguarding.child"].with_user(self.hub_user).create(vals)

    def test_future_date_of_birth_is_refused(self):
        tomorrow = date.today() + timedelta(days=1)
        count = self.env["safeguarding.child"].search_count([])
        with self.assertRaisesRegex(ValidationError, "in the future"), self.undone():
            self._create_as_hub({"last_name": "Future", "birthdate": tomorrow})
        self.assertEqual(self.env["safeguarding.child"].search_count([]), count)

    def test_unborn_child_needs_an_expected_date_and_no_birth_date(self):
        due = date.today() + timedelta(days=60)
        unborn = self._create_as_hub(
            {"last_name": "Baby", "is_unborn": True, "expected_birthdate": due}
        )
        self.assertEqual(unborn.sex, "U")
        self.assertEqual(unborn.age, 0)
        with self.assertRaisesRegex(ValidationError, "expected date of birth"), self.undone():
            self._create_as_hub({"last_name": "Baby", "is_unborn": True})
        with self.assertRaisesRegex(ValidationError, "cannot have a date of birth"), self.undone():
            self._create_as_hub(
                {
                    "last_name": "Baby",
                    "is_unborn": True,
                    "expected_birthdate": due,
                    "birthdate": date.today(),
                }
            )
        with self.assertRaisesRegex(ValidationError, "Not known"), self.undone():
            unborn.write({"sex": "F"})

    def test_expected_date_of_birth_only_for_unborn_children(self):
        with self.assertRaisesRegex(ValidationError, "only for an unborn child"), self.undone():
            self._create_as_hub(
                {"last_name": "Born", "birthdate": "2020-01-01", "expected_birthdate": "2020-01-01"}
            )

    def test_unborn_form_clears_birth_date(self):
        with Form(self.env["safeguarding.child"].with_user(self.hub_user)) as form:
            form.last_name = "Onchange"
            form.birthdate = date(2020, 5, 1)
            form.sex = "F"
            form.is_unborn = True
            self.assertFalse(form.birthdate)
            self.assertEqual(form.sex, "U")
            form.expected_birthdate = date.today() + timedelta(days=30)
        self.assertTrue(form.record.is_unborn)

    @freeze_time("2026-11-22")
    def test_age(self):
        child = self._create_as_hub({"last_name": "Aged", "birthdate": "2016-11-23"})
        self.assertEqual(child.age, 9)
        child.birthdate = "2016-11-22"
        self.assertEqual(child.age, 10)

    def test_identifiers_are_validated_and_normalised(self):
        child = self._create_as_hub(
            {
                "last_name": "Ident",
                "nhs_number": "9434765919",
                "upn": "b801200005001",
                "postcode": "rm176sl",
                "local_reference": "CSC-123",
            }
        )
        self.assertEqual(child.nhs_number, "943 476 5919")
        self.assertEqual(child.upn, "B801200005001")
        self.assertEqual(child.postcode, "RM17 6SL")
        for field, value, message in (
            ("nhs_number", "9434765918", "not a valid NHS number"),
            ("upn", "A801200005001", "not a valid Unique Pupil Number"),
            ("postcode", "NOT A POSTCODE", "not a UK postcode"),
            ("local_reference", "bad ref!", "local ID"),
        ):
            with (
                self.subTest(field=field),
                self.assertRaisesRegex(ValidationError, message),
                self.undone(),
            ):
                child.write({field: value})
        self.assertEqual(child.nhs_number, "943 476 5919")

    def test_nhs_number_is_unique(self):
        self._create_as_hub({"last_name": "One", "nhs_number": "9434765919"})
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self._create_as_hub({"last_name": "Two", "nhs_number": "943 476 5919"})

    def test_current_tier_comes_from_open_work(self):
        child = self.child_a1
        self.assertEqual(child.current_tier, "2", "open case A is tier 2")
        self.case_a.tier = "3"
        self.assertEqual(child.current_tier, "3")
        referral = self.env["safeguarding.referral"].create(
            {
                "referrer_name": "Police",
                "child_ids": [Command.set(child.ids)],
                "state": "decided",
                "decided_tier": "4",
                "decision_outcome": "s47",
            }
        )
        self.assertEqual(child.current_tier, "4")
        referral.state = "closed"
        self.assertEqual(child.current_tier, "3")
        self.ready_to_close(self.case_a)
        self.case_a.with_user(self.hub_user).action_close()
        self.assertFalse(child.current_tier, "no open work left")

    def test_child_in_two_households(self):
        second = self.env["safeguarding.family"].create(
            {
                "name": "Father's household",
                "member_ids": [Command.create({"role": "child", "child_id": self.child_a1.id})],
            }
        )
        self.assertEqual(self.child_a1.family_ids, self.family_a | second)
        found = self.env["safeguarding.child"].search([("family_ids", "in", second.ids)])
        self.assertEqual(found, self.child_a1)

    def test_search_by_nhs_number(self):
        self.child_b.nhs_number = "9434765919"
        found = self.env["safeguarding.child"].name_search("943 476 5919")
        self.assertEqual([row[0] for row in found], [self.child_b.id])

    def test_possible_duplicates_are_shown_to_the_hub(self):
        again = (
            self.env["safeguarding.child"]
            .with_user(self.other_practitioner)
            .create(
                {"first_name": "Amelia", "last_name": "Ashdown-Reed", "birthdate": "2016-03-04"}
            )
        )
        self.env["safeguarding.child"].create(
            {"first_name": "Zoe", "last_name": "Other", "birthdate": "2016-03-04"}
        )
        referral = self.referral_b.with_user(self.hub_user)
        referral.child_ids = [Command.link(again.id)]
        self.assertEqual(again.with_user(self.hub_user).possible_duplicate_ids, self.child_a1)
        self.assertEqual(referral.possible_duplicate_child_ids, self.child_a1)
        # practitioners are not told about children outside their work
        with self.assertRaises(AccessError):
            again.with_user(self.other_practitioner).read(["possible_duplicate_ids"])
