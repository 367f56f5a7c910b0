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
