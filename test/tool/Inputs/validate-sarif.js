#!/usr/bin/env node
// Validates SARIF files the way the project-mode tests need it:
//  1. ajv checks each file against the SARIF 2.1.0 JSON schema that the
//     SARIF multitool's npm package ships (sarif-2.1.0.json);
//  2. the SARIF multitool's `validate` verb checks it again and applies the
//     SARIF rules; any error it reports fails the file.
// The packages are installed by scripts/install-deps.sh into build/npm-tools
// (or the directory in UNBLOCK_NPM_TOOLS).
// usage: validate-sarif.js NPM_TOOLS_DIR FILE...
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const [toolsDir, ...files] = process.argv.slice(2);
const modules = path.join(toolsDir, 'node_modules');
function need(name) {
  try {
    return require(path.join(modules, name));
  } catch (e) {
    console.error(`validate-sarif: ${name} is not installed in ${modules}; ` +
                  'run scripts/install-deps.sh');
    process.exit(2);
  }
}
const Ajv2020 = need('ajv/dist/2020').default;
const addFormats = need('ajv-formats').default;
const multitoolDir = path.join(modules, '@microsoft', 'sarif-multitool-linux');
const schema = JSON.parse(
    fs.readFileSync(path.join(multitoolDir, 'sarif-2.1.0.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

let failed = false;
for (const file of files) {
  const log = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!validate(log)) {
    failed = true;
    for (const e of validate.errors)
      console.log(`${file}: schema: ${e.instancePath || '/'} ${e.message}`);
  } else {
    console.log(`${file}: valid against the SARIF 2.1.0 schema`);
  }

  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sarif-')),
                        'validation.sarif');
  const exe = path.join(multitoolDir, 'Sarif.Multitool');
  const r = spawnSync(exe, ['validate', file, '--output', out, '--log',
                            'ForceOverwrite'],
                      { encoding: 'utf8',
                        env: Object.assign({}, process.env, {
                          DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' }) });
  if (r.status !== 0 || !fs.existsSync(out)) {
    failed = true;
    console.log(`${file}: the SARIF multitool failed (status ${r.status}):\n` +
                `${r.stdout}${r.stderr}`);
    continue;
  }
  const results = JSON.parse(fs.readFileSync(out, 'utf8')).runs[0].results || [];
  const errors = results.filter(x => x.level === 'error');
  for (const e of errors) {
    failed = true;
    console.log(`${file}: multitool: ${e.ruleId}: ` +
                `${(e.message.arguments || []).join(' | ')}`);
  }
  if (!errors.length)
    console.log(`${file}: the SARIF multitool reports no errors` +
                ` (${results.length} notes and warnings)`);
}
process.exit(failed ? 1 : 0);
