//! Word pools and sentence templates for the narrative fields of generated profiles, so that
//! the generated spec reads (and weighs, byte for byte) like one a revenue team writes.

use crate::rng::Rng;

pub const SEGMENTS: &[(&str, &str)] = &[
    ("smb", "SMB"),
    ("mid_market", "Mid-market"),
    ("enterprise", "Enterprise"),
    ("scaleup", "Scale-up"),
    ("global", "Global"),
    ("regulated", "Regulated"),
    ("founder_led", "Founder-led"),
    ("pe_backed", "PE-backed"),
];

pub const VERTICALS: &[(&str, &str)] = &[
    ("saas", "SaaS"),
    ("fintech", "fintech"),
    ("healthtech", "healthtech"),
    ("retail", "retail"),
    ("logistics", "logistics"),
    ("media", "media"),
    ("edtech", "edtech"),
    ("manufacturers", "manufacturers"),
    ("data_teams", "data teams"),
    ("marketplaces", "marketplaces"),
    ("agencies", "agencies"),
    ("insurers", "insurers"),
];

pub const FIRST_NAMES: &[&str] = &[
    "rachel", "fiona", "sam", "dev", "casey", "maria", "omar", "lena", "kenji", "priya", "tom",
    "ana", "lucas", "ines", "noah", "yara", "felix", "mei", "jonas", "sara",
];

pub const PERSONA_ROLES: &[(&str, &str)] = &[
    ("revops", "RevOps"),
    ("cfo", "CFO"),
    ("ciso", "CISO"),
    ("data_lead", "Data lead"),
    ("sales_leader", "Sales leader"),
    ("marketing_ops", "Marketing ops"),
    ("it_admin", "IT admin"),
    ("founder", "Founder"),
    ("analyst", "Analyst"),
    ("sdr_manager", "SDR manager"),
];

pub const SIGNALS: &[&str] = &[
    "warehouse_native",
    "has_cdp",
    "home_market",
    "hiring_sellers",
    "small_team",
    "fast_growth",
    "low_churn",
    "high_churn",
    "sso_ready",
    "data_team",
    "public_company",
    "late_stage",
    "early_stage",
    "compliance_heavy",
    "remote_team",
    "big_budget",
    "tight_budget",
    "crm_salesforce",
    "crm_hubspot",
    "legacy_bi",
    "modern_stack",
    "field_motion",
    "plg_motion",
    "partner_led",
    "emea_based",
    "apac_based",
    "large_company",
    "competitor_user",
    "dbt_shop",
    "regulated_buyer",
];

pub const TIER_NAMES: &[[&str; 4]] = &[
    ["A", "B", "C", "D"],
    ["strategic", "core", "watch", "nurture"],
    ["tier_1", "tier_2", "tier_3", "tier_4"],
    ["hot", "warm", "cool", "cold"],
    ["platinum", "gold", "silver", "bronze"],
];

const SUMMARY_WHO: &[&str] = &[
    "Venture-backed companies",
    "Profitable mid-sized businesses",
    "Fast-growing teams",
    "Regulated enterprises",
    "Founder-led companies",
    "Multi-region organisations",
    "Companies with a central data platform",
    "Businesses with a field sales team",
];

const SUMMARY_WHAT: &[&str] = &[
    "that have outgrown spreadsheet reporting",
    "that run their pipeline review on gut feel",
    "whose CRM data no one trusts",
    "that are building their first RevOps function",
    "that report to a board every quarter",
    "that sell through partners and direct at once",
    "that just hired a new CRO",
    "that are consolidating their go-to-market tools",
];

const PERSONA_WHO: &[&str] = &[
    "Owns the go-to-market data stack",
    "Signs the contract",
    "Runs the weekly forecast call",
    "Keeps the CRM clean",
    "Approves every new vendor",
    "Builds the dashboards the board reads",
    "Manages a team of sellers",
    "Maintains the warehouse models",
];

const PERSONA_WHAT: &[&str] = &[
    "and is the first to feel the reporting pain.",
    "and cares about forecast accuracy and cost.",
    "and wants fewer tools, not more.",
    "and is measured on pipeline coverage.",
    "and blocks anything without a security review.",
    "and spends Fridays fixing exports by hand.",
];

