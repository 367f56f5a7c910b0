import { download } from "@web/core/network/download";
import { registry } from "@web/core/registry";
import { patch } from "@web/core/utils/patch";
import { stepUtils } from "@web_tour/tour_utils";
import { openMenu, openSubMenu, pickMany2one, pickSelection, ukDate } from "@safeguarding_threshold/../tests/tours/tour_helpers";

// The safeguarding manager's journey: a professional disagreement about a decided
// referral, from raising it to resolving it at stage 2, then the workload, the pivots
// and the partnership report. Dates are typed and read as a person in the UK does
// (dd/mm/yyyy).

const today = luxon.DateTime.now();
const CHILD = "Wren Ashcombe";
const MASH = "Morwenna Mashbury";
const STAGE_1 = "Stage 1: Direct Professional to Professional Discussion";
const STAGE_2 = "Stage 2: Direct First Line Manager to First Line Manager Discussion";

// what the "Print" button downloaded (the browser's download is replaced while it runs)
const downloads = [];
let unpatchDownload = null;

function pickMany2many(fieldName, text, parent = "") {
    return [
        ...pickMany2one(fieldName, text, parent),
        {
            content: `${text} is chosen`,
            trigger: `${parent} .o_field_widget[name='${fieldName}'] .o_tag:contains(${text}), ${parent} .o_field_widget[name='${fieldName}'] .o_avatar + span:contains(${text}), ${parent} .o_field_widget[name='${fieldName}'] img[data-tooltip='${text}'], ${parent} .o_field_widget[name='${fieldName}'] [title='${text}']`,
        },
    ];
}

// Odoo 19 shows a date as a button ("1 Jan") whose value is the full date; a click on it
// gives the input where it is typed
function typeDate(fieldName, date, what) {
    return [
        {
            content: `${what}: open the date`,
            trigger: `.o_form_view .o_field_widget[name='${fieldName}'] button`,
            run: "click",
        },
        {
            content: `${what}, typed dd/mm/yyyy`,
            trigger: `.o_form_view .o_field_widget[name='${fieldName}'] input`,
            run: `edit ${ukDate(date)}`,
        },
        {
            content: "Leave the date",
            trigger: ".o_form_view .o_form_sheet h1",
            run: "click",
        },
        {
            content: `${what} is set`,
            trigger: `.o_form_view .o_field_widget[name='${fieldName}'] button:value(${ukDate(date)})`,
        },
    ];
}

const currentStage = (label) => ({
    content: `The disagreement is at ${label}`,
    // long stage names: the status bar may fold the current stage into its menu
    trigger: `.o_form_view .o_statusbar_status:has(.o_arrow_button_current:contains(${label}))`,
});

