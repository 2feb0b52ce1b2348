#!/usr/bin/env python3
"""An independent evaluator of icpl's JSON rules (icpl-rules/1), written from docs/json-format.md.

It is the consumer a tooling author would write, in another language and with exact decimals,
and the conformance harness (tests/conformance.rs) holds it to icpl's evaluators.

Usage: evaluate_rules.py RULES.json CASES.jsonl
Each input line is {"account": {...}, "contact": {...} or absent}; each output line gives, per
ICP, status, score, score_range, tier, tier_unknown, missing, coarse and the signals' truths,
and per persona, status, missing and coarse.
"""

import json
import sys
from decimal import Decimal

TRUE, FALSE, UNKNOWN = True, False, None


def k_and(xs):
    out = TRUE
    for x in xs:
        if x is FALSE:
            return FALSE
        if x is UNKNOWN:
            out = UNKNOWN
    return out


def k_or(xs):
    out = FALSE
    for x in xs:
        if x is TRUE:
            return TRUE
        if x is UNKNOWN:
            out = UNKNOWN
    return out


def k_not(x):
    return UNKNOWN if x is UNKNOWN else (not x)


class Schema:
    def __init__(self, doc):
        self.attrs = {}
        self.order = {}
        for entity in ("account", "contact"):
            for index, a in enumerate(doc["schema"][entity]):
                self.attrs[(entity, a["name"])] = a
                self.order[(entity, a["name"])] = (0 if entity == "account" else 1, index)
                if "values" in a:
                    names = [v["name"] for v in a["values"]]
                    a["_rank"] = {n: i for i, n in enumerate(names)}
                    parents = {v["name"]: v["parent"] for v in a["values"]}
                    leaves = [v["name"] for v in a["values"] if v["leaf"]]

                    def ancestors(n, parents=parents):
                        out = []
                        while n is not None:
                            out.append(n)
                            n = parents[n]
                        return out

                    a["_ancestors"] = {n: ancestors(n) for n in names}
                    a["_leaves_under"] = {
                        n: [l for l in leaves if n in a["_ancestors"][l]] for n in names
                    }


def atom(schema, e, records):
    entity, name = e["entity"], e["attr"]
    a = schema.attrs[(entity, name)]
    record = records.get(entity) or {}
    x = record.get(name)
    if x is None:
        return UNKNOWN
    op, ty = e["op"], a["type"]
    if ty in ("int", "money", "percent"):
        x = Decimal(x)
        if op == "between":
            return Decimal(e["min"]) <= x <= Decimal(e["max"])
        v = Decimal(e["value"])
        return {"eq": x == v, "lt": x < v, "le": x <= v, "gt": x > v, "ge": x >= v}[op]
    if ty == "bool":
        return x == e["value"]
    if ty == "enum":
        if op == "in":
            under = a["_leaves_under"][x]
            covered = [l for l in under if any(s in a["_ancestors"][l] for s in e["values"])]
            if len(covered) == len(under):
                return TRUE
            return FALSE if not covered else UNKNOWN
        rank = a["_rank"]
        r = rank[x]
        if op == "between":
            return rank[e["min"]] <= r <= rank[e["max"]]
        v = rank[e["value"]]
        return {"eq": r == v, "lt": r < v, "le": r <= v, "gt": r > v, "ge": r >= v}[op]
    if ty == "set":
        held = set(x)
        if op == "has":
            return e["value"] in held
        if op == "has_any":
            return any(v in held for v in e["values"])
        if op == "has_all":
            return all(v in held for v in e["values"])
    raise ValueError("unknown atom %r" % (e,))


def evaluate(schema, e, records):
    op = e["op"]
    if op == "and":
        return k_and([evaluate(schema, x, records) for x in e["args"]])
    if op == "or":
        return k_or([evaluate(schema, x, records) for x in e["args"]])
    if op == "not":
        return k_not(evaluate(schema, e["arg"], records))
    return atom(schema, e, records)