pub const PAINS: &[&str] = &[
    "Board reporting takes a week of spreadsheet work",
    "No single view of pipeline across regions",
    "Forecast calls rely on gut feel",
    "Sales and finance disagree on the pipeline number",
    "Stitching CRM exports by hand",
    "Every dashboard needs a custom data model",
    "Churn shows up a quarter too late",
    "Territory plans live in slide decks",
    "Lead routing breaks whenever a rep leaves",
    "Nobody trusts the stage definitions",
    "Quota setting is a yearly argument",
    "Too many tools that do not talk to each other",
];

pub const GOALS: &[&str] = &[
    "Trustworthy pipeline numbers every Monday",
    "Forecast within 5% of actuals",
    "Fewer tools on the stack",
    "One revenue model shared by finance and sales",
    "Faster board reporting",
    "Clean handoffs from marketing to sales",
    "Predictable quarter-end",
    "Self-serve answers for sales managers",
];

pub const TRIGGERS: &[&str] = &[
    "New CRO or VP Sales hired",
    "Series B or later funding round",
    "Missed forecast two quarters in a row",
    "CRM migration underway",
    "Expansion into a new region",
    "IPO preparation",
];

pub const COMPETITORS: &[&str] = &[
    "Clari",
    "Gong Forecast",
    "In-house BI built on Looker",
    "Spreadsheets",
    "Salesforce reports",
    "A consultancy-built dashboard",
];

pub const BUYING_PROCESSES: &[&str] = &[
    "Security review, then procurement; 60-90 day cycle",
    "Self-serve trial, then a call with the founder; 2-4 weeks",
    "RFP with three vendors; legal review; 4-6 months",
    "Pilot with one team, then a company-wide rollout",
    "Champion builds the business case; CFO signs off",
];

pub const CUSTOMER_BASES: &[&str] = &[
    "Banks, insurers and payment companies in North America and Europe.",
    "Mid-sized B2B software companies.",
    "Consumer brands selling online and in stores.",
    "Hospitals and clinics.",
    "Manufacturers with dealer networks.",
];

pub const ONBOARDING: &[&str] = &[
    "Vendor risk assessment, SOC 2 report and a data-processing agreement before any pilot.",
    "A two-week proof of value, then a master services agreement.",
    "Procurement portal registration and a security questionnaire.",
];

pub const VALUE_PROPS: &[&str] = &[
    "Trustworthy pipeline numbers without a data team.",
    "One forecast that finance and sales both sign off.",
    "Board-ready reporting in minutes, not days.",
    "Keep your models; we read them where they live.",
];

pub const SECTION_TITLES: &[&str] = &["Notes for SDRs", "Compliance notes", "Open questions"];

pub const SECTION_NOTES: &[&str] = &[
    "Data must stay in the customer's cloud region",
    "Expect a penetration-test report request",
    "Lead with the finance use case",
    "Ask about their current forecast cadence",
    "Check whether they are mid-migration",
];

pub const TITLES: &[&str] = &[
    "Head of Revenue Operations",
    "RevOps Manager",
    "Chief Financial Officer",
    "VP Finance",
    "CISO",
    "Head of IT Security",
    "Analytics Engineer",
    "Data Platform Lead",
    "VP Sales",
    "Chief Revenue Officer",
    "Sales Operations Analyst",
    "Marketing Operations Manager",
    "Director of Sales Development",
    "IT Administrator",
    "Founder and CEO",
    "Head of Business Intelligence",
];

pub const BACKGROUNDS: &[&str] = &[
    "Came up through sales operations; runs a team of two to five.",
    "Former consultant who moved in-house to build the revenue function.",
    "Engineer by training who now owns the data platform.",
    "Career finance professional; ex-auditor.",
];

pub const REPORTS_TO: &[&str] = &[
    "VP Sales or CRO",
    "The CFO",
    "The CEO",
    "The CIO",
    "Head of Data",
];

pub const MOTIVATIONS: &[&str] = &[
    "Being the person the board deck depends on",
    "A promotion to VP",
    "Fewer late nights at quarter-end",
    "Looking good in front of the CFO",
];

pub const OBJECTIONS: &[&str] = &[
    "We already pay for a BI tool",
    "Another platform to pay for",
    "Migration risk during audit season",
    "We could build this in dbt ourselves",
    "Data leaves our cloud region",
    "No budget until next fiscal year",
];

