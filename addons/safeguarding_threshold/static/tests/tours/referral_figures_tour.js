import { registry } from "@web/core/registry";

import { openSubMenu } from "./tour_helpers";

// A manager opens the referral figures (tests/test_referral_figures_tour.py): they
// open on the last 12 months; all history is one click away; a pivot cell and a graph
// bar open the referrals they count.

const PIVOT_ROW = (label) => `.o_pivot tbody tr:has(th:contains(${label}))`;
const ROW_TOTAL = (label) => `${PIVOT_ROW(label)} td.o_pivot_cell_value:last-child`;

function figureIs(label, expected) {
    return {
        content: `${label}: ${expected} referrals`,
        trigger: `${ROW_TOTAL(label)} .o_value:contains(${expected})`,
        run() {
            const shown = this.anchor.textContent.trim();
            if (shown !== String(expected)) {
                throw new Error(`${label} shows ${shown}, not ${expected}`);
            }
        },
    };
}

registry.category("web_tour.tours").add("safeguarding_referral_figures_tour", {
    steps: () => [
        ...openSubMenu("safeguarding_threshold.menu_safeguarding_reporting", "safeguarding_threshold.menu_safeguarding_referral_figure", "Referral figures"),
        {
            content: "The figures open on the last 12 months",
            trigger: ".o_searchview_facet:contains(Last 12 months)",
        },
        figureIs("Total", 3),
        figureIs("Acute", 1),
        {
            content: "Open the measures",
            trigger: ".o_pivot_buttons button:contains(Measures)",
            run: "click",
        },
        {
            content: "The measure is the number of referrals; no Count of figure rows is offered",
            trigger:
                ".o-dropdown--menu:has(.o_menu_item.selected:contains(Referrals)):not(:has(.o_menu_item:contains(Count)))",
        },
        {
            content: "Close the measures",
            trigger: ".o_pivot_buttons button:contains(Measures)",
            run: "click",
        },
        {
            content: "Open the filters",
            trigger: ".o_control_panel .o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Choose all history",
            trigger: ".o_filter_menu .o_menu_item:contains(All history)",
            run: "click",
        },
        figureIs("Total", 5),
        figureIs("Acute", 3),
        {
            content: "Open the referrals of tier 4 over all history",
            trigger: ROW_TOTAL("Acute"),
            run: "click",
        },
        {
            content: "The referrals are listed, not figures",
            trigger: ".o_list_view .o_data_row:nth-child(3)",
            run() {
                const rows = document.querySelectorAll(".o_list_view .o_data_row");
                if (rows.length !== 3) {
                    throw new Error(`${rows.length} referrals are listed, not 3`);
                }
            },
        },
        {
            content: "The list is the referrals'",
            trigger: ".o_control_panel .o_last_breadcrumb_item:contains(Referrals)",
        },
        {
            content: "A referral opens",
            trigger: ".o_list_view .o_data_row:first td[name='name']",
            run: "click",
        },
        {
            content: "Its form is the referral's",
            trigger: ".o_form_view .o_field_widget[name='received_on']",
        },
        {
            content: "Back to the figures",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(Referral figures)",
            run: "click",
        },
        figureIs("Total", 5),
        {
            content: "Show them as a graph",
            trigger: ".o_control_panel .o_switch_view.o_graph",
            run: "click",
        },
        {
            content: "Click the bar of tier 4 in the first month, three years ago",
            trigger: ".o_graph_renderer canvas",
            async run() {
                const canvas = this.anchor;
                const chart = window.Chart.getChart(canvas);
                const dataset = chart.data.datasets.findIndex(({ label }) => label.includes("Acute"));
                const bar = chart.getDatasetMeta(dataset).data[0];
                // the bars grow when the chart is drawn: click where the bar has grown to
                while (bar.getCenterPoint().y !== bar.getCenterPoint(true).y) {
                    await new Promise((resolve) => setTimeout(resolve, 50));
                }
                const { x, y } = bar.getCenterPoint();
                const { left, top } = canvas.getBoundingClientRect();
                const position = { bubbles: true, clientX: left + x, clientY: top + y };
                canvas.dispatchEvent(new MouseEvent("click", position));
            },
        },
        {
            content: "The bar's two referrals are listed",
            trigger: ".o_list_view .o_data_row:nth-child(2)",
            run() {
                const rows = document.querySelectorAll(".o_list_view .o_data_row");
                if (rows.length !== 2) {
                    throw new Error(`${rows.length} referrals are listed, not 2`);
                }
            },
        },
    ],
});
