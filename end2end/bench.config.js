// @ts-check
// The browser benchmark of .ci/bench-browser: one long run that prints figures. The test command
// runs it small (--smoke): figures are printed, only exactly-once is asserted.
const { defineConfig } = require('@playwright/test');
const base = require('./playwright.config.js');

module.exports = defineConfig({
  ...base,
  testDir: './bench',
  testMatch: '**/*.bench.js',
  timeout: 15 * 60_000,
  expect: { timeout: 120_000 },
  webServer: undefined,
  // Its own output folder: the end-to-end run's screenshots in test-results/ stay.
  outputDir: './test-results-bench',
  use: { ...base.use, baseURL: undefined },
});
