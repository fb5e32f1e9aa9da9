#!/usr/bin/env node
// Validates every Camunda Modeler element template (*.json) of a folder against the element-templates JSON schema,
// as the Modeler does. Usage: node src/lint/validate-templates.js bpmn/.camunda/element-templates
'use strict';

const fs = require('fs');
const path = require('path');
const { validate, getSchemaVersion } = require('@bpmn-io/element-templates-validator');

const folder = path.resolve(process.argv[2] || path.join(__dirname, '..', '..', 'bpmn', '.camunda', 'element-templates'));
if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
  console.error(`✖ No element-templates folder at ${folder}`);
  process.exit(1);
}
const files = fs.readdirSync(folder).filter((f) => f.endsWith('.json')).sort();
if (files.length === 0) {
  console.error(`✖ No element template (*.json) in ${folder}`);
  process.exit(1);
}

let problems = 0;
const ids = new Map();
for (const file of files) {
  const text = fs.readFileSync(path.join(folder, file), 'utf8');
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    console.error(`${file}: not JSON: ${e.message}`);
    problems++;
    continue;
  }
  for (const template of Array.isArray(parsed) ? parsed : [parsed]) {
    const { valid, errors } = validate(template);
    if (!valid) {
      for (const error of errors) {
        console.error(`${file}: ${template.id || '(no id)'} ${error.dataPath || '/'} ${error.message}`);
        problems++;
      }
    }
    const key = `${template.id}@${template.version}`;
    if (ids.has(key)) {
      console.error(`${file}: ${key} is also defined in ${ids.get(key)}`);
      problems++;
    }
    ids.set(key, file);
  }
}
const summary = `${files.length} element template file(s) checked against schema ${getSchemaVersion()}: ${problems} problem(s)`;
if (problems > 0) {
  console.error(`✖ ${summary}`);
  process.exit(1);
}
console.log(`✔ ${summary}`);
