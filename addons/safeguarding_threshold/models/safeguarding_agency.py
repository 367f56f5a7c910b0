from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

from ..tools import REFERRAL_SOURCE_SELECTION
from ..tools.groups import ADMIN_GROUP, HUB_GROUP


class SafeguardingAgency(models.Model):
    """A partner agency (a school, a health service, a police team) that refers
    children to the front door. Its professionals refer through the portal: they are
    portal users whose contact belongs to the agency's organisation (``partner_id``)."""

    _name = "safeguarding.agency"
    _description = "Partner agency"
    _order = "name"
    _check_company_auto = True

    name = fields.Char(required=True, index="trigram")
    referral_source = fields.Selection(
        REFERRAL_SOURCE_SELECTION,
        help="CIN census referral source used for referrals from this agency.",
        string="Referral source",
    )
    phone = fields.Char()
    email = fields.Char()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Organisation",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
        copy=False,
        domain=[("is_company", "=", True)],
        help="The agency in the contacts. Its professionals are its contacts; those invited "
        "to the portal refer through the request-for-support form.",
    )
    professional_ids = fields.One2many(
        "res.partner",
        compute="_compute_professional_ids",
        string="Professionals",
        help="The agency's contacts and whether they may use the portal.",
    )

    _name_company_uniq = models.Constraint(
        "UNIQUE(name, company_id)", "An agency with this name already exists."
    )
    _partner_uniq = models.Constraint(
        "UNIQUE(partner_id)", "This organisation is already the contact of another agency."
    )

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("partner_id") for vals in vals_list):
            self._check_organisation_unforged()
        return super().create(vals_list)

    def write(self, vals):
        if "partner_id" in vals and any(
            agency.partner_id.id != vals["partner_id"] for agency in self
        ):
            self._check_organisation_unforged()
        return super().write(vals)

    def _check_organisation_unforged(self):
        """The organisation decides who may refer for the agency through the portal: it
        is set by the first invitation (``_organisation``), never by a client."""
        if not self.env.su:
            raise UserError(
                self.env._(
                    "An agency's organisation is set when its first professional is invited "
                    "to the portal; it cannot be chosen or changed, because it decides who "
                    "may refer for the agency."
                )
            )

    @api.depends("partner_id")
    def _compute_professional_ids(self):
        for agency in self:
            agency.professional_ids = agency.partner_id.sudo().child_ids.filtered(
                lambda partner: partner.type == "contact"
            )

    # ------------------------------------------------------------ portal professionals

    @api.model
    def _of_portal_user(self, user):
        """The agency ``user`` refers for: a portal user whose contact belongs to an
        agency's organisation. Empty for anyone else (internal users included)."""
        if not user._is_portal():
            return self.browse()
        organisation = user.sudo().partner_id.commercial_partner_id
        return (
            self.sudo()
            .with_context(active_test=True)
            .search([("partner_id", "=", organisation.id)], limit=1)
        )

    def _check_may_invite(self):
        user = self.env.user
        if not (user.has_group(HUB_GROUP) or user.has_group(ADMIN_GROUP)):
            raise UserError(
                self.env._(
                    "Only the early help hub and the safeguarding administrator invite "
                    "professionals to the portal."
                )
            )

    def action_invite_professional(self):
        self.ensure_one()
        self._check_may_invite()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Invite a professional of %(agency)s", agency=self.name),
            "res_model": "safeguarding.agency.invite",
            "view_mode": "form",
            "target": "new",
            "context": {"default_agency_id": self.id},
        }

    def _organisation(self):
        """The agency's organisation in the contacts, created when it has none."""
        self.ensure_one()
        if not self.partner_id:
            partner = (
                self.env["res.partner"]
                .sudo()
                .create(
                    {
                        "name": self.name,
                        "is_company": True,
                        "email": self.email,
                        "phone": self.phone,
                        "company_id": self.company_id.id,
                    }
                )
            )
            self.sudo().partner_id = partner
        return self.partner_id

    def _invite(self, name, email, function=False):
        """Give ``email`` portal access as a professional of this agency, with Odoo's
        portal invitation (the e-mail that lets them set a password)."""
        self.ensure_one()
        self._check_may_invite()
        email = (email or "").strip()
        if not (name or "").strip() or not email:
            raise ValidationError(self.env._("Give the professional's name and e-mail address."))
        organisation = self._organisation()
        Partner = self.env["res.partner"].sudo()
        users = self.env["res.users"].sudo().with_context(active_test=False)
        existing = users.search([("login", "=ilike", email)], limit=1)
        if existing and not existing._is_portal():
            raise UserError(
                self.env._(
                    "%(email)s is the login of a council user, who cannot also be a partner "
                    "agency's portal user.",
                    email=email,
                )
            )
        contact = Partner.search(
            Domain("parent_id", "=", organisation.id) & Domain("email", "=ilike", email), limit=1
        ) or Partner.create(
            {
                "name": name.strip(),
                "email": email,
                "function": function,
                "parent_id": organisation.id,
                "type": "contact",
                "company_id": self.company_id.id,
            }
        )
        wizard = self.env["portal.wizard"].sudo().create({"partner_ids": [(6, 0, contact.ids)]})
        line = wizard.user_ids
        if line.is_portal:
            line.action_invite_again()
        else:
            line.action_grant_access()
        return contact
