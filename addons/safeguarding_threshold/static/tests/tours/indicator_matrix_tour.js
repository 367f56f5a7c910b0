import { rpc } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";
import { openMenu } from "@safeguarding_threshold/../tests/tours/tour_helpers";

// A practitioner records indicators on their draft referral in the council's own
// threshold matrix: finds them with the search box, ticks two at different tiers,
// writes the evidence, sees the suggestion follow, and finds the lines on the referral.

const matrix = ".o_sg_indicator_matrix";

function indicator(code) {
    return `${matrix} .o_sg_indicator[data-code='${code}']`;
}

function saved() {
    return {
        content: "Every change is saved",
        trigger: `${matrix} .o_sg_save_status[data-status='saved']`,
    };
}

function tick(code, name) {
    return [
        {
            content: `Tick ${name}`,
            trigger: `${indicator(code)} input.o_sg_indicator_check:not(:checked)`,
            run: "click",
        },
        {
            content: `${name} is ticked, with a box for its evidence`,
            trigger: `${indicator(code)}.o_sg_ticked textarea.o_sg_evidence`,
        },
    ];
}

function evidence(code, text) {
    return [
        {
            content: `Evidence for ${code}`,
            trigger: `${indicator(code)} textarea.o_sg_evidence`,
            run: `edit ${text}`,
        },
        {
            content: "Leave the evidence box with Tab",
            trigger: `${indicator(code)} textarea.o_sg_evidence`,
            run: "press Tab",
        },
        saved(),
    ];
}

function search(text) {
    return [
        {
            content: `Search the matrix for "${text}"`,
            trigger: `${matrix} input.o_sg_matrix_search_input`,
            run: `edit ${text}`,
        },
        {
            content: "The matrix says how many indicators match",
            trigger: `${matrix} .o_sg_match_summary`,
        },
    ];
}

registry.category("web_tour.tours").add("safeguarding_indicator_matrix_tour", {
    steps: () => [
        ...stepUtils.goToAppSteps("safeguarding_threshold.menu_safeguarding_root", "Open Safeguarding"),
        openMenu("safeguarding_threshold.menu_safeguarding_referral", "Referrals"),
        {
            content: "Open the draft referral about Maisie",
            trigger: ".o_list_view .o_data_row:contains(Maisie Tranter) td[name='name']",
            run: "click",
        },
        {
            content: "Open the Indicators tab",
            trigger: ".o_form_view .o_notebook a.nav-link[name='indicators']",
            run: "click",
        },
        {
            content: "Open the threshold matrix",
            trigger: ".o_form_view button[name='action_open_indicator_matrix']",
            run: "click",
        },
        {
            content: "The matrix shows Thurrock's tiers across",
            trigger: `${matrix} .o_sg_matrix_table thead th.o_sg_tier_4 .o_sg_head_label:contains(Tier 4)`,
        },
        {
            content: "Thurrock's Appendix C is one band spanning tiers 3 and 4",
            trigger: `${matrix} td.o_sg_tier_band[colspan='2'] .o_sg_band_label:contains(Tier 3 and 4)`,
        },
        {
            content: "Nothing is suggested yet",
            trigger: `${matrix} .o_sg_matrix_suggestion .o_sg_tier_badge_none`,
        },
        {
            content: "Press / to search",
            trigger: `${matrix} .o_sg_matrix_table`,
            run: "press /",
        },
        {
            content: "The search box has the focus",
            trigger: `${matrix} input.o_sg_matrix_search_input:focus`,
        },
        ...search("punctuality"),
        {
            content: "Only the rows with a match are shown, the match highlighted",
            trigger: `${indicator("THU-T2-EDU-02")}.o_sg_match mark`,
            run() {
                const rows = document.querySelectorAll(`${matrix} tr.o_sg_row`);
                const unmatched = [...rows].filter((row) => !row.querySelector(".o_sg_match"));
                if (!rows.length || unmatched.length) {
                    throw new Error(`${unmatched.length} of ${rows.length} rows shown have no match`);
                }
            },
        },
        ...tick("THU-T2-EDU-02", "Poor punctuality"),
        saved(),
        {
            content: "Tier 2 is suggested",
            trigger: `${matrix} .o_sg_matrix_suggestion .o_sg_tier_badge[data-tier='2']:contains(Tier 2)`,
        },
        ...evidence("THU-T2-EDU-02", "Late 9 mornings out of 10 this half term"),
        ...search("excluded"),
        ...tick("THU-T34-EDU-03", "Permanently excluded from school"),
        saved(),
        {
            content: "Tier 3 is suggested now, and why: the document's band",
            trigger: `${matrix} .o_sg_matrix_suggestion:has(.o_sg_tier_badge[data-tier='3']) .o_sg_explanation:contains(3/4)`,
        },
        ...evidence("THU-T34-EDU-03", "Excluded for two days last week"),
        {
            content: "Back to the referral",
            trigger: ".o_breadcrumb .o_back_button",
            run: "click",
        },
        {
            content: "The referral lists the two indicators",
            trigger: ".o_form_view .o_field_widget[name='indicator_line_ids'] .o_data_row:contains(Poor punctuality):contains(Late 9 mornings out of 10)",
        },
        {
            content: "and the second, with its evidence",
            trigger: ".o_form_view .o_field_widget[name='indicator_line_ids'] .o_data_row:contains(Permanently excluded):contains(Excluded for two days)",
        },
        {
            content: "The referral suggests tier 3",
            trigger: ".o_form_view .o_field_widget[name='suggested_tier']:contains(3)",
        },
        // the matrix again: what is ticked is there
        {
            content: "Open the threshold matrix again",
            trigger: ".o_form_view button[name='action_open_indicator_matrix']",
            run: "click",
        },
        {
            content: "The two indicators are ticked, with their evidence",
            trigger: `${indicator("THU-T34-EDU-03")}.o_sg_ticked textarea.o_sg_evidence:value(Excluded for two days last week)`,
        },
        {
            content: "and the first, in view under the tiers' header",
            trigger: `${indicator("THU-T2-EDU-02")}.o_sg_ticked input.o_sg_indicator_check:checked`,
            run() {
                // the toolbar (search, suggestion) stays in view: only the table scrolls
                const content = document.querySelector(`${matrix} .o_sg_matrix_content`);
                if (content.scrollHeight > content.clientHeight + 1) {
                    throw new Error("The whole screen scrolls, not only the matrix");
                }
                this.anchor.closest("tr").scrollIntoView({ block: "center" });
                const header = document.querySelector(`${matrix} thead th.o_sg_tier_1`);
                const scroller = document.querySelector(`${matrix} .o_sg_matrix_scroll`);
                if (
                    Math.abs(
                        header.getBoundingClientRect().top - scroller.getBoundingClientRect().top
                    ) > 1
                ) {
                    throw new Error("The header row with the tiers does not stay in view");
                }
            },
        },
    ],
});

