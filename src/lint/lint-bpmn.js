#!/usr/bin/env node
'use strict';

/*
 * Lints every *.bpmn file of a folder with bpmnlint and the Camunda 7.24 compatibility rules.
 *
 *   npm ci --prefix src/lint
 *   node src/lint/lint-bpmn.js bpmn                  # from the repository root
 *   node src/lint/lint-bpmn.js [folder] [--config <file>]
 *
 * folder   defaults to the repository's bpmn/ folder (../../bpmn from this script);
 *          a relative folder is taken from the current directory; sub-folders are searched too.
 * --config defaults to the repository's bpmn/.bpmnlintrc.
 *
 * Prints one line per report ("file: element-id rule message (category)") and a summary.
 * Exit code 0 when nothing was reported, 1 when anything was reported (error, warning or info:
 * the camunda-compat configs report a missing historyTimeToLive as "info", and the engine refuses
 * such a process), when a file does not parse, or when the folder holds no .bpmn file.
 *
 * Rules and configs ("bpmnlint:recommended", "plugin:camunda-compat/...") are resolved from
 * src/lint/node_modules, whatever the current directory is.
 */

const fs = require('node:fs');
const path = require('node:path');
const { createRequire } = require('node:module');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const DEFAULT_FOLDER = path.join(REPO_ROOT, 'bpmn');
const DEFAULT_CONFIG = path.join(REPO_ROOT, 'bpmn', '.bpmnlintrc');

// A require anchored in src/lint, so that plugins are found in src/lint/node_modules and not
// relative to the current directory (bpmnlint's default).
const lintRequire = createRequire(__filename);

function fail(message) {
  console.error(`lint-bpmn: ${message}`);
  process.exit(1);
}

function loadTooling() {
  try {
    const { Linter } = lintRequire('bpmnlint');
    const NodeResolver = lintRequire('bpmnlint/lib/resolver/node-resolver');

    // bpmn-moddle is bpmnlint's own dependency: resolve it from there.
    const { BpmnModdle } = createRequire(lintRequire.resolve('bpmnlint'))('bpmn-moddle');

    return { Linter, NodeResolver, BpmnModdle };
  } catch (error) {
    return fail(`cannot load bpmnlint from ${__dirname}/node_modules (${error.message}).\n`
      + `Install it first: npm ci --prefix ${path.relative(process.cwd(), __dirname) || '.'}`);
  }
}

function parseArgs(argv) {
  const args = { folder: null, config: null };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];

    if (arg === '--config' || arg === '-c') {
      if (i + 1 >= argv.length) {
        fail(`${arg} needs a file`);
      }
      args.config = argv[++i];
    } else if (arg.startsWith('--config=')) {
      args.config = arg.slice('--config='.length);
    } else if (arg === '--help' || arg === '-h') {
      console.log('Usage: node src/lint/lint-bpmn.js [folder] [--config <.bpmnlintrc>]');
      process.exit(0);
    } else if (arg.startsWith('-')) {
      fail(`unknown option ${arg}`);
    } else if (args.folder === null) {
      args.folder = arg;
    } else {
      fail(`only one folder may be given (got ${args.folder} and ${arg})`);
    }
  }

  return {
    folder: args.folder === null ? DEFAULT_FOLDER : path.resolve(args.folder),
    config: args.config === null ? DEFAULT_CONFIG : path.resolve(args.config)
  };
}

function findBpmnFiles(folder) {
  const found = [];

  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const file = path.join(folder, entry.name);

    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && entry.name !== 'node_modules') {
        found.push(...findBpmnFiles(file));
      }
    } else if (entry.isFile() && entry.name.toLowerCase().endsWith('.bpmn')) {
      found.push(file);
    }
  }

  return found.sort();
}

function readConfig(configPath) {
  let text;

  try {
    text = fs.readFileSync(configPath, 'utf8');
  } catch (error) {
    return fail(`cannot read the lint configuration ${configPath} (${error.message})`);
  }

  try {
    return JSON.parse(text);
  } catch (error) {
    return fail(`${configPath} is not valid JSON (${error.message})`);
  }
}

function formatId(report) {
  const id = report.id || '(file)';

  return report.path && report.path.length ? `${id}#${report.path.join('.')}` : id;
}

async function lintFile(file, { Linter, NodeResolver, BpmnModdle, config }) {
  const xml = fs.readFileSync(file, 'utf8');
  const reports = [];

  // A new moddle and linter for each file: some rules (e.g. no-duplicate-sequence-flows) keep
  // state in their instance, which the bpmnlint CLI also never reuses across files.
  const moddle = new BpmnModdle();
  const linter = new Linter({ config, resolver: new NodeResolver({ require: lintRequire }) });

  let rootElement;
  let warnings = [];

  try {
    ({ rootElement, warnings = [] } = await moddle.fromXML(xml, 'bpmn:Definitions'));
  } catch (error) {
    reports.push({ id: null, rule: 'parse', message: `cannot parse: ${error.message.split('\n')[0]}`, category: 'error' });

    return reports;
  }

  // Like the bpmnlint CLI: what the moddle could not import (unknown references, bad
  // attributes...) is an error.
  for (const warning of warnings) {
    const id = warning.element && warning.element.id;
    reports.push({ id, rule: 'import', message: warning.message.split('\n')[0], category: 'error' });
  }

  const results = await linter.lint(rootElement);

  for (const [ rule, ruleReports ] of Object.entries(results)) {
    for (const report of ruleReports) {
      reports.push({
        id: report.id,
        path: report.path,
        rule: report.name || rule,
        message: report.message,
        category: report.category
      });
    }
  }

  return reports;
}

async function main() {
  const { folder, config: configPath } = parseArgs(process.argv.slice(2));

  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    fail(`${folder} is not a folder`);
  }

  const files = findBpmnFiles(folder);

  if (files.length === 0) {
    fail(`no .bpmn file in ${folder}: nothing to lint`);
  }

  const { Linter, NodeResolver, BpmnModdle } = loadTooling();

  const config = readConfig(configPath);

  const counts = { error: 0, warn: 0, info: 0 };

  for (const file of files) {
    const shown = path.relative(process.cwd(), file) || file;

    let reports;

    try {
      reports = await lintFile(file, { Linter, NodeResolver, BpmnModdle, config });
    } catch (error) {

      // A rule or config that cannot be resolved, or a rule that crashed.
      fail(`${shown}: ${error.message}`);
    }

    for (const report of reports) {
      const category = report.category in counts ? report.category : 'error';
      counts[category]++;
      console.log(`${shown}: ${formatId(report)} ${report.rule} ${report.message} (${category})`);
    }
  }

  const total = counts.error + counts.warn + counts.info;
  const summary = `${files.length} BPMN file(s) linted with ${path.relative(process.cwd(), configPath) || configPath}: `
    + `${counts.error} error(s), ${counts.warn} warning(s), ${counts.info} info(s)`;

  if (total > 0) {
    console.log(`\n✖ ${summary}`);
    process.exit(1);
  }

  console.log(`✔ ${summary}`);
}

main().catch(error => fail(error && error.stack || String(error)));