const raiseAndDiscuss = [
    ...stepUtils.goToAppSteps("safeguarding_threshold.menu_safeguarding_root", "Open Safeguarding"),
    openMenu("safeguarding_threshold.menu_safeguarding_referral", "Referrals"),
    {
        content: `Open the decided referral about ${CHILD}`,
        trigger: `.o_list_view .o_data_row:contains(${CHILD}) td[name='name']`,
        run: "click",
    },
    {
        content: "The referral is decided",
        trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Decided)",
    },
    {
        content: "Raise a disagreement with the decision",
        trigger: ".o_form_view .o_statusbar_buttons button[name='action_raise_escalation']",
        run: "click",
    },
    {
        content: "A new disagreement about a referral decision opens",
        trigger: ".o_form_view .o_field_widget[name='category'] input:value(Referral decision)",
    },
    {
        content: "... about the referral",
        trigger: ".o_form_view .o_field_widget[name='subject_reference']:contains(REF/)",
    },
    {
        content: "... with the MASH worker who decided it",
        trigger: `.o_form_view .o_field_widget[name='other_user_id']:contains(${MASH}), .o_form_view .o_field_widget[name='other_user_id'] input:value(${MASH})`,
    },
    {
        content: "... under the referral's framework",
        trigger: ".o_form_view .o_field_widget[name='framework_id']:contains(Thurrock), .o_form_view .o_field_widget[name='framework_id'] input:value(Thurrock)",
    },
    {
        content: "Say what is disputed",
        trigger: ".o_form_view .o_field_widget[name='disputed'] textarea",
        run: "edit The MASH decided universal services; the hub sees tier 2 needs: Wren is hungry most days and the family has asked for help.",
    },
    {
        content: "Say what would resolve it",
        trigger: ".o_form_view .o_field_widget[name='desired_outcome'] textarea",
        run: "edit An early help assessment with the family, led by the school.",
    },
    {
        content: "Save",
        trigger: ".o_form_view .o_form_button_save",
        run: "click",
    },
    {
        content: "Saved with its reference",
        trigger: ".o_form_view .o_form_saved .oe_title [name='name']:not(:contains(New))",
    },
    currentStage(STAGE_1),
    {
        content: "The stage's deadline is shown",
        trigger: ".o_form_view .o_field_widget[name='stage_deadline'] span:not(:empty)",
    },
    {
        content: "Open the Discussions tab",
        trigger: ".o_notebook a.nav-link[name='discussions']",
        run: "click",
    },
    {
        content: "It asks for the discussion of this stage",
        trigger: ".o_notebook .alert-warning:contains(Record the discussion of this stage before escalating)",
    },
    {
        content: "Record a discussion",
        trigger: ".o_field_widget[name='discussion_ids'] .o_field_x2many_list_row_add a",
        run: "click",
    },
    {
        content: "The discussion is of stage 1",
        trigger: `.modal .o_field_widget[name='stage_id']:contains(${STAGE_1})`,
    },
    {
        content: "It is dated today",
        trigger: `.modal .o_field_widget[name='date'] input:value(${ukDate(today)}), .modal .o_field_widget[name='date'] button:value(${ukDate(today)})`,
    },
    ...pickMany2many("attendee_ids", "Marion Manningtree", ".modal"),
    ...pickMany2many("attendee_ids", MASH, ".modal"),
    {
        content: "Who else took part",
        trigger: ".modal .o_field_widget[name='other_attendees'] input",
        run: "edit Mrs Kaur, designated safeguarding lead",
    },
    {
        content: "What was discussed",
        trigger: ".modal .o_field_widget[name='summary'] textarea",
        run: "edit We went through Wren's attendance and the breakfast club record.",
    },
    {
        content: "What was agreed",
        trigger: ".modal .o_field_widget[name='outcome'] textarea",
        run: "edit Not resolved: the MASH keeps its decision.",
    },
    {
        content: "Save the discussion",
        trigger: ".modal .o_form_button_save",
        run: "click",
    },
    {
        content: "The discussion is listed",
        trigger: "body:not(:has(.modal)) .o_field_widget[name='discussion_ids'] .o_data_row:contains(breakfast club)",
    },
    {
        content: "Save the disagreement",
        trigger: ".o_form_view .o_form_button_save",
        run: "click",
    },
    {
        content: "Saved: the stage's discussion is recorded",
        trigger: ".o_form_view .o_form_saved",
    },
    {
        trigger: ".o_form_view:not(:has(.o_notebook .alert-warning:visible))",
    },
    {
        content: "Escalate to the next stage",
        trigger: ".o_form_view .o_statusbar_buttons button[name='action_escalate']",
        run: "click",
    },
    {
        content: "Confirm",
        trigger: ".modal:contains(Escalate this disagreement to the next stage) .modal-footer .btn-primary",
        run: "click",
    },
    currentStage(STAGE_2),
    {
        content: "The first-line managers act at stage 2",
        trigger: "body:not(:has(.modal)) .o_form_view .o_field_widget[name='stage_who_speaks_to_whom']:contains(First Line Manager)",
    },
];

const kanbanByStage = [
    ...openSubMenu(
        "safeguarding_escalation.menu_safeguarding_escalation_root",
        "safeguarding_escalation.menu_safeguarding_escalation",
        "Professional disagreements"
    ),
    {
        content: "The disagreement is listed at stage 2",
        trigger: `.o_list_view .o_data_row:contains(${STAGE_2}):contains(${MASH})`,
    },
    {
        content: "Switch to the kanban view",
        trigger: ".o_control_panel .o_switch_view.o_kanban",
        run: "click",
    },
    {
        content: "The columns follow the stages: stage 1 before stage 2",
        trigger: `.o_kanban_group:has(.o_column_title:contains(${STAGE_1})) ~ .o_kanban_group:has(.o_column_title:contains(${STAGE_2}))`,
    },
    {
        content: "The card in stage 2 shows the deadline",
        trigger: `.o_kanban_group:has(.o_column_title:contains(${STAGE_2})) .o_kanban_record:contains(${MASH}) [name='stage_deadline']:not(:empty)`,
    },
    {
        content: "Open the card",
        trigger: `.o_kanban_group:has(.o_column_title:contains(${STAGE_2})) .o_kanban_record:contains(${MASH})`,
        run: "click",
    },
    currentStage(STAGE_2),
];

