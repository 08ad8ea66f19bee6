'use strict';
// Preloaded with `node -r ./bench/rss-probe.js ...` by the stress bench: reports the process's peak resident set size
// (kilobytes) and CPU time on stderr as it exits, however it exits.
process.on('exit', () => {
  const usage = process.resourceUsage();
  process.stderr.write(`\n@@stress maxRSS=${usage.maxRSS} cpuMs=${Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000)}\n`);
});
