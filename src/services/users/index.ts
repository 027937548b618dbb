/**
 * People: creating, changing and listing users, one use case a file. Every change by an admin is
 * audited in the same transaction; `createUser` with a null actor is the bootstrap path.
 */
export { createUser } from './createUser.js';
export { updateUser, UserPatch } from './updateUser.js';
export { getUser } from './getUser.js';
export { activeCertifications } from './activeCertifications.js';
export { listUsers, type UserListEntry } from './listUsers.js';
export { actorOf, userView, type CertificationView, type UserRecord, type UserView } from './userView.js';
export { resetPassword } from './resetPassword.js';
