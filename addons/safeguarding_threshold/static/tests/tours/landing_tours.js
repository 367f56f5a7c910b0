import { registry } from "@web/core/registry";

// Where each safeguarding role lands after logging in: the Safeguarding app, on the
// page of their own work (its title, its preselected filters and a record of theirs),
// not Discuss.

function landingSteps(title, facet, view, record) {
    return [
        {
            content: "The Safeguarding app is open",
            trigger: ".o_main_navbar .o_menu_brand:contains(Safeguarding)",
        },
        {
            content: `The page is ${title}`,
            trigger: `.o_control_panel .o_last_breadcrumb_item:contains(${title})`,
        },
        {
            content: "Not Discuss",
            trigger: "body:not(:has(.o-mail-Discuss))",
        },
        ...(facet
            ? [
                  {
                      content: `Filtered on ${facet}`,
                      trigger: `.o_searchview_facet:contains(${facet})`,
                  },
              ]
            : []),
        {
            content: `${record} is listed`,
            trigger: `${view}:contains(${record})`,
        },
    ];
}

const LIST_ROW = ".o_list_view .o_data_row";
const CASE_CARD = ".o_kanban_view .o_kanban_record";

registry.category("web_tour.tours").add("safeguarding_landing_practitioner_tour", {
    steps: () => landingSteps("My cases", "I lead", CASE_CARD, "Landing household"),
});

registry.category("web_tour.tours").add("safeguarding_landing_referrer_tour", {
    steps: () => landingSteps("My referrals", "My referrals", LIST_ROW, "Rosie Referred"),
});

registry.category("web_tour.tours").add("safeguarding_landing_hub_tour", {
    steps: () =>
        landingSteps("Cases needing attention", "Needs a lead professional", CASE_CARD, "Leadless household"),
});

registry.category("web_tour.tours").add("safeguarding_landing_mash_tour", {
    steps: () => landingSteps("MASH queue", null, LIST_ROW, "Quinn Queued"),
});

registry.category("web_tour.tours").add("safeguarding_landing_manager_tour", {
    steps: () => landingSteps("Overdue decisions", "Overdue", LIST_ROW, "Owen Overdue"),
});
