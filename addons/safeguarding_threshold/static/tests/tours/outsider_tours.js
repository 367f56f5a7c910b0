import { registry } from "@web/core/registry";

// People with no safeguarding role: an internal user of another app, a portal user and a
// visitor with no login. They find no Safeguarding app, reach no record by its address and
// find no public sign-up page. The record is the one the test makes
// (tests/test_outsider_tours.py): Wilhelmina Quarrendon, and the concerns of her referral.

const SAFEGUARDING_APP = "safeguarding_threshold.menu_safeguarding_root";

// The test's record: none of this may be on the screen (in its text or in its markup).
const RECORD_DATA = ["Wilhelmina", "Quarrendon", "never any food at home", "Quarrendon household"];

function showsNoRecordData(content) {
    return {
        content,
        trigger: "body",
        run() {
            const page = document.documentElement.outerHTML;
            const shown = RECORD_DATA.filter((text) => page.includes(text));
            if (shown.length) {
                throw new Error(`The page shows the record's data: ${shown.join(", ")}`);
            }
        },
    };
}

// the portal's pages may carry a language prefix (/en_GB/web/reset_password)
const LANGUAGE_PREFIX = /^\/[a-z]{2}(_[A-Z]{2})?(?=\/)/;

function isAt(path, content) {
    return {
        content,
        trigger: "body",
        run() {
            const at = window.location.pathname.replace(LANGUAGE_PREFIX, "");
            if (at !== path) {
                throw new Error(`Expected to be at ${path}, but at ${window.location.pathname}`);
            }
        },
    };
}

const noSignUpLink = {
    content: "No link to a sign-up page",
    trigger: "body:not(:has(a[href*='/web/signup'])):not(:contains(Don't have an account))",
};

registry.category("web_tour.tours").add("safeguarding_outsider_no_app_tour", {
    steps: () => [
        {
            content: "Open the app menu",
            trigger: ".o_navbar_apps_menu button:enabled",
            run: "click",
        },
        {
            content: "The apps the user may use are listed: Discuss, and no Safeguarding",
            trigger: `.o-dropdown--menu:has(.o_app[data-menu-xmlid='mail.menu_root_discuss']):not(:has(.o_app[data-menu-xmlid='${SAFEGUARDING_APP}'])):not(:has(.o_app:contains(Safeguarding)))`,
        },
        {
            content: "No safeguarding menu anywhere on the page",
            trigger: "body:not(:has([data-menu-xmlid^='safeguarding_threshold.'])):not(:has([data-menu-xmlid^='safeguarding_escalation.']))",
        },
    ],
});

// Started at the address of a real record (a referral, a child, a case) as an internal user
// with no safeguarding role.
registry.category("web_tour.tours").add("safeguarding_outsider_record_url_tour", {
    steps: () => [
        {
            content: "Odoo refuses: an access error",
            trigger: ".modal .modal-title:contains(Access Error)",
        },
        {
            content: "... that says the records are for the safeguarding roles",
            trigger: ".modal .modal-body:contains(You are not allowed to access):contains(Safeguarding/Practitioner)",
        },
        {
            content: "No form or list of the record behind the error",
            trigger: "body:not(:has(.o_form_view)):not(:has(.o_list_view)):not(:has(.o_kanban_view))",
        },
        showsNoRecordData("None of the record's data is on the screen"),
        {
            content: "Close the error",
            trigger: ".modal .modal-footer button:contains(Close)",
            run: "click",
        },
        {
            content: "The error is closed, and still no record is shown",
            trigger: "body:not(:has(.modal)):not(:has(.o_form_view)):not(:has(.o_list_view))",
        },
        showsNoRecordData("None of the record's data once the error is closed"),
    ],
});

// Started at the address of a real record as a portal user.
registry.category("web_tour.tours").add("safeguarding_portal_record_url_tour", {
    steps: () => [
        {
            content: "A portal user is sent to their portal home",
            trigger: ".o_portal_my_home",
        },
        isAt("/my", "... and not into Odoo's back office"),
        {
            content: "No back office, no menu",
            trigger: "body:not(:has(.o_web_client)):not(:has(.o_main_navbar)):not(:has([data-menu-xmlid]))",
        },
        showsNoRecordData("None of the record's data is on the page"),
    ],
});

// Started at the address of a real record by a visitor with no login.
registry.category("web_tour.tours").add("safeguarding_visitor_record_url_tour", {
    steps: () => [
        {
            content: "The visitor is asked to log in",
            trigger: "form.oe_login_form input[name='login']",
        },
        isAt("/web/login", "... on the login page"),
        {
            content: "No back office",
            trigger: "body:not(:has(.o_web_client)):not(:has(.o_main_navbar))",
        },
        showsNoRecordData("None of the record's data is on the login page"),
        noSignUpLink,
        {
            content: "A forgotten password can be reset (by an existing user)",
            trigger: "form.oe_login_form a[href^='/web/reset_password']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The reset form asks for an e-mail address only",
            trigger: "form.oe_reset_password_form input[name='login']",
        },
        isAt("/web/reset_password", "... on the reset password page"),
        {
            content: "... and creates no account: no name or password to choose",
            trigger: "form.oe_reset_password_form:not(:has(input[name='name'])):not(:has(input[name='password'])):not(:has(input[name='confirm_password']))",
        },
        noSignUpLink,
        showsNoRecordData("None of the record's data is on the reset password page"),
    ],
});
