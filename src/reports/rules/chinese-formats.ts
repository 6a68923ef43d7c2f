/** How printed reports write dates and amounts the Chinese way (公文 dates, 大写金额). */

/** 2026-12-02 → 2026年12月2日 (公文 style: no leading zeros). */
export function chineseDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!m) return isoDate;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const SMALL_UNITS = ['', '拾', '佰', '仟'];
const BIG_UNITS = ['', '万', '亿', '万亿'];

/** One group of four digits (0–9999) in capitals, without the group's big unit. */
function group(n: number): string {
  let out = '';
  let zero = false;
  for (let i = 3; i >= 0; i--) {
    const d = Math.floor(n / 10 ** i) % 10;
    if (d === 0) {
      if (out) zero = true;
    } else {
      if (zero) out += '零';
      zero = false;
      out += DIGITS[d] + SMALL_UNITS[i];
    }
  }
  return out;
}

/**
 * An amount in yuan written in Chinese capitals as on a payment voucher (大写金额): 3500 → 人民币叁仟伍佰元整,
 * 1002.5 → 人民币壹仟零贰元伍角, 10.07 → 人民币壹拾元零柒分, 0 → 人民币零元整. Rounded to the fen; negative amounts are
 * written with 负.
 */
export function rmbUppercase(amount: number): string {
  if (!Number.isFinite(amount)) throw new RangeError(`not an amount: ${amount}`);
  const fen = Math.round(Math.abs(amount) * 100);
  const sign = amount < 0 && fen > 0 ? '负' : '';
  const yuanPart = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const fenPart = fen % 10;
  let integer = '';
  if (yuanPart > 0) {
    const groups: number[] = [];
    for (let n = yuanPart; n > 0; n = Math.floor(n / 10000)) groups.push(n % 10000);
    let needZero = false;
    for (let i = groups.length - 1; i >= 0; i--) {
      const g = groups[i];
      if (g === 0) {
        needZero = integer !== '';
        continue;
      }
      if (integer && (needZero || g < 1000)) integer += '零';
      integer += group(g) + BIG_UNITS[i];
      needZero = false;
    }
    integer += '元';
  }
  let decimals = '';
  if (jiao === 0 && fenPart === 0) decimals = '整';
  else {
    if (jiao > 0) decimals += `${DIGITS[jiao]}角`;
    else if (yuanPart > 0) decimals += '零';
    if (fenPart > 0) decimals += `${DIGITS[fenPart]}分`;
  }
  if (!integer && decimals === '整') return `人民币零元整`;
  return `人民币${sign}${integer}${decimals}`;
}
