import type { FieldError } from '@amage/contracts';
import { AppError } from '../../lib/errors.js';

/** Collects business-rule refusals so the widget can show all of them at their fields at once. */
export class FieldErrors {
  private readonly list: Array<FieldError & { code: string }> = [];

  add(code: string, pointer: string, message: string) {
    this.list.push({ code, pointer, message, keyword: code });
  }

  /** The findings of a shared rule of `@amage/contracts/rules` (their `keyword` is the code). */
  addAll(findings: readonly (FieldError & { keyword: string })[]) {
    for (const f of findings) this.add(f.keyword, f.pointer, f.message);
  }

  get size() {
    return this.list.length;
  }

  /** 422 with the first refusal's code; every refusal is in `errors`, `keyword` holds its own code. */
  throwIfAny(detail = 'Some values cannot be accepted; see the fields.') {
    if (this.list.length === 0) return;
    throw new AppError(this.list[0]!.code, 422, detail, {
      errors: this.list.map(({ pointer, message, keyword }) => ({ pointer, message, keyword })),
    });
  }
}
