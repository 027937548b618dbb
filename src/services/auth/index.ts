export { hashPassword, verifyPassword } from './passwords.js';
export { signIn, signOut, userForSession, userForApiToken, SESSION_TTL_MS, type SignedIn } from './sessions.js';
export { createApiToken, listApiTokens, revokeApiToken } from './tokens.js';
