// Evaluates the ICPs of `icpl build --target jsonlogic` on JSON Lines account records with a
// JsonLogic engine, for `icpl-bench match`. Prints one JSON line: the time of each phase and a
// tally of the results, which the harness compares with icpl's.
//
// Usage: node evaluate.js ENGINE MODE RULES.json RECORDS.jsonl
//   ENGINE  json-logic-engine (compiled with `build`) or json-logic-js (`apply`)
//   MODE    stream: read the file, then parse and evaluate each line in turn
//           phases: read, parse every line, then evaluate the parsed records, timed apart
"use strict";
const fs = require("fs");

const [engineName, mode, rulesPath, recordsPath] = process.argv.slice(2);
const doc = JSON.parse(fs.readFileSync(rulesPath, "utf8"));
if (doc.format !== "icpl-jsonlogic/1") {
  throw new Error("unknown format " + doc.format);
}

// A rule compiled into a function of the record.
let compile;
if (engineName === "json-logic-engine") {
  const { LogicEngine } = require("json-logic-engine");
  const engine = new LogicEngine();
  compile = (rule) => engine.build(rule);
} else if (engineName === "json-logic-js") {
  const jsonLogic = require("json-logic-js");
  compile = (rule) => (data) => jsonLogic.apply(rule, data);
} else {
  throw new Error("unknown engine " + engineName);
}

const icps = Object.entries(doc.icps).map(([id, icp]) => ({
  id,
  status: compile(icp.status),
  signals: icp.signals.map((s) => ({ weight: s.weight, holds: compile(s.holds) })),
  tiers: icp.tiers,
}));

// The tier of a score: the first whose threshold it reaches (null threshold: every score).
function tierOf(tiers, score) {
  for (const t of tiers) {
    if (t.min_score === null || score >= t.min_score) return t.name;
  }
  return null;
}

const tally = { records: 0, status: {}, score_min: 0, score_max: 0, tiers: {} };
function evaluate(record) {
  tally.records += 1;
  for (const icp of icps) {
    const status = icp.status(record);
    tally.status[status] = (tally.status[status] || 0) + 1;
    let lo = 0;
    let hi = 0;
    for (const s of icp.signals) {
      const v = s.holds(record);
      if (v === true) {
        lo += s.weight;
        hi += s.weight;
      } else if (v === null || v === undefined) {
        if (s.weight < 0) lo += s.weight;
        else hi += s.weight;
      }
    }
    // icpl match writes no score for a non-match: the bounds of the others are compared.
    if (status !== "no_match") {
      tally.score_min += lo;
      tally.score_max += hi;
    }
    if (status === "match") {
      const a = tierOf(icp.tiers, lo);
      const b = tierOf(icp.tiers, hi);
      const tier = a === b ? a : "(unknown)";
      tally.tiers[tier] = (tally.tiers[tier] || 0) + 1;
    }
  }
}

const ms = (t) => Number(process.hrtime.bigint() - t) / 1e6;
const times = {};
let t = process.hrtime.bigint();
const text = fs.readFileSync(recordsPath, "utf8");
const lines = text.split("\n");
if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
times.read_ms = ms(t);

if (mode === "stream") {
  t = process.hrtime.bigint();
  for (const line of lines) evaluate(JSON.parse(line));
  times.parse_and_eval_ms = ms(t);
} else if (mode === "phases") {
  t = process.hrtime.bigint();
  const records = lines.map((l) => JSON.parse(l));
  times.parse_ms = ms(t);
  t = process.hrtime.bigint();
  for (const r of records) evaluate(r);
  times.eval_ms = ms(t);
} else {
  throw new Error("unknown mode " + mode);
}
process.stdout.write(JSON.stringify({ engine: engineName, mode, times, tally }) + "\n");
