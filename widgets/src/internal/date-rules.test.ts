import type { ComplaintStageView, PermitView } from '@amage/contracts';
import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { now } from './clock.js';
import { earliestToday, localDateTimeToIso, permitInvalidity, stageOverdue } from './date-rules.js';
import { LocalizeController } from './localize.js';
import { TIMES_OF_DAY, deviceZone, fixClock, wallClock } from './test/clock.js';

// These run in the machine's time zone and, in `npm test`, again in UTC−12 and UTC+14 (the zone groups of
// web-test-runner.config.mjs); the names say which zone a run had.
const DAY = '2026-12-01';
const at = (time: string) => Date.parse(`${DAY}T${time}:00Z`);

const stage = (overrides: Partial<ComplaintStageView> = {}): ComplaintStageView => ({
  key: 'containment',
  dueAt: `${DAY}T12:00:00Z`,
  state: 'open',
  overdue: false,
  responses: [],
  ...overrides,
});

const permit = (overrides: Partial<PermitView> = {}): PermitView => ({
  ref: 'PTW-0091',
  type: 'hot-work',
  validFrom: `${DAY}T06:00:00Z`,
  validTo: `${DAY}T14:00:00Z`,
  hazards: [],
  precautions: [],
  state: 'active',
  acknowledged: [],
  onSite: [],
  log: [],
  ...overrides,
});

describe(`date rules (device time zone ${deviceZone()})`, () => {
  describe('earliestToday: the first date a supplier may give, still today somewhere (UTC−12)', () => {
    const expected = { '00:30': '2026-11-30', '11:59': '2026-11-30', '23:30': '2026-12-01' };
    for (const time of TIMES_OF_DAY) {
      it(`at ${time} UTC it is ${expected[time]}, whatever the device's zone`, () => {
        expect(earliestToday(at(time))).to.equal(expected[time]);
        // What it means: the calendar date in UTC−12 (Etc/GMT+12) at that instant.
        expect(earliestToday(at(time))).to.equal(wallClock(at(time), 'Etc/GMT+12').date);
      });
    }

    it('turns at 12:00 UTC, when midnight reaches UTC−12', () => {
      expect(earliestToday(at('11:59') + 59_999)).to.equal('2026-11-30');
      expect(earliestToday(at('12:00'))).to.equal('2026-12-01');
    });

    it('reads the widgets’ clock when no time is given', () => {
      const restore = fixClock(at('00:30'));
      try {
        expect(now()).to.equal(at('00:30'));
        expect(earliestToday()).to.equal('2026-11-30');
      } finally {
        restore();
      }
    });
  });

  describe('stageOverdue: a stage due at 12:00 UTC', () => {
    const expected = { '00:30': false, '11:59': false, '23:30': true };
    for (const time of TIMES_OF_DAY) {
      it(`at ${time} UTC, open or returned, is ${expected[time] ? '' : 'not '}overdue`, () => {
        expect(stageOverdue(stage(), true, at(time))).to.equal(expected[time]);
        expect(stageOverdue(stage({ state: 'returned' }), true, at(time))).to.equal(expected[time]);
      });

      it(`at ${time} UTC, submitted or accepted, or when the supplier cannot answer, is not overdue`, () => {
        expect(stageOverdue(stage({ state: 'submitted' }), true, at(time))).to.equal(false);
        expect(stageOverdue(stage({ state: 'accepted' }), true, at(time))).to.equal(false);
        expect(stageOverdue(stage(), false, at(time))).to.equal(false);
      });
    }

    it('is overdue whenever the server says so', () => {
      expect(stageOverdue(stage({ overdue: true }), false, at('00:30'))).to.equal(true);
    });
  });

  describe('permitInvalidity: a permit valid 06:00–14:00 UTC', () => {
    const expected = { '00:30': 'not-yet-valid', '11:59': undefined, '23:30': 'expired' };
    for (const time of TIMES_OF_DAY) {
      it(`at ${time} UTC is ${expected[time] ?? 'valid'}`, () => {
        expect(permitInvalidity(permit(), at(time))).to.equal(expected[time]);
      });

      it(`at ${time} UTC, suspended or cancelled, says so`, () => {
        expect(permitInvalidity(permit({ state: 'suspended' }), at(time))).to.equal('suspended');
        expect(permitInvalidity(permit({ state: 'cancelled' }), at(time))).to.equal('cancelled');
      });
    }

    it('is valid from its first to its last millisecond', () => {
      expect(permitInvalidity(permit(), at('06:00'))).to.equal(undefined);
      expect(permitInvalidity(permit(), at('14:00'))).to.equal(undefined);
      expect(permitInvalidity(permit(), at('14:00') + 1)).to.equal('expired');
    });
  });

  describe('localDateTimeToIso: what a person types in a datetime-local field', () => {
    for (const time of TIMES_OF_DAY) {
      it(`${DAY} ${time} typed is the instant the device's zone shows as ${DAY} ${time}`, () => {
        const iso = localDateTimeToIso(`${DAY}T${time}`)!;
        expect(iso).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$/);
        expect(wallClock(iso, deviceZone())).to.deep.equal({ date: DAY, time });
      });
    }

    it('in the zones farthest from UTC, is that many hours off UTC', () => {
      const known: Record<string, string> = {
        UTC: `${DAY}T00:30:00.000Z`,
        'Etc/GMT+12': `${DAY}T12:30:00.000Z`, // UTC−12
        'Pacific/Kiritimati': '2026-11-30T10:30:00.000Z', // UTC+14
      };
      const expected = known[deviceZone()];
      if (expected) expect(localDateTimeToIso(`${DAY}T00:30`)).to.equal(expected);
    });

    it('is undefined for an empty field', () => {
      expect(localDateTimeToIso('')).to.equal(undefined);
    });
  });

  describe('calendar dates shown (localize.day)', () => {
    class DateHost extends LitElement {
      readonly localize = new LocalizeController(this);
    }
    customElements.define('date-rules-host', DateHost);

    it('a date without a time is the same calendar day in every zone', async () => {
      const el = await fixture<DateHost>(html`<date-rules-host lang="en"></date-rules-host>`);
      expect(el.localize.day('2026-12-01')).to.equal('Dec 1, 2026');
      expect(el.localize.day('2026-11-30')).to.equal('Nov 30, 2026');
    });
  });
});