def blame(schema, e, records, missing, coarse):
    """The attributes that leave an unknown expression unknown: descending into the operands
    that are unknown themselves, to the atoms; a missing value goes to `missing`, a coarse one
    to `coarse`."""
    op = e["op"]
    if op in ("and", "or"):
        for x in e["args"]:
            if evaluate(schema, x, records) is UNKNOWN:
                blame(schema, x, records, missing, coarse)
    elif op == "not":
        blame(schema, e["arg"], records, missing, coarse)
    else:
        key = (e["entity"], e["attr"])
        record = records.get(e["entity"]) or {}
        (missing if record.get(e["attr"]) is None else coarse).add(key)


def status_of(schema, requirements, exclusions, records, icp_part=TRUE):
    truths = [icp_part]
    missing, coarse = set(), set()
    for c in requirements:
        t = evaluate(schema, c["expr"], records)
        truths.append(t)
        if t is UNKNOWN:
            blame(schema, c["expr"], records, missing, coarse)
    for c in exclusions:
        t = evaluate(schema, c["expr"], records)
        truths.append(k_not(t))
        if t is UNKNOWN:
            blame(schema, c["expr"], records, missing, coarse)
    status = k_and(truths)
    if status is FALSE:
        missing, coarse = set(), set()
    return status, missing, coarse


def tier_of(tiers, score):
    for t in tiers:
        if t["min_score"] is None or score >= t["min_score"]:
            return t["name"]
    return None


def word(t):
    return {TRUE: "match", FALSE: "no_match", UNKNOWN: "unknown"}[t]


def main():
    rules_path, cases_path = sys.argv[1], sys.argv[2]
    with open(rules_path, encoding="utf-8") as f:
        doc = json.load(f, parse_float=Decimal)
    if doc["format"] != "icpl-rules/1":
        raise SystemExit("unknown format " + doc["format"])
    schema = Schema(doc)
    out = []
    with open(cases_path, encoding="utf-8") as f:
        lines = [l for l in f if l.strip()]
    for line in lines:
        case = json.loads(line, parse_float=Decimal)
        records = {"account": case.get("account") or {}, "contact": case.get("contact") or {}}
        account_only = {"account": records["account"], "contact": {}}
        result = {"icps": {}, "personas": {}}
        statuses = {}
        for icp in doc["icps"]:
            status, missing, coarse = status_of(
                schema, icp["requirements"], icp["exclusions"], account_only
            )
            statuses[icp["id"]] = (status, set(missing), set(coarse))
            score, low, high, truths = 0, 0, 0, []
            for s in icp["signals"]:
                t = evaluate(schema, s["when"]["expr"], account_only)
                truths.append(t)
                w = s["weight"]
                if t is TRUE:
                    score += w
                elif t is UNKNOWN:
                    low += min(w, 0)
                    high += max(w, 0)
                    if status is not FALSE:
                        blame(schema, s["when"]["expr"], account_only, missing, coarse)
            tier, tier_unknown = None, False
            if status is TRUE and icp["tiers"]:
                a, b = tier_of(icp["tiers"], score + low), tier_of(icp["tiers"], score + high)
                if a == b:
                    tier = a
                else:
                    tier_unknown = True
            order = lambda k: schema.order[k]
            result["icps"][icp["id"]] = {
                "status": word(status),
                "score": score,
                "score_range": [score + low, score + high],
                "tier": tier,
                "tier_unknown": tier_unknown,
                "missing": [k[1] for k in sorted(missing, key=order)],
                "coarse": [k[1] for k in sorted(coarse, key=order)],
                "signals": truths,
            }
        for p in doc["personas"]:
            if p["icps"]:
                icp_part = k_or([statuses[i][0] for i in p["icps"]])
            else:
                icp_part = TRUE
            status, missing, coarse = status_of(
                schema, p["requirements"], p["exclusions"], records, icp_part
            )
            if status is UNKNOWN and icp_part is UNKNOWN:
                for i in p["icps"]:
                    s, m, c = statuses[i]
                    if s is UNKNOWN:
                        missing |= m
                        coarse |= c
            order = lambda k: schema.order[k]
            result["personas"][p["id"]] = {
                "status": word(status),
                "missing": ["%s.%s" % k for k in sorted(missing, key=order)],
                "coarse": ["%s.%s" % k for k in sorted(coarse, key=order)],
            }
        out.append(json.dumps(result, sort_keys=True))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
