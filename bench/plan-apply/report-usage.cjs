// Preloaded into a timed CLI process (node --require): at exit, writes the process's CPU time and
// peak RSS to the file named by $SHIPSHAPE_BENCH_USAGE, so the suite can report them per process.
'use strict';
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  const u = process.resourceUsage();
  writeFileSync(process.env.SHIPSHAPE_BENCH_USAGE, JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, peakRssMiB: u.maxRSS / 1024 }));
});
