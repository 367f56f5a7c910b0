import { registry } from "@web/core/registry";

import { openSubMenu, ukDate } from "./tour_helpers";

// A safeguarding administrator adds a one-off bank holiday announced at short notice
// (a state funeral) from Configuration > Bank holidays; a weekend day is refused first
// (tests/test_bank_holiday_tour.py, which works out the same dates and then checks that
// working-day deadlines skip the new holiday).

// The weekday (1 Monday ... 7 Sunday) of the week `weeks` weeks from today in the UK,
// moved a week on while it is between 20 December and 5 January, so that it is never a
// Christmas or New Year bank holiday (the others are Mondays or Good Friday).
function weekdayAhead(weeks, weekday) {
    let day = luxon.DateTime.now().setZone("Europe/London").startOf("day").plus({ weeks }).set({ weekday });
    while ((day.month === 12 && day.day >= 20) || (day.month === 1 && day.day <= 5)) {
        day = day.plus({ weeks: 1 });
    }
    return day;
}

const ROYAL_WEDDING = "Bank holiday for the royal wedding";
const STATE_FUNERAL = "Bank holiday for the state funeral";
const ROW = (name) => `.o_list_view .o_data_row:not(.o_selected_row):has(td[name='name']:contains(${name}))`;

// A date cell of the list shows dd/mm/yyyy, exactly
function dateShown(name, date) {
    return {
        content: `${name}: the date is shown dd/mm/yyyy (${ukDate(date)})`,
        trigger: `${ROW(name)} td[name='date']`,
        run() {
            const shown = this.anchor.textContent.trim();
            if (shown !== ukDate(date)) {
                throw new Error(`${name} shows the date "${shown}", not ${ukDate(date)}`);
            }
        },
    };
}

registry.category("web_tour.tours").add("safeguarding_one_off_bank_holiday_tour", {
    steps: () => {
        const wedding = weekdayAhead(5, 4); // a Thursday, added before the tour
        const funeral = weekdayAhead(10, 3); // a Wednesday
        const saturday = funeral.plus({ days: 3 });
        return [
            ...openSubMenu(
                "safeguarding_threshold.menu_safeguarding_config",
                "safeguarding_threshold.menu_safeguarding_bank_holiday",
                "Bank holidays"
            ),
            {
                content: "The one-off bank holidays are listed",
                trigger: ".o_control_panel .o_last_breadcrumb_item:contains(One-off bank holidays)",
            },
            {
                content: "... the upcoming ones",
                trigger: ".o_searchview_facet:contains(Upcoming)",
            },
            dateShown(ROYAL_WEDDING, wedding),
            {
                content: "The royal wedding is in England and Wales",
                trigger: `${ROW(ROYAL_WEDDING)} td[name='region']:contains(England and Wales)`,
            },
            {
                content: "Add a bank holiday",
                trigger: ".o_control_panel .o_list_button_add",
                run: "click",
            },
            {
                content: "Its name, as GOV.UK gives it",
                trigger: ".o_selected_row .o_field_widget[name='name'] input",
                run: `edit ${STATE_FUNERAL}`,
            },
            {
                content: "By mistake, the Saturday after it, typed dd/mm/yyyy",
                trigger: ".o_selected_row .o_field_widget[name='date'] input",
                run: `edit ${ukDate(saturday)}`,
            },
            {
                content: "Save",
                trigger: ".o_control_panel .o_list_button_save",
                run: "click",
            },
            {
                content: "A weekend day is refused, in plain words, with the date dd/mm/yyyy",
                trigger: `.o_error_dialog:contains(${ukDate(saturday)} is a weekend day, which never counts towards a deadline):contains(record the weekday the bank holiday is given on)`,
            },
            {
                content: "Close the message",
                trigger: ".o_error_dialog .o-default-button",
                run: "click",
            },
            {
                content: "The row is still being edited: type the Wednesday the holiday is given on",
                trigger: "body:not(:has(.o_error_dialog)) .o_selected_row .o_field_widget[name='date'] input",
                run: `edit ${ukDate(funeral)}`,
            },
            {
                content: "Save",
                trigger: ".o_control_panel .o_list_button_save",
                run: "click",
            },
            {
                content: "It is saved, with no error",
                trigger: `body:not(:has(.o_error_dialog)) ${ROW(STATE_FUNERAL)}`,
            },
            dateShown(STATE_FUNERAL, funeral),
            {
                content: "... in England and Wales, whose calendar deadlines are counted with",
                trigger: `${ROW(STATE_FUNERAL)} td[name='region']:contains(England and Wales)`,
            },
        ];
    },
});
