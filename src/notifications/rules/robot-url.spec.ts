import { robotUrlProblem } from './robot-url';

describe('a robot’s webhook address', () => {
  it('takes WeCom and DingTalk addresses', () => {
    expect(robotUrlProblem('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc')).toBeNull();
    expect(robotUrlProblem('https://oapi.dingtalk.com/robot/send?access_token=x')).toBeNull();
  });
  it('refuses what is not an http(s) URL', () => {
    expect(robotUrlProblem('qyapi.weixin.qq.com/send')).toMatch(/http\(s\)/);
    expect(robotUrlProblem('ftp://example.com/x')).toMatch(/http\(s\)/);
    expect(robotUrlProblem('  ')).toMatch(/请填写/);
  });
});
