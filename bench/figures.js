'use strict';
// The figures of one bench run, collected by every bench and written as JSON by run.js (bench/results.json, or
// the path given with --json <path>). Each figure that repeats a call keeps the first call as well as the
// median: a median of warm calls hides what a user waits for the first time.
const os = require('node:os');

const figures = {};

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Records `samples` (ms) under `name`: first, median, min, max and how many. */
function recordSamples(name, samples, extra = {}) {
  // The one-minute load average when the figure was taken: on a shared machine it explains wide ranges.
  const figure = { first: samples[0], median: median(samples), min: Math.min(...samples), max: Math.max(...samples), runs: samples.length, unit: 'ms', load: os.loadavg()[0], ...extra };
  figures[name] = figure;
  return figure;
}

/** Records one value that is not a series of calls (a ratio, a count). */
function recordValue(name, value, extra = {}) {
  figures[name] = { value, ...extra };
  return figures[name];
}

/** `first X ms, median Y ms (n runs)`, as the benches print it. */
function firstAndMedian(figure, digits = 1) {
  return `first ${figure.first.toFixed(digits)} ms, median ${figure.median.toFixed(digits)} ms (${figure.runs} runs, min ${figure.min.toFixed(digits)})`;
}

/** The machine as it was during the run: other work on it changes every figure. */
function machine() {
  const [one, five, fifteen] = os.loadavg();
  return { loadAverage: { one, five, fifteen }, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${process.platform}-${process.arch}` };
}

function loadLine() {
  const m = machine();
  return `load average ${m.loadAverage.one.toFixed(2)} ${m.loadAverage.five.toFixed(2)} ${m.loadAverage.fifteen.toFixed(2)} on ${m.cpus} CPUs (${m.cpuModel})`;
}

module.exports = { figures, median, recordSamples, recordValue, firstAndMedian, machine, loadLine };
