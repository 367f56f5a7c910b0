import { toLocaleDateString } from "@web/core/l10n/dates";
import { registry } from "@web/core/registry";
import { pickMany2one, pickSelection, ukDate } from "@safeguarding_threshold/../tests/tours/tour_helpers";

// The early help hub worker's journey with a team around the family case, in three
// parts: the test ages the case between them (11 weeks, then 12 weeks of early help).

const today = luxon.DateTime.now();
// a date as a field shows it: typed dd/mm/yyyy, shown by Odoo 19 as "1 Dec" unless numeric
const showing = (selector, pseudo, date) =>
    [ukDate(date), toLocaleDateString(luxon.DateTime.fromISO(date.toISODate()))].map((text) => `${selector}:${pseudo}(${text})`).join(", ");
const LEAD = "Priya Lakeside";

function addPlanAction(need, action, due) {
    return [
        {
            content: "Add a line to the plan",
            trigger: ".o_field_widget[name='action_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Need addressed",
            trigger: ".o_field_widget[name='action_ids'] .o_selected_row [name='need'] input",
            run: `edit ${need}`,
        },
        {
            content: "Action",
            trigger: ".o_field_widget[name='action_ids'] .o_selected_row [name='name'] input",
            run: `edit ${action}`,
        },
        ...pickMany2one("owner_user_id", LEAD, ".o_selected_row"),
        {
            content: "Due date, typed dd/mm/yyyy",
            trigger: ".o_field_widget[name='action_ids'] .o_selected_row [name='due_date'] input",
            run: `edit ${ukDate(due)}`,
        },
        {
            content: "Leave the line",
            trigger: ".o_form_view .o_form_sheet .oe_title",
            run: "click",
        },
        {
            content: "The line is in the plan",
            trigger: `.o_field_widget[name='action_ids'] .o_data_row:not(.o_selected_row) td[name='name']:contains(${action})`,
        },
    ];
}

function planAndHoldReview(kind, decision) {
    return [
        {
            content: "Plan a review",
            trigger: ".o_form_view button[name='action_plan_review']",
            run: "click",
        },
        {
            content: "The review dialog opens dated today",
            // Odoo 19 shows a date as a button ("1 Dec") whose value is the full date
            trigger: `.modal .o_field_widget[name='date'] button:value(${ukDate(today)})`,
        },
        ...pickSelection("kind", kind, ".modal"),
        {
            content: "Scaling",
            trigger: ".modal .o_field_widget[name='scaling'] input",
            run: "edit 6",
        },
        {
            content: "Who came",
            trigger: ".modal .o_field_widget[name='other_attendees'] input",
            run: "edit mother, school nurse",
        },
        ...pickSelection("decision", decision, ".modal"),
        {
            content: "Record the review as held",
            trigger: ".modal button[name='action_hold']",
            run: "click",
        },
        {
            content: "The dialog closes",
            trigger: "body:not(:has(.modal))",
        },
    ];
}

registry.category("web_tour.tours").add("safeguarding_hub_case_tour", {
    steps: () => [
        {
            content: "The referral is decided as early help",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Decided)",
        },
        {
            content: "Open team around the family case",
            trigger: ".o_form_view button[name='action_open_taf']",
            run: "click",
        },
        {
            content: "The case form opens with the household",
            trigger: ".o_form_view .o_field_widget[name='family_id']:contains(Thornbury household)",
        },
        {
            content: "... the child",
            trigger: ".o_form_view .o_field_widget[name='child_ids'] .o_tag:contains(Ivy Thornbury)",
        },
        {
            content: "... and the referral",
            trigger: ".o_form_view .o_field_widget[name='referral_id'] input:value(REF/)",
        },
        ...pickMany2one("lead_professional_id", LEAD),
        {
            content: "Open the Team tab",
            trigger: ".o_notebook a.nav-link[name='team']",
            run: "click",
        },
        {
            content: "Add a team member",
            trigger: ".o_field_widget[name='member_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Agency contact without a login",
            trigger: ".o_field_widget[name='member_ids'] .o_selected_row [name='contact_name'] input",
            run: "edit Dr Ada Reed",
        },
        {
            content: "Their role",
            trigger: ".o_field_widget[name='member_ids'] .o_selected_row [name='role'] input",
            run: "edit GP",
        },
        {
            content: "Open the Plan tab",
            trigger: ".o_notebook a.nav-link[name='plan']",
            run: "click",
        },
        ...addPlanAction("School attendance", "Home visit", today.plus({ days: 14 })),
        ...addPlanAction("Parenting support", "Parenting course", today.plus({ days: 28 })),
        {
            content: "Save the case",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "The case is saved with its reference",
            trigger: ".o_form_view .oe_title .o_field_widget[name='name']:not(:contains(New))",
        },
        {
            content: "The lead professional is set",
            trigger: `.o_form_view .o_field_widget[name='lead_professional_id']:contains(${LEAD})`,
        },
        ...planAndHoldReview("Regular review", "Continue the plan"),
        {
            content: "The next review date shows without reloading",
            trigger: showing(
                ".o_form_view .o_field_widget[name='next_review_date']",
                "contains",
                today.plus({ weeks: 6 })
            ),
        },
        {
            content: "The held review is listed",
            trigger: ".o_notebook a.nav-link[name='reviews']",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='review_ids'] .o_data_row:contains(Held):contains(Continue the plan)",
        },
    ],
});

