import {
    Component,
    onWillStart,
    useEffect,
    useExternalListener,
    useRef,
    useState,
} from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { RPCError } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";
import { Mutex } from "@web/core/utils/concurrency";
import { useService } from "@web/core/utils/hooks";
import { useDebounced } from "@web/core/utils/timing";
import { useSetupAction } from "@web/search/action_hook";
import { Layout } from "@web/search/layout";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

// The council's threshold matrix on a referral (or any record with indicator lines,
// through safeguarding.indicator.matrix.mixin): domains down the side, tiers (or
// levels) across, as on paper. Each tick is saved at once through the ORM as the user,
// so the server's rules decide; evidence is saved as it is typed. The suggestion shown
// is the record's own, as the server computed it after the change.

const EVIDENCE_DELAY = 700;
const SEARCH_DELAY = 250;

/** The words of a query, lower case, and a short stem of each to highlight. */
export function queryTerms(query) {
    const words = (query || "")
        .toLowerCase()
        .split(/[^\p{L}\p{N}'-]+/u)
        .filter((word) => word.length > 1);
    const terms = new Set(words);
    for (const word of words) {
        const stem = word.replace(/(ing|ed|es|s|e|y)$/, "");
        if (stem.length >= 4) {
            terms.add(stem);
        }
    }
    return [...terms].sort((a, b) => b.length - a.length);
}

/** ``text`` cut into [{text, match}] where it contains one of ``terms``. */
export function highlight(text, terms) {
    if (!terms.length || !text) {
        return [{ text: text || "", match: false }];
    }
    const escaped = terms.map((term) => term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    const pattern = new RegExp(`(${escaped.join("|")})`, "giu");
    return text
        .split(pattern)
        .filter((part) => part)
        .map((part) => ({ text: part, match: terms.includes(part.toLowerCase()) }));
}

/** A tier's name without the "Tier 1" its column already says: "Tier 1 – children
 * without additional needs" reads "Children without additional needs". */
export function tierName(name, tier) {
    const prefix = new RegExp(`^\\s*(tier|level)\\s*${tier}\\b\\s*[-–—:]?\\s*`, "i");
    const rest = (name || "").replace(prefix, "");
    return rest ? rest[0].toUpperCase() + rest.slice(1) : "";
}

/** Whether every word of the query is in the indicator's code or text. */
export function literalMatch(indicator, words) {
    const haystack = `${indicator.code || ""} ${indicator.name || ""}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
}

function errorMessage(error) {
    if (error instanceof RPCError) {
        return error.data?.message || error.message;
    }
    return error?.message || String(error);
}

export class IndicatorMatrix extends Component {
    static template = "safeguarding_threshold.IndicatorMatrix";
    static components = { Layout };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        const action = this.props.action;
        const params = action.params || {};
        const context = action.context || {};
        this.resModel = params.model || context.active_model || "safeguarding.referral";
        this.resId = params.id || context.active_id || params.active_id;
        this.mutex = new Mutex();
        // indicator id -> the change not yet sent
        this.pending = new Map();
        // indicators whose evidence box holds text not yet saved
        this.dirtyEvidence = new Set();
        this.searchSerial = 0;
        this.rankedSearch = false;
        this.indicatorsById = new Map();
        this.searchRef = useRef("search");
        this.tableRef = useRef("table");
        // the row names stay in view under the header row, whatever its height
        useEffect(
            (table) => {
                const head = table?.querySelector("thead");
                if (!head) {
                    return;
                }
                const observer = new ResizeObserver(() =>
                    table.style.setProperty("--o-sg-head-height", `${head.offsetHeight}px`)
                );
                observer.observe(head);
                return () => observer.disconnect();
            },
            () => [this.tableRef.el]
        );
        this.state = useState({
            loading: true,
            structure: null,
            record: {},
            ticked: {},
            evidence: {},
            mayEdit: false,
            readonlyReason: "",
            suggestion: { tier: false, label: "", explanation: "" },
            error: "",
            saving: 0,
            saved: false,
            query: "",
            matches: null,
            searching: false,
        });
        this.debouncedSearch = useDebounced(this.runSearch, SEARCH_DELAY);
        this.debouncedEvidence = useDebounced(this.saveEvidence, EVIDENCE_DELAY);
        useExternalListener(window, "keydown", this.onWindowKeydown);
        useSetupAction({
            beforeLeave: () => this.saveBeforeLeaving(),
            beforeUnload: (ev) => {
                if (this.pending.size || this.dirtyEvidence.size || this.state.saving) {
                    ev.preventDefault();
                    ev.returnValue = "";
                }
            },
        });
        onWillStart(() => this.load());
    }

    // ------------------------------------------------------------------
    // Data
    // ------------------------------------------------------------------

    async load() {
        const payload = await this.orm.call(this.resModel, "indicator_matrix", [[this.resId]], {
            include_structure: true,
        });
        this.applyPayload(payload);
        this.state.loading = false;
    }

    async reload() {
        try {
            const payload = await this.orm.call(
                this.resModel,
                "indicator_matrix",
                [[this.resId]],
                { include_structure: false }
            );
            this.dirtyEvidence.clear();
            this.applyPayload(payload);
        } catch (error) {
            this.state.error = errorMessage(error);
        }
    }

    applyPayload(payload) {
        if (payload.structure !== undefined) {
            this.state.structure = payload.structure;
            this.rankedSearch = Boolean(payload.search_ranked);
            this.indicatorsById = new Map();
            for (const indicator of this.allIndicators(payload.structure)) {
                this.indicatorsById.set(indicator.id, indicator);
            }
        }
        this.state.record = payload.record;
        this.state.mayEdit = payload.may_edit;
        this.state.readonlyReason = payload.readonly_reason || "";
        this.state.suggestion = payload.suggestion;
        const ticked = {};
        for (const line of payload.ticked) {
            ticked[line.indicator_id] = line;
            if (!this.dirtyEvidence.has(line.indicator_id)) {
                this.state.evidence[line.indicator_id] = line.evidence || "";
            }
        }
        // changes queued after the call was sent stay as the user left them
        for (const change of this.pending.values()) {
            if (change.ticked) {
                ticked[change.indicator_id] ||= {
                    indicator_id: change.indicator_id,
                    line_id: false,
                    evidence: "",
                };
            } else {
                delete ticked[change.indicator_id];
            }
        }
        this.state.ticked = ticked;
    }

    *allIndicators(structure) {
        const walk = function* (domains) {
            for (const domain of domains) {
                for (const row of domain.rows) {
                    for (const cell of row.cells) {
                        yield* cell.indicators;
                    }
                }
                yield* walk(domain.children);
            }
        };
        if (structure) {
            yield* walk(structure.domains);
        }
    }

    queue(change) {
        const previous = this.pending.get(change.indicator_id) || {};
        this.pending.set(change.indicator_id, { ...previous, ...change });
        this.state.saving++;
        return this.mutex.exec(() => this.flush()).finally(() => this.state.saving--);
    }

    /** Send every queued change in one call; on a refusal, show the server's words
     * and show the matrix as the server has it. Resolve to whether it was saved. */
    async flush() {
        if (!this.pending.size) {
            return true;
        }
        const changes = [...this.pending.values()];
        this.pending.clear();
        const sentEvidence = new Map(
            changes
                .filter((change) => "evidence" in change)
                .map((change) => [change.indicator_id, change.evidence])
        );
        try {
            const payload = await this.orm.call(
                this.resModel,
                "indicator_matrix_apply",
                [[this.resId], changes],
                { include_structure: false }
            );
            for (const [indicatorId, evidence] of sentEvidence) {
                if ((this.state.evidence[indicatorId] || "") === (evidence || "")) {
                    this.dirtyEvidence.delete(indicatorId);
                }
            }
            this.applyPayload(payload);
            this.state.error = "";
            this.state.saved = true;
            return true;
        } catch (error) {
            this.state.error = errorMessage(error);
            this.state.saved = false;
            await this.reload();
            return false;
        }
    }

    async saveBeforeLeaving() {
        this.debouncedEvidence.cancel();
        this.queueDirtyEvidence();
        if (!this.pending.size && !this.state.saving) {
            return true;
        }
        let saved = true;
        await this.mutex.exec(async () => {
            saved = await this.flush();
        });
        await this.mutex.getUnlockedDef();
        return saved;
    }

    queueDirtyEvidence() {
        for (const indicatorId of this.dirtyEvidence) {
            if (this.state.ticked[indicatorId]) {
                const previous = this.pending.get(indicatorId) || {};
                this.pending.set(indicatorId, {
                    ...previous,
                    indicator_id: indicatorId,
                    ticked: true,
                    evidence: this.state.evidence[indicatorId] || "",
                });
            } else {
                this.dirtyEvidence.delete(indicatorId);
            }
        }
    }

    saveEvidence() {
        this.queueDirtyEvidence();
        if (!this.pending.size) {
            return;
        }
        this.state.saving++;
        return this.mutex.exec(() => this.flush()).finally(() => this.state.saving--);
    }

    // ------------------------------------------------------------------
    // Search
    // ------------------------------------------------------------------

    async runSearch() {
        const query = this.state.query.trim();
        const serial = ++this.searchSerial;
        if (!query) {
            this.state.matches = null;
            this.state.searching = false;
            return;
        }
        this.state.searching = true;
        let ids = null;
        if (this.rankedSearch) {
            try {
                ids = await this.orm.silent.call(
                    "safeguarding.indicator",
                    "search_ranked_ids",
                    [this.state.structure.framework.id, query]
                );
            } catch {
                // the ranked search is unavailable: match the words as typed instead
                this.rankedSearch = false;
            }
        }
        if (ids === null) {
            const words = query.toLowerCase().split(/\s+/).filter(Boolean);
            ids = [...this.indicatorsById.values()]
                .filter((indicator) => literalMatch(indicator, words))
                .map((indicator) => indicator.id);
        }
        if (serial !== this.searchSerial) {
            return;
        }
        this.state.matches = new Set(ids.filter((id) => this.indicatorsById.has(id)));
        this.state.searching = false;
    }

    // ------------------------------------------------------------------
    // What the template shows
    // ------------------------------------------------------------------

    get word() {
        return this.state.structure?.framework.vocabulary_label || _t("Tier");
    }

    get suggestionTitle() {
        return _t("Suggested %s", this.word.toLowerCase());
    }

    get backLabel() {
        return this.state.record.display_name
            ? _t("Back to %s", this.state.record.display_name)
            : _t("Back");
    }

    get caption() {
        return _t("Threshold matrix of %(framework)s: domains in rows, the %(word)s in columns", {
            framework: this.state.structure.framework.name,
            word: this.word.toLowerCase() === "level" ? _t("levels") : _t("tiers"),
        });
    }

    evidenceLabel(indicator) {
        return _t("Evidence for %s", indicator.code);
    }

    get explanationLines() {
        return (this.state.suggestion.explanation || "").split("\n").filter(Boolean);
    }

    get terms() {
        return this.state.matches ? queryTerms(this.state.query) : [];
    }

    get tickedCount() {
        return Object.keys(this.state.ticked).length;
    }

    /** Ticked indicators the matrix does not show (archived, or of another framework). */
    get unplaced() {
        return Object.values(this.state.ticked).filter(
            (line) => !this.indicatorsById.has(line.indicator_id)
        );
    }

    get matchSummary() {
        const matches = this.state.matches;
        if (!matches) {
            return "";
        }
        if (!matches.size) {
            return _t("No indicator matches “%s”.", this.state.query.trim());
        }
        const rows = this.lines.filter((line) => line.type === "row").length;
        return matches.size === 1
            ? _t("1 indicator matches, in 1 row.")
            : _t("%(count)s indicators match, in %(rows)s rows.", {
                  count: matches.size,
                  rows,
              });
    }

    /** The matrix as the lines of the table: domain headings and rows, the rows
     * without a match left out while a search is typed. */
    get lines() {
        const structure = this.state.structure;
        if (!structure) {
            return [];
        }
        const matches = this.state.matches;
        const rowMatches = (row) =>
            !matches ||
            row.cells.some((cell) => cell.indicators.some((indicator) => matches.has(indicator.id)));
        const walk = (domain) => {
            const rows = domain.rows.filter(rowMatches);
            const below = domain.children.flatMap(walk);
            if (!rows.length && !below.length) {
                return [];
            }
            // a leaf domain whose only row is the domain itself is named in the row
            const named = !domain.children.length && domain.rows.every((row) => !row.graded);
            const lines = named
                ? []
                : [{ type: "domain", key: `domain-${domain.id}`, domain, depth: domain.depth }];
            for (const row of rows) {
                lines.push({
                    type: "row",
                    key: `row-${domain.id}-${row.key}`,
                    row,
                    domain,
                    depth: domain.depth,
                    label: row.graded ? row.label : domain.name,
                });
            }
            lines.push(...below);
            return lines;
        };
        return structure.domains.flatMap(walk);
    }

    columnName(column) {
        return tierName(column.name, column.tier);
    }

    cellClass(cell) {
        return cell.span > 1
            ? `o_sg_cell o_sg_tier_band o_sg_tier_${cell.tiers.join("_")}`
            : `o_sg_cell o_sg_tier_${cell.key}`;
    }

    isTicked(indicator) {
        return Boolean(this.state.ticked[indicator.id]);
    }

    isMatch(indicator) {
        return Boolean(this.state.matches?.has(indicator.id));
    }

    segments(text) {
        return highlight(text, this.terms);
    }

    // ------------------------------------------------------------------
    // Handlers
    // ------------------------------------------------------------------

    onToggle(indicator, ev) {
        if (!this.state.mayEdit) {
            ev.target.checked = this.isTicked(indicator);
            return;
        }
        const ticked = ev.target.checked;
        if (ticked) {
            this.state.ticked[indicator.id] = {
                indicator_id: indicator.id,
                line_id: false,
                evidence: "",
            };
            this.state.evidence[indicator.id] ||= "";
        } else {
            delete this.state.ticked[indicator.id];
            this.dirtyEvidence.delete(indicator.id);
        }
        const change = { indicator_id: indicator.id, ticked };
        if (ticked && this.state.evidence[indicator.id]) {
            change.evidence = this.state.evidence[indicator.id];
        }
        return this.queue(change);
    }

    onEvidenceInput(indicator, ev) {
        this.state.evidence[indicator.id] = ev.target.value;
        this.dirtyEvidence.add(indicator.id);
        this.state.saved = false;
        this.debouncedEvidence();
    }

    onEvidenceChange() {
        this.debouncedEvidence.cancel();
        return this.saveEvidence();
    }

    onSearchInput(ev) {
        this.state.query = ev.target.value;
        this.debouncedSearch();
    }

    onSearchKeydown(ev) {
        if (ev.key === "Escape" && this.state.query) {
            ev.preventDefault();
            ev.stopPropagation();
            this.clearSearch();
        }
    }

    clearSearch() {
        this.debouncedSearch.cancel();
        this.searchSerial++;
        this.state.query = "";
        this.state.matches = null;
        this.state.searching = false;
        this.searchRef.el?.focus();
    }

    onWindowKeydown(ev) {
        if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey) {
            return;
        }
        // "/" is typed as itself where text is typed; elsewhere (a checkbox too) it searches
        const target = ev.target;
        const editable =
            target.isContentEditable ||
            ["TEXTAREA", "SELECT"].includes(target.tagName) ||
            (target.tagName === "INPUT" &&
                !["checkbox", "radio", "button", "submit", "reset"].includes(target.type));
        if (!editable && this.searchRef.el) {
            ev.preventDefault();
            this.searchRef.el.focus();
        }
    }

    async onBack() {
        try {
            await this.actionService.restore();
        } catch {
            // opened on its own (a link): open the record instead
            await this.actionService.doAction({
                type: "ir.actions.act_window",
                res_model: this.resModel,
                res_id: this.resId,
                views: [[false, "form"]],
            });
        }
    }
}

registry.category("actions").add("safeguarding_indicator_matrix", IndicatorMatrix);
