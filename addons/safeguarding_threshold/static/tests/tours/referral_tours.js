import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";
import { openMenu, pickSelection, screenAndOpenDecision, ukDate, ukDateTime } from "@safeguarding_threshold/../tests/tours/tour_helpers";

// The referral's journey through the front door: a practitioner makes it, the MASH
// decides it. Dates are typed as a person in the UK types them (dd/mm/yyyy).


function addIndicator(code, name) {
    return [
        {
            content: "Add a line to the indicators",
            trigger: ".o_field_widget[name='indicator_line_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: `Look up ${code}`,
            trigger: ".o_field_widget[name='indicator_line_ids'] .o_selected_row [name='indicator_id'] input",
            run: `edit ${code}`,
        },
        {
            content: `Choose ${name}`,
            trigger: `.o-autocomplete--dropdown-menu .o-autocomplete--dropdown-item a:contains(${name})`,
            run: "click",
        },
        {
            content: "The indicator's tier is filled in",
            trigger: ".o_field_widget[name='indicator_line_ids'] .o_selected_row [name='tier']:not(:empty)",
        },
    ];
}

registry.category("web_tour.tours").add("safeguarding_practitioner_referral_tour", {
    steps: () => [
        ...stepUtils.goToAppSteps("safeguarding_threshold.menu_safeguarding_root", "Open Safeguarding"),
        openMenu("safeguarding_threshold.menu_safeguarding_referral", "Referrals"),
        {
            content: "New referral",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "The referral form opens as a draft",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Draft)",
        },
        {
            content: "Referrer's role",
            trigger: ".o_field_widget[name='referrer_role'] input",
            run: "edit Class teacher",
        },
        // a new child, created from the referral
        {
            content: "Type the child's name",
            trigger: ".o_field_widget[name='child_ids'] input",
            run: "edit Poppy Greenwood",
        },
        {
            content: "Create and edit the child",
            trigger: ".o-autocomplete--dropdown-menu .o_m2o_dropdown_option_create_edit a",
            run: "click",
        },
        {
            content: "First name",
            trigger: ".modal .o_field_widget[name='first_name'] input",
            run: "edit Poppy",
        },
        {
            content: "Last name",
            trigger: ".modal .o_field_widget[name='last_name'] input",
            run: "edit Greenwood",
        },
        {
            content: "Date of birth, typed dd/mm/yyyy",
            trigger: ".modal .o_field_widget[name='birthdate'] input",
            run: "edit 14/02/2015",
        },
        {
            content: "Save the child",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The child is on the referral",
            trigger: "body:not(:has(.modal)) .o_field_widget[name='child_ids'] .o_tag:contains(Poppy Greenwood)",
        },
        // a new household, created from the referral
        {
            content: "Type the household's name",
            trigger: ".o_field_widget[name='family_id'] input",
            run: "edit Greenwood household",
        },
        {
            content: "Create the household",
            trigger: ".o-autocomplete--dropdown-menu .o_m2o_dropdown_option_create a",
            run: "click",
        },
        {
            content: "The household is on the referral",
            trigger: ".o_field_widget[name='family_id'] input:value(Greenwood household)",
        },
        // what the referrer is worried about
        {
            content: "Describe the concerns",
            trigger: ".o_field_widget[name='concerns'] .odoo-editor-editable",
            run: "editor Poppy has been late most days this term and says there is no food at home.",
        },
        // three indicators of the framework
        {
            content: "Open the Indicators tab",
            trigger: ".o_notebook a.nav-link[name='indicators']",
            run: "click",
        },
        ...addIndicator("THU-T2-EDU-02", "Poor punctuality"),
        ...addIndicator("THU-T2-EDU-03", "Pattern of regular school absences"),
        ...addIndicator("THU-T2-HOU-02", "Low income and growing debts"),
        {
            content: "Three indicators are recorded",
            trigger: ".o_field_widget[name='indicator_line_ids'] .o_data_row:nth-child(3)",
        },
        // consent, given by a parent
        {
            content: "Open the Consent tab",
            trigger: ".o_notebook a.nav-link[name='consent']",
            run: "click",
        },
        {
            content: "Consent given by a parent",
            trigger: ".o_field_widget[name='consent_status'] input[data-value='parent']",
            run: "click",
        },
        {
            content: "Who gave consent",
            trigger: ".o_field_widget[name='consent_given_by'] input",
            run: "edit Sam Greenwood, mother",
        },
        {
            content: "When, typed dd/mm/yyyy",
            trigger: ".o_field_widget[name='consent_date'] input",
            run: `edit ${ukDate(luxon.DateTime.now())}`,
        },
        {
            content: "Submit to the front door",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_submit']",
            run: "click",
        },
        {
            content: "The referral is submitted",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Submitted)",
        },
        {
            content: "A confirmation gives the reference",
            trigger: ".o_form_view .o_referral_submitted:contains(has been received by the front door) [name='name']:contains(REF/)",
        },
        {
            content: "... the decision deadline",
            trigger: ".o_form_view .o_referral_submitted:contains(A decision is due by) [name='decision_deadline']:contains(/20)",
        },
        {
            content: "... and what happens next",
            trigger: ".o_form_view .o_referral_submitted:contains(What happens next)",
            run() {
                this.anchor.scrollIntoView({ block: "center" });
            },
        },
        {
            content: "Nothing is left unsaved",
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});

