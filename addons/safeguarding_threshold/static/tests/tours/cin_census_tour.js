import { registry } from "@web/core/registry";

import { openSubMenu } from "./tour_helpers";

// A manager makes the council's CIN census return from the menu
// (tests/test_cin_census_tour.py).
registry.category("web_tour.tours").add("safeguarding_cin_census_tour", {
    steps: () => [
        ...openSubMenu("safeguarding_threshold.menu_safeguarding_reporting", "safeguarding_threshold.menu_safeguarding_cin_census", "CIN census return"),
        {
            content: "The dialog says what the return is",
            trigger: ".modal:contains(children in need census return)",
        },
        {
            content: "The council's DfE LA code is filled in",
            trigger: ".modal .o_field_widget[name=la_code] input:value(883)",
        },
        {
            content: "Make the return",
            trigger: ".modal button[name=action_export]",
            run: "click",
        },
        {
            content: "The return shows the number of children in it",
            trigger: ".modal .o_field_widget[name=child_count]:not(:contains(0))",
        },
        {
            content: "... and is ready to download",
            trigger: ".modal .o_field_widget[name=data] :is(a, button)",
        },
    ],
});