registry.category("web_tour.tours").add("safeguarding_hub_case_early_step_down_tour", {
    steps: () => [
        {
            content: "The case is open",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Open)",
        },
        {
            content: "Step down",
            trigger: ".o_form_view button[name='action_step_down']",
            run: "click",
        },
        {
            content: "Universal services is offered",
            trigger: ".modal .o_field_widget[name='step_down_to'] input[data-value='universal']:checked",
        },
        {
            content: "The dialog warns that it is too early",
            trigger: ".modal .alert-warning:contains(earlier than the minimum period of early help)",
        },
        {
            content: "Try to step down",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "Refused with a plain message",
            trigger: ".modal .modal-body:contains(expects at least 12 weeks before a step down to universal services)",
        },
        {
            content: "Close the message",
            trigger: ".modal:has(.modal-body:contains(expects at least 12 weeks)) .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Discard the step-down",
            trigger: ".modal .modal-footer button.btn-secondary:contains(Cancel)",
            run: "click",
        },
        {
            content: "The case is still open",
            trigger: "body:not(:has(.modal)) .o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Open)",
        },
    ],
});

registry.category("web_tour.tours").add("safeguarding_hub_case_step_down_and_close_tour", {
    steps: () => [
        {
            content: "Step down",
            trigger: ".o_form_view button[name='action_step_down']",
            run: "click",
        },
        {
            content: "No warning at 12 weeks",
            trigger: ".modal .o_field_widget[name='review_window']:contains(Between)",
        },
        {
            content: "The review is proposed 3 months after the step-down",
            trigger: `.modal .o_field_widget[name='review_date'] button:value(${ukDate(today.plus({ months: 3 }))})`,
        },
        {
            trigger: ".modal:not(:has(.alert-warning:visible))",
        },
        {
            content: "Step down to universal services",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The case is stepped down",
            trigger: "body:not(:has(.modal)) .o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Stepped down)",
        },
        {
            content: "The review after the step-down is the next review",
            trigger: showing(
                ".o_form_view .o_field_widget[name='next_review_date']",
                "contains",
                today.plus({ months: 3 })
            ),
        },
        {
            content: "Mark the home visit done",
            trigger: ".o_field_widget[name='action_ids'] .o_data_row:contains(Home visit) button[name='action_done']",
            run: "click",
        },
        {
            content: "The home visit is done",
            trigger: ".o_field_widget[name='action_ids'] .o_data_row:contains(Home visit) [name='state']:contains(Done)",
        },
        {
            content: "Say why the parenting course did not happen",
            trigger: ".o_field_widget[name='action_ids'] .o_data_row:contains(Parenting course) td[name='outcome_note']",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='action_ids'] .o_selected_row [name='outcome_note'] textarea",
            run: "edit Mother declined the course; support from the school nurse instead",
        },
        {
            content: "Not done",
            trigger: ".o_field_widget[name='action_ids'] .o_selected_row button[name='action_not_done']",
            run: "click",
        },
        {
            content: "The parenting course is recorded as not done",
            trigger: ".o_field_widget[name='action_ids'] .o_data_row:contains(Parenting course) [name='state']:contains(Not done)",
        },
        ...planAndHoldReview("Closing review", "Close"),
        {
            content: "Open the Closure tab",
            trigger: ".o_notebook a.nav-link[name='closure']",
            run: "click",
        },
        {
            content: "When the family was told",
            trigger: ".o_field_widget[name='family_informed_on'] input",
            run: `edit ${ukDate(today)}`,
        },
        {
            content: "When the referrer was told",
            trigger: ".o_field_widget[name='referrer_informed_on'] input",
            run: `edit ${ukDate(today)}`,
        },
        {
            content: "Close case",
            trigger: ".o_form_view button[name='action_close']",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The case is closed",
            trigger: "body:not(:has(.modal)) .o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Closed)",
        },
    ],
});
