import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  contributesToSharedCache,
  forgetContributionSetting,
  setContributesToSharedCache,
} from './contribution-setting.ts';

/** localStorage's part these functions use (Node has none). */
class MemoryStorage {
  private readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

beforeEach(() => {
  vi.stubGlobal('localStorage', new MemoryStorage());
});

describe('the contribute choice is per user', () => {
  it('is on by default and one user switching it off does not switch it off for another', () => {
    expect(contributesToSharedCache('alice')).toBe(true);
    setContributesToSharedCache('alice', false);
    expect(contributesToSharedCache('alice')).toBe(false);
    expect(contributesToSharedCache('bob')).toBe(true);
    forgetContributionSetting('alice');
    expect(contributesToSharedCache('alice')).toBe(true);
  });

  it('an "off" from before choices were per user still holds until someone chooses', () => {
    localStorage.setItem('cifra:contribute', 'off');
    expect(contributesToSharedCache('alice')).toBe(false);
    setContributesToSharedCache('alice', true);
    expect(contributesToSharedCache('alice')).toBe(true);
    expect(contributesToSharedCache('bob')).toBe(false);
  });
});
