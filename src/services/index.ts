/** The use cases the server and CLI call (projects, tasks, work, export, certifications). */
export { createProject } from './projects/createProject.js';
export { updateProject, ProjectPatch } from './projects/updateProject.js';
export { getProject, getProjectByName, listProjects, listProjectsForTutor, projectStats, type ProjectStats } from './projects/queries.js';
export { projectView, tutorProjectView, type ProjectView } from './projects/view.js';
export { importTasks, type ImportOptions, type ImportResult } from './tasks/importTasks.js';
export { listTasks, type ManagerTaskView } from './tasks/listTasks.js';
export { nextAssignment, type NextAssignment } from './work/nextAssignment.js';
export { submitAnnotation, SubmitBody } from './work/submitAnnotation.js';
export { skipAssignment } from './work/skipAssignment.js';
export type { TutorTask } from './work/tutorTask.js';
export { exportProject, EXPORT_FORMATS, type ExportFormat } from './export/exportProject.js';
export { grantCertification } from './certifications/grantCertification.js';
export { revokeCertification } from './certifications/revokeCertification.js';
export { listCertifications } from './certifications/listCertifications.js';
export type { CertificationView } from './certifications/view.js';
export { projectQuality, projectEconomicsView, type ProjectQuality, type ProjectEconomicsView } from './dashboards/index.js';
