import { createHmac } from 'node:crypto';
import { dingTalkSign } from './channel-senders';

describe('DingTalk signing (加签)', () => {
  it('is base64(HMAC-SHA256(secret, "timestamp\\nsecret"))', () => {
    const secret = 'SECabc';
    const expected = createHmac('sha256', secret).update(`1700000000000\n${secret}`).digest('base64');
    expect(dingTalkSign(secret, 1700000000000)).toBe(expected);
    expect(dingTalkSign(secret, 1700000000001)).not.toBe(expected);
  });
});
