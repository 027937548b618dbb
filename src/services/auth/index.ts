export { hashPassword, verifyPassword } from './passwords.js';
export { signIn, signOut, userForSession, userForApiToken, Credentials, SESSION_TTL_MS, type SignedIn } from './sessions.js';
export { createApiToken, listApiTokens, revokeApiToken, TokenInput } from './tokens.js';
