// Preloaded with `node --import` by the benchmarks: reports the process's peak resident set (KiB) on stderr at exit.
process.on('exit', () => process.stderr.write(`maxrss ${process.resourceUsage().maxRSS}\n`));
