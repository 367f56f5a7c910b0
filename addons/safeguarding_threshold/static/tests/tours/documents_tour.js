import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";
import { openMenu, ukDateTime } from "@safeguarding_threshold/../tests/tours/tour_helpers";

// The MASH records that the referrer was told the decision: the decision is e-mailed
// to the referrer, and the referral says when and whether it was within 24 hours. The
// referral summary is in the Print menu (not downloaded here).

registry.category("web_tour.tours").add("safeguarding_documents_feedback_tour", {
    steps: () => [
        ...stepUtils.goToAppSteps("safeguarding_threshold.menu_safeguarding_root", "Open Safeguarding"),
        openMenu("safeguarding_threshold.menu_safeguarding_referral", "Referrals"),
        {
            content: "Open the decided referral",
            trigger: ".o_list_view .o_data_row:contains(Rowan Ellery) td[name='name']",
            run: "click",
        },
        {
            content: "It is decided",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Decided)",
        },
        {
            content: "Open the actions menu",
            trigger: ".o_control_panel .o_cp_action_menus button",
            run: "click",
        },
        {
            content: "The referral summary can be printed",
            trigger: ".o-dropdown--menu .o-dropdown-item:contains(Referral summary)",
        },
        {
            content: "Close the actions menu",
            trigger: ".o_control_panel .o_cp_action_menus button",
            run: "click",
        },
        {
            content: "Open the Decision tab",
            trigger: ".o_notebook a.nav-link[name='decision']",
            run: "click",
        },
        {
            content: "Nothing has been e-mailed yet",
            trigger: ".o_form_view:not(:has(.o_field_widget[name='feedback_emailed_on']:visible))",
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
            content: "The feedback was e-mailed, dated dd/mm/yyyy",
            trigger: ".o_field_widget[name='feedback_emailed_on']:visible",
            run() {
                const shown = this.anchor.textContent.trim();
                if (!/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/.test(shown)) {
                    throw new Error(`Feedback e-mailed on is shown as "${shown}", not dd/mm/yyyy HH:MM`);
                }
            },
        },
        {
            content: "It was within 24 hours",
            trigger: ".o_feedback_in_time:visible:contains(within 24 hours)",
        },
        {
            content: "The e-mail is on the referral's chatter",
            trigger: ".o-mail-Chatter .o-mail-Message:contains(Your referral):contains(the decision)",
        },
    ],
});
