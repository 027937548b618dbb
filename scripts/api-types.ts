/** Writes the typed client's types (test/integration/server/typedClient/api.d.ts) from the server's OpenAPI document. */
import { writeFileSync } from 'node:fs';
import { API_TYPES_FILE, apiTypesText, openApiDocument } from '../test/support/apiTypes.js';

writeFileSync(API_TYPES_FILE, await apiTypesText(await openApiDocument()));
process.stdout.write(`wrote ${API_TYPES_FILE.pathname}\n`);
