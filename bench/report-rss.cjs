// Preloaded into a measured process (`node -r bench/report-rss.cjs …`): on exit it appends the
// process's peak resident set size (worker threads included) to $NW_LINT_RSS_FILE.
const { appendFileSync } = require("node:fs");

process.on("exit", () => {
  if (process.env.NW_LINT_RSS_FILE) appendFileSync(process.env.NW_LINT_RSS_FILE, `${process.resourceUsage().maxRSS}\n`);
});
