// Evaluates the rules of `icpl build --target jsonlogic` on JSON Lines records with a
// JsonLogic engine, printing one line per record: each ICP's status and its signals' truths.
// Usage: node evaluate.js RULES.json RECORDS.jsonl [json-logic-js|json-logic-engine]
"use strict";
const fs = require("fs");

const [rulesPath, recordsPath, engineName = "json-logic-js"] = process.argv.slice(2);
let apply;
if (engineName === "json-logic-js") {
  const jsonLogic = require("json-logic-js");
  apply = (rule, data) => jsonLogic.apply(rule, data);
} else if (engineName === "json-logic-engine") {
  // Compiled mode, each rule built once.
  const { LogicEngine } = require("json-logic-engine");
  const engine = new LogicEngine();
  const built = new Map();
  apply = (rule, data) => {
    let f = built.get(rule);
    if (f === undefined) {
      f = engine.build(rule);
      built.set(rule, f);
    }
    return f(data);
  };
} else {
  throw new Error("unknown engine " + engineName);
}
const doc = JSON.parse(fs.readFileSync(rulesPath, "utf8"));
if (doc.format !== "icpl-jsonlogic/1") {
  throw new Error("unknown format " + doc.format);
}
const lines = fs.readFileSync(recordsPath, "utf8").split("\n").filter((l) => l.trim() !== "");
const out = [];
for (const line of lines) {
  const record = JSON.parse(line);
  const result = {};
  for (const [id, icp] of Object.entries(doc.icps)) {
    result[id] = {
      status: apply(icp.status, record),
      signals: icp.signals.map((s) => {
        const v = apply(s.holds, record);
        return v === undefined ? null : v;
      }),
    };
  }
  out.push(JSON.stringify(result));
}
process.stdout.write(out.join("\n") + "\n");
