import { loadBridgeConfig } from '../bridge/config';
import { loadDomainConfig } from '../functions';
import { ordersEnv } from '../orders/config';
import { ConfigError } from './config';
import { loadFunctionConfig } from './function-config';

const quiet = () => undefined;

describe('platform › config', () => {
  it('uses the documented defaults and warns about the development JWT secret', () => {
    const warnings: string[] = [];
    const config = loadFunctionConfig(ordersEnv, {}, (message) => warnings.push(message));
    expect(config).toMatchObject({ ORDER_EXPIRATION_SECONDS: 900, GOOGLE_CLOUD_PROJECT: 'demo-tickethub', NATS_URL: ['nats://127.0.0.1:4222'] });
    expect(config.JWT_SECRET.length).toBeGreaterThanOrEqual(16);
    expect(warnings).toEqual([expect.stringContaining('JWT_SECRET')]);
  });

  it('refuses to start a function in production without JWT_SECRET', () => {
    expect(() => loadDomainConfig('tickets', { NODE_ENV: 'production' }, quiet)).toThrow(ConfigError);
    expect(() => loadDomainConfig('tickets', { NODE_ENV: 'production' }, quiet)).toThrow(/JWT_SECRET: required when NODE_ENV=production/);
  });

  it('names every bad variable at once, the common ones and the domain’s own', () => {
    let message = '';
    try {
      loadDomainConfig('payments', { NODE_ENV: 'production', NATS_STREAM_REPLICAS: 'many', STRIPE_SECRET_KEY: 'oops' }, quiet);
    } catch (error) {
      message = String(error);
    }
    for (const name of ['NATS_STREAM_REPLICAS', 'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'JWT_SECRET', 'INTERNAL_CALLERS', 'NATS_PASSWORD']) {
      expect(message).toContain(name);
    }
  });

  it('parses a domain’s own variables only for that domain', () => {
    expect(loadDomainConfig('orders', { ORDER_EXPIRATION_SECONDS: '60' }, quiet)).toMatchObject({ ORDER_EXPIRATION_SECONDS: 60 });
    expect(loadDomainConfig('tickets', { ORDER_EXPIRATION_SECONDS: 'soon' }, quiet)).not.toHaveProperty('ORDER_EXPIRATION_SECONDS');
    expect(() => loadDomainConfig('orders', { ORDER_EXPIRATION_SECONDS: 'soon' }, quiet)).toThrow(/ORDER_EXPIRATION_SECONDS/);
  });

  it('parses ADMIN_EMAILS as a trimmed, lower-cased list', () => {
    expect(loadDomainConfig('auth', { ADMIN_EMAILS: ' A@x.com, b@Y.com ,' }, quiet)).toMatchObject({ ADMIN_EMAILS: ['a@x.com', 'b@y.com'] });
  });

  it('hands NATS_URL over as the list of the cluster’s servers', () => {
    const config = loadDomainConfig('tickets', { NATS_URL: 'tls://10.0.0.2:4222, tls://10.0.0.3:4222,tls://10.0.0.4:4222' }, quiet);
    expect(config.NATS_URL).toEqual(['tls://10.0.0.2:4222', 'tls://10.0.0.3:4222', 'tls://10.0.0.4:4222']);
    expect(() => loadDomainConfig('tickets', { NATS_URL: 'http://x:1' }, quiet)).toThrow(/NATS_URL/);
  });

  it('starts the bridge without the functions’ JWT_SECRET and INTERNAL_CALLERS, but with its own requirements', () => {
    const production = {
      NODE_ENV: 'production',
      GOOGLE_CLOUD_PROJECT: 'p',
      NATS_URL: 'tls://10.0.0.2:4222',
      NATS_USER: 'bridge',
      NATS_PASSWORD: 'placeholder-password',
      NATS_TLS_CA: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----',
      BRIDGE_TARGETS: JSON.stringify({ orders: 'https://orders.example' }),
    };
    expect(loadBridgeConfig(production)).toMatchObject({ production: true, NATS_USER: 'bridge', BRIDGE_TARGETS: { orders: 'https://orders.example' } });
    const { BRIDGE_TARGETS: _targets, NATS_PASSWORD: _password, ...without } = production;
    expect(() => loadBridgeConfig(without)).toThrow(
      /BRIDGE_TARGETS: required[\s\S]*NATS_PASSWORD: required|NATS_PASSWORD: required[\s\S]*BRIDGE_TARGETS: required/,
    );
  });
});
