/**
 * class-validator's English default messages ("reason must be longer than or equal to 2 characters") said in
 * Chinese: the one table for the API (`bilingualMessage`: "中文 / English", the field's path as its name) and the
 * pages (`chineseMessage` with a form's Chinese labels). The messages a DTO writes itself are Chinese already.
 */

const HAN = /[\u4e00-\u9fff]/;

/** Whether a message holds Chinese: a DTO's own message, or one said already. */
export const hasChinese = (s: string): boolean => HAN.test(s);

/** The Chinese half of a bilingual "中文 / English" message. */
export const chinesePart = (message: string): string => {
  const i = message.indexOf(' / ');
  return i > 0 && hasChinese(message.slice(0, i)) ? message.slice(0, i) : message;
};

/** `isString` failed on a value that was given (a number, an object): the field was filled in, with the wrong kind. */
export const NOT_TEXT = 'isString:given';
/** `isInt` failed on a record's id left out (a select not picked): it is chosen, not typed. */
export const NOT_CHOSEN = 'isInt:notChosen';
/** `isInt` failed on a number left out: it is asked for, not "must be an integer". */
export const NOT_GIVEN = 'isInt:notGiven';

/**
 * What a failed class-validator check (`constraint`, e.g. `isLength`, with its English `message`) means, in Chinese,
 * naming the field by `label`. A message that holds Chinese (a DTO's own) keeps its Chinese half, the field's name
 * in front of its 须 ("dueTime 须为 HH:MM") replaced by the label. An unknown constraint says the field is wrong.
 */
export function chineseMessage(constraint: string, message: string, label: string): string {
  if (hasChinese(message)) return chinesePart(message).replace(/^[a-zA-Z.]+ (?=须)/, label);
  const num = (re: RegExp) => re.exec(message)?.[1];
  switch (constraint) {
    case 'isLength':
    case 'length':
    case 'minLength':
    case 'maxLength': {
      const max = num(/shorter than or equal to (\d+)/);
      const min = num(/longer than or equal to (\d+)/);
      if (max) return `${label}不能超过 ${max} 个字`;
      if (min && min !== '1') return `${label}至少 ${min} 个字`;
      return `请填写${label}`;
    }
    case 'isNotEmpty':
    case 'isString':
    case 'isDefined':
      return `请填写${label}`;
    case NOT_TEXT:
      return `${label}须为文字`;
    case NOT_CHOSEN:
      return `请选择${label}`;
    case NOT_GIVEN:
      return `请填写${label}`;
    case 'isInt':
    case 'isNumber':
      return `${label}须为整数`;
    case 'isPositive':
    case 'min':
      return `${label}不能小于 ${num(/less than (-?\d+)/) ?? '允许的最小值'}`;
    case 'max':
      return `${label}不能大于 ${num(/greater than (-?\d+)/) ?? '允许的最大值'}`;
    case 'isEnum':
    case 'isIn':
      return `请选择${label}`;
    case 'isBoolean':
      return `请选择${label}`;
    case 'arrayMaxSize':
      return `${label}最多 ${num(/no more than (\d+)/) ?? ''} 项`;
    case 'arrayMinSize':
    case 'arrayNotEmpty':
      return `请至少填写一项${label}`;
    case 'arrayUnique':
      return `${label}有重复项`;
    case 'whitelistValidation':
      return `${label}为未知字段`;
    default:
      return `${label}填写有误`;
  }
}

/** A space where Chinese meets a Latin letter or digit: "请填写 reason", "items.0.text 不能超过 200 个字". */
const spaced = (s: string) =>
  s.replace(/([\u4e00-\u9fff])(?=[A-Za-z0-9])/g, '$1 ').replace(/([A-Za-z0-9])(?=[\u4e00-\u9fff])/g, '$1 ');

/**
 * The API's message for a failed check of the field at `field` (its dotted path, e.g. `items.0.text`):
 * "中文 / English", class-validator's English default kept whole as the second half (clients may match on it).
 * A message that holds Chinese (a DTO's own, bilingual already) is returned as it is.
 */
export function bilingualMessage(constraint: string, message: string, field: string): string {
  if (hasChinese(message)) return message;
  return `${spaced(chineseMessage(constraint, message, field))} / ${message}`;
}
