import { createHmac } from 'node:crypto';
import { signBody, SIGNATURE_TOLERANCE_SECONDS, verifySignature } from './signature';

const SECRET = 'a-secret-of-some-length';
const BODY = '{"type":"ticket.updated"}';
const NOW = 1_800_000_000;

describe('the revalidation signature', () => {
  test('a body signed with the secret verifies, as the bridge signs it (HMAC-SHA256 of "t.body")', () => {
    const bridgeSigned = `t=${NOW},v1=${createHmac('sha256', SECRET).update(`${NOW}.${BODY}`).digest('hex')}`;
    expect(signBody(BODY, SECRET, NOW)).toBe(bridgeSigned);
    expect(verifySignature(BODY, bridgeSigned, SECRET, NOW)).toBe(true);
  });

  test('another secret, a changed body, a missing header or a malformed one fail', () => {
    const header = signBody(BODY, SECRET, NOW);
    expect(verifySignature(BODY, signBody(BODY, 'another-secret-entirely', NOW), SECRET, NOW)).toBe(false);
    expect(verifySignature(`${BODY} `, header, SECRET, NOW)).toBe(false);
    expect(verifySignature(BODY, null, SECRET, NOW)).toBe(false);
    expect(verifySignature(BODY, 'v1=abc', SECRET, NOW)).toBe(false);
    expect(verifySignature(BODY, header.replace(/v1=.{2}/, 'v1=zz'), SECRET, NOW)).toBe(false);
    expect(verifySignature(BODY, header, '', NOW)).toBe(false);
  });

  test('a delivery older (or newer) than the tolerance is refused: a captured one cannot be replayed later', () => {
    const header = signBody(BODY, SECRET, NOW);
    expect(verifySignature(BODY, header, SECRET, NOW + SIGNATURE_TOLERANCE_SECONDS)).toBe(true);
    expect(verifySignature(BODY, header, SECRET, NOW + SIGNATURE_TOLERANCE_SECONDS + 1)).toBe(false);
    expect(verifySignature(BODY, header, SECRET, NOW - SIGNATURE_TOLERANCE_SECONDS - 1)).toBe(false);
  });
});
