import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";
import { rpc } from "@web/core/network/rpc";

/**
 * The request-for-support form of the partner portal: finds indicators in the
 * council's matrix with the back office's ranked search, counts what is ticked, and
 * disables the Send button once pressed (the server also refuses a second referral).
 */
export class RequestForSupport extends Interaction {
    static selector = ".o_sg_support_form";
    dynamicContent = {
        ".o_sg_indicator_search": {
            "t-on-input": this.debounced(this.onSearch, 250),
            "t-on-keydown": this.onSearchKeydown,
        },
        "input[name=indicator_ids]": { "t-on-change": this.updateCount },
        _root: { "t-on-submit": this.onSubmit },
    };

    setup() {
        this.searchEl = this.el.querySelector(".o_sg_indicator_search");
        this.statusEl = this.el.querySelector(".o_sg_search_status");
        this.countEl = this.el.querySelector(".o_sg_ticked_count");
    }

    async onSearch() {
        const query = this.searchEl.value.trim();
        const indicators = [...this.el.querySelectorAll(".o_sg_indicator")];
        const domains = [...this.el.querySelectorAll(".o_sg_domain")];
        if (!query) {
            indicators.forEach((el) => el.classList.remove("d-none"));
            domains.forEach((el) => el.classList.remove("d-none"));
            this.statusEl.textContent = "";
            return;
        }
        const ids = await this.waitFor(
            rpc("/my/request-for-support/indicators", { query })
        );
        const found = new Set(ids.map(String));
        indicators.forEach((el) =>
            el.classList.toggle("d-none", !found.has(el.dataset.indicatorId))
        );
        // innermost headings first, so a parent stays open for a child that matches
        domains.reverse().forEach((el) => {
            const shown = el.querySelector(".o_sg_indicator:not(.d-none)");
            el.classList.toggle("d-none", !shown);
            if (shown) {
                el.open = true;
            }
        });
        this.statusEl.textContent = ids.length
            ? `${ids.length} found for “${query}”`
            : `Nothing found for “${query}”: try other words`;
    }

    onSearchKeydown(ev) {
        // Enter searches; it must not send the form
        if (ev.key === "Enter") {
            ev.preventDefault();
            this.onSearch();
        }
    }

    updateCount() {
        const count = this.el.querySelectorAll("input[name=indicator_ids]:checked").length;
        this.countEl.textContent = `${count} ticked`;
    }

    onSubmit(ev) {
        const send = this.el.querySelector(".o_sg_send");
        if (ev.submitter === send) {
            if (this.sending) {
                ev.preventDefault();
                return;
            }
            this.sending = true;
            send.classList.add("disabled");
            send.setAttribute("aria-disabled", "true");
        }
    }
}

registry
    .category("public.interactions")
    .add("safeguarding_threshold.request_for_support", RequestForSupport);
