/** Models in the loop (issue 13): endpoints, the one client, budgets. */
export * from './endpoints.js';
export {
  ModelCallError,
  ModelGateway,
  modelGateway,
  setModelGateway,
  type ChatRequest,
  type GatewayOptions,
  type ChatResult,
} from './client.js';
export { DEFAULT_RETRY, type RetryPolicy } from './retry.js';