const resolve = [
    {
        content: "No partnership decision is offered before the final stage",
        trigger: ".o_form_view:not(:has(.o_statusbar_buttons button[name='action_close_partnership']))",
    },
    {
        content: "Resolve",
        trigger: ".o_form_view .o_statusbar_buttons button[name='action_resolve']",
        run: "click",
    },
    ...pickSelection("resolution", "Decision or plan changed", ".modal"),
    {
        content: "The agreed outcome",
        trigger: ".modal .o_field_widget[name='outcome'] textarea",
        run: "edit The MASH agreed to an early help assessment, led by the school.",
    },
    {
        content: "Resolve it",
        trigger: ".modal .modal-footer button[name='action_confirm']:contains(Resolve)",
        run: "click",
    },
    {
        content: "The disagreement is resolved",
        trigger: "body:not(:has(.modal)) .o_form_view .ribbon:contains(Resolved)",
    },
    {
        content: "Nothing more is offered on a resolved disagreement",
        trigger: ".o_form_view:not(:has(.o_statusbar_buttons button[name='action_escalate'], .o_statusbar_buttons button[name='action_resolve'], .o_statusbar_buttons button[name='action_withdraw']))",
    },
    {
        content: "The outcome is shown",
        trigger: ".o_notebook a.nav-link[name='outcome']",
        run: "click",
    },
    {
        trigger: ".o_field_widget[name='closed_by_id']:contains(Marion Manningtree)",
    },
];

const reports = [
    // the team's workload
    ...openSubMenu(
        "safeguarding_threshold.menu_safeguarding_cases",
        "safeguarding_threshold.menu_safeguarding_taf_workload",
        "the workload report"
    ),
    {
        content: "The workload opens as a pivot",
        trigger: ".o_pivot_view .o_pivot table, .o_pivot_view .o_view_nocontent",
    },
    {
        content: "... and as a list",
        trigger: ".o_control_panel .o_switch_view.o_list",
        run: "click",
    },
    {
        trigger: ".o_list_view",
    },
    // the escalation analysis
    ...openSubMenu(
        "safeguarding_escalation.menu_safeguarding_escalation_root",
        "safeguarding_escalation.menu_safeguarding_escalation_analysis",
        "the escalation analysis"
    ),
    {
        content: "The analysis opens as a pivot, by stage",
        trigger: `.o_pivot_view .o_pivot tbody th:contains(${STAGE_2})`,
    },
    {
        content: "... and as a graph",
        trigger: ".o_control_panel .o_switch_view.o_graph",
        run: "click",
    },
    {
        trigger: ".o_graph_view canvas",
    },
    // the partnership report
    ...openSubMenu(
        "safeguarding_escalation.menu_safeguarding_escalation_root",
        "safeguarding_escalation.menu_safeguarding_escalation_partnership_report",
        "the partnership report"
    ),
    {
        content: "The report is for the council's framework",
        trigger: ".o_form_view .o_field_widget[name='framework_id']:contains(Thurrock), .o_form_view .o_field_widget[name='framework_id'] input:value(Thurrock)",
    },
    ...typeDate("date_from", today.startOf("year"), "From the start of the year"),
    ...typeDate("date_to", today, "To today"),
    {
        content: "Show the figures",
        trigger: ".o_form_view button[name='action_compute']",
        run: "click",
    },
    {
        content: "The figures are shown, one row per quarter",
        trigger: `.o_field_widget[name='line_ids'] .o_data_row td[name='name']:contains(${today.year} Q)`,
    },
    {
        content: "The title names the framework and the period, in UK dates",
        trigger: `.o_control_panel .o_last_breadcrumb_item:contains(Partnership report Thurrock, ${ukDate(today.startOf("year"))} to ${ukDate(today)})`,
    },
    {
        content: "... once, with no technical name",
        trigger: ".o_control_panel .o_breadcrumb:not(:has(.breadcrumb-item)):not(:contains(NewId)):not(:contains(partnership.report))",
    },
    {
        content: "Print the report",
        trigger: ".o_form_view button[name='action_print']",
        run() {
            unpatchDownload = patch(download, {
                _download: async (options) => {
                    downloads.push(options);
                    document.body.classList.add("o_sg_report_downloaded");
                },
            });
            this.anchor.click();
        },
    },
    {
        content: "The report is downloaded as a PDF",
        trigger: "body.o_sg_report_downloaded",
        run() {
            unpatchDownload();
            const [{ url, data }] = downloads;
            const [reportUrl, reportType] = JSON.parse(data.data);
            if (
                url !== "/report/download" ||
                reportType !== "qweb-pdf" ||
                !reportUrl.includes("/report/pdf/safeguarding_escalation.partnership_report_document/")
            ) {
                throw new Error(`Unexpected download: ${url} ${data.data}`);
            }
        },
    },
];

registry.category("web_tour.tours").add("safeguarding_manager_escalation_tour", {
    steps: () => [...raiseAndDiscuss, ...kanbanByStage, ...resolve, ...reports],
});
