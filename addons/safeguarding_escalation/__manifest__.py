{
    "name": "Safeguarding Escalation",
    "summary": "Staged resolution of professional disagreements about children",
    "version": "19.0.0.1.0",
    "category": "Services/Safeguarding",
    "author": "Safeguarding Thresholds for Odoo contributors",
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["safeguarding_threshold"],
    "data": [],
}