pub const BUYING_BEHAVIOURS: &[&str] = &[
    "Shortlists from peer recommendations, then runs a two-week proof of value.",
    "Delegates evaluation; decides on business case and references.",
    "Runs a security questionnaire; blocks until every answer is in.",
    "Tries the product alone before involving anyone.",
];

pub const CHANNELS: &[&str] = &[
    "linkedin",
    "webinars",
    "peer_communities",
    "email",
    "analyst_reports",
    "cfo_roundtables",
    "github",
    "slack_communities",
    "newsletter",
    "meetups",
    "podcasts",
    "conferences",
    "security_portal",
    "partner_events",
];

pub const COMMUNICATION: &[&str] = &[
    "Short written updates; prefers async demos over calls.",
    "Wants a one-page summary before any meeting.",
    "Responds to peers, not to vendors.",
];

pub const MESSAGES: &[&str] = &[
    "Stop rebuilding the board deck by hand.",
    "One forecast that finance and sales both sign off.",
    "Your data never leaves your warehouse.",
    "Free templates for the reports your CRO keeps asking for.",
    "Know by Monday which deals will slip.",
    "Spend Fridays selling, not fixing exports.",
];

const BUDGET_HOLDERS: &[&str] = &["RevOps", "the CFO", "the sales leader", "IT", "the founder"];

const TEAMS: &[&str] = &[
    "revops",
    "growth-team",
    "enterprise-sales",
    "marketing-ops",
    "sales-strategy",
    "gtm-ops",
];

/// A name and display title for the `i`-th ICP (unique by its number).
pub fn icp_name(rng: &mut Rng, i: usize) -> (String, String) {
    let (seg, seg_title) = *rng.pick(SEGMENTS);
    let (vert, vert_title) = *rng.pick(VERTICALS);
    (
        format!("{seg}_{vert}_{i:05}"),
        format!("{seg_title} {vert_title} {}", i + 1),
    )
}

/// A name and display title for the `j`-th persona (unique by its number).
pub fn persona_name(rng: &mut Rng, j: usize) -> (String, String) {
    let first = *rng.pick(FIRST_NAMES);
    let (role, role_title) = *rng.pick(PERSONA_ROLES);
    let mut cap = first.to_string();
    if let Some(c) = cap.get_mut(..1) {
        c.make_ascii_uppercase();
    }
    (
        format!("{role}_{first}_{j:05}"),
        format!("{role_title} {cap} {}", j + 1),
    )
}

pub fn icp_summary(rng: &mut Rng) -> String {
    format!("{} {}.", rng.pick(SUMMARY_WHO), rng.pick(SUMMARY_WHAT))
}

pub fn persona_summary(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(PERSONA_WHO), rng.pick(PERSONA_WHAT))
}

pub fn owner(rng: &mut Rng) -> String {
    format!("{}@acme.example", rng.pick(TEAMS))
}

pub fn budget(rng: &mut Rng) -> String {
    let low = 10 * rng.between(1, 10);
    let high = low + 10 * rng.between(2, 12);
    format!(
        "Held by {}; ${low}k-${high}k a year",
        rng.pick(BUDGET_HOLDERS)
    )
}

/// A date up to `max_age` days before `today` (`YYYY-MM-DD`, in the years 2001-2099).
pub fn recent_date(rng: &mut Rng, today: &str, max_age: usize) -> String {
    let part = |r: std::ops::Range<usize>| today.get(r).and_then(|p| p.parse::<u32>().ok());
    let (Some(mut y), Some(mut m), Some(mut d)) = (part(0..4), part(5..7), part(8..10)) else {
        panic!("`{today}` is not a YYYY-MM-DD date");
    };
    let days_in = |y: u32, m: u32| match m {
        2 if y.is_multiple_of(4) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    for _ in 0..rng.below(max_age + 1) {
        if d > 1 {
            d -= 1;
        } else {
            if m > 1 {
                m -= 1;
            } else {
                m = 12;
                y -= 1;
            }
            d = days_in(y, m);
        }
    }
    format!("{y:04}-{m:02}-{d:02}")
}

pub fn pick(rng: &mut Rng, pool: &[&str]) -> String {
    rng.pick(pool).to_string()
}

/// `k` distinct entries of a pool.
pub fn sample(rng: &mut Rng, pool: &[&str], k: usize) -> Vec<String> {
    rng.distinct(pool.len(), k)
        .into_iter()
        .map(|i| pool[i].to_string())
        .collect()
}
