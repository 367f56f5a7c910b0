import { localization } from "@web/core/l10n/localization";
import { registry } from "@web/core/registry";
import { patch } from "@web/core/utils/patch";
import { exprToBoolean } from "@web/core/utils/strings";
import { DateTimeField } from "@web/views/fields/datetime/datetime_field";
import { formatDate, formatDateTime } from "@web/views/fields/formatters";

// UK by default: lists, kanban cards, pivots and forms show dates as the user's language
// writes them (English (UK): 02/12/2026, 14:30), not as "2 Dec" with the year left
// out, and times to the minute unless a view asks for the seconds. A view can still ask
// for the short form with options="{'numeric': false}".

/** The user's date and time format, to the minute: 02/12/2026 14:30. */
function toTheMinute() {
    return `${localization.dateFormat} ${localization.timeFormat.replace(/:ss/, "")}`;
}

function numeric(options = {}) {
    return exprToBoolean(options.numeric ?? true);
}

function formatNumericDate(value, options = {}) {
    return formatDate(value, { ...options, numeric: options.numeric ?? true });
}
formatNumericDate.extractOptions = ({ options } = {}) => ({ numeric: numeric(options) });

function formatNumericDateTime(value, options = {}) {
    const numericOptions = { ...options, numeric: options.numeric ?? true };
    if (numericOptions.numeric && !options.showSeconds && options.showTime !== false) {
        numericOptions.format ??= toTheMinute();
    }
    return formatDateTime(value, numericOptions);
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

patch(DateTimeField.prototype, {
    getFormattedValue(valueIndex, numeric = this.props.numeric) {
        const value = this.values[valueIndex];
        const toMinutes =
            numeric && value && this.field.type === "datetime" && !this.props.showSeconds;
        if (toMinutes && this.props.showTime) {
            return formatDateTime(value, { numeric: true, format: toTheMinute() });
        }
        return super.getFormattedValue(valueIndex, numeric);
    },
});
