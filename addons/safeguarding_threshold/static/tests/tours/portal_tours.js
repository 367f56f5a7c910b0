import { registry } from "@web/core/registry";

// A partner agency's professional (a school's safeguarding lead, a portal user) sends a
// request for support through the portal: a date of birth in the future is refused next
// to the field, the indicator search finds the council's words, and once sent the
// referral's reference is shown and listed in "My referrals". The test
// (tests/test_portal_tours.py) checks the referral it made.

const INDICATOR = "Child may be subject to neglect"; // Thurrock, THU-T2-WAR-04
const REFERENCE_KEY = "safeguarding_portal_tour_reference";

// a date as a person in the UK types it, ``days`` from today
function ukDateIn(days) {
    const date = new Date();
    date.setDate(date.getDate() + days);
    const pad = (number) => String(number).padStart(2, "0");
    return `${pad(date.getDate())}/${pad(date.getMonth() + 1)}/${date.getFullYear()}`;
}

function type(selector, text, content) {
    return { content: content || `Type ${text}`, trigger: selector, run: `edit ${text}` };
}

registry.category("web_tour.tours").add("safeguarding_portal_request_for_support_tour", {
    url: "/my/request-for-support",
    steps: () => [
        {
            content: "The request-for-support form is open",
            trigger: ".o_sg_support h1:contains(Request for support)",
        },
        {
            content: "Nothing is marked wrong on a new form",
            trigger: ".o_sg_support:not(:has(#form-errors)):not(:has(.is-invalid))",
        },
        type("#child-0-first_name", "Poppy", "The child's first name"),
        type("#child-0-last_name", "Hartwell", "The child's last name"),
        // one invalid field: a date of birth next year
        type("#child-0-birthdate", ukDateIn(365), "A date of birth in the future, by mistake"),
        {
            content: "The child's sex",
            trigger: "select#child-0-sex",
            run: "select F",
        },
        type("#child-0-school", "Grays Primary School", "The child's school"),
        type("#adult-0-name", "Jade Hartwell", "The mother's name"),
        type("#adult-0-relationship", "Mother", "Her relationship to Poppy"),
        {
            content: "She has parental responsibility",
            trigger: "input#adult-0-parental_responsibility:not(:checked)",
            run: "click",
        },
        type("#referrer_role", "Designated safeguarding lead", "The professional's role"),
        type("#concerns", "Poppy has come to school hungry every day this week.", "The worries"),
        {
            content: "Send the request",
            trigger: "button.o_sg_send:contains(Send request for support)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Nothing is sent: the alert on top says so",
            trigger: ".alert-danger#form-errors:contains(Nothing has been sent yet)",
        },
        {
            content: "... and the error is next to the date of birth",
            trigger: "input#child-0-birthdate.is-invalid + #child-0-birthdate-error.invalid-feedback:contains(is in the future)",
        },
        {
            content: "What was typed is kept",
            trigger: "input#child-0-first_name[value='Poppy']:not(.is-invalid)",
        },
        type("#child-0-birthdate", "14/02/2015", "Correct the date of birth"),
        {
            content: "No indicator is ticked yet",
            trigger: ".o_sg_ticked_count:contains(0 ticked)",
        },
        type(".o_sg_indicator_search", "neglect", "Search the council's document for neglect"),
        {
            content: "The search answers",
            trigger: ".o_sg_search_status:contains(found for “neglect”)",
        },
        {
            content: "... and hides the indicators it did not find",
            trigger: ".o_sg_matrix:has(.o_sg_indicator.d-none)",
        },
        {
            content: `Tick "${INDICATOR}", shown under its opened heading`,
            trigger: `details.o_sg_domain[open] .o_sg_indicator:not(.d-none):contains(${INDICATOR}) input[name=indicator_ids]:not(:checked)`,
            run: "click",
        },
        {
            content: "Say what was seen",
            trigger: `.o_sg_indicator:contains(${INDICATOR}) textarea.o_sg_evidence`,
            run: "edit Hungry at school every day this week",
        },
        {
            content: "One indicator is ticked",
            trigger: ".o_sg_ticked_count:contains(1 ticked)",
        },
        {
            content: "The mother agreed to the request",
            trigger: "input#consent-parent:not(:checked)",
            run: "click",
        },
        type("#consent_given_by", "Jade Hartwell, mother", "Who agreed"),
        type("#consent_date", ukDateIn(-3), "When she was asked"),
        {
            content: "Send the request again",
            trigger: "button.o_sg_send",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The request is sent: the confirmation gives its reference",
            trigger: ".alert-success:contains(Your request for support has been sent to the MASH) strong:contains(REF/)",
            run() {
                if (!/^\/my\/referrals\/\d+$/.test(window.location.pathname)) {
                    throw new Error(`Not on the referral's page: ${window.location.pathname}`);
                }
                const reference = this.anchor.textContent.trim();
                window.sessionStorage.setItem(REFERENCE_KEY, reference);
            },
        },
        {
            content: "... received by the MASH",
            trigger: ".o_sg_status:contains(Received)",
        },
        {
            content: "No child's name on the confirmation",
            trigger: "body",
            run() {
                const page = document.querySelector("main, #wrapwrap") || document.body;
                if (page.textContent.includes("Hartwell")) {
                    throw new Error("The confirmation shows the family's name");
                }
            },
        },
        {
            content: "Go to My referrals",
            trigger: ".breadcrumb a[href='/my/referrals']:contains(My referrals)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The referral is listed in My referrals, by its reference",
            trigger: "tr.o_sg_my_referral a[href^='/my/referrals/']",
            run() {
                const reference = window.sessionStorage.getItem(REFERENCE_KEY);
                const rows = [...document.querySelectorAll("tr.o_sg_my_referral")];
                const row = rows.find((tr) => tr.querySelector("a").textContent.trim() === reference);
                if (!reference || !row) {
                    throw new Error(`${reference} is not listed in My referrals`);
                }
                if (!row.textContent.includes("Received")) {
                    throw new Error(`${reference} is not shown as received`);
                }
                window.sessionStorage.removeItem(REFERENCE_KEY);
            },
        },
    ],
});
