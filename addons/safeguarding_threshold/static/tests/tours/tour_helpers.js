// Steps every safeguarding tour takes as a person would: a menu, a selection, a
// many2one typed and chosen; dates typed as a person in the UK types them.

export const ukDate = (date) => date.toFormat("dd/MM/yyyy");
export const ukDateTime = (date) => date.toFormat("dd/MM/yyyy HH:mm:ss");

export function openMenu(xmlid, name) {
    return {
        content: `Open ${name}`,
        trigger: `.o_main_navbar .o_menu_sections [data-menu-xmlid='${xmlid}']`,
        run: "click",
    };
}

export function openSubMenu(parentXmlid, xmlid, name) {
    return [
        openMenu(parentXmlid, `the menu of ${name}`),
        {
            content: `Open ${name}`,
            trigger: `.o-dropdown--menu [data-menu-xmlid='${xmlid}']`,
            run: "click",
        },
    ];
}

export function pickSelection(fieldName, label, parent = "") {
    return [
        {
            content: `Open ${fieldName}`,
            trigger: `${parent} .o_field_widget[name='${fieldName}'] .o_select_menu_toggler`,
            run: "click",
        },
        {
            content: `Choose ${label}`,
            trigger: `.o_select_menu_menu .o_select_menu_item:contains(${label})`,
            run: "click",
        },
    ];
}

export function pickMany2one(fieldName, text, parent = "") {
    return [
        {
            content: `Type ${text} in ${fieldName}`,
            trigger: `${parent} .o_field_widget[name='${fieldName}'] input`,
            run: `edit ${text}`,
        },
        {
            content: `Choose ${text}`,
            trigger: `.o-autocomplete--dropdown-menu .o-autocomplete--dropdown-item a:contains(${text})`,
            run: "click",
        },
    ];
}

// The MASH opens a submitted referral from its queue, starts screening it and opens the
// decision dialog, which shows the suggested tier.
export function screenAndOpenDecision(childName, suggestedTier) {
    return [
        {
            content: "Open the submitted referral",
            trigger: `.o_list_view .o_data_row:contains(${childName}) td[name='name']`,
            run: "click",
        },
        {
            content: "It is submitted",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Submitted)",
        },
        {
            content: "Start screening",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_start_screening']",
            run: "click",
        },
        {
            content: "It is being screened",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Screening)",
        },
        {
            content: "Record decision",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_open_decision']",
            run: "click",
        },
        {
            content: `The decision dialog shows the suggestion: tier ${suggestedTier}`,
            trigger: `.modal .o_field_widget[name='suggested_tier']:contains(${suggestedTier})`,
        },
    ];
}
