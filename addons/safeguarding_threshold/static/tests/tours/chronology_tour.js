import { registry } from "@web/core/registry";

// A child's chronology: a hub worker opens it from the child's form, records an event
// by hand (its date typed dd/mm/yyyy, as in the UK) and finds it in date order.

registry.category("web_tour.tours").add("safeguarding_chronology_tour", {
    steps: () => [
        {
            content: "The child's form is open",
            trigger: ".o_form_view .o_field_widget[name='last_name'] input:value(Tamsin)",
        },
        {
            content: "Open the chronology",
            trigger: "button[name='action_view_chronology']",
            run: "click",
        },
        {
            content: "The chronology lists the events, oldest first",
            trigger: ".o_list_view .o_data_row:first-child:contains(05/01/2026):contains(Moved to Eastmoor Primary.)",
        },
        {
            content: "The referral is in it too, decided the next day",
            trigger: ".o_list_view .o_data_row:nth-child(3):contains(21/01/2026):contains(Referral decided)",
        },
        {
            content: "Record an event",
            trigger: "button[name='action_record_event']",
            run: "click",
        },
        {
            content: "The date is today's: open it",
            trigger: ".modal .o_field_widget[name='date'] button",
            run: "click",
        },
        {
            content: "When it happened, typed dd/mm/yyyy",
            trigger: ".modal .o_field_widget[name='date'] input",
            run: "edit 14/02/2026",
        },
        {
            content: "What happened",
            trigger: ".modal .o_field_widget[name='name'] textarea",
            run: "edit The health visitor saw a bruise on her arm, her mother says she fell.",
        },
        {
            content: "Who told us",
            trigger: ".modal .o_field_widget[name='source'] input",
            run: "edit Health visitor",
        },
        {
            content: "How significant it is",
            trigger: ".modal .o_field_widget[name='significance'] input[data-value='high']",
            run: "click",
        },
        {
            content: "Save the event",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The event is in the chronology, between the two it falls between",
            trigger: "body:not(:has(.modal)) .o_list_view .o_data_row:nth-child(4):contains(14/02/2026):contains(a bruise on her arm)",
        },
        {
            content: "The last event is still last",
            trigger: ".o_list_view .o_data_row:nth-child(5):contains(20/03/2026):contains(Excluded for two days.)",
        },
    ],
});
