/**
 * `tutorloop sso show|set`: the OpenID Connect configuration from the operator's shell (audited without
 * an actor). `set` changes only the options given, and is the way back on when password sign-in was
 * switched off and SSO fails. The client secret is read from TUTORLOOP_OIDC_CLIENT_SECRET, never a flag
 * (flags show in `ps`).
 */
import type { Command } from 'commander';
import { UserInputError } from '../../domain/errors.js';
import { getSsoConfig, setSsoConfig } from '../../services/sso/config.js';
import { DB_OPTION, defined, list, print, withContext } from '../io/commandKit.js';

const onOff = (flag: string) => (v: string) => {
  if (v !== 'on' && v !== 'off') throw new UserInputError(`${flag} takes on or off, not "${v}"`, { field: flag });
  return v === 'on';
};

interface SetOptions {
  enabled?: boolean;
  issuer?: string;
  clientId?: string;
  allowedDomains?: string[];
  createUsers?: boolean;
  passwordSignIn?: boolean;
  db?: string;
  json?: boolean;
}

export function registerSso(program: Command): void {
  const sso = program.command('sso').description('single sign-on with OpenID Connect');

  sso
    .command('show')
    .description('the configuration (never the client secret)')
    .option(...DB_OPTION)
    .action(async (o: { db?: string }) => {
      const config = await withContext(o.db, getSsoConfig);
      print(true, { config }, '');
    });

  sso
    .command('set')
    .description('change the configuration (client secret from TUTORLOOP_OIDC_CLIENT_SECRET when set)')
    .option('--enabled <on|off>', 'single sign-on on or off', onOff('--enabled'))
    .option('--issuer <url>', "the provider's issuer URL")
    .option('--client-id <id>', 'the client id registered at the provider')
    .option('--allowed-domains <list>', 'comma-separated email domains allowed to sign in', list)
    .option('--create-users <on|off>', 'create users on their first sign-in', onOff('--create-users'))
    .option('--password-sign-in <on|off>', 'keep email and password sign-in', onOff('--password-sign-in'))
    .option(...DB_OPTION)
    .option('--json', 'print the result as JSON')
    .action(async (o: SetOptions) => {
      const config = await withContext(o.db, async (ctx) => {
        const current = await getSsoConfig(ctx);
        const given = defined({
          enabled: o.enabled,
          issuer: o.issuer,
          clientId: o.clientId,
          allowedEmailDomains: o.allowedDomains,
          createUsers: o.createUsers,
          passwordSignIn: o.passwordSignIn,
        });
        const { hasClientSecret: _h, updatedAt: _u, ...base } = current ?? { hasClientSecret: false, updatedAt: '', enabled: false };
        const secret = process.env.TUTORLOOP_OIDC_CLIENT_SECRET;
        return setSsoConfig(ctx, null, { ...base, ...given, ...(secret ? { clientSecret: secret } : {}) });
      });
      print(
        o.json,
        { config },
        `single sign-on is ${config.enabled ? 'on' : 'off'} (${config.issuer}); password sign-in ${config.passwordSignIn ? 'on' : 'off'}`,
      );
    });
}
