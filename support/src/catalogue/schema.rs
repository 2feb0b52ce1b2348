//! The schema of the generated spec: an account schema with attributes of every type (16 of
//! them, including a three-level region hierarchy with 37 countries) and a contact schema with
//! seven.

use super::model::{Attr, Schema, Ty, Value};

/// A flat list of values (no labels).
fn flat(names: &[&'static str]) -> Vec<Value> {
    names
        .iter()
        .map(|&name| Value {
            name,
            label: None,
            parent: None,
        })
        .collect()
}

/// Builds a value tree from `(name, label, parent name)` rows, parents listed first.
fn tree(rows: &[(&'static str, Option<&'static str>, Option<&'static str>)]) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for &(name, label, parent) in rows {
        let parent = parent.map(|p| {
            out.iter()
                .position(|v| v.name == p)
                .expect("schema table lists every parent before its children")
        });
        out.push(Value {
            name,
            label,
            parent,
        });
    }
    out
}

fn attr(name: &'static str, label: Option<&'static str>, ty: Ty) -> Attr {
    Attr { name, label, ty }
}

/// The regions: 4 continents, 8 sub-regions and 37 countries (the leaves).
fn regions() -> Vec<Value> {
    tree(&[
        ("north_america", Some("North America"), None),
        ("us", Some("US"), Some("north_america")),
        ("canada", None, Some("north_america")),
        ("mexico", None, Some("north_america")),
        ("latam", Some("LATAM"), None),
        ("brazil", None, Some("latam")),
        ("argentina", None, Some("latam")),
        ("chile", None, Some("latam")),
        ("colombia", None, Some("latam")),
        ("emea", Some("EMEA"), None),
        ("uk_ireland", Some("UK and Ireland"), Some("emea")),
        ("uk", Some("UK"), Some("uk_ireland")),
        ("ireland", None, Some("uk_ireland")),
        ("dach", Some("DACH"), Some("emea")),
        ("germany", None, Some("dach")),
        ("austria", None, Some("dach")),
        ("switzerland", None, Some("dach")),
        ("nordics", None, Some("emea")),
        ("sweden", None, Some("nordics")),
        ("norway", None, Some("nordics")),
        ("denmark", None, Some("nordics")),
        ("finland", None, Some("nordics")),
        ("southern_europe", Some("Southern Europe"), Some("emea")),
        ("spain", None, Some("southern_europe")),
        ("italy", None, Some("southern_europe")),
        ("portugal", None, Some("southern_europe")),
        ("france", None, Some("emea")),
        ("benelux", None, Some("emea")),
        ("middle_east", Some("Middle East"), Some("emea")),
        ("uae", Some("UAE"), Some("middle_east")),
        ("saudi_arabia", None, Some("middle_east")),
        ("israel", None, Some("middle_east")),
        ("africa", None, Some("emea")),
        ("south_africa", None, Some("africa")),
        ("nigeria", None, Some("africa")),
        ("kenya", None, Some("africa")),
        ("apac", Some("APAC"), None),
        ("anz", Some("ANZ"), Some("apac")),
        ("australia", None, Some("anz")),
        ("new_zealand", None, Some("anz")),
        ("japan", None, Some("apac")),
        ("south_korea", None, Some("apac")),
        ("india", None, Some("apac")),
        ("southeast_asia", Some("Southeast Asia"), Some("apac")),
        ("singapore", None, Some("southeast_asia")),
        ("indonesia", None, Some("southeast_asia")),
        ("vietnam", None, Some("southeast_asia")),
        ("philippines", None, Some("southeast_asia")),
        ("malaysia", None, Some("southeast_asia")),
    ])
}

const M: i64 = 1_000_000;

/// The schema every generated ICP and persona is written against.
pub fn schema() -> Schema {
    let account = vec![
        attr(
            "industry",
            None,
            Ty::Enum {
                ordered: false,
                values: flat(&[
                    "saas",
                    "fintech",
                    "healthtech",
                    "ecommerce",
                    "manufacturing",
                    "logistics",
                    "media",
                    "education",
                    "public_sector",
                    "professional_services",
                    "telecom",
                    "energy",
                ]),
            },
        ),
        attr(
            "employees",
            None,
            Ty::Int(vec![
                10, 25, 50, 100, 150, 200, 250, 300, 500, 750, 1000, 2000, 5000, 10_000, 50_000,
            ]),
        ),
        attr(
            "open_sales_roles",
            Some("open sales roles"),
            Ty::Int(vec![1, 2, 3, 5, 8, 10, 15, 20, 30, 50]),
        ),
        attr(
            "annual_revenue",
            Some("annual revenue"),
            Ty::Money(vec![
                M / 2,
                M,
                2 * M,
                5 * M,
                10 * M,
                20 * M,
                50 * M,
                100 * M,
                250 * M,
                500 * M,
                1000 * M,
                1500 * M,
                5000 * M,
            ]),
        ),
        attr(
            "it_budget",
            Some("yearly IT budget"),
            Ty::Money(vec![
                50_000,
                100_000,
                250_000,
                500_000,
                750_000,
                M,
                2 * M,
                5 * M,
                10 * M,
            ]),
        ),
        attr(
            "growth_rate",
            Some("year-on-year growth"),
            Ty::Percent(vec![-10, 0, 5, 10, 20, 30, 40, 60, 80, 100, 150]),
        ),
        attr(
            "churn_rate",
            Some("yearly logo churn"),
            Ty::Percent(vec![2, 5, 8, 10, 15, 20, 30]),
        ),
        attr(
            "funding_stage",
            Some("funding stage"),
            Ty::Enum {
                ordered: true,
                values: flat(&[
                    "bootstrapped",
                    "pre_seed",
                    "seed",
                    "series_a",
                    "series_b",
                    "series_c",
                    "growth",
                    "public",
                ]),
            },
        ),
        attr(
            "data_maturity",
            Some("data maturity"),
            Ty::Enum {
                ordered: true,
                values: flat(&[
                    "spreadsheets",
                    "basic_bi",
                    "warehouse",
                    "modern_stack",
                    "ml",
                ]),
            },
        ),
        attr(
            "region",
            None,
            Ty::Enum {
                ordered: false,
                values: regions(),
            },
        ),
        attr(
            "tech_stack",
            Some("tech stack"),
            Ty::Set(flat(&[
                "salesforce",
                "hubspot",
                "pipedrive",
                "dynamics",
                "snowflake",
                "bigquery",
                "databricks",
                "redshift",
                "segment",
                "rudderstack",
                "looker",
                "tableau",
                "power_bi",
                "dbt",
                "fivetran",
                "okta",
            ])),
        ),
        attr(
            "compliance",
            Some("compliance regimes"),
            Ty::Set(flat(&[
                "soc2", "iso27001", "hipaa", "gdpr", "pci_dss", "fedramp",
            ])),
        ),
        attr(
            "sales_motion",
            Some("sales motions"),
            Ty::Set(flat(&[
                "self_serve",
                "inside_sales",
                "field_sales",
                "partners",
                "marketplace",
            ])),
        ),
        attr("uses_sso", Some("single sign-on in place"), Ty::Bool),
        attr("has_data_team", Some("has a data team"), Ty::Bool),
        attr("remote_first", Some("remote-first company"), Ty::Bool),
    ];
    let contact = vec![
        attr(
            "seniority",
            None,
            Ty::Enum {
                ordered: true,
                values: flat(&["individual", "manager", "director", "vp", "c_level"]),
            },
        ),
        attr(
            "department",
            None,
            Ty::Enum {
                ordered: false,
                values: flat(&[
                    "sales",
                    "marketing",
                    "revops",
                    "finance",
                    "it",
                    "engineering",
                    "data",
                    "operations",
                    "executive",
                ]),
            },
        ),
        attr(
            "decision_role",
            Some("decision-making role"),
            Ty::Enum {
                ordered: false,
                values: flat(&[
                    "economic_buyer",
                    "champion",
                    "influencer",
                    "user",
                    "gatekeeper",
                ]),
            },
        ),
        attr(
            "years_in_role",
            Some("years in role"),
            Ty::Int(vec![1, 2, 3, 5, 8, 10]),
        ),
        attr(
            "team_size",
            Some("team size"),
            Ty::Int(vec![1, 3, 5, 10, 25, 50, 100]),
        ),
        attr(
            "community_member",
            Some("member of a practitioner community"),
            Ty::Bool,
        ),
        attr(
            "certifications",
            None,
            Ty::Set(flat(&[
                "salesforce_admin",
                "hubspot_revops",
                "snowflake_pro",
                "cpa",
                "cissp",
                "pmp",
            ])),
        ),
    ];
    Schema { account, contact }
}

#[cfg(test)]
mod tests {
    use crate::catalogue::model::{Ty, is_leaf};

    #[test]
    fn region_tree_has_about_thirty_leaves() {
        let s = super::schema();
        let region = s
            .account
            .iter()
            .find(|a| a.name == "region")
            .expect("region exists");
        let Ty::Enum { values, .. } = &region.ty else {
            panic!("region is an enum");
        };
        let leaves = (0..values.len()).filter(|&v| is_leaf(values, v)).count();
        assert_eq!(leaves, 37);
    }
}
