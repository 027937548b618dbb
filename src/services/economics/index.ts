export { projectReportData, type ProjectReportData } from './projectReport.js';
