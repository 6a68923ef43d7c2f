/** Why a robot's webhook address is refused (null: fine): it must be a complete http(s) URL with a host. */
export function robotUrlProblem(url: string | null | undefined): string | null {
  const u = (url ?? '').trim();
  if (!u) return '请填写机器人地址 / url is required';
  if (!URL.canParse(u)) return '机器人地址须为 http(s) 网址 / url must be an http(s) URL';
  const parsed = new URL(u);
  if (!['http:', 'https:'].includes(parsed.protocol) || !parsed.hostname)
    return '机器人地址须为 http(s) 网址 / url must be an http(s) URL';
  return null;
}
