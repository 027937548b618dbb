/**
 * The use cases the server and CLI call (projects, tasks, work, export, certifications). Request and
 * response shapes are in src/domain/api/, one file per resource.
 */
export { createProject } from './projects/createProject.js';
export { updateProject } from './projects/updateProject.js';
export { getProject, getProjectByName, listProjects, listProjectsForTutor, projectStats, statsOfAllProjects } from './projects/queries.js';
export { projectView, tutorProjectView, type ProjectView } from './projects/view.js';
export { listProjectsForCaller, projectForCaller, type ProjectListEntry } from './projects/projectsForCaller.js';
export { importTasks, type ImportOptions, type ImportResult } from './imports/importTasks.js';
export { listTasks, type ManagerTaskView } from './tasks/listTasks.js';
export { nextAssignment, type NextAssignment } from './work/nextAssignment.js';
export { submitAnnotation } from './work/submitAnnotation.js';
export { submitAndNext, type SubmitAndNext } from './work/submitAndNext.js';
export { skipAssignment } from './work/skipAssignment.js';
export type { TutorTask } from './work/tutorTask.js';
export type { AfterReply } from './work/submitAnnotation.js';
export { tutorTaskId } from './work/tutorTaskId.js';
export { exportProject } from './export/exportProject.js';
export { grantCertification } from './certifications/grantCertification.js';
export { revokeCertification } from './certifications/revokeCertification.js';
export { listCertifications } from './certifications/listCertifications.js';
export type { CertificationView } from './certifications/view.js';
export { projectQuality, projectEconomicsView } from './dashboards/index.js';
export { heavyRead } from './offload/heavyReads.js';
export { flagTask } from './reviews/flagTask.js';
export { listReviewQueue } from './reviews/listReviewQueue.js';
export { decideReview } from './reviews/decideReview.js';
export { tutorFeedback } from './reviews/tutorFeedback.js';
export { reviewSummary } from './reviews/reviewSummary.js';
export { createExam } from './exams/createExam.js';
export { updateExam } from './exams/updateExam.js';
export { listExams } from './exams/listExams.js';
export { startAttempt } from './exams/startAttempt.js';
export { submitAttempt } from './exams/submitAttempt.js';
export { practiceProgress } from './practice/practiceProgress.js';
export { nextPractice } from './practice/nextPractice.js';
export { answerPractice } from './practice/answerPractice.js';
export { recordLiveGold } from './gold/recordLiveGold.js';
export { certificationEvents } from './gold/certificationEvents.js';
export { myQuality } from './me/myQuality.js';
export { myProgress, mySubmissions } from './me/myWork.js';
export { myNotifications, markMyNotificationsRead } from './me/notifications.js';
export { recomputeProjectConsensus, refreshConsensusIfStale } from './consensus/recomputeProjectConsensus.js';
export { listConsensus } from './consensus/listConsensus.js';
export { listReliability } from './reliability/listReliability.js';
export { checkDatabaseReady } from './maintenance/readiness.js';
