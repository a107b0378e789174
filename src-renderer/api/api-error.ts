// A failed request as the renderer sees it: the contract's error code and message, and the failing fields.
import type { AppErrorShape } from '../../src-shared/contract/index.ts';

export class ApiError extends Error {
  readonly code: AppErrorShape['code'];
  readonly issues: AppErrorShape['issues'];
  constructor(shape: AppErrorShape) {
    super(shape.message);
    this.code = shape.code;
    this.issues = shape.issues;
  }
}
