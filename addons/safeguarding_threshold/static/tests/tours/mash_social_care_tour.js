import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";
import { openMenu, pickSelection, screenAndOpenDecision } from "@safeguarding_threshold/../tests/tours/tour_helpers";

// The MASH refers a child to children's social care: the decision dialog asks for the
// child's primary need (CIN census) only for a social care outcome, and will not record
// the decision without it.

registry.category("web_tour.tours").add("safeguarding_mash_social_care_decision_tour", {
    steps: () => [
        ...stepUtils.goToAppSteps("safeguarding_threshold.menu_safeguarding_root", "Open Safeguarding"),
        openMenu("safeguarding_threshold.menu_safeguarding_mash_queue", "the MASH queue"),
        ...screenAndOpenDecision("Ellis Marchbank", 3),
        // early help: no primary need is asked for
        ...pickSelection("decision_outcome", "Early help", ".modal"),
        {
            content: "The outcome is early help, so the household is required",
            trigger: ".modal .o_field_widget[name='decision_outcome'] input:value(Early help)",
        },
        {
            content: "No primary need is asked for early help",
            trigger: ".modal .o_form_view:has(.o_field_widget[name='family_id'].o_required_modifier):not(:has(div[name='primary_need_code'])):not(:has(label:contains(Primary need)))",
        },
        // children's social care: the primary need is asked for
        ...pickSelection("decided_tier", "Complex / child in need", ".modal"),
        ...pickSelection("decision_outcome", "Child in need assessment", ".modal"),
        {
            content: "The outcome is a child in need assessment",
            trigger: ".modal .o_field_widget[name='decision_outcome'] input:value(Child in need assessment)",
        },
        {
            content: "The primary need is now asked for, and required",
            trigger: ".modal .o_form_view:has(label:contains(Primary need)) div[name='primary_need_code'].o_required_modifier",
        },
        {
            content: "The decided tier is the suggested one: no rationale is asked for",
            trigger: ".modal:not(:has(.o_rationale_needed:visible))",
        },
        {
            content: "Record the decision without a primary need",
            trigger: ".modal .modal-footer button[name='action_confirm']",
            run: "click",
        },
        {
            content: "It is refused, in plain words",
            trigger: ".o_notification:contains(Missing required fields)",
        },
        {
            content: "... and the primary need is marked as missing",
            trigger: ".modal div[name='primary_need_code'].o_field_invalid",
        },
        ...pickSelection("primary_need_code", "Abuse or neglect", ".modal"),
        {
            content: "The primary need is abuse or neglect",
            trigger: ".modal .o_field_widget[name='primary_need_code'] input:value(N1 Abuse or neglect)",
        },
        {
            content: "Give the rationale",
            trigger: ".modal .o_field_widget[name='decision_rationale'] textarea",
            run: "edit Ellis has told a teacher he is hit at home; a social worker must assess his needs under section 17.",
        },
        {
            content: "Leave the rationale",
            trigger: ".modal .o_field_widget[name='suggested_tier']",
            run: "click",
        },
        {
            content: "The primary need is no longer marked as missing",
            trigger: ".modal:not(:has(.o_field_invalid))",
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
            content: "The referral is decided",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Decided)",
        },
        {
            content: "Open the Decision tab",
            trigger: ".o_notebook a.nav-link[name='decision']",
            run: "click",
        },
        {
            content: "The outcome is a child in need assessment",
            trigger: ".o_form_view .o_field_widget[name='decision_outcome']:contains(Child in need assessment)",
        },
        {
            content: "The primary need is recorded: abuse or neglect",
            trigger: ".o_form_view .o_field_widget[name='primary_need_code']:contains(N1 Abuse or neglect)",
        },
        {
            content: "The decided tier is 3",
            trigger: ".o_form_view .o_field_widget[name='decided_tier']:contains(Complex / child in need)",
        },
        {
            content: "... decided by the MASH worker",
            trigger: ".o_form_view .o_field_widget[name='decided_by_id']:contains(Sasha Mashbrook)",
        },
        {
            content: "Nothing is left unsaved",
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});