registry.category("web_tour.tours").add("safeguarding_mash_decision_tour", {
    steps: () => [
        ...stepUtils.goToAppSteps("safeguarding_threshold.menu_safeguarding_root", "Open Safeguarding"),
        openMenu("safeguarding_threshold.menu_safeguarding_mash_queue", "the MASH queue"),
        {
            content: "The queue dates the referral dd/mm/yyyy with a 24-hour time",
            trigger: ".o_list_view .o_data_row:contains(Rowan Ellery) td[name='received_on']",
            run() {
                const shown = this.anchor.textContent.trim();
                if (!/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/.test(shown)) {
                    throw new Error(`Received is shown as "${shown}", not dd/mm/yyyy HH:MM`);
                }
            },
        },
        ...screenAndOpenDecision("Rowan Ellery", 3),
        {
            content: "... with its explanation",
            trigger: ".modal .o_field_widget[name='suggestion_explanation']:contains(THU-T3)",
        },
        ...pickSelection("decided_tier", "2", ".modal"),
        ...pickSelection("decision_outcome", "Early help", ".modal"),
        {
            content: "The household is the referral's",
            trigger: ".modal .o_field_widget[name='family_id'] input:value(Ellery household)",
        },
        {
            content: "A plain message asks for the rationale",
            trigger: ".modal .o_rationale_needed:contains(Say why in the rationale before recording the decision)",
        },
        {
            content: "Record the decision without a rationale",
            trigger: ".modal .modal-footer button[name='action_confirm']",
            run: "click",
        },
        {
            content: "It is refused, in plain words",
            trigger: ".o_error_dialog:contains(differs from the suggestion):contains(Record the rationale before deciding)",
        },
        {
            content: "Close the message",
            trigger: ".o_error_dialog .o-default-button",
            run: "click",
        },
        {
            content: "Give the rationale",
            trigger: ".modal:not(:has(.o_error_dialog)) .o_field_widget[name='decision_rationale'] textarea",
            run: "edit Mother has asked for help and the school is already supporting Rowan; early help can meet these needs.",
        },
        {
            content: "Leave the rationale",
            trigger: ".modal .o_field_widget[name='suggested_tier']",
            run: "click",
        },
        {
            content: "The message goes once the rationale is given",
            trigger: ".modal:not(:has(.o_rationale_needed:visible))",
        },
        {
            content: "Record the decision",
            trigger: ".modal .modal-footer button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The dialog closes",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "Open the Decision tab",
            trigger: ".o_notebook a.nav-link[name='decision']",
            run: "click",
        },
        {
            content: "The referral is decided",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Decided)",
        },
        {
            content: "The outcome is early help",
            trigger: ".o_field_widget[name='decision_outcome']:contains(Early help)",
        },
        {
            content: "Record when the referrer was told, typed dd/mm/yyyy",
            trigger: ".o_field_widget[name='feedback_on'] input",
            async run(helpers) {
                await helpers.edit(ukDateTime(luxon.DateTime.now()));
            },
        },
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "The referrer was told in time",
            trigger: ".o_form_view:not(:has(.o_field_widget[name='feedback_late']:visible))",
        },
    ],
});
