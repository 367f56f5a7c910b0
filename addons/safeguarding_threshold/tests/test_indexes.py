"""The indexes the council-scale figures rely on (docs/benchmarks.md) exist as measured."""

from odoo.tests import TransactionCase, tagged

from .common import load_migration

# index name: (method, column); a trigram index may wrap its column in unaccent()
EXPECTED = {
    # the possible-duplicates search looks children up by birth date
    "safeguarding_child__birthdate_index": ("btree", "birthdate"),
    # finding a child searches the name and the three identifiers together
    "safeguarding_child__name_index": ("gin", "name"),
    "safeguarding_child__local_reference_index": ("gin", "local_reference"),
    "safeguarding_child__nhs_number_index": ("gin", "nhs_number"),
    "safeguarding_child__upn_index": ("gin", "upn"),
    # the practitioners' rules start from who recorded a child, household or adult
    "safeguarding_child_create_uid_index": ("btree", "create_uid"),
    "safeguarding_family_create_uid_index": ("btree", "create_uid"),
    "safeguarding_adult_create_uid_index": ("btree", "create_uid"),
    # and who made the referrals of the households and children they open
    "safeguarding_referral_family_referrer_index": ("btree", "family_id, referrer_user_id"),
    "safeguarding_referral_referrer_by_id_index": ("btree", "INCLUDE (referrer_user_id)"),
}


@tagged("post_install", "-at_install")
class TestIndexes(TransactionCase):
    def _definitions(self):
        self.env.cr.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)",
            [list(EXPECTED)],
        )
        return dict(self.env.cr.fetchall())

    def test_indexes_exist_with_their_method(self):
        definitions = self._definitions()
        for name, (method, column) in EXPECTED.items():
            with self.subTest(index=name):
                self.assertIn(name, definitions)
                self.assertIn(f"USING {method} (", definitions[name])
                self.assertIn(column, definitions[name])
                if method == "gin":
                    self.assertIn("gin_trgm_ops", definitions[name])

    def test_upgrade_drops_the_btree_identifier_indexes_to_remake_them(self):
        """19.0.1.0.0 made btree indexes under the names the trigram indexes take."""
        migration = load_migration("19.0.1.1.0", "pre-migrate")
        migration.migrate(self.env.cr, "19.0.1.0.0")
        left = self._definitions()
        for column in migration.IDENTIFIERS:
            self.assertNotIn(f"safeguarding_child__{column}_index", left)
        self.assertIn("safeguarding_child__name_index", left, "the name index stays")