// Someone else submits the referral while the matrix is open: the next tick is refused
// by the server, which says why in plain English, and the matrix turns read-only.
registry.category("web_tour.tours").add("safeguarding_indicator_matrix_refused_tour", {
    steps: () => [
        ...stepUtils.goToAppSteps("safeguarding_threshold.menu_safeguarding_root", "Open Safeguarding"),
        openMenu("safeguarding_threshold.menu_safeguarding_referral", "Referrals"),
        {
            content: "Open the draft referral about Maisie",
            trigger: ".o_list_view .o_data_row:contains(Maisie Tranter) td[name='name']",
            run: "click",
        },
        {
            content: "Open the Indicators tab",
            trigger: ".o_form_view .o_notebook a.nav-link[name='indicators']",
            run: "click",
        },
        {
            content: "Open the threshold matrix",
            trigger: ".o_form_view button[name='action_open_indicator_matrix']",
            run: "click",
        },
        {
            content: "The referral is submitted meanwhile (another tab)",
            trigger: `${indicator("THU-T2-EDU-02")} input.o_sg_indicator_check:enabled`,
            async run() {
                const root = document.querySelector(matrix);
                const [model, id] = [root.dataset.resModel, Number(root.dataset.resId)];
                await rpc(`/web/dataset/call_kw/${model}/action_submit`, {
                    model,
                    method: "action_submit",
                    args: [[id]],
                    kwargs: {},
                });
            },
        },
        {
            content: "Tick Poor punctuality",
            trigger: `${indicator("THU-T2-EDU-02")} input.o_sg_indicator_check`,
            run: "click",
        },
        {
            content: "The server's refusal is shown in its own words",
            trigger: `${matrix} .o_sg_matrix_error[role='alert']:contains(can only be changed by the MASH while screening it)`,
        },
        {
            content: "No error dialog, no traceback; the tick is undone; the matrix is read only",
            trigger: `body:not(:has(.modal)) ${matrix} .o_sg_matrix_readonly`,
            run() {
                const check = document.querySelector(
                    `${indicator("THU-T2-EDU-02")} input.o_sg_indicator_check`
                );
                if (check.checked || !check.disabled) {
                    throw new Error("The refused tick is still shown, or can be ticked again");
                }
            },
        },
    ],
});
