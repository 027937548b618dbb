/**
 * TEST INFRASTRUCTURE ONLY: a process that makes one model call through the model worker
 * (sdkThread.ts) and prints the reply's text, then returns without stopping anything, so its exit
 * shows that the worker held the process open for the call and let it go once idle.
 *
 * Usage: node --import tsx oneCallProcess.ts BASE_URL API_KEY
 */
import { SdkThread } from '../../../src/services/models/sdkThread.js';

const [baseUrl, apiKey] = process.argv.slice(2);
const reply = await new SdkThread().call(
  { lane: 1, baseUrl, timeoutMs: 10_000, apiKey },
  {
    model: 'one-call',
    messages: [{ role: 'user', content: 'hi' }],
  },
);
process.stdout.write(`${reply.text}\n`);
