export { measureProjectEconomics, type MeasuredProjectEconomics } from './measureProjectEconomics.js';
