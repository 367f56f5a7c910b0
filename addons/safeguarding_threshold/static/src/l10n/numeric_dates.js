import { registry } from "@web/core/registry";
import { exprToBoolean } from "@web/core/utils/strings";
import { formatDate, formatDateTime } from "@web/views/fields/formatters";

// UK by default: lists, kanban cards, pivots and forms show dates as the user's language
// writes them (English (UK): 02/12/2026, 14:30), not as "2 Dec" with the year left
// out. A view can still ask for the short form with options="{'numeric': false}".

function numeric(options = {}) {
    return exprToBoolean(options.numeric ?? true);
}

function formatNumericDate(value, options = {}) {
    return formatDate(value, { ...options, numeric: options.numeric ?? true });
}
formatNumericDate.extractOptions = ({ options } = {}) => ({ numeric: numeric(options) });

function formatNumericDateTime(value, options = {}) {
    return formatDateTime(value, { ...options, numeric: options.numeric ?? true });
}
formatNumericDateTime.extractOptions = (fieldInfo) => ({
    ...formatDateTime.extractOptions(fieldInfo),
    numeric: numeric(fieldInfo.options),
});

registry
    .category("formatters")
    .add("date", formatNumericDate, { force: true })
    .add("datetime", formatNumericDateTime, { force: true });

// the same on forms: a date field reads 02/12/2026 there too, not "2 Dec"
const fields = registry.category("fields");
for (const name of ["date", "datetime", "daterange"]) {
    const field = fields.get(name);
    const extractProps = field.extractProps;
    fields.add(
        name,
        {
            ...field,
            extractProps: (fieldInfo, dynamicInfo) =>
                extractProps(
                    { ...fieldInfo, options: { numeric: true, ...fieldInfo.options } },
                    dynamicInfo
                ),
        },
        { force: true }
    );
}
