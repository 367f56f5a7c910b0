import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";
import { openSubMenu, pickMany2one } from "@safeguarding_threshold/../tests/tours/tour_helpers";

// The early help assessment in the browser: a practitioner completes one with the family
// and opens a team around the family case from it; the lead professional prints the
// family's copy of the assessment and plan.

function openPage(name) {
    return {
        content: `Open the page ${name}`,
        trigger: `.o_notebook .nav-link:contains(${name})`,
        run: "click",
    };
}

function addLine(field) {
    return {
        content: `Add a line to ${field}`,
        trigger: `.o_field_widget[name='${field}'] .o_field_x2many_list_row_add a`,
        run: "click",
    };
}

registry.category("web_tour.tours").add("safeguarding_assessment_tour", {
    steps: () => [
        ...stepUtils.goToAppSteps("safeguarding_threshold.menu_safeguarding_root", "Open Safeguarding"),
        ...openSubMenu(
            "safeguarding_threshold.menu_safeguarding_cases",
            "safeguarding_threshold.menu_safeguarding_assessment",
            "Early help assessments"
        ),
        {
            content: "Start an assessment",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "It opens in progress",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(In progress)",
        },
        ...pickMany2one("family_id", "Kestrel household"),
        ...pickMany2one("child_ids", "Kit Kestrel"),
        {
            content: "The family's account, in their words",
            trigger: ".o_field_widget[name='family_account'] textarea",
            run: "edit Mum says Kit will not go to school since the move.",
        },
        {
            content: "What they want to change",
            trigger: ".o_field_widget[name='family_wishes'] textarea",
            run: "edit Kit settled in the new school.",
        },
        openPage("voice"),
        addLine("voice_ids"),
        ...pickMany2one("child_id", "Kit Kestrel", ".o_field_widget[name='voice_ids'] .o_selected_row"),
        {
            content: "Kit's wishes and feelings, in his words",
            trigger: ".o_field_widget[name='voice_ids'] .o_selected_row [name='wishes_and_feelings'] textarea",
            run: "edit I miss my old friends.",
        },
        openPage("Strengths"),
        addLine("indicator_line_ids"),
        {
            content: "Look the need up in the practitioner's words",
            trigger: ".o_field_widget[name='indicator_line_ids'] .o_selected_row [name='indicator_id'] input",
            run: "edit THU-T2-EDU-02",
        },
        {
            content: "Choose it",
            trigger: ".o-autocomplete--dropdown-menu .o-autocomplete--dropdown-item a:contains(THU-T2-EDU-02)",
            run: "click",
        },
        {
            content: "Its tier is filled in",
            trigger: ".o_field_widget[name='indicator_line_ids'] .o_selected_row [name='tier']:not(:empty)",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The suggested tier appears",
            trigger: ".o_field_widget[name='suggested_tier']:contains(2)",
        },
        {
            content: "Complete it with the family",
            trigger: ".o_statusbar_buttons button[name='action_complete']",
            run: "click",
        },
        {
            content: "It is completed",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Completed)",
        },
        {
            content: "Open a team around the family case from it",
            trigger: ".o_statusbar_buttons button[name='action_open_case']",
            run: "click",
        },
        {
            content: "The case opens, its plan started from the need",
            trigger: ".o_form_view .o_field_widget[name='action_ids'] .o_data_row:contains(To agree with the family)",
        },
        {
            content: "The case is led by the practitioner who assessed the family",
            trigger: ".o_form_view .o_field_widget[name='lead_professional_id']:contains(Pat Fieldhouse)",
        },
    ],
});

registry.category("web_tour.tours").add("safeguarding_family_plan_print_tour", {
    steps: () => [
        {
            content: "The assessment is open",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Completed)",
        },
        {
            content: "Open the actions menu",
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            content: "Print the family's copy",
            trigger: ".o-dropdown--menu .o-dropdown-item:contains(Early help assessment and family plan)",
            run: "click",
        },
        {
            content: "The page is back, with no error",
            trigger: "body:not(:has(.o_blockUI)):not(:has(.o_error_dialog)) .o_form_view",
        },
    ],
});
