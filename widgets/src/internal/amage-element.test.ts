import { expect } from '@open-wc/testing';
import '../components/work-progress/amage-work-progress.js';
import AmageWorkProgress from '../components/work-progress/work-progress.component.js';
import { AmageElement } from './amage-element.js';

describe('AmageElement.define', () => {
  it('when the same class is defined again, then does nothing and warns nothing', () => {
    const warn = console.warn;
    const warnings: unknown[] = [];
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      AmageWorkProgress.define('amage-work-progress');
    } finally {
      console.warn = warn;
    }
    expect(customElements.get('amage-work-progress')).to.equal(AmageWorkProgress);
    expect(warnings).to.deep.equal([]);
  });

  it('when another copy of the same version is defined (npm build and CDN both loaded), then does nothing and warns nothing', () => {
    class SameVersionCopy extends AmageElement {}
    const warn = console.warn;
    const warnings: unknown[] = [];
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      SameVersionCopy.define('amage-work-progress');
    } finally {
      console.warn = warn;
    }
    expect(customElements.get('amage-work-progress')).to.equal(AmageWorkProgress);
    expect(warnings).to.deep.equal([]);
  });

  it('when a copy of another version is already defined, then keeps it and warns', () => {
    class OtherCopy extends AmageElement {}
    const warn = console.warn;
    const warnings: string[] = [];
    console.warn = (message: string) => warnings.push(message);
    // The registered copy claims another version.
    const original = Object.getOwnPropertyDescriptor(AmageWorkProgress, 'version');
    Object.defineProperty(AmageWorkProgress, 'version', { value: '9.9.9', configurable: true });
    try {
      OtherCopy.define('amage-work-progress');
    } finally {
      console.warn = warn;
      if (original) Object.defineProperty(AmageWorkProgress, 'version', original);
      else delete (AmageWorkProgress as unknown as { version?: string }).version;
    }
    expect(customElements.get('amage-work-progress')).to.equal(AmageWorkProgress);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain('<amage-work-progress> is already defined (version 9.9.9)');
  });
});
