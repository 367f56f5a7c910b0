import { registry } from "@web/core/registry";

import { openSubMenu } from "./tour_helpers";

// The early help hub invites a school's designated safeguarding lead to the partner
// portal, from the school's agency (tests/test_agency_invite_tour.py).
registry.category("web_tour.tours").add("safeguarding_agency_invite_tour", {
    steps: () => [
        ...openSubMenu(
            "safeguarding_threshold.menu_safeguarding_config",
            "safeguarding_threshold.menu_safeguarding_agency",
            "Partner agencies"
        ),
        {
            content: "Open Tilbury Academy",
            trigger: ".o_data_row .o_data_cell:contains(Tilbury Academy)",
            run: "click",
        },
        {
            content: "Invite a professional",
            trigger: "button[name=action_invite_professional]",
            run: "click",
        },
        {
            content: "Their name",
            trigger: ".modal .o_field_widget[name=name] input",
            run: "edit Sam Patel",
        },
        {
            content: "Their e-mail address",
            trigger: ".modal .o_field_widget[name=email] input",
            run: "edit sam.patel@tilbury.example.org",
        },
        {
            content: "Their role",
            trigger: ".modal .o_field_widget[name=function] input",
            run: "edit Designated safeguarding lead",
        },
        {
            content: "Send the invitation",
            trigger: ".modal button[name=action_invite]",
            run: "click",
        },
        {
            content: "The hub is told it was sent",
            trigger: ".o_notification:contains(Sam Patel has been sent an invitation)",
        },
    ],
});
