import { conflict } from '../errors/domain-error';

/** Optimistic concurrency: an edit based on an older version loses, with the current version in the answer. */
export function assertVersion(record: { version: number }, version: number): void {
  if (record.version !== version) {
    throw conflict(
      'VERSION_CONFLICT',
      `记录已被他人修改（当前版本 ${record.version}，你提交的是 ${version}），请刷新后重试 / The record changed since you read it`,
      {
        currentVersion: record.version,
        yourVersion: version,
      },
    );
  }
}
