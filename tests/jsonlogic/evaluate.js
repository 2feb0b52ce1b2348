// Evaluates the rules of `icpl build --target jsonlogic` on JSON Lines records with
// json-logic-js, printing one line per record: each ICP's status and its signals' truths.
// Usage: node evaluate.js RULES.json RECORDS.jsonl
"use strict";
const fs = require("fs");
const jsonLogic = require("json-logic-js");

const [rulesPath, recordsPath] = process.argv.slice(2);
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
      status: jsonLogic.apply(icp.status, record),
      signals: icp.signals.map((s) => {
        const v = jsonLogic.apply(s.holds, record);
        return v === undefined ? null : v;
      }),
    };
  }
  out.push(JSON.stringify(result));
}
process.stdout.write(out.join("\n") + "\n");
