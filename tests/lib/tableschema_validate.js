// tableschema_validate.js SCHEMA.json DATA.csv — validates a CSV against its
// Table Schema with Frictionless' tableschema-js (tests/hub/package.json):
// the schema itself against the Table Schema profile (strict), then every
// row: header names, types, constraints, missing values, primary key
// uniqueness. Prints "valid N rows", or the errors, one a line.
// Exit 0 valid, 1 invalid, 3 the validator is not installed (the test skips).
'use strict';
const path = require('path');
let ts;
try {
  ts = require(path.join(__dirname, '..', 'hub', 'node_modules', 'tableschema'));
} catch (e) {
  console.log('tableschema is not installed: ' + e.message);
  process.exit(3);
}
(async () => {
  const schema = await ts.Schema.load(process.argv[2], { strict: true });
  const table = await ts.Table.load(process.argv[3], { schema });
  const rows = await table.read();
  const want = schema.fieldNames, got = table.headers || [];
  if (JSON.stringify(want) !== JSON.stringify(got))
    throw new Error('header ' + JSON.stringify(got) + ' is not the schema\'s ' + JSON.stringify(want));
  console.log('valid ' + rows.length + ' rows');
})().catch((e) => {
  console.log('invalid: ' + e.message);
  for (const x of e.errors || []) console.log('  ' + x.message);
  process.exit(1);
});
