import { ConfigError, loadConfig } from './config';

describe('platform › config', () => {
  it('uses the documented defaults and warns about the development JWT secret', () => {
    const warnings: string[] = [];
    const config = loadConfig({}, (message) => warnings.push(message));
    expect(config).toMatchObject({
      ORDER_EXPIRATION_SECONDS: 900,
      STRIPE_WEBHOOK_SECRET: 'whsec_local',
      GOOGLE_CLOUD_PROJECT: 'demo-tickethub',
      ADMIN_EMAILS: [],
    });
    expect(config.JWT_SECRET.length).toBeGreaterThanOrEqual(16);
    expect(warnings).toEqual([expect.stringContaining('JWT_SECRET')]);
  });

  it('refuses to start in production without JWT_SECRET', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required/);
  });

  it('names every bad variable at once', () => {
    expect(() => loadConfig({ ORDER_EXPIRATION_SECONDS: 'soon', STRIPE_SECRET_KEY: 'oops' })).toThrow(
      /ORDER_EXPIRATION_SECONDS[\s\S]*STRIPE_SECRET_KEY|STRIPE_SECRET_KEY[\s\S]*ORDER_EXPIRATION_SECONDS/,
    );
  });

  it('parses ADMIN_EMAILS as a trimmed, lower-cased list', () => {
    expect(loadConfig({ ADMIN_EMAILS: ' A@x.com, b@Y.com ,' }, () => undefined).ADMIN_EMAILS).toEqual(['a@x.com', 'b@y.com']);
  });
});
