from odoo.tests import BaseCase, tagged

from ..tools import format_nhs_number, format_postcode, format_upn, is_valid_local_reference


@tagged("post_install", "-at_install")
class TestIdentifiers(BaseCase):
    def test_nhs_number(self):
        self.assertEqual(format_nhs_number("9434765919"), "943 476 5919")
        self.assertEqual(format_nhs_number(" 943-476-5919 "), "943 476 5919")
        self.assertIsNone(format_nhs_number("9434765918"), "wrong check digit")
        self.assertIsNone(format_nhs_number("943476591"), "nine digits")
        self.assertIsNone(format_nhs_number("94347659AB"))
        self.assertIsNone(format_nhs_number(""))

    def test_upn(self):
        # published examples: B801200005001 is valid, A801200005001 has a wrong check letter
        self.assertEqual(format_upn("b801200005001"), "B801200005001")
        self.assertIsNone(format_upn("A801200005001"))
        self.assertIsNone(format_upn("B80120000500"), "twelve characters")
        self.assertIsNone(format_upn("X80120000A001"), "letters in the middle")

    def test_postcode(self):
        self.assertEqual(format_postcode("rm17 6sl"), "RM17 6SL")
        self.assertEqual(format_postcode("SW1A1AA"), "SW1A 1AA")
        self.assertEqual(format_postcode("m1 1ae"), "M1 1AE")
        self.assertIsNone(format_postcode("RM17"))
        self.assertIsNone(format_postcode("12345"))

    def test_local_reference(self):
        self.assertTrue(is_valid_local_reference("CSC/2026-00123"))
        self.assertFalse(is_valid_local_reference("has spaces"))
        self.assertFalse(is_valid_local_reference("x" * 31))
        self.assertFalse(is_valid_local_reference(""))
