import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { graphView } from "@web/views/graph/graph_view";
import { GraphModel } from "@web/views/graph/graph_model";
import { GraphRenderer } from "@web/views/graph/graph_renderer";
import { pivotView } from "@web/views/pivot/pivot_view";
import { PivotModel } from "@web/views/pivot/pivot_model";
import { PivotRenderer } from "@web/views/pivot/pivot_renderer";

// The manager's referral figures (safeguarding.referral.figure) are counted in
// advance: each figure row stands for many referrals. A pivot cell or a graph bar
// opens the referrals it counts, not figure rows: the dimensions have the same
// names on both models, so the cell's domain is a domain on the referrals, and the
// server adds which referrals are counted (action_open_referrals).
const FIGURES = "safeguarding.referral.figure";

async function openReferrals(component, domain, context, newWindow) {
    const referralContext = Object.fromEntries(
        Object.entries(context || {}).filter(
            ([key]) =>
                !["group_by", "pivot_", "graph_", "search_default_"].some((prefix) =>
                    key.startsWith(prefix)
                )
        )
    );
    const action = await component.orm.call(FIGURES, "action_open_referrals", [domain]);
    return component.actionService.doAction(
        { ...action, context: referralContext },
        { newWindow }
    );
}

// "Count" would count figure rows, not referrals: the measure is "Referrals"
function withoutRowCount(measures, activeMeasures) {
    if (measures && !activeMeasures.includes("__count")) {
        delete measures.__count;
    }
}

export class ReferralFigurePivotModel extends PivotModel {
    async _loadData(config, prune) {
        withoutRowCount(config.metaData.measures, config.metaData.activeMeasures);
        return super._loadData(config, prune);
    }
}

export class ReferralFigurePivotRenderer extends PivotRenderer {
    setup() {
        super.setup();
        this.orm = useService("orm");
    }

    openView(domain, views, context, newWindow) {
        return openReferrals(this, domain, context, newWindow);
    }
}

export class ReferralFigureGraphModel extends GraphModel {
    _buildMetaData(params) {
        const metaData = super._buildMetaData(params);
        withoutRowCount(metaData.measures, [metaData.measure]);
        return metaData;
    }
}

export class ReferralFigureGraphRenderer extends GraphRenderer {
    setup() {
        super.setup();
        this.orm = useService("orm");
    }

    openView(domain, views, context, newWindow) {
        return openReferrals(this, domain, context, newWindow);
    }
}

registry.category("views").add("safeguarding_referral_figure_pivot", {
    ...pivotView,
    Model: ReferralFigurePivotModel,
    Renderer: ReferralFigurePivotRenderer,
});

registry.category("views").add("safeguarding_referral_figure_graph", {
    ...graphView,
    Model: ReferralFigureGraphModel,
    Renderer: ReferralFigureGraphRenderer,
});
